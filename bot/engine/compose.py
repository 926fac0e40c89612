"""Say what was evaluated: a Finding in, an Answer out, with a lead sentence that names the filter applied.

Plain text only: rendering escapes and formats it. Every count and list here comes from the finding, which
computed it from the city files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.engine.answers import Answer, AnswerKind, CityRow
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
from bot.engine.geo import describe_distance
from bot.engine.query import RelationKind
from bot.engine.question import Question
from bot.engine.steps.base import km_from_boston
from bot.knowledge.models import City, KnowledgeBase, Person, Topic

EXAMPLES = (
    "What are Boston's sister cities?",
    "Tell me about Padua",
    "When did we twin with Kyoto?",
    "Which sister cities are in Asia?",
    "Which sister city is closest to Boston?",
    "How is the program funded?",
    "How can I get involved?",
    "京都",
)
HELP_LEAD = (
    "Ask me about Boston's Sister City program. Mention me in a channel, send me a direct message, or use "
    "/sistercity followed by a question or a city name. Typos and other spellings are fine."
)
GREETING_LEAD = (
    "Hello! I answer questions about Boston's Sister City program: its sister cities, their history, and how the "
    "program works."
)
THANKS_LEAD = "You're welcome! Ask me anything else about Boston's sister cities."
FALLBACK_LEAD = (
    "Sorry, I can only answer questions about Boston's Sister City program, and that isn't something I know about."
)
EMPTY_LEAD = "Ask me a question about Boston's sister cities."
WHAT_I_KNOW = (
    "I can tell you about each sister city, list them by continent, year or distance, and explain the program's "
    "history, purpose, objectives, funding and how to get involved."
)


def kind_word(city: City) -> str:
    """'sister city' or 'friendship city'."""
    return "sister city" if city.is_sister else "friendship city"


def ordinal(n: int) -> str:
    """'second', 'third', '4th'..."""
    return {2: "second", 3: "third"}.get(n, f"{n}th")


def names_list(cities: tuple[City, ...] | list[City]) -> str:
    """'Kyoto, Strasbourg and Praia'."""
    names = [c.name for c in cities]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def rows(cities: tuple[City, ...] | list[City], detail: str = "year") -> tuple[CityRow, ...]:
    """Each city as a list row: its country and its year, or its distance from Boston."""
    if detail == "distance":
        return tuple(CityRow(c, f"{c.country} · {describe_distance(km_from_boston(c))}") for c in cities)
    return tuple(CityRow(c, f"{c.country} · since {c.since}") for c in cities)


class Composer:
    """Turns findings about one knowledge base into answers."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._say: dict[type[Finding], Callable[[Any, Question], Answer]] = {
            Greeting: self.greeting,
            Thanks: self.thanks,
            Help: self.help,
            Fallback: self.fallback,
            WholeList: self.whole_list,
            FriendshipList: self.friendship_list,
            ByContinent: self.by_continent,
            Selection: self.selection,
            NoneInScope: self.none_in_scope,
            Pick: self.pick,
            Neighbour: self.neighbour,
            Nearest: self.nearest,
            Distances: self.distances,
            HowFar: self.how_far,
            When: self.when,
            Compare: self.compare,
            Card: self.card,
            FactFound: self.fact,
            TopicFound: self.topic,
            WrongCountry: self.wrong_country,
            CountryInPassing: self.country_in_passing,
            NotSister: self.not_sister,
            Unsure: self.unsure,
            Missing: self.missing,
            Task: self.task,
            OtherProgram: self.other_program,
            Unconfirmed: self.unconfirmed,
            PeopleFound: self.people,
            Related: self.related,
            NearAnchor: self.near_anchor,
            AsOfSelection: self.as_of,
            AsOfCheck: self.as_of_check,
            NoTieInWindow: self.no_tie_in_window,
            Extreme: self.extreme,
        }

    def compose(self, finding: Finding, question: Question) -> Answer:
        """The answer that says what `finding` found, for the question as asked."""
        return self._say[type(finding)](finding, question)

    @property
    def count_caveats(self) -> tuple[str, ...]:
        """What to say with the number of sister cities: sources that count cities nothing confirms."""
        return tuple(city.count_note.text for city in self.kb.unconfirmed)

    @property
    def sister_names(self) -> str:
        """Every sister city's name, oldest tie first."""
        return names_list(self.kb.sister_cities)

    # --- chatter and help --------------------------------------------------------------------------------------

    def greeting(self, found: Greeting, q: Question) -> Answer:
        """A greeting back, with examples."""
        return Answer(q.raw, AnswerKind.GREETING, lead=GREETING_LEAD, examples=EXAMPLES)

    def thanks(self, found: Thanks, q: Question) -> Answer:
        """You're welcome."""
        return Answer(q.raw, AnswerKind.THANKS, lead=THANKS_LEAD)

    def help(self, found: Help, q: Question) -> Answer:
        """How to ask, with examples."""
        return Answer(q.raw, AnswerKind.HELP, lead=HELP_LEAD, examples=EXAMPLES)

    def fallback(self, found: Fallback, q: Question) -> Answer:
        """What the bot can do, for a question it cannot answer."""
        return Answer(
            q.raw,
            AnswerKind.FALLBACK,
            lead=EMPTY_LEAD if found.empty else FALLBACK_LEAD,
            notes=(WHAT_I_KNOW,),
            examples=EXAMPLES[:4],
            score=0,
        )

    # --- lists -------------------------------------------------------------------------------------------------

    def whole_list(self, found: WholeList, q: Question) -> Answer:
        """Every sister city (and, apart, the friendship cities)."""
        sisters = self.kb.sister_cities
        friends = self.kb.friendship_cities
        notes: tuple[str, ...] = ()
        if friends:
            notes = (
                "Boston also has friendship (partner) cities, which are not sister cities: "
                + ", ".join(f"{c.name} ({c.established.year})" for c in friends)
                + ".",
            )
        lead = f"Boston has {len(sisters)} sister cities: {self.sister_names}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(sisters), notes=(*notes, *self.count_caveats))

    def friendship_list(self, found: FriendshipList, q: Question) -> Answer:
        """The friendship cities, told apart from the sister cities."""
        friends = self.kb.friendship_cities
        names = ", ".join(f"{c.name} ({c.country}, {c.established.year})" for c in friends)
        return Answer(
            q.raw,
            AnswerKind.LIST,
            lead=f"Boston has {len(friends)} friendship (partner) cities, which are not sister cities: {names}.",
            rows=rows(friends),
            notes=(f"Boston's sister cities are {self.sister_names}.",),
        )

    def by_continent(self, found: ByContinent, q: Question) -> Answer:
        """The sister cities grouped by continent."""
        parts = [f"{name} {len(cities)} ({', '.join(c.name for c in cities)})" for name, cities in found.groups]
        return Answer(
            q.raw,
            AnswerKind.LIST,
            lead=f"Boston's sister cities by continent: {'; '.join(parts)}. {found.groups[0][0]} has the most.",
            rows=rows([c for _, cities in found.groups for c in cities]),
        )

    def selection(self, found: Selection, q: Question) -> Answer:
        """Some sister cities, led by a sentence that names the filter and the cities."""
        count = len(found.cities)
        noun = "sister city" if count == 1 else "sister cities"
        names = ", ".join(c.name for c in found.cities)
        if found.verb == "joined":
            lead = f"{count} {noun} joined Boston{found.where}: {names}."
            if count == 1:  # "2015 sister city": the tie made that year, on its card
                return Answer(q.raw, AnswerKind.CITY, lead=lead, city=found.cities[0])
        else:
            lead = f"Boston has {count} {noun}{found.where}: {names}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(found.cities))

    def none_in_scope(self, found: NoneInScope, q: Question) -> Answer:
        """None match the filter: say so, and show them all."""
        return Answer(
            q.raw,
            AnswerKind.LIST,
            lead=f"Boston has no sister cities{found.where}.",
            rows=rows(self.kb.sister_cities),
            notes=("Here are all of them:",),
        )

    # --- time and distance -------------------------------------------------------------------------------------

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
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city)

    def neighbour(self, found: Neighbour, q: Question) -> Answer:
        """The sister city just before or after another."""
        anchor = found.anchor
        assert anchor is not None
        word = "after" if found.later else "before"
        if found.city is None:
            superlative = "newest" if found.later else "first"
            lead = f"{anchor.name} ({anchor.since}) is Boston's {superlative} sister city: none came {word} it."
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=anchor)
        pick = found.city
        lead = f"{pick.name} ({pick.since}) is the sister city that came just {word} {anchor.name} ({anchor.since})."
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=pick)

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
        one = len(cities) == 1
        return Answer(
            q.raw,
            AnswerKind.CITY if one else AnswerKind.COMPARE,
            lead=" ".join(lines),
            city=cities[0] if one else None,
            rows=() if one else rows(cities, "distance"),
        )

    def when(self, found: When, q: Question) -> Answer:
        """When the named cities' ties were made."""
        cities = found.cities
        lines = []
        for city in cities:
            line = f"{city.name} became Boston's {kind_word(city)} in {city.established.year}"
            line += f" (on {city.since})." if city.established.date else "."
            if found.year is not None and found.year >= city.established.year:
                age = found.year - city.established.year
                line += f" In {found.year} the tie is {age} year{'s' if age != 1 else ''} old."
            lines.append(line)
        one = len(cities) == 1
        return Answer(
            q.raw,
            AnswerKind.CITY if one else AnswerKind.COMPARE,
            lead=" ".join(lines) + _years_apart(cities) + _disputes(cities),
            city=cities[0] if one else None,
            rows=() if one else rows(cities),
        )

    # --- named places ------------------------------------------------------------------------------------------

    def compare(self, found: Compare, q: Question) -> Answer:
        """Named cities side by side."""
        parts = "; ".join(f"{c.name} ({c.country}), {kind_word(c)} since {c.established.year}" for c in found.cities)
        lead = f"Here they are side by side: {parts}.{_years_apart(found.cities)}{_disputes(found.cities)}"
        return Answer(q.raw, AnswerKind.COMPARE, lead=lead, rows=rows(found.cities))

    def card(self, found: Card, q: Question) -> Answer:
        """One city's card, led by how the question reached it."""
        city = found.city
        assert city is not None
        lead = self._card_lead(found, city)
        if city.status_note is not None:
            lead = f"{lead} {city.status_note.text}"  # a caveat on the tie belongs with the answer, not below it
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city, score=found.score)

    def _card_lead(self, found: Card, city: City) -> str:
        if not city.is_sister and found.how in ("country", "demonym"):
            return (
                f"Boston has no sister city in {city.country}. {city.name} is a friendship (partner) city "
                f"there, with ties since {city.established.year}; it is not a sister city."
            )
        if not city.is_sister:
            return (
                f"{city.name} is not one of Boston's sister cities: it is a friendship (partner) city, "
                f"with ties since {city.established.year}."
            )
        if found.how in ("country", "demonym", "region") and found.country_code:
            if len(found.in_country) > 1:
                names = " and ".join(c.name for c in found.in_country)
                return f"Boston has {len(found.in_country)} sister cities in {city.country}: {names}."
            return f"Boston's sister city in {city.country} is {city.name}, since {city.since}."
        return f"{city.name} has been Boston's sister city since {city.since}."

    def fact(self, found: FactFound, q: Question) -> Answer:
        """A city fact, on the city's card."""
        assert found.city is not None and found.fact is not None
        return Answer(q.raw, AnswerKind.CITY, lead=found.fact.text, city=found.city, fact=found.fact, score=found.score)

    def topic(self, found: TopicFound, q: Question) -> Answer:
        """A program topic (with today's list when the topic asks for it)."""
        topic = found.topic
        assert topic is not None
        notes: tuple[str, ...] = ()
        about = found.about
        if about is not None and about.association is not None:
            notes = (f"{about.name}: {about.association.name}.",)
        if topic.show_sister_cities:
            notes = (
                f"Today Boston has {len(self.kb.sister_cities)} sister cities: "
                + ", ".join(f"{c.name} ({c.established.year})" for c in self.kb.sister_cities)
                + ".",
                *self.count_caveats,
            )
        return Answer(
            q.raw,
            AnswerKind.TOPIC,
            lead=topic.answer,
            topic=topic,
            score=found.score,
            notes=notes,
            suggestions=(about,) if about is not None else (),
        )

    def topic_entry(self, topic: Topic, q: Question) -> Answer:
        """A topic opened by its id (a button)."""
        return self.topic(TopicFound(topic=topic), q)

    def wrong_country(self, found: WrongCountry, q: Question) -> Answer:
        """Our city's name, placed in another country."""
        city = found.city
        assert city is not None
        return Answer(
            q.raw,
            AnswerKind.NOT_SISTER,
            lead=f"Boston's sister city {city.name} is in {city.country}, not in {found.elsewhere}.",
            suggestions=(city,),
            score=found.score,
        )

    def country_in_passing(self, found: CountryInPassing, q: Question) -> Answer:
        """A country named in passing: offer our city there."""
        city = found.city
        assert city is not None
        return Answer(
            q.raw,
            AnswerKind.SUGGEST,
            lead=f"I'm not sure what you're asking. Boston's sister city in {city.country} is {city.name}; "
            "is that what you're looking for?",
            suggestions=(city,),
            score=found.score,
        )

    def not_sister(self, found: NotSister, q: Question) -> Answer:
        """A real place that is not a sister city, with ours nearby."""
        place, mention = found.place, found.mention
        assert place is not None and mention is not None
        if place.is_country:
            lead = f"Boston has no sister city in {place.name}."
            notes = (f"Nearby: {', '.join(f'{c.name} ({c.country})' for c in found.nearby)}.",) if found.nearby else ()
        else:
            same = place.name.casefold() == mention.surface.casefold()
            typed = mention.surface if mention.surface != mention.surface.lower() else mention.surface.title()
            where = f"{place.name}, {place.country}" if same else f"{typed} ({place.name}, {place.country})"
            lead = f"{where} is not one of Boston's sister cities."
            if found.near_to is not None:
                lead += f" {found.near_to.name}, near it, is Boston's {kind_word(found.near_to)}."
            names = " and ".join(c.name for c in found.nearby)
            notes = (f"Boston's sister city in {place.country}: {names}.",) if found.nearby else ()
        return Answer(
            q.raw,
            AnswerKind.NOT_SISTER,
            lead=lead,
            notes=(*notes, f"Boston's sister cities are {self.sister_names}."),
            suggestions=found.suggestions,
            topic_suggestions=found.topics,
            score=found.score,
        )

    def unsure(self, found: Unsure, q: Question) -> Answer:
        """Did you mean one of these?"""
        return Answer(
            q.raw,
            AnswerKind.SUGGEST,
            lead=f"I'm not sure what you meant by \u201c{q.clean}\u201d. Did you mean one of these?",
            suggestions=found.cities,
            topic_suggestions=found.topics,
            score=found.score,
        )

    # --- what the bot cannot say -------------------------------------------------------------------------------

    def missing(self, found: Missing, q: Question) -> Answer:
        """The knowledge base does not hold that; the closest entry is offered."""
        closest = found.city.name if found.city else (found.topic.title if found.topic else "")
        lead = f"I don't have {found.what} in my knowledge base, so I can't answer that."
        if closest:
            lead += f" The closest thing I know about is {closest}."
        return Answer(
            q.raw,
            AnswerKind.UNKNOWN_FACT,
            lead=lead,
            suggestions=(found.city,) if found.city else (),
            topic_suggestions=(found.topic,) if found.topic else (),
            score=0,
        )

    def task(self, found: Task, q: Question) -> Answer:
        """A task the bot cannot do."""
        lead = f"I can't {found.what}: I only answer questions about Boston's Sister City program."
        if found.city is not None:
            lead += f" I can tell you about {found.city.name} as Boston's {kind_word(found.city)}."
        return Answer(q.raw, AnswerKind.CANNOT_DO, lead=lead, suggestions=(found.city,) if found.city else (), score=0)

    def other_program(self, found: OtherProgram, q: Question) -> Answer:
        """Another place's own partner cities are not Boston's to list."""
        lead = f"I only know Boston's own sister cities, not {found.place}'s partner cities, so I can't list those."
        if found.city is not None:
            lead += f" {found.city.name} itself is Boston's {kind_word(found.city)}."
        return Answer(
            q.raw, AnswerKind.OTHER_PROGRAM, lead=lead, suggestions=(found.city,) if found.city else (), score=0
        )

    def unconfirmed(self, found: Unconfirmed, q: Question) -> Answer:
        """A city listed somewhere and confirmed nowhere."""
        city = found.city
        assert city is not None
        lead = f"{city.name} ({city.country}) is not confirmed as one of Boston's sister cities. {city.claim.text}"
        notes = (f"The confirmed sister cities are {self.sister_names}.",)
        return Answer(q.raw, AnswerKind.UNCONFIRMED, lead=lead, notes=notes, score=0)

    # --- people ------------------------------------------------------------------------------------------------

    def people(self, found: PeopleFound, q: Question) -> Answer:
        """Who the people are, and what they signed; one city's card, or the cities they signed for."""
        cities = tuple(dict.fromkeys(city for _, city in found.people))
        by_name: dict[str, list[tuple[Person, City]]] = {}
        for person, city in found.people:  # one person may appear under several cities ("Mayor Walsh")
            by_name.setdefault(person.name, []).append((person, city))
        lines = [_person_line(entries) for entries in by_name.values()]
        lead = " ".join(lines)
        if len(cities) == 1:
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=cities[0])
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(cities))

    # --- relations and points in time -------------------------------------------------------------------------

    def related(self, found: Related, q: Question) -> Answer:
        """Entries related to a named city, saying how."""
        anchor = found.anchor
        assert anchor is not None
        cities = found.cities
        n = len(cities)
        if found.kind is RelationKind.BEFORE:
            noun = "sister city" if n == 1 else "sister cities"
            lead = f"Before {anchor.name} joined ({anchor.since}), Boston had {n} {noun}"
            lead += f": {names_list(cities)}." if cities else ": none yet."
        elif found.kind is RelationKind.AFTER:
            noun = "sister city" if n == 1 else "sister cities"
            lead = f"After {anchor.name} ({anchor.since}), {n} more {noun} joined Boston"
            lead += f": {names_list(cities)}." if cities else f": none; {anchor.name} is the newest."
        else:
            where = {
                RelationKind.SAME_COUNTRY: f"in {anchor.country}",
                RelationKind.SAME_CONTINENT: f"in {anchor.continent.value}",
            }.get(found.kind, "")
            if not cities:
                lead = f"{anchor.name} is Boston's only {' '.join(filter(None, ('sister or friendship city', where)))}."
            else:
                described = ", ".join(f"{c.name} ({kind_word(c)} since {c.established.year})" for c in cities)
                partner = "partner city" if n == 1 else "partner cities"
                lead = f"Besides {anchor.name}, Boston has {n} {' '.join(filter(None, (partner, where)))}: {described}."
                if any(not c.is_sister for c in cities):
                    lead += " Friendship cities are partners, not sister cities."
        if n == 1:
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=cities[0])
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(cities))

    def near_anchor(self, found: NearAnchor, q: Question) -> Answer:
        """Our sister cities nearest to a named one."""
        anchor = found.anchor
        assert anchor is not None
        parts = ", ".join(f"{c.name} (about {describe_distance(km)})" for c, km in found.cities)
        lead = f"Boston's sister cities nearest to {anchor.name}: {parts}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows([c for c, _ in found.cities]))

    def as_of(self, found: AsOfSelection, q: Question) -> Answer:
        """The sister cities Boston had at a point in time, with any disputed tie that changes the answer."""
        as_of = found.as_of
        assert as_of is not None
        cities = found.cities
        n = len(cities)
        when = as_of.label[0].upper() + as_of.label[1:]
        if not cities:
            first = self.kb.sister_cities[0]
            lead = f"{when}, Boston had no sister cities yet: its first, {first.name}, joined in {first.since}."
        else:
            noun = "sister city" if n == 1 else "sister cities"
            lead = f"{when}, Boston had {_count(n)} {noun}{found.where}: {names_list(cities)}."
        if found.total is not None:
            lead += f" In all, Boston had {found.total} sister cities then."
        notes = tuple(_dispute_note(c, as_of.label) for c in found.disputed)
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(cities), notes=notes)

    def as_of_check(self, found: AsOfCheck, q: Question) -> Answer:
        """Whether a named city was already a sister city then."""
        city, as_of = found.city, found.as_of
        assert city is not None and as_of is not None
        if city.established.year <= as_of.year:
            lead = f"Yes: {city.name} has been Boston's sister city since {city.since}."
        else:
            lead = f"No: {city.name} became Boston's sister city in {city.since}, after {as_of.year}."
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city)

    def no_tie_in_window(self, found: NoTieInWindow, q: Question) -> Answer:
        """No tie was made in those years; what Boston had by then."""
        n = len(found.had)
        lead = f"No sister-city tie was made{found.where}."
        if found.had:
            noun = "sister city" if n == 1 else "sister cities"
            lead += f" By the end of {found.year}, Boston had {n} {noun}: {names_list(found.had)}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(found.had))


def _person_line(entries: list[tuple[Person, City]]) -> str:
    """What one person did, for each city the knowledge names them under: what they signed, what the sources say."""
    person = entries[0][0]
    who = f"{person.name} ({person.role})"
    signed = [(p, c) for p, c in entries if p.signed]
    if signed:
        ties = " and ".join(f"{c.name} ({p.year or c.established.year})" for p, c in signed)
        agreement = "agreement" if len(signed) == 1 else "agreements"
        line = f"{who} signed Boston's {agreement} with {ties}."
        return f"{line} {person.note}" if len(entries) == 1 and person.note else line
    if len(entries) == 1 and person.note:
        return f"{who}: {person.note}"
    return f"{who} is part of the story of Boston's tie with {' and '.join(c.name for _, c in entries)}."


def _count(n: int) -> str:
    """'one' for a single city (reads better than '1'), else the number."""
    return "one" if n == 1 else str(n)


def _disputes(cities: tuple[City, ...]) -> str:
    """' Barcelona's tie is dated 23 November 1983 by Barcelona press.' for each city whose date is disputed."""
    notes = [
        f" {c.name}'s tie is dated {f'{o.date.day} {o.date:%B %Y}' if o.date else o.year} by {o.by}."
        for c in cities
        for o in c.established.other_dates
    ]
    return "".join(notes)


def _years_apart(cities: tuple[City, ...]) -> str:
    """' The ties were made 56 years apart.' for two cities; empty otherwise."""
    if len(cities) != 2:
        return ""
    gap = abs(cities[0].established.year - cities[1].established.year)
    return f" The two ties were made {gap} year{'s' if gap != 1 else ''} apart." if gap else ""


def _dispute_note(city: City, label: str) -> str:
    """How a disputed tie date changes a count at a point in time."""
    others = ", ".join(
        f"{f'{o.date.day} {o.date:%B %Y}' if o.date else o.year} ({o.by})" for o in city.established.other_dates
    )
    return (
        f"{city.name}'s tie is dated {city.established.year} by Boston's sources and {others} by others, "
        f"so {label} the count is one more or one less depending on the source."
    )
