"""Say what was evaluated: a Finding in, an Answer out, with a lead sentence that names the filter applied.

Plain text only: rendering escapes and formats it. Every count and list comes from the finding, which computed it
from the city files. Each family of replies is a module of bot/engine/replies/; this one picks the reply for each
kind of finding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.engine.answers import Answer
from bot.engine.findings import (
    AsOfCheck,
    AsOfSelection,
    AssociationAsked,
    ByContinent,
    Card,
    Compare,
    CountryInPassing,
    Distances,
    Extreme,
    FactFound,
    Fallback,
    Finding,
    FriendshipList,
    Greeting,
    Help,
    HowFar,
    Missing,
    NearAnchor,
    Nearest,
    Neighbour,
    NoneInScope,
    NoTieInWindow,
    NotSister,
    OtherProgram,
    PeopleFound,
    Pick,
    Related,
    Selection,
    Task,
    Thanks,
    TopicFound,
    Unconfirmed,
    UndatedEvent,
    Unsure,
    When,
    WholeList,
    WrongCountry,
    YearInReview,
)
from bot.engine.question import Question
from bot.engine.replies.base import (
    EXAMPLES,
)
from bot.engine.replies.chatter import ChatterReplies
from bot.engine.replies.limits import LimitReplies
from bot.engine.replies.lists import ListReplies
from bot.engine.replies.people import PeopleReplies
from bot.engine.replies.places import PlaceReplies
from bot.engine.replies.space import SpaceReplies
from bot.engine.replies.time import TimeReplies
from bot.knowledge.models import KnowledgeBase

__all__ = ["EXAMPLES", "Composer"]


class Composer(ChatterReplies, ListReplies, TimeReplies, SpaceReplies, PlaceReplies, LimitReplies, PeopleReplies):
    """Turns findings about one knowledge base into answers."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._say: dict[type[Finding], Callable[[Any, Question], Answer]] = {
            Greeting: self.greeting,
            Thanks: self.thanks,
            Help: self.help,
            Fallback: self.fallback,
            WholeList: self.whole_list,
            FriendshipList: self.friendship_list,
            ByContinent: self.by_continent,
            Selection: self.selection,
            NoneInScope: self.none_in_scope,
            Pick: self.pick,
            Neighbour: self.neighbour,
            Nearest: self.nearest,
            Distances: self.distances,
            HowFar: self.how_far,
            When: self.when,
            Compare: self.compare,
            Card: self.card,
            FactFound: self.fact,
            TopicFound: self.topic,
            WrongCountry: self.wrong_country,
            CountryInPassing: self.country_in_passing,
            NotSister: self.not_sister,
            Unsure: self.unsure,
            Missing: self.missing,
            UndatedEvent: self.undated_event,
            Task: self.task,
            OtherProgram: self.other_program,
            Unconfirmed: self.unconfirmed,
            AssociationAsked: self.association,
            PeopleFound: self.people,
            Related: self.related,
            NearAnchor: self.near_anchor,
            AsOfSelection: self.as_of,
            AsOfCheck: self.as_of_check,
            NoTieInWindow: self.no_tie_in_window,
            Extreme: self.extreme,
            YearInReview: self.year_in_review,
        }

    def compose(self, finding: Finding, question: Question) -> Answer:
        """The answer that says what `finding` found, for the question as asked."""
        return self._say[type(finding)](finding, question)
