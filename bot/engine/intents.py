"""What kind of question this is, read from its (spell-corrected, folded) words. Pure word rules."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.engine.lazy import lazy_pattern
from bot.knowledge.models import Continent

GREETINGS = frozenset(
    """hi hello hey hiya howdy greetings yo hallo hola bonjour ciao salve buongiorno bonsoir salut ola servus konnichiwa
    morning afternoon evening""".split()
)
THANKS = frozenset("thanks thank thx ty cheers appreciate appreciated".split())
HELP = frozenset("help usage commands command instructions manual guide howto tips examples".split())
HELP_CONTEXT = frozenset("use using bot work works ask asking talk chat slash type typing example hint hints".split())
HELP_PHRASES = (
    "how do i use",
    "how to use",
    "how can i use",
    "how does this work",
    "how does this bot work",
    "what can you do",
    "what can i ask",
    "what do you do",
    "what are you",
    "who are you",
    "how do you work",
    "what should i ask",
    "how do i ask",
    "what can you tell me",
    "example questions",
    "can i ask",
    "questions can i",
    "kind of questions",
    "what can you answer",
    "what do you cover",
    "what can you help",
)
SISTER_TERMS = frozenset(
    "sister sisters twin twins twinned twinning paired partnered partner partners partnership partnerships "
    "relationship relationships tie ties".split()
)
PLURAL_CITY = frozenset("cities citys towns municipalities".split())
LIST_WORDS = frozenset(
    "list listed all every which name names show overview roster lineup rundown enumerate sort".split()
)
# Words that ask for the whole list, in some order: they outrank a topic that shares a word.
WHOLE_LIST = frozenset(
    "list all every full complete order ordered chronological chronologically sort sorted enumerate".split()
)
ORDINALS = {
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
    "seventh": 7,
    "7th": 7,
    "eighth": 8,
    "8th": 8,
    "ninth": 9,
    "9th": 9,
    "tenth": 10,
    "10th": 10,
}
HEMISPHERES = {"southern": "south", "northern": "north", "eastern": "east", "western": "west"}
COUNT_PHRASES = (
    "how many",
    "number of",
    "count",
    "total",
    "tally",
    "how much sister",
    "how big",
    "how large",
    "headcount",
)
# The asker offering help, not asking for it: "what would I help with?", "how can I help?" (paraphrase.py reads it as
# "volunteer").
OFFERS_HELP = (
    r"\b(?:would|could|can|will|should|might|do) (?:i|we) help\b|\b(?:i|we) (?:would|could|can|will|might|d|ll)"
    r" help\b"
)
_OFFERS_HELP = lazy_pattern(OFFERS_HELP)
# Help thanked for, not asked for: "thanks for the help", "you've been a big help", "that helped a lot".
_HELP_THANKED = lazy_pattern(
    r" for (?:the|your|all the|all your|all of your) help | (?:a|such a) (?:\w+ )?help | helped | helps "
)
# "more than five sister cities?": a comparison with a number asks for the count.
_SMALL_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen)"
_COMPARED_COUNT = lazy_pattern(
    r"\b(?:more|fewer|less) than " + _SMALL_NUMBER + r"\b(?! ?(?:km|kms|kilomet|mile|mi\b))"
    r"|\b" + _SMALL_NUMBER + r" (?:sister|twin|partner) (?:city|cities|citys|towns)\b"
)
EARLIEST = frozenset("first oldest earliest original initial inaugural longest".split())
LATEST = frozenset("newest latest recent recently lately last youngest".split())
WHEN = frozenset("when year date".split())
WHEN_PHRASES = ("what year", "how long", "how old", "how many years", "which anniversary", "what anniversary")
DISTANCE = frozenset("far distance distances km kilometers kilometres kilometer kilometre miles mile away".split())
NEAREST = frozenset("closest nearest closer nearer shortest".split())
FURTHEST = frozenset("furthest farthest remotest distant further farther".split())
COMPARE = frozenset("vs versus compare comparison compared difference".split())
CONTINENTS: dict[str, Continent | None] = {
    "asia": Continent.ASIA,
    "asian": Continent.ASIA,
    "east asia": Continent.ASIA,
    "far east": Continent.ASIA,
    "middle east": None,  # a region across two continents: REGIONS
    "middle eastern": None,
    "europe": Continent.EUROPE,
    "european": Continent.EUROPE,
    "eu": Continent.EUROPE,
    "africa": Continent.AFRICA,
    "african": Continent.AFRICA,
    "west africa": Continent.AFRICA,
    "oceania": Continent.OCEANIA,
    "australasia": Continent.OCEANIA,
    "pacific": Continent.OCEANIA,
    "north america": Continent.NORTH_AMERICA,
    "north american": Continent.NORTH_AMERICA,
    "central america": Continent.NORTH_AMERICA,
    "caribbean": Continent.NORTH_AMERICA,
    "south america": Continent.SOUTH_AMERICA,
    "south american": Continent.SOUTH_AMERICA,
    "latin america": Continent.SOUTH_AMERICA,
    "latin american": Continent.SOUTH_AMERICA,
    "antarctica": None,
}
_MIDDLE_EAST = frozenset("BH CY EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE".split())
# Regions that are no continent, by the countries in them (ISO codes): "any partner cities in the Middle East?"
REGIONS: dict[str, tuple[str, frozenset[str]]] = {
    "middle east": ("the Middle East", _MIDDLE_EAST),
    "middle eastern": ("the Middle East", _MIDDLE_EAST),
}
DECADE_WORDS = {
    "twenties": 1920,
    "thirties": 1930,
    "forties": 1940,
    "fifties": 1950,
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
    "noughties": 2000,
    "aughts": 2000,
}
_YEAR = r"(1[6-9]\d\d|20\d\d)"  # from Boston's founding (1630) on
_ANY_DECADE = lazy_pattern(
    r"\b(?:(?P<full>1[89]\d0|20\d0)s|(?P<short>\d)0s|(?P<word>" + "|".join(DECADE_WORDS) + r"))\b"
)
# "the first half of the 80s", "the early 1990s": part of a decade, by the years it covers.
_PARTS = {"first half": (0, 4), "second half": (5, 9), "early": (0, 3), "mid": (4, 6), "middle": (4, 6), "late": (7, 9)}
_DECADE_PART = lazy_pattern(r"\b(first half|second half|early|mid|middle|late)(?: of)?(?: the)? $")
_OPEN_ENDED = frozenset("since starting beginning after post before until till pre prior".split())
# A year with no preposition ("2014 sister city"), never a distance or a head count ("within 2000 km").
_BARE_YEAR = lazy_pattern(r"\b" + _YEAR + r"\b(?! ?(?:km|kms|kilomet|mile|mi\b|people|residents|members|visitors))")
_RANGE = lazy_pattern(
    r"\b(?:between|from) "
    + _YEAR
    + r" (?:and|to|through|thru|till|until|up to|up until)(?: and)?(?: including)? "
    + _YEAR
    + r"\b"
    r"|\b" + _YEAR + r" (?:to |through |thru |until |till )?" + _YEAR + r"\b"  # "1984-1997", "1984 to 1997"
)
_FROM = lazy_pattern(r"\b(since|after|from|post|starting|beginning)(?: in| the year)? " + _YEAR + r"\b")
# "2015 onward", "2001 or later": from that year on.
_ONWARD = lazy_pattern(  # (not "in 2019 on the twin-city grants")
    _YEAR + r" (?:onwards?|or later|and later|and beyond|on(?! (?:the|a|an|this|that|its|their|our|his|her)\b))\b"
)
_UNTIL = lazy_pattern(
    r"\b(before|until|till|prior to|pre|(?:up|through|until|to) and including|up to|by|predate|predates|predated"
    r"|predating|earlier than|older than"
    r"|no later than|further than|farther than|further back than)(?: the year)? " + _YEAR + r"\b"
    r"(?! ?(?:km|kms|kilomet|miles?|mi)\b)"
)
# "1982 or earlier": up to that year.
_OR_EARLIER = lazy_pattern(_YEAR + r" (?:or earlier|and earlier|or before|and before)\b")
_IN = lazy_pattern(r"\b(?:in|during|of|year) " + _YEAR + r"\b")
ESTABLISH_VERBS = frozenset(
    "join joined become became established establish signed sign start started begin began partnered "
    "founded formed twinned made added paired agreement tie ties tied".split()
)
# Words that only frame a question (greetings, "list", "sister cities", "help"): they carry no topic.
FRAME_WORDS = frozenset(
    set().union(GREETINGS, THANKS, HELP, HELP_CONTEXT, SISTER_TERMS, PLURAL_CITY, LIST_WORDS)
    | {"many", "count", "number", "city", "sister", "total", "good", "great", "please", "tell", "remind"}
    | {"mainland", "island", "islands", "country", "countries", "nation", "nations", "republic", "state"}
    | {"official", "officially", "formal", "current", "currently", "actual", "existing", "initiative", "scheme"}
    | {"foreign", "overseas", "abroad", "agreement", "agreements", "international", "counting"}
)
VOCABULARY = frozenset(
    set().union(
        GREETINGS,
        THANKS,
        HELP,
        HELP_CONTEXT,
        SISTER_TERMS,
        PLURAL_CITY,
        LIST_WORDS,
        WHOLE_LIST,
        ORDINALS,
        HEMISPHERES,
        {"hemisphere", "continent", "continents"},
        EARLIEST,
        LATEST,
        WHEN,
        DISTANCE,
        NEAREST,
        FURTHEST,
        COMPARE,
        ESTABLISH_VERBS,
        DECADE_WORDS,
        {w for key in CONTINENTS for w in key.split()},
        "many count number city sister ones exist exists existed existing".split(),  # "which ones (exist)?"
    )
)


_NUMBER = r"(\d{1,3}(?: \d{3})+|\d+)"  # "10 000": folding turns the comma of "10,000" into a space
_UNIT = r" ?(km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi)?"
_WITHIN = lazy_pattern(r"\b(within|under|less than|closer than|nearer than|up to|below|fewer than) " + _NUMBER + _UNIT)
_BEYOND = lazy_pattern(r"\b(more than|over|further than|farther than|beyond|at least|above) " + _NUMBER + _UNIT)
MILE_KM = 1.609344
# A number this big with no unit is still a distance ("further than 5000 from Boston").
UNITLESS_DISTANCE = 100


@dataclass(frozen=True)
class DistanceRange:
    """An inclusive range of distances from Boston in kilometres, and how the question put it."""

    low_km: float
    high_km: float
    label: str


# A number that reads as the year of a tie, not a distance, when no unit follows it ("further than 1980").
_A_TIE_YEAR = lazy_pattern(r"19[5-9]\d|20[0-4]\d")


# "further"/"farther" compare when "than" follows; otherwise they ask for the furthest ("which is further away?").
_COMPARED = frozenset({"further", "farther"})
_MORE_FAR = lazy_pattern(r" (?:further|farther)(?! than| back than)")


def _distance_range(text: str) -> DistanceRange | None:
    for pattern, within in ((_WITHIN, True), (_BEYOND, False)):
        if m := pattern.search(text):
            number = float(m.group(2).replace(" ", ""))
            if not m.group(3) and number < UNITLESS_DISTANCE:
                continue  # "more than 5 sister cities" counts ties; "more than 5000" can only be a distance
            if not m.group(3) and _A_TIE_YEAR.fullmatch(m.group(2)):
                continue  # "go back further than 1980": a year
            unit = "miles" if (m.group(3) or "").startswith("mi") else "km"
            km = number * MILE_KM if unit == "miles" else number
            label = (
                f"within {number:,.0f} {unit} of Boston" if within else f"more than {number:,.0f} {unit} from Boston"
            )
            return DistanceRange(0.0, km, label) if within else DistanceRange(km, float("inf"), label)
    return None


@dataclass(frozen=True)
class YearRange:
    """Years ties were made in: one or more inclusive spans ("in the 1980s or 1990s"), and how the question put it."""

    first: int
    last: int
    label: str
    spans: tuple[tuple[int, int], ...] = ()  # every span, when there are several; else just (first, last)
    kind: str = "window"  # "in": a single year asked with "in YEAR"; "bare": a year with no preposition; "ties":
    # between two named ties ("between the Kyoto signing and 1985")

    def __contains__(self, year: object) -> bool:
        if not isinstance(year, int):
            return False
        return any(low <= year <= high for low, high in self.spans or ((self.first, self.last),))

    @property
    def single_year(self) -> int | None:
        """The one year asked about, when the range is a single year."""
        return self.first if self.first == self.last else None


@dataclass(frozen=True)
class Intents:
    """The signals found in a question's words."""

    greeting: bool = False
    thanks: bool = False
    help: bool = False
    listing: bool = False
    count: bool = False
    continents: tuple[Continent, ...] = ()  # every continent named ("Europe and Asia")
    continents_out: tuple[Continent, ...] = ()  # continents left out ("not in Europe", "outside Asia")
    continent_words: tuple[str, ...] = ()  # the words naming them, including ones we file nowhere ("Antarctica")
    earliest: bool = False
    latest: bool = False
    when: bool = False
    years: YearRange | None = None
    distance: bool = False
    nearest: bool = False
    furthest: bool = False
    compare: bool = False
    sister_term: bool = False
    whole_list: bool = False
    ordinal: int | None = None
    take: int | None = None  # how many of the first or newest: "the three most recent", "first two"
    hemisphere: str | None = None
    by_continent: bool = False
    distance_range: DistanceRange | None = None
    friendship_list: bool = False
    list_word: bool = False  # an explicit "list", "all", "which", "name"...: the list itself is asked for
    compass: str | None = None  # "furthest north", "southernmost": north, south, east or west

    @property
    def ranking(self) -> bool:
        """True when the question asks for a superlative (first, newest, nearest, furthest)."""
        return self.earliest or self.latest or self.nearest or self.furthest or self.ordinal is not None


def _decade_start(match: re.Match[str]) -> int:
    """The first year of a decade written "1980s", "80s" or "eighties"."""
    if match.group("word"):
        return DECADE_WORDS[match.group("word")]
    start = int(match.group("full")) if match.group("full") else int(match.group("short")) * 10
    start = start if start >= 1000 else start + (1900 if start >= 30 else 2000)
    return start - start % 10


def _decades(text: str) -> list[tuple[int, re.Match[str]]]:
    return [(_decade_start(m), m) for m in _ANY_DECADE.finditer(text)]


# "the 20th century", "the twentieth century", "the 1900s" (a century when written with its two zeros).
_CENTURY = lazy_pattern(
    r"\b(20th|twentieth|21st|twenty first|this|the current|last|the previous|the last) century\b"
    r"|(?<!since )(?<!after )(?<!before )\bthe (1900)s\b(?! decade)"
)


# "the last twenty years of the twentieth century", "the first half of the 20th century", "the last quarter of...".
_CENTURY_PART = lazy_pattern(
    r"\b(?P<end>first|last|final|early|late|closing|opening) "
    r"(?:(?P<n>\w+) (?P<unit>years|decades)|(?P<part>half|quarter|third)) "
    r"of the (?P<c>20th|twentieth|21st|twenty first) century\b"
)
_PART_YEARS = {"half": 50, "quarter": 25, "third": 33}
# "from the late fifties into the early sixties": two parts of decades joined.
_TWO_DECADE_PARTS = lazy_pattern(
    r"\b(?:into|to|through|till|until|and)(?: the)? (first half|second half|early|mid|late)\b"
)
# "the fifteen years after 1985", "in the ten years before 2000".
_YEARS_AFTER = lazy_pattern(r"\b(?P<n>\w+) years (?P<side>after|following|before|preceding) (?P<year>(?:19|20)\d\d)\b")


# "in the last 15 years", "over the past decade", "the last couple of decades": a span that ends today.
RECENT_SPAN = lazy_pattern(
    r"\b(?:last|past|previous) (?:(?P<n>\w+) |(?P<couple>couple of |couple )|(?P<few>few ))?(?P<unit>years?|decades?)\b"
    r"(?! of\b)"  # not "the last two decades of the 20th century"
)


def recent_years(text: str) -> int | None:
    """How many years back from today a span such as "the last 15 years" or "the past decade" reaches, if any."""
    if (m := RECENT_SPAN.search(text)) is None:
        return None
    n = 2 if m.group("couple") else 3 if m.group("few") else _count(m.group("n")) if m.group("n") else 1
    if n is None:
        return None
    return n * (10 if m.group("unit").startswith("decade") else 1)


_DECADE_OF = lazy_pattern(r"\b(?:first|last|final|opening) decade of\b")


def _count(word: str) -> int | None:
    """A small number in words or digits ("fifteen", "15", "two"), up to a hundred."""
    if word.isdigit():
        return int(word) if 0 < int(word) <= 100 else None
    teens = "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty".split()
    more = dict(zip(teens, (13, 14, 15, 16, 17, 18, 19, 20, 30, 40, 50), strict=True))
    return _CARDINALS.get(word) or more.get(word)


def _spans_in_prose(text: str) -> YearRange | None:
    """Spans written as words: parts of a century, two parts of decades, a number of years after a year."""
    if m := _CENTURY_PART.search(text):
        start = 1900 if m.group("c").startswith(("20th", "twentieth")) else 2000
        n = _count(m.group("n")) if m.group("n") else None
        length = (n * (10 if m.group("unit") == "decades" else 1)) if n else _PART_YEARS.get(m.group("part") or "", 0)
        if 0 < length <= 100:
            late = m.group("end") in ("last", "final", "late", "closing")
            low, high = (start + 100 - length, start + 99) if late else (start, start + length - 1)
            return YearRange(low, high, f"between {low} and {high}")
    if m := _YEARS_AFTER.search(text):
        n, year = _count(m.group("n")), int(m.group("year"))
        if n:
            after = m.group("side") in ("after", "following")
            low, high = (year + 1, year + n) if after else (year - n, year - 1)
            return YearRange(low, high, f"between {low} and {high}")
    decades = _decades(text)
    if len(decades) == 2 and (second := _TWO_DECADE_PARTS.search(text[: decades[1][1].start()][-30:])):
        first = _DECADE_PART.search(text[: decades[0][1].start()][-25:])
        if first is not None:
            low = decades[0][0] + _PARTS[first.group(1)][0]
            high = decades[1][0] + _PARTS[second.group(1)][1]
            if low <= high:
                return YearRange(low, high, f"between {low} and {high}")
    return None


_DIGIT = lazy_pattern(r"\d")


def _inclusive(until: str) -> bool:
    """True for an end that counts its own year: "up to 2001", "by 2001", "up to and including 2001"."""
    return until in ("up to", "by", "no later than") or until.endswith("and including")


def _year_range(text: str) -> YearRange | None:
    if not _DIGIT.search(text) and "century" not in text and DECADE_WORDS.keys().isdisjoint(text.split()):
        return None  # (most questions name no year, decade or century: every reading below needs one)
    if found := _spans_in_prose(text):
        return found
    if (m := _CENTURY.search(text)) and not _RANGE.search(text):
        last = (m.group(1) or "").startswith(("20th", "twentieth", "last", "the previous", "the last"))
        start = 1900 if last or m.group(2) == "1900" else 2000  # ("this century" in the 2000s)
        return YearRange(start, start + 99, f"in the {'20th' if start == 1900 else '21st'} century")
    if m := _RANGE.search(text):
        first, last = sorted(int(y) for y in m.groups() if y)
        return YearRange(first, last, f"between {first} and {last}")
    decades = _decades(text)
    if decades and (part := _DECADE_PART.search(text[: decades[0][1].start()][-25:])):
        start = decades[0][0]
        low, high = _PARTS[part.group(1)]
        return YearRange(start + low, start + high, f"in the {part.group(1)} of the {start}s")
    if decades:
        start, match = decades[0]
        before = text[: match.start()].split()[-2:]  # "since the 1980s", "after the 90s", "before the sixties"
        word = next((w for w in reversed(before) if w in _OPEN_ENDED), None)
        onward = re.match(r"\s*(?:on|onwards?|and (?:later|after|beyond)|or later)\b", text[match.end() :])
        if (word in ("since", "starting", "beginning") or onward) and len(decades) == 1:
            return YearRange(start, 9999, f"since the {start}s")
        if word in ("after", "post") and len(decades) == 1:
            return YearRange(start + 10, 9999, f"after the {start}s")
        if word in ("before", "until", "till", "pre", "prior") and len(decades) == 1:
            return YearRange(0, start - 1, f"before the {start}s")
        starts = sorted(dict.fromkeys(d for d, _ in decades))
        spans = tuple((d, d + 9) for d in starts)
        label = "in the " + (" and " if " and " in text else " or ").join(f"{d}s" for d in starts)
        return YearRange(starts[0], starts[-1] + 9, label, spans if len(spans) > 1 else ())
    since, until = _FROM.search(text), _UNTIL.search(text)
    if since and until and since.group(1) != "from":  # "after 1990 but before 2010": both ends
        low = int(since.group(2)) + (1 if since.group(1) in ("after", "post") else 0)
        high = int(until.group(2)) - (0 if _inclusive(until.group(1)) else 1)
        if low <= high:
            return YearRange(low, high, f"between {low} and {high}")
    if m := _ONWARD.search(text):
        year = int(m.group(1))
        return YearRange(year, 9999, f"since {year}")
    if m := _OR_EARLIER.search(text):
        year = int(m.group(1))
        return YearRange(0, year, f"up to {year}")
    if m := _FROM.search(text):
        year = int(m.group(2))
        if m.group(1) in ("after", "post"):
            return YearRange(year + 1, 9999, f"after {year}")
        if m.group(1) == "from":  # "the sister city from 1960": dating from that year
            return YearRange(year, year, f"in {year}", kind="bare")
        return YearRange(year, 9999, f"since {year}")
    if m := _UNTIL.search(text):
        year = int(m.group(2))
        if _inclusive(m.group(1)):
            return YearRange(0, year, f"up to {year}")
        return YearRange(0, year - 1, f"before {year}")
    if m := _IN.search(text):
        year = int(m.group(1))
        return YearRange(year, year, f"in {year}", kind="in")
    if m := _BARE_YEAR.search(text):
        year = int(m.group(1))
        return YearRange(year, year, f"in {year}", kind="bare")
    return None


def ordinal_word(n: int) -> str:
    """'50th', '21st', '2nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_NTH = lazy_pattern(r"(\d{1,3})(?:st|nd|rd|th)")


def _ordinal(word: str) -> int | None:
    """The rank a word names: "second", "2nd", "11th"."""
    if word in ORDINALS:
        return ORDINALS[word]
    return int(m.group(1)) if (m := _NTH.fullmatch(word)) and 0 < int(m.group(1)) < 100 else None


_CARDINALS = dict(
    zip("one two three four five six seven eight nine ten eleven twelve".split(), range(1, 13), strict=True)
)
# Small numbers in words: read as numbers ("number nine", "more than five"), never what is asked about.
NUMBER_WORDS = frozenset(_CARDINALS)


def _number_n(words: list[str]) -> int | None:
    """The rank in "number nine", "no. 3", "#4" (read as "number 4")."""
    for a, b in itertools.pairwise(words):
        if a in {"number", "no", "num"} and (b in _CARDINALS or (b.isdigit() and 0 < int(b) < 100)):
            return _CARDINALS.get(b) or int(b)
    return None


_RANKS = EARLIEST | LATEST | {"most"}


def _take(words: list[str]) -> int | None:
    """How many of the first or newest are asked for: "the three most recent", "first 2", "two oldest"."""
    for i, w in enumerate(words):
        n = _CARDINALS.get(w) or (int(w) if w.isdigit() and 1 < int(w) <= 12 else None)
        if n is None or n < 2:
            continue
        following = [w for w in words[i + 1 : i + 4] if w not in ("are", "were", "the")]  # "which two are the oldest"
        after = bool(following) and following[0] in _RANKS  # "three most recent", "two oldest"
        # "the two sister cities nearest to Boston", "the 3 furthest"
        after |= any(w in NEAREST | FURTHEST for w in words[i + 1 : i + 5])
        if after or (i > 0 and words[i - 1] in EARLIEST | LATEST | NEAREST | FURTHEST):  # "first two", "closest 3"
            return n
    # "the most recent one and the one before it", "the first and the one after that": two in a row
    text = f" {' '.join(words)} "
    if any(f" one {side} {it} " in text for side in ("before", "after") for it in ("it", "that", "this")):
        return 2
    return None


# "my first week here", "last time I asked": first and last about the asker's own time, not a ranking of ties.
_OWN_TIME = frozenset(
    """day days week weeks month months time times job shift morning meeting visit trip night half century
    centuries anniversary anniversaries birthday grade graders grader floor period class year years edition
    semester term post posts posting message messages question questions""".split()
)


# "in the first place", "first of all", "first off", "at last": a manner of speaking, no ranking at all.
_FIGURES_OF_SPEECH = (("in", "the", "first", "place"), ("first", "of", "all"), ("first", "off"), ("at", "last"),
                      ("at", "first"), ("last", "but", "not"), ("first", "things", "first"))  # fmt: skip


def _own_time_after(words: list[str], i: int) -> bool:
    """True when the word at i is followed by the asker's own time ("first day", "second week", "last time") or is
    part of a figure of speech ("in the first place")."""
    if i + 1 < len(words) and words[i + 1] in _OWN_TIME:
        return True
    for figure in _FIGURES_OF_SPEECH:
        for at, word in enumerate(figure):
            if word == words[i] and tuple(words[i - at : i - at + len(figure)]) == figure and i >= at:
                return True
    return False


def _ranking_words(words: list[str], vocabulary: frozenset[str]) -> bool:
    """True when one of these ranking words is used as a ranking, not as "first day" or "last time"."""
    return any(w in vocabulary and not _own_time_after(words, i) for i, w in enumerate(words))


# "oldest first", "oldest to newest", "by age": an order for a list, not a pick of one.
_ORDERING = lazy_pattern(r"\b(?:oldest|earliest|newest|latest) (?:first|to|through)\b|\bby (?:age|date|year)\b")


_YEAR_MEASURES = lazy_pattern(
    r"\b\w+ year (?:anniversary|anniversaries|mark|milestone|old|partnership)\b"
    r"|\b(?:the|a|one) year (?:before|after|earlier|later|prior to|ahead of)\b"
)


def _year_as_measure(text: str) -> set[str]:
    """{"year"} when "year" measures something ("a 10-year anniversary", "the 25-year mark") or a step in time ("the
    year before Padua"), asking no date."""
    return {"year"} if _YEAR_MEASURES.search(text) else set()


# "so far", "by far", "as far as I know": no distance asked.
# "so far", "far more", "how far apart in time": no distance.
_NOT_DISTANCE = lazy_pattern(
    r" (?:so|thus|by|as) far(?: as)? | far (?:more|less|fewer|better|too) | far (?:apart |away )?in (?:time|years) "
    # "how far apart were those ties signed?": years between the signings
    r"| far apart (?:were|was|are) (?:\w+ ){0,3}(?:signed|made|formed|agreed|established|twinned|joined|added"
    r"|agreements|signings|pacts|ties|twinnings) "
    # "the Belfast and Praia agreements: how far apart were they?": the signings' years
    r"| (?:agreements|signings|pacts|twinnings|deals|accords)(?: \w+){0,3} how far apart "
    # "which was signed first, and how far apart?": the signings' years
    r"| (?:signed|formed|agreed|established|twinned|joined|added|came)(?: \w+){0,3} (?:and )?how far apart $"
)


# What "all", "every" or "in order" must stand by to ask for the whole list ("all the sister cities", "the cities in
# order"), not "every objective" or "is it all just culture".
_WHOLE_OF = PLURAL_CITY | SISTER_TERMS | frozenset("city one ones them list lineup rundown roster".split())
_BETWEEN = frozenset("the of our boston bostons your its those these my his her their".split())


def _asks_whole(words: list[str]) -> bool:
    """True when a word for the whole ("all", "every", "full") stands by the cities or the list it asks for."""
    for i, word in enumerate(words):
        if word not in WHOLE_LIST or (word == "full" and words[i - 1 : i] in (["a"], ["an"])):
            continue  # ("as a full twin city": a kind of tie, not the full list)
        following = next((w for w in words[i + 1 :] if w not in _BETWEEN), "")
        if following in _WHOLE_OF or any(w in _WHOLE_OF for w in words[max(0, i - 2) : i]):
            return True
    return False


# Words after "sister cities" that make it part of a name: "the sister cities program", "Sister Cities
# International".
_NAMED_BY_CITIES = frozenset(
    """program programs programme programmes initiative international movement
    network concept idea thing effort scheme""".split()
)
# "what is (Boston) Sister Cities?": the program by its name, not a question about the cities ("what is boston's
# sister cities" asks for the list).
_PROGRAM_NAMED = lazy_pattern(
    r"^\W*(?:what is|what's|whats|what\u2019s) ['\"\u2018\u201c]?(?:boston )?sister cities\b", re.I
)


def names_program(clean: str) -> bool:
    """True for "what is (Boston) Sister Cities?": the program asked about by its name (the question as typed)."""
    return bool(_PROGRAM_NAMED.search(clean))


def cities_in_a_name(words: list[str] | tuple[str, ...]) -> bool:
    """True when "sister cities" is only said as part of a name ("the sister cities program", "the sister cities
    idea"), never as the cities themselves."""
    return bool(set(words) & PLURAL_CITY) and not _asks_for_cities(list(words))


def _asks_for_cities(words: list[str]) -> bool:
    """True when a plural of "city" is a noun of its own, not part of a name ("the sister cities program")."""
    after = [*words[1:], ""]
    return any(w in PLURAL_CITY and after[i] not in _NAMED_BY_CITIES for i, w in enumerate(words))


# Words that leave a continent out: "not in Europe", "isn't in Asia", "outside (of) Africa", "non-European".
_NOT_IN = (
    r" (?:not|isn't|isnt|aren't|arent|wasn't|weren't) in(?: the)?| outside(?: of)?(?: the)?| other than| except"
    r"| excluding| non"
)


# Ties that are not sister cities: "cities Boston has ties with that aren't official sister cities".
_NOT_SISTERS = lazy_pattern(
    r" (?:not|aren't|arent|isn't|isnt|but not|other than|short of|less than) (?:official |full |formal |real |proper )?"
    r"sister cities "
)


# "how many years after Kyoto...": a length of time, not a count of ties.
_DURATION = lazy_pattern(r" how many (?:more )?(?:years|months|days|weeks|decades) (?!did boston have)")
# The same words padded with a space on either side once, to be found as whole words in a padded question.
_CONTINENT_KEYS = tuple((key, f" {key} ") for key in sorted(CONTINENTS, key=len, reverse=True))  # longest first
_HELP_PHRASES = tuple(f" {p} " for p in HELP_PHRASES)
_COUNT_PHRASES = tuple(f" {p} " for p in COUNT_PHRASES)


def read_intents(words: list[str]) -> Intents:
    """The signals in a question's folded, spell-corrected words (place names already left out)."""
    present = set(words)
    text = " ".join(words)
    padded = f" {text} "
    if not _asks_for_cities(words):
        present -= PLURAL_CITY  # "the sister cities program", "Boston Sister Cities International": no cities asked for
    ordering = bool(_ORDERING.search(text))
    continent_words: list[str] = []
    rest = padded
    for key, padded_key in _CONTINENT_KEYS:
        if padded_key in rest:
            continent_words.append(key)
            rest = rest.replace(padded_key, " | ")
    # "the closest one that isn't in Europe", "outside Asia", "non-European": continents left out
    left_out = {k for k in continent_words if re.search(rf"{_NOT_IN} {re.escape(k)} ", padded)}
    continents = tuple(
        dict.fromkeys(c for k in continent_words if (c := CONTINENTS[k]) is not None and k not in left_out)
    )
    continents_out = tuple(dict.fromkeys(c for k in left_out if (c := CONTINENTS[k]) is not None))
    sister_term = bool(present & SISTER_TERMS)
    listing = (sister_term and bool(present & (PLURAL_CITY | LIST_WORDS))) or (
        bool(present & {"list", "all", "roster", "overview"}) and len(present - {"please", "the", "me"}) <= 3
    )
    # "the last twenty years of the century", "the fifteen years after 1985": a span, no ranking and no count of ties
    spans = RECENT_SPAN.sub(" ", _CENTURY_PART.sub(" ", _YEARS_AFTER.sub(" ", text)))
    ranked = _DECADE_OF.sub(" ", spans).split()  # "the first decade of the 2000s" is the 2000s, no ranking
    return Intents(
        greeting=bool(present & GREETINGS) or text.startswith(("good morning", "good afternoon", "good evening")),
        thanks=bool(present & THANKS),
        help=((bool(present & HELP) and not _OFFERS_HELP.search(padded)) or any(p in padded for p in _HELP_PHRASES))
        and not (bool(present & THANKS) and _HELP_THANKED.search(padded) is not None),
        listing=listing or (ordering and bool(present & (PLURAL_CITY | SISTER_TERMS | {"ones", "them"}))),
        count=(any(p in padded for p in _COUNT_PHRASES) and not _DURATION.search(padded))
        or bool(_COMPARED_COUNT.search(text)),
        continents=continents,
        continents_out=continents_out,
        continent_words=tuple(continent_words),
        earliest=_ranking_words(ranked, EARLIEST) and not ordering,
        latest=(_ranking_words(ranked, LATEST) or " most recent " in padded) and not ordering,
        when=bool((present - _year_as_measure(text)) & WHEN) or any(p in text for p in WHEN_PHRASES),
        years=_year_range(text),
        distance=bool(set(_NOT_DISTANCE.sub(" ", padded).split()) & DISTANCE),
        nearest=bool(present & NEAREST),
        # ("further than 5000 km" compares, it asks for no furthest one)
        furthest=bool(present & FURTHEST - _COMPARED) or " far away " in padded or _MORE_FAR.search(padded) is not None,
        compare=bool(present & COMPARE),
        sister_term=sister_term,
        # "every city", "all the sister cities" ask for the cities; "list the aims" asks for something else.
        whole_list=(listing or bool(present & LIST_WORDS))
        and _asks_whole(words)
        and bool(present & (PLURAL_CITY | {"city", "one", "ones", "them"})),
        ordinal=next(
            (_ordinal(w) for i, w in enumerate(ranked) if _ordinal(w) and not _own_time_after(ranked, i)), None
        )
        or _number_n(words),
        take=_take(ranked),
        by_continent=bool(present & {"continent", "continents"}),
        distance_range=_distance_range(text),
        friendship_list=(bool(present & {"friendship", "friendships"}) or _NOT_SISTERS.search(padded) is not None)
        and (bool(present & PLURAL_CITY) or " friendship city " in padded),  # ("what's a friendship city?")
        # "all" and "every" ask for a list only beside what is listed ("all the cities", not "is it all culture")
        list_word=bool(present & (LIST_WORDS - {"all", "every"})) or _asks_whole(words),
        hemisphere=_hemisphere(words, padded),
        compass=_compass(words, present),
    )


_EQUATOR = {"south of the equator": "south", "below the equator": "south", "north of the equator": "north",
            "above the equator": "north"}  # fmt: skip
_COMPASS_WORDS = {"north": "north", "south": "south", "east": "east", "west": "west", "northern": "north",
                  "southern": "south", "eastern": "east", "western": "west"}  # fmt: skip
_MOST = {"northernmost": "north", "southernmost": "south", "easternmost": "east", "westernmost": "west"}


def _hemisphere(words: list[str], padded: str) -> str | None:
    """North or south of the equator, east or west: "the southern hemisphere", "south of the equator"."""
    if found := next((side for phrase, side in _EQUATOR.items() if f" {phrase} " in padded), None):
        return found
    return next((HEMISPHERES[w] for w in words if w in HEMISPHERES and "hemisphere" in words), None)


def _compass(words: list[str], present: set[str]) -> str | None:
    """The direction of a superlative of position: "furthest north", "most southern", "easternmost"."""
    if found := next((_MOST[w] for w in words if w in _MOST), None):
        return found
    if present & (FURTHEST | {"most"}):
        return next((_COMPASS_WORDS[w] for w in words if w in _COMPASS_WORDS), None)
    return None
