"""Two real `sistercity run --http` processes on one PostgreSQL, against the fake Slack: a retried event delivered to
both is answered once, and one person's questions spread over both hit the rate limit once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import sqlalchemy as sa

from bot.records.database import connect, upgrade
from bot.records.schema import QuestionRecord
from tests.bot_process import HTTP_READY, running
from tests.fake_slack import FakeSlack
from tests.postgres import Postgres
from tests.slack_payloads import SIGNING_SECRET, event_callback, mention, post_command, post_event, slash_command

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]
BOT_TOKEN = "xoxb-two-processes-dummy-1b7c"
PER_MINUTE = 3
QUIET_SECONDS = 1.5  # how long to watch for a second reply that must not come


@pytest.fixture(scope="module")
def two_bots(fake: FakeSlack, postgres: Postgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """The events URLs of two bot processes sharing one PostgreSQL database."""
    database = connect(postgres.url)
    upgrade(database)
    database.dispose()
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": postgres.url,
        "RATE_LIMIT_PER_MINUTE": str(PER_MINUTE),
    }
    args = ["--http", "--host", "127.0.0.1", "--port", "0"]
    with ExitStack() as stack:
        urls = []
        for name in ("a", "b"):
            found, _ = stack.enter_context(running(args, settings, HTTP_READY, tmp_path_factory.mktemp(name)))
            urls.append(found[1])
        yield urls


def test_a_retry_delivered_to_the_other_process_is_answered_once(fake: FakeSlack, two_bots: list[str]) -> None:
    fake.clear()
    body = event_callback(mention("when did we twin with kyoto?"))
    first, second = two_bots
    assert post_event(first, body).status == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post_event(second, body, headers=retry).status == 200
    fake.wait_for("chat.postMessage")
    time.sleep(QUIET_SECONDS)
    assert len(fake.calls("chat.postMessage")) == 1


def test_the_rate_limit_holds_across_both_processes(fake: FakeSlack, two_bots: list[str], postgres: Postgres) -> None:
    fake.clear()
    replies = []
    for i in range(PER_MINUTE + 2):
        fields = slash_command("padua", fake.response_url(f"r{i}")) | {"user_id": "U0LIMITED"}
        result = post_command(two_bots[i % 2], fields)
        assert result.status == 200
        replies.append(result.body.decode())
    answered = [r for r in replies if '"blocks"' in r]
    told = [r for r in replies if "question" in r and '"blocks"' not in r]
    assert len(answered) == PER_MINUTE
    assert len(told) == 1  # told once, whichever process refused first; then refused quietly
    database = sa.create_engine(postgres.url)
    with database.connect() as connection:
        surfaces = connection.execute(sa.select(QuestionRecord.surface)).scalars().all()
    database.dispose()
    assert surfaces.count("command") >= PER_MINUTE  # both processes recorded what they answered
