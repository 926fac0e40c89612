"""What every reply shares: the fixed texts, how cities are named and listed, and the caveats on dates and counts."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from bot.engine.answers import CityRow
from bot.engine.geo import describe_distance
from bot.engine.intents import CONTINENTS, ordinal_word
from bot.engine.steps.base import km_from_boston
from bot.knowledge.models import City, KnowledgeBase, Person

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


# Places whose names take "the" ("the UK's partner cities").
_WITH_ARTICLE = frozenset(
    "uk us usa netherlands philippines bahamas gambia united kingdom states czech republic emirates".split()
)


def possessive(place: str) -> str:
    """The place's name as an owner: "Chicago's", "the Netherlands'", "the UK's"."""
    article = "the " if place.split()[0].lower() in _WITH_ARTICLE and not place.lower().startswith("the ") else ""
    return f"{article}{place}{chr(39) if place.endswith('s') else chr(39) + 's'}"


def others_ties(place: str) -> str:
    """The sentence that declines to list another place's own partner cities."""
    return f"I only know Boston's own sister cities, not {possessive(place)} partner cities, so I can't list those."


def ordinal(n: int) -> str:
    """'second', 'third', '4th', '21st'..."""
    return {2: "second", 3: "third"}.get(n, ordinal_word(n))


def names_list(cities: tuple[City, ...] | list[City]) -> str:
    """'Kyoto, Strasbourg and Praia'."""
    return _and(c.name for c in cities)


def names_with_years(cities: Iterable[City]) -> str:
    """'Valladolid (2007), Haifa (1999)': each city with the year of its tie."""
    return ", ".join(f"{c.name} ({c.established.year})" for c in cities)


def rows(cities: tuple[City, ...] | list[City], detail: str = "year") -> tuple[CityRow, ...]:
    """Each city as a list row: its country and its year, or its distance from Boston."""
    if detail == "distance":
        return tuple(CityRow(c, f"{c.country} · {describe_distance(km_from_boston(c))}") for c in cities)
    return tuple(CityRow(c, f"{c.country} · since {c.since}") for c in cities)


def person_line(entries: list[tuple[Person, City]]) -> str:
    """What one person did, for each city the knowledge names them under: what they signed, what the sources say."""
    person = entries[0][0]
    who = f"{person.name} ({person.role})"
    signed = [(p, c) for p, c in entries if p.signed]
    if signed:
        ties = " and ".join(f"{c.name} ({p.year or c.established.year})" for p, c in signed)
        agreement = "agreement" if len(signed) == 1 else "agreements"
        line = f"{who} signed Boston's {agreement} with {ties}."
        others = [c.name for p, c in entries if not p.signed]  # "...and is part of the story of Strasbourg's tie"
        if others:
            line = f"{line[:-1]}, and is part of the story of Boston's tie with {' and '.join(others)}."
        return f"{line} {person.note}" if len(entries) == 1 and person.note else line
    if len(entries) == 1 and person.note:
        return f"{who}: {person.note}"
    return f"{who} is part of the story of Boston's tie with {' and '.join(c.name for _, c in entries)}."


def count_word(n: int) -> str:
    """'one' for a single city (reads better than '1'), else the number."""
    return "one" if n == 1 else str(n)


def years(n: int) -> str:
    """'1 year', '13 years'."""
    return f"{n} year{'s' if n != 1 else ''}"


def disputes(cities: tuple[City, ...]) -> str:
    """' Barcelona's tie is dated 23 November 1983 by Barcelona press.' for each city whose date is disputed."""
    notes = [f" {c.name}'s tie is dated {o.since} by {o.by}." for c in cities for o in c.established.other_dates]
    return "".join(notes)


def years_apart(cities: tuple[City, ...]) -> str:
    """' Kyoto's tie came first; Belfast's followed 55 years later.' for two cities; empty otherwise."""
    if len(cities) != 2:
        return ""
    first, then = sorted(cities, key=lambda c: c.established.year)
    gap = then.established.year - first.established.year
    if not gap:
        return f" Both ties date from {first.established.year}."
    return f" {first.name}'s tie came first; {then.name}'s followed {years(gap)} later."


def where_apart(cities: tuple[City, ...], words: tuple[str, ...]) -> str:
    """' Both are in Asia, in different countries (Japan and China).' when the question asks about the named
    cities' continent or country ("Kyoto and Hangzhou: same continent?", "both in Europe?"); empty otherwise."""
    asked = set(words)
    both = "Both" if len(cities) == 2 else "All"
    said: list[str] = []
    if asked & {"continent", "continents"} or any(w in CONTINENTS for w in asked):  # "both in Europe, right?"
        continents = list(dict.fromkeys(c.continent.value for c in cities))
        if len(continents) == 1:
            said.append(f"{both} are in {continents[0]}")
        else:
            said.append("They are on different continents (" + _and(f"{c.name} in {c.continent}" for c in cities) + ")")
    if asked & {"country", "countries", "nation", "nations"}:
        countries = list(dict.fromkeys(c.country for c in cities))
        if len(countries) == 1:
            said.append(f"{both.lower() if said else both + ' are'} in {countries[0]}")
        else:
            said.append(f"{'in' if said else 'They are in'} different countries ({_and(countries)})")
    return f" {', '.join(said)}." if said else ""


def _and(items: Iterable[str]) -> str:
    """'a, b and c'."""
    listed = list(items)
    return ", ".join(listed[:-1]) + f" and {listed[-1]}" if len(listed) > 1 else "".join(listed)


def dispute_note(city: City, label: str) -> str:
    """How a disputed tie date changes a count at a point in time."""
    others = ", ".join(f"{o.since} ({o.by})" for o in city.established.other_dates)
    return (
        f"{city.name}'s tie is dated {city.established.year} by Boston's sources and {others} by others, "
        f"so {label} the count is one more or one less depending on the source."
    )


def window_dispute(city: City, counted: bool) -> str:
    """How a disputed tie date changes which ties fall in a window of years."""
    others = ", ".join(f"{o.since} by {o.by}" for o in city.established.other_dates)
    if counted:
        return f"{city.name} is counted by Boston's date ({city.established.year}); it is dated {others}."
    return f"{city.name} is not counted: Boston's sources date it {city.established.year}, but it is dated {others}."


class ReplyBase:
    """The knowledge base the replies speak of, and what they say of it in every list."""

    kb: KnowledgeBase

    @property
    def count_caveats(self) -> tuple[str, ...]:
        """What to say with the number of sister cities: sources that count cities nothing confirms."""
        return tuple(city.count_note.text for city in self.kb.unconfirmed if city.count_note is not None)

    def unconfirmed_in(self, country_code: str) -> tuple[str, ...]:
        """What to say of a country's cities that one source lists and nothing confirms."""
        return tuple(c.claim.text for c in self.kb.unconfirmed if c.country_code == country_code)

    @cached_property
    def sister_names(self) -> str:
        """Every sister city's name, oldest tie first (said once per knowledge base: a big one has 100,000)."""
        return names_list(self.kb.sister_cities)

    @cached_property
    def sister_rows(self) -> tuple[CityRow, ...]:
        """Every sister city as a list row, oldest tie first (built once per knowledge base: a big one has 100,000)."""
        return rows(self.kb.sister_cities)

    @cached_property
    def today_list(self) -> str:
        """Today's sister cities with their years, as one sentence."""
        cities = self.kb.sister_cities
        return f"Today Boston has {len(cities)} sister cities: " + names_with_years(cities) + "."
