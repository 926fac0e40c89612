"""The fuzzy-matching thresholds, chosen by these tables: typos answer, look-alikes suggest, other places don't."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from bot.matching import ANSWER_SCORE, SUGGEST_SCORE

# Real misspellings people type: each must reach the answer band.
TYPOS = [
    ("kioto", "kyoto"), ("praya", "praia"), ("padau", "padua"), ("taipie", "taipei"), ("belfst", "belfast"),
    ("hangzou", "hangzhou"), ("melbourn", "melbourne"), ("strasburg", "strasbourg"), ("sekondy", "sekondi"),
    ("barcalona", "barcelona"), ("kyto", "kyoto"), ("tapei", "taipei"),
]  # fmt: skip
# Look-alikes that may be a typo, or may not: offered as "did you mean", never answered.
LOOK_ALIKES = [("taipa", "taipei"), ("belfort", "belfast"), ("padang", "padua"), ("belfaz", "belfast")]
# Other cities that merely share letters: neither answered nor suggested.
UNRELATED = [("tokyo", "kyoto"), ("paris", "praia"), ("perth", "praia"), ("osaka", "kyoto"), ("parma", "padua")]


@pytest.mark.parametrize(("typed", "name"), TYPOS, ids=[t for t, _ in TYPOS])
def test_typos_are_answered(typed: str, name: str) -> None:
    assert fuzz.ratio(typed, name) >= ANSWER_SCORE


@pytest.mark.parametrize(("typed", "name"), LOOK_ALIKES, ids=[t for t, _ in LOOK_ALIKES])
def test_look_alikes_are_only_suggested(typed: str, name: str) -> None:
    assert SUGGEST_SCORE <= fuzz.ratio(typed, name) < ANSWER_SCORE


@pytest.mark.parametrize(("typed", "name"), UNRELATED, ids=[t for t, _ in UNRELATED])
def test_unrelated_names_are_ignored(typed: str, name: str) -> None:
    assert fuzz.ratio(typed, name) < SUGGEST_SCORE


def test_answer_threshold_is_as_strict_as_the_typos_allow() -> None:
    assert min(fuzz.ratio(t, n) for t, n in TYPOS) == ANSWER_SCORE
