"""Every filter crossed with every kind of point in time: no reply may say Boston had no sister cities when it had
some, count "1 sister cities", or say "Boston has no sister cities" of a window of years (which reads as none at all).

The table (tests/questions.yaml) asks one wording of each kind; these are all the combinations, generated."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.engine.core import Engine

FILTERS = (
    "European", "Asian", "African", "Australian", "South American", "", "in the southern hemisphere",
    "within 8000 km of Boston", "in Japan", "outside Europe",
)  # fmt: skip
POINTS = (
    "once Kyoto joined", "by 1970", "before Praia joined", "when Belfast signed", "as of 1960", "before 1965",
    "after Taipei joined", "by the end of 1985", "since 2001", "after 2015", "in the 1980s",
)  # fmt: skip
FORMS = (
    "how many {f} sister cities did Boston have {p}?",
    "which {f} sister cities did Boston have {p}?",
    "which sister cities {f} joined {p}?",
)
QUESTIONS = sorted(
    {re.sub(r"\s+", " ", form.format(f=f, p=p)) for f, p, form in itertools.product(FILTERS, POINTS, FORMS)}
)
# Before the first tie (Kyoto, 1959) "none yet" is true; no point above is.
_NONE_YET = re.compile(r"\bno sister cities yet\b")
_ONE_PLURAL = re.compile(r"\b(?:1|one) sister cities\b")
_NONE_IN_WINDOW = re.compile(r"\bBoston has no sister cities (?:in|after|since|before|between) (?:the )?\d{4}")


@pytest.mark.parametrize("question", QUESTIONS)
def test_no_filter_and_point_in_time_says_anything_false(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    said = " ".join((answer.lead, *answer.notes))
    assert not _NONE_YET.search(said), said
    assert not _ONE_PLURAL.search(said), said
    assert not _NONE_IN_WINDOW.search(said), said
