"""Only the first MAX_QUESTION_CHARS characters of a question are read (a 40,000-character message once took 24 s);
tested by behaviour, not by time: a name past the limit is never seen."""

from __future__ import annotations

from bot.engine.core import Engine
from bot.engine.question import MAX_QUESTION_CHARS

FILLER = "please " * 200  # 1,400 characters: a literal, not derived from the limit under test


def test_a_name_within_the_first_characters_is_read(engine: Engine) -> None:
    assert engine.answer(f"tell me about Kyoto {FILLER}").entry == "kyoto"


def test_a_name_past_the_limit_is_never_read(engine: Engine) -> None:
    question = f"tell me about {FILLER}Kyoto"
    assert len(question) > 1_000 >= MAX_QUESTION_CHARS
    assert engine.answer(question).entry is None
