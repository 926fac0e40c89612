"""The real Bolt app in HTTP mode, served by the production server on 127.0.0.1, driven by signed requests in
Slack's own formats, replying through a fake Slack Web API."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.engine.core import Engine
from bot.render.limits import message_problems
from bot.slack.app import create_app
from bot.slack.dedupe import SeenEvents
from bot.slack.home import MAX_HOME_BLOCKS
from bot.slack.listener_pool import ListenerPool
from bot.slack.messages import ERROR_TEXT, FEEDBACK_THANKS, SHARE_ACTION, AnswerRef
from tests.fake_slack import BOT_USER_ID, WAIT_SECONDS, FakeSlack
from tests.reply_text import visible_text
from tests.slack_fixtures import (
    EXPLODE,
    ONBOARDING_CHANNEL,
    SECRET_DETAIL,
    FailingEngine,
    served,
    settings_for,
    wait_until_idle,
)
from tests.slack_payloads import (
    CHANNEL_ID,
    DM_CHANNEL_ID,
    USER_ID,
    block_action,
    button,
    buttons,
    direct_message,
    event_callback,
    get,
    home_opened,
    member_joined,
    mention,
    new_ts,
    post_action,
    post_command,
    post_event,
    slash_command,
)

pytestmark = pytest.mark.timeout(60)  # a hang fails the test instead of the run
SLACK_ACK_SECONDS = 3  # Slack waits this long for an acknowledgement before it gives up on a delivery...
SLACK_RETRY_DELAYS = (0, 60, 5 * 60)  # ...then redelivers an event at once, after 1 minute and after 5 minutes


@pytest.fixture(autouse=True)
def _fresh_calls(fake: FakeSlack) -> None:
    fake.clear()


# ---- the listener pool, which the negative checks wait on


@pytest.mark.parametrize(
    "request_type",
    [pytest.param("event_callback", id="reply-pool"), pytest.param("block_actions", id="acknowledging-pool")],
)
def test_the_listener_pool_is_idle_only_once_every_listener_has_finished(request_type: str) -> None:
    release = threading.Event()
    with ListenerPool() as pool:
        assert pool.wait_idle(0)
        pool.note_request({"type": request_type}, lambda: None)  # as Bolt's middleware runs, on this thread
        pool.submit(release.wait, WAIT_SECONDS)
        assert not pool.wait_idle(0.05)
        release.set()
        assert pool.wait_idle(WAIT_SECONDS)


def assert_valid_message(params: dict[str, Any]) -> None:
    assert message_problems(params["text"], params["blocks"]) == []


def assert_nothing_posted(fake: FakeSlack, pool: ListenerPool) -> None:
    """Once every listener the requests started has finished: nothing was posted."""
    wait_until_idle(pool)
    assert [c.method for c in fake.calls() if c.method != "auth.test"] == []


# ---- mentions and direct messages


def test_mention_is_answered_in_a_thread_under_it(fake: FakeSlack, url: str) -> None:
    event = mention("tell me about padua")
    assert post_event(url, event_callback(event)).status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["channel"] == CHANNEL_ID
    assert call.params["thread_ts"] == event["ts"]
    assert call.token is not None and call.token.startswith("xoxb-")
    assert "padua" in visible_text(call.params["text"], call.params["blocks"])
    assert_valid_message(call.params)
    assert {b["action_id"] for b in buttons(call.params["blocks"])} >= {"feedback:helpful", "feedback:not_helpful"}
    assert SHARE_ACTION not in {b["action_id"] for b in buttons(call.params["blocks"])}


def test_mention_inside_a_thread_is_answered_in_that_thread(fake: FakeSlack, url: str) -> None:
    parent = new_ts()
    post_event(url, event_callback(mention("how is the program funded?", thread_ts=parent)))
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == parent
    assert "fund" in visible_text(call.params["text"], call.params["blocks"])


def test_bare_mention_gets_usage_help(fake: FakeSlack, url: str) -> None:
    post_event(url, event_callback(mention("")))
    (call,) = fake.wait_for("chat.postMessage")
    assert "/sistercity" in visible_text(call.params["text"], call.params["blocks"])
    assert_valid_message(call.params)


def test_direct_message_is_answered_in_the_dm(fake: FakeSlack, url: str) -> None:
    post_event(url, event_callback(direct_message("when did we twin with kyoto?")))
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["channel"] == DM_CHANNEL_ID
    assert "thread_ts" not in call.params
    assert "kyoto" in visible_text(call.params["text"], call.params["blocks"])
    assert_valid_message(call.params)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"bot_id": "BOTHER", "user": "UOTHERBOT"}, id="another-bot"),
        pytest.param({"bot_id": "BBOT", "user": BOT_USER_ID}, id="own-message"),
        pytest.param({"subtype": "bot_message"}, id="bot_message"),
        pytest.param({"subtype": "message_changed"}, id="edit"),
        pytest.param({"subtype": "message_deleted"}, id="deletion"),
        pytest.param({"channel_type": "channel", "channel": CHANNEL_ID}, id="not-a-dm"),
    ],
)
def test_bot_messages_and_message_subtypes_are_ignored(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, extra: dict[str, Any]
) -> None:
    assert post_event(url, event_callback(direct_message("padua", **extra))).status == 200
    assert_nothing_posted(fake, listener_pool)


def test_retried_event_is_answered_once(fake: FakeSlack, url: str, listener_pool: ListenerPool) -> None:
    body = event_callback(mention("tell me about kyoto"))
    assert post_event(url, body).status == 200
    fake.wait_for("chat.postMessage")
    for attempt in (1, 2, 3):
        retry = post_event(url, body, headers={"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "timeout"})
        assert retry.status == 200
    wait_until_idle(listener_pool)
    assert len(fake.calls("chat.postMessage")) == 1


def test_the_app_remembers_an_event_through_slacks_last_retry() -> None:
    now = 1_000.0
    seen = SeenEvents(clock=lambda: now)  # the default memory, as the app keeps it
    assert seen.first_time("Ev1")
    for delay in SLACK_RETRY_DELAYS:  # each redelivery once Slack has waited for the ack, and then its delay
        now += SLACK_ACK_SECONDS + delay
        assert not seen.first_time("Ev1"), f"the redelivery {now - 1_000:.0f} s after the first taken for new"
    now += 60  # a minute's margin: Slack's retries can come late
    assert not seen.first_time("Ev1")
    assert seen.first_time("Ev2")


def test_events_with_different_ids_are_each_answered(fake: FakeSlack, url: str) -> None:
    event = mention("tell me about kyoto")
    post_event(url, event_callback(event))
    post_event(url, event_callback({**event, "ts": new_ts()}))
    assert len(fake.wait_for("chat.postMessage", 2)) == 2


# ---- /sistercity


def test_slash_command_answers_privately_in_the_ack(fake: FakeSlack, url: str, listener_pool: ListenerPool) -> None:
    # How soon the ack comes is measured by benchmarks/ack_times.py and benchmarks/load_http.py, not asserted here.
    result = post_command(url, slash_command("padua", fake.response_url()))
    assert result.status == 200
    reply = result.json()
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"][0]["type"] == "header" and "Padua" in reply["blocks"][0]["text"]["text"]
    assert message_problems(reply["text"], reply["blocks"]) == []
    share = button(reply["blocks"], SHARE_ACTION)
    assert AnswerRef.decode(share["value"]) == AnswerRef(question="padua")
    button(reply["blocks"], "feedback:helpful")
    assert_nothing_posted(fake, listener_pool)  # the answer travelled in the acknowledgement itself


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", ["/sistercity", "try asking"], id="bare"),
        pytest.param("help", ["/sistercity", "try asking"], id="help"),
        pytest.param("list", ["kyoto", "padua", "melbourne", "strasbourg"], id="list"),
        pytest.param("how is the program funded?", ["fund"], id="question"),
    ],
)
def test_slash_command_texts(fake: FakeSlack, url: str, text: str, expected: list[str]) -> None:
    reply = post_command(url, slash_command(text, fake.response_url())).json()
    assert reply["response_type"] == "ephemeral"
    shown = visible_text(reply["text"], reply["blocks"])
    assert all(word in shown for word in expected), shown
    assert message_problems(reply["text"], reply["blocks"]) == []


def test_share_in_channel_posts_publicly_saying_who_shared(fake: FakeSlack, url: str) -> None:
    reply = post_command(url, slash_command("how is the program funded?", fake.response_url())).json()
    share = button(reply["blocks"], SHARE_ACTION)
    clicked = post_action(url, block_action(SHARE_ACTION, share["value"], fake.response_url("share")))
    assert clicked.status == 200
    posted, deleted = fake.wait_for("response_url", 2)
    assert posted.path == "/response/share"
    assert posted.params["response_type"] == "in_channel"
    assert posted.params["replace_original"] is False
    assert posted.params["blocks"][0]["type"] == "context"
    assert f"<@{USER_ID}> shared this answer" in posted.params["blocks"][0]["elements"][0]["text"]
    assert "fund" in visible_text(posted.params["text"], posted.params["blocks"])
    assert SHARE_ACTION not in {b["action_id"] for b in buttons(posted.params["blocks"])}
    assert_valid_message(posted.params)
    assert deleted.params.get("delete_original") is True


def test_shared_question_is_escaped(fake: FakeSlack, url: str) -> None:
    value = AnswerRef(question="<!channel> padua & <@U999>").encode()
    post_action(url, block_action(SHARE_ACTION, value, fake.response_url("share")))
    posted, _ = fake.wait_for("response_url", 2)
    line = posted.params["blocks"][0]["elements"][0]["text"]
    assert "<!channel>" not in line and "&lt;!channel&gt; padua &amp; &lt;@U999&gt;" in line


# ---- buttons


@pytest.mark.parametrize(
    ("channel", "in_thread", "answered_in"),
    [
        pytest.param(CHANNEL_ID, True, "its thread", id="channel-thread"),
        pytest.param(CHANNEL_ID, False, "a thread under it", id="channel"),
        pytest.param(DM_CHANNEL_ID, False, "the dm", id="dm"),
    ],
)
def test_a_button_in_a_public_message_answers_in_its_thread_but_not_in_a_dm(
    fake: FakeSlack, url: str, channel: str, in_thread: bool, answered_in: str
) -> None:
    parent, message_ts = new_ts(), new_ts()
    payload = block_action(
        "show_entry:strasbourg",
        "strasbourg",
        fake.response_url("pick"),
        where="public",
        channel=channel,
        message_ts=message_ts,
        thread_ts=parent if in_thread else None,
    )
    assert post_action(url, payload).status == 200
    (call,) = fake.wait_for("response_url")
    assert call.params["response_type"] == "in_channel"
    expected = {"its thread": parent, "a thread under it": message_ts, "the dm": None}[answered_in]
    assert call.params.get("thread_ts") == expected
    assert call.params["blocks"][0]["type"] == "header" and "Strasbourg" in call.params["blocks"][0]["text"]["text"]
    assert_valid_message(call.params)


def test_city_button_in_a_private_list_shows_the_card_privately(fake: FakeSlack, url: str) -> None:
    listing = post_command(url, slash_command("list", fake.response_url())).json()
    kyoto = button(listing["blocks"], "show_entry:kyoto")
    post_action(url, block_action(kyoto["action_id"], kyoto["value"], fake.response_url("card")))
    (call,) = fake.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert call.params["replace_original"] is False
    assert "Kyoto" in call.params["blocks"][0]["text"]["text"]
    assert AnswerRef.decode(button(call.params["blocks"], SHARE_ACTION)["value"]) == AnswerRef(entry="kyoto")
    assert_valid_message(call.params)


def test_app_home_city_button_sends_the_card_by_dm(fake: FakeSlack, url: str) -> None:
    post_action(url, block_action("show_entry:melbourne", "melbourne", None, where="home"))
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["channel"] == USER_ID
    assert "Melbourne" in call.params["blocks"][0]["text"]["text"]
    assert_valid_message(call.params)


def test_forged_button_value_gets_a_polite_fallback(fake: FakeSlack, url: str) -> None:
    result = post_action(url, block_action("show_entry:x", "<script>../../etc/passwd", fake.response_url()))
    assert result.status == 200
    (call,) = fake.wait_for("response_url")
    assert "don't have that entry" in call.params["text"]
    assert_valid_message(call.params)


@pytest.mark.parametrize("verdict", ["helpful", "not_helpful"])
def test_feedback_is_acknowledged_and_logged(
    fake: FakeSlack, url: str, caplog: pytest.LogCaptureFixture, verdict: str
) -> None:
    value = AnswerRef(question="how is the program funded?").encode()
    with caplog.at_level(logging.INFO, logger="bot.feedback"):
        result = post_action(url, block_action(f"feedback:{verdict}", value, fake.response_url("fb"), where="public"))
        assert result.status == 200
        (call,) = fake.wait_for("response_url")
    assert call.params == {"text": FEEDBACK_THANKS[verdict], "response_type": "ephemeral", "replace_original": False}
    (record,) = [r for r in caplog.records if r.name == "bot.feedback"]
    assert f"feedback={verdict}" in record.getMessage()
    assert "how is the program funded?" in record.getMessage() and USER_ID in record.getMessage()


# ---- App Home and the welcome DM


def test_app_home_is_published_when_opened(fake: FakeSlack, url: str, engine: Engine) -> None:
    post_event(url, event_callback(home_opened()))
    (call,) = fake.wait_for("views.publish")
    assert call.params["user_id"] == USER_ID
    view = call.params["view"]
    assert view["type"] == "home"
    assert len(view["blocks"]) <= MAX_HOME_BLOCKS
    assert all(message_problems("home", [block]) == [] for block in view["blocks"])
    ids = {b["value"] for b in buttons(view["blocks"])}
    assert {c.id for c in engine.kb.cities} <= ids
    assert "/sistercity" in visible_text("", view["blocks"])


def test_messages_tab_opened_publishes_nothing(fake: FakeSlack, url: str, listener_pool: ListenerPool) -> None:
    post_event(url, event_callback(home_opened(tab="messages")))
    assert_nothing_posted(fake, listener_pool)


def test_joining_the_onboarding_channel_sends_a_welcome_dm(fake: FakeSlack, url: str) -> None:
    post_event(url, event_callback(member_joined(ONBOARDING_CHANNEL, user="U0NEWHIRE")))
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["channel"] == "U0NEWHIRE"
    assert "welcome" in call.params["text"].casefold()
    assert_valid_message(call.params)


@pytest.mark.parametrize(
    ("channel", "user"),
    [
        pytest.param("C0RANDOM", "U0NEWHIRE", id="other-channel"),
        pytest.param(ONBOARDING_CHANNEL, BOT_USER_ID, id="bot"),
    ],
)
def test_no_welcome_elsewhere_or_for_the_bot(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, channel: str, user: str
) -> None:
    post_event(url, event_callback(member_joined(channel, user=user)))
    assert_nothing_posted(fake, listener_pool)


def test_no_welcome_when_no_onboarding_channel_is_configured(fake: FakeSlack, engine: Engine) -> None:
    settings = settings_for(fake, onboarding_channel=None)
    with ListenerPool() as pool, served(create_app(engine, settings, pool=pool)) as other:
        post_event(other, event_callback(member_joined(ONBOARDING_CHANNEL, user="U0NEWHIRE")))
        assert_nothing_posted(fake, pool)


# ---- request verification


REQUESTS = [
    pytest.param(lambda fake: ("event", event_callback(mention("padua"))), id="event"),
    pytest.param(lambda fake: ("command", slash_command("padua", fake.response_url())), id="command"),
    pytest.param(lambda fake: ("action", block_action("show_entry:kyoto", "kyoto", fake.response_url())), id="action"),
]


def _send(kind: str, url: str, body: Any, **kwargs: Any) -> int:
    sender = {"event": post_event, "command": post_command, "action": post_action}[kind]
    return sender(url, body, **kwargs).status


@pytest.mark.parametrize("build", REQUESTS)
def test_bad_signature_is_refused_and_nothing_is_posted(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, build: Any
) -> None:
    kind, body = build(fake)
    assert _send(kind, url, body, secret="not-the-signing-secret") == 401
    assert_nothing_posted(fake, listener_pool)


@pytest.mark.parametrize("build", REQUESTS)
def test_stale_timestamp_is_refused_and_nothing_is_posted(
    fake: FakeSlack, url: str, listener_pool: ListenerPool, build: Any
) -> None:
    kind, body = build(fake)
    assert _send(kind, url, body, timestamp=int(time.time()) - 5 * 60 - 1) == 401
    assert_nothing_posted(fake, listener_pool)


def test_missing_signature_is_refused(fake: FakeSlack, url: str, listener_pool: ListenerPool) -> None:
    result = post_event(url, event_callback(mention("padua")), headers={"X-Slack-Signature": ""})
    assert result.status == 401
    assert_nothing_posted(fake, listener_pool)


def test_url_verification_challenge_is_answered(url: str) -> None:
    result = post_event(url, {"token": "t", "challenge": "c-123", "type": "url_verification"})
    assert result.status == 200
    assert json.loads(result.body) == {"challenge": "c-123"}


def test_health_check_and_unknown_paths(url: str) -> None:
    base = url.removesuffix("/slack/events")
    health = get(base + "/healthz")
    assert (health.status, health.json()) == (200, {"ok": True})
    assert get(base + "/nothing-here").status == 404


# ---- failures


@pytest.fixture(scope="module")
def failing_url(fake: FakeSlack, engine: Engine) -> Iterator[str]:
    with served(create_app(FailingEngine(engine), settings_for(fake))) as events_url:  # type: ignore[arg-type]
        yield events_url


def _assert_friendly(call_params: dict[str, Any]) -> None:
    assert call_params["text"] == ERROR_TEXT
    assert SECRET_DETAIL not in json.dumps(call_params)


def test_failed_mention_gets_a_friendly_reply_and_a_logged_traceback(
    fake: FakeSlack, failing_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    event = mention(EXPLODE)
    with caplog.at_level(logging.ERROR, logger="bot.slack.app"):
        assert post_event(failing_url, event_callback(event)).status == 200
        (call,) = fake.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == event["ts"]
    _assert_friendly(call.params)
    (record,) = [r for r in caplog.records if r.name == "bot.slack.app" and r.levelno == logging.ERROR]
    assert record.exc_info is not None and SECRET_DETAIL in str(record.exc_info[1])


def test_failed_slash_command_is_acknowledged_with_a_friendly_reply(fake: FakeSlack, failing_url: str) -> None:
    result = post_command(failing_url, slash_command(EXPLODE, fake.response_url("oops")))
    assert result.status == 200  # not 500: Slack would add its own "dispatch_failed" error
    assert SECRET_DETAIL.encode() not in result.body
    (call,) = fake.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    _assert_friendly(call.params)


def test_failed_button_is_acknowledged_with_a_friendly_reply(fake: FakeSlack, failing_url: str) -> None:
    result = post_action(failing_url, block_action(f"show_entry:{EXPLODE}", EXPLODE, fake.response_url("oops")))
    assert result.status == 200
    (call,) = fake.wait_for("response_url")
    _assert_friendly(call.params)


def test_a_mention_in_a_dm_is_answered_once_as_the_dm(fake: FakeSlack, url: str, listener_pool: ListenerPool) -> None:
    """Slack sends a mention typed in a DM twice, as app_mention and as message.im: one answer, in the DM."""
    fake.clear()
    typed = f"<@{BOT_USER_ID}> tell me about padua"
    dm = direct_message(typed)
    as_mention = mention("tell me about padua", channel=DM_CHANNEL_ID, ts=dm["ts"])
    assert post_event(url, event_callback(as_mention)).status == 200
    assert post_event(url, event_callback(dm)).status == 200
    wait_until_idle(listener_pool)
    (call,) = fake.calls("chat.postMessage")
    assert call.params["channel"] == DM_CHANNEL_ID
