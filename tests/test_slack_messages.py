"""The pure pieces of the Slack app: button values, what is added around an answer, the App Home view, the welcome
DM, and the memory of seen events. Plain dict assertions, no Slack."""

from __future__ import annotations

import json

import pytest

from bot.engine.answers import Answer, AnswerKind
from bot.engine.core import Engine
from bot.engine.markup import escape_mrkdwn, strip_slack_markup
from bot.render.blocks import SHOW_ENTRY_ACTION, Reply, render_answer
from bot.render.limits import MAX_BLOCKS, message_problems
from bot.slack.dedupe import SeenEvents
from bot.slack.home import MAX_HOME_BLOCKS, brief, home_view, welcome_message
from bot.slack.messages import (
    MAX_BUTTON_VALUE,
    SHARE_ACTION,
    AnswerRef,
    private_reply,
    public_reply,
    shared_by,
    shared_reply,
)
from tests.reply_text import assert_block_kit, live_markup
from tests.slack_payloads import button, buttons

# ---- button values


@pytest.mark.parametrize(
    "ref",
    [
        pytest.param(AnswerRef(question="how is the program funded?"), id="question"),
        pytest.param(AnswerRef(entry="padua"), id="entry"),
        pytest.param(AnswerRef(question='京都はいつ "quotes" <tags>'), id="unicode"),
        pytest.param(AnswerRef(), id="empty"),
    ],
)
def test_answer_ref_round_trips(ref: AnswerRef) -> None:
    assert AnswerRef.decode(ref.encode()) == ref


@pytest.mark.parametrize("question", ["x" * 5000, '"' * 3000, "\\" * 2500, "é" * 4000])
def test_long_questions_fit_in_a_button_value(question: str) -> None:
    value = AnswerRef(question=question).encode()
    assert len(value) <= MAX_BUTTON_VALUE
    assert question.startswith(AnswerRef.decode(value).question)


@pytest.mark.parametrize(
    "value",
    [None, "", "not json", "[1, 2]", '{"q": 5, "e": ["padua"]}', "{", json.dumps({"e": ""})],
)
def test_forged_values_decode_to_an_empty_question(value: object) -> None:
    assert AnswerRef.decode(value) == AnswerRef()


# ---- around an answer


def test_private_reply_has_share_and_feedback_buttons(engine: Engine) -> None:
    answer = engine.answer("padua")
    reply = private_reply(render_answer(answer), answer, AnswerRef(question="padua"))
    ids = [b["action_id"] for b in buttons(reply.blocks)]
    assert ids[-3:] == [SHARE_ACTION, "feedback:helpful", "feedback:not_helpful"]
    assert message_problems(reply.text, reply.blocks) == []


def test_public_reply_has_feedback_but_no_share(engine: Engine) -> None:
    answer = engine.answer("how is the program funded?")
    reply = public_reply(render_answer(answer), answer, AnswerRef(question=answer.question))
    ids = {b["action_id"] for b in buttons(reply.blocks)}
    assert "feedback:helpful" in ids and SHARE_ACTION not in ids


@pytest.mark.parametrize("question", ["help", "hello", "thanks"])
def test_no_feedback_on_help_and_small_talk(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    reply = public_reply(render_answer(answer), answer, AnswerRef(question=question))
    assert not any(b["action_id"].startswith("feedback:") for b in buttons(reply.blocks))


def test_a_full_message_keeps_within_fifty_blocks() -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "row"}}
    full = Reply(text="many rows", blocks=[section] * MAX_BLOCKS)
    answer = Answer("list", AnswerKind.LIST, lead="many rows")
    for reply in (
        private_reply(full, answer, AnswerRef(question="list")),
        shared_reply(full, answer, AnswerRef(question="list"), "U0USER1", "pat"),
    ):
        assert len(reply.blocks) == MAX_BLOCKS
        assert reply.blocks[-1]["type"] == "actions"
        assert message_problems(reply.text, reply.blocks) == []


@pytest.mark.parametrize(
    ("user_id", "name", "question", "expected"),
    [
        pytest.param(
            "U0USER1", "pat", "padua", "<@U0USER1> shared this answer to “padua” (from `/sistercity`).", id="user"
        ),
        pytest.param(
            "<!here>", "<!channel>", "", "&lt;!channel&gt; shared this answer (from `/sistercity`).", id="forged"
        ),
        pytest.param(
            "",
            "",
            "a <@U9> & b",
            "Someone shared this answer to “a &lt;@U9&gt; &amp; b” (from `/sistercity`).",
            id="escaped",
        ),
    ],
)
def test_shared_by(user_id: str, name: str, question: str, expected: str) -> None:
    assert shared_by(user_id, name, question) == expected


# Event text as Slack sends it: markup typed as text arrives entity-encoded once ("&lt;!channel&gt;"), markup pasted
# already encoded arrives encoded twice. The Slack app strips and decodes it once, then asks, renders and wraps.
EVENT_TEXTS = {
    "channel typed": "&lt;!channel&gt; belfaz",
    "channel pasted encoded": "&amp;lt;!channel&amp;gt; belfaz",
    "user pasted encoded": "&amp;lt;@U9EVIL&amp;gt; belfaz",
    "link typed": "&lt;https://evil.example|click&gt; belfaz",
    "link pasted encoded": "&amp;lt;https://evil.example|click&amp;gt; belfaz",
}
SHARER = "U0USER1"


@pytest.mark.parametrize("event_text", EVENT_TEXTS.values(), ids=EVENT_TEXTS.keys())
def test_the_question_quoted_around_an_answer_stays_text(engine: Engine, event_text: str) -> None:
    question = strip_slack_markup(event_text)  # as the Slack app does before asking
    answer = engine.answer(question)
    rendered = render_answer(answer)
    ref = AnswerRef(question=question)
    shared = shared_reply(rendered, answer, ref, SHARER, "pat")
    by_name = shared_reply(rendered, answer, ref, "not a user id", question)
    for reply in (public_reply(rendered, answer, ref), private_reply(rendered, answer, ref), shared, by_name):
        assert set(live_markup(reply.text, reply.blocks)) <= {f"<@{SHARER}>"}
    quoted = f"\u201c{escape_mrkdwn(question)}\u201d"
    assert quoted in shared.blocks[0]["elements"][0]["text"] and quoted in shared.text
    assert by_name.blocks[0]["elements"][0]["text"].startswith(escape_mrkdwn(question))


# ---- App Home and welcome


def test_home_view_lists_every_city_with_a_card_button(engine: Engine) -> None:
    view = home_view(engine.kb, ("Tell me about Padua",))
    assert view["type"] == "home"
    assert len(view["blocks"]) <= MAX_HOME_BLOCKS
    for city in engine.kb.cities:
        assert button(view["blocks"], f"{SHOW_ENTRY_ACTION}:{city.id}")["value"] == city.id
        row = next(b for b in view["blocks"] if (b.get("accessory") or {}).get("value") == city.id)
        assert city.name in row["text"]["text"] and city.country in row["text"]["text"]
        assert str(city.established.year) in row["text"]["text"]
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers[1].startswith("Sister cities") and "Friendship cities" in headers
    assert all(message_problems("home", [block]) == [] for block in view["blocks"])
    assert_block_kit(view["blocks"])


def test_home_view_has_the_program_in_brief_and_how_to_ask(engine: Engine) -> None:
    view = home_view(engine.kb, ("Tell me about Padua",))
    text = json.dumps(view)
    purpose = engine.kb.topic("purpose")
    assert purpose is not None and brief(purpose)[:60] in text
    assert "Tell me about Padua" in text and "/sistercity" in text


def test_welcome_message(engine: Engine) -> None:
    reply = welcome_message(engine.kb, ("Tell me about Padua",))
    assert reply.text.startswith("Welcome!")
    assert all(city.name in reply.text for city in engine.kb.sister_cities)
    assert message_problems(reply.text, reply.blocks) == []
    assert_block_kit(reply.blocks)


# ---- seen events


def test_seen_events_remember_ids_for_their_lifetime() -> None:
    now = [0.0]
    seen = SeenEvents(ttl_seconds=60, clock=lambda: now[0])
    assert seen.first_time("Ev1") is True
    assert seen.first_time("Ev1") is False
    now[0] = 59.0
    assert seen.first_time("Ev1") is False
    now[0] = 60.5
    assert seen.first_time("Ev1") is True  # forgotten after its lifetime


def test_seen_events_are_bounded() -> None:
    seen = SeenEvents(capacity=3)
    for event_id in ("a", "b", "c", "d"):
        assert seen.first_time(event_id)
    assert len(seen) == 3
    assert seen.first_time("a") is True  # the oldest was dropped to make room
    assert seen.first_time("d") is False
