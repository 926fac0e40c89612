"""Replies about time: the first, newest or nth tie, the tie before or after another, when ties were made."""

from __future__ import annotations

from bot.engine.answers import Answer, AnswerKind
from bot.engine.findings import (
    Neighbour,
    Pick,
    When,
    YearInReview,
)
from bot.engine.question import Question
from bot.engine.replies.base import (
    ReplyBase,
    disputes,
    kind_word,
    ordinal,
    rows,
    years,
    years_apart,
)

# How many of a year's facts to show ("what happened in 2019?").
MAX_YEAR_FACTS = 6


class TimeReplies(ReplyBase):
    """Replies about time."""

    def pick(self, found: Pick, q: Question) -> Answer:
        """The first, newest or nth sister city."""
        city = found.city
        assert city is not None
        if found.rank == 1:
            word = "newest" if found.latest else "first"
        else:
            word = f"{ordinal(found.rank)}{' newest' if found.latest else ''}"
        lead = (
            f"{city.name}, {city.country}, is Boston's {word} sister city{found.where}: "
            f"the tie dates from {city.since}."
        )
        year = city.established.year
        crossing = tuple(  # a tie another source dates on the other side of this one changes its rank
            c
            for c in self.kb.sister_cities
            if c is not city and any((o.year < year) != (c.established.year < year) for o in c.established.other_dates)
        )
        claimed = found.claimed
        if claimed is not None and claimed is not city:  # "...? I read it was Praia": it is not, and when it came
            side = "earlier" if found.latest else "later"
            lead += f" Not {claimed.name}: its tie came {side}, in {claimed.established.year}."
        return Answer(q.raw, AnswerKind.CITY, lead=lead + disputes(crossing), city=city)

    def neighbour(self, found: Neighbour, q: Question) -> Answer:
        """The sister city just before or after another."""
        anchor = found.anchor
        assert anchor is not None
        word = "after" if found.later else "before"
        where = found.where
        if found.city is None:
            superlative = "newest" if found.later else "first"
            lead = f"{anchor.name} ({anchor.since}) is Boston's {superlative} sister city{where}: none came {word} it."
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=anchor)
        pick = found.city
        lead = f"{pick.name} ({pick.since}) is the sister city{where} that came just {word} "
        gap = abs(pick.established.year - anchor.established.year)
        disputed = pick.established.other_dates or anchor.established.other_dates  # (Barcelona: 1980 or 1983)
        apart = f", {years(gap)} {'later' if found.later else 'earlier'}"
        apart = "" if disputed or not gap else apart
        lead += f"{anchor.name} ({anchor.since}){apart}."
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=pick)

    def when(self, found: When, q: Question) -> Answer:
        """When the named cities' ties were made."""
        cities = found.cities
        lines = []
        for city in cities:
            line = f"{city.name} became Boston's {kind_word(city)} in {city.established.year}"
            line += f" (on {city.since})." if city.established.date else "."
            if found.year is not None and found.year >= city.established.year:
                age = found.year - city.established.year
                line += f" In {found.year} the tie is {years(age)} old."
            lines.append(line)
        one = len(cities) == 1
        return Answer(
            q.raw,
            AnswerKind.CITY if one else AnswerKind.COMPARE,
            lead=" ".join(lines) + years_apart(cities) + disputes(cities),
            city=cities[0] if one else None,
            rows=() if one else rows(cities),
        )

    def year_in_review(self, found: YearInReview, q: Question) -> Answer:
        """What the knowledge dates to one year: its ties first, then the facts that name the year."""
        year = found.year
        ties = [f"{c.name} became Boston's {kind_word(c)}" for c in found.ties if c.established.year == year]
        ties += [
            f"{city.name}'s tie is dated {year} by some sources (Boston's give {city.established.year})"
            for city in found.ties
            if city.established.year != year
        ]
        lead = f"Here is what my knowledge base dates to {year}"
        lead += f": {'; '.join(ties)}." if ties else "."
        cities = list(dict.fromkeys([*found.ties, *(city for city, _ in found.facts)]))
        notes = tuple(f"{city.name}: {fact.text}" for city, fact in found.facts[:MAX_YEAR_FACTS])
        if len(cities) == 1:
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=cities[0], notes=notes)
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(cities), notes=notes)
