"""Replies about people: who they are and which agreements they signed."""

from __future__ import annotations

from bot.engine.answers import Answer, AnswerKind
from bot.engine.findings import (
    PeopleFound,
)
from bot.engine.question import Question
from bot.engine.replies.base import (
    ReplyBase,
    person_line,
    rows,
)
from bot.knowledge.models import City, Person


class PeopleReplies(ReplyBase):
    """Replies about people."""

    def people(self, found: PeopleFound, q: Question) -> Answer:
        """Who the people are, and what they signed; one city's card, or the cities they signed for."""
        cities = tuple(dict.fromkeys(city for _, city in found.people))
        by_name: dict[str, list[tuple[Person, City]]] = {}
        for person, city in found.people:  # one person may appear under several cities ("Mayor Walsh")
            by_name.setdefault(person.name, []).append((person, city))
        lines = [person_line(entries) for entries in by_name.values()]
        if found.signed_only and not any(person.signed for person, _ in found.people):
            # "did Michelle Wu sign any agreements?": the sources record none; say so before what they do record
            names = " or ".join(by_name)
            lines.insert(0, f"My sources have no record of {names} signing a sister-city agreement.")
        if found.signers_unknown is not None:
            city = found.signers_unknown
            tie = f"Boston's agreement with {city.name} ({city.since})"
            lines.insert(0, f"My sources don't say who signed {tie}. They name:")
        lead = " ".join(lines)
        if len(cities) == 1:
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=cities[0])
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(cities))
