"""A fake Slack for tests, on 127.0.0.1 and free ports only: the Web API over HTTP and a Socket Mode WebSocket.

`FakeSlack` answers the Web API methods the bot calls with Slack-shaped JSON, accepts posts to response_url
paths, and records every call. `FakeSocketMode` is the WebSocket that apps.connections.open points at: it says
hello to each connection, sends the envelopes a test queues, and records the bot's acknowledgements.
"""

from __future__ import annotations

import itertools
import json
import queue
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
APP_ID = "A0001"
WAIT_SECONDS = 5.0  # the longest any test waits for something to arrive


@dataclass(frozen=True)
class Call:
    """One request the bot made: a Web API method (or "response_url"), its parameters and its token."""

    method: str
    params: dict[str, Any]
    token: str | None
    path: str


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


class FakeSlack:
    """The Slack Web API on 127.0.0.1 (a free port), recording every call; use as a context manager."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self.socket_mode_url = "ws://127.0.0.1:9/unset"  # what apps.connections.open returns
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
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
        """Every call so far (to one method, if given), oldest first."""
        with self._changed:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = WAIT_SECONDS) -> list[Call]:
        """The first `count` calls to `method`, waiting for them; fails the test if they do not come in time."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := [c for c in self._calls if c.method == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self._calls]
                    raise AssertionError(f"expected {count} {method} call(s) within {timeout}s; got {seen}")
                self._changed.wait(left)
            return found[:count]

    def clear(self) -> None:
        """Forget the calls recorded so far."""
        with self._changed:
            self._calls.clear()

    # ---- the server

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        bot_methods = {"auth.test", "chat.postMessage", "chat.postEphemeral", "chat.update", "views.publish"}
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
                params = _parse_body(self.headers.get("Content-Type", ""), raw)
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ") if auth else params.get("token")
                if self.path.startswith("/response/"):
                    fake._record(Call("response_url", params, token, self.path))
                    self._send(200, b"ok", "text/plain")
                    return
                method = self.path.removeprefix("/api/").split("?")[0]
                fake._record(Call(method, params, token, self.path))
                body = json.dumps(fake._answer(method, params, token)).encode()
                self._send(200, body, "application/json; charset=utf-8")

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
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

    def drop_connections(self, keep_newest: bool = False) -> None:
        """Close connections from the server's side (as Slack does), all or all but the newest, and wait."""
        with self._changed:
            connections = self._connections[:-1] if keep_newest else list(self._connections)
        for connection in connections:
            connection.closing.set()
        for connection in connections:
            if not connection.closed.wait(WAIT_SECONDS):
                raise AssertionError("a Socket Mode connection did not close")
