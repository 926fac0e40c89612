"""Time in a question: a window of years ties were made in, a point in time to count the ties Boston had then,
or a year that is about something else (a budget, an event).

"Which sister city joined in 2014?" is a window; "how many sister cities did Boston have in 1999?" is a point in
time (all ties made by then); "is there a budget for 2026?" is not about ties at all. Reading the difference is
what keeps the bot from ever saying "Boston has no sister cities in 1999".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot.engine.intents import ESTABLISH_VERBS, Intents, YearRange, ordinal_word, recent_years
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import Mention, Places
from bot.engine.query import AsOf, Relation, RelationKind
from bot.engine.question import AUXILIARIES, STOPWORDS, Question

# Words that ask what Boston had at a point in time.
STATE_WORDS = frozenset(
    """have had has having were exist existed existing already total tally altogether stood stands standing
    roster""".split()
)
STATE_PHRASES = (
    "as of",
    "by the end of",
    "at the end of",
    "by the time",
    "at the time",
    "so far",
    "up to",
    "by then",
    "look like",
    "looked like",
    "looks like",
)
# Words that ask when ties were made.
JOIN_WORDS = ESTABLISH_VERBS | frozenset(
    """new added add twin twinned signing joining came come get got gain gained welcome welcomed acquire acquired pair
    partnered""".split()
)
# Words that make a year about something other than the ties.
NOT_TIES = frozenset(
    """visit visited visits visiting budget budgets spend spending spent funding funds fund cost costs money report
    annual event events festival
    gala picnic party celebration celebrate celebrated celebrating parade trip mission conference exhibition
    concert game match election census population summit ceremony award prize grant grants meeting dinner tour
    tournament marathon olympics weather salary salaries fee fees price reception receptions people attended
    attendance attend crowd plan plans planned planning cup worlds expo fair happen happened happening rate rates
    reimbursement reimbursements expense expenses allowance stipend stipends travel policy deadline deadlines
    application applications theme speaker speakers agenda""".split()
)
# Words before a named city that place a point in time at its tie: "before Praia joined", "when Belfast signed".
BEFORE_EVENT = frozenset({"before", "prior", "preceding"})
AFTER_EVENT = frozenset({"after", "since", "following"})
AT_EVENT = frozenset({"when", "time", "by", "until", "till", "once", "upon", "moment", "point", "day"})
# Words that make "before X" a list of ties rather than the one tie just before X.
PLURAL = frozenset(
    "cities citys ones many already had have count number total list lineup roster rundown towns".split()
)


_MONTH_NAMES = (
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
    "sep sept september", "oct october", "nov november", "dec december",
)  # fmt: skip
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = lazy_pattern(
    rf"\b(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m2>{_MONTH}))\b"
)


def read_day(q: Question) -> tuple[int, int] | None:
    """(month, day) of a calendar day the question names ("on May 1st", "the 24th of June"), if any."""
    if (m := _DAY_MONTH.search(q.folded)) is None:
        return None
    month = _MONTHS[m.group("m1") or m.group("m2")]
    day = int(m.group("d1") or m.group("d2"))
    return (month, day) if 1 <= day <= 31 else None


# "the 50th anniversary", "50 years together", "after 25 years of partnership".
_ANNIVERSARY = lazy_pattern(
    r" (?:(?P<n>\d{1,3})(?:st|nd|rd|th) anniversary|(?P<m>\d{1,3}) years (?:together|of|as|since))\b"
)


@dataclass(frozen=True)
class TimeReading:
    """What the question says about time."""

    years: YearRange | None = None  # a window on the years ties were made
    as_of: AsOf | None = None
    relation: Relation | None = None  # the ties before or after another's
    not_about_ties: int | None = None  # a year that is about something else
    undated_event: bool = False  # a point in time set by an event no entry dates ("by the time the Big Dig finished")


# "since we have one in Ghana", "since there is one in Spain": "since" as "because", before a pronoun and a verb
# in the present ("since we signed with Praia" is a point in time).
_PRONOUNS = frozenset("we i you they it he she there".split())
_PRESENT = frozenset("have has are is already do does know own re ve".split())


def causal_since(words: tuple[str, ...], i: int) -> bool:
    """True when the "since" at position i means "because" ("since we have one in Ghana")."""
    return (
        words[i] == "since"
        and words[i + 1 : i + 2] in [(p,) for p in _PRONOUNS]
        and (words[i + 2 : i + 3] == () or words[i + 2] in _PRESENT)
    )


# Words that point back at an event just told ("...signed in 2014; how many did that make?").
_POINTERS = frozenset("that then this".split())


# Words for a tie itself after a city's name ("after Kyoto's tie", "after Kyoto's signing").
_TIE_ITSELF = frozenset("sister sisters city cities tie ties twinning agreement signing partnership one pact".split())


def something_of_its(q: Question, mention: Mention) -> bool:
    """True when the city's name is a possessive of something other than its tie ("after Melbourne's sister city
    review"), not "after Kyoto's" or "after Kyoto's tie"."""
    if mention.end <= mention.start or not q.surface[mention.end - 1].endswith(("'s", "\u2019s")):
        return False
    clause = q.clause_numbers[mention.end - 1]
    following = [w for i, w in enumerate(q.words) if i >= mention.end and q.clause_numbers[i] == clause]
    return any(w not in _TIE_ITSELF and w not in JOIN_WORDS and w not in STOPWORDS for w in following[:4])


# Words that ask for the tally at a point in time: "Melbourne joined in 85 - what did that bring the total to?"
_TALLY_WORDS = frozenset("total count tally many number bring brought make made take took".split())


# Two years offered for one date: "...1989 or 1999?"
_YEARS_OFFERED = lazy_pattern(r"\b(?:19|20)\d\d or (?:19|20)\d\d\b")
# A tie named as a deal, and what "happened": "what sister city deal happened in 2014?" asks for that year's tie.
_TIE_DEALS = frozenset("deal deals agreement agreements pact pacts twinning twinnings partnership partnerships".split())
_HAPPENING = frozenset("happen happened happens happening".split())


def _event(q: Question, places: Places) -> tuple[str, int] | None:
    """(word, position) of a time word placed just before the one sister city the question names."""
    ours = places.ours
    if len(ours) != 1:
        return None  # a friendship city's signing is a point in time too ("when Valladolid signed its protocol")
    mention = next(m for m in places.mentions if m.city is ours[0])
    if something_of_its(q, mention):
        return None  # "after Melbourne's review of its sister cities": no point in its tie
    for i in range(mention.start - 1, max(-1, mention.start - 4), -1):
        word = q.words[i]
        if causal_since(q.words, i):
            return None  # "since we have Praia": because, not after
        if "since when" in " ".join(q.words[max(0, i - 1) : i + 2]):
            return None  # "since when are Barcelona and Boston twinned?": asks when, names no point in time
        if word in BEFORE_EVENT | AFTER_EVENT | AT_EVENT:
            return word, i
    joined = q.words[mention.end : mention.end + 1]
    later = set(q.words[mention.end + 1 :])
    if joined and joined[0] in ESTABLISH_VERBS and later & _POINTERS and later & _TALLY_WORDS:
        return "when", mention.end  # "Melbourne joined in 85 - what did that bring the total to?": then
    for i in range(mention.start - 1, max(0, mention.start - 6), -1):  # "older than our tie with Melbourne"
        if q.words[i] == "than" and q.words[i - 1] in _COMPARED_IN_TIME:
            return _COMPARED_IN_TIME[q.words[i - 1]], i
    return None


def _asks_when(q: Question, at: int) -> bool:
    """True when the "when" at this position asks for a date ("when did Kyoto join?"), not at one ("when Kyoto
    joined, how many...")."""
    return q.words[at] == "when" and at + 1 < len(q.words) and q.words[at + 1] in AUXILIARIES


# "older than", "newer than": before or after a tie.
_COMPARED_IN_TIME = {"older": "before", "earlier": "before", "newer": "after", "younger": "after", "later": "after"}


# Words before "between" that compare the two rather than ask for what came between them.
_COMPARING = frozenset("difference differences distance gap compare comparison contrast similar similarities".split())
# A question for the time between two ties, not for what came between them.
_HOW_LONG = lazy_pattern(r"\bhow (?:many (?:years|yrs)|long)\b")


def _end_at(q: Question, places: Places, i: int) -> tuple[int, str, bool] | None:
    """The tie or the year a window ends at, named at position i: (year, how to say it, a tie's year)."""
    words = q.words
    i += words[i : i + 1] == ("the",)  # "between the Kyoto signing and the Hangzhou one"
    tie = next((m.city for m in places.mentions if m.city and m.start == i), None)
    if tie is not None and tie.is_sister:
        return tie.established.year, f"{tie.name}'s tie ({tie.since})", True
    if i < len(words) and words[i].isdigit() and len(words[i]) == 4:
        return int(words[i]), words[i], False
    return None


_SAME_TIME_AS = lazy_pattern(r"\b(?:same|that) (?P<unit>decade|year) as\b")


def _same_time_as(q: Question, places: Places) -> YearRange | None:
    """The decade or year of a named tie: "which others joined in the same decade as Hangzhou?"."""
    if (m := _SAME_TIME_AS.search(q.folded)) is None or len(places.ours) != 1 or not places.ours[0].is_sister:
        return None
    city = places.ours[0]
    year = city.established.year
    if m.group("unit") == "year":
        return YearRange(year, year, f"in {year}, the year of {city.name}'s tie", kind="ties")
    start = year - year % 10
    return YearRange(start, start + 9, f"in the {start}s, the decade of {city.name}'s tie", kind="ties")


def _between_ties(q: Question, places: Places) -> YearRange | None:
    """The window between two ties, or a tie and a year: "between the Kyoto signing and 1985", "between the
    Strasbourg agreement and the Hangzhou one", "after Strasbourg but before Taipei" (the named ties left out)."""
    words = q.words
    starts: list[int] = []
    strictly_before = False  # "before 1985" leaves 1985 out; "between ... and 1985" keeps it
    if "between" in words and "and" in words[words.index("between") :]:
        at = words.index("between")
        if set(words[:at]) & _COMPARING or _HOW_LONG.search(" ".join(words[:at])):
            # "the difference between Kyoto and Taipei", "the distance between...", "how many years between the
            # Kyoto and Praia ties?": a comparison
            return None
        starts = [at + 1, words.index("and", at) + 1]
    elif (after := next((i for i, w in enumerate(words) if w in ("after", "since")), None)) is not None:
        before = next((i for i, w in enumerate(words) if w in ("before", "until") and i > after), None)
        starts = [after + 1, before + 1] if before is not None else []
        strictly_before = before is not None and words[before] == "before"
    if not starts:
        return None
    first, last = (_end_at(q, places, i) for i in starts)
    if first is None or last is None:
        return None
    (a, a_label, a_tie), (b, b_label, b_tie) = first, last
    if not (a_tie or b_tie):
        return None  # two years: the year-range reader's
    low, high = a + a_tie, b - (b_tie or strictly_before)
    label = f"after {a_label} and before {b_label}" if strictly_before else f"between {a_label} and {b_label}"
    return YearRange(low, high, label, kind="ties") if low <= high else None


# A point in time set by a clause of its own: "by the time the Berlin Wall came down", "when Menino first became
# mayor" (not "when did...", which asks for a date, nor "since when").
_UNDATED_EVENT = lazy_pattern(
    r" (?:by the time|at the time|around the time|back when|(?<!since )(?<!asked )(?<!ask )(?<!asks )(?<!know )"
    r"(?<!wonder )(?<!wondering )(?<!of )(?<!me )(?<!us )(?<!say )(?<!tell )(?<!remember )(?<!out )"
    r"when(?! (?:did|do|does|was|were|is|are|will|would|has|have|had)\b)) (?:the |a |an |i |we |he |she |they |\w+ )\w+"
)


# Phrases that set a point in time outright, whatever else the question says.
_EXPLICIT_AS_OF = ("as of", "at that point", "at that time", "at the time", "by then", "by the time")


def _passive_got(q: Question) -> set[str]:
    """ "got" and "get" that make a passive ("when Walsh got sworn in"), not an acquisition ("got a new twin"); and
    "tied to", which says "about" ("plans tied to the 2026 World Cup"), not a tie made."""
    return {
        w
        for w, after in zip(q.words, q.words[1:], strict=False)
        if (w in {"got", "get", "gets"} and (after in {"sworn", "elected", "married", "born"} or after.endswith("ed")))
        or (w == "tied" and after == "to")
    }


def _dated_from(q: Question, year: int) -> bool:
    """True for "sister cities from 1983", "dating from 1983", "goes back to 1983": ties of that year (not "from 1983
    on")."""
    words = (*q.words, "")
    return any(
        i > 0
        and (words[i - 1] in {"from", "dating", "dated"} or words[max(0, i - 2) : i] == ("back", "to"))
        and words[i + 1] not in _FROM_ON
        for i, w in enumerate(q.words)
        if w == str(year)
    )


# "from 1983 on", "from 1983 to 1990": a span, not a year that dates ties.
_FROM_ON = frozenset("on onward onwards to until till through and".split())


def read_time(
    q: Question, intents: Intents, places: Places, unexplained: tuple[str, ...] = (), this_year: int | None = None
) -> TimeReading:
    """Read the question's years and time words into a window, a point in time, or neither (`unexplained`: the
    words no intent accounts for, which make a year without a verb of having or joining about something else;
    `this_year`: where "the last 15 years" ends)."""
    reading = _read_time(q, intents, places, unexplained, this_year)
    as_of, years = reading.as_of, reading.years
    single = years.single_year if years is not None else None
    words = set(q.words)
    if single is not None and as_of is None and words & STATE_WORDS and _day_in_year(q.folded, single):
        # "which did Boston have by New Year's Eve 1985?": a point in the year, not the ties made that year
        as_of = AsOf(single, f"as of {single}")
        reading = TimeReading(as_of=as_of)
    if as_of is not None and as_of.event is None and (day := _day_in_year(q.folded, as_of.year)) is not None:
        # "as of Jan 1 2015", "in March 2014": the day, not the whole year (Praia joined in October 2015)
        label = f"as of {day.day} {day.strftime('%B')} {day.year}"
        return replace(reading, as_of=AsOf(day.year, label, inclusive=True, day=day))
    if years is not None and as_of is None and years.first != years.last and _END_OF.search(q.folded):
        # "how many did Boston have at the end of the 1980s?": what it had by then, not what joined then
        return TimeReading(as_of=AsOf(years.last, f"by the end of {years.last}", inclusive=True))
    return reading


# "at the end of the 1980s", "by the end of the nineties": the last year of a window, as a point in time.
_END_OF = lazy_pattern(
    r"\b(?:end of|close of) the\b"
    # "by the time the 80s ended", "when the nineties were over", "once the 2000s wrapped up"
    r"|\b(?:time|when|once|after) the (?:\d{2,4}s|[a-z]+ies|[a-z]+s) "
    r"(?:ended|were over|was over|finished|wrapped up|closed)\b"
)
_LAST_DAY = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}
_DAY_IN_YEAR = lazy_pattern(
    rf"\b(?:(?P<m1>{_MONTH}) (?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? )?(?:of )?(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m2>{_MONTH}) (?P<y2>\d{{4}})"
    rf"|(?P<end>new years? eve|end of|close of|late) (?P<y5>\d{{4}})"
    rf"|(?P<start>new years? day|new years|start of|beginning of|early) (?P<y3>\d{{4}})"
    rf"|(?P<mid>mid|middle of|summer|summer of) (?P<y4>\d{{4}}))\b"
)


def _day_in_year(text: str, year: int) -> dt.date | None:
    """The day within `year` the question counts up to, when it names a month or a part of the year."""
    for m in _DAY_IN_YEAR.finditer(text):
        found = int(m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4") or m.group("y5"))
        if found != year:
            continue
        if m.group("end"):
            return dt.date(year, 12, 31)
        if m.group("start"):
            return dt.date(year, 1, 1)
        if m.group("mid"):
            return dt.date(year, 7, 1)
        month = _MONTHS[m.group("m1") or m.group("m2")]
        day = m.group("d1") or m.group("d2")
        last = _LAST_DAY.get(month, 31)
        return dt.date(year, month, min(int(day), last) if day else last)  # "in March 2014": all of March
    return None


def _read_time(
    q: Question, intents: Intents, places: Places, unexplained: tuple[str, ...] = (), this_year: int | None = None
) -> TimeReading:
    if "why" in q.words and intents.years is None:
        return TimeReading()  # "after Kyoto, why did Boston add more?": a reason, which no window or count gives
    if len(places.ours) == 1 and intents.when and _YEARS_OFFERED.search(q.folded):
        return TimeReading()  # "since when has the Haifa tie existed, 1989 or 1999?": its own dates answer
    back = recent_years(q.folded) if this_year is not None else None  # "the last 15 years (as of 2026)"
    if back is not None and this_year is not None:
        low = this_year - back
        spoken = "year" if back == 1 else f"{back} years"
        return TimeReading(years=YearRange(low, this_year, f"in the last {spoken} (since {low})"))
    words = set(q.words)
    text = f" {q.folded} "
    state = bool(words & STATE_WORDS) or any(f" {p} " in text for p in STATE_PHRASES)
    plural = bool(words & PLURAL) or intents.count
    joins = bool(words & JOIN_WORDS - _passive_got(q))
    # "what was the sister city just before Praia?" asks for one tie: "was" alone asks for no state at an event.
    at_event = bool(words & (STATE_WORDS - {"was", "were"})) or any(f" {p} " in text for p in STATE_PHRASES)
    if (between := _between_ties(q, places) or _same_time_as(q, places)) is not None:
        return TimeReading(years=between)
    found = _event(q, places)
    listed_then = intents.count or at_event or (plural and "which" in words)  # "when was Kyoto added, which..."
    if found is not None and _asks_when(q, found[1]) and not listed_then:
        found = None  # "when did Padua and Boston become sister cities?": the question's own "when", no point in time
    year_named = intents.years.single_year if intents.years is not None else None
    if (plural or at_event) and intents.years is None and len(places.ours) == 1 and (m := _ANNIVERSARY.search(text)):
        # "when Boston and Kyoto marked 50 years together, how many did Boston have?": the tie's year plus 50.
        city = places.ours[0]
        span = int(m.group("n") or m.group("m"))
        at = city.established.year + span
        return TimeReading(as_of=AsOf(at, f"as of {at} ({city.name}'s {ordinal_word(span)} anniversary)"))
    if found is not None and found[0] in AT_EVENT and intents.years is not None:
        found = None  # "by the Kyoto 50th anniversary in 2009": the year, not Kyoto's tie, is the point in time
        if year_named is not None and (plural or at_event):  # "...did Boston have when Hangzhou signed in 1982?"
            return TimeReading(as_of=AsOf(year_named, f"as of {year_named}"))
    if found is not None and (plural or at_event):
        word, _ = found
        city = places.ours[0]
        # The verb of the event ("after Taipei signed") is not the question's ("how many were added since...").
        mention = next(m for m in places.mentions if m.city is city)
        asked_joins = any(w in JOIN_WORDS for w in q.words[: mention.start])
        if word in BEFORE_EVENT:
            return TimeReading(relation=Relation(RelationKind.BEFORE, city))
        if word in AFTER_EVENT and (asked_joins or not (at_event or intents.count)):  # "how many were added since X?"
            return TimeReading(relation=Relation(RelationKind.AFTER, city))  # the ties made after it
        joined = "joined" if city.is_sister else "became a friendship city"
        label = f"once {city.name} {joined} ({city.since})"
        return TimeReading(as_of=AsOf(city.established.year, label, event=city))
    years = intents.years
    asks_then = state or " how many " in text or " number of " in text  # "how many did we have...", "the tally..."
    if years is None and asks_then and not places.ours and _UNDATED_EVENT.search(text):
        return TimeReading(undated_event=True)  # "how many did we have when Menino became mayor?": no date known
    if years is None:
        return TimeReading()
    year = years.single_year
    # (not "kyoto reached out at a conference before 1959: which conference?": an event before the year, no tally)
    event_only = bool(words & NOT_TIES) and not plural and not intents.count
    if years.first == 0 and (state or plural or len(places.ours) == 1) and not joins and not event_only:
        # "how many did we have by 1990", "which ones before 1970": what Boston had at that point.
        inclusive = years.label.startswith("up to")
        label = f"by {years.last}" if inclusive else years.label
        return TimeReading(as_of=AsOf(years.last if inclusive else years.last + 1, label, inclusive=inclusive))
    if year is None or years.kind == "window":
        return TimeReading(years=years)
    asks_ties = intents.sister_term or bool(words & {"cities", "city", "ties", "tie", "partners", "one", "ones"})
    asks_ties |= joins and bool(words & {"who", "whom", "which"}) and "with" in words  # "who'd we sign with in 2014?"
    # "tie" and "twin" name the tie as often as they make it ("plans for the Belfast tie's 10th anniversary")
    joins_verb = bool(words & (JOIN_WORDS - {"tie", "ties", "twin", "new"}))
    if asks_ties and (words & {"already"} or any(f" {p} " in text for p in _EXPLICIT_AS_OF)):
        return TimeReading(as_of=AsOf(year, f"as of {year}"))  # "as of the LA Olympics in '84", "already had by"
    if (
        asks_ties
        and words & _TIE_DEALS
        and words & NOT_TIES <= _HAPPENING
        and not places.mentions
        and not intents.count
    ):
        return TimeReading(years=years)  # "what sister city deal happened in 2014?": the tie made that year
    if words & NOT_TIES and not words & {"have", "had", "has"} and not joins_verb:
        return TimeReading(not_about_ties=year)  # "how many people came to the 1985 picnic?": an event
    if joins and asks_ties and (not intents.count or ("new" in words and joins_verb and not places.mentions)):
        # "which sister city was added in 2015", "how many new ones were added in 1975?": the ties made that year
        return TimeReading(years=years)
    if state or (intents.count and asks_ties):
        return TimeReading(as_of=AsOf(year, f"as of {year}"))
    if words & NOT_TIES or not asks_ties:
        return TimeReading(not_about_ties=year)
    said = [w for w in unexplained if not w.isdigit() and w not in _MONTHS]  # "in June 2014" is a point in time
    if _dated_from(q, year):
        return TimeReading(years=years)  # "any sister cities from 1983?": the ties dated that year
    dated = _day_in_year(q.folded, year) is not None  # "in June 2014" is "in", though a month stands between
    named_by_year = any(
        w == str(year) and q.words[i + 1 : i + 2] in (("sister",), ("twin",)) for i, w in enumerate(q.words)
    )
    if years.kind == "bare" and (named_by_year or not words & {"cities", "citys"}) and len(said) < 2 and not dated:
        return TimeReading(years=years)  # "2014 sister city", "1983 sister cities": the ties made that year
    if said:
        return TimeReading(not_about_ties=year)  # "which sister city's mayor visited in 2024": an event
    city_of_year = any(  # "the sister city of 2010 was...?"
        q.words[i : i + 3] == (w, "of", str(year)) for i, w in enumerate(q.words) if w in {"city", "tie"}
    )
    if ("which" in words or city_of_year) and words & {"city", "tie", "one"} and not plural and not places.mentions:
        return TimeReading(years=years)  # "1966: which sister city was that year?": the one tie of that year, if any
    return TimeReading(as_of=AsOf(year, f"as of {year}"))
