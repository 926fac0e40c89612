"""Questions that ask two things at once ("when did Melbourne sign, and what's the exchange rate?", "what is the
program for and who funds it?"): where they split, and how the answers to the parts make one reply.

Pure text rules and Answer values; the engine decides when to use them (bot/engine/core.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.answers import Answer, AnswerKind
from bot.engine.lazy import lazy_pattern
from bot.knowledge.models import City

# A second question starts after "and" (or "; ", "? "), with a word that asks: "X, and what is Y?", "X? who is Y?".
# A bare comma does not split: "When Belfast signed, how many were there?" is one question.
_ASKS = (
    r"what|what's|whats|when|where|who|who's|whose|why|how|which|is|are|was|were|does|do|did|can|could|will|would|has|had"
    r"|list|tell|show|give|name|explain"
    r"|reserve|book|send|email|schedule|remind|order|buy"  # "list the cities and also reserve a room": a task too
)
_JOIN = r"(?:\s*,?\s+(?:and|&|\+|plus)\s+|\s*[;?]\s*(?:(?:and|&|\+|also|plus|then|so)\s+)?|\.\s+(?:also|btw|plus)\s+)"
# A number or letter that counts the questions off: "1) what's...", "(b) when..."; all but the first, "1)" or "a)".
_NUMBERED = r"(?:\(?(?:[1-9]|[a-d])\)|q[1-9][:.)]?)"  # ("Q1: what is...? Q2: which...?")
_NUMBERED_AFTER_FIRST = r"(?:\(?(?:[2-9]|[b-d])\)|q[2-9][:.)]?)"
# ...or after a plus before a part that asks ("first sister city + the mayor who proposed it"; not "Kyoto + Padua").
_SPLIT = lazy_pattern(
    # ("also @bot how...", "and (b) when...")
    rf"{_JOIN}(?:(?:also|then|if not|if so)\s*,?\s+)?(?:@[\w.-]+,?\s+)?(?:{_NUMBERED}\s+)?(?=(?:{_ASKS})\b)"
    r"|\s+\+\s+(?=[^+?]*\b(?:who|what|when|where|which|why|how)\b)"
    # "1) what's the purpose 2) can my neighbour join?": a numbered second question
    rf"|\s+{_NUMBERED_AFTER_FIRST}\s+(?=(?:{_ASKS})\b)",
    re.IGNORECASE,
)
_ENUMERATOR = lazy_pattern(rf"(?:^|(?<=\s)){_NUMBERED}\s+", re.IGNORECASE)
# Words that point back at the place the first part named ("...and when did it become a sister city?").
_POINTING = lazy_pattern(r"\b(?:it|its|it's|they|their|them|there|that|this|those|these)\b", re.IGNORECASE)
# Kinds that greet or help: never what a part of a longer message is answered with.
_SOCIAL = frozenset({AnswerKind.GREETING, AnswerKind.THANKS, AnswerKind.HELP})
# Kinds that answer nothing but what the bot cannot do or does not know.
_LIMITS = frozenset(
    {
        AnswerKind.CANNOT_DO,
        AnswerKind.UNKNOWN_FACT,
        AnswerKind.NOT_SISTER,
        AnswerKind.OTHER_PROGRAM,
    }
)


def split_questions(text: str) -> list[str]:
    """The questions in one message, when it asks two or more ("X, and what is Y?"); else just the message."""
    parts = [p.strip(" ,;") for p in _SPLIT.split(text)]
    parts = [_ENUMERATOR.sub(" ", p).strip() for p in parts if p]  # "1) what's the point": what's the point
    return parts if len(parts) > 1 else [text]


def points_back(part: str) -> bool:
    """True when a part points back at a place named before it ("when did it become a sister city")."""
    return bool(_POINTING.search(part))


def combine(question: str, whole: Answer, answers: list[Answer]) -> Answer:
    """One reply for a message of several questions: the first part that answers leads, and what the other parts
    found (or could not) follows as notes. The whole message's own answer stands when it answers and the parts
    add nothing to it (the same entry, or a reading that lost the first part's filter)."""
    answering = [a for a in answers if a.answered and a.kind not in _SOCIAL]
    if not answering:
        return whole
    if whole.answered and _whole_stands(whole, answering):
        return whole
    lead = answering[0]
    others = [a for a in answers if a is not lead and (a.answered or a.kind in _LIMITS)]
    notes = tuple(note for a in others for note in _said(a))
    suggestions = tuple(dict.fromkeys((*lead.suggestions, *(c for a in others for c in _offered(a)))))
    return replace(lead, question=question, notes=lead.notes + notes, suggestions=suggestions)


def _whole_stands(whole: Answer, answering: list[Answer]) -> bool:
    """True when the whole message's answer says at least what its answering parts do."""
    found = {_about(a) for a in answering}
    if _about(whole) in found:
        return len(found) < 2  # the parts add nothing to it, or add a second thing it lacks
    if len(found) > 1:
        # A side-by-side of the cities named, or one topic, is no answer to two questions about them.
        return whole.kind not in (AnswerKind.COMPARE, AnswerKind.TOPIC)
    # One thing found by the parts, which the whole missed: it wins when several parts agree on it, or when the whole
    # is a topic and the parts found a city's fact ("what was the Friendship Four and how does it connect...?").
    agree = len(answering) > 1 or (whole.kind is AnswerKind.TOPIC and answering[0].kind is AnswerKind.CITY)
    return not agree


def _about(answer: Answer) -> tuple[AnswerKind, str | None]:
    return answer.kind, answer.entry


def _said(answer: Answer) -> tuple[str, ...]:
    """What an answer says, as plain sentences for another answer's notes."""
    if answer.kind is AnswerKind.TOPIC and answer.topic is not None:
        return (f"{answer.topic.title}: {answer.topic.answer}",)
    names = [f"{r.city.name}: {r.detail}" for r in answer.rows]
    return (answer.lead, *names) if len(names) <= 3 else (answer.lead,)


def _offered(answer: Answer) -> tuple[City, ...]:
    """The cities an answer is about or offers, as buttons for the combined reply."""
    return (*((answer.city,) if answer.city is not None else ()), *answer.suggestions)
