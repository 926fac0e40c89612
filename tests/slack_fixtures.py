"""Building blocks for the Slack tests: settings against the fake, the real app served over HTTP, waiting until
its listeners are done, an engine that fails on demand."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import App

from bot.engine.answers import Answer
from bot.engine.core import Engine
from bot.slack.listener_pool import ListenerPool
from bot.slack.server import HttpServer
from bot.slack.settings import Settings
from tests.fake_slack import WAIT_SECONDS, FakeSlack
from tests.slack_payloads import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET

ONBOARDING_CHANNEL = "C0WELCOME"
EXPLODE = "explode"  # a question (or entry id) on which FailingEngine raises
SECRET_DETAIL = "internal detail that users must never see"
TEST_RATE_LIMIT = 10_000  # the tests ask as one user many times a minute; tests of the limit set their own


def settings_for(fake: FakeSlack, **overrides: Any) -> Settings:
    """Settings with dummy tokens pointing at the fake Web API, reading no .env file."""
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_app_token": APP_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": fake.api_url,
        "onboarding_channel": ONBOARDING_CHANNEL,
        "log_level": "INFO",
        "knowledge_dir": None,
        "rate_limit_per_minute": TEST_RATE_LIMIT,
        **overrides,
    }
    return Settings(_env_file=None, **values)


@contextmanager
def served(app: App) -> Iterator[str]:
    """The app behind the production HTTP server on a free port; yields its /slack/events URL."""
    server = HttpServer(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve, name="http-server")
    thread.start()
    try:
        yield server.urls[0]
    finally:
        server.stop()
        thread.join(timeout=WAIT_SECONDS)
        assert not thread.is_alive(), "the HTTP server did not stop"


def wait_until_idle(pool: ListenerPool) -> None:
    """Wait until every listener Bolt started on `pool` has finished, so every call to Slack it would make is made.

    A test that a reply does not come acknowledges the request (Bolt starts any listener before it acknowledges),
    waits for this, then asserts: no time to guess, and no reply can come later."""
    assert pool.wait_idle(WAIT_SECONDS), f"the app's listeners were still running after {WAIT_SECONDS}s"


class FailingEngine:
    """The real engine, except that it raises on the question or entry id EXPLODE."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.kb = engine.kb

    def answer(self, question: str) -> Answer:
        """Raise on EXPLODE, else answer."""
        if EXPLODE in question:
            raise RuntimeError(SECRET_DETAIL)
        return self._engine.answer(question)

    def answer_entry(self, entry_id: str, question: str = "") -> Answer:
        """Raise on EXPLODE, else the entry's card."""
        if entry_id == EXPLODE:
            raise RuntimeError(SECRET_DETAIL)
        return self._engine.answer_entry(entry_id, question)
