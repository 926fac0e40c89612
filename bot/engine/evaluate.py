"""Evaluate a query against the knowledge base: which step's question it is, and what that step finds.

The steps run in a fixed order, and the first that recognises its kind of question wins: greetings and help, the
countries of a language, what the bot cannot answer, a city one source lists and nothing confirms, the whole list,
people, relations, a point in time, distance, time, continents, named places, topics and city facts. Each family of
steps is a module of bot/engine/steps/. Counts and lists are always computed from the city files. Nothing here writes
a sentence: findings are data.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.findings import Fallback, Finding
from bot.engine.matching import FactMatcher, PlaceFinder
from bot.engine.query import Query
from bot.engine.steps.knowledge import KnowledgeSteps
from bot.engine.steps.limits import LimitSteps
from bot.engine.steps.people import PeopleSteps
from bot.engine.steps.places import PlaceSteps
from bot.engine.steps.relations import RelationSteps
from bot.engine.steps.space import SpaceSteps
from bot.engine.steps.time import TimeSteps
from bot.knowledge.models import KnowledgeBase

Step = Callable[[Query], Finding | None]


class Evaluator(KnowledgeSteps, LimitSteps, PeopleSteps, RelationSteps, TimeSteps, SpaceSteps, PlaceSteps):
    """Runs queries against one knowledge base."""

    def __init__(self, kb: KnowledgeBase, places: PlaceFinder, facts: FactMatcher) -> None:
        self.kb = kb
        self.places = places
        self.facts = facts
        self.index_places(kb)
        self.steps: tuple[Step, ...] = (
            self.social,
            self.language,
            self.subject_place,
            self.beyond,
            self.unconfirmed_named,
            self.whole_list,
            self.people,
            self.related,
            self.as_of,
            self.distance,
            self.time,
            self.continent,
            self.named,
            self.knowledge,
        )

    def evaluate(self, query: Query) -> Finding:
        """What the knowledge base says to this query: the first step that recognises it, else "not sure"."""
        q = query.question
        if not q.words and not query.places.mentions:
            return Fallback(empty=not q.clean, score=0)
        for step in self.steps:
            if (found := step(query)) is not None:
                return found
        return self.unsure(query)
