"""The answer to one question: plain data, no Slack types. Rendering turns it into a message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.knowledge.models import City, Fact, Topic


class AnswerKind(StrEnum):
    """What kind of reply this is; the renderer picks a layout by it."""

    CITY = "city"  # one city's card (a sister city or a friendship city)
    TOPIC = "topic"  # a program topic
    LIST = "list"  # the sister cities, all or some, as compact rows
    COMPARE = "compare"  # two or more named cities side by side
    NOT_SISTER = "not_sister"  # a real place that is not one of Boston's sister cities
    SUGGEST = "suggest"  # "did you mean" choices only
    HELP = "help"  # how to ask, with examples
    GREETING = "greeting"
    THANKS = "thanks"
    FALLBACK = "fallback"  # outside the bot's knowledge
    UNKNOWN_FACT = "unknown_fact"  # a kind of fact the knowledge base does not hold; the closest entry offered
    CANNOT_DO = "cannot_do"  # a task the bot cannot do (the weather, a taxi); the city's card offered
    OTHER_PROGRAM = "other_program"  # another place's own partner cities: not Boston's to list
    UNCONFIRMED = "unconfirmed"  # a city some source lists as a sister city that nothing confirms


# Kinds that give knowledge (the JSON contract's "answered").
ANSWERING_KINDS = frozenset(
    {
        AnswerKind.CITY,
        AnswerKind.TOPIC,
        AnswerKind.LIST,
        AnswerKind.COMPARE,
        AnswerKind.HELP,
        AnswerKind.GREETING,
        AnswerKind.UNCONFIRMED,  # what the sources say of a city nothing confirms is knowledge, caveat first
    }
)


@dataclass(frozen=True)
class CityRow:
    """A city in a list, with what the list is about (its year, its distance...)."""

    city: City
    detail: str


@dataclass(frozen=True)
class Answer:
    """A reply's content. `lead` and `notes` are plain text; the renderer escapes and formats them."""

    question: str
    kind: AnswerKind
    lead: str = ""
    score: int = 100
    city: City | None = None
    topic: Topic | None = None
    fact: Fact | None = None
    rows: tuple[CityRow, ...] = ()
    notes: tuple[str, ...] = ()
    suggestions: tuple[City, ...] = ()
    topic_suggestions: tuple[Topic, ...] = ()
    examples: tuple[str, ...] = field(default=())
    # What in the question the engine could not account for (recorded, never shown): the gaps in the knowledge.
    unexplained: tuple[str, ...] = field(default=(), compare=False)

    @property
    def answered(self) -> bool:
        """True when the reply gives knowledge: a city, a topic, a list or help."""
        return self.kind in ANSWERING_KINDS

    @property
    def entry(self) -> str | None:
        """The id of the knowledge entry the reply is about, if it is about one."""
        if self.city is not None:
            return self.city.id
        return self.topic.id if self.topic is not None else None
