"""What evaluating a query found: plain data that composing turns into a reply's words.

One class per kind of finding. Each holds exactly what was evaluated (the cities selected, the filter that
selected them, the entry picked and why), so the reply can say what it did and nothing more. Findings are never
compared (`eq=False`: generating equality for each of these classes took a few milliseconds of every start).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.gazetteer import Place
from bot.engine.matching import Mention
from bot.engine.query import AsOf, RelationKind
from bot.knowledge.models import City, Fact, Person, Topic, UnconfirmedCity


@dataclass(frozen=True, eq=False)
class Finding:
    """Base of every finding; `score` is how sure the match is (0-100)."""

    score: int = 100


@dataclass(frozen=True, eq=False)
class Greeting(Finding):
    """A greeting with nothing else asked."""


@dataclass(frozen=True, eq=False)
class Thanks(Finding):
    """Thanks with nothing else asked."""


@dataclass(frozen=True, eq=False)
class Help(Finding):
    """How to ask."""


@dataclass(frozen=True, eq=False)
class Fallback(Finding):
    """Nothing the bot knows; `empty` when nothing was asked at all."""

    empty: bool = False


@dataclass(frozen=True, eq=False)
class WholeList(Finding):
    """Every sister city (`count`: the number was asked; `countries`: the countries they are in were asked)."""

    count: bool = False
    countries: bool = False


@dataclass(frozen=True, eq=False)
class FriendshipList(Finding):
    """The friendship (partner) cities."""


@dataclass(frozen=True, eq=False)
class ByContinent(Finding):
    """The sister cities grouped by continent, largest group first."""

    groups: tuple[tuple[str, tuple[City, ...]], ...] = ()


@dataclass(frozen=True, eq=False)
class Selection(Finding):
    """Some sister cities selected by a filter (`where`: " in Asia", " in the 1980s"), or their number."""

    cities: tuple[City, ...] = ()
    where: str = ""
    count: bool = False
    verb: str = "has"  # "has": live ties; "joined": ties made in a window
    disputed: tuple[City, ...] = ()  # ties another source dates into (or out of) the window
    one_year: bool = False  # the window is one year ("the 2015 sister city"): one tie there is shown on its card


@dataclass(frozen=True, eq=False)
class AsOfSelection(Finding):
    """The sister cities Boston had at a point in time, and the disputed ties that change the answer."""

    cities: tuple[City, ...] = ()
    as_of: AsOf | None = None
    count: bool = False
    disputed: tuple[City, ...] = ()  # ties whose date the sources dispute across this point in time
    total: int | None = None  # how many Boston had in all then, when a filter (a continent) narrowed the list
    where: str = ""  # the filter: " in Asia"


@dataclass(frozen=True, eq=False)
class NoneInScope(Finding):
    """No sister city matches the filter; all of them are shown instead."""

    where: str = ""
    rank: int | None = None  # the rank asked for, past the number there are ("the 11th sister city")
    count: int = 0  # how many there are in the scope, when `rank` is past them
    friends: tuple[City, ...] = ()  # friendship cities in the scope, which are no sister cities ("Haifa")


@dataclass(frozen=True, eq=False)
class Pick(Finding):
    """One sister city picked by its place in time: first, newest, second..."""

    city: City | None = None
    rank: int = 1
    latest: bool = False
    where: str = ""
    claimed: City | None = None  # the one the asker heard was ("...? I read it was Praia"), when it is not


@dataclass(frozen=True, eq=False)
class Neighbour(Finding):
    """The sister city just before or after another in time (`city` is None when there is none)."""

    anchor: City | None = None
    city: City | None = None
    later: bool = False
    where: str = ""  # the filter the neighbour was picked within ("in Asia")


@dataclass(frozen=True, eq=False)
class Nearest(Finding):
    """The nearest or furthest sister city from Boston within a filter."""

    city: City | None = None
    furthest: bool = False
    where: str = ""


@dataclass(frozen=True, eq=False)
class Distances(Finding):
    """Sister cities with their distances from Boston, nearest first (`in_range`: a range of distances was asked)."""

    cities: tuple[City, ...] = ()
    where: str = ""
    in_range: bool = False


@dataclass(frozen=True, eq=False)
class HowFar(Finding):
    """How far named cities are from Boston."""

    cities: tuple[City, ...] = ()


@dataclass(frozen=True, eq=False)
class When(Finding):
    """When named cities' ties were made (and how old they are in `year`, when the question names one)."""

    cities: tuple[City, ...] = ()
    year: int | None = None


@dataclass(frozen=True, eq=False)
class Compare(Finding):
    """Several named cities side by side."""

    cities: tuple[City, ...] = ()


@dataclass(frozen=True, eq=False)
class Card(Finding):
    """One city's card, reached by a mention of it (how: name, typo, country, demonym, region...)."""

    city: City | None = None
    how: str = "name"
    country_code: str | None = None
    in_country: tuple[City, ...] = ()  # every sister city in the country named, when a country was named
    status_asked: bool = False  # "is it still active?": say the latest the sources record
    # how="shared-name": the country named, whose name the city's country shares ("Ireland"); how="native-name": the
    # language asked for, if one was ("Chinese")
    elsewhere: str = ""


@dataclass(frozen=True, eq=False)
class FactFound(Finding):
    """A city fact that answers the question."""

    city: City | None = None
    fact: Fact | None = None


@dataclass(frozen=True, eq=False)
class TopicFound(Finding):
    """A program topic that answers the question (`about`: the city the question named in passing)."""

    topic: Topic | None = None
    about: City | None = None
    also: Topic | None = None  # the other of two things offered ("more about peace or about business?")


@dataclass(frozen=True, eq=False)
class WrongCountry(Finding):
    """Our city's name placed in another country: "Barcelona, Venezuela"."""

    city: City | None = None
    elsewhere: str = ""


@dataclass(frozen=True, eq=False)
class CountryInPassing(Finding):
    """A country named in passing ("Japanese food"): our city there is offered, not answered."""

    city: City | None = None


@dataclass(frozen=True, eq=False)
class NotSister(Finding):
    """A real place that is not one of Boston's sister cities."""

    mention: Mention | None = None
    place: Place | None = None
    nearby: tuple[City, ...] = ()  # our cities in the same or a neighbouring country
    suggestions: tuple[City, ...] = ()
    topics: tuple[Topic, ...] = ()
    near_to: City | None = None  # the question placed it near one of ours ("Kobe, near Kyoto")
    ranked: tuple[str, City] | None = None  # "was Tokyo our first sister city?": ("first", Kyoto)


@dataclass(frozen=True, eq=False)
class Unconfirmed(Finding):
    """A city some source lists as a sister city that nothing confirms (Beira)."""

    city: UnconfirmedCity | None = None
    own_ties: bool = False  # the city's own partners are asked for ("Beira's twin cities"), not its tie with Boston


@dataclass(frozen=True, eq=False)
class PeopleFound(Finding):
    """People our knowledge names, with their cities: who signed what, who visited."""

    people: tuple[tuple[Person, City], ...] = ()
    signed_only: bool = False  # the question asked which agreements they signed
    signers_unknown: City | None = None  # asked who signed this tie: the sources do not say; these are who they name


@dataclass(frozen=True, eq=False)
class AssociationAsked(Finding):
    """A named city's sister-city association was asked about: its name and address, or that no source names one
    (or its web address, when that was asked and is not known)."""

    city: City | None = None
    web_asked: bool = False


@dataclass(frozen=True, eq=False)
class UndatedEvent(Finding):
    """A point in time set by an event no entry dates ("by the time the Big Dig finished")."""


@dataclass(frozen=True, eq=False)
class Missing(Finding):
    """A kind of fact the knowledge does not hold; the closest entry is offered."""

    what: str = ""
    city: City | None = None
    topic: Topic | None = None
    known: str = ""  # what the sources do say, when it falls short of the answer ("the mayor hoped to build...")


@dataclass(frozen=True, eq=False)
class Task(Finding):
    """A task the bot cannot do, about one of our cities or a place."""

    what: str = ""
    city: City | None = None


@dataclass(frozen=True, eq=False)
class OtherProgram(Finding):
    """Another place's own partner cities: not Boston's to list."""

    place: str = ""
    city: City | None = None
    not_ours: bool = False  # the place is a real town that is not one of Boston's sister or friendship cities


@dataclass(frozen=True, eq=False)
class Unsure(Finding):
    """Not sure what was meant: likely cities and topics offered."""

    cities: tuple[City, ...] = ()
    topics: tuple[Topic, ...] = ()


@dataclass(frozen=True, eq=False)
class Related(Finding):
    """Entries related to a named city: the ties before or after it, others in its country or on its continent."""

    anchor: City | None = None
    kind: RelationKind = RelationKind.EXCEPT
    cities: tuple[City, ...] = ()
    count: bool = False
    also: tuple[City, ...] = ()  # more of ours set aside with the anchor
    where: str = ""  # the filter the ties before or after it were picked within (" in Europe")


@dataclass(frozen=True, eq=False)
class NearAnchor(Finding):
    """Our other sister cities nearest to one of ours, with their distances from it in km."""

    anchor: City | None = None
    cities: tuple[tuple[City, float], ...] = ()


@dataclass(frozen=True, eq=False)
class NoTieInWindow(Finding):
    """No tie was made in the years asked about; what Boston had by then is said instead."""

    where: str = ""
    year: int = 0
    had: tuple[City, ...] = ()
    # friendship ties made in those years ("2007": Valladolid), which are no sister cities
    friends: tuple[City, ...] = ()


@dataclass(frozen=True, eq=False)
class AsOfCheck(Finding):
    """Whether a named city was already a sister city at a point in time."""

    city: City | None = None
    as_of: AsOf | None = None


@dataclass(frozen=True, eq=False)
class Extreme(Finding):
    """The sister city furthest in one direction (north, south, east, west)."""

    city: City | None = None
    direction: str = "north"


@dataclass(frozen=True, eq=False)
class YearInReview(Finding):
    """What the knowledge dates to one year ("anything from 1996?", "what happened in 2019?"): the ties made that
    year and the facts that name it."""

    year: int = 0
    ties: tuple[City, ...] = ()
    facts: tuple[tuple[City, Fact], ...] = ()
