"""Questions as data (tests/questions.yaml): each must reach its entry, or must not reach any; and the table itself
is checked, so that no row can pass whatever the bot replies."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.engine.answers import Answer
from bot.engine.core import Engine
from bot.knowledge.models import KnowledgeBase
from bot.render.blocks import Reply, render_answer
from bot.render.limits import message_problems
from tests.reply_text import visible_text

TABLE = yaml.safe_load((Path(__file__).with_name("questions.yaml")).read_text(encoding="utf-8"))
ROWS = [(section, case) for section, cases in TABLE.items() for case in cases]


def _param(section: str, case: dict[str, Any], xfail: bool = True) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if xfail and "xfail" in case else []
    return pytest.param(case, id=f"{section}:{case['q']}", marks=marks)


CASES = [_param(section, case) for section, case in ROWS]
WITH_HAS = [_param(section, case, xfail=False) for section, case in ROWS if "has" in case]

# Stock replies that a row could wrongly accept: a row with `has:` must fail on each of them (unless it is the row's
# own reply). A not-sister reply and the list name every sister city, the fallback says "sister city", help and the
# fallback carry example questions, and a topic can list every sister city with its year.
STOCK_QUESTIONS = {
    "the fallback": "asdfgh qwerty",
    "a real city that is not ours": "Tokyo",
    "a real city far from ours": "Lima",
    "the list": "list the sister cities",
    "did you mean": "belfaz",
    "help": "help",
    "a greeting": "hello",
    "a topic naming every sister city": "when did Boston start twinning with other cities?",
}


def problems(case: dict[str, Any], answer: Answer, reply: Reply) -> list[str]:
    """What is wrong with this reply for this row of the table (nothing: the row passes)."""
    found = []
    seen = visible_text(reply.text, reply.blocks)
    if "entry" in case:
        wanted = case["entry"] if isinstance(case["entry"], list) else [case["entry"]]
        if answer.entry not in wanted:
            found.append(f"entry is {answer.entry}, not {case['entry']}")
    if case.get("not_entry") and answer.entry is not None:
        found.append(f"about {answer.entry}")
    if "answered" in case and answer.answered is not case["answered"]:
        found.append(f"answered is {answer.answered}")
    if "kind" in case and answer.kind != case["kind"]:
        found.append(f"kind is {answer.kind}, not {case['kind']}")
    found += [f"{needle!r} missing" for needle in case.get("has", []) if needle.casefold() not in seen]
    found += [f"{needle!r} present" for needle in case.get("lacks", []) if needle.casefold() in seen]
    found += [f"{needle!r} not in the lead" for needle in case.get("leads", []) if needle not in answer.lead.casefold()]
    return found


@pytest.mark.parametrize("case", CASES)
def test_question(engine: Engine, case: dict[str, Any]) -> None:
    answer = engine.answer(case["q"])
    reply = render_answer(answer)
    assert message_problems(reply.text, reply.blocks) == []
    assert problems(case, answer, reply) == [], f"{answer.kind}: {answer.lead}"


def test_every_entry_has_a_question(kb: KnowledgeBase) -> None:
    reached = set()
    for cases in TABLE.values():
        for case in cases:
            entry = case.get("entry")
            reached.update(entry if isinstance(entry, list) else [entry])
    missing = {c.id for c in kb.cities} | {t.id for t in kb.topics}
    assert missing - reached == set()


# ---- the table itself


@pytest.fixture(scope="module")
def stock(engine: Engine) -> dict[str, tuple[Answer, Reply]]:
    """The stock replies, by what they are."""
    return {name: (a := engine.answer(q), render_answer(a)) for name, q in STOCK_QUESTIONS.items()}


@pytest.mark.parametrize("case", WITH_HAS)
def test_a_row_with_has_fails_on_the_stock_replies(
    engine: Engine, stock: dict[str, tuple[Answer, Reply]], case: dict[str, Any]
) -> None:
    """`has: [Kyoto]` passes on any not-sister reply and `has: [sister]` on the fallback: pin the entry, the kind or
    `answered`, or ask for words that only the right reply holds."""
    own = render_answer(engine.answer(case["q"])).text
    wrong = {name: (answer, reply) for name, (answer, reply) in stock.items() if reply.text != own}
    assert [name for name, (answer, reply) in wrong.items() if not problems(case, answer, reply)] == [], (
        "this row would also pass on these replies"
    )


@pytest.mark.parametrize("case", TABLE["count"], ids=[c["q"] for c in TABLE["count"]])
def test_a_count_row_checks_the_count(kb: KnowledgeBase, case: dict[str, Any]) -> None:
    """A count is told by its sentence ("Boston has 10 sister cities"), and the row says what kind of reply it is."""
    count = f"{len(kb.sister_cities)} sister cities"
    assert any(count in needle for needle in case.get("has", [])), f"has: needs {count!r}"
    assert "kind" in case


def test_no_needle_is_a_bare_small_number() -> None:
    """A small number ("10") is in dates, distances and counts alike; a year is specific enough."""
    bare = [(c["q"], n) for _, c in ROWS for n in c.get("has", []) if re.fullmatch(r"\d{1,3}", str(n).strip())]
    assert bare == []


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def test_no_question_is_copied_from_the_knowledge(kb: KnowledgeBase) -> None:
    """A question that is word for word a topic's keyword, example question or title, or a city fact's keyword,
    tests nothing. (A city's own name, typed alone, is a question on purpose.)"""
    copied: dict[str, str] = {}
    for topic in kb.topics:
        for field, texts in (("keywords", topic.keywords), ("questions", topic.questions), ("title", [topic.title])):
            copied.update({_plain(t): f"topics/{topic.id}.yaml {field}" for t in texts})
    for city in kb.cities:
        copied.update({_plain(k): f"cities/{city.id}.yaml highlights" for f in city.highlights for k in f.keywords})
    names = {_plain(n) for city in kb.cities for n in city.names}
    found = {c["q"]: copied[_plain(c["q"])] for _, c in ROWS if _plain(c["q"]) in copied.keys() - names}
    assert found == {}
