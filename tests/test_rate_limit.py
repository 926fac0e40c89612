"""Per-user rate limiting: RATE_LIMIT_PER_MINUTE questions a minute from one person (mentions, DMs, /sistercity, and
buttons that post an answer); past it, the person is told once, politely and privately, and nothing is posted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot.engine.core import Engine
from bot.slack.app import create_app
from bot.slack.listener_pool import ListenerPool
from bot.slack.messages import SHARE_ACTION, AnswerRef
from bot.slack.rate_limit import WINDOW_SECONDS, RateLimiter, Verdict
from bot.slack.settings import Settings, SettingsError, load_settings
from tests.fake_slack import FakeSlack
from tests.slack_fixtures import served, settings_for, wait_until_idle
from tests.slack_payloads import (
    CHANNEL_ID,
    DM_CHANNEL_ID,
    USER_ID,
    block_action,
    direct_message,
    event_callback,
    mention,
    post_action,
    post_command,
    post_event,
    slash_command,
)

pytestmark = pytest.mark.timeout(60)
LIMIT = 3


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ---- the limiter


def test_the_limiter_allows_the_limit_then_tells_once_then_refuses_silently() -> None:
    clock = Clock()
    limiter = RateLimiter(LIMIT, clock=clock)
    verdicts = [limiter.check("U1") for _ in range(LIMIT + 3)]
    assert verdicts == [Verdict.ALLOW] * LIMIT + [Verdict.REFUSE_AND_TELL] + [Verdict.REFUSE] * 2
    assert limiter.check("U2") is Verdict.ALLOW  # other people are not held up
    assert limiter.seconds_until_allowed("U1") == pytest.approx(WINDOW_SECONDS)


def test_the_window_slides_and_the_note_comes_again_after_a_pause() -> None:
    clock = Clock()
    limiter = RateLimiter(LIMIT, clock=clock)
    for _ in range(LIMIT):
        limiter.check("U1")
        clock.now += 10
    assert limiter.check("U1") is Verdict.REFUSE_AND_TELL
    clock.now = 1000.0 + WINDOW_SECONDS  # the first question leaves the window
    assert limiter.seconds_until_allowed("U1") == 0
    assert limiter.check("U1") is Verdict.ALLOW
    assert limiter.check("U1") is Verdict.REFUSE_AND_TELL  # told again: they were allowed in between


def test_zero_means_no_limit() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.check("U1") is Verdict.ALLOW for _ in range(1000))


def test_the_limiter_remembers_a_bounded_number_of_people() -> None:
    limiter = RateLimiter(1, max_users=10)
    for n in range(100):
        limiter.check(f"U{n}")
    assert limiter.check("U0") is Verdict.ALLOW  # forgotten, so allowed again
    assert limiter.check("U99") is Verdict.REFUSE_AND_TELL


def test_the_limiter_is_exact_under_concurrency() -> None:
    limiter = RateLimiter(50)
    verdicts: list[Verdict] = []
    lock = threading.Lock()

    def ask() -> None:
        for _ in range(20):
            verdict = limiter.check("U1")
            with lock:
                verdicts.append(verdict)

    threads = [threading.Thread(target=ask) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert verdicts.count(Verdict.ALLOW) == 50 and verdicts.count(Verdict.REFUSE_AND_TELL) == 1


# ---- the setting


def test_the_setting_defaults_to_ten_and_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).rate_limit_per_minute == 10
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "25")
    assert load_settings(env_file=None).rate_limit_per_minute == 25


@pytest.mark.parametrize("value", ["-1", "lots"])
def test_an_invalid_setting_is_explained(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", value)
    with pytest.raises(SettingsError, match="RATE_LIMIT_PER_MINUTE"):
        load_settings(env_file=None)


# ---- through the app


@pytest.fixture
def pool() -> Iterator[ListenerPool]:
    """The listener pool of the test's app (`url`), to wait on."""
    with ListenerPool() as listeners:
        yield listeners


@pytest.fixture
def url(fake: FakeSlack, engine: Engine, pool: ListenerPool) -> Iterator[str]:
    """A fresh app (and so a fresh limiter) for each test, limited to LIMIT questions a minute."""
    fake.clear()
    settings = settings_for(fake, rate_limit_per_minute=LIMIT)
    with served(create_app(engine, settings, pool=pool)) as events_url:
        yield events_url


def _assert_polite(text: str) -> None:
    assert f"asked me {LIMIT} questions in the last minute" in text and "Please ask again in about" in text


def test_slash_commands_past_the_limit_get_one_note_in_the_ack(fake: FakeSlack, url: str) -> None:
    replies = [post_command(url, slash_command("padua", fake.response_url())) for _ in range(LIMIT + 2)]
    assert all(r.status == 200 for r in replies)
    answered, note, silent = replies[:LIMIT], replies[LIMIT], replies[LIMIT + 1]
    assert all("Padua" in r.json()["blocks"][0]["text"]["text"] for r in answered)
    assert note.json()["response_type"] == "ephemeral" and "blocks" not in note.json()
    _assert_polite(note.json()["text"])
    assert silent.body == b""
    other = post_command(url, {**slash_command("padua", fake.response_url()), "user_id": "U0SOMEONE"})
    assert "Padua" in other.json()["blocks"][0]["text"]["text"]


def test_mentions_past_the_limit_get_one_private_note_and_nothing_in_the_channel(fake: FakeSlack, url: str) -> None:
    events = [mention("tell me about kyoto") for _ in range(LIMIT + 2)]
    for event in events:
        assert post_event(url, event_callback(event)).status == 200
    fake.wait_for("chat.postMessage", LIMIT)
    (note,) = fake.wait_for("chat.postEphemeral")
    assert (note.params["channel"], note.params["user"]) == (CHANNEL_ID, USER_ID)
    assert note.params["thread_ts"] in {e["ts"] for e in events}
    _assert_polite(note.params["text"])
    post_event(url, event_callback({**mention("tell me about kyoto"), "user": "U0SOMEONE"}))
    fake.wait_for("chat.postMessage", LIMIT + 1)
    assert len(fake.calls("chat.postEphemeral")) == 1


def test_direct_messages_count_too(fake: FakeSlack, url: str) -> None:
    for _ in range(LIMIT + 2):
        post_event(url, event_callback(direct_message("padua")))
    posted = fake.wait_for("chat.postMessage", LIMIT + 1)
    assert all(c.params["channel"] == DM_CHANNEL_ID for c in posted)
    (note,) = [c for c in posted if "blocks" not in c.params]  # replies may land in any order
    _assert_polite(note.params["text"])


@pytest.mark.parametrize(
    ("where", "response_url"),
    [pytest.param("public", True, id="in-a-thread"), pytest.param("home", False, id="app-home")],
)
def test_buttons_that_post_count_too(fake: FakeSlack, url: str, where: str, response_url: bool) -> None:
    method = "response_url" if response_url else "chat.postMessage"
    for _ in range(LIMIT + 2):
        payload: dict[str, Any] = block_action(
            "show_entry:kyoto", "kyoto", fake.response_url("card") if response_url else None, where=where
        )
        assert post_action(url, payload).status == 200
    posted = fake.wait_for(method, LIMIT + 1)
    cards = [c for c in posted if "blocks" in c.params]  # replies may land in any order
    assert len(cards) == LIMIT and all("Kyoto" in c.params["blocks"][0]["text"]["text"] for c in cards)
    (note,) = [c for c in posted if "blocks" not in c.params]
    _assert_polite(note.params["text"])


def test_share_buttons_count_too(fake: FakeSlack, url: str, pool: ListenerPool) -> None:
    value = AnswerRef(question="how is the program funded?").encode()
    for _ in range(LIMIT + 2):
        assert post_action(url, block_action(SHARE_ACTION, value, fake.response_url("share"))).status == 200
    wait_until_idle(pool)
    posted = fake.calls("response_url")
    shared = [c for c in posted if c.params.get("response_type") == "in_channel"]
    assert len(shared) == LIMIT, "a Share past the limit posted in the channel"
    assert len([c for c in posted if c.params.get("delete_original")]) == LIMIT
    (note,) = [c for c in posted if c.params.get("response_type") == "ephemeral"]
    _assert_polite(note.params["text"])
