"""The truth scan (benchmarks/truth_scan.py) flags each kind of sentence that contradicts the knowledge base, and
passes the true ones; the bot's replies to the table of questions pass it."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.truth_scan import problems
from bot.engine.core import Engine
from bot.knowledge.models import KnowledgeBase
from bot.render.blocks import render_answer
from tests.test_questions import ROWS

FALSE_REPLIES = [
    ("how many sister cities in 1990?", "Boston had no sister cities in 1990.", "NOSISTER"),
    ("sister cities in the 1950s?", "Boston had no sister cities in the 1950s.", "NOSISTER"),
    ("how many sister cities?", "Boston has 9 sister cities: Kyoto, Strasbourg.", "COUNT"),
    ("how many in 1990?", "As of 1990, Boston had 4 sister cities: Kyoto.", "ASOF"),
    ("when did praia join?", "Praia became Boston's sister city in 2014.", "YEAR"),
    ("is kyoto ours?", "Kyoto, Japan is not one of Boston's sister cities.", "NOTOURS"),
    ("sister cities as of 2040?", "As of 2040, Boston had 10 sister cities: Kyoto.", "FUTURE"),
    ("any ties in 2031?", "None: Boston made no new sister-city ties in 2031.", "FUTURE"),
]
TRUE_REPLIES = [
    ("how many sister cities in 1956?", "In 1956, Boston had no sister cities yet."),
    ("what sister city did boston have in 1776?", "As of 1776, Boston had no sister cities yet."),
    (
        "how many in Europe once Kyoto joined?",
        "Once Kyoto joined (24 June 1959), Boston had no sister cities in Europe.",
    ),
    ("how many sister cities?", "Boston has 10 sister cities: Kyoto, Strasbourg."),
    ("how many in 1981?", "As of 1981, Boston had 2 sister cities: Kyoto and Strasbourg."),  # Barcelona: 1980 or 1983
    ("how many in 1981?", "As of 1981, Boston had 3 sister cities: Kyoto, Strasbourg and Barcelona."),
    ("how many in Asia by 1990?", "By 1990, Boston had 2 sister cities in Asia: Kyoto and Hangzhou."),
    ("when did barcelona join?", "Barcelona became Boston's sister city in 1983."),
    ("is lyon ours?", "Lyon, France is not one of Boston's sister cities."),
    ("any ties in 2020?", "None: Boston made no new sister-city ties in 2020."),
    ("sister cities in the 1920s?", "Boston had no sister cities yet then: its first, Kyoto, joined in 1959."),
]


@pytest.mark.parametrize(("question", "reply", "kind"), FALSE_REPLIES)
def test_a_false_sentence_is_flagged(kb: KnowledgeBase, question: str, reply: str, kind: str) -> None:
    assert [p.split(":")[0] for p in problems(question, reply, None, (), kb, this_year=2026)] == [kind]


@pytest.mark.parametrize(("question", "reply"), TRUE_REPLIES)
def test_a_true_sentence_passes(kb: KnowledgeBase, question: str, reply: str) -> None:
    assert problems(question, reply, None, (), kb, this_year=2026) == []


def test_a_card_for_a_place_that_is_not_it_is_flagged(kb: KnowledgeBase) -> None:
    assert problems("venice, near padua?", "Padua has been...", "padua", ["padua"], kb) == ["CARD: padua"]


def test_the_replies_to_the_question_table_say_nothing_false(engine: Engine, kb: KnowledgeBase) -> None:
    found: list[tuple[str, list[str]]] = []
    for _, case in ROWS:
        row: dict[str, Any] = case
        answer = engine.answer(row["q"])
        said = problems(row["q"], render_answer(answer).text, answer.entry, (), kb)
        if said:
            found.append((row["q"], said))
    assert found == []
