"""Slack's own documented payloads, replayed at the HTTP endpoint of the real app against the fake Slack: Slackbot's
notices, other apps' bots, DMs with a file or broadcast from a thread, edits and deletions, bots joining the
onboarding channel, badly signed requests; and what the log says about each answer, and on shutdown.

A reply that must not come is checked once every listener the request started has finished (the app's
ListenerPool is idle), so nothing can still be on its way."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.engine.core import Engine
from bot.slack.app import REFUSAL_LINE, USERS_READ_HINT, create_app
from bot.slack.listener_pool import ListenerPool
from bot.slack.messages import ERROR_TEXT, SHARE_ACTION, AnswerRef
from tests.bot_process import HTTP_READY, running
from tests.fake_slack import FakeSlack, FakeSocketMode, slack_error
from tests.reply_text import visible_text
from tests.slack_fixtures import (
    EXPLODE,
    ONBOARDING_CHANNEL,
    FailingEngine,
    served,
    settings_for,
    wait_until_idle,
)
from tests.slack_payloads import (
    APP_TOKEN,
    BOT_TOKEN,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    SLACKBOT_ID,
    block_action,
    bot_mention,
    bot_message_dm,
    channel_join_dm,
    deleted_dm,
    direct_message,
    edited_dm,
    event_callback,
    file_share_dm,
    member_joined,
    mention,
    new_ts,
    post,
    post_action,
    post_command,
    post_event,
    slackbot_dm,
    slackbot_mention,
    slash_command,
    thread_broadcast_dm,
)

pytestmark = pytest.mark.timeout(60)  # a hang fails the test instead of the run


@pytest.fixture(autouse=True)
def _fresh_calls(fake: FakeSlack) -> None:
    fake.clear()
    fake.bot_users.clear()


def posted(fake: FakeSlack, pool: ListenerPool) -> list[str]:
    """Every Web API method the app called, once all the listeners it started have finished (auth.test aside)."""
    wait_until_idle(pool)
    return [c.method for c in fake.calls() if c.method != "auth.test"]


# ---- Slackbot and other apps' bots are never answered


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(slackbot_dm(), id="slackbot-dm-removed-from-channel"),
        pytest.param(slackbot_dm("Reminder: tell me about padua"), id="slackbot-dm-reminder"),
        pytest.param(slackbot_mention("Reminder: what are Boston's sister cities?"), id="slackbot-mention"),
        pytest.param(bot_mention("what are Boston's sister cities?"), id="bot-mention"),
        pytest.param(bot_mention("tell me about kyoto", subtype="bot_message"), id="bot-mention-bot_message"),
    ],
)
def test_slackbot_and_other_bots_are_never_answered(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, event: dict[str, Any]
) -> None:
    assert post_event(url, event_callback(event)).status == 200
    assert posted(fake, listener_pool) == []


def test_two_bots_cannot_ping_pong_in_a_thread(fake: FakeSlack, url: str, listener_pool: ListenerPool) -> None:
    parent = new_ts()
    for _ in range(3):  # the other bot answering in the thread, mentioning us each time
        event = bot_mention("did you mean Padua?", channel=CHANNEL_ID)
        event["thread_ts"] = parent
        assert post_event(url, event_callback(event)).status == 200
    assert posted(fake, listener_pool) == []


# ---- DMs: a file or a broadcast carries a question; edits, deletions and other subtypes do not


def test_dm_with_a_file_attached_is_answered_in_the_dm(fake: FakeSlack, url: str) -> None:
    assert post_event(url, event_callback(file_share_dm("when did we twin with kyoto?"))).status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["channel"] == DM_CHANNEL_ID
    assert "thread_ts" not in call.params
    assert "kyoto" in visible_text(call.params["text"], call.params["blocks"])


def test_thread_broadcast_in_a_dm_is_answered_in_its_thread(fake: FakeSlack, url: str) -> None:
    parent = new_ts()
    assert post_event(url, event_callback(thread_broadcast_dm("tell me about belfast", parent))).status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert (call.params["channel"], call.params["thread_ts"]) == (DM_CHANNEL_ID, parent)
    assert "belfast" in visible_text(call.params["text"], call.params["blocks"])


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(edited_dm("tell me about padua"), id="message_changed"),
        pytest.param(deleted_dm("tell me about padua"), id="message_deleted"),
        pytest.param(bot_message_dm("tell me about padua"), id="bot_message"),
        pytest.param(channel_join_dm(), id="channel_join"),
        pytest.param(direct_message("padua", subtype="me_message"), id="me_message"),
    ],
)
def test_edits_deletions_and_other_subtypes_are_not_answered(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, event: dict[str, Any]
) -> None:
    assert post_event(url, event_callback(event)).status == 200
    assert posted(fake, listener_pool) == []


@pytest.fixture(scope="module")
def failing(fake: FakeSlack, engine: Engine) -> Iterator[tuple[str, ListenerPool]]:
    """An app whose engine raises on EXPLODE, served over HTTP, with its listener pool."""
    with ListenerPool() as pool:
        app = create_app(FailingEngine(engine), settings_for(fake), pool=pool)  # type: ignore[arg-type]
        with served(app) as url:
            yield url, pool


@pytest.mark.parametrize(
    ("build", "thread"),
    [
        pytest.param(lambda parent: file_share_dm(EXPLODE), False, id="file_share"),
        pytest.param(lambda parent: thread_broadcast_dm(EXPLODE, parent), True, id="thread_broadcast"),
    ],
)
def test_a_failure_on_a_dm_with_a_file_or_a_broadcast_is_apologised_for_where_it_was_asked(
    fake: FakeSlack, failing: tuple[str, ListenerPool], build: Callable[[str], dict[str, Any]], thread: bool
) -> None:
    parent = new_ts()
    assert post_event(failing[0], event_callback(build(parent))).status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["text"] == ERROR_TEXT
    assert call.params["channel"] == DM_CHANNEL_ID
    assert call.params.get("thread_ts") == (parent if thread else None)


def test_a_bots_mention_gets_no_apology_either(fake: FakeSlack, failing: tuple[str, ListenerPool]) -> None:
    url, pool = failing
    assert post_event(url, event_callback(bot_mention(EXPLODE))).status == 200
    assert posted(fake, pool) == []


# ---- the welcome DM goes to people only


def test_a_person_joining_the_onboarding_channel_is_welcomed_after_checking(fake: FakeSlack, url: str) -> None:
    assert post_event(url, event_callback(member_joined(ONBOARDING_CHANNEL, user="U0NEWHIRE"))).status == 200
    (welcome,) = fake.wait_for("chat.postMessage")
    (lookup,) = fake.calls("users.info")
    assert lookup.params["user"] == "U0NEWHIRE" and lookup.at < welcome.at
    assert welcome.params["channel"] == "U0NEWHIRE"


def test_a_bot_joining_the_onboarding_channel_gets_no_welcome(
    fake: FakeSlack, url: str, listener_pool: ListenerPool
) -> None:
    fake.bot_users.add("U0OTHERBOT")
    assert post_event(url, event_callback(member_joined(ONBOARDING_CHANNEL, user="U0OTHERBOT"))).status == 200
    assert posted(fake, listener_pool) == ["users.info"]


def test_slackbot_joining_the_onboarding_channel_gets_no_welcome(
    fake: FakeSlack, url: str, listener_pool: ListenerPool
) -> None:
    # users.info does not flag Slackbot as a bot (nor does the fake): its id alone tells.
    assert post_event(url, event_callback(member_joined(ONBOARDING_CHANNEL, user=SLACKBOT_ID))).status == 200
    assert posted(fake, listener_pool) == []


def test_when_users_info_fails_the_welcome_goes_out_and_the_log_says_why(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, caplog: pytest.LogCaptureFixture
) -> None:
    fake.inject("users.info", slack_error("missing_scope"))
    with caplog.at_level(logging.WARNING, logger="bot.slack.app"):
        assert post_event(url, event_callback(member_joined(ONBOARDING_CHANNEL, user="U0NEWHIRE"))).status == 200
        (welcome,) = fake.wait_for("chat.postMessage")
        wait_until_idle(listener_pool)
    assert welcome.params["channel"] == "U0NEWHIRE"
    (record,) = [r for r in caplog.records if r.name == "bot.slack.app"]
    assert record.levelno == logging.WARNING
    assert "U0NEWHIRE" in record.getMessage() and "missing_scope" in record.getMessage()
    assert USERS_READ_HINT in record.getMessage()


# ---- a badly signed request is refused, and its body stays out of the log


MARKER = "zq-unverified-body-4471"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(json.dumps(event_callback(mention(f"padua {MARKER}"))).encode(), "application/json", id="event"),
        pytest.param(
            f"command=%2Fsistercity&text={MARKER}".encode(), "application/x-www-form-urlencoded", id="command"
        ),
    ],
)
def test_a_badly_signed_request_is_logged_without_its_body(
    fake: FakeSlack, engine: Engine, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    # Bolt sets its loggers' level from the root logger's when the app is built: build it under DEBUG, so that
    # every line Bolt has about the request is written, at any level.
    with caplog.at_level(logging.DEBUG), ListenerPool() as pool:
        app = create_app(engine, settings_for(fake), pool=pool)
        with served(app) as url:
            assert post(url, body, content_type, secret="not-the-signing-secret").status == 401
            wait_until_idle(pool)
    logged = [r.getMessage() + (r.exc_text or "") for r in caplog.records]
    assert not [line for line in logged if MARKER in line]
    assert REFUSAL_LINE in logged
    assert posted(fake, pool) == []


# ---- one log line per answer, with no user text at INFO


QUESTION = "how is the sister city program funded?"
WORDS = "program funded"  # the user's words, which no INFO line may carry


def _ask_by_mention(url: str, fake: FakeSlack) -> None:
    post_event(url, event_callback(mention(QUESTION)))
    fake.wait_for("chat.postMessage")


def _ask_by_dm(url: str, fake: FakeSlack) -> None:
    post_event(url, event_callback(file_share_dm(QUESTION)))
    fake.wait_for("chat.postMessage")


def _ask_by_command(url: str, fake: FakeSlack) -> None:
    assert post_command(url, slash_command(QUESTION, fake.response_url())).status == 200


def _ask_by_button(url: str, fake: FakeSlack) -> None:
    post_action(url, block_action("show_entry:funding", "funding", fake.response_url("card")))
    fake.wait_for("response_url")


def _ask_by_share(url: str, fake: FakeSlack) -> None:
    value = AnswerRef(question=QUESTION).encode()
    post_action(url, block_action(SHARE_ACTION, value, fake.response_url("share")))
    fake.wait_for("response_url", 2)


@pytest.mark.parametrize(
    ("surface", "ask"),
    [
        pytest.param("mention", _ask_by_mention, id="mention"),
        pytest.param("dm", _ask_by_dm, id="dm"),
        pytest.param("command", _ask_by_command, id="command"),
        pytest.param("button", _ask_by_button, id="button"),
        pytest.param("share", _ask_by_share, id="share"),
    ],
)
def test_each_answer_is_logged_once_without_the_users_words_at_info(
    fake: FakeSlack,
    url: str,
    listener_pool: ListenerPool,
    caplog: pytest.LogCaptureFixture,
    surface: str,
    ask: Callable[[str, FakeSlack], None],
) -> None:
    with caplog.at_level(logging.DEBUG, logger="bot.answered"):
        ask(url, fake)
        wait_until_idle(listener_pool)
    info = [r for r in caplog.records if r.name == "bot.answered" and r.levelno == logging.INFO]
    (line,) = [r.getMessage() for r in info]
    fields = dict(part.split("=", 1) for part in line.split())
    assert fields.keys() == {"surface", "entry", "answered", "ms"}
    assert (fields["surface"], fields["entry"], fields["answered"]) == (surface, "funding", "true")
    assert int(fields["ms"]) >= 0
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and WORDS in r.getMessage()]
    if surface != "button":  # a button carries an entry id, not the user's words
        debug = [r.getMessage() for r in caplog.records if r.name == "bot.answered" and r.levelno == logging.DEBUG]
        assert any(WORDS in message for message in debug)


def test_a_fallback_is_logged_as_not_answered(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.answered"):
        post_event(url, event_callback(direct_message("what is the airspeed velocity of an unladen swallow")))
        fake.wait_for("chat.postMessage")
        wait_until_idle(listener_pool)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "bot.answered"]
    assert line.startswith("surface=dm entry=- answered=false ms=")


def test_a_question_not_answered_is_not_logged_as_answered(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.answered"):
        post_event(url, event_callback(slackbot_dm()))
        assert posted(fake, listener_pool) == []
    assert [r for r in caplog.records if r.name == "bot.answered"] == []


# ---- one line on shutdown


def test_the_http_server_logs_one_line_when_it_stops(
    fake: FakeSlack, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.INFO, logger="bot.slack.server"),
        ListenerPool() as pool,
        served(create_app(engine, settings_for(fake), pool=pool)) as url,
    ):
        assert not [r for r in caplog.records if r.getMessage().startswith("Stopped")]
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Stopped")]
    assert line == f"Stopped: no longer listening for Slack on {url}."


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["http", "socket"])
def test_sistercity_run_logs_one_line_when_stopped(fake: FakeSlack, tmp_path: Path, mode: str) -> None:
    settings = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake.api_url}
    with FakeSocketMode() as socket_mode:
        fake.socket_mode_url = socket_mode.url
        if mode == "http":
            args, ready = ["--http", "--port", "0"], HTTP_READY
            settings["SLACK_SIGNING_SECRET"] = SIGNING_SECRET
        else:
            args, ready = [], r"Connected to Slack in Socket Mode\."
            settings["SLACK_APP_TOKEN"] = APP_TOKEN
        with running(args, settings, ready, tmp_path) as (_, stderr):
            pass  # stopped with SIGTERM on leaving; `running` checks that it exits with 0
    stopped = [line for line in stderr.read_text().splitlines() if " Stopped: " in line]
    assert len(stopped) == 1, stderr.read_text()
    assert " INFO bot.slack.server: " in stopped[0]
