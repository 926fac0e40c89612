"""Where a message that asks two things splits (bot/engine/parts.py): at "and", "; " or "? " before a word that
asks, never at a bare comma or inside a list of names."""

import pytest

from bot.engine.parts import split_questions

SPLITS = [
    ("what's the weather like in padua and when did it join", ["what's the weather like in padua", "when did it join"]),
    ("what is the program for and who funds it", ["what is the program for", "who funds it"]),
    ("is lyon one of ours, and if not which french city is?", ["is lyon one of ours", "which french city is?"]),
    ("when did praia join? who signed?", ["when did praia join", "who signed?"]),
    ("when did praia join; also, who signed?", ["when did praia join", "who signed?"]),
]
WHOLE = [
    "when did kyoto and strasbourg join",  # "and" between names
    "When the Belfast agreement got signed, how many sister cities were there?",  # a comma: one question
    "kyoto and padua",
    "Is Taipei sister cities with any other US cities?",
    "hi! what are our sister cities?",
]


@pytest.mark.parametrize(("message", "parts"), SPLITS)
def test_a_message_of_two_questions_splits(message: str, parts: list[str]) -> None:
    assert split_questions(message) == parts


@pytest.mark.parametrize("message", WHOLE)
def test_one_question_stays_whole(message: str) -> None:
    assert split_questions(message) == [message]
