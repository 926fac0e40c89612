"""Every reply is valid Block Kit within Slack's limits, carries its content as text, and escapes user text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.engine.answers import Answer, AnswerKind
from bot.engine.core import Engine
from bot.engine.markup import escape_mrkdwn, strip_slack_markup
from bot.knowledge.models import KnowledgeBase
from bot.render.blocks import SHOW_ENTRY_ACTION, Reply, render_answer
from bot.render.limits import MAX_BLOCKS, ReplyError, check_message, message_problems
from tests.reply_text import assert_block_kit, collect_text, live_markup, required_block_checker, visible_text

ONE_OF_EACH_KIND = {
    AnswerKind.CITY: "padua",
    AnswerKind.TOPIC: "how is the program funded?",
    AnswerKind.LIST: "what are boston's sister cities?",
    AnswerKind.COMPARE: "kyoto and padua",
    AnswerKind.NOT_SISTER: "Tokyo",
    AnswerKind.SUGGEST: "belfaz street",
    AnswerKind.HELP: "help",
    AnswerKind.GREETING: "hello",
    AnswerKind.THANKS: "thanks",
    AnswerKind.FALLBACK: "what's for lunch",
}


def assert_valid(text: str, blocks: list[dict[str, Any]]) -> None:
    """Within Slack's limits by our own checks, and exactly what slack_sdk's block models make of the same blocks."""
    assert message_problems(text, blocks) == []
    json.dumps(blocks)  # serializable as sent
    assert_block_kit(blocks)


@pytest.mark.parametrize(("kind", "question"), ONE_OF_EACH_KIND.items(), ids=[k.value for k in ONE_OF_EACH_KIND])
def test_each_kind_of_answer_renders_valid_block_kit(engine: Engine, kind: AnswerKind, question: str) -> None:
    answer = engine.answer(question)
    assert answer.kind is kind
    reply = render_answer(answer)
    assert_valid(reply.text, reply.blocks)
    assert answer.lead.split(".")[0][:40].casefold().replace("'", "&#39;") in reply.text.casefold().replace(
        "'", "&#39;"
    )


def test_every_entry_card_renders(engine: Engine, kb: KnowledgeBase) -> None:
    for entry_id in [c.id for c in kb.cities] + [t.id for t in kb.topics]:
        answer = engine.answer_entry(entry_id)
        assert answer.entry == entry_id
        reply = render_answer(answer)
        assert_valid(reply.text, reply.blocks)


def test_city_card_shows_country_year_association_and_sources(engine: Engine) -> None:
    reply = render_answer(engine.answer("strasbourg"))
    seen = visible_text(reply.text, reply.blocks)
    for needle in ("strasbourg", "france", "1960", "boston/strasbourg sister city association", "sources:"):
        assert needle in seen
    assert reply.blocks[0]["type"] == "header"


def test_barcelona_card_states_the_disagreement(engine: Engine) -> None:
    seen = visible_text(*vars(render_answer(engine.answer("barcelona"))).values())
    assert "1980" in seen and "1983" in seen and "sources differ" in seen


def test_list_has_a_button_per_city(engine: Engine, kb: KnowledgeBase) -> None:
    reply = render_answer(engine.answer("list the sister cities"))
    values = [b["accessory"]["value"] for b in reply.blocks if "accessory" in b]
    assert values == [c.id for c in kb.sister_cities]
    assert all(b["accessory"]["action_id"].startswith(SHOW_ENTRY_ACTION) for b in reply.blocks if "accessory" in b)


def test_suggestions_are_buttons(engine: Engine) -> None:
    reply = render_answer(engine.answer("belfaz street"))
    actions = [b for b in reply.blocks if b["type"] == "actions"]
    assert [e["value"] for e in actions[0]["elements"]][:1] == ["belfast"]


@pytest.mark.parametrize(
    "question",
    [
        "<!channel> what is <@U123> doing",
        "&lt;!channel&gt; qwxyz zzz",
        "<!here|here> kyotoo & <b>bold</b> <script>",
        "&lt;@U999&gt; &lt;#C1|x&gt; &lt;https://evil.example|click&gt; blorp",
    ],
)
def test_user_text_is_never_echoed_unescaped(engine: Engine, question: str) -> None:
    reply = render_answer(engine.answer(question))
    assert_valid(reply.text, reply.blocks)
    everything = json.dumps([reply.text, reply.blocks])
    for dangerous in ("<!channel", "<!here", "<@U", "<#C", "<https://evil", "<script", "<b>"):
        assert dangerous not in everything


# Markup that reaches the answer's lead as live text: Slack sends markup typed as text entity-encoded
# ("&lt;!channel&gt;"), and the Slack app passes markup pasted already encoded ("&amp;lt;!channel&amp;gt;") on
# to the engine decoded once, as here. The "did you mean" reply quotes the question, markup and all.
ECHOED_MARKUP = {
    "channel": "&lt;!channel&gt; belfaz",
    "here": "&lt;!here&gt; belfaz",
    "user group": "&lt;!subteam^S123|@team&gt; belfaz",
    "user": "&lt;@U123ABC&gt; belfaz",
    "channel link": "&lt;#C123|general&gt; belfaz",
    "link": "&lt;https://evil.example|click here&gt; belfaz",
}
# Live markup in the question itself is stripped before the engine reads it (a link keeps its label): never quoted.
STRIPPED_MARKUP = {
    "channel": ("<!channel> belfaz", "belfaz"),
    "user": ("<@U123ABC> belfaz", "belfaz"),
    "link": ("<https://evil.example|click here> belfaz", "click here belfaz"),
}


@pytest.mark.parametrize("question", ECHOED_MARKUP.values(), ids=ECHOED_MARKUP.keys())
def test_markup_quoted_from_the_question_is_shown_escaped(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    quoted = strip_slack_markup(question)
    assert answer.kind is AnswerKind.SUGGEST and f"\u201c{quoted}\u201d" in answer.lead  # live in the lead
    reply = render_answer(answer)
    assert live_markup(reply.text, reply.blocks) == []
    escaped = f"\u201c{escape_mrkdwn(quoted)}\u201d"
    assert escaped in reply.text
    assert escaped in reply.blocks[0]["text"]["text"]


@pytest.mark.parametrize(("question", "quoted"), STRIPPED_MARKUP.values(), ids=STRIPPED_MARKUP.keys())
def test_live_markup_in_the_question_is_never_quoted(engine: Engine, question: str, quoted: str) -> None:
    answer = engine.answer(question)
    assert answer.kind is AnswerKind.SUGGEST and f"\u201c{quoted}\u201d" in answer.lead
    reply = render_answer(answer)
    assert live_markup(reply.text, reply.blocks) == []


def test_replies_pass_the_evaluations_block_checker(engine: Engine, kb: KnowledgeBase) -> None:
    """Skipped, saying why, when ../shared is not beside the checkout; under CI (which has it) that fails instead."""
    check_blocks = required_block_checker()
    replies: dict[str, Reply] = {kind.value: render_answer(engine.answer(q)) for kind, q in ONE_OF_EACH_KIND.items()}
    for entry_id in [c.id for c in kb.cities] + [t.id for t in kb.topics]:
        replies[entry_id] = render_answer(engine.answer_entry(entry_id))
    replies["unknown entry"] = render_answer(engine.answer_entry("atlantis"))
    for name, question in ECHOED_MARKUP.items():
        replies[f"markup: {name}"] = render_answer(engine.answer(question))
    topic = kb.topics[0].model_copy(update={"answer": "word " * 2000, "points": ("p " * 500,) * 30})
    replies["clipped"] = render_answer(Answer("q", AnswerKind.TOPIC, lead=topic.answer, topic=topic))
    problems = {name: check_blocks(reply.blocks) for name, reply in replies.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_an_unknown_entry_gets_a_polite_reply(engine: Engine) -> None:
    answer = engine.answer_entry("atlantis")
    assert answer.kind is AnswerKind.FALLBACK and answer.entry is None
    assert_valid(*vars(render_answer(answer)).values())


def test_limits_the_block_models_do_not_check() -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    assert message_problems("t", [section] * (MAX_BLOCKS + 1)) == [f"blocks: {MAX_BLOCKS + 1} (max {MAX_BLOCKS})"]
    field = {"type": "section", "fields": [{"type": "mrkdwn", "text": "y" * 2001}]}
    assert message_problems("t", [field]) == ["blocks[0].fields[0]: 2001 characters (max 2000)"]
    assert message_problems(" ", [{"type": "section", "text": {"type": "mrkdwn", "text": " "}}]) == [
        "text: empty",
        "blocks[0].text: empty text",
    ]
    with pytest.raises(ReplyError, match="empty"):
        check_message("", [])


def test_very_long_knowledge_text_is_clipped_to_fit(kb: KnowledgeBase) -> None:
    topic = kb.topics[0].model_copy(update={"answer": "word " * 2000, "points": ("p " * 500,) * 30})
    reply = render_answer(Answer("q", AnswerKind.TOPIC, lead=topic.answer, topic=topic))
    assert_valid(reply.text, reply.blocks)


# ---- the city card: a status caveat right after the lead, only sourced native names


STATUS_NOTED = ["barcelona", "haifa", "melbourne", "padua"]


def _block_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [" ".join(collect_text(block)) for block in blocks]


@pytest.mark.parametrize("city_id", STATUS_NOTED)
def test_the_status_note_comes_right_after_the_lead(kb: KnowledgeBase, city_id: str) -> None:
    city = kb.city(city_id)
    assert city is not None and city.status_note is not None
    note = escape_mrkdwn(city.status_note.text)
    reply = render_answer(Answer(city.name, AnswerKind.CITY, lead=city.summary, city=city))
    texts = _block_texts(reply.blocks)
    assert texts[1] == escape_mrkdwn(city.summary) and note in texts[2]
    assert sum(note in t for t in texts) == 1
    assert note in reply.text


@pytest.mark.parametrize("city_id", STATUS_NOTED)
def test_a_lead_that_gives_the_status_note_is_not_repeated(kb: KnowledgeBase, city_id: str) -> None:
    city = kb.city(city_id)
    assert city is not None and city.status_note is not None
    lead = f"{city.name} is a sister city. {city.status_note.text}"
    reply = render_answer(Answer(city.name, AnswerKind.CITY, lead=lead, city=city))
    texts = _block_texts(reply.blocks)
    assert sum(escape_mrkdwn(city.status_note.text) in t for t in texts) == 1
    assert reply.text.count(escape_mrkdwn(city.status_note.text)) == 1


@pytest.mark.parametrize("city_id", STATUS_NOTED)
def test_every_card_says_the_status_note_once_in_its_first_blocks(
    engine: Engine, kb: KnowledgeBase, city_id: str
) -> None:
    city = kb.city(city_id)
    assert city is not None and city.status_note is not None
    note = escape_mrkdwn(city.status_note.text)
    for question in (city_id, city.name, f"tell me about {city.name}"):
        reply = render_answer(engine.answer(question))
        texts = _block_texts(reply.blocks)
        assert any(note in t for t in texts[:3]), question  # the header, the lead, and the caveat if not in the lead
        assert sum(note in t for t in texts) == 1, question


def _native_name_field(blocks: list[dict[str, Any]]) -> str | None:
    fields = [f["text"] for b in blocks for f in b.get("fields", [])]
    return next((f for f in fields if f.startswith("*Native name")), None)


def test_the_card_shows_each_sourced_native_name_with_its_language(engine: Engine, kb: KnowledgeBase) -> None:
    for city in kb.cities:
        field = _native_name_field(render_answer(engine.answer_entry(city.id)).blocks)
        if not city.native_names:
            assert field is None, city.id
            continue
        assert field is not None, city.id
        shown = field.split("\n", 1)[1]
        expected = [f"{n.name} ({n.language})" if n.language else n.name for n in city.native_names[:3]]
        assert shown == escape_mrkdwn(", ".join(expected)), city.id


def test_the_card_never_shows_an_unsourced_spelling(engine: Engine, kb: KnowledgeBase) -> None:
    strasbourg = kb.city("strasbourg")
    assert strasbourg is not None and "Strossburi" in strasbourg.aliases  # matching only, no source
    assert "strossburi" not in visible_text(*vars(render_answer(engine.answer_entry("strasbourg"))).values())
    bare = strasbourg.model_copy(update={"native_names": (), "aliases": ("Zzyzxburg",)})
    reply = render_answer(Answer("q", AnswerKind.CITY, lead=bare.summary, city=bare))
    assert _native_name_field(reply.blocks) is None
    assert "zzyzxburg" not in visible_text(reply.text, reply.blocks)


def test_a_list_longer_than_a_message_shows_what_fits_and_counts_the_rest(kb: KnowledgeBase) -> None:
    """A big knowledge base's list: the rows that fit beside the lead and the notes, then how many more there are."""
    from bot.engine.answers import CityRow

    city = kb.sister_cities[0]
    rows = tuple(CityRow(city, f"row {n}") for n in range(1_000))
    reply = render_answer(Answer("q", AnswerKind.LIST, lead="Many", rows=rows, notes=("A note.",)))
    assert len(reply.blocks) == MAX_BLOCKS
    assert visible_text("", reply.blocks[-1:]).strip() == "a note."  # the notes are kept...
    assert "and 954 more, not shown here" in visible_text("", reply.blocks[-2:-1])  # ...after the rows that fit
    assert "row 46" in reply.text and "row 999" not in reply.text  # the plain text stops at its own limit
    assert message_problems(reply.text, reply.blocks) == []
