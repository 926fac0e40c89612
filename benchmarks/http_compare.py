"""The bot's HTTP endpoint against a bare Bolt app on the same waitress server: signed `/sistercity padua`.

    python -m benchmarks.http_compare [--requests 2000] [--concurrency 1 50]

The bare app is the baseline the issue names: one Bolt slash-command listener that acknowledges with a fixed text,
served by the same `HttpServer` (waitress, same threads and limits) as `sistercity run --http`. Both run as their own
processes against the local fake Slack; the client sends signed requests from N concurrent connections and prints
p50/p99/max acknowledgement times and throughput for each, and their ratios. Run with `--serve-bare PORTFILE` it is
the bare app itself (the benchmark starts it so).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the fake Slack and the payload helpers live with the tests

from tests.bot_process import HTTP_READY, running  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_payloads import BOT_TOKEN, SIGNING_SECRET, signed_headers, slash_command  # noqa: E402

TARGET_RATIO = 1.5  # the target: p50 and p99 at most 1.5 times the bare app's at concurrency 50
SLACK_ACK_SECONDS = 3.0
BARE_REPLY = "Padua, Italy: Boston's sister city since 1983."


@dataclass(frozen=True)
class Figures:
    """Acknowledgement times of one run."""

    seconds: list[float]
    wall: float
    failed: int

    def percentile(self, share: float) -> float:
        """The time under which `share` of the requests were acknowledged, in ms."""
        ordered = sorted(self.seconds)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    @property
    def throughput(self) -> float:
        """Requests acknowledged per second."""
        return len(self.seconds) / self.wall if self.wall else 0.0


async def _post(host: str, port: int, path: str, body: bytes) -> int:
    headers = {
        "Host": f"{host}:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
        **signed_headers(body),
    }
    head = f"POST {path} HTTP/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(head.encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    return int(raw.split(b" ", 2)[1])


async def _load(url: str, requests: int, concurrency: int, response_url: str) -> Figures:
    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
    body = urlencode(slash_command("padua", response_url)).encode()
    left = [requests]
    seconds: list[float] = []
    failed = 0

    async def client() -> None:
        nonlocal failed
        while left[0] > 0:
            left[0] -= 1
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(_post(host, port, path, body), 30)
            except (OSError, TimeoutError, ValueError, IndexError):
                failed += 1
                continue
            if status != 200:
                failed += 1
                continue
            seconds.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return Figures(seconds, time.perf_counter() - started, failed)


def measure(url: str, requests: int, concurrency: int, response_url: str) -> Figures:
    """Warm the server with a few requests, then send `requests` from `concurrency` connections."""
    asyncio.run(_load(url, min(200, requests), concurrency, response_url))
    return asyncio.run(_load(url, requests, concurrency, response_url))


def serve_bare(port_file: Path) -> None:
    """The baseline: a Bolt app with one fixed-text /sistercity listener, on the bot's own waitress server."""
    import logging

    from slack_bolt import Ack, App
    from slack_sdk import WebClient

    from bot.slack.server import HttpServer

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is 14", as in the bot's logs

    client = WebClient(token=BOT_TOKEN, base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=SIGNING_SECRET, token_verification_enabled=False)

    @app.command("/sistercity")
    def answer(ack: Ack) -> None:
        ack(BARE_REPLY)

    server = HttpServer(app, host="127.0.0.1", port=0)
    port_file.write_text(server.urls[0])
    server.serve()


@contextmanager
def bare_app(api_url: str, workdir: Path) -> Iterator[str]:
    """Run the bare app in its own process; yield its events URL."""
    port_file = workdir / "bare-url"
    env = os.environ | {"SLACK_API_URL": api_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.http_compare", "--serve-bare", str(port_file)], cwd=REPO, env=env
    )
    try:
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text()):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the bare Bolt app did not start")
            time.sleep(0.05)
        yield port_file.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)


def run(requests: int, levels: list[int]) -> list[tuple[int, Figures, Figures]]:
    """(concurrency, the bot's figures, the bare app's) at each concurrency, both servers up side by side."""
    results = []
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as workdir:
        settings = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url}
        http = ["--http", "--host", "127.0.0.1", "--port", "0"]
        response_url = fake.response_url("padua")
        with (
            running(http, settings, HTTP_READY, Path(workdir)) as (found, _),
            bare_app(fake.api_url, Path(workdir)) as bare,
        ):
            for level in levels:
                results.append(
                    (
                        level,
                        measure(found[1], requests, level, response_url),
                        measure(bare, requests, level, response_url),
                    )
                )
    return results


def describe(level: int, ours: Figures, base: Figures) -> str:
    """One line of figures for people."""
    p50, p99 = ours.percentile(0.5) / base.percentile(0.5), ours.percentile(0.99) / base.percentile(0.99)
    slow = sum(s > SLACK_ACK_SECONDS for s in ours.seconds)
    return (
        f"http c={level:<3} bot p50/p99/max {ours.percentile(0.5):.1f}/{ours.percentile(0.99):.1f}/"
        f"{max(ours.seconds, default=0) * 1000:.0f} ms {ours.throughput:,.0f}/s | bare "
        f"{base.percentile(0.5):.1f}/{base.percentile(0.99):.1f} ms {base.throughput:,.0f}/s | ratio "
        f"p50 {p50:.2f} p99 {p99:.2f} (target <= {TARGET_RATIO}) | over 3 s: {slow}, "
        f"failed: {ours.failed + base.failed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--serve-bare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return
    for level, ours, base in run(args.requests, args.concurrency):
        print(describe(level, ours, base))


if __name__ == "__main__":
    main()
