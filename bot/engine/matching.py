"""Fuzzy matching of a question against the knowledge base: places, spelling, topics and city facts.

The only module that uses rapidfuzz. Decisions are made in three bands of a 0-100
similarity score: at or above ANSWER_SCORE a misspelled name is taken as meant, from SUGGEST_SCORE up it is
offered as "did you mean", below that it is ignored.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process  # noqa: TID251  # the one module that matches fuzzily
from rapidfuzz.distance import OSA  # noqa: TID251

from bot.engine.gazetteer import (
    US_STATE_CODES,
    WELL_KNOWN_POPULATION,
    Gazetteer,
    Place,
    demonym_plurals,
    is_common_word,
    names_a_big_city,
)
from bot.engine.geo import distance_km
from bot.engine.intents import GREETINGS
from bot.engine.lazy import lazy, lazy_pattern
from bot.engine.name_index import TrigramIndex
from bot.engine.question import STOPWORDS, Question, stem
from bot.engine.word_frequency import zipf
from bot.knowledge.models import City, Fact, KnowledgeBase, Topic
from bot.knowledge.normalize import fold, words

# A misspelled city name this similar (fuzz.ratio) is answered as that city: "kioto", "praya", "padau"
# (80) are real typos; "tokyo"/"paris" (60) are not. Chosen by tests/test_thresholds.py.
ANSWER_SCORE = 80.0
# From here up to ANSWER_SCORE a city is only offered as "did you mean" ("taipa" -> Taipei, 72.7).
SUGGEST_SCORE = 66.0
# Up to this many names of ours (the real knowledge base has about a hundred), a typo is scored against every one;
# past it, only against the candidates of a trigram index. Chosen by `python -m benchmarks` (10,000 cities: about
# 12,000 names; scoring all costs about 1 ms a word, the index about 0.3 ms).
INDEXED_NAMES = 5_000
# How many "did you mean" choices at most.
MAX_SUGGESTIONS = 3
# A spelling slip of a known word is corrected when it is this many edits away (a swap of two letters is one
# edit): one for words up to seven letters ("citeis", "fundng"), two for longer ones ("exchnage", "volunter").
LONG_WORD = 8
# A word at least this frequent in English is a word of its own, never a slip ("dues" is not "does").
REAL_WORD_ZIPF = 3.0


def is_real_word(word: str) -> bool:
    """True for a word frequent enough in English to be a word of its own, never a slip of another."""
    return zipf(word) >= REAL_WORD_ZIPF


# A real place within this distance of one of our cities is that city (GeoNames "Kioto" is Kyoto).
SAME_PLACE_KM = 12.0
# A small town's *alternate* name that is also one slip from one of our names is taken as the slip; a main
# name ("Pavia", "Barcelos") is always the real place.
OBSCURE_POPULATION = 100_000
# Nouns after a place's name that make the two an event's name ("the Berlin Wall", "the Paris Olympics").
EVENT_NOUNS = frozenset(
    """wall olympics olympic marathon games treaty accords accord airlift blockade expo conference conferences
    summit""".split()
)
# A word this frequent in English (Zipf scale) is a word first, even capitalised, unless it names a big place.
EVERYDAY_WORD_ZIPF = 4.3
# Right before "sister"/"twin"/"partner", a name less frequent than this is a city whose ties are asked about
# ("cambridge sister cities", "providence twin towns"); "best", "nice" or "favorite" there are adjectives.
NAMED_BEFORE_TIE_ZIPF = 4.5
TIE_AFTER_NAME = frozenset({"sister", "twin", "twinned", "partner"})
TIE_OF = frozenset({"cities", "towns", "twins", "partners"})  # "the sister cities of", "the twin towns of"
# Verbs before a place that ask about it, with a place word after it ("did Cork become a sister city?").
ASKING_VERBS = frozenset("did does was has".split())
# Words that, after "is X", make X a place asked about ("is venice a sister city?", "is nice one of ours?").
PLACE_FRAME = frozenset("sister twin twinned partner city town one".split())
# The longest run of words looked up as one name ("Sekondi Takoradi", "Republic of Cabo Verde").
MAX_NAME_WORDS = 4
# The longest name, in characters, looked for at the start of a run of Chinese or Japanese ("北京是...").
MAX_WIDE_NAME = 6


# Boston itself, how people qualify it, and its neighbourhoods: home, never a place the question is about
# ("I live in Charlestown" is not about Charlestown, Nevis).
HOME = frozenset(
    {"boston", "massachusetts", "boston massachusetts", "boston ma", "boston mass"}
    | {"america", "american", "americans", "usa", "united states", "united states of america"}  # Boston's own
    | {
        "allston", "back bay", "bay village", "beacon hill", "brighton", "charlestown", "chinatown", "dorchester",
        "downtown", "east boston", "eastie", "fenway", "kenmore", "hyde park", "jamaica plain", "leather district",
        "longwood", "mattapan", "mission hill", "north end", "roslindale", "roxbury", "seaport", "south boston",
        "southie", "south end", "west end", "west roxbury", "readville", "financial district", "government center",
        "logan", "logan airport",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """A place named in the question: one of ours (`city`), or a real place that is not ours."""

    start: int
    end: int
    surface: str
    how: str  # name, typo, country, demonym (of a country), region, local (a city's own demonym), place
    score: float
    city: City | None = None
    place: Place | None = None
    country_code: str | None = None

    @property
    def positions(self) -> range:
        """The positions of the question's words the mention covers (none for a flag emoji)."""
        return range(self.start, self.end)


@dataclass(frozen=True)
class Suggestion:
    """A 'did you mean' choice."""

    city: City
    score: float


@dataclass(frozen=True)
class Places:
    """Everything the place finder saw in a question."""

    mentions: tuple[Mention, ...]
    suggestions: tuple[Suggestion, ...]
    qualifiers: frozenset[int] = frozenset()  # a country that only says where a named place is ("Kyoto, Japan")

    @lazy
    def covered(self) -> frozenset[int]:
        """Word positions that belong to a mention or qualify one."""
        return frozenset(i for m in self.mentions for i in m.positions) | self.qualifiers

    @lazy
    def people(self) -> frozenset[int]:
        """Positions of words for people ("Japanese", "Cape Verdeans"), which may be what a fact is about ("the
        Japanese House", "40,000 Cape Verdeans") though they name a country too."""
        return frozenset(i for m in self.mentions if m.how in ("demonym", "local") for i in m.positions)

    @lazy
    def names(self) -> frozenset[int]:
        """Covered positions but words for people."""
        return self.covered - self.people

    @lazy
    def ours(self) -> tuple[City, ...]:
        """Our cities named, in order, without repeats."""
        return tuple(dict.fromkeys(m.city for m in self.mentions if m.city is not None))

    @property
    def foreign(self) -> tuple[Mention, ...]:
        """Real places named that are not ours."""
        return tuple(m for m in self.mentions if m.city is None)


_FLAG = lazy_pattern("[\U0001f1e6-\U0001f1ff]{2}")
# The words a greeting before a flag may have: "bonjour! 🇫🇷", "hi all 🇯🇵", "good morning team 🇮🇹".
_GREETED = GREETINGS | frozenset("all team everyone folks good there y'all yall guys".split())


def _has_wide_script(text: str) -> bool:
    """True for text in scripts written without spaces between words (Chinese, Japanese, Thai...)."""
    return any(ord(ch) >= 0x0E00 for ch in text)


@dataclass
class PlaceFinder:
    """Finds our cities, countries and other real places in a question."""

    kb: KnowledgeBase
    gazetteer: Gazetteer
    known_words: frozenset[str] = frozenset()  # words of our own knowledge ("Takayama", "Rogers")
    reserved: frozenset[str] = frozenset()  # the bot's own words ("asia", "first"): a place only if a big city
    known_phrases: frozenset[str] = frozenset()  # names of several words our knowledge holds ("San Diego conference")
    _names: dict[str, City] = field(default_factory=dict)
    _hints: dict[str, tuple[str, City]] = field(default_factory=dict)
    _fuzzy: dict[str, tuple[City, str]] = field(default_factory=dict)
    _by_country: dict[str, list[City]] = field(default_factory=lambda: defaultdict(list))
    _friends_by_country: dict[str, list[City]] = field(default_factory=lambda: defaultdict(list))
    _all_by_country: dict[str, list[City]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for city in self.kb.cities:
            for name in city.names:
                self._names[fold(name)] = city
                if fold(name).isascii() and len(fold(name)) >= 4:
                    self._fuzzy[fold(name)] = (city, "typo")
            if city.region:
                self._hints.setdefault(fold(city.region), ("region", city))
            for demonym in city.demonyms:  # as specific as the city's name; the people too ("Melburnians")
                for spelled in {fold(demonym), *demonym_plurals(fold(demonym))}:
                    self._hints.setdefault(spelled, ("local", city))
            if city.association is not None:  # "what is the BSSCA?": the association's short name
                for short in re.findall(r"\(([A-Z]{3,})\)", city.association.name):
                    self._hints.setdefault(fold(short), ("association", city))
        for city in self.kb.friendship_cities:
            self._friends_by_country[city.country_code].append(city)
        for city in self.kb.sister_cities:
            self._by_country[city.country_code].append(city)
            self._fuzzy.setdefault(fold(city.country), (city, "country"))
        self._wide_names = sorted((n for n in self._names if _has_wide_script(n)), key=len, reverse=True)
        self._fuzzy_names = list(self._fuzzy)
        # Past a few thousand names, scoring each one against every unknown word costs milliseconds: only the names
        # that share rare trigrams with it are scored (bot/engine/name_index.py).
        self._name_index = TrigramIndex(self._fuzzy_names) if len(self._fuzzy_names) > INDEXED_NAMES else None
        for city in self.kb.cities:
            self._all_by_country[city.country_code].append(city)

    def sister_cities_in(self, country_code: str) -> list[City]:
        """Our sister cities in a country, oldest first."""
        return self._by_country.get(country_code, [])

    def _near_ours(self, place: Place) -> City | None:
        if place.latitude is None or place.longitude is None:
            return None
        here = (place.latitude, place.longitude)
        for city in self._all_by_country.get(place.country_code, ()):
            if distance_km(here, city.position) <= SAME_PLACE_KM:
                return city
        return None

    def _best_fuzzy(self, phrase: str) -> tuple[City, float, str] | None:
        """Our city whose name (or country) is most like the phrase, if any is at least SUGGEST_SCORE alike (every
        caller wants that much; the cut-off lets rapidfuzz skip names too short or too long to reach it)."""
        names = self._fuzzy_names if self._name_index is None else self._name_index.candidates(phrase)
        found = process.extractOne(phrase, names, scorer=fuzz.ratio, score_cutoff=SUGGEST_SCORE)
        if found is None:
            return None
        city, how = self._fuzzy[found[0]]
        return city, float(found[1]), how

    def _accept_real_city(self, q: Question, start: int, end: int, place: Place) -> bool:
        span = q.words[start:end]
        if all(w in STOPWORDS for w in span):
            return False
        if q.words[end : end + 1] and q.words[end] in EVENT_NOUNS:
            return False  # "when the Berlin Wall came down", "the Tokyo Olympics": an event, not the place
        if all(w in self.reserved for w in span) and place.population < WELL_KNOWN_POPULATION:
            return False  # "Asia" (a town in the Philippines) is the continent here
        others = [w for i, w in enumerate(q.words) if not start <= i < end and w not in STOPWORDS]
        # A name from our own knowledge ("Mayor Takayama") is no place; a place's own name of several words
        # ("New Taipei") still is.
        phrase = " ".join(span)
        if others and ((end - start == 1 and phrase in self.known_words) or phrase in self.known_phrases):
            return False
        lowercase = not any(w[:1].isupper() for w in q.surface[start:end])
        if lowercase and q.words[start - 1 : start] in (("a",), ("an",)) and all(map(is_real_word, span)):
            return False  # "a caller wants to volunteer": a noun after "a" (Càller is Catalan for Cagliari)
        if lowercase and not place.primary and place.population < OBSCURE_POPULATION and all(map(is_real_word, span)):
            return False  # "when is the gala?": Gala is another name of Galle, Sri Lanka, but a word first
        if not all(is_common_word(w) for w in span):
            return True
        if names_a_big_city(span, place):
            return True  # "london", "edinburgh": frequent in English, but as the name of a big city
        if place.country_code == "US" and _state_follows(q, end):
            return True  # "Providence RI": a state after it makes the word a place
        tie_after = bool(q.words[end : end + 1]) and q.words[end] in TIE_AFTER_NAME
        tie_before = start > 1 and q.words[start - 1] == "of" and bool(set(q.words[start - 3 : start - 1]) & TIE_OF)
        if (
            (tie_after or tie_before)
            and zipf(phrase) < NAMED_BEFORE_TIE_ZIPF
            and place.population >= OBSCURE_POPULATION
        ):
            # "providence sister cities?", "cambridge twin towns", "the sister cities of worcester": a city whose
            # own ties are asked about
            return True
        # A common word ("Nice", "Reading") is a place when written with a capital inside a sentence, or when the
        # question puts it beside a place word: "venice is near padua", "is venice a sister city?".
        # A capital inside a sentence makes a place of a word ("...near Nice?", "is Venice ours?"), unless the word
        # is an everyday one and the place small ("New Hire here": Hiré, a town of 41,000).
        if not others and zipf(phrase) < EVERYDAY_WORD_ZIPF:
            return True  # "venice", "what about venice?": a place name said alone is the place (not "nice!")
        if tie_after and start == 0 and place.primary and zipf(phrase) < EVERYDAY_WORD_ZIPF:
            return True  # "venice sister city? thought we had one in italy": the place first, asked as a tie
        everyday = zipf(phrase) >= EVERYDAY_WORD_ZIPF and place.population < OBSCURE_POPULATION
        if start > 0 and q.surface[start][:1].isupper() and not everyday:
            return True
        if end - start > 1 and all(w[:1].isupper() for w in q.surface[start + 1 : end]):
            return True  # "Cape Coast is down the road from...": a name of capitalised words, even first in a sentence
        if self._country_follows(q, end, place):
            return True  # "venice, italy - sister city?", "cork ireland": a place followed by its own country
        after = [w for w in q.words[end : end + 5] if w not in _HEDGES][:2]  # "venice is right next to padua"
        around = set(q.words[max(0, start - 1) : start]) | set(after)
        if after[:1] == ["next"] and after[1:] != ["to"]:
            around.discard("next")  # "reading is next on my list": no place
        framed = bool(set(q.words[end : end + 4]) & PLACE_FRAME)
        asked = start > 0 and q.words[start - 1] == "is" and framed
        # "what year did cork become a sister city?": a verb asking about it, then the place words
        asked |= start > 0 and q.words[start - 1] in ASKING_VERBS and framed and not everyday
        # "what about venice? it's right near padua": a place asked after by name
        asked |= q.words[max(0, start - 2) : start] in (("what", "about"), ("how", "about")) and not everyday
        return bool(around & {"near", "nearby", "beside", "next", "close"}) or asked  # "venice, right next to padua"

    def _country_follows(self, q: Question, end: int, place: Place) -> bool:
        """True when the words right after a place name its own country ("Venice, Italy", "Cork Ireland")."""
        for size in (1, 2, 3):
            phrase = " ".join(q.words[end : end + size])
            if len(q.words) >= end + size and any(
                c.country_code == place.country_code and not c.via_demonym for c in self.gazetteer.countries(phrase)
            ):
                return True
        return False

    def _exact(self, q: Question, start: int, end: int, phrase: str) -> Mention | None:
        """What the words from start to end (`phrase`, folded) name exactly, if anything."""
        if phrase in STOPWORDS:  # home phrases never get here: find() skips them
            return None
        wide = end - start == 1 and _has_wide_script(phrase)
        if not (wide or phrase in self._names or phrase in self._hints or self.gazetteer.knows(phrase)):
            return None  # (most runs of words: nothing below could find them)
        surface = " ".join(dict.fromkeys(q.surface[start:end]))
        if phrase in self._names:
            return Mention(start, end, surface, "name", 100.0, city=self._names[phrase])
        if phrase in self._hints:
            how, city = self._hints[phrase]
            return Mention(start, end, surface, how, 100.0, city=city, country_code=city.country_code)
        if wide:
            inside = next((n for n in self._wide_names if n in phrase), None)
            if inside is not None:
                return Mention(start, end, inside, "name", 100.0, city=self._names[inside])
            # "北京是...": Beijing, run into the next word
            if (run_into := self._real_place_inside(phrase)) is not None:
                return Mention(
                    start, end, run_into.name, "place", 100.0, place=run_into, country_code=run_into.country_code
                )
        if not self.gazetteer.knows(phrase):
            return None  # no country or city of that name (most runs of words)
        if start > 0 and q.words[start - 1] == "to" and end - start == 1 and is_common_word(phrase):
            countries = [c for c in self.gazetteer.countries(phrase) if not c.via_demonym]  # "to polish its image"
        elif phrase in EVERYDAY_EXONYMS and not q.surface[start][:1].isupper():
            countries = []  # "the island of ireland": an island, not Ísland (Iceland)
        else:
            countries = self.gazetteer.countries(phrase)
        for country in countries:
            # A country with no sister city may still have a friendship city ("Israel": Haifa).
            ours = self.sister_cities_in(country.country_code) or self._friends_by_country.get(country.country_code, [])
            how = "demonym" if country.via_demonym else "country"
            if ours:
                return Mention(start, end, surface, how, 100.0, city=ours[0], country_code=country.country_code)
            return Mention(start, end, surface, how, 100.0, place=country, country_code=country.country_code)
        real = self.gazetteer.cities(phrase)
        if _state_follows(q, end):  # "Cambridge MA" is the one in the United States
            real.sort(key=lambda p: p.country_code != "US")
        for place in real:
            # "Kioto" (an alternate name GeoNames files by Kyoto) is ours; New Taipei, a city of its own, is not.
            same = self._near_ours(place) if not place.primary else None
            if same is not None and fold(place.name) in {fold(n) for n in same.names}:
                return Mention(start, end, surface, "name", 100.0, city=same)
        if real and self._accept_real_city(q, start, end, real[0]):
            biggest = real[0]
            guess = self._best_fuzzy(phrase)
            obscure = not biggest.primary and biggest.population < OBSCURE_POPULATION
            if obscure and guess and guess[1] >= ANSWER_SCORE:
                # "melborn" is an alternate name of Melbourne, Florida, but surely a slip for ours.
                return Mention(start, end, surface, guess[2], guess[1], city=guess[0])
            return Mention(start, end, surface, "place", 100.0, place=biggest, country_code=biggest.country_code)
        return None

    def _real_place_inside(self, phrase: str) -> Place | None:
        """The biggest real city whose name in a script written without spaces begins a run of it ("北京是": 北京),
        the longest name first."""
        for size in range(min(len(phrase), MAX_WIDE_NAME), 1, -1):
            if (named := self.gazetteer.cities(phrase[:size])) and not named[0].is_country:
                return named[0]
        return None

    def _flags(self, q: Question, named_elsewhere: bool = False) -> list[Mention]:
        """Countries named by flag emoji (🇯🇵): two regional-indicator letters spell the ISO code (not a flag after a
        greeting when the question names a place of its own: "bonjour! 🇫🇷 ...when is Boston-Hangzhou Day?")."""
        found = []
        for match in _FLAG.finditer(q.clean):
            flag = match.group()
            greeted = words(fold(q.clean[: match.start()]))
            if named_elsewhere and greeted and set(greeted) <= _GREETED:
                continue  # the asker's flair, no place asked about
            code = "".join(chr(ord(ch) - 0x1F1E6 + ord("A")) for ch in flag)
            end = len(q.words)  # a flag is not a word: the mention covers none
            if ours := self.sister_cities_in(code):
                found.append(Mention(end, end, flag, "country", 100.0, city=ours[0], country_code=code))
            elif name := self.gazetteer.country_names.get(code):
                country = Place(name, code, name, True, 0)
                found.append(Mention(end, end, flag, "country", 100.0, place=country, country_code=code))
        return found

    def _typos(
        self, q: Question, taken: set[int], vocabulary: frozenset[str]
    ) -> tuple[list[Mention], dict[str, Suggestion]]:
        mentions: list[Mention] = []
        suggestions: dict[str, Suggestion] = {}
        # Words that are never part of a slip for a name: function words, words the bot knows, numbers.
        plain = [w in STOPWORDS or w in vocabulary or w.isdigit() for w in q.words]
        for start in range(len(q.words)):
            for size in (2, 1):
                end = start + size
                if end > len(q.words) or any(plain[start:end]) or (taken and not taken.isdisjoint(range(start, end))):
                    continue
                phrase = " ".join(q.words[start:end])
                if len(phrase) < 4 or (size == 1 and is_real_word(phrase)):
                    continue  # "tally" is a word, not a slip for Italy
                guess = self._best_fuzzy(phrase)
                if guess is None or guess[1] < SUGGEST_SCORE:
                    continue
                city, score, how = guess
                if score >= ANSWER_SCORE:
                    surface = " ".join(dict.fromkeys(q.surface[start:end]))
                    code = city.country_code if how == "country" else None
                    mentions.append(Mention(start, end, surface, how, score, city=city, country_code=code))
                    taken.update(range(start, end))
                elif city.id not in suggestions or suggestions[city.id].score < score:
                    suggestions[city.id] = Suggestion(city, score)
        return mentions, suggestions

    def find(self, q: Question, vocabulary: frozenset[str] = frozenset()) -> Places:
        """Our cities, countries and real places named in the question, plus 'did you mean' choices."""
        mentions: list[Mention] = []
        taken: set[int] = set()
        for size in range(min(MAX_NAME_WORDS, len(q.words)), 0, -1):
            for start in range(len(q.words) - size + 1):
                if taken and not taken.isdisjoint(range(start, start + size)):
                    continue
                phrase = " ".join(q.words[start : start + size])
                if phrase in HOME:
                    taken.update(range(start, start + size))  # "jamaica plain" is home, and "jamaica" in it no country
                    continue
                if (found := self._exact(q, start, start + size, phrase)) is not None:
                    mentions.append(found)
                    taken.update(range(start, start + size))
        typos, suggestions = self._typos(q, taken, vocabulary)
        mentions += typos + self._flags(q, named_elsewhere=bool(mentions or typos))
        mentions = self._placed_in_country(q, mentions)
        # "Sydney, Australia": a country that only qualifies a named city is not a question about the country.
        named = [m for m in mentions if m.how in ("name", "typo", "place")]
        qualified = {m.country_code or (m.city.country_code if m.city else None) for m in named}
        # ...and only when it stands beside the place ("Kyoto, Japan", "Japan's Kyoto"; not "the Irish name of
        # Belfast", where "Irish" is what is asked about).
        edges = {m.end for m in named} | {m.end + 1 for m in named if q.words[m.end : m.end + 1] == ("in",)}
        starts = {m.start for m in named}
        qualifying = [
            m
            for m in mentions
            if m.how in ("country", "demonym") and m.country_code in qualified and (m.start in edges or m.end in starts)
        ]
        qualifying += self._asked_where(q, named, mentions)
        mentions = [m for m in mentions if m not in qualifying]
        mentions.sort(key=lambda m: m.start)
        found_ids = {m.city.id for m in mentions if m.city}
        ranked = sorted((s for s in suggestions.values() if s.city.id not in found_ids), key=lambda s: -s.score)
        qualifiers = frozenset(i for m in qualifying for i in range(m.start, m.end))
        return Places(tuple(mentions), tuple(ranked[:MAX_SUGGESTIONS]), qualifiers)

    @staticmethod
    def _asked_where(q: Question, named: list[Mention], mentions: list[Mention]) -> list[Mention]:
        """Countries offered for where a named city is ("is Taipei in China or Taiwan?", "is Barcelona in Italy?"):
        they ask about that city's country, and name none of ours themselves."""
        countries = {m.start: m for m in mentions if m.how == "country"}
        asked: list[Mention] = []
        for place in named:
            # "Taipei in China or Taiwan?", "Taipei listed under China or Taiwan?"
            lead = next((size for size in (2, 1) if q.words[place.end : place.end + size] in _WHERE_LEADS), 0)
            placed = lead > 0
            at = place.end + lead
            while placed and q.words[at : at + 1] in (("the",), ("mainland",)):
                at += 1  # "Taipei is in the People's Republic of China", "in mainland China"
            offered: list[Mention] = []
            while (country := countries.get(at)) is not None and country not in offered:
                offered.append(country)
                # "in China or Taiwan", "listed as Taiwan, People's Republic of China" (one name, or two side by side)
                at = country.end + 1 if q.words[country.end : country.end + 1] == ("or",) else country.end
                if q.words[at : at + 1] == ("the",):
                    at += 1  # "in Ireland or the UK"
            if placed or len(offered) > 1:  # not "Melbourne, Florida": another Melbourne
                asked += offered
        return asked

    def _placed_in_country(self, q: Question, mentions: list[Mention]) -> list[Mention]:
        """Real places read in the country named right after them ("Valencia, Spain" is the Spanish Valencia, not
        the bigger one in Venezuela), else in the country of one of ours named beside them ("Nara, by Kyoto")."""
        by_start = {m.start: m for m in mentions}
        beside = [m.city.country_code for m in mentions if m.city and m.how in ("name", "typo", "local")]
        placed: list[Mention] = []
        for m in mentions:
            after = m.end + 1 if q.words[m.end : m.end + 1] == ("in",) else m.end
            country = by_start.get(after)
            codes = [country.country_code] if country and country.how == "country" and country.country_code else beside
            if m.how == "place" and m.place and codes and m.place.country_code not in codes:
                named = self.gazetteer.cities(" ".join(q.words[m.start : m.end]))
                there = next((p for code in codes for p in named if p.country_code == code), None)
                if there is not None:
                    m = replace(m, place=there, country_code=there.country_code)
            placed.append(m)
        return placed

    def names_city(self, phrase: str) -> bool:
        """True when the folded phrase is a name of one of our cities."""
        return phrase in self._names

    def suggest_for(self, phrase: str, minimum: float = ANSWER_SCORE) -> tuple[Suggestion, ...]:
        """Our cities whose names look like a typo of this folded phrase."""
        guess = self._best_fuzzy(phrase)
        return (Suggestion(guess[0], guess[1]),) if guess and guess[1] >= minimum else ()


class SpellingFixer:
    """Corrects slips in words the bot knows ('fundng' -> 'funding', 'citeis' -> 'cities')."""

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self._choices = sorted(w for w in vocabulary if len(w) >= 4)

    def fix(self, word: str) -> str:
        """The known word this one is a slip of, or the word itself."""
        if len(word) < 4 or word in self.vocabulary or word in STOPWORDS:
            return word
        if is_real_word(word):
            return word
        if any(ch.isdigit() for ch in word):
            return word  # years and numbers are never slips: "1980s" is not "1950s"
        edits = 2 if len(word) >= LONG_WORD else 1
        found = process.extractOne(word, self._choices, scorer=OSA.distance, score_cutoff=edits)
        return str(found[0]) if found else word


# Countries' names in other languages that are everyday English words: in lowercase, the word ("the island of
# Ireland" is no question about Ísland, Iceland; "chili", "grenade", "suede" are not Chile, Grenada, Sweden).
EVERYDAY_EXONYMS = frozenset("island chili grenade suede mann maurice dominique georgie".split())


# Words between a named city and countries offered for where it is: "Taipei *listed under* China or Taiwan?"
_WHERE_LEADS = frozenset(
    {("in",), ("under",), ("listed", "under"), ("filed", "under"), ("listed", "as"), ("part", "of"), ("is", "that"),
     ("is", "it"), ("is", "in"), ("counted", "as"), ("counted", "under"), ("considered",), ("classed", "as"),
     ("classified", "as")}
)  # fmt: skip
# Little words between a place and where it is: "venice *is right* next to padua".
_HEDGES = frozenset("is s right just really very so pretty quite".split())


def _state_follows(q: Question, end: int) -> bool:
    """True when the word after a name is a US state's code ("Cambridge MA"), not a word it spells ("in", "me")."""
    return bool(q.words[end : end + 1]) and q.words[end] in US_STATE_CODES - {"in", "me", "or"}


def _stems(text: str) -> list[str]:
    return [stem(w) for w in words(fold(text)) if w not in STOPWORDS]


def informativeness(word: str) -> float:
    """How much a word says about what is asked: 1.0 for rare words, down to 0.2 for everyday ones."""
    return max(0.2, min(1.0, (7.0 - zipf(word)) / 2.5))


# A matched word anchors a topic when it is a keyword of its own or in the title (not only in examples).
ANCHOR_WEIGHT = 0.7
# The words of a topic's own answer count for a little: enough for "who suggested the first exchange?" to find the
# history that says so, too little to anchor a topic on their own.
ANSWER_TEXT_WEIGHT = 0.3
FULLY_EXPLAINED_WORDS = 2
# A question this much explained, by words enough, anchors on the topic's own answer ("what did the success of
# the Kyoto program lead to?" is the history's own sentence)...
MOSTLY_EXPLAINED = 0.8
# ...or this much of it by one rare word that only one topic says ("cradle").
DISTINCTIVE_EXPLAINED = 0.6
# Words every program question shares; left out when matching a topic's keyword phrases.
GENERIC = frozenset(
    "sister sisters city cities citys program programs programme initiative scheme the a an of s".split()
)


_ARTICLES = frozenset("the a an of s".split())


def _phrase_form(text: str) -> str:
    """A keyword phrase without the generic words, unless that would leave only stopwords, or only the last word of
    a name that starts with them ("Sister Cities International" is not the word "international")."""
    folded = words(fold(text))
    reduced = [w for w in folded if w not in GENERIC]
    named = len(reduced) == 1 and folded[-1] == reduced[0] and folded[0] in GENERIC - _ARTICLES
    if named or all(w in STOPWORDS for w in reduced):
        return " ".join(folded)
    return " ".join(reduced)


# Words that say where something is written ("the program page says"): a keyword phrase of only these (and generic
# words) is no phrase evidence, or "does the program page say anything about world peace?" would be about the page.
WHERE_WRITTEN = frozenset("page pages website site web say says said old older current".split())


def _says_what(phrase: str) -> bool:
    """True when a keyword phrase says what something is about, not only where it is written."""
    return bool(set(phrase.split()) - WHERE_WRITTEN - GENERIC - PAGE_WORDS)


# Words people slip into a phrase without changing it ("what *exactly* is a sister city").
FILLERS = frozenset(
    "exactly actually really real even just basically please again precisely does do boston we our local own".split()
)  # ("solve *local* problems", "their *own* solutions")


@dataclass(frozen=True)
class PhraseWords:
    """What the keyword phrases of a matcher are made of: the longest, in words, and every run of words a phrase
    starts with ("sister", "sister city", "sister city agreement")."""

    longest: int
    prefixes: frozenset[str]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> PhraseWords:
        split = [p.split() for p in phrases]
        return cls(
            max(map(len, split), default=1),
            frozenset(" ".join(words_[:n]) for words_ in split for n in range(1, len(words_) + 1)),
        )


def _forms(q: Question, skip: frozenset[int], phrases: PhraseWords) -> frozenset[str]:
    """Every run of words in the question that a keyword phrase could be: with and without generic and filler
    words, leaving out the positions in `skip` (chatter: "new here in the Mayor's office"), and only runs that some
    phrase starts with; computed once per question, so that finding a phrase is one set lookup."""
    kept = tuple(w for i, w in enumerate(q.words) if i not in skip or w in STOPWORDS)
    runs: set[str] = set()
    prefixes = phrases.prefixes
    for said in dict.fromkeys(  # the same words twice are read once (most questions have no generic word)
        (
            kept,
            tuple(w for w in kept if w not in GENERIC),
            tuple(w for w in kept if w not in FILLERS),
            tuple(w for w in kept if w not in GENERIC and w not in FILLERS),
        )
    ):
        for start in range(len(said)):
            run = ""
            for word in said[start : start + phrases.longest]:
                run = f"{run} {word}" if run else word
                if run not in prefixes:
                    break  # no phrase starts with these words, so no longer run is a phrase either
                runs.add(run)
    return frozenset(runs)


def _phrase_hits(phrases: list[tuple[str, int]], forms: frozenset[str]) -> int:
    """How many words of the phrases (each with its number of words) appear, as runs, in the question (_forms)."""
    return sum(size for p, size in phrases if p in forms)


@dataclass(frozen=True)
class Scored:
    """How well one knowledge entry (a topic or a city fact) fits the question."""

    score: float  # 0-100: the share of the question's meaning (informative words) the entry explains
    weight: float  # the summed weight of what matched: rare, specific words weigh more
    matched: tuple[str, ...]
    anchored: bool  # a whole keyword phrase matched, or a word that is itself a keyword or in the title
    phrase: bool  # a whole keyword phrase matched


def _idf(documents: list[set[str]]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for doc in documents:
        for term in doc:
            df[term] += 1
    n = len(documents)
    return {term: math.log(1 + n / count) for term, count in df.items()}


# Words for the ties themselves: every program question has them, so they say little about which topic is asked.
TIE_WORDS = frozenset(
    "pair pairs paired pairing twinned twinning partnered partner partners partnership partnerships tie ties link"
    " links".split()
)


# Words that place a fact abroad, which every fact of a sister city is ("a Boston Square *abroad*").
ABROAD = frozenset("abroad overseas foreign international".split())
# Words for a part of something, which say little of what it is ("the education *side*", "a money *angle*").
ASPECT_WORDS = frozenset("side sides angle angles aspect aspects component components element elements".split())
# Words for what someone wants, which say who asks more than what ("my boss *wants* the objectives").
WANT_WORDS = frozenset("want wants wanted wanting need needs needed".split())
# Words that point at where something is written, not what it says ("the history *blurb* *calls* Boston...").
PAGE_WORDS = frozenset(
    """blurb blurbs section paragraph paragraphs wording calls describes mentions asterisk footnote footnotes referring
    refers text verbatim quote paste copy short phrase phrases wording term stated statement call calling called
    opens""".split()
)
# Words that stress what follows, which say little of it ("the program's *main* objectives").
STRESS_WORDS = frozenset("main primary key core chief principal central actual real".split())
_LIGHT = TIE_WORDS | ASPECT_WORDS | WANT_WORDS | PAGE_WORDS | WHERE_WRITTEN | STRESS_WORDS
# The light words of a city fact: those of any entry, and "abroad" (every fact of ours is).
_FACT_LIGHT = _LIGHT | ABROAD


def _content(q: Question, skip: frozenset[int], light: frozenset[str] = _LIGHT) -> dict[str, float]:
    """The question's content stems, each with the informativeness of its word (`light` words weigh little beside
    others: "what does the city page say?" is about the page, "what does the page say about funding?" not)."""
    found: dict[str, float] = {}
    said = q.content_words(skip)
    light = light if any(w not in light for w in said) else frozenset()  # light beside others, not on their own
    for word in said:
        term = stem(word)
        weight = 0.2 if word in light else informativeness(word)
        found[term] = max(found.get(term, 0.0), weight)
    return found


def _score(
    content: dict[str, float],
    terms: dict[str, float],
    idf: dict[str, float],
    phrase_words: int,
    phrase_explains: bool = True,
    distinctive: float = math.inf,
    least: int = 1,
    dated: bool = False,
) -> Scored | None:
    """How well an entry's terms and phrases fit the question's content; None when fewer than `least` terms and no
    phrase words match."""
    matched = [t for t in content if t in terms]
    if len(matched) < least and not phrase_words:
        return None
    weight = sum(terms[t] * idf[t] * content[t] for t in matched) + 1.5 * phrase_words
    weight += dated * sum(1.5 for t in matched if t[:1].isdigit())  # a year or decade said by the entry itself
    total = sum(content.values())
    explained = sum(content[t] for t in matched) / total if total else 0.0
    if phrase_words and phrase_explains:
        explained = max(explained, 0.75)
    # Anchored: a keyword phrase, a keyword or title word, or (nearly) every meaningful word of the question explained
    # ("who suggested the first exchange?" is the history's own sentence), or one rare word only this entry says.
    said = [t for t in matched if t.isalpha()]  # a year or a decade is read as time, not as what is asked about
    fully = explained >= MOSTLY_EXPLAINED and len(said) >= FULLY_EXPLAINED_WORDS
    fully |= explained >= DISTINCTIVE_EXPLAINED and any(idf[t] >= distinctive and content[t] >= 1.0 for t in said)
    anchored = bool(phrase_words) or any(terms[t] >= ANCHOR_WEIGHT for t in matched) or fully
    return Scored(round(100 * explained, 1), round(weight, 3), tuple(matched), anchored, bool(phrase_words))


# A number of things: "250", "40,000" (folded words: "40 000" is two), not a year or an ordinal.
AMOUNT = lazy_pattern(
    r"\d{1,3}|\d{1,3}(?: ?\d{3})+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|hundred|hundreds|thousand|thousands|dozen|dozens"
)


class TopicMatcher:
    """Scores program topics against a question by their keywords, example questions and title."""

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        self.topics = topics
        self._terms: list[dict[str, float]] = []
        self._phrases: list[list[tuple[str, int]]] = []
        said: list[set[str]] = []  # the stems of each topic's own answer and points
        for topic in topics:
            terms: dict[str, float] = {}
            for text, weight in (
                *((q, 0.4) for q in topic.questions),
                (topic.title, 0.7),
                *((k, 1.0 if len(words(fold(k))) == 1 else 0.5) for k in topic.keywords),
            ):
                for term in _stems(text):
                    terms[term] = max(terms.get(term, 0.0), weight)
            self._terms.append(terms)
            said.append({t for text in (topic.answer, *topic.points) for t in _stems(text)})
            phrases = {_phrase_form(k) for k in topic.keywords if len(words(fold(k))) > 1}
            self._phrases.append(sorted((p, len(p.split())) for p in phrases if p and _says_what(p)))
        self._phrase_words = PhraseWords.of(p for phrases in self._phrases for p, _ in phrases)
        # Rarity is measured on what people ask by (keywords, questions, titles); a word only a topic's answer uses
        # is weighed by how rare it is among the answers.
        self._idf = _idf(said) | _idf([set(t) for t in self._terms])
        for terms, words_said in zip(self._terms, said, strict=True):
            for term in words_said - terms.keys():
                terms[term] = ANSWER_TEXT_WEIGHT
        self._distinctive = max(self._idf.values(), default=math.inf)  # a word only one topic has
        # Which topics hold each term and each keyword phrase: only those can score at all.
        self._by_term: dict[str, list[int]] = defaultdict(list)
        self._by_phrase: dict[str, list[int]] = defaultdict(list)
        for n, (held, sized) in enumerate(zip(self._terms, self._phrases, strict=True)):
            for term in held:
                self._by_term[term].append(n)
            for phrase, _ in sized:
                self._by_phrase[phrase].append(n)

    @property
    def keywords(self) -> frozenset[str]:
        """Every folded word of every topic's keywords and title."""
        return frozenset(
            w for topic in self.topics for text in (*topic.keywords, topic.title) for w in words(fold(text))
        )

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every folded word of every topic's keywords, questions and title."""
        found: set[str] = set()
        for topic in self.topics:
            for text in (*topic.keywords, *topic.questions, topic.title):
                found.update(words(fold(text)))
        return frozenset(found)

    def rank(self, q: Question, skip: frozenset[int] = frozenset()) -> list[tuple[Topic, Scored]]:
        """Topics that share words with the question, best first."""
        content = _content(q, skip)
        forms = _forms(q, skip, self._phrase_words)
        results: list[tuple[Topic, Scored]] = []
        candidates = {n for term in content for n in self._by_term.get(term, ())}
        candidates.update(n for phrase in forms for n in self._by_phrase.get(phrase, ()))
        for n in sorted(candidates):  # (in the topics' order, which breaks ties)
            topic, terms, phrases = self.topics[n], self._terms[n], self._phrases[n]
            phrase_words = _phrase_hits(phrases, forms)
            scored = _score(content, terms, self._idf, phrase_words, distinctive=self._distinctive, dated=True)
            if scored is not None:
                results.append((topic, scored))
        results.sort(key=lambda r: (-r[1].score * r[1].weight, -r[1].weight))
        return results


def knowledge_phrases(kb: KnowledgeBase) -> frozenset[str]:
    """Folded keywords of several words in the city facts ("san diego"): names our own knowledge uses."""
    return frozenset(
        fold(k)
        for city in kb.cities
        for fact in (*city.highlights, *city.disagreements)
        for k in fact.keywords
        if len(fold(k).split()) > 1
    )


def knowledge_words(kb: KnowledgeBase) -> frozenset[str]:
    """Folded words of topic keywords and city-fact keywords: names our own knowledge uses."""
    found: set[str] = set()
    for topic in kb.topics:
        for keyword in topic.keywords:
            found.update(words(fold(keyword)))
    for city in kb.cities:
        for fact in (*city.highlights, *city.disagreements):
            for keyword in fact.keywords:
                found.update(words(fold(keyword)))
        for person in city.people:  # "Mayor Walsh" is a person, never Walsh the place
            for name in person.names:
                found.update(words(fold(name)))
    return frozenset(found)


_HYPHENATED = lazy_pattern(r"(?<=\w)-(?=\w)")
_A_YEAR = lazy_pattern(r"1[89]\d\d|20\d\d")  # "1956, Eisenhower calls for exchanges with people abroad" counts none


def states_count(text: str, words_: frozenset[str] | set[str]) -> bool:
    """True when a sentence of the text gives a number of one of these things ("lists five objectives")."""
    wanted = {stem(w) for w in words_}
    for sentence in re.split(r"(?<=[.;:])\s", text):
        # a hyphenated name is one word: "42 People-to-People committees" counts committees, not people
        said = words(fold(_HYPHENATED.sub("", sentence)))
        if {stem(w) for w in said} & wanted and any(AMOUNT.fullmatch(w) and not _A_YEAR.fullmatch(w) for w in said):
            return True
    return False


# A knowledge base with at most this many facts has every fact that shares a term scored (the real one has ~90).
SCORE_EVERY_FACT = 1000
# In a bigger one, a term held by more facts than this picks no candidates on its own (a year, "gift").
COMMON_TERM_FACTS = 50


class FactMatcher:
    """Finds the city fact a question is about ('Boston Square', 'Charles Munch')."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._facts: list[tuple[City, Fact, dict[str, float], list[tuple[str, int]]]] = []
        for city in kb.cities:
            for fact in (*city.highlights, *city.disagreements):  # where sources differ is a fact too
                terms = dict.fromkeys(_stems(fact.text), 0.5)
                terms.update(dict.fromkeys((s for k in fact.keywords for s in _stems(k)), 1.0))
                said = {_phrase_form(k) for k in fact.keywords if len(words(fold(k))) > 1}
                phrases = sorted((p, len(p.split())) for p in said if p and _says_what(p))
                self._facts.append((city, fact, terms, phrases))
        self._idf = _idf([set(terms) for _, _, terms, _ in self._facts])
        self._phrase_words = PhraseWords.of(p for *_, phrases in self._facts for p, _ in phrases)
        # Indexes for big knowledge bases: which facts hold a term, a phrase's rarest word, or belong to a city.
        self._by_term: dict[str, list[int]] = defaultdict(list)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        self._by_city: dict[str, list[int]] = defaultdict(list)
        self._terms_of: dict[int, dict[str, float]] = {}
        spread: dict[str, int] = defaultdict(int)  # how many phrases hold each word
        for *_, phrases in self._facts:
            for word in {w for p, _ in phrases for w in p.split()}:
                spread[word] += 1
        for n, (city, fact, terms, phrases) in enumerate(self._facts):
            for term in terms:
                self._by_term[term].append(n)
            # a phrase is found by its rarest word ("north lyon gift" by "lyon"), which a hit must contain too
            for rarest in {min(p.split(), key=lambda w: spread[w]) for p, _ in phrases}:
                self._by_word[rarest].append(n)
            self._by_city[city.id].append(n)
            self._terms_of[id(fact)] = terms
        self._common = COMMON_TERM_FACTS
        self._city_terms: dict[str, set[str]] = {}
        for city in kb.cities:
            texts = [
                city.summary,
                city.established.note or "",
                *(f.text for f in (*city.highlights, *city.disagreements)),
            ]
            texts += [city.status_note.text] if city.status_note else []
            texts += [k for f in city.highlights for k in f.keywords]
            texts += [city.association.name, city.association.note or ""] if city.association else []
            self._city_terms[city.id] = {s for t in texts for s in _stems(t)}

    def says(self, fact: Fact, words_: frozenset[str] | set[str]) -> bool:
        """True when the fact (its text or keywords) uses one of these words ("students", "cost")."""
        wanted = {stem(w) for w in words_}
        return bool(wanted & self._terms_of.get(id(fact), {}).keys())

    def counts(self, fact: Fact, words_: frozenset[str] | set[str]) -> bool:
        """True when the fact gives a number of one of these things ("nearly 250 Strasbourg students", "the number
        of Cape Verdeans in Boston at about 40,000"): the word and a number in one sentence."""
        return states_count(fact.text, words_)

    def explains(self, city: City, words_: list[str]) -> float:
        """The share of these words found in what we know of the city (its facts, summary, association)."""
        wanted = {stem(w) for w in words_}
        return len(wanted & self._city_terms.get(city.id, set())) / len(wanted) if wanted else 1.0

    def _candidates(self, q: Question, content: dict[str, float]) -> Iterable[int]:
        """The facts worth scoring: those that share a term with the question or hold a keyword phrase whose rarest
        word it says (any other fact scores nothing); in a big knowledge base, only by terms few facts hold (a fact
        that only shares words most facts hold, like "gift", could not be the best fit on them alone)."""
        every = len(self._facts) <= SCORE_EVERY_FACT  # (then exactly the facts that could score at all)
        found: set[int] = set()
        for term in content:
            holders = self._by_term.get(term, ())
            if every or len(holders) <= self._common:
                found.update(holders)
        for word in set(q.words):
            found.update(self._by_word.get(word, ()))
        return sorted(found)

    def _scored(
        self, q: Question, skip: frozenset[int], among: Iterable[int] | None = None, least: int = 1
    ) -> Iterator[tuple[City, Fact, Scored, int]]:
        """The facts that share words (at least `least` terms, or a keyword phrase) with the question: (city, fact,
        how well it fits, keyword-phrase words)."""
        content = _content(q, skip, _FACT_LIGHT)
        forms = _forms(q, skip, self._phrase_words)
        for n in self._candidates(q, content) if among is None else among:
            city, fact, terms, phrases = self._facts[n]
            phrase_words = _phrase_hits(phrases, forms)
            scored = _score(content, terms, self._idf, phrase_words, phrase_explains=False, least=least)
            if scored is not None:
                yield city, fact, scored, phrase_words

    def best_for(self, city: City, q: Question, skip: frozenset[int] = frozenset()) -> tuple[Fact, Scored] | None:
        """The fact of this city that best fits the question, on as little as one matched word."""
        own = [(fact, scored) for _, fact, scored, _ in self._scored(q, skip, self._by_city.get(city.id, ()))]
        return max(own, key=lambda pair: pair[1].score * pair[1].weight, default=None)

    def best(
        self, q: Question, skip: frozenset[int] = frozenset(), by_year: bool = True
    ) -> tuple[City, Fact, Scored] | None:
        """The city fact the question best describes, or None when fewer than two rare words match."""
        found = [(c, f, s) for c, f, s, _ in self._scored(q, skip, least=2)]  # two terms, or a keyword phrase
        # A year the question names is the most specific thing in it: the facts of that year come first.
        # With another word matched, the year anchors the fact ("at the Children's Museum in 2022").
        dated = [
            (c, f, replace(s, anchored=True))
            for c, f, s in found
            if by_year and any(t.isdigit() and len(t) == 4 for t in s.matched) and len(s.matched) >= 2
        ]
        return max(dated or found, key=lambda triple: triple[2].score * triple[2].weight, default=None)


# Questions at least this similar (rapidfuzz token_set_ratio of their folded content words) are one group.
GROUP_SIMILARITY = 70.0


def group_similar(texts: list[str], threshold: float = GROUP_SIMILARITY) -> list[list[int]]:
    """The positions of the texts in groups of similar wording, biggest group first (each text in one group): for the
    report of what people asked that the bot could not answer."""
    keys = [" ".join(w for w in words(fold(t)) if w not in STOPWORDS) or fold(t) for t in texts]
    groups: list[list[int]] = []
    leaders: list[str] = []
    for i, key in enumerate(keys):
        found = process.extractOne(key, leaders, scorer=fuzz.token_set_ratio, score_cutoff=threshold)
        if found is None:
            groups.append([i])
            leaders.append(key)
        else:
            groups[found[2]].append(i)
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def closest_name(word: str, names: Iterable[str]) -> tuple[str, float] | None:
    """The name most like a word (fuzz.ratio of the folded forms), with its score, if any is given."""
    found = process.extractOne(fold(word), {n: fold(n) for n in names}, scorer=fuzz.ratio)
    return (str(found[2]), float(found[1])) if found else None
