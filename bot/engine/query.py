"""A question read into a query: which entries it is about, what to do with them, and what was not understood.

Reading (bot/engine/read.py) produces a Query; evaluation (bot/engine/evaluate.py) runs it against the knowledge
base; composing (bot/engine/compose.py) says what was evaluated. A Query is plain data: no knowledge is looked up
after reading but the entries it names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.engine.intents import Intents, YearRange
from bot.engine.matching import Mention, Places, Scored
from bot.engine.question import Question
from bot.knowledge.models import City, Fact, Person, Topic


class RelationKind(StrEnum):
    """How the question relates its entries to a named place."""

    BEFORE = "before"  # in time: the ties made before the anchor's
    AFTER = "after"
    SAME_COUNTRY = "same_country"  # "our other Spanish partner besides Barcelona"
    SAME_CONTINENT = "same_continent"
    NEAR = "near"  # in space: "Kobe, near Kyoto"
    EXCEPT = "except"  # "the sister cities besides Kyoto"


@dataclass(frozen=True)
class Relation:
    """A relation to a named place: to one of our cities (`anchor`), or to a real place that is not ours."""

    kind: RelationKind
    anchor: City | None
    place: Mention | None = None  # the place the relation is about, when that is not one of ours ("Kobe")
    also: tuple[City, ...] = ()  # more of ours set aside with the anchor ("apart from Sekondi-Takoradi and Praia")


@dataclass(frozen=True)
class AsOf:
    """A point in time the question counts up to: a year, or the day a tie was made ("before Praia joined")."""

    year: int
    label: str  # how to say it: "as of 1999", "before Praia joined (2015)"
    inclusive: bool = True  # ties made in `year` count
    event: City | None = None  # the tie that marks the point in time
    day: dt.date | None = None  # a day within `year` ("as of 1 January 2015"): ties of that year count up to it


@dataclass(frozen=True)
class PersonMatch:
    """A person our knowledge names, found in the question, with the city they belong to."""

    person: Person
    city: City


@dataclass(frozen=True)
class MissingAsk:
    """A kind of fact the knowledge does not hold ("phone numbers"), and the words that ask for it."""

    what: str
    cues: frozenset[str]  # the question's words that ask for it: a city fact answers only if it matches one
    counted: bool = False  # a "how many" of something the knowledge does not count ("how many students")


@dataclass(frozen=True)
class Query:
    """Everything read from one question; evaluated as one, never re-read."""

    question: Question
    places: Places
    intents: Intents
    content: tuple[str, ...]  # the meaningful words outside place names and frame words
    unexplained: tuple[str, ...]  # content words that no intent accounts for: what the bot did not understand
    topics: tuple[tuple[Topic, Scored], ...]  # program topics that share words with the question, best first
    fact: tuple[City, Fact, Scored] | None  # the city fact the question best describes
    years: YearRange | None  # a window on the years ties were made ("in the 1980s"), when a year is about ties
    as_of: AsOf | None = None  # count or list what existed at a point in time
    relation: Relation | None = None
    people: tuple[PersonMatch, ...] = ()
    missing: MissingAsk | None = None  # a kind of fact the knowledge does not hold ("phone numbers")
    task: str | None = None  # a task the bot cannot do ("the weather")
    other_program: str | None = None  # another place whose own partner cities are asked about
    year_not_about_ties: int | None = None  # a year about something else (a budget, an event)
    undated_event: bool = False  # "by the time the Big Dig finished": a point in time no entry dates
    day: tuple[int, int] | None = None  # a calendar day named ((5, 1) for "on May 1st")
    asides: frozenset[int] = frozenset()  # positions of chatter, pleasantries and home: never evidence for a fact

    @property
    def ours(self) -> tuple[City, ...]:
        """Our cities named in the question, in order."""
        return self.places.ours

    @property
    def foreign(self) -> tuple[Mention, ...]:
        """Real places named that are not ours."""
        return self.places.foreign
