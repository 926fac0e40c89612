"""Replies to chatter and to what the bot could not place: greetings, thanks, help, "did you mean", the fallback."""

from __future__ import annotations

from bot.engine.answers import Answer, AnswerKind
from bot.engine.findings import (
    Fallback,
    Greeting,
    Help,
    Thanks,
    Unsure,
)
from bot.engine.question import Question
from bot.engine.replies.base import (
    EMPTY_LEAD,
    EXAMPLES,
    FALLBACK_LEAD,
    GREETING_LEAD,
    HELP_LEAD,
    THANKS_LEAD,
    WHAT_I_KNOW,
    ReplyBase,
)


class ChatterReplies(ReplyBase):
    """Replies to chatter and to what the bot could not place."""

    def greeting(self, found: Greeting, q: Question) -> Answer:
        """A greeting back, with examples."""
        return Answer(q.raw, AnswerKind.GREETING, lead=GREETING_LEAD, examples=EXAMPLES)

    def thanks(self, found: Thanks, q: Question) -> Answer:
        """You're welcome."""
        return Answer(q.raw, AnswerKind.THANKS, lead=THANKS_LEAD)

    def help(self, found: Help, q: Question) -> Answer:
        """How to ask, with examples."""
        return Answer(q.raw, AnswerKind.HELP, lead=HELP_LEAD, examples=EXAMPLES)

    def fallback(self, found: Fallback, q: Question) -> Answer:
        """What the bot can do, for a question it cannot answer."""
        return Answer(
            q.raw,
            AnswerKind.FALLBACK,
            lead=EMPTY_LEAD if found.empty else FALLBACK_LEAD,
            notes=(WHAT_I_KNOW,),
            examples=EXAMPLES[:4],
            score=0,
        )

    def unsure(self, found: Unsure, q: Question) -> Answer:
        """Did you mean one of these?"""
        return Answer(
            q.raw,
            AnswerKind.SUGGEST,
            lead=f"I'm not sure what you meant by \u201c{q.clean}\u201d. Did you mean one of these?",
            suggestions=found.cities,
            topic_suggestions=found.topics,
            score=found.score,
        )
