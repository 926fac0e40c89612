"""Time the bot's acknowledgements, one request at a time, and print the figures (no pass or fail).

    python benchmarks/ack_times.py [--repeat 20]

Slack gives up on an acknowledgement after 3 seconds. The tests check that each request is acknowledged, and in
what order things happen, but not how fast, which depends on the machine; this prints how fast, for the cases the
tests once timed: a slash command (answered in its ack), a 40,000-character question, a button whose reply Slack
refuses (Bolt used to hold that ack for 3 s), a button whose reply posts fine; and how long closing a Socket Mode
connection takes once the server hung up. It runs the real app in process, served by the production HTTP server
on 127.0.0.1, against the fake Slack of the tests. benchmarks/load_http.py times acknowledgements under load.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the fake Slack and the request builders live with the tests

from bot.engine.core import Engine  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.slack.app import create_app  # noqa: E402
from bot.slack.listener_pool import ListenerPool  # noqa: E402
from bot.slack.server import socket_mode_handler  # noqa: E402
from tests.fake_slack import WAIT_SECONDS, FakeSlack, FakeSocketMode, slack_error  # noqa: E402
from tests.slack_fixtures import served, settings_for  # noqa: E402
from tests.slack_payloads import (  # noqa: E402
    APP_TOKEN,
    HttpResult,
    block_action,
    post_action,
    post_command,
    slash_command,
)

LONG_QUESTION = 40_000  # characters: the longest message Slack delivers
LONG_PIECES = ("kyoto tokyo paris ", "padua ", "<!channel> 京都 ")


def _line(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return f"{name:<48} p50 {statistics.median(ms):7.1f} ms   max {ms[-1]:7.1f} ms   ({len(ms)} times)"


def _timed(repeat: int, send: Callable[[], HttpResult], after: Callable[[], None] = lambda: None) -> list[float]:
    seconds = []
    for _ in range(repeat):
        result = send()
        if result.status != 200:
            raise SystemExit(f"the bot answered HTTP {result.status}: {result.body[:200]!r}")
        seconds.append(result.seconds)
        after()
    return seconds


def http_figures(engine: Engine, repeat: int) -> None:
    """Print how soon the app served over HTTP acknowledges each kind of request."""
    with FakeSlack() as fake, ListenerPool() as pool, served(create_app(engine, settings_for(fake), pool=pool)) as url:

        def command(text: str) -> Callable[[], HttpResult]:
            return lambda: post_command(url, slash_command(text, fake.response_url()))

        def click(refused: bool) -> Callable[[], HttpResult]:
            def send() -> HttpResult:
                if refused:
                    fake.inject("response_url", slack_error("expired_url", status=404))
                payload = block_action("show_entry:kyoto", "kyoto", fake.response_url("card"), where="public")
                return post_action(url, payload)

            return send

        def settle() -> None:  # the click's reply (or its failure) is done before the next click
            pool.wait_idle(WAIT_SECONDS)
            fake.clear()

        print(_line("slash command, answer in the ack", _timed(repeat, command("padua"))))
        for piece in LONG_PIECES:
            text = (piece * LONG_QUESTION)[:LONG_QUESTION]
            print(_line(f"40,000-character question {piece.strip()!r}", _timed(repeat, command(text))))
        print(_line("button, reply posted", _timed(repeat, click(refused=False), settle)))
        print(_line("button, reply refused (404)", _timed(repeat, click(refused=True), settle)))


def socket_mode_figures(engine: Engine, repeat: int) -> None:
    """Print how long closing a Socket Mode handler takes once the server has hung up."""
    seconds = []
    with FakeSlack() as fake:
        for _ in range(repeat):
            with FakeSocketMode() as server:
                fake.socket_mode_url = server.url
                handler = socket_mode_handler(create_app(engine, settings_for(fake)), APP_TOKEN, ping_interval=1)
                handler.connect()  # type: ignore[no-untyped-call]
                server.wait_connections(1)
                handler.client.default_auto_reconnect_enabled = False
                handler.client.auto_reconnect_enabled = False
                server.drop_connections()
                started = time.perf_counter()
                handler.close()  # type: ignore[no-untyped-call]
                seconds.append(time.perf_counter() - started)
    print(_line("Socket Mode close, once the server hung up", seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests of each kind")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the refused replies are logged as errors, as they should be: not here
    engine = Engine.build(load_knowledge(REPO / "knowledge"))
    http_figures(engine, args.repeat)
    socket_mode_figures(engine, min(args.repeat, 5))


if __name__ == "__main__":
    main()
