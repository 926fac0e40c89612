"""Evaluate a query against the knowledge base: which step's question it is, and what that step finds.

The steps run in a fixed order, and the first that recognises its kind of question wins: social chatter, the
whole list, what the bot cannot do or does not hold, distance, time, continents, named places, topics and city
facts. Counts and lists are always computed from the city files. Nothing here writes a sentence: findings are data.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.findings import (
    AsOfCheck,
    AsOfSelection,
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
    Unsure,
    When,
    WholeList,
    WrongCountry,
)
from bot.engine.geo import BOSTON, distance_km
from bot.engine.matching import ANSWER_SCORE, SAME_PLACE_KM, FactMatcher, Mention, PlaceFinder, Scored
from bot.engine.query import AsOf, Query, RelationKind
from bot.knowledge.models import City, KnowledgeBase, Topic, UnconfirmedCity
from bot.knowledge.normalize import fold

# A topic is answered when it explains at least this share (0-100) of the question's content words...
TOPIC_ANSWER_SCORE = 50.0
# ...and its matched words weigh at least this much (rare, specific words weigh more).
TOPIC_MIN_WEIGHT = 0.9
# Below the answer band, a topic this good is offered as a choice.
TOPIC_SUGGEST_SCORE = 30.0
# A topic wins over a named city's card when it explains this much and the card explains little of the rest.
TOPIC_OVER_CARD_SCORE = 75.0
# More unexplained words than this (and most of them) make a message chatter, not a request for the list.
NOISE_WORDS = 6
# A city fact is answered when it explains this share of the question...
FACT_ANSWER_SCORE = 70.0
# ...or this much when the question also names the fact's city ("a japanese house at the children's museum?")...
NAMED_FACT_SCORE = 50.0
# ...or, among the named city's own facts, this much with a keyword or a year matched ("what animal did Kyoto get
# from Boston in 1961?" finds the gifts, "Strasbourg's 60th anniversary art project" the art project).
OWN_FACT_SCORE = 20.0
# A question about a named city with this many words that nothing we know of the city explains ("who's
# headlining the Barcelona music festival") is about something the knowledge does not hold, not the city's card.
UNKNOWN_ABOUT_CITY_WORDS = 2
# Words that ask about a city's status ("is Padua really a sister city?"): its card, with its caveat, answers.
STATUS_WORDS = frozenset(
    """really actually officially official formally formal status pact still truly genuine drop dropped ended
    suspended review reviewed cancelled canceled lapsed active valid friendship yeah right true""".split()
)
# Words that ask for a city's card in other words: never evidence that something else is asked.
CARD_WORDS = frozenset(
    """story history background overview relationship relationships connection connections link links tie ties
    partnership partnerships agreement agreements info facts fact profile summary deal know learn more""".split()
)

# Words that ask who signed (or which agreements someone signed).
SIGN_WORDS = frozenset("sign signed signs signer signers signing signatory signatories".split())
WHO_WORDS = frozenset("who whom whose".split())
# Words that ask who started a tie ("who proposed the Ghana partnership?"): the people the knowledge names for it.
PROPOSE_WORDS = frozenset(
    "proposed propose suggested suggest inspired inspire started start initiated began idea".split()
)
# Phrases that ask a named tie's age in some year: its date answers, not a count at that time.
AGE_PHRASES = ("how many years", "how long", "how old", "anniversary")
# How many of a named city's nearest others to show.
NEAREST_OTHERS = 3

_BEFORE = frozenset({"before", "previous", "preceding", "prior", "preceded", "precedes"})
_AFTER = frozenset({"after", "next", "following", "followed", "follows", "succeeded"})

Step = Callable[[Query], Finding | None]


def km_from_boston(city: City) -> float:
    """Great-circle distance from Boston to the city, in kilometres."""
    return distance_km(BOSTON, city.position)


def _other_years(city: City) -> tuple[int, ...]:
    """Other years the sources give for the tie (Barcelona: 1983 besides Boston's 1980)."""
    return tuple(other.year for other in city.established.other_dates)


def _in_hemisphere(city: City, side: str) -> bool:
    lat, lon = city.position
    return {"north": lat >= 0, "south": lat < 0, "east": lon >= 0, "west": lon < 0}[side]


def answers(topics: tuple[tuple[Topic, Scored], ...]) -> bool:
    """True when the best-ranked topic is strong enough to answer: anchored, weighty, explaining half the question.

    (A lower bar for a topic far ahead of the runner-up was tried: it answered "which sister cities joined in the
    1990s" with how to join, and "how do I apply for a job with the City" with the economic objective.)"""
    if not topics:
        return False
    scored = topics[0][1]
    return scored.anchored and scored.weight >= TOPIC_MIN_WEIGHT and scored.score >= TOPIC_ANSWER_SCORE


def strong_topic(query: Query) -> tuple[Topic, Scored] | None:
    """The best topic if it is strong enough to answer the question (see TOPIC_ANSWER_SCORE)."""
    return query.topics[0] if answers(query.topics) else None


def fact_fits(query: Query) -> bool:
    """True when the best city fact explains most of the question."""
    fact = query.fact
    return fact is not None and fact[2].anchored and fact[2].score >= FACT_ANSWER_SCORE


def defers_to_knowledge(query: Query) -> bool:
    """True when words no intent explains are a topic's or a city fact's ("first week here, how do I join")."""
    return bool(query.unexplained) and (fact_fits(query) or strong_topic(query) is not None)


def _relative_to(query: Query) -> tuple[City, bool] | None:
    """(city, later) for "the one before Praia" / "after Kyoto": a relative word just before a named city."""
    ours = query.ours
    if len(ours) != 1 or not ours[0].is_sister:
        return None
    mention = next(m for m in query.places.mentions if m.city is ours[0])
    words = query.question.words
    for i in range(max(0, mention.start - 2), mention.start):
        if words[i] in _BEFORE | _AFTER:
            return ours[0], words[i] in _AFTER
    return None


class Evaluator:
    """Runs queries against one knowledge base."""

    def __init__(self, kb: KnowledgeBase, places: PlaceFinder, facts: FactMatcher) -> None:
        self.kb = kb
        self.places = places
        self.facts = facts
        self.steps: tuple[Step, ...] = (
            self.social,
            self.beyond,
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

    # --- the filters every list step shares --------------------------------------------------------------------

    def scope(self, query: Query, distances: bool = False) -> tuple[list[City], str]:
        """The sister cities the question's continents, hemisphere and years (and, with `distances`, its range of
        distances) select, and how to say the filter."""
        intents = query.intents
        cities = list(self.kb.sister_cities)
        where = ""
        if intents.continents:
            cities = [c for c in cities if c.continent in intents.continents]
            where = " in " + " and ".join(c.value for c in intents.continents)
        if intents.hemisphere is not None:
            cities = [c for c in cities if _in_hemisphere(c, intents.hemisphere)]
            where += f" in the {intents.hemisphere}ern hemisphere"
        if query.years is not None:
            cities = [c for c in cities if c.established.year in query.years]
            where += f" {query.years.label}"
        if distances and (span := intents.distance_range) is not None:
            cities = [c for c in cities if span.low_km <= km_from_boston(c) <= span.high_km]
            where += f" {span.label}"
        return cities, where

    # --- what the bot cannot do or does not hold ---------------------------------------------------------------

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
        if query.missing and not fact_fits(query):
            topic = query.topics[0][0] if query.topics and query.topics[0][1].anchored else None
            return Missing(what=query.missing, city=city, topic=None if city else topic, score=0)
        year = query.year_not_about_ties
        if year is not None and not ours and query.unexplained and not fact_fits(query) and not strong_topic(query):
            # "when is the 2026 sister cities picnic?": an event in some year, which no entry describes.
            own = self.facts.best_for(city, query.question, query.places.covered) if city else None
            if own is None or own[1].score < OWN_FACT_SCORE or not own[1].anchored:
                return Missing(what=f"anything about that in {year}", city=city, score=0)
        return None

    # --- people ------------------------------------------------------------------------------------------------

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

    # --- relations and points in time -------------------------------------------------------------------------

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
            asks_set = intents.listing or intents.list_word or intents.nearest or intents.count
            if anchor is not None and not query.foreign and len(query.ours) == 1 and asks_set:
                others = sorted(
                    ((c, distance_km(anchor.position, c.position)) for c in self.kb.sister_cities if c is not anchor),
                    key=lambda pair: pair[1],
                )
                return NearAnchor(anchor=anchor, cities=tuple(others[:NEAREST_OTHERS]))
            return None
        assert anchor is not None
        order = list(self.kb.sister_cities)
        if relation.kind in (RelationKind.BEFORE, RelationKind.AFTER):
            if anchor not in order:
                return None
            i = order.index(anchor)
            cities = order[:i] if relation.kind is RelationKind.BEFORE else order[i + 1 :]
        elif relation.kind is RelationKind.SAME_COUNTRY:
            cities = [c for c in (*order, *self.kb.friendship_cities) if c.country_code == anchor.country_code]
        elif relation.kind is RelationKind.SAME_CONTINENT:
            cities = [c for c in order if c.continent is anchor.continent]
        else:
            intents = query.intents
            if not (intents.listing or intents.count or intents.list_word):
                return None
            cities = order
        cities = [c for c in cities if c is not anchor]
        return Related(anchor=anchor, kind=relation.kind, cities=tuple(cities), count=query.intents.count)

    def as_of(self, query: Query) -> Finding | None:
        """What Boston had at a point in time: the count or the list, or whether a named city was already one."""
        as_of = query.as_of
        if as_of is None:
            return None
        intents = query.intents
        text = f" {query.question.folded} "
        if as_of.event is None and query.ours and any(f" {p} " in text for p in AGE_PHRASES):
            return None  # "in 2025, how many years has the Strasbourg tie been going?": its date and its age
        asks_set = intents.count or intents.listing or intents.list_word
        if as_of.event is None and len(query.ours) == 1 and query.ours[0].is_sister and not asks_set:
            return AsOfCheck(city=query.ours[0], as_of=as_of)
        cities, where = self.scope(query, distances=True)
        had = tuple(c for c in cities if self._had(c, as_of))
        disputed = tuple(c for c in cities if any(self._had(c, as_of, y) != (c in had) for y in _other_years(c)))
        total = sum(self._had(c, as_of) for c in self.kb.sister_cities) if where else None
        return AsOfSelection(cities=had, as_of=as_of, count=intents.count, disputed=disputed, total=total, where=where)

    def _had(self, city: City, as_of: AsOf, year: int | None = None) -> bool:
        """Whether the tie existed at that point in time (by its year, or by another year a source gives)."""
        if as_of.event is not None and year is None:
            order = list(self.kb.sister_cities)
            return order.index(city) <= order.index(as_of.event) if as_of.event in order else False
        tie = year if year is not None else city.established.year
        if as_of.event is not None:
            return tie <= as_of.event.established.year
        return tie <= as_of.year if as_of.inclusive else tie < as_of.year

    def _unconfirmed(self, query: Query) -> UnconfirmedCity | None:
        """A city some source lists and nothing confirms (Beira), named in the question."""
        words = f" {query.question.folded} "
        for city in self.kb.unconfirmed:
            if any(f" {fold(name)} " in words for name in city.names):
                return city
            for mention in query.foreign:
                place = mention.place
                if place is None or place.latitude is None or place.longitude is None:
                    continue
                here = (place.latitude, place.longitude)
                near = (city.coordinates.latitude, city.coordinates.longitude)
                if distance_km(here, near) <= SAME_PLACE_KM:
                    return city
        return None

    # --- the steps, in order -----------------------------------------------------------------------------------

    def social(self, query: Query) -> Finding | None:
        """A greeting, thanks or a request for help, with nothing else asked."""
        intents = query.intents
        if query.places.mentions or query.content:
            return None
        if intents.listing or intents.count or intents.ranking or intents.continents or query.years:
            return None
        if intents.help:
            return Help()
        if intents.greeting:
            return Greeting()
        if intents.thanks:
            return Thanks()
        return None

    def whole_list(self, query: Query) -> Finding | None:
        """The whole list, asked for outright: "the complete list, not just the first few", "don't just give me
        Kyoto, I want all of them" (content already leaves out the words of named places)."""
        intents = query.intents
        narrowed = (
            intents.continents
            or query.years
            or query.as_of
            or query.relation
            or intents.hemisphere
            or intents.distance_range
        )
        if not intents.whole_list or narrowed or query.foreign or len(query.ours) > 1:
            return None
        extra = query.unexplained
        if len(extra) > 1 or (extra and strong_topic(query)):
            return None
        return WholeList(count=intents.count)

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
        if query.foreign or not (intents.sister_term or intents.continents or not query.unexplained):
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
        if intents.furthest:
            return Nearest(city=ranked[-1], furthest=True, where=where)
        if intents.nearest:
            return Nearest(city=ranked[0], where=where)
        return Distances(cities=tuple(ranked), where=where)

    def time(self, query: Query) -> Finding | None:
        """When a tie was made, the first or newest, the one before or after another, ties in a window of years."""
        intents = query.intents
        words = set(query.question.words)
        ours = query.ours
        asks_when = intents.when or (query.years is None and bool(words & {"since", "established"}))
        if ours and asks_when:
            year = query.as_of.year if query.as_of else query.year_not_about_ties
            if year is None and query.years is not None:
                year = query.years.single_year
            return When(cities=ours, year=year)
        relative = _relative_to(query)
        if relative is not None and query.years is None:
            return self.neighbour(relative[0], later=relative[1])
        if ours or query.foreign:
            return None
        if not (intents.earliest or intents.latest or query.years or intents.ordinal):
            return None
        if query.years is None and not (intents.sister_term or intents.continents or not query.unexplained):
            return None
        if defers_to_knowledge(query):
            return None
        cities, where = self.scope(query)
        if not cities and query.years is not None and not (intents.continents or intents.hemisphere):
            # Never "Boston has no sister cities in 1990": no tie was made then, and it had some by then.
            last = min(query.years.last, max(c.established.year for c in self.kb.sister_cities))
            had = tuple(c for c in self.kb.sister_cities if c.established.year <= last)
            return NoTieInWindow(where=where, year=last, had=had)
        if not cities:
            return NoneInScope(where=where)
        if intents.earliest or intents.latest or intents.ordinal:
            rank = intents.ordinal or 1
            if rank > len(cities):
                return NoneInScope(where=f"{where} (only {len(cities)})")
            pick = cities[-rank] if intents.latest else cities[rank - 1]
            return Pick(city=pick, rank=rank, latest=intents.latest, where=where)
        return Selection(cities=tuple(cities), where=where, verb="joined")

    def neighbour(self, city: City, later: bool) -> Neighbour:
        """The sister city that came just before or after this one."""
        order = list(self.kb.sister_cities)
        i = order.index(city) + (1 if later else -1)
        pick = order[i] if 0 <= i < len(order) else None
        return Neighbour(anchor=city, city=pick, later=later)

    def continent(self, query: Query) -> Finding | None:
        """Sister cities on continents or in a hemisphere, or all of them by continent."""
        intents = query.intents
        if intents.by_continent and not intents.continent_words and not query.places.mentions:
            groups: dict[str, list[City]] = {}
            for city in self.kb.sister_cities:
                groups.setdefault(city.continent.value, []).append(city)
            ranked = sorted(groups.items(), key=lambda g: -len(g[1]))
            return ByContinent(groups=tuple((name, tuple(cities)) for name, cities in ranked))
        if (not intents.continent_words and intents.hemisphere is None) or query.ours:
            return None
        cities, where = self.scope(query)
        if not cities or (intents.continent_words and not intents.continents):
            where = where or " in " + " and ".join(w.title() for w in intents.continent_words)
            return NoneInScope(where=where)
        return Selection(cities=tuple(cities), where=where)

    def named(self, query: Query) -> Finding | None:
        """A question that names our cities or other real places."""
        if (unconfirmed := self._unconfirmed(query)) is not None:
            return Unconfirmed(city=unconfirmed)
        ours = query.ours
        if len(ours) > 1:
            return Compare(cities=ours)
        if len(ours) == 1:
            return self._one_of_ours(query, ours[0])
        if query.foreign:
            return self.not_sister(query, query.foreign[0])
        return None

    def _one_of_ours(self, query: Query, city: City) -> Finding:
        mention = next(m for m in query.places.mentions if m.city is city)
        elsewhere = next((m.place for m in query.foreign if m.place and m.place.is_country), None)
        neighbours = self.places.gazetteer.borders.get(city.country_code, frozenset())
        if (
            mention.how in ("name", "typo")
            and elsewhere
            and elsewhere.country_code != city.country_code
            and elsewhere.country_code not in neighbours  # "Belfast, Ireland", "Strasbourg, Germany"
        ):
            # "Barcelona, Venezuela", "Melbourne, Florida": another place of the same name.
            return WrongCountry(city=city, elsewhere=elsewhere.name, score=round(mention.score))
        found = query.fact
        if found and found[0] is city and found[2].anchored and found[2].score >= NAMED_FACT_SCORE:
            return FactFound(city=city, fact=found[1])
        words = set(query.question.words)
        if city.status_note is not None and words & STATUS_WORDS:
            return self._card(city, mention)  # "is Padua really a sister city?": the card leads with the caveat
        unknown = [w for w in query.unexplained if w not in CARD_WORDS and not w.isdigit()]
        own = self.facts.best_for(city, query.question, query.places.covered) if unknown else None
        if own is not None and own[1].score >= OWN_FACT_SCORE:
            fact, scored = own
            if scored.anchored or any(len(t) == 4 and t.isdigit() for t in scored.matched):
                return FactFound(city=city, fact=fact, score=round(scored.score))
        if (
            mention.how in ("name", "typo", "local")  # "is there one in Ghana?" asks for the card, whatever else
            and len(unknown) >= UNKNOWN_ABOUT_CITY_WORDS
            and self.facts.explains(city, unknown) < 0.5
            and strong_topic(query) is None
        ):
            # "who's headlining the 2025 Barcelona music festival": the city is named, the question is not its card.
            return Missing(what=f"that about {city.name}", city=city, score=0)
        topic = strong_topic(query)
        if (
            mention.how in ("name", "typo")
            and topic is not None
            and topic[1].score >= TOPIC_OVER_CARD_SCORE
            and query.unexplained
            and self.facts.explains(city, list(query.content)) < 0.5
        ):
            # "Can anyone join the Boston-Kyoto association?": the question is about joining, not Kyoto.
            return TopicFound(topic=topic[0], about=city, score=round(topic[1].score))
        intents = query.intents
        if (
            mention.how in ("country", "demonym", "region")
            and query.content
            and not (intents.sister_term or intents.list_word or "one" in query.question.words)  # "the 🇮🇹 one"
        ):
            # "capital of France", "Japanese food": a country named in passing is not a city question.
            return CountryInPassing(city=city, score=round(ANSWER_SCORE - 1))
        return self._card(city, mention)

    def _card(self, city: City, mention: Mention) -> Card:
        in_country: tuple[City, ...] = ()
        if mention.how in ("country", "demonym", "region") and mention.country_code:
            in_country = tuple(self.places.sister_cities_in(mention.country_code))
        return Card(
            city=city,
            how=mention.how,
            country_code=mention.country_code,
            in_country=in_country,
            score=round(mention.score),
        )

    def not_sister(self, query: Query, mention: Mention, near_to: City | None = None) -> NotSister:
        """A real place that is not ours, with our cities nearby and what the user may have meant."""
        place = mention.place
        assert place is not None
        if place.is_country:
            nearby = [
                c
                for code in sorted(self.places.gazetteer.borders.get(place.country_code, ()))
                for c in self.places.sister_cities_in(code)
            ]
        else:
            nearby = list(self.places.sister_cities_in(place.country_code))
        words = query.question.words
        typo = tuple(s.city for s in self.places.suggest_for(" ".join(words[mention.start : mention.end])))
        # A place our own knowledge talks about ("Beira") gets that topic as a choice.
        span = set(words[mention.start : mention.end])
        topics = tuple(t for t in self.kb.topics if span & {w for k in t.keywords for w in fold(k).split()})
        return NotSister(
            mention=mention,
            place=place,
            nearby=tuple(nearby),
            suggestions=tuple(dict.fromkeys((*nearby, *typo)))[:3],
            topics=topics[:2],
            near_to=near_to,
            score=round(mention.score),
        )

    def knowledge(self, query: Query) -> Finding | None:
        """A program topic or a city fact, the list or its count, the friendship cities."""
        intents = query.intents
        content = query.content
        best = query.topics[0] if query.topics else None
        strong = answers(query.topics)
        unexplained = query.unexplained
        # A long message that mentions a sister (or "all") in passing is not a request for the list.
        noisy = len(unexplained) > max(NOISE_WORDS, 0.6 * len(content))
        if intents.whole_list and not noisy and not (strong and unexplained):
            return WholeList(count=intents.count)
        fact = query.fact
        if fact is not None and fact_fits(query) and (best is None or not strong or fact[2].weight > best[1].weight):
            return FactFound(city=fact[0], fact=fact[1], score=round(fact[2].score))
        words = set(query.question.words)
        about_program = bool(words & {"program", "programme", "programs"})
        if intents.count and intents.sister_term and not noisy:
            return WholeList(count=True)
        if intents.friendship_list and not [w for w in content if w not in {"friendship", "friendships"}]:
            return FriendshipList()
        about_ties = intents.sister_term or bool(words & {"cities", "city", "citys", "towns", "ones"})
        listing = not noisy and (
            intents.listing
            or (intents.count and about_ties)
            or (intents.sister_term and not content and not about_program)
        )
        if listing and not intents.list_word and not intents.count and len(unexplained) > 1:
            # "what makes two places sister cities?": more is asked than the list; a topic that fits some of
            # it answers, else the bot says it is unsure rather than list the cities.
            if best is not None and best[1].anchored and best[1].score >= TOPIC_SUGGEST_SCORE:
                return TopicFound(topic=best[0], score=round(best[1].score))
            return None
        if strong and best is not None and (best[1].phrase or content or not listing):
            return TopicFound(topic=best[0], score=round(best[1].score))
        if listing:
            return WholeList(count=intents.count)
        if intents.help and not content:
            return Help()
        general = next((t for t in self.kb.topics if t.general), None)
        if general is not None and not unexplained and about_program:
            return TopicFound(topic=general)
        return None

    def unsure(self, query: Query) -> Finding:
        """Likely cities and topics when no step recognised the question, else the fallback."""
        ranked = query.topics
        topics = tuple(t for t, s in ranked[:3] if s.score >= TOPIC_SUGGEST_SCORE and s.weight >= TOPIC_MIN_WEIGHT)
        cities = tuple(s.city for s in query.places.suggestions)
        if cities or topics:
            best = max([s.score for s in query.places.suggestions] + [s.score for _, s in ranked[:1]])
            return Unsure(
                cities=cities[:3],
                topics=topics[: max(0, 3 - len(cities))],
                score=round(min(best, ANSWER_SCORE - 1)),
            )
        return Fallback(score=0)
