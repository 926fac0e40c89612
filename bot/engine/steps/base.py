"""What every evaluation step shares: the thresholds, the tests of a topic's or a fact's strength, and the filters
that select sister cities (continents, hemisphere, years, distances)."""

from __future__ import annotations

from collections.abc import Container

from bot.engine.findings import (
    Compare,
    NotSister,
)
from bot.engine.geo import BOSTON, distance_km
from bot.engine.intents import SISTER_TERMS
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import FactMatcher, Mention, PlaceFinder, Scored
from bot.engine.query import Query
from bot.engine.question import stem
from bot.engine.timeline import JOIN_WORDS, something_of_its
from bot.knowledge.models import City, Fact, KnowledgeBase, Topic
from bot.knowledge.normalize import fold, words

# A topic is answered when it explains at least this share (0-100) of the question's content words...
TOPIC_ANSWER_SCORE = 50.0
# ...and its matched words weigh at least this much (rare, specific words weigh more).
TOPIC_MIN_WEIGHT = 0.9
# Below the answer band, a topic this good is offered as a choice.
TOPIC_SUGGEST_SCORE = 30.0
# A topic wins over a named city's card when it explains this much and the card explains little of the rest.
TOPIC_OVER_CARD_SCORE = 75.0
# More unexplained words than this (and most of them) make a message chatter, not a request for the list.
NOISE_WORDS = 6
# A city fact is answered when it explains this share of the question...
FACT_ANSWER_SCORE = 70.0
# ...or this much when the question also names the fact's city ("a japanese house at the children's museum?")...
NAMED_FACT_SCORE = 50.0
# ...or, among the named city's own facts, this much with a keyword or a year matched ("what animal did Kyoto get
# from Boston in 1961?" finds the gifts, "Strasbourg's 60th anniversary art project" the art project).
OWN_FACT_SCORE = 20.0
# A question about a named city with this many words that nothing we know of the city explains ("who's
# headlining the Barcelona music festival") is about something the knowledge does not hold, not the city's card.
UNKNOWN_ABOUT_CITY_WORDS = 2
# Words that ask about a city's status ("is Padua really a sister city?"): its card, with its caveat, answers.
STATUS_WORDS = frozenset(
    """really real actually officially official formally formal status pact still truly genuine legit drop dropped ended
    suspended review reviewed cancelled canceled lapsed active valid friendship yeah right true dormant quiet alive
    inactive defunct technically force lapse lapses suspend suspension suspensions terminated terminate revoked
    severed cut cuts affected affect survive survived renewed renew renewal reaffirmed reaffirm""".split()
)
# Words that ask for a city's card in other words: never evidence that something else is asked.
CARD_WORDS = frozenset(
    """story history background backstory origin origins overview relationship relationships connection connections
    link links tie ties partnership partnerships agreement agreements info facts fact profile summary deal know learn
    more""".split()
)

# The stems of words for a tie and its making ("signed", "joined", "sister city"): a city fact matched on these
# alone says nothing the tie's own date does not.
TIE_STEMS = frozenset(stem(w) for w in JOIN_WORDS | SISTER_TERMS)

# Words that ask about a city's volunteer association, and about its web address.
ASSOCIATION_WORDS = frozenset(
    "association associations society committee organization organizations organisation organisations".split()
)
WEB_WORDS = frozenset("website websites site web url homepage page link".split())
# A city's nickname, asked for ("what's Padua's nickname?") and told ("goes by the nickname 'Twin City'").
NICKNAME_WORDS = frozenset("nickname nicknames nicknamed".split())
_TELLS_NICKNAME = lazy_pattern(r"\bnickname")
# Words that ask who signed (or which agreements someone signed).
SIGN_WORDS = frozenset("sign signed signs signer signers signing signatory signatories".split())
WHO_WORDS = frozenset("who whom whose".split())
# Words that ask who started a tie ("who proposed the Ghana partnership?"): the people the knowledge names for it.
PROPOSE_WORDS = frozenset(
    "proposed propose proposal suggested suggest inspired inspire started start starting initiated initiative began"
    " idea accepted accept agreed involved behind founded launched".split()
)
# Phrases that ask a named tie's age in some year: its date answers, not a count at that time.
AGE_PHRASES = ("how many years", "how long", "how old", "anniversary")
# How many of a named city's nearest others to show.
NEAREST_OTHERS = 3

_BEFORE = frozenset({"before", "previous", "preceding", "prior", "preceded", "precedes"})
_AFTER = frozenset({"after", "next", "following", "followed", "follows", "succeeded"})
# Words of order in time: a tie before or after another.
BEFORE_AFTER = _BEFORE | _AFTER | {"then", "afterwards"}


def km_from_boston(city: City) -> float:
    """Great-circle distance from Boston to the city, in kilometres."""
    return distance_km(BOSTON, city.position)


def other_years(city: City) -> tuple[int, ...]:
    """Other years the sources give for the tie (Barcelona: 1983 besides Boston's 1980)."""
    return tuple(other.year for other in city.established.other_dates)


def in_hemisphere(city: City, side: str) -> bool:
    lat, lon = city.position
    return {"north": lat >= 0, "south": lat < 0, "east": lon >= 0, "west": lon < 0}[side]


def answers(topics: tuple[tuple[Topic, Scored], ...]) -> bool:
    """True when the best-ranked topic is strong enough to answer: anchored, weighty, explaining half the question.

    (A lower bar for a topic far ahead of the runner-up was tried: it answered "which sister cities joined in the
    1990s" with how to join, and "how do I apply for a job with the City" with the economic objective.)"""
    if not topics:
        return False
    scored = topics[0][1]
    return scored.anchored and scored.weight >= TOPIC_MIN_WEIGHT and scored.score >= TOPIC_ANSWER_SCORE


def strong_topic(query: Query) -> tuple[Topic, Scored] | None:
    """The best topic if it is strong enough to answer the question (see TOPIC_ANSWER_SCORE)."""
    return query.topics[0] if answers(query.topics) else None


def fact_fits(query: Query) -> bool:
    """True when the best city fact explains most of the question."""
    fact = query.fact
    return fact is not None and fact[2].anchored and fact[2].score >= FACT_ANSWER_SCORE


def defers_to_knowledge(query: Query) -> bool:
    """True when words no intent explains are a topic's or a city fact's ("first week here, how do I join")."""
    if not query.unexplained:
        return False
    # ...and the topic is what explains them (or names itself: "Sister Cities International"), not a word of its title
    # that the intents read too ("how many ties *existed* before 1996?" is no question of why the program exists)
    strong = strong_topic(query)
    explains = strong is not None and bool({stem(w) for w in query.unexplained} & set(strong[1].matched))
    return fact_fits(query) or (strong is not None and (strong[1].phrase or explains))


# How a question asks for a tie's place in the order ("what number sister city was Melbourne?").
RANK_PHRASES = ("what number", "which number", "what place", "where does", "where did", "rank", "ranked", "nth")


def asks_rank(query: Query) -> bool:
    """True for "Melbourne was Boston's what number sister city?", "where does Taipei rank?"."""
    text = f" {query.question.folded} "
    asks = any(f" {p} " in text for p in RANK_PHRASES)
    return asks and bool(set(query.question.words) & {"number", "rank", "ranked", "place", "order", "nth"})


# A person named in a fact: a title before a capitalised name ("Mayor Takayama", "Lord Mayor Ó Muilleoir").
_TITLED = lazy_pattern(r"\b(?:Mayor|President|Professor|Dr|Sir|Councillor|Councilor|Ambassador|Governor)\.? [A-ZÀ-Þ]")


_CAPITALISED = lazy_pattern(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+")


def asks_who(query: Query) -> bool:
    """True for "who designed...", "the names of the carpenters...": a person is asked for."""
    text = f" {query.question.folded} "
    return bool(set(query.question.words) & WHO_WORDS) or " names of " in text or " name of the " in text


def names_a_person(kb: KnowledgeBase, fact: Fact, asked: frozenset[str] = frozenset()) -> bool:
    """True when the fact names someone: a person our knowledge lists, a titled name, or a capitalised name of two
    words or more ("Marco Polo") that is not a place of ours nor what the question itself names (`asked`: its
    folded words; "who designed Boston Square?" is not answered by "Boston Square")."""
    people = (p.name for city in kb.cities for p in city.people)
    if _TITLED.search(fact.text) or any(name in fact.text for name in people):
        return True
    places = {fold(w) for city in kb.cities for name in city.names for w in name.split()} | {"boston"}
    for name in _CAPITALISED.findall(fact.text):
        said = {fold(w) for w in name.split()}
        if not said & places and not said <= asked:
            return True
    return False


# Nouns after "next" or "last" that say when something happens ("next week"), not which tie came after.
WHEN_NOUNS = frozenset(
    "week weekend weeks month months year years time day days meeting event wk wks wknd mo mos yr yrs".split()
)


def relative_to(query: Query) -> tuple[City, bool] | None:
    """(city, later) for "the one before Praia" / "after Kyoto": a relative word just before a named city."""
    ours = query.ours
    if len(ours) != 1 or not ours[0].is_sister:
        return None
    mention = next(m for m in query.places.mentions if m.city is ours[0])
    words = query.question.words
    if something_of_its(query.question, mention):
        return None  # "after Melbourne's sister city review": something of the city's, not its tie
    for i in range(max(0, mention.start - 2), mention.start):
        if words[i] in _BEFORE | _AFTER and words[i + 1 : i + 2] != ("to",):  # "next to Padua" is space
            return ours[0], words[i] in _AFTER
    # "Kyoto was first - what came next?": the relative word asked after the city ("next to" is space, not time).
    after = words[mention.end :]
    asks = bool(set(after) & {"what", "which", "who"})
    for i, word in enumerate(after):
        follows = after[i + 1 : i + 2]
        if follows and follows[0] in WHEN_NOUNS:
            continue  # "an event next week": when something happens, not the tie after
        if word in _BEFORE | _AFTER | {"then", "afterwards"} and follows != ("to",) and (asks or follows == ("that",)):
            return ours[0], word not in _BEFORE
    return None


class StepBase:
    """The knowledge base and its matchers, and the filters every step shares; each family of steps extends it."""

    kb: KnowledgeBase
    places: PlaceFinder
    facts: FactMatcher

    def scope(self, query: Query, distances: bool = False) -> tuple[list[City], str]:
        """The sister cities the question's continents, hemisphere and years (and, with `distances`, its range of
        distances) select, and how to say the filter."""
        intents = query.intents
        cities = list(self.kb.sister_cities)
        where = ""
        if intents.continents:
            cities = [c for c in cities if c.continent in intents.continents]
            where = " in " + " and ".join(c.value for c in intents.continents)
        if intents.continents_out:
            cities = [c for c in cities if c.continent not in intents.continents_out]
            where += " outside " + " and ".join(c.value for c in intents.continents_out)
        if intents.hemisphere is not None:
            cities = [c for c in cities if in_hemisphere(c, intents.hemisphere)]
            where += f" in the {intents.hemisphere}ern hemisphere"
        if query.years is not None:
            cities = [c for c in cities if c.established.year in query.years]
            where += f" {query.years.label}"
        if distances and (span := intents.distance_range) is not None:
            cities = [c for c in cities if span.low_km <= km_from_boston(c) <= span.high_km]
            where += f" {span.label}"
        return cities, where

    @staticmethod
    def nickname_fact(city: City) -> Fact | None:
        """The city's fact that tells its nickname ("goes by the nickname 'Twin City'"), if the sources give one."""
        return next((f for f in city.highlights if _TELLS_NICKNAME.search(f.text)), None)

    def friends_made(self, years: Container[int]) -> tuple[City, ...]:
        """The friendship ties made in these years ("2007": Valladolid), which are no sister cities."""
        return tuple(c for c in self.kb.friendship_cities if c.established.year in years)

    def side_by_side(self, first: City, second: City) -> Compare:
        """Two ties side by side, in the order they were made (the reply says how many years apart)."""
        order = [*self.kb.sister_cities, *self.kb.friendship_cities]
        return Compare(cities=tuple(sorted((first, second), key=lambda c: order.index(c) if c in order else 0)))

    def own_fact(self, query: Query, city: City) -> tuple[Fact, Scored] | None:
        """The city's fact that best fits the question; words for people ("Japanese", "Cape Verdeans") count only
        as part of a fact's own phrase ("the Japanese House", "Cape Verdeans")."""
        with_people = self.facts.best_for(city, query.question, query.places.names | query.asides)
        if with_people is not None and with_people[1].phrase:
            return with_people
        return self.facts.best_for(city, query.question, query.places.covered | query.asides)

    def fact_of_year(self, query: Query, city: City, year: int) -> Fact | None:
        """The city's fact of that year ("what happened with Praia in 2019?": the trade mission), the one that shares
        most words with the question when several are."""
        dated = [f for f in (*city.highlights, *city.disagreements) if str(year) in f.text]
        asked = set(query.question.words)
        return max(dated, key=lambda f: len(asked & set(words(fold(f.text)))), default=None)

    def not_sister(self, query: Query, mention: Mention, near_to: City | None = None) -> NotSister:
        """A real place that is not ours (bot/engine/steps/places.py)."""
        raise NotImplementedError
