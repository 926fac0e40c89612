"""The knowledge base schema: frozen pydantic models that reject unknown keys."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# One object per distinct web address: a big knowledge base cites the same few pages on every entry (a copy for each
# of 100,000 cities' four or so sources made 200 MB).
_ADDRESSES: dict[str, str] = {}


def _web_address(text: str) -> str:
    """The address as written, when it is an http(s) address with a host and nothing that would break a Slack link
    (pydantic's URL type is not used: importing it costs a tenth of the start-up, for checks this one makes)."""
    try:
        parts = urlsplit(text)
        host, _ = parts.hostname, parts.port  # (reading the port checks it)
    except ValueError as error:  # a malformed port or IPv6 address
        raise ValueError(f"is not a web address ({error})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError("must be a web address starting with http:// or https://, with a host")
    if any(ch.isspace() or ch in "<>|" for ch in text):
        raise ValueError("must not contain spaces or the characters <, > or | (encode them as %20, %3C, %3E, %7C)")
    return _ADDRESSES.setdefault(text, text)


Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_web_address)]


class Frozen(BaseModel):
    """Base for every knowledge model: immutable, and a misspelled key is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Status(StrEnum):
    """Whether a city is a formal sister city or a looser friendship/partner city."""

    SISTER = "sister"
    FRIENDSHIP = "friendship"


class Continent(StrEnum):
    """Continents a city can be filed under."""

    AFRICA = "Africa"
    ASIA = "Asia"
    EUROPE = "Europe"
    NORTH_AMERICA = "North America"
    SOUTH_AMERICA = "South America"
    OCEANIA = "Oceania"


class Source(Frozen):
    """A public page a fact came from."""

    title: Text
    url: Url


class Coordinates(Frozen):
    """A city centre in decimal degrees."""

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


def spoken_date(date: dt.date | None, year: int) -> str:
    """A tie's date as exactly as known: '24 June 1959', or '1960'."""
    return f"{date.day} {date:%B %Y}" if date else str(year)


class OtherDate(Frozen):
    """A date some sources give for a tie instead of the one Boston's sources give."""

    year: int = Field(ge=1900, le=2100)
    date: dt.date | None = None
    by: Text  # who gives this date: "Barcelona press"
    sources: tuple[Url, ...] = Field(min_length=1)

    @property
    def since(self) -> str:
        """This date as exactly as known: '23 November 1983', or '1983'."""
        return spoken_date(self.date, self.year)


class Established(Frozen):
    """When the tie was made, with its sources; `year` is the year Boston's sources give."""

    year: int = Field(ge=1900, le=2100)
    date: dt.date | None = None
    note: Text | None = None
    sources: tuple[Url, ...] = Field(min_length=1)
    other_dates: tuple[OtherDate, ...] = ()  # where other sources date the tie differently


class Association(Frozen):
    """The volunteer association that runs a tie."""

    name: Text
    url: Url | None = None
    note: Text | None = None
    sources: tuple[Url, ...] = Field(min_length=1)


class Fact(Frozen):
    """One sourced statement about a city (a highlight, a disagreement, a status caveat)."""

    text: Text
    sources: tuple[Url, ...] = Field(min_length=1)
    keywords: tuple[Text, ...] = ()


class NativeName(Frozen):
    """A name of the city in another language, shown to users, so it needs a source."""

    name: Text
    language: Text | None = None
    sources: tuple[Url, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _not_a_bare_spelling(cls, data: Any) -> Any:
        if isinstance(data, str):
            raise ValueError(
                f"'{data}' has no source; write {{name: {data}, sources: [URL]}}, "
                "or move it to aliases (used for matching only, never shown)"
            )
        return data


class Side(StrEnum):
    """Which side of a tie a person belongs to."""

    BOSTON = "boston"
    PARTNER = "partner"


class Person(Frozen):
    """Someone the sources name in a city's tie with Boston: a signer, a mayor who visited, an artist."""

    name: Text
    role: Text  # "Mayor of Boston", "Lord Mayor of Belfast", "City Councilor"
    side: Side
    signed: bool = False  # true only when a source says this person signed the agreement
    year: int | None = Field(default=None, ge=1900, le=2100)
    aliases: tuple[Text, ...] = ()  # other spellings, for matching only ("Kevin White")
    note: Text | None = None
    sources: tuple[Url, ...] = Field(min_length=1)

    @property
    def names(self) -> tuple[str, ...]:
        """The person's name and other spellings."""
        return (self.name, *self.aliases)


class City(Frozen):
    """A sister city or a friendship city, one file under knowledge/cities/."""

    id: Slug
    status: Status
    name: Text
    country: Text
    country_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    region: Text | None = None
    continent: Continent
    coordinates: Coordinates
    established: Established
    native_names: tuple[NativeName, ...] = ()  # shown on the card, each with its sources
    aliases: tuple[Text, ...] = ()  # other spellings, for matching only, never shown as facts
    demonyms: tuple[Text, ...] = ()
    association: Association | None = None
    summary: Text
    summary_sources: tuple[Url, ...] = Field(min_length=1)
    status_note: Fact | None = None  # a caveat about the tie's status, said right after the answer's lead
    people: tuple[Person, ...] = ()
    highlights: tuple[Fact, ...] = ()
    disagreements: tuple[Fact, ...] = ()
    other_ties: Fact | None = None  # what the sources say of this city's own partners besides Boston
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def is_sister(self) -> bool:
        """True for a formal sister city."""
        return self.status is Status.SISTER

    @property
    def since(self) -> str:
        """When the tie was made, as exactly as known: '24 June 1959', or '1960'."""
        return spoken_date(self.established.date, self.established.year)

    @property
    def position(self) -> tuple[float, float]:
        """(latitude, longitude) of the city centre."""
        return (self.coordinates.latitude, self.coordinates.longitude)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this city is known by: its name, native names and aliases."""
        return (self.name, *(n.name for n in self.native_names), *self.aliases)

    def __hash__(self) -> int:
        """By id (unique in a knowledge base), not by every field: the engine keeps cities in sets and dicts."""
        return hash(self.id)


class UnconfirmedCity(Frozen):
    """A city some source lists as a sister (or friendship) city that nothing confirms; one file under
    knowledge/unconfirmed/.

    It is never one of the cities: no list, count or card includes it. `claim` says who lists it and that nothing
    confirms it; `count_note`, for a claimed sister city, is the caveat to give with the number of sister cities.
    """

    id: Slug
    name: Text
    country: Text
    country_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    continent: Continent
    coordinates: Coordinates
    aliases: tuple[Text, ...] = ()
    claimed_as: Status = Status.SISTER  # what the one source calls it
    claim: Fact
    count_note: Fact | None = None
    other_ties: Fact | None = None  # what the sources say of this city's own partners
    sources: tuple[Source, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _sister_claims_need_a_count_note(self) -> UnconfirmedCity:
        if self.claimed_as is Status.SISTER and self.count_note is None:
            raise ValueError("count_note: Field required for a claimed sister city (the caveat to give with the count)")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this city is known by: its name and aliases."""
        return (self.name, *self.aliases)


class Topic(Frozen):
    """A program topic, one file under knowledge/topics/."""

    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
    answer: Text
    points: tuple[Text, ...] = ()
    keywords: tuple[Text, ...] = Field(min_length=1)
    questions: tuple[Text, ...] = Field(min_length=1)
    related: tuple[Slug, ...] = ()
    show_sister_cities: bool = False  # append today's list of sister cities, derived from the city files
    general: bool = False  # the answer to a question about "the program" as a whole, when nothing narrower fits
    sources: tuple[Source, ...] = Field(min_length=1)


class KnowledgeBase(Frozen):
    """Every city and topic, validated together."""

    cities: tuple[City, ...]
    topics: tuple[Topic, ...]
    unconfirmed: tuple[UnconfirmedCity, ...] = ()  # listed somewhere, confirmed nowhere: never counted

    # Derived once per knowledge base (it is immutable), not on every call: a big one holds 100,000 cities.
    @cached_property
    def sister_cities(self) -> tuple[City, ...]:
        """Sister cities in the order the ties were made."""
        sisters = (c for c in self.cities if c.is_sister)
        return tuple(sorted(sisters, key=lambda c: (c.established.year, c.established.date or dt.date.max)))

    @cached_property
    def friendship_cities(self) -> tuple[City, ...]:
        """Friendship (partner) cities in the order the ties were made."""
        return tuple(sorted((c for c in self.cities if not c.is_sister), key=lambda c: c.established.year))

    @cached_property
    def general_topic(self) -> Topic | None:
        """The topic that answers a question about "the program" as a whole, if one is marked `general`."""
        return next((t for t in self.topics if t.general), None)

    @cached_property
    def _by_id(self) -> dict[str, City | Topic]:
        return {**{t.id: t for t in self.topics}, **{c.id: c for c in self.cities}}

    def city(self, entry_id: str) -> City | None:
        """The city with this id, or None."""
        found = self._by_id.get(entry_id)
        return found if isinstance(found, City) else None

    def topic(self, entry_id: str) -> Topic | None:
        """The topic with this id, or None."""
        found = self._by_id.get(entry_id)
        return found if isinstance(found, Topic) else None
