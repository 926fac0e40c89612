"""Entries related to a named city: near it, in its country or on its continent, before or after it."""

from __future__ import annotations

from bot.engine.findings import (
    Finding,
    NearAnchor,
    Related,
)
from bot.engine.geo import distance_km
from bot.engine.query import Query, RelationKind
from bot.engine.steps.base import (
    NEAREST_OTHERS,
    StepBase,
)


class RelationSteps(StepBase):
    """Entries related to a named city."""

    def related(self, query: Query) -> Finding | None:
        """Entries related to a named city: near it, in its country or on its continent, before or after it."""
        relation = query.relation
        if relation is None:
            return None
        anchor = relation.anchor
        if relation.kind is RelationKind.NEAR:
            if relation.place is not None and relation.place.city is None:
                return self.not_sister(query, relation.place, near_to=anchor)
            intents = query.intents
            # ("sister city next to Hangzhou on the map?": the sister cities near it)
            asks_set = intents.listing or intents.list_word or intents.nearest or intents.count or intents.sister_term
            if anchor is not None and not query.foreign and len(query.ours) == 1 and asks_set:
                others = sorted(
                    ((c, distance_km(anchor.position, c.position)) for c in self.kb.sister_cities if c is not anchor),
                    key=lambda pair: pair[1],
                )
                return NearAnchor(anchor=anchor, cities=tuple(others[:NEAREST_OTHERS]))
            return None
        assert anchor is not None
        other = next((m for m in query.foreign if m.place is not None and not m.place.is_country), None)
        if other is not None and relation.kind in (RelationKind.SAME_COUNTRY, RelationKind.SAME_CONTINENT):
            return self.not_sister(query, other, near_to=anchor)  # "Accra, in Ghana like Sekondi: is it one?"
        order = list(self.kb.sister_cities)
        if relation.kind in (RelationKind.BEFORE, RelationKind.AFTER):
            if anchor not in order:
                return None
            i = order.index(anchor)
            cities = order[:i] if relation.kind is RelationKind.BEFORE else order[i + 1 :]
            scoped, where = self.scope(query)  # "the first European sister city after Kyoto": those in Europe
            cities = [c for c in cities if c in scoped]
            intents = query.intents
            if (intents.earliest or intents.latest) and where and cities:
                # "how long after Kyoto did Boston get its first European sister city?": that one, beside Kyoto
                return self.side_by_side(anchor, cities[0] if intents.earliest else cities[-1])
            picked = [c for c in cities if c is not anchor and c not in relation.also]
            return Related(
                anchor=anchor,
                kind=relation.kind,
                cities=tuple(picked),
                count=intents.count,
                also=relation.also,
                where=where,
            )
        elif relation.kind is RelationKind.SAME_COUNTRY:
            cities = [c for c in (*order, *self.kb.friendship_cities) if c.country_code == anchor.country_code]
        elif relation.kind is RelationKind.SAME_CONTINENT:
            cities = [c for c in order if c.continent is anchor.continent]
        else:
            intents = query.intents
            if not (intents.listing or intents.count or intents.list_word):
                return None
            cities = order
        cities = [c for c in cities if c is not anchor and c not in relation.also]
        return Related(
            anchor=anchor, kind=relation.kind, cities=tuple(cities), count=query.intents.count, also=relation.also
        )
