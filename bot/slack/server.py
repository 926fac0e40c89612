"""`sistercity run`: the bot in Socket Mode, or Slack's HTTP requests served by waitress (a production server)."""

from __future__ import annotations

import gc
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from waitress import wasyncore
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from bot.engine.core import Engine
from bot.knowledge.loader import KnowledgeError, default_knowledge_dir, load_knowledge
from bot.records.recorder import Recorder
from bot.records.settings import RecordSettings
from bot.records.setup import start_recorder
from bot.slack.app import create_app
from bot.slack.delivery import web_client
from bot.slack.log_config import configure_logging
from bot.slack.settings import TRY_WITHOUT_SLACK, Mode, Settings, SettingsError, load_settings
from bot.slack.shared_state import Shared

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 3000
# Waitress, tuned for bursts (measured by tests/test_load.py and benchmarks/load_http.py: 200 clients at once).
# Each request holds a thread until Bolt acknowledges it: at once for an event, once the answer is computed for
# a slash command or a button. The work is Python under one GIL, so more threads add no throughput (4 to 32
# threads all served about 200 requests a second here); 16 let a few slow requests pass without holding up the
# rest, and match the acknowledging listener threads (bot/slack/listener_pool.py), so none waits for a listener.
HTTP_THREADS = 16
# Connections accepted at once; more wait in the kernel's listen queue. Waitress's default of 100 is below a
# burst of 200; Python's wsgiref/socketserver queue only 5 and reset the rest (about 9% of such a burst).
CONNECTION_LIMIT = 1000
BACKLOG = 2048  # the kernel caps it at net.core.somaxconn (4096 on current Linux)
MAX_BODY_BYTES = 1_000_000  # Slack's requests are a few KB; waitress would otherwise buffer up to 1 GB (413)
POLL_SECONDS = 0.2  # how often the HTTP loop looks for a stop request
PING_SECONDS = 10  # Socket Mode: how often the connection is checked (and re-opened if it dropped)
# The start-up check's first wait before retrying a refused connection or a 5xx (then twice that): a blip passes,
# and a wrong SLACK_API_URL or no network is reported in well under a second, not after the replies' 1.5 s or more.
CHECK_BACKOFF_SECONDS = 0.1
EXIT_SETTINGS = 2
EXIT_SLACK = 3


def _plain(start_response: StartResponse, status: str, body: bytes, content_type: str) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def wsgi_app(app: App) -> WSGIApplication:
    """Slack's requests on POST /slack/events (Bolt verifies each signature) and GET /healthz for probes."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return _plain(start_response, "200 OK", b'{"ok":true}', "application/json")
        try:
            return slack(environ, start_response)
        except Exception as err:
            # Bolt parses the body before it checks the signature, and raises on one that is not UTF-8, or not the
            # JSON or form it declares. Listener and middleware failures never get here (Bolt hands them to the
            # app's error handler), so this is a malformed request, most likely not from Slack: a 400 and one
            # line in the log, not a 500 and a traceback for anyone who can reach the port.
            logger.warning("Refused a malformed request to %s: %s: %.200r", EVENTS_PATH, type(err).__name__, str(err))
            return _plain(start_response, "400 Bad Request", b"Bad Request", "text/plain")

    return application


class HttpServer:
    """A waitress server for the app: bound on creation (port 0 picks a free port), served until stop()."""

    def __init__(self, app: App, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, threads: int = HTTP_THREADS):
        self._map: dict[int, socket.socket] = {}  # waitress's socket map (typed so in its stubs)
        self._server: BaseWSGIServer | MultiSocketServer = create_server(
            wsgi_app(app),
            map=self._map,
            host=host,
            port=port,
            threads=threads,
            connection_limit=CONNECTION_LIMIT,
            backlog=BACKLOG,
            max_request_body_size=MAX_BODY_BYTES,
            ident="sistercity",
        )
        self._stop = threading.Event()

    @property
    def addresses(self) -> list[tuple[str, int]]:
        """Every (host, port) the server listens on."""
        if isinstance(self._server, MultiSocketServer):
            return [(str(h), int(p)) for h, p in self._server.effective_listen or []]
        assert self._server.socket is not None  # bound in create_server
        host, port = self._server.socket.getsockname()[:2]
        return [(str(host), int(port))]

    @property
    def urls(self) -> list[str]:
        """The events URL on each address, for the log and for tests."""
        return [f"http://{f'[{h}]' if ':' in h else h}:{p}{EVENTS_PATH}" for h, p in self.addresses]

    def serve(self) -> None:
        """Serve requests until stop() is called (from another thread or a signal handler), then close."""
        urls = ", ".join(self.urls)  # the sockets' addresses cannot be read once they are closed
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=POLL_SECONDS, map=self._map, use_poll=True, count=1)
        finally:
            self._server.task_dispatcher.shutdown(timeout=5)
            wasyncore.close_all(self._map)
            logger.info("Stopped: no longer listening for Slack on %s.", urls)

    def stop(self) -> None:
        """Ask serve() to finish the requests in hand and return."""
        self._stop.set()


def socket_mode_handler(app: App, app_token: str, ping_interval: float = PING_SECONDS) -> SocketModeHandler:
    """A Socket Mode handler (slack_sdk's built-in WebSocket client) that fetches its URL from SLACK_API_URL."""
    return SocketModeHandler(app, app_token=app_token, ping_interval=ping_interval)


def _stop_on_signals(stop: Callable[[], None]) -> None:
    def handle(signum: int, frame: FrameType | None) -> None:
        stop()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def serve_http(app: App, host: str, port: int) -> None:
    """Serve Slack's HTTP requests until SIGTERM or SIGINT."""
    server = HttpServer(app, host, port)
    _stop_on_signals(server.stop)
    for url in server.urls:
        print(f"Listening for Slack on {url} (health check: {url.removesuffix(EVENTS_PATH)}{HEALTH_PATH})", flush=True)
    server.serve()


def serve_socket_mode(app: App, app_token: str) -> None:
    """Hold a Socket Mode connection to Slack until SIGTERM or SIGINT."""
    stop = threading.Event()
    _stop_on_signals(stop.set)
    handler = socket_mode_handler(app, app_token)
    try:
        handler.connect()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
        if handler.client.is_connected():
            print("Connected to Slack in Socket Mode.", flush=True)
        else:  # the client logged why; it retries on its own
            logger.warning("Could not open the Socket Mode connection yet; retrying every %d s.", PING_SECONDS)
        while not stop.wait(1.0):
            pass
    finally:
        handler.close()  # type: ignore[no-untyped-call]
        logger.info("Stopped: the Socket Mode connection to Slack is closed.")


def check_slack(settings: Settings, mode: Mode) -> None:
    """Ask Slack whether it takes the tokens this mode needs, before the engine's build (seconds) and Bolt's own
    auth.test: raise SlackApiError if it refuses one, URLError if it cannot be reached."""
    assert settings.slack_bot_token is not None  # settings.require(mode) checked it
    client = web_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url, CHECK_BACKOFF_SECONDS)
    client.auth_test()
    if mode is Mode.SOCKET:
        assert settings.slack_app_token is not None
        # The URL it hands out is not kept: the Socket Mode client asks for a fresh one when it connects, after
        # the build, and its ticket may not outlive a slow start.
        client.apps_connections_open(app_token=settings.slack_app_token.get_secret_value())


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def run_bot(knowledge: Path | None, http: bool, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Load settings and knowledge, build the app and serve it until stopped; return the exit status."""
    mode = Mode.HTTP if http else Mode.SOCKET
    try:
        settings = load_settings()
        settings.require(mode)
    except SettingsError as err:
        return _fail(str(err), EXIT_SETTINGS)
    configure_logging(settings.log_level, settings.secret_values())
    try:
        kb = load_knowledge(knowledge or settings.knowledge_dir)
    except KnowledgeError as err:
        return _fail(f"{err}\nFix the files above, then run `sistercity check` to confirm.", EXIT_SETTINGS)
    try:
        check_slack(settings, mode)  # a refused token or an unreachable Slack is reported before the slow build
        engine = Engine.build(kb)
        engine.reader.places.gazetteer.ensure_loaded()  # now, not on the first question that names a real place
        gc.collect()
        gc.freeze()  # the knowledge and its indexes live as long as the process: no full collection rescans them
        recorder = start_recorder(knowledge or settings.knowledge_dir or default_knowledge_dir(), logger.warning)
        shared = _shared_state(recorder)
        app = create_app(engine, settings, recorder=recorder, shared=shared)
        try:
            if mode is Mode.HTTP:
                serve_http(app, host, port)
            else:
                assert settings.slack_app_token is not None  # settings.require(Mode.SOCKET) checked it
                serve_socket_mode(app, settings.slack_app_token.get_secret_value())
        finally:
            if recorder is not None:
                recorder.close()
    except (BoltError, SlackApiError) as err:
        return _fail(_slack_refused(err, settings), EXIT_SLACK)
    except URLError as err:
        return _fail(
            f"Could not reach Slack at {settings.slack_api_url}: {err.reason}. Check the network and SLACK_API_URL, "
            f"then try again. {TRY_WITHOUT_SLACK}",
            EXIT_SLACK,
        )
    except OSError as err:
        return _fail(
            f"Could not listen on {host}:{port}: {err.strerror or err}. Choose another --port or --host.", EXIT_SLACK
        )
    return 0


def _shared_state(recorder: Recorder | None) -> Shared | None:
    """With a DATABASE_URL of a database server, every process on it answers a retried event once and counts one
    rate limit. A SQLite file stays one process's: every request would wait on its single writer's lock (a burst
    of 200 clients took acknowledgements past Slack's 3 s), so each process decides on its own."""
    if recorder is None or not RecordSettings().database_url or recorder.engine.dialect.name == "sqlite":
        return None
    return Shared(recorder.engine, recorder.hash_key)


def _slack_refused(err: BoltError | SlackApiError, settings: Settings) -> str:
    if isinstance(err, SlackApiError) and str(err.response.api_url).endswith("/apps.connections.open"):
        what = f"SLACK_APP_TOKEN (apps.connections.open: {err.response.get('error', 'refused')})"
        hint = "Check the app-level token under Basic Information > App-Level Tokens (scope connections:write)."
    else:  # auth.test, from the start-up check or from Bolt
        code = err.response.get("error", "refused") if isinstance(err, SlackApiError) else "failed"
        what = f"SLACK_BOT_TOKEN (auth.test: {code})"
        hint = "Check the Bot User OAuth Token under OAuth & Permissions, and that the app is installed."
    return f"Slack at {settings.slack_api_url} refused {what}. {hint} {TRY_WITHOUT_SLACK}"
