"""Replies that list sister cities: all of them, the friendship cities, by continent, by a filter, at a point in
time."""

from __future__ import annotations

from bot.engine.answers import Answer, AnswerKind
from bot.engine.findings import (
    AsOfCheck,
    AsOfSelection,
    ByContinent,
    FriendshipList,
    NoneInScope,
    NoTieInWindow,
    Selection,
    WholeList,
)
from bot.engine.lazy import lazy_pattern
from bot.engine.question import Question
from bot.engine.replies.base import (
    ReplyBase,
    count_word,
    dispute_note,
    names_list,
    names_with_years,
    ordinal,
    rows,
    window_dispute,
)
from bot.knowledge.models import Status

# A window of years in a filter's words (YearRange labels): " after 2015", " in the 1980s", " between 1990 and 2000".
_WINDOW = lazy_pattern(
    r" (?:in|after|since|before|between|up to) (?:the )?(?:\d{4}s?|\d{1,2}(?:st|th) century)(?: and \d{4})?"
    r"(?:, the (?:year|decade) of [^,]+?'s tie)?(?=\W|$)"  # "in 1959, the year of Kyoto's tie"
)


class ListReplies(ReplyBase):
    """Replies that list sister cities."""

    def whole_list(self, found: WholeList, q: Question) -> Answer:
        """Every sister city (and, apart, the friendship cities)."""
        sisters = self.kb.sister_cities
        friends = self.kb.friendship_cities
        notes: tuple[str, ...] = ()
        if friends:
            notes = (
                "Boston also has friendship (partner) cities, which are not sister cities: "
                + names_with_years(friends)
                + ".",
            )
        lead = f"Boston has {len(sisters)} sister cities: {self.sister_names}."
        if found.countries:  # "which countries are our sister cities in?"
            by_country: dict[str, list[str]] = {}
            for city in sisters:
                by_country.setdefault(city.country, []).append(city.name)
            places = "; ".join(f"{country} ({', '.join(names)})" for country, names in by_country.items())
            lead = f"Boston's {len(sisters)} sister cities are in {len(by_country)} countries: {places}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=self.sister_rows, notes=(*notes, *self.count_caveats))

    def friendship_list(self, found: FriendshipList, q: Question) -> Answer:
        """The friendship cities, told apart from the sister cities."""
        friends = self.kb.friendship_cities
        names = ", ".join(f"{c.name} ({c.country}, {c.established.year})" for c in friends)
        return Answer(
            q.raw,
            AnswerKind.LIST,
            lead=f"Boston has {len(friends)} friendship (partner) cities, which are not sister cities: {names}.",
            rows=rows(friends),
            notes=(
                f"Boston's sister cities are {self.sister_names}.",
                *(f"Not confirmed: {c.claim.text}" for c in self.kb.unconfirmed if c.claimed_as is Status.FRIENDSHIP),
            ),
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
            lead = f"{count} {noun} joined Boston{found.where}: {names}." if count else f"No tie was made{found.where}."
            lead += "".join(f" {window_dispute(c, c in found.cities)}" for c in found.disputed)
            if count == 1 and found.one_year:  # "2015 sister city": the tie made that year, on its card
                return Answer(q.raw, AnswerKind.CITY, lead=lead, city=found.cities[0])
            if count == 1:  # one tie in a span of years: about that city, shown as the span's one row
                return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(found.cities), city=found.cities[0])
        elif found.verb == "have":
            lead = f"{count} of Boston's sister cities {'has' if count == 1 else 'have'}{found.where}: {names}."
        else:
            lead = f"Boston has {count} {noun}{found.where}: {names}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(found.cities))

    def none_in_scope(self, found: NoneInScope, q: Question) -> Answer:
        """None match the filter: say so, and show them all."""
        if found.rank is not None:  # "the 11th sister city": there are fewer
            noun = "sister city" if found.count == 1 else "sister cities"
            lead = f"Boston has {found.count} {noun}{found.where}, so there is no {ordinal(found.rank)}."
            caveats = self.count_caveats if not found.where else ()
            return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=self.sister_rows, notes=caveats)
        lead = f"Boston has no sister cities{found.where}."
        if found.friends:  # "any partner cities in the Middle East?": Haifa is one, though no sister city
            listed = ", ".join(f"{c.name} ({c.country}, {c.established.year})" for c in found.friends)
            lead += f" It has a friendship (partner) city there, which is not a sister city: {listed}."
        if when := _WINDOW.search(found.where):
            # "within 8,000 km after 2015": none of them joined then (not "Boston has no sister cities after 2015")
            rest = (found.where[: when.start()] + found.where[when.end() :]).rstrip()
            lead = f"None of Boston's sister cities{rest} joined{when.group()}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=self.sister_rows, notes=("Here are all of them:",))

    def as_of(self, found: AsOfSelection, q: Question) -> Answer:
        """The sister cities Boston had at a point in time, with any disputed tie that changes the answer."""
        as_of = found.as_of
        assert as_of is not None
        cities = found.cities
        n = len(cities)
        when = as_of.label[0].upper() + as_of.label[1:]
        if not cities and (found.where or found.total):
            # "how many European sister cities once Kyoto joined?": none there, though Boston had some
            lead = f"{when}, Boston had no sister cities{found.where}."
        elif not cities:
            first = self.kb.sister_cities[0]
            on = "on" if first.established.date else "in"
            lead = f"{when}, Boston had no sister cities yet: its first, {first.name}, joined {on} {first.since}."
        else:
            noun = "sister city" if n == 1 else "sister cities"
            lead = f"{when}, Boston had {count_word(n)} {noun}{found.where}: {names_list(cities)}."
        if found.total is not None:
            noun = "sister city" if found.total == 1 else "sister cities"
            lead += f" In all, Boston had {count_word(found.total)} {noun} then."
        notes = tuple(dispute_note(c, as_of.label) for c in found.disputed)
        same_year = [
            c for c in cities if as_of.day is None and as_of.event is None and c.established.year == as_of.year
        ]
        if cities and same_year and as_of.inclusive and found.total is None:
            # "in 2015" counts Praia, which joined in October: say so for anyone who meant earlier in the year
            joined = "; ".join(f"{c.name} joined {'on' if c.established.date else 'in'} {c.since}" for c in same_year)
            notes += (
                f"That counts the whole of {as_of.year}: {joined}, so before that Boston had {n - len(same_year)}.",
            )
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(cities), notes=notes)

    def as_of_check(self, found: AsOfCheck, q: Question) -> Answer:
        """Whether a named city was already a sister city then."""
        city, as_of = found.city, found.as_of
        assert city is not None and as_of is not None
        signed = city.established.date
        if as_of.day is not None and signed is not None and signed.year == as_of.year:
            if signed <= as_of.day:
                lead = f"Yes: {city.name} has been Boston's sister city since {city.since}."
            else:
                lead = f"No: {city.name} became Boston's sister city on {city.since}, after {as_of.label[6:]}."
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city)
        if city.established.year <= as_of.year:
            lead = f"Yes: {city.name} has been Boston's sister city since {city.since}."
        else:
            on = "on" if city.established.date else "in"
            lead = f"No: {city.name} became Boston's sister city {on} {city.since}, after {as_of.year}."
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city)

    def no_tie_in_window(self, found: NoTieInWindow, q: Question) -> Answer:
        """No tie was made in those years; what Boston had by then."""
        n = len(found.had)
        lead = f"None: Boston made no new sister-city ties{found.where}."
        if found.had:
            noun = "sister city" if n == 1 else "sister cities"
            lead += f" By the end of {found.year}, Boston had {n} {noun}: {names_list(found.had)}."
        elif self.kb.sister_cities:  # "1957 sister city?": before the first tie, say when that came
            first = self.kb.sister_cities[0]
            on = "on" if first.established.date else "in"
            lead += f" Boston had no sister cities yet then: its first, {first.name}, joined {on} {first.since}."
        if found.friends:  # "which sister city did Boston sign in 2007?": a friendship city, which is no sister city
            joined = names_with_years(found.friends)
            lead += f" Made then, as a friendship (partner) city rather than a sister city: {joined}."
        return Answer(q.raw, AnswerKind.LIST, lead=lead, rows=rows(found.had))
