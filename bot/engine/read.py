"""Read a question into a Query: its places, its intents, the topics and city facts it touches (ranked once), the
filters it applies, and the words nobody accounted for."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace

from bot.engine.chatter import ABOUT_ME, PLEASANTRIES, PRAISE, WANTING, about_the_asker, hearsay
from bot.engine.gazetteer import Gazetteer
from bot.engine.intents import FRAME_WORDS, NUMBER_WORDS, PLURAL_CITY, SISTER_TERMS, VOCABULARY, read_intents
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import (
    HOME,
    FactMatcher,
    Mention,
    PlaceFinder,
    Places,
    SpellingFixer,
    TopicMatcher,
    knowledge_phrases,
    knowledge_words,
)
from bot.engine.out_of_scope import events_to_come, read_missing, read_other_program, read_task
from bot.engine.paraphrase import INLINE_SHORTHAND, filler_positions, with_plain_words
from bot.engine.people import PeopleIndex
from bot.engine.query import MissingAsk, Query
from bot.engine.question import Question, parse_question
from bot.engine.relations import CLOSE_IN_TIME, read_relation
from bot.engine.timeline import JOIN_WORDS, TimeReading, read_day, read_time
from bot.knowledge.models import KnowledgeBase

_NUMBER = lazy_pattern(r"\d+(?:s|st|nd|rd|th)?")  # years, decades and numbers: read by the intents, not unexplained
# The words of a span of years ("since the 1980s", "from 2015 onward").
TIME_WORDS = frozenset(
    """since after before until till between from through thru onward onwards later earlier predate predates prior
    pre post starting beginning during date dates dated dating""".split()
)


# A year pointed back at ("Eisenhower launched it in 1956, so what was Boston's sister city that year?").
_THAT_YEAR = lazy_pattern(r"\b(?:in )?(?:that|the same) year\b|\bat (?:that|the) time\b|\bthen(?=\s*[?.!]*\s*$)", re.I)
_A_YEAR = lazy_pattern(r"\b(?:19|20)\d\d\b")


# Two years in another language: "entre 1980 et 1990", "zwischen 1980 und 1990", "tra il 1980 e il 1990".
_YEARS_BETWEEN = lazy_pattern(
    r"\b(?:entre|zwischen|tra|fra)(?: (?:el|le|il|o))? ((?:19|20)\d\d) (?:et|y|e|und)(?: (?:el|le|il|o))?"
    r" ((?:19|20)\d\d)\b",
    re.I,
)


# One year in another language: "dopo il 1990", "después de 1990", "après 1990", "nach 1990", "antes de 1980".
_YEAR_SIDES = (
    (
        lazy_pattern(
            r"\b(?:dopo|despues de|después de|apres|après|nach|depois de)(?: (?:il|el|le|l'|del|dem|o|do))?"
            r" ((?:19|20)\d\d)\b",
            re.I,
        ),
        r"after \1",
    ),
    (
        lazy_pattern(
            r"\b(?:prima del|prima|antes de|avant|vor|antes)(?: (?:il|el|le|l'|dem|o|do))? ((?:19|20)\d\d)\b", re.I
        ),
        r"before \1",
    ),
    (lazy_pattern(r"\b(?:dal|dall'|desde|depuis|seit)(?: (?:el|le|o))? ((?:19|20)\d\d)\b", re.I), r"since \1"),
    # a decade: "la década de 2010", "les années 1980", "gli anni 1990", "die 1980er"
    (
        lazy_pattern(r"\b(?:(?:la |na )?d[eé]cada de|(?:les )?ann[eé]es|(?:gli )?anni) ((?:19|20)\d0)\b", re.I),
        r"the \1s",
    ),
    (lazy_pattern(r"\b((?:19|20)\d0)er\b", re.I), r"the \1s"),
)


def _year_pointed_back(q: Question) -> Question:
    """The question read with "that year" (or a final "then") as the one year it named before, and years in another
    language ("entre 1980 et 1990", "dopo il 1990") in English."""
    if not _A_YEAR.search(q.clean):
        return q  # (every reading below needs a year: most questions name none)
    clean = _YEARS_BETWEEN.sub(r"between \1 and \2", q.clean)
    for pattern, english in _YEAR_SIDES:
        clean = pattern.sub(english, clean)
    if (said := _THAT_YEAR.search(clean)) and len(years := set(_A_YEAR.findall(clean[: said.start()]))) == 1:
        clean = f"{clean[: said.start()]}in {years.pop()}{clean[said.end() :]}"
    return q if clean == q.clean else replace(parse_question(clean), raw=q.raw)


_AGE_WORDS = frozenset("anniversary anniversaries old age turn turns jubilee".split())


def _future(q: Question, time: TimeReading, this_year: int) -> MissingAsk | None:
    """Years still to come, which no source can tell ("sister cities as of 2040", "any ties in 2030?"); a tie's age
    then is known ("which anniversary will Kyoto hit in 2029?")."""
    if set(q.words) & _AGE_WORDS:
        return None
    year = time.as_of.year if time.as_of is not None else time.years.first if time.years is not None else None
    year = year or time.not_about_ties
    if year is None or year <= this_year:
        return None
    return MissingAsk("what happens in years still to come", frozenset({str(year)}))


def unexplained(content: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Content words that no intent accounts for ("pizza" in "best pizza near me"); chat shorthand ("r", "w")
    is not counted."""
    return tuple(
        w for w in content if w not in VOCABULARY and len(w) > 2 and not _NUMBER.fullmatch(w) and w not in NUMBER_WORDS
    )


BySize = tuple[tuple[int, frozenset[str], frozenset[str]], ...]


def _by_size(phrases: Iterable[str]) -> BySize:
    """Phrases grouped by their number of words, shortest first, each group with the first words of its phrases
    (built once per table of phrases)."""
    sizes = sorted({len(p.split()) for p in phrases})
    grouped = [(size, frozenset(p for p in phrases if len(p.split()) == size)) for size in sizes]
    return tuple((size, wanted, frozenset(p.split()[0] for p in wanted)) for size, wanted in grouped)


_HOME_BY_SIZE = _by_size(HOME)
_PLEASANTRIES_BY_SIZE = _by_size(PLEASANTRIES)


def _positions(q: Question, phrases: BySize, skip_first: frozenset[str] = frozenset()) -> set[int]:
    """Positions of the words of these phrases (_by_size) in the question (not of a run that starts with a
    `skip_first` word)."""
    found: set[int] = set()
    words = q.words
    for size, wanted, firsts in phrases:
        for start in range(len(words) - size + 1):
            first = words[start]
            if first in firsts and first not in skip_first and " ".join(words[start : start + size]) in wanted:
                found.update(range(start, start + size))
    return found


# Words for the ties after an owner's name: "seattles *sister* cities".
_TIES_AFTER = frozenset("sister sisters twin twins partner partners".split())


def _wanted(q: Question, chatter: frozenset[int] | set[int]) -> set[int]:
    """The chatter positions in clauses that say what the asker needs ("...? need a contact's cell number"): what
    they need is asked for, though the clause is about them."""
    clauses = q.clause_numbers
    needing = {clauses[i] for i in chatter if q.words[i] in WANTING}
    return {i for i in chatter if clauses[i] in needing}


# What the asker grants before the question: "Kyoto came first, I know, but how many did Boston have by 1983?"
_GRANTED = lazy_pattern(
    r"^(?P<granted>.{0,150}?\b(?:i know|i get that|i reali[sz]e|obviously|of course|granted)\b.{0,40}?)[,;:.!]?\s+"
    r"(?:but|anyway|so)\b,?\s*(?P<asked>.+)$",
    re.I,
)
_POINTERS = lazy_pattern(r"\b(?:it|its|it's|that|they|their|them|this|those|these)\b", re.I)


def _without_granted(q: Question) -> Question:
    """The question without what the asker grants before it, when the rest asks on its own (points back at nothing
    in the granted part)."""
    if (found := _GRANTED.match(q.clean)) is None or _POINTERS.search(found.group("asked")):
        return q
    return replace(parse_question(found.group("asked")), raw=q.raw)


def _country(mention: Mention) -> bool:
    """True for a mention of a country (by name or by its people), not of a city."""
    return mention.how in ("country", "demonym") and mention.end > mention.start


# Words that include a country in the continent asked: "in Europe (incl UK)", "in Europe, including the UK".
_INCLUDING = frozenset("incl including inc plus counting".split())


def _without(places: Places, dropped: list[Mention]) -> Places:
    """The places found, less these mentions (a country named in passing, or included in a continent asked)."""
    return replace(places, mentions=tuple(m for m in places.mentions if m not in dropped)) if dropped else places


# How the asker says what they are: "i'm Japanese", "i am not Italian myself", "as a Cape Verdean".
_ASKER_IS = frozenset({("i'm",), ("im",), ("i", "am"), ("i'm", "not"), ("im", "not"), ("i", "am", "not"), ("as", "a")})


def _describes_asker(q: Question, mention: Mention) -> bool:
    """True when a word for a people says who the asker is ("i'm not japanese myself"), not what is asked."""
    return any(q.words[max(0, mention.start - n) : mention.start] in _ASKER_IS for n in (1, 2, 3))


def _national_body(q: Question, places: Places) -> MissingAsk | None:
    """Another country's own sister-city body, named as a name is written ("who runs Sister Cities Australia?"; not
    "boston sister cities japan", nor "Boston Sister Cities Japan?", Boston's in Japan), which no source describes."""
    for m in places.mentions:
        if m.how != "country" or m.start < 2 or q.words[m.start - 2 : m.start] != ("sister", "cities"):
            continue
        named = q.surface[m.start - 2 : m.start + 1]
        ours = m.start > 2 and q.words[m.start - 3] in {"boston", "bostons", "our"}
        if all(w[:1].isupper() for w in named) and not ours:
            return MissingAsk(f"another country's own sister-city body ({' '.join(named)})", frozenset({"sister"}))
    return None


# A tie named by its year: "where was the 2014 signing held?", "who signed the 1959 agreement?"
_TIE_OF_A_YEAR = lazy_pattern(
    r"\b(?:the|that) ((?:19|20)\d\d) (signing|agreement|tie|twinning|pact|partnership|accord|deal|ceremony)\b", re.I
)


class Reader:
    """Reads questions against one knowledge base, whose names, topics and facts it indexes once."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer) -> None:
        self.kb = kb
        self.topics = TopicMatcher(kb.topics)
        self._keywords = knowledge_words(kb)
        self.places = PlaceFinder(kb, gazetteer, self._keywords, VOCABULARY, knowledge_phrases(kb))
        self.facts = FactMatcher(kb)
        self.spelling = SpellingFixer(VOCABULARY | self.topics.vocabulary)
        self.people = PeopleIndex(kb)
        self._known = VOCABULARY | self._keywords | self.topics.keywords  # words the bot knows, for telling chatter
        self._ties_of_year: dict[int, set[str]] = {}  # every year any source dates a tie to, and whose ties they are
        for city in kb.cities:
            for year in (city.established.year, *(d.year for d in city.established.other_dates)):
                self._ties_of_year.setdefault(year, set()).add(city.name)

    def _tie_of_the_year(self, q: Question) -> Question:
        """The question with "the 2014 signing" read as "the Belfast signing": a tie named by its year, when the
        sources date one tie, and only one, to that year."""

        def named(match: re.Match[str]) -> str:
            ties = self._ties_of_year.get(int(match.group(1)), set())
            return f"the {next(iter(ties))} {match.group(2)}" if len(ties) == 1 else match.group()

        clean = _TIE_OF_A_YEAR.sub(named, q.clean) if _A_YEAR.search(q.clean) else q.clean
        return q if clean == q.clean else replace(parse_question(clean), raw=q.raw)

    def _country_code(self, word: str) -> str | None:
        """The code of the country a folded word names ("spanish", "spain"), if any."""
        found = self.places.gazetteer.countries(word)
        return found[0].country_code if found else None

    def _owner_without_apostrophe(self, q: Question) -> Question:
        """The question with "seattles sister cities" read as "seattle's": a word that is no place, but a city's name
        with an "s", right before a word for the ties."""
        words, surface = list(q.words), list(q.surface)
        for i, word in enumerate(q.words[:-1]):
            if (
                q.words[i + 1] in _TIES_AFTER
                and word.endswith("s")
                and len(word) > 4
                and not self.places.gazetteer.cities(word)
                and (self.places.gazetteer.cities(word[:-1]) or self.places.names_city(word[:-1]))
            ):
                words[i], surface[i] = word[:-1], f"{q.surface[i][:-1]}'s"
        if words == list(q.words):
            return q
        return Question(q.raw, q.clean, tuple(surface), tuple(words), q.clauses)

    def read(self, raw: str, today: dt.date | None = None) -> Query:
        """The query in one question (`today`: where "the last ten years" ends; the current date by default)."""
        parsed = _year_pointed_back(_without_granted(parse_question(raw)))
        parsed = self._owner_without_apostrophe(self._tie_of_the_year(parsed))
        places = self.places.find(parsed, self.spelling.vocabulary)
        covered = places.covered
        fixed = tuple(  # (a word of our own knowledge is no slip: "placa", of Plaça de Boston, is not "place")
            w if i in covered else INLINE_SHORTHAND.get(w) or (w if w in self._keywords else self.spelling.fix(w))
            for i, w in enumerate(parsed.words)
        )
        q, idioms = with_plain_words(Question(parsed.raw, parsed.clean, parsed.surface, fixed, parsed.clauses))
        # Chatter about the asker and Boston's own neighbourhoods say nothing about what is asked.
        home = _positions(q, _HOME_BY_SIZE, skip_first=frozenset({"boston"}))  # "Jamaica Plain", Boston's own
        # "first of all", "in the first place": no ranking, no "all" (never the plain words added at the end)
        fillers = frozenset(i for i in filler_positions(q) if i < len(parsed.words))
        chatter = about_the_asker(q, covered, self._known, frozenset(home), fillers)
        # "...asking for the Spain desk": a country named in a filler is no place asked about (a city keeps its
        # place: "...or just a partner? also Valladolid?")
        places = _without(places, [m for m in places.mentions if _country(m) and fillers.issuperset(m.positions)])
        # "i'm not japanese myself": who the asker is, not a place asked about (nor a fact's people)
        asker = [m for m in places.mentions if m.how == "demonym" and _describes_asker(q, m)]
        places = _without(places, asker)
        chatter = chatter | {i for m in asker for i in m.positions}
        covered = places.covered
        rest = [w for i, w in enumerate(q.words) if i not in covered | chatter | fillers]
        intents = read_intents(rest)
        if CLOSE_IN_TIME.search(q.folded):  # "closest in time to Melbourne": no distance
            intents = replace(intents, nearest=False, furthest=False, distance=False)
        included = [  # "sister cities in Europe (incl UK)": a country on the continent asked, included in it
            m
            for m in places.mentions
            if _country(m)
            and m.city is not None
            and m.city.continent in intents.continents
            and _INCLUDING.intersection(q.words[max(0, m.start - 2) : m.start])
        ]
        places = _without(places, included)
        covered = covered | frozenset(i for m in included for i in m.positions)
        said_by_me = {i for i, w in enumerate(q.words) if w in ABOUT_ME} | hearsay(q)  # "someone told me"
        covered = covered | said_by_me | home | _positions(q, _PLEASANTRIES_BY_SIZE)
        covered |= chatter | {i for i in idioms if q.words[i] not in VOCABULARY} | fillers
        if intents.thanks:  # "thanks so much, that was super helpful!"
            covered |= {i for i, w in enumerate(q.words) if w in PRAISE}
        content = tuple(w for w in q.content_words(covered) if w not in FRAME_WORDS)
        this_year = (today or dt.date.today()).year
        left = unexplained(content)
        time = read_time(q, intents, places, left, this_year)
        topical = covered  # what may tell a topic: years that filter the ties say nothing of one
        # (a year in a question about no ties at all tells a topic: "who in the 1950s saw the need for closer
        # international relations?" is the history, whose own sentence says "in the 1950s")
        about_ties = intents.sister_term or intents.count or bool(set(q.words) & (JOIN_WORDS | PLURAL_CITY))
        if (time.years is not None or time.as_of is not None) and about_ties:
            # "joined since the 1980s" is no request to join, "agreements in the 2000s" no question of what one is
            framing = TIME_WORDS | SISTER_TERMS | JOIN_WORDS | {"agreements", "pacts", "pact", "deals", "decade"}
            framing |= {"past", "last", "previous", "decades", "years", "recent", "recently"}  # "the past decade"
            topical = covered | {i for i, w in enumerate(q.words) if _NUMBER.fullmatch(w) or w in framing}
        # A name our knowledge gives a person ("Takayama") is that person, though a town has the name too.
        people = self.people.find(q, frozenset(i for m in places.mentions if m.city for i in range(m.start, m.end)))
        return Query(
            question=q,
            places=places,
            intents=intents,
            content=content,
            unexplained=left,
            topics=tuple(self.topics.rank(q, topical)),
            # A city fact may be about a Boston place ("Fenway") or a people ("Cape Verdeans"); a year that filters
            # the ties picks no fact.
            fact=self.facts.best(
                q,
                covered - {i for i in home - chatter if q.words[i] in self._keywords} - places.people,
                by_year=time.years is None and time.as_of is None,
            ),
            years=time.years,
            as_of=time.as_of,
            relation=time.relation or read_relation(q, places, self._country_code),
            people=people,
            missing=_future(q, time, this_year)
            or _national_body(q, places)
            or read_missing(q.without(places.names | home | fillers | (chatter - _wanted(q, chatter - fillers))))
            or events_to_come(q),
            task=read_task(q.without(home | chatter)),
            # A person our knowledge names is not a place with a program ("does Michelle Wu have ties to...").
            other_program=None if people and not places.foreign else read_other_program(q, places, intents),
            year_not_about_ties=time.not_about_ties,
            undated_event=time.undated_event,
            day=read_day(q),
            asides=frozenset(covered - places.covered),
        )
