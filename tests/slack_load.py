"""A burst of signed Slack requests against the bot's HTTP endpoint, and the figures it leaves.

Shared by tests/test_load.py and benchmarks/load_http.py. Many clients at once (asyncio, one connection per
request, as Slack sends them) post slash commands, mentions and DMs, and Slack's redeliveries of some events
(the same event_id, with X-Slack-Retry-Num). Every request must be acknowledged with a 200 well inside Slack's
3 seconds; every slash command's answer comes in its acknowledgement, and every event's answer must reach the
fake Web API exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from tests.fake_slack import FakeSlack, rate_limited
from tests.slack_payloads import direct_message, event_callback, mention, signed_headers, slash_command

SLACK_ACK_SECONDS = 3.0  # Slack gives up on an acknowledgement after this long
REQUEST_TIMEOUT = 30.0  # a request still unanswered after this long counts as lost
REPLY_WAIT_SECONDS = 60.0  # how long to wait for the last replies after the last acknowledgement
QUIET_SECONDS = 1.0  # how long to keep watching for duplicate replies once all have come
QUESTIONS = (
    "padua",
    "tell me about kyoto",
    "when did we twin with strasbourg?",
    "what are Boston's sister cities?",
    "how is the program funded?",
    "how can I get involved?",
    "which sister cities are in asia?",
    "which sister city is closest to boston?",
    "barcelona",
    "melbourne",
    "kioto",
    "is tokyo a sister city?",
    "list",
    "help",
    "京都",
    "how many sister cities are there?",
)


@dataclass(frozen=True)
class LoadPlan:
    """What to send: `requests` in all from `clients` at once, a share of them slash commands, and a share of the
    events redelivered once or twice as Slack does when it thinks the bot missed them."""

    requests: int = 5_000
    clients: int = 200
    command_share: float = 0.4
    dm_share: float = 0.1
    retry_share: float = 0.1  # of all requests: redeliveries of events already sent
    rate_limited: int = 50  # replies the fake Web API first refuses with a 429...
    retry_after: int = 1  # ...and this Retry-After
    seed: int = 4


@dataclass(frozen=True)
class _Request:
    kind: str  # "command", "mention", "dm" or "retry"
    body: bytes
    content_type: str
    headers: dict[str, str]
    reply_key: tuple[str, str | None] | None  # where the event's answer must be posted: (channel, thread_ts)


@dataclass
class LoadReport:
    """The figures of one run."""

    plan: LoadPlan
    seconds: float = 0.0
    ack_seconds: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)  # HTTP status per request (0: no answer)
    kinds: Counter[str] = field(default_factory=Counter)
    replies_expected: int = 0
    replies_delivered: int = 0  # distinct replies that reached Slack (or came in an acknowledgement)
    lost: int = 0
    duplicates: int = 0

    @property
    def requests(self) -> int:
        """Requests sent."""
        return sum(self.statuses.values())

    @property
    def slow(self) -> int:
        """Requests acknowledged too late for Slack, or not at all."""
        return sum(1 for s in self.ack_seconds if s > SLACK_ACK_SECONDS) + self.requests - len(self.ack_seconds)

    def percentile(self, share: float) -> float:
        """The acknowledgement time under which `share` of the requests were acknowledged."""
        if not self.ack_seconds:
            return float("nan")
        ordered = sorted(self.ack_seconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def lines(self) -> list[str]:
        """The figures, for people."""
        kinds = ", ".join(f"{self.kinds[k]:,} {k}" for k in ("command", "mention", "dm", "retry"))
        statuses = ", ".join(f"{count:,} x HTTP {status or 'none'}" for status, count in sorted(self.statuses.items()))
        return [
            f"load: {self.requests:,} signed requests from {self.plan.clients} concurrent clients in "
            f"{self.seconds:.1f} s ({self.requests / max(self.seconds, 1e-9):,.0f}/s): {kinds}",
            f"load: acknowledged {statuses}; ack time p50 {self.percentile(0.5) * 1000:,.0f} ms, "
            f"p99 {self.percentile(0.99) * 1000:,.0f} ms, max {max(self.ack_seconds, default=0) * 1000:,.0f} ms; "
            f"{self.slow} over {SLACK_ACK_SECONDS:.0f} s",
            f"load: replies {self.replies_delivered:,} of {self.replies_expected:,} expected ({self.plan.rate_limited} "
            f"first refused with a 429, Retry-After {self.plan.retry_after} s): lost {self.lost}, "
            f"duplicates {self.duplicates}",
        ]


def _plan_requests(plan: LoadPlan, fake: FakeSlack) -> list[_Request]:
    rng = random.Random(plan.seed)
    users = max(1, plan.requests // 4)  # a few questions each: well under the default rate limit
    retries = int(plan.requests * plan.retry_share)
    firsts: list[_Request] = []
    events: list[tuple[bytes, tuple[str, str | None]]] = []
    for i in range(plan.requests - retries):
        user = f"U{plan.seed:03d}{i % users:06d}"  # new people for each plan
        question = rng.choice(QUESTIONS)
        roll = rng.random()
        if roll < plan.command_share:
            fields = {**slash_command(question, fake.response_url(f"load{i}")), "user_id": user}
            body = urlencode(fields).encode()
            firsts.append(_Request("command", body, "application/x-www-form-urlencoded", {}, None))
            continue
        if roll < plan.command_share + plan.dm_share:
            channel = f"D{i:08d}"
            event = {**direct_message(question), "user": user, "channel": channel}
            key: tuple[str, str | None] = (channel, None)
            kind = "dm"
        else:
            event = {**mention(question), "user": user}
            key = (event["channel"], event["ts"])
            kind = "mention"
        body = json.dumps(event_callback(event)).encode()
        events.append((body, key))
        firsts.append(_Request(kind, body, "application/json", {}, key))
    redelivered = [events[i] for i in sorted(rng.sample(range(len(events)), min(retries, len(events))))]
    requests = list(firsts)
    for n, (body, _) in enumerate(redelivered):
        headers = {"X-Slack-Retry-Num": str(1 + n % 2), "X-Slack-Retry-Reason": "http_timeout"}
        # Slack redelivers after it gave up on the first delivery: later in the run, mixed with new requests.
        at = rng.randrange(len(requests) // 2, len(requests) + 1)
        requests.insert(at, _Request("retry", body, "application/json", headers, None))
    return requests


async def _post(host: str, port: int, path: str, request: _Request) -> tuple[int, bytes]:
    headers = {
        "Host": f"{host}:{port}",
        "Content-Type": request.content_type,
        "Content-Length": str(len(request.body)),
        **signed_headers(request.body),
        **request.headers,
    }
    head = f"POST {path} HTTP/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(head.encode() + request.body)
        await writer.drain()
        raw = await reader.read()  # HTTP/1.0: the server closes the connection after the response
    finally:
        writer.close()
    status_line, _, rest = raw.partition(b"\r\n")
    _, _, body = rest.partition(b"\r\n\r\n")
    return int(status_line.split()[1]), body


def _is_private_answer(body: bytes) -> bool:
    try:
        reply = json.loads(body)
    except ValueError:
        return False
    return (
        isinstance(reply, dict)
        and reply.get("response_type") == "ephemeral"
        and bool(str(reply.get("text", "")).strip())
        and bool(reply.get("blocks"))
    )


async def _send_all(url: str, requests: list[_Request], clients: int, report: LoadReport) -> int:
    """Send every request from `clients` concurrent clients; return how many commands were answered in the ack."""
    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
    queue: asyncio.Queue[_Request] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    answered = 0

    async def client() -> None:
        nonlocal answered
        while not queue.empty():
            request = queue.get_nowait()
            report.kinds[request.kind] += 1
            started = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(_post(host, port, path, request), REQUEST_TIMEOUT)
            except (OSError, TimeoutError, ValueError, IndexError):
                report.statuses[0] += 1  # reset, refused, timed out or garbled: not acknowledged
                continue
            report.ack_seconds.append(time.perf_counter() - started)
            report.statuses[status] += 1
            if request.kind == "command" and status == 200 and _is_private_answer(body):
                answered += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return answered


def run_load(url: str, fake: FakeSlack, plan: LoadPlan | None = None) -> LoadReport:
    """Send the plan's burst to the bot's events URL, wait for its replies on the fake, and count them."""
    plan = plan or LoadPlan()
    requests = _plan_requests(plan, fake)
    fake.clear()
    fake.inject("chat.postMessage", *[rate_limited(plan.retry_after)] * plan.rate_limited)
    report = LoadReport(plan)
    started = time.perf_counter()
    commands_answered = asyncio.run(_send_all(url, requests, plan.clients, report))
    report.seconds = time.perf_counter() - started

    expected_keys = Counter(r.reply_key for r in requests if r.reply_key is not None)
    commands = sum(1 for r in requests if r.kind == "command")
    with contextlib.suppress(AssertionError):  # replies that do not come are counted below, as lost
        fake.wait_for("chat.postMessage", len(expected_keys), timeout=REPLY_WAIT_SECONDS)
    time.sleep(QUIET_SECONDS)
    posted = Counter(_reply_key(c.params) for c in fake.calls("chat.postMessage"))
    delivered_events = sum(1 for key in expected_keys if posted[key] >= 1)
    report.replies_expected = len(expected_keys) + commands
    report.replies_delivered = delivered_events + commands_answered
    report.lost = report.replies_expected - report.replies_delivered
    report.duplicates = sum(n - 1 for n in posted.values() if n > 1) + sum(
        n for key, n in posted.items() if key not in expected_keys
    )
    report.duplicates += len(fake.calls("response_url"))  # slash commands are answered in the ack, never here
    return report


def _reply_key(params: dict[str, Any]) -> tuple[str, str | None]:
    thread = params.get("thread_ts")
    return str(params.get("channel")), str(thread) if thread else None
