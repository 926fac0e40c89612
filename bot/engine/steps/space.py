"""Space: how far, nearest, furthest, within a distance, furthest in a direction; continents, hemispheres and the
countries of a language."""

from __future__ import annotations

from bot.engine.findings import (
    ByContinent,
    Distances,
    Extreme,
    FactFound,
    Finding,
    HowFar,
    Nearest,
    NoneInScope,
    Selection,
)
from bot.engine.intents import REGIONS
from bot.engine.languages import language_asked, spoken_in
from bot.engine.matching import Mention
from bot.engine.query import Query
from bot.engine.steps.base import (
    StepBase,
    defers_to_knowledge,
    km_from_boston,
)
from bot.knowledge.models import City


class SpaceSteps(StepBase):
    """Space."""

    def language(self, query: Query) -> Finding | None:
        """Sister cities in countries where a language is a national official language ("which are in
        Chinese-speaking places?"): by country, which is all the data says."""
        asked = language_asked(query.question.folded)
        if asked is None:
            return None
        where = f" in countries where {asked.title()} is a national official language"
        cities = tuple(c for c in self.kb.sister_cities if spoken_in(asked, c.country_code))
        return Selection(cities=cities, where=where) if cities else NoneInScope(where=where)

    def distance(self, query: Query) -> Finding | None:
        """How far, nearest, furthest, within N km; furthest north, south, east or west."""
        intents = query.intents
        if intents.compass is not None and not query.ours and not query.foreign:
            cities, _ = self.scope(query)
            latitude, sign = {"north": (0, 1), "south": (0, -1), "east": (1, 1), "west": (1, -1)}[intents.compass]
            pick = max(cities, key=lambda c: sign * c.position[latitude], default=None)
            return Extreme(city=pick, direction=intents.compass) if pick else None
        if not (intents.distance or intents.nearest or intents.furthest or intents.distance_range):
            return None
        if query.ours:
            return HowFar(cities=query.ours)
        if query.foreign or not (
            intents.sister_term or intents.continents or intents.continents_out or not query.unexplained
        ):
            return None
        if defers_to_knowledge(query):
            return None
        cities, where = self.scope(query)
        ranked = sorted(cities, key=km_from_boston)
        if (span := intents.distance_range) is not None:
            ranked = [c for c in ranked if span.low_km <= km_from_boston(c) <= span.high_km]
            where += f" {span.label}"
            if ranked and not (intents.nearest or intents.furthest):
                return Distances(cities=tuple(ranked), where=where, in_range=True)
        if not ranked:
            return NoneInScope(where=where)
        if intents.take and (intents.nearest or intents.furthest):  # "the two sister cities nearest to Boston"
            chosen = ranked[-intents.take :] if intents.furthest else ranked[: intents.take]
            side = "furthest from" if intents.furthest else "closest to"
            return Distances(cities=tuple(chosen), where=f"{where} {side} Boston", in_range=True)
        if intents.furthest:
            return Nearest(city=ranked[-1], furthest=True, where=where)
        if intents.nearest:
            return Nearest(city=ranked[0], where=where)
        return Distances(cities=tuple(ranked), where=where)

    def continent(self, query: Query) -> Finding | None:
        """Sister cities on continents or in a hemisphere, or all of them by continent."""
        intents = query.intents
        if intents.by_continent and not intents.continent_words and not query.places.mentions:
            groups: dict[str, list[City]] = {}
            for city in self.kb.sister_cities:
                groups.setdefault(city.continent.value, []).append(city)
            ranked = sorted(groups.items(), key=lambda g: -len(g[1]))
            return ByContinent(groups=tuple((name, tuple(cities)) for name, cities in ranked))
        alongside = _countries_beside_continents(query)
        if (not intents.continent_words and intents.hemisphere is None) or (query.ours and not alongside):
            return None
        if (region := _region(query)) is not None:  # "the Middle East": its countries, on no one continent
            label, codes = region
            in_region = tuple(c for c in self.kb.sister_cities if c.country_code in codes)
            friends = tuple(c for c in self.kb.friendship_cities if c.country_code in codes)
            if not in_region:
                return NoneInScope(where=f" in {label}", friends=friends)
            return Selection(cities=in_region, where=f" in {label}")
        cities, where = self.scope(query)
        if alongside and intents.continents:  # "in Africa or Japan": the continent's ties and the country's
            asked = {m.country_code for m in alongside}
            cities = [c for c in self.kb.sister_cities if c in cities or c.country_code in asked]
            named = self.places.gazetteer.country_names
            names = (named.get(m.country_code or "", m.surface) for m in alongside)
            where += " or " + " or ".join(dict.fromkeys(_with_article(name) for name in names))
        fact = query.fact
        if fact is not None and fact[2].phrase and fact[0] in cities:
            # "is there a Boston Square somewhere in West Africa?": the thing named, where it is
            return FactFound(city=fact[0], fact=fact[1], score=round(fact[2].score))
        if not cities or (intents.continent_words and not intents.continents and not intents.continents_out):
            where = where or " in " + " and ".join(w.title() for w in intents.continent_words)
            return NoneInScope(where=where)
        return Selection(cities=tuple(cities), where=where)


_THE_COUNTRIES = frozenset({"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles"})


def _with_article(country: str) -> str:
    """A country's name as said in a sentence: "the United Kingdom", "the Philippines", "Japan"."""
    named_as_a_union = country.startswith(("United ", "Republic of ")) or country.endswith((" Republic", " Islands"))
    return f"the {country}" if named_as_a_union or country in _THE_COUNTRIES else country


# Words that join a continent and a country asked together: "in Europe or the UK", "Africa and Japan".
_JOINING = frozenset({"or", "and", "the", "in"})


def _countries_beside_continents(query: Query) -> list[Mention]:
    """The countries (by name or people) asked alongside a continent, joined to it by "or" or "and" ("in the EU or
    UK", "Japan or Africa"); none when a city of its own is named too."""
    mentions = query.places.mentions
    if not query.intents.continents or any(m.how not in ("country", "demonym") for m in mentions):
        return []
    words = query.question.words
    keys = {k for key in query.intents.continent_words for k in key.split()}

    def joined(start: int, step: int) -> bool:
        at = start
        passed: set[str] = set()
        while 0 <= at < len(words) and words[at] in _JOINING:
            passed.add(words[at])
            at += step
        return bool(passed & {"or", "and"}) and 0 <= at < len(words) and words[at] in keys

    return [m for m in mentions if m.end > m.start and (joined(m.start - 1, -1) or joined(m.end, 1))]


def _region(query: Query) -> tuple[str, frozenset[str]] | None:
    """The one region asked about, when it is all the question places ("sister cities in the Middle East?")."""
    words = query.intents.continent_words
    if len(words) != 1 or words[0] not in REGIONS or query.intents.continents or query.places.mentions:
        return None
    return REGIONS[words[0]]
