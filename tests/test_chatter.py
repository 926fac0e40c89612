"""Chatter around a question is told apart by clauses (bot/engine/chatter.py): what the asker says of themselves,
greetings, apologies and asides are dropped; the question, what it points back to, and the places named stay."""

from __future__ import annotations

import pytest

from bot.engine.chatter import about_the_asker
from bot.engine.question import parse_question

KNOWN = frozenset("purpose funding volunteer association kyoto tourism".split())  # the bot's keywords

CASES = [
    # (question, the words left once chatter is dropped)
    ("new hire in the mayor's office :wave: what was our first sister city?", "what was our first sister city"),
    ("hi all, what's the purpose?", "what is the purpose"),
    ("sorry if dumb q :see_no_evil: who pays for it?", "who pays for it"),
    ("which country is kyoto in? need it for a slide deck", "which country is kyoto in"),
    ("any money side to it? like tourism", "any money side to it like tourism"),
    ("monday brain :coffee: who started it all?", "who started it all"),
    # A clause naming a place keeps the place; one that says what the asker wants keeps everything.
    ("lots of cape verdeans in my parish - which sister city is theirs?", "cape verdeans which sister city is theirs"),
    (
        "i want to volunteer with an association, is that allowed?",
        "i want to volunteer with an association is that allowed",
    ),
    # With no other clause asking, nothing is chatter; nor is a number with a comma or a point split.
    ("i work at city hall", "i work at city hall"),
    ("which are more than 10,000 km away", "which are more than 10 000 km away"),
]


@pytest.mark.parametrize(("question", "kept"), CASES, ids=[c[0][:40] for c in CASES])
def test_chatter_is_dropped_and_the_question_kept(question: str, kept: str) -> None:
    q = parse_question(question)
    places = frozenset(i for i, w in enumerate(q.words) if w in {"cape", "verdeans", "kyoto"})
    dropped = about_the_asker(q, places, KNOWN)
    assert " ".join(w for i, w in enumerate(q.words) if i not in dropped) == kept
