"""Time: what Boston had at a point in time, when ties were made, the first, newest or nth, the tie before or after
another."""

from __future__ import annotations

from dataclasses import replace

from bot.engine.findings import (
    AsOfCheck,
    AsOfSelection,
    Compare,
    FactFound,
    Finding,
    Neighbour,
    NoneInScope,
    NoTieInWindow,
    Pick,
    Selection,
    TopicFound,
    UndatedEvent,
    When,
)
from bot.engine.intents import EARLIEST, LATEST, PLURAL_CITY
from bot.engine.lazy import lazy_pattern
from bot.engine.out_of_scope import counted_nouns
from bot.engine.query import AsOf, Query
from bot.engine.question import stem
from bot.engine.relations import CLOSE_IN_TIME
from bot.engine.steps.base import (
    AGE_PHRASES,
    BEFORE_AFTER,
    TIE_STEMS,
    WHEN_NOUNS,
    StepBase,
    asks_rank,
    defers_to_knowledge,
    other_years,
    relative_to,
    strong_topic,
)
from bot.engine.timeline import STATE_WORDS, causal_since
from bot.knowledge.models import City

# Words that ask whether a city was one of ours ("was Strasbourg a sister city in 1959?").
TIE_TERMS = frozenset("sister sisters twin twins twinned partner partners friendship".split())


def _first_year(query: Query) -> int:
    """The position of the first year the question names (past its end when it names none)."""
    said = query.question.words
    return next((i for i, w in enumerate(said) if len(w) == 4 and w.isdigit()), len(said))


# Ties asked for by what they are: "*what tie* did Boston make in 1956", "*any agreements* signed in 1970?"
_TIES_ASKED = lazy_pattern(
    r"\b(?:what|which|any) (?:new |other |official |formal )?(?:tie|ties|agreement|agreements|sister cit\w*"
    r"|twin\w*|partnerships?|pacts?|deals?)\b(?! (?:association|associations|group|groups|committee|society|club))"
    # "did Boston get a sister city in 1956, when Eisenhower launched the program?"
    r"|\bdid (?:boston|we|the city) (?:get|add|gain|sign|make|have|form|acquire|land|pick up|take on)"
    r" (?:a |any |a new |another )?(?:sister cit\w*|twin\w*|tie|ties|partner\w*)\b"
)

# Asking what took place, not which ties were made: "what happened in 1956...?"
HAPPENED = lazy_pattern(
    r"\b(?:happen|happened|happening|took place|take place|went on|going on|went down|go down|occurred|occur)\b"
)


def _topic_tells_rest(query: Query) -> bool:
    """True when a strong topic explains words of the question besides its words of order ("what happened after the
    Kyoto tie turned out a success?" asks what the success led to, not which tie came next)."""
    strong = strong_topic(query)
    rest = {stem(w) for w in query.unexplained if w not in BEFORE_AFTER}
    return strong is not None and bool(rest & set(strong[1].matched))


RANKING_WORDS = EARLIEST | LATEST
# Words for a tie's arriving, which a ranking of "cities" asks about: "which city came first?"
_ARRIVING = frozenset("came come comes coming arrived".split())


def _named_after_asking(query: Query, city: City) -> bool:
    """True when the city is named only in a clause after the one that asks ("which was first? X, someone says")."""
    q = query.question
    named = [m for m in query.places.mentions if m.city is city]
    asking = next((i for i, w in enumerate(q.words) if w in RANKING_WORDS), None)
    clauses = q.clause_numbers
    return asking is not None and bool(named) and all(clauses[m.start] > clauses[asking] for m in named)


class TimeSteps(StepBase):
    """Time."""

    def as_of(self, query: Query) -> Finding | None:
        """What Boston had at a point in time: the count or the list, or whether a named city was already one."""
        as_of = query.as_of
        if query.undated_event and query.missing is None and query.task is None:
            # "how many did we have when the Berlin Wall came down?": the bot cannot date that event
            return UndatedEvent(score=0)
        if as_of is None or (query.missing is not None and (query.missing.counted or counted_nouns(query.question))):
            return None  # "how many fellows were there in 2013?" counts fellows, not ties
        named_fact = query.fact is not None and query.fact[2].phrase and query.fact[2].anchored
        if named_fact and not query.intents.sister_term:
            return None  # "who were the Hugh Rogers fellows in 2017?": a fact's own name, in a year, not the ties then
        intents = query.intents
        text = f" {query.question.folded} "
        asks_set = intents.count or intents.listing or intents.list_word
        counts_cities = asks_set and bool(set(query.question.words) & PLURAL_CITY)
        if as_of.event is None and query.ours and any(f" {p} " in text for p in AGE_PHRASES) and not counts_cities:
            return None  # "in 2025, how many years has the Strasbourg tie been going?": its date and its age
        if as_of.event is None and len(query.ours) == 1 and query.ours[0].is_sister and not asks_set:
            said = set(query.question.words)
            # "anything going on with Strasbourg in 2022?": what happened then, not whether it was ours
            if not said & (STATE_WORDS | TIE_TERMS | {"already", "yet"}) and (
                fact := self.fact_of_year(query, query.ours[0], as_of.year)
            ):
                return FactFound(city=query.ours[0], fact=fact, score=100)
            return AsOfCheck(city=query.ours[0], as_of=as_of)
        cities, where = self.scope(query, distances=True)
        had = tuple(c for c in cities if self._had(c, as_of))
        disputed = tuple(c for c in cities if any(self._had(c, as_of, y) != (c in had) for y in other_years(c)))
        total = sum(self._had(c, as_of) for c in self.kb.sister_cities) if where else None
        return AsOfSelection(cities=had, as_of=as_of, count=intents.count, disputed=disputed, total=total, where=where)

    def _had(self, city: City, as_of: AsOf, year: int | None = None) -> bool:
        """Whether the tie existed at that point in time (by its year, or by another year a source gives)."""
        if as_of.event is not None and as_of.event.is_sister and year is None:
            order = list(self.kb.sister_cities)
            return order.index(city) <= order.index(as_of.event) if as_of.event in order else False
        tie = year if year is not None else city.established.year
        if as_of.event is not None:
            return tie <= as_of.event.established.year
        signed = city.established.date
        if as_of.day is not None and tie == as_of.year and signed is not None and year is None:
            return signed <= as_of.day  # "as of Jan 1 2015": Praia (9 October 2015) not yet
        return tie <= as_of.year if as_of.inclusive else tie < as_of.year

    def time(self, query: Query) -> Finding | None:
        """When a tie was made, the first or newest, the one before or after another, ties in a window of years."""
        intents = query.intents
        words = set(query.question.words)
        ours = query.ours
        said = query.question.words
        causal = any(causal_since(said, i) for i in range(len(said)))  # "since we have"
        asks_when = intents.when or (query.years is None and bool(words & {"since", "established"}) and not causal)
        if len(ours) == 1 and ours[0].is_sister and asks_rank(query):
            order = list(self.kb.sister_cities)  # "Melbourne was Boston's what number sister city?"
            return Pick(city=ours[0], rank=order.index(ours[0]) + 1, latest=False, where="")
        between_ties = query.years is not None and query.years.kind == "ties"  # "between Kyoto's tie and 1985"
        schedule = query.missing is not None and query.missing.what == "schedules"  # "when's the Praia festival?"
        # Ties of a window asked for ("how many sister cities had Boston signed before 2014?", "what tie did Boston
        # make in 1956?"), and a city named after the year only to place it ("which sister city did we get in 1960,
        # the year after Kyoto?")
        counted = intents.count and intents.sister_term
        ties_asked = query.years is not None and (counted or bool(_TIES_ASKED.search(query.question.folded)))
        years = query.years
        placed_by = (
            ties_asked
            and years is not None
            and bool(ours)
            and not query.foreign
            and query.other_program is None
            and all(c.established.year not in years for c in ours)
            and all(m.start > _first_year(query) for m in query.places.mentions if m.city in ours)
        )
        fact = query.fact
        if asks_when and len(ours) == 1:  # "when is Valladolid Day?": a fact's phrase that holds the city's name
            own = self.facts.best_for(ours[0], query.question, query.asides)
            fact = (ours[0], *own) if own is not None and own[1].phrase else fact
        if (
            asks_when
            and fact is not None
            and fact[0] in ours
            and fact[2].phrase
            and not set(fact[2].matched) <= TIE_STEMS
        ):
            # "when was the Kyoto 65th anniversary gala?", "the Praia trade mission": the event the city's fact names,
            # not the tie's date
            return FactFound(city=fact[0], fact=fact[1], score=round(fact[2].score))
        if len(ours) == 1 and (intents.earliest or intents.latest) and intents.continents and not intents.ordinal:
            # "which was the first in Africa? the Banner said Praia": the ranking asked, one of ours named only in a
            # later clause as what someone claimed
            scoped, where = self.scope(query)
            if scoped and _named_after_asking(query, ours[0]):
                pick = scoped[-1] if intents.latest else scoped[0]
                return Pick(city=pick, latest=intents.latest, where=where, claimed=ours[0])
        if len(ours) == 1 and (intents.earliest or intents.latest) and (intents.continents or intents.hemisphere):
            # "how long after Kyoto did Boston get its first African sister city?": that one, beside the one named
            scoped, _ = self.scope(query)
            if scoped and ours[0] not in scoped:
                return self.side_by_side(ours[0], scoped[0] if intents.earliest else scoped[-1])
        relative = relative_to(query) if "why" not in words else None  # "after Kyoto, why add more?": a reason
        # ("the next sister city", not "the delegation next week")
        next_asked = any(
            w in ("next", "following") and not set(said[i + 1 : i + 2]) & WHEN_NOUNS for i, w in enumerate(said)
        )
        if next_asked and relative is not None and query.years is None and not _topic_tells_rest(query):
            # "after Sekondi-Takoradi, how long did Boston wait for the next sister city?": that one, and when
            return self.neighbour(relative[0], later=relative[1], query=query)
        if ours and asks_when and not between_ties and not schedule and not placed_by:
            year = query.as_of.year if query.as_of else query.year_not_about_ties
            if year is None and query.years is not None:
                year = query.years.single_year
            return When(cities=ours, year=year)
        if len(ours) == 1 and ours[0].is_sister and CLOSE_IN_TIME.search(query.question.folded):
            # "which sister city is closest in time to Melbourne?": the neighbour fewer years away (on a tie, the
            # earlier)
            sides = [n for n in (self.neighbour(ours[0], False), self.neighbour(ours[0], True)) if n.city is not None]
            tie_year = ours[0].established.year
            return min(sides, key=lambda n: abs(n.city.established.year - tie_year) if n.city else 0, default=None)
        if relative is not None and query.years is None and not _topic_tells_rest(query):
            return self.neighbour(relative[0], later=relative[1], query=query)
        if query.day is not None and not ours and (dated := self._dated(query.day)):
            return When(cities=dated)  # "which agreement was signed on May 1st?"
        if (ours or query.foreign) and not between_ties and not placed_by:
            return None
        if not (intents.earliest or intents.latest or query.years or intents.ordinal):
            return None
        if "why" in words and query.years is None:
            return None  # "why did Boston add more after the first one?": a reason, which no ranking gives
        if query.years is None and not (
            intents.sister_term
            or intents.continents
            or intents.continents_out
            or not query.unexplained
            # "which city came first?": ours, in this bot (not "which city first hosted the Olympics?")
            or (bool(words & {"city", "cities", "town", "towns"}) and set(query.unexplained) <= _ARRIVING)
        ):
            return None
        if defers_to_knowledge(query) and not ties_asked:
            return None  # (but "what tie did Boston make in 1956, when Eisenhower kicked off the program?" asks ties)
        cities, where = self.scope(query)
        year = query.years.single_year if query.years is not None else None
        if not cities and year is not None and HAPPENED.search(query.question.folded):
            # "what happened in 1956 that kicked off sister cities?": the topic whose story holds that year
            story = next((t for t in self.kb.topics if any(k == str(year) for k in t.keywords)), None)
            if story is not None:
                return TopicFound(topic=story)
        if (
            not cities
            and query.years is not None
            and not (intents.continents or intents.continents_out or intents.hemisphere)
        ):
            # Never "Boston has no sister cities in 1990": no tie was made then, and it had some by then.
            last = min(query.years.last, max(c.established.year for c in self.kb.sister_cities))
            had = tuple(c for c in self.kb.sister_cities if c.established.year <= last)
            return NoTieInWindow(where=where, year=last, had=had, friends=self.friends_made(query.years))
        if not cities:
            return NoneInScope(where=where)
        if (intents.earliest or intents.latest) and intents.take and not intents.ordinal:
            # "the three most recent sister cities", "the first two"
            chosen = cities[-intents.take :] if intents.latest else cities[: intents.take]
            when = "most recently" if intents.latest else "first"
            return Selection(cities=tuple(chosen), where=f"{where} {when}", verb="joined")
        if intents.earliest and intents.latest and not intents.ordinal and len(cities) > 1:
            return Compare(cities=(cities[0], cities[-1]))  # "oldest vs newest sister city?"
        if intents.earliest or intents.latest or intents.ordinal:
            rank = intents.ordinal or 1
            if rank > len(cities):
                return NoneInScope(where=where, rank=rank, count=len(cities))
            pick = cities[-rank] if intents.latest else cities[rank - 1]
            return Pick(city=pick, rank=rank, latest=intents.latest, where=where)
        disputed = self._disputed_in(query)
        return Selection(cities=tuple(cities), where=where, verb="joined", disputed=disputed, one_year=year is not None)

    def _disputed_in(self, query: Query) -> tuple[City, ...]:
        """Ties another source dates on the other side of the question's window ("signed in 1983": Barcelona, 1980
        in Boston's sources, 1983 in Barcelona's press)."""
        years = query.years
        if years is None:
            return ()
        unfiltered = replace(query, years=None)
        cities, _ = self.scope(unfiltered)
        inside = {c for c in cities if c.established.year in years}
        return tuple(c for c in cities if any((y in years) != (c in inside) for y in other_years(c)))

    def _dated(self, day: tuple[int, int]) -> tuple[City, ...]:
        """The ties (sister or friendship) that any source dates on this calendar day."""

        def on_day(city: City) -> bool:
            dates = [city.established.date, *(o.date for o in city.established.other_dates)]
            return any(d is not None and (d.month, d.day) == day for d in dates)

        return tuple(c for c in self.kb.cities if on_day(c))

    def neighbour(self, city: City, later: bool, query: Query | None = None) -> Neighbour:
        """The sister city that came just before or after this one (among those the question's continents select:
        "which Asian sister city came after Hangzhou?")."""
        scoped, where = self.scope(query) if query is not None else (list(self.kb.sister_cities), "")
        order = [c for c in self.kb.sister_cities if c in scoped or c is city]
        i = order.index(city) + (1 if later else -1)
        pick = order[i] if 0 <= i < len(order) else None
        return Neighbour(anchor=city, city=pick, later=later, where=where)
