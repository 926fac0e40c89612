"""Replies about space: how far, nearest, furthest, furthest in a direction, nearest to one of ours."""

from __future__ import annotations

from bot.engine.answers import Answer, AnswerKind
from bot.engine.findings import (
    Distances,
    Extreme,
    HowFar,
    NearAnchor,
    Nearest,
)
from bot.engine.geo import describe_distance, distance_km
from bot.engine.question import Question
from bot.engine.replies.base import (
    ReplyBase,
    rows,
)
from bot.engine.steps.base import km_from_boston


class SpaceReplies(ReplyBase):
    """Replies about space."""

    def nearest(self, found: Nearest, q: Question) -> Answer:
        """The nearest or furthest sister city."""
        city = found.city
        assert city is not None
        word = "furthest from" if found.furthest else "closest to"
        return Answer(
            q.raw,
            AnswerKind.CITY,
            lead=f"{city.name}, {city.country}, is the sister city{found.where} {word} Boston: "
            f"about {describe_distance(km_from_boston(city))} as the crow flies.",
            city=city,
        )

    def extreme(self, found: Extreme, q: Question) -> Answer:
        """The sister city furthest in one direction, with its position."""
        city = found.city
        assert city is not None
        lat, lon = city.position
        where = f"{abs(lat):.1f}°{'N' if lat >= 0 else 'S'}, {abs(lon):.1f}°{'E' if lon >= 0 else 'W'}"
        lead = f"{city.name}, {city.country}, is Boston's sister city furthest {found.direction} ({where})."
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city)

    def distances(self, found: Distances, q: Question) -> Answer:
        """Sister cities by distance from Boston."""
        if found.in_range:
            count = len(found.cities)
            noun = "sister city" if count == 1 else "sister cities"
            names = ", ".join(c.name for c in found.cities)
            lead = f"{count} {noun}{found.where}, nearest first: {names}."
        else:
            lead = f"How far Boston's sister cities{found.where} are from Boston, nearest first:"
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(found.cities, "distance"))

    def how_far(self, found: HowFar, q: Question) -> Answer:
        """How far the named cities are."""
        cities = found.cities
        lines = [
            f"{c.name} is about {describe_distance(km_from_boston(c))} from Boston, as the crow flies." for c in cities
        ]
        if len(cities) == 2:  # "how far apart are Belfast and Praia?": from each other, too
            first, second = cities
            km = distance_km(first.position, second.position)
            apart = f"{first.name} and {second.name} are about {describe_distance(km)} apart."
            said = set(q.words)  # "how far is Belfast from Praia?" asks the two apart; "from Boston" does not
            asked = bool(said & {"apart", "between", "each", "another"}) or ("from" in said and "boston" not in said)
            lines = [apart, *lines] if asked else [*lines, apart]
        one = len(cities) == 1
        return Answer(
            q.raw,
            AnswerKind.CITY if one else AnswerKind.COMPARE,
            lead=" ".join(lines),
            city=cities[0] if one else None,
            rows=() if one else rows(cities, "distance"),
        )

    def near_anchor(self, found: NearAnchor, q: Question) -> Answer:
        """Our sister cities nearest to a named one."""
        anchor = found.anchor
        assert anchor is not None
        parts = ", ".join(f"{c.name} (about {describe_distance(km)})" for c, km in found.cities)
        lead = f"Boston's sister cities nearest to {anchor.name}: {parts}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows([c for c, _ in found.cities]))
