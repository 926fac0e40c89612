"""A fake Slack for tests, on 127.0.0.1 and free ports only: the Web API over HTTP and a Socket Mode WebSocket.

`FakeSlack` answers the Web API methods the bot calls with Slack-shaped JSON, accepts posts to response_url
paths, and records every call. A test can make it fail the next calls to a method (`inject`): a 429 with
Retry-After, a 5xx, a Slack error code such as not_in_channel, or a connection dropped without an answer.
`FakeSocketMode` is the WebSocket that apps.connections.open points at: it says hello to each connection, sends
the envelopes a test queues, records the bot's acknowledgements, and can drop connections, cleanly or not.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import socket
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from tests.reliability_figures import FAULTS, FIGURES

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
APP_ID = "A0001"
WAIT_SECONDS = 5.0  # the longest any test waits for something to arrive


@dataclass(frozen=True)
class Fault:
    """How the fake fails one call: an HTTP status (with Retry-After), a Slack error code, or a dropped connection."""

    status: int = 200
    error: str | None = None  # Web API: {"ok": false, "error": ...}; response_url: the body of a 4xx
    retry_after: int | None = None
    drop: bool = False  # close the connection without answering


def rate_limited(retry_after: int = 1) -> Fault:
    """HTTP 429 with a Retry-After header, as Slack rate-limits a method."""
    return Fault(status=429, error="ratelimited", retry_after=retry_after)


def server_error(status: int = 500) -> Fault:
    """A 5xx with a plain-text body, as Slack's edge answers when its backend fails."""
    return Fault(status=status)


def slack_error(code: str, status: int = 200) -> Fault:
    """An error code: `{"ok": false, "error": code}` from the Web API (HTTP 200), or a 4xx body from response_url."""
    return Fault(status=status, error=code)


DROPPED = Fault(drop=True)


@dataclass(frozen=True)
class Call:
    """One request the bot made: a Web API method (or "response_url"), its parameters, its token, and the fault
    the fake answered it with (None when it was answered normally)."""

    method: str
    params: dict[str, Any]
    token: str | None
    path: str
    fault: Fault | None = None
    at: float = field(default_factory=time.monotonic)


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        parsed = json.loads(raw)
        return parsed if isinstance(parsed, dict) else {"_body": parsed}
    params: dict[str, Any] = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    for key in ("blocks", "view"):  # form-encoded calls carry these as JSON strings
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the default listen backlog of 5 resets connections under load


class FakeSlack:
    """The Slack Web API on 127.0.0.1 (a free port), recording every call; use as a context manager."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._answered: Counter[str] = Counter()  # calls answered normally, by method
        self._faults: dict[str, deque[Fault]] = {}
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self.socket_mode_url = "ws://127.0.0.1:9/unset"  # what apps.connections.open returns
        self.bot_users: set[str] = set()  # user ids that users.info describes as bots (tests add to it)
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=WAIT_SECONDS)

    @property
    def url(self) -> str:
        """The server's root URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def api_url(self) -> str:
        """The Web API base URL, for SLACK_API_URL."""
        return self.url + "api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url that posts back to this fake, recorded as method "response_url"."""
        return f"{self.url}response/{name}"

    # ---- what the bot did

    def calls(self, method: str | None = None) -> list[Call]:
        """Every call answered normally so far (to one method, if given), oldest first."""
        with self._changed:
            return [c for c in self._calls if c.fault is None and (method is None or c.method == method)]

    def attempts(self, method: str | None = None) -> list[Call]:
        """Every call so far, faulted ones included (to one method, if given), oldest first."""
        with self._changed:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = WAIT_SECONDS) -> list[Call]:
        """The first `count` calls to `method` answered normally, waiting for them; fails the test if they do not
        come in time."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._answered[method] >= count, timeout):
                seen = [c.method for c in self._calls if c.fault is None]
                raise AssertionError(f"expected {count} {method} call(s) within {timeout}s; got {seen}")
        return self.calls(method)[:count]

    def wait_for_attempts(self, method: str, count: int, timeout: float = WAIT_SECONDS) -> list[Call]:
        """The first `count` calls to `method`, faulted or not, waiting for them."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.attempts(method)) >= count, timeout):
                raise AssertionError(f"expected {count} {method} attempt(s) within {timeout}s")
        return self.attempts(method)[:count]

    def inject(self, method: str, *faults: Fault) -> None:
        """Answer the next calls to `method` (a Web API method, or "response_url") with these faults, in order."""
        with self._changed:
            self._faults.setdefault(method, deque()).extend(faults)

    def pending_faults(self, method: str | None = None) -> int:
        """How many injected faults have not been served yet."""
        with self._changed:
            return sum(len(q) for m, q in self._faults.items() if method is None or m == method)

    def clear(self) -> None:
        """Forget the calls recorded so far and any faults not served yet."""
        with self._changed:
            self._calls.clear()
            self._answered.clear()
            self._faults.clear()

    # ---- the server

    def _next_fault(self, method: str) -> Fault | None:
        with self._changed:
            faults = self._faults.get(method)
            fault = faults.popleft() if faults else None
        if fault is not None:
            FIGURES.count(FAULTS)
        return fault

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            if call.fault is None:
                self._answered[call.method] += 1
            self._changed.notify_all()

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        bot_methods = {
            "auth.test",
            "chat.postMessage",
            "chat.postEphemeral",
            "chat.update",
            "views.publish",
            "users.info",
        }
        if "revoked" in (token or ""):  # a way for tests to have a token refused
            return {"ok": False, "error": "token_revoked"}
        if method == "apps.connections.open":
            if not (token or "").startswith("xapp-"):
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.socket_mode_url}
        if method not in bot_methods:
            return {"ok": False, "error": "unknown_method"}
        if not (token or "").startswith("xoxb-"):
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake-workspace.slack.com/",
                "team": "Fake Workspace",
                "user": "sister_cities",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "users.info":
            return users_info(str(params.get("user", "")), is_bot=params.get("user") in self.bot_users)
        ts = f"{1700000000 + next(self._ts)}.000100"
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0001", **(params.get("view") or {})}}
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts, **params}
        return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._serve(_parse_body(self.headers.get("Content-Type", ""), raw))

            def do_GET(self) -> None:  # slack_sdk calls users.info with GET, its parameters in the query string
                self._serve(dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True)))

            def _serve(self, params: dict[str, Any]) -> None:
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ") if auth else params.get("token")
                is_response_url = self.path.startswith("/response/")
                method = "response_url" if is_response_url else self.path.removeprefix("/api/").split("?")[0]
                fault = fake._next_fault(method)
                fake._record(Call(method, params, token, self.path, fault))
                if fault is not None:
                    self._fail(fault, is_response_url)
                elif is_response_url:
                    self._send(200, b"ok", "text/plain")
                else:
                    body = json.dumps(fake._answer(method, params, token)).encode()
                    self._send(200, body, "application/json; charset=utf-8")

            def _fail(self, fault: Fault, is_response_url: bool) -> None:
                if fault.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                if fault.status >= 500:
                    self._send(fault.status, b"upstream connect error", "text/plain", headers)
                elif is_response_url:
                    self._send(fault.status, (fault.error or "error").encode(), "text/plain", headers)
                else:
                    body = json.dumps({"ok": False, "error": fault.error or "fatal_error"}).encode()
                    self._send(fault.status, body, "application/json; charset=utf-8", headers)

            def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # keep the test output quiet
                pass

        return Handler


@dataclass
class _Connection:
    ws: ServerConnection
    outbox: queue.Queue[str] = field(default_factory=queue.Queue)
    closing: threading.Event = field(default_factory=threading.Event)
    closed: threading.Event = field(default_factory=threading.Event)


class FakeSocketMode:
    """Slack's Socket Mode WebSocket on 127.0.0.1 (a free port); use as a context manager."""

    def __init__(self) -> None:
        self._connections: list[_Connection] = []
        self._acks: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._server: Server = serve(self._serve, "127.0.0.1", 0, ping_interval=None, close_timeout=1)
        self._thread = threading.Thread(target=self._server.serve_forever)

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.drop_connections()
        self._server.shutdown()
        self._thread.join(timeout=WAIT_SECONDS)

    @property
    def url(self) -> str:
        """The ws:// URL that apps.connections.open hands out."""
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=fake-ticket&app_id={APP_ID}"

    def _serve(self, ws: ServerConnection) -> None:
        connection = _Connection(ws)
        with self._changed:
            self._connections.append(connection)
            self._changed.notify_all()
        ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": APP_ID}}))
        try:
            while not connection.closing.is_set():
                try:
                    while True:
                        ws.send(connection.outbox.get_nowait())
                except queue.Empty:
                    pass
                try:
                    message = ws.recv(timeout=0.01)
                except TimeoutError:
                    continue
                data = json.loads(message)
                with self._changed:
                    self._acks.append(data)
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            ws.close()
            connection.closed.set()

    def wait_connections(self, count: int = 1, timeout: float = WAIT_SECONDS) -> None:
        """Wait until the bot has opened `count` connections in all."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._connections) >= count, timeout):
                raise AssertionError(f"the bot opened {len(self._connections)} connection(s), expected {count}")

    def connection_count(self) -> int:
        """How many connections the bot has opened in all."""
        with self._changed:
            return len(self._connections)

    def send(self, envelope: dict[str, Any]) -> None:
        """Send an envelope (or any message) on the newest connection."""
        with self._changed:
            connection = self._connections[-1]
        connection.outbox.put(json.dumps(envelope))

    def wait_for_ack(self, envelope_id: str, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
        """The bot's acknowledgement of one envelope, waiting for it; fails the test if it does not come."""
        with self._changed:
            found = self._changed.wait_for(
                lambda: next((a for a in self._acks if a.get("envelope_id") == envelope_id), None), timeout
            )
        if found is None:
            raise AssertionError(f"no ack for envelope {envelope_id} within {timeout}s")
        return found

    def acks(self) -> list[dict[str, Any]]:
        """Every acknowledgement so far."""
        with self._changed:
            return list(self._acks)

    def drop_connections(self, keep_newest: bool = False, abrupt: bool = False) -> None:
        """Close connections from the server's side, all or all but the newest, and wait: with a close frame, as
        Slack does when it refreshes a connection, or `abrupt`ly, as when the network fails mid-session."""
        with self._changed:
            connections = list(self._connections[:-1] if keep_newest else self._connections)
            live = [c for c in connections if not c.closed.is_set()]
        for connection in connections:
            if abrupt and not connection.closed.is_set():
                with contextlib.suppress(OSError):  # already gone
                    connection.ws.socket.shutdown(socket.SHUT_RDWR)  # no close frame: the peer just vanishes
            connection.closing.set()
        for connection in connections:
            if not connection.closed.wait(WAIT_SECONDS):
                raise AssertionError("a Socket Mode connection did not close")
        if abrupt:
            FIGURES.count(FAULTS, len(live))


def users_info(user_id: str, is_bot: bool = False) -> dict[str, Any]:
    """users.info's answer for one user, in Slack's documented shape: a person, or an app's bot user (whose profile
    names its bot and app). Slackbot (USLACKBOT) is not flagged as a bot there, and is not here either."""
    profile: dict[str, Any] = {
        "avatar_hash": "ge3b51ca72de",
        "real_name": "New Colleague",
        "display_name": "newcolleague",
        "real_name_normalized": "New Colleague",
        "display_name_normalized": "newcolleague",
        "team": TEAM_ID,
    }
    if is_bot:
        profile.update({"bot_id": "B0OTHERBOT", "api_app_id": "A0OTHERAPP", "always_active": True})
    user = {
        "id": user_id,
        "team_id": TEAM_ID,
        "name": "other-app" if is_bot else "newcolleague",
        "deleted": False,
        "color": "9f69e7",
        "real_name": profile["real_name"],
        "tz": "America/New_York",
        "tz_label": "Eastern Standard Time",
        "tz_offset": -18000,
        "profile": profile,
        "is_admin": False,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": is_bot,
        "updated": 1712000000,
        "is_app_user": False,
        "has_2fa": False,
    }
    return {"ok": True, "user": user}
