"""What the bot cannot answer, read from a question: tasks it cannot do, kinds of fact its knowledge does not hold,
and other places' own partner cities. Each is said plainly, never answered with a card or a list as if it were."""

from __future__ import annotations

import re

from bot.engine.intents import SISTER_TERMS, Intents
from bot.engine.matching import Places
from bot.engine.question import Question
from bot.knowledge.normalize import fold

# Tasks a knowledge bot cannot do, by the words that ask for them.
TASK_WORDS: dict[str, frozenset[str]] = {
    "check the weather": frozenset(
        "weather forecast rain raining rainy snow snowing snowy temperature temperatures sunny humid humidity".split()
    ),
    "book travel": frozenset("flight flights airfare airline airlines hostel airbnb accommodation airport".split()),
    "order a ride": frozenset("taxi taxis uber lyft cab cabs".split()),
    "translate": frozenset("translate translation translated translating".split()),
    "look up scores or results": frozenset("score scores scoreboard".split()),
    "give directions": frozenset("directions route".split()),
    "convert currencies": frozenset("currency currencies".split()),
}
TASK_PHRASES: dict[str, tuple[str, ...]] = {
    "tell the local time": ("what time is it", "local time", "time zone", "timezone", "time difference"),
    "translate": ("how do you say", "how do i say"),
    "look up scores or results": ("who won", "win last", "won last", "win tonight", "game tonight", "final score"),
    "convert currencies": ("exchange rate",),
    "book travel": (
        "book me",
        "book a",
        "reserve a",
        "buy tickets",
        "buy a ticket",
        "hotel in",
        "hotels in",
        "find a hotel",
        "hotel recommendations",
        "a hotel near",
    ),
    "give directions": ("how do i get to", "how do i get from", "how to get to", "way to get to"),
}
# Kinds of fact the knowledge base does not hold, by the words that ask for them.
MISSING_WORDS: dict[str, frozenset[str]] = {
    "phone numbers": frozenset("phone telephone fax".split()),
    "e-mail addresses": frozenset("email emails mail".split()),
    "postal addresses": frozenset("address addresses postcode zip".split()),
    "budget or cost figures": frozenset(
        "budget budgets spend spending spent cost costs price prices fee fees salary dues dollar dollars amount".split()
    ),
    "who holds an office today": frozenset("chair chairs chairman chairwoman chairperson treasurer".split()),
    "schedules": frozenset("schedule schedules calendar timetable upcoming hours monthly weekly".split()),
    "geographic figures": frozenset("area elevation altitude climate".split()),
}
MISSING_PHRASES: dict[str, tuple[str, ...]] = {
    "budget or cost figures": ("how much money", "how much does it cost", "how much funding"),
    "who holds an office today": ("current mayor", "mayor now", "mayor today", "who is the mayor", "whos the mayor"),
    "schedules": ("next meeting", "next event", "when is the next", "opening hours"),
    "membership figures": ("how many members", "number of members", "membership numbers", "how many volunteers"),
    "population figures": ("population of", "how many people live"),
    "attendance or participation figures": (
        "how many people",
        "how many students",
        "how many visitors",
        "how many attended",
        "how many went",
        "how many came",
        "how many participants",
    ),
}
_POSSESSIVE = ("'s", "\u2019s", "s'", "s\u2019")
_PLURAL_TIES = frozenset("cities citys towns twins partners sisters list".split())
# "is Praia twinned with anywhere else?", "Praia's sister cities other than us": the city's other partners.
_ELSEWHERE = (
    "anywhere else", "elsewhere", "other than us", "besides us", "other than boston", "besides boston",
    "apart from us", "apart from boston", "except us", "except boston", "any others", "other partners",
)  # fmt: skip
# "does Cambridge MA have sister cities": a place the gazetteer does not know, named before "have".
_DOES_HAVE = re.compile(
    r"\bdoes (?P<place>[a-z][a-z ]{1,40}?) (?:have|has|got)\b[a-z ]{0,30}?\b(?:sister|twin)\b"
    r"|\b(?:sister|twin) (?:cities|citys|towns) (?:does|do) (?P<owner>[a-z][a-z ]{1,40}?) (?:have|has)\b"
)
# "what are cambridge's sister cities", "seattle's sister city in china": a possessive before the relationship.
_POSSESSED = re.compile(
    r"\b([A-Za-z][\w.-]*)(?:'s|\u2019s) (?:other |own )?(?:sister|twin) (?:city|cities|towns|town)\b"
)
_NOT_TIES_AFTER = frozenset("association associations group groups committee program programme office".split())
_NOT_A_PLACE = frozenset("it this that the program programme city office we us our you boston he she they".split())


def _phrase(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    return next((what for what, phrases in table.items() if any(f" {p} " in text for p in phrases)), None)


def _word(words: set[str], table: dict[str, frozenset[str]]) -> str | None:
    return next((what for what, found in table.items() if words & found), None)


def read_task(q: Question) -> str | None:
    """The task the question asks the bot to do that it cannot ("check the weather"), if any."""
    text = f" {q.folded} "
    return _phrase(text, TASK_PHRASES) or _word(set(q.words), TASK_WORDS)


# "who is the current lord mayor of Belfast": an office held today, which no source can keep up to date.
_OFFICES = frozenset("mayor president director head chief leader chair ambassador consul governor".split())
_NOW = frozenset("current currently now today present incumbent".split())


def read_missing(q: Question) -> str | None:
    """The kind of fact asked for that the knowledge base does not hold ("phone numbers"), if any."""
    text = f" {q.folded} "
    words = set(q.words)
    if words & _OFFICES and words & _NOW:
        return "who holds an office today"
    return _phrase(text, MISSING_PHRASES) or _word(words, MISSING_WORDS)


def read_other_program(q: Question, places: Places, intents: Intents) -> str | None:
    """The place whose own partner cities are asked about ("Philadelphia's sister cities", "does Chicago have
    sister cities?"), if any; Boston's own never count."""
    if not (set(q.words) & (SISTER_TERMS | {"twin", "twinned"})):
        return None
    text = f" {q.folded} "
    words = set(q.words)
    if len(places.ours) == 1 and any(f" {p} " in text for p in _ELSEWHERE):
        return places.ours[0].name
    boston_asked = bool(words & {"boston", "bostons", "we", "our", "us", "ours"})
    # "who else is Strasbourg twinned with", "Valladolid: what other cities is it twinned with" (but not "any other
    # sister cities in Africa like Sekondi-Takoradi", which asks for Boston's).
    own_partners = "else" in words or bool(words & {"other", "others"} and words & {"twinned", "paired", "partnered"})
    if len(places.ours) == 1 and own_partners and not boston_asked and not words & {"besides", "except", "excluding"}:
        return places.ours[0].name
    if (m := _POSSESSED.search(q.clean)) and fold(m.group(1)) not in {"boston", "bostons"}:
        owner = fold(m.group(1))
        if not any(fold(c.name) == owner for c in places.ours) or bool(words & _PLURAL_TIES):
            return m.group(1).title()
    for mention in places.mentions:
        if mention.end <= mention.start:
            continue
        after = q.words[mention.end : mention.end + 3]
        before = q.words[max(0, mention.start - 3) : mention.start]
        possessive = q.surface[mention.end - 1].endswith(_POSSESSIVE)
        later = set(q.words[mention.end : mention.end + 5])
        asks_own = (
            (possessive and bool(set(after) & (SISTER_TERMS | {"other", "twin"})) and bool(later & _PLURAL_TIES))
            or (
                bool(set(before) & {"does", "do", "did"})
                and bool(set(after) & {"have", "has", "got"})
                and bool(later & _PLURAL_TIES)
            )
            or (before[-1:] == ("of",) and bool(set(before) & SISTER_TERMS))
        )
        if asks_own:
            name = mention.city.name if mention.city else (mention.place.name if mention.place else mention.surface)
            return name
    for mention in places.foreign:  # "is Springfield, Massachusetts twinned with a Japanese city?"
        next_words = set(q.words[mention.end : mention.end + 4])
        place = mention.place
        if place is not None and not place.is_country and next_words & {"twinned", "paired", "partnered"}:
            return place.name
    if m := _DOES_HAVE.search(q.folded):
        named: str = m.group("place") or m.group("owner")
        if not set(named.split()) & _NOT_A_PLACE:
            ours = next((c.name for c in places.ours if fold(c.name) == named), None)
            return ours or named.title()
    return None
