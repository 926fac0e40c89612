"""What the bot cannot answer: tasks, facts the knowledge does not hold, and other places' programs."""

from __future__ import annotations

from bot.engine.findings import (
    FactFound,
    Finding,
    Missing,
    OtherProgram,
    Task,
)
from bot.engine.query import Query
from bot.engine.question import stem
from bot.engine.steps.base import (
    OWN_FACT_SCORE,
    StepBase,
    fact_fits,
    strong_topic,
)


class LimitSteps(StepBase):
    """What the bot cannot answer."""

    @staticmethod
    def _fact_tells(query: Query, cues: frozenset[str]) -> bool:
        """True when the best city fact matched a word that asks for the missing kind ("what did the statue
        cost?" is answered only by a fact about its cost, not by the statue's)."""
        return query.fact is not None and bool({stem(c) for c in cues} & set(query.fact[2].matched))

    def beyond(self, query: Query) -> Finding | None:
        """A task it cannot do, another place's own partner cities, or a kind of fact it does not hold."""
        ours = query.ours
        city = ours[0] if len(ours) == 1 else None
        if query.task and not fact_fits(query):
            return Task(what=query.task, city=city, score=0)
        if query.other_program:
            if fact_fits(query) and query.fact is not None and query.fact[0] in ours:
                return FactFound(city=query.fact[0], fact=query.fact[1], score=round(query.fact[2].score))
            return OtherProgram(place=query.other_program, city=city, score=0)
        if query.missing and not (fact_fits(query) and self._fact_tells(query, query.missing.cues)):
            topic = query.topics[0][0] if query.topics and query.topics[0][1].anchored else None
            return Missing(what=query.missing.what, city=city, topic=None if city else topic, score=0)
        year = query.year_not_about_ties
        if year is not None and not ours and query.unexplained and not fact_fits(query) and not strong_topic(query):
            # "when is the 2026 sister cities picnic?": an event in some year, which no entry describes.
            own = self.facts.best_for(city, query.question, query.places.covered) if city else None
            if own is None or own[1].score < OWN_FACT_SCORE or not own[1].anchored:
                return Missing(what=f"anything about that in {year}", city=city, score=0)
        return None
