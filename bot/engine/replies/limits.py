"""Replies that say what the bot cannot answer, with the closest entry it knows."""

from __future__ import annotations

from bot.engine.answers import Answer, AnswerKind
from bot.engine.findings import (
    Missing,
    OtherProgram,
    Task,
    UndatedEvent,
)
from bot.engine.question import Question
from bot.engine.replies.base import (
    ReplyBase,
    kind_word,
    others_ties,
)


class LimitReplies(ReplyBase):
    """Replies that say what the bot cannot answer, with the closest entry it knows.."""

    def missing(self, found: Missing, q: Question) -> Answer:
        """The knowledge base does not hold that; the closest entry is offered."""
        closest = found.city.name if found.city else (found.topic.title if found.topic else "")
        lead = f"I don't have {found.what} in my knowledge base, so I can't answer that."
        if found.known:
            lead += f" The sources only say: {found.known}"
        elif closest:
            lead += f" The closest thing I know about is {closest}."
        return Answer(
            q.raw,
            AnswerKind.UNKNOWN_FACT,
            lead=lead,
            suggestions=(found.city,) if found.city else (),
            topic_suggestions=(found.topic,) if found.topic else (),
            score=0,
        )

    def undated_event(self, found: UndatedEvent, q: Question) -> Answer:
        """A point in time the bot cannot date: say so, and how to ask with a year."""
        lead = (
            "I don't know when that was, so I can't say which sister cities Boston had then: my knowledge base dates "
            "only the ties themselves. Ask me with a year instead, for example \u201chow many sister cities did "
            "Boston have in 1990?\u201d"
        )
        return Answer(q.raw, AnswerKind.UNKNOWN_FACT, lead=lead, score=0)

    def task(self, found: Task, q: Question) -> Answer:
        """A task the bot cannot do."""
        lead = f"I can't {found.what}: I only answer questions about Boston's Sister City program."
        if found.city is not None:
            lead += f" I can tell you about {found.city.name} as Boston's {kind_word(found.city)}."
        return Answer(q.raw, AnswerKind.CANNOT_DO, lead=lead, suggestions=(found.city,) if found.city else (), score=0)

    def other_program(self, found: OtherProgram, q: Question) -> Answer:
        """Another place's own partner cities are not Boston's to list."""
        lead = others_ties(found.place)
        if found.not_ours:  # "paris sister city?" may ask either: the reply answers both
            lead = f"{found.place} is not one of Boston's sister cities, and " + lead
        if found.city is not None:
            lead += f" {found.city.name} itself is Boston's {kind_word(found.city)}."
        return Answer(
            q.raw, AnswerKind.OTHER_PROGRAM, lead=lead, suggestions=(found.city,) if found.city else (), score=0
        )
