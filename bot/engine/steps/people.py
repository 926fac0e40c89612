"""People the knowledge names: who they are, who signed, who proposed a tie."""

from __future__ import annotations

from bot.engine.findings import (
    Finding,
    Missing,
    PeopleFound,
)
from bot.engine.query import Query
from bot.engine.steps.base import (
    PROPOSE_WORDS,
    SIGN_WORDS,
    WHO_WORDS,
    StepBase,
)


class PeopleSteps(StepBase):
    """People the knowledge names."""

    def people(self, query: Query) -> Finding | None:
        """People our knowledge names: who they are, and which agreements they signed."""
        words = set(query.question.words)
        signing = bool(words & SIGN_WORDS)
        ours = query.ours
        if not query.people:
            asks_who = bool(words & WHO_WORDS) or ("which" in words and bool(words & {"mayor", "mayors"}))
            if asks_who and len(ours) == 1 and ours[0].people and words & PROPOSE_WORDS:
                return PeopleFound(people=tuple((p, ours[0]) for p in ours[0].people))
            if asks_who and len(ours) == 1 and signing:
                city = ours[0]
                signers = tuple((p, city) for p in city.people if p.signed)
                if signers:
                    return PeopleFound(people=signers, signed_only=True)
                return Missing(what="who signed it", city=city, score=0)
            return None
        matches = list(query.people)
        if len(ours) == 1:
            matches = [m for m in matches if m.city is ours[0]] or matches
        if signing:
            matches = [m for m in matches if m.person.signed] or matches
        return PeopleFound(people=tuple((m.person, m.city) for m in matches), signed_only=signing)
