"""The answer engine: `answer(question, kb) -> Answer`. Pure: no Slack types, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from bot.engine.answers import Answer, AnswerKind, CityRow
from bot.engine.gazetteer import Gazetteer, shared_gazetteer
from bot.engine.geo import BOSTON, describe_distance, distance_km
from bot.engine.intents import FRAME_WORDS, VOCABULARY, Intents, read_intents
from bot.engine.matching import (
    ANSWER_SCORE,
    FactMatcher,
    Mention,
    PlaceFinder,
    Places,
    Scored,
    SpellingFixer,
    TopicMatcher,
    knowledge_words,
)
from bot.engine.question import Question, parse_question
from bot.knowledge.models import City, KnowledgeBase, Topic
from bot.knowledge.normalize import fold

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
# A city fact is answered when it explains this share of the question.
FACT_ANSWER_SCORE = 70.0

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


def _answers(ranked: list[tuple[Topic, Scored]]) -> bool:
    """True when the best-ranked topic is strong enough to answer: anchored, weighty, explaining half the question.

    (A lower bar for a topic far ahead of the runner-up was tried: it answered "which sister cities joined in the
    1990s" with how to join, and "how do I apply for a job with the City" with the economic objective.)"""
    if not ranked:
        return False
    scored = ranked[0][1]
    return scored.anchored and scored.weight >= TOPIC_MIN_WEIGHT and scored.score >= TOPIC_ANSWER_SCORE


def _unexplained(content: list[str]) -> list[str]:
    """Content words that no intent accounts for ("pizza" in "best pizza near me"); chat shorthand ("r", "w")
    is not counted."""
    return [w for w in content if w not in VOCABULARY and len(w) > 2]


_BEFORE = frozenset({"before", "previous", "preceding", "prior"})
_AFTER = frozenset({"after", "next", "following"})


def _relative_to(q: Question, places: Places) -> tuple[City, bool] | None:
    """(city, later) for "the one before Praia" / "after Kyoto": a relative word just before a named city."""
    ours = places.ours
    if len(ours) != 1 or not ours[0].is_sister:
        return None
    mention = next(m for m in places.mentions if m.city is ours[0])
    for i in range(max(0, mention.start - 2), mention.start):
        if q.words[i] in _BEFORE | _AFTER:
            return ours[0], q.words[i] in _AFTER
    return None


def _ordinal(n: int) -> str:
    return {2: "second", 3: "third"}.get(n, f"{n}th")


def _km(city: City) -> float:
    return distance_km(BOSTON, city.position)


def _in_hemisphere(city: City, side: str) -> bool:
    lat, lon = city.position
    return {"north": lat >= 0, "south": lat < 0, "east": lon >= 0, "west": lon < 0}[side]


def _kind_word(city: City) -> str:
    return "sister city" if city.is_sister else "friendship city"


@dataclass(frozen=True)
class Engine:
    """The knowledge base with its matchers, built once."""

    kb: KnowledgeBase
    places: PlaceFinder
    topics: TopicMatcher
    facts: FactMatcher
    spelling: SpellingFixer

    @classmethod
    def build(cls, kb: KnowledgeBase, gazetteer: Gazetteer | None = None) -> Engine:
        """Index the knowledge base for answering."""
        topics = TopicMatcher(kb.topics)
        vocabulary = VOCABULARY | topics.vocabulary
        return cls(
            kb=kb,
            places=PlaceFinder(kb, gazetteer or shared_gazetteer(), knowledge_words(kb), VOCABULARY),
            topics=topics,
            facts=FactMatcher(kb),
            spelling=SpellingFixer(vocabulary),
        )

    def answer_entry(self, entry_id: str, question: str = "") -> Answer:
        """The card of one city or topic by id (a button's value); a polite fallback for an unknown id."""
        if (city := self.kb.city(entry_id)) is not None:
            return Answer(question or city.name, AnswerKind.CITY, lead=city.summary, city=city)
        if (topic := self.kb.topic(entry_id)) is not None:
            return self._topic(question or topic.title, topic, 100.0)
        return Answer(
            question or entry_id,
            AnswerKind.FALLBACK,
            lead="Sorry, I don't have that entry any more. Here is what I can tell you about:",
            notes=(f"Boston's sister cities are {self._names_list()}.",),
            examples=EXAMPLES[:4],
            score=0,
        )

    def answer(self, question: str) -> Answer:
        """Answer one question."""
        q = parse_question(question)
        places = self.places.find(q, self.spelling.vocabulary)
        if not q.words and not places.mentions:
            return self._fallback(question, empty=not q.clean)
        fixed = tuple(w if i in places.covered else self.spelling.fix(w) for i, w in enumerate(q.words))
        q = Question(q.raw, q.clean, q.surface, fixed)
        skip = places.covered
        rest = [w for i, w in enumerate(q.words) if i not in skip]
        intents = read_intents(rest)
        content = [w for w in q.content_words(skip) if w not in FRAME_WORDS]
        for decide in (
            self._social,
            self._whole_list,
            self._distance,
            self._time,
            self._continent,
            self._named,
            self._knowledge,
        ):
            if (found := decide(q, places, intents, content)) is not None:
                return found
        return self._unsure(q, places)

    def _social(self, q: Question, places: Places, intents: Intents, content: list[str]) -> Answer | None:
        if places.mentions or content:
            return None
        if intents.listing or intents.count or intents.ranking or intents.continents or intents.years:
            return None
        if intents.help:
            return self._help(q.raw)
        if intents.greeting:
            return Answer(
                q.raw,
                AnswerKind.GREETING,
                lead="Hello! I answer questions about Boston's Sister City program: its sister cities, "
                "their history, and how the program works.",
                examples=EXAMPLES,
            )
        if intents.thanks:
            return Answer(
                q.raw,
                AnswerKind.THANKS,
                lead="You're welcome! Ask me anything else about Boston's sister cities.",
            )
        return None

    def _whole_list(self, q: Question, places: Places, intents: Intents, content: list[str]) -> Answer | None:
        """The whole list, asked for outright: "the complete list, not just the first few", "don't just give me
        Kyoto, I want all of them" (content already leaves out the words of named places)."""
        narrowed = intents.continents or intents.years or intents.hemisphere or intents.distance_range
        if not intents.whole_list or narrowed or places.foreign or len(places.ours) > 1:
            return None
        extra = _unexplained(content)
        if len(extra) > 1 or (extra and self._strong_topic(q, places)):
            return None
        return self._list(q.raw, intents.count)

    def _help(self, question: str) -> Answer:
        return Answer(
            question,
            AnswerKind.HELP,
            lead="Ask me about Boston's Sister City program. Mention me in a channel, send me a direct "
            "message, or use /sistercity followed by a question or a city name. Typos and other spellings are fine.",
            examples=EXAMPLES,
        )

    def _rows(self, cities: list[City] | tuple[City, ...], detail: str = "year") -> tuple[CityRow, ...]:
        rows = []
        for city in cities:
            place = f"{city.country} · since {city.since}"
            if detail == "distance":
                place = f"{city.country} · {describe_distance(_km(city))}"
            rows.append(CityRow(city, place))
        return tuple(rows)

    def _scope(self, intents: Intents) -> tuple[list[City], str]:
        cities = list(self.kb.sister_cities)
        where = ""
        if intents.continents:
            cities = [c for c in cities if c.continent in intents.continents]
            where = " in " + " and ".join(c.value for c in intents.continents)
        if intents.hemisphere is not None:
            cities = [c for c in cities if _in_hemisphere(c, intents.hemisphere)]
            where += f" in the {intents.hemisphere}ern hemisphere"
        if intents.years is not None:
            cities = [c for c in cities if c.established.year in intents.years]
            where += f" {intents.years.label}"
        return cities, where

    def _distance(self, q: Question, places: Places, intents: Intents, content: list[str]) -> Answer | None:
        if not (intents.distance or intents.nearest or intents.furthest or intents.distance_range):
            return None
        ours = places.ours
        if ours:
            lines = [f"{c.name} is about {describe_distance(_km(c))} from Boston, as the crow flies." for c in ours]
            return Answer(
                q.raw,
                AnswerKind.CITY if len(ours) == 1 else AnswerKind.COMPARE,
                lead=" ".join(lines),
                city=ours[0] if len(ours) == 1 else None,
                rows=self._rows(ours, "distance") if len(ours) > 1 else (),
            )
        if places.foreign or not (intents.sister_term or intents.continents or not _unexplained(content)):
            return None
        if self._defers_to_knowledge(q, places, content):
            return None
        cities, where = self._scope(intents)
        ranked = sorted(cities, key=_km)
        if (span := intents.distance_range) is not None:
            ranked = [c for c in ranked if span.low_km <= _km(c) <= span.high_km]
            where += f" {span.label}"
            if ranked and not (intents.nearest or intents.furthest):
                lead = "{count} {noun}{where}, nearest first: {names}."
                return replace(self._selection(q, ranked, lead, where), rows=self._rows(ranked, "distance"))
        if not ranked:
            return self._none_in_scope(q, where)
        if intents.furthest:
            pick, word = ranked[-1], "furthest from"
        elif intents.nearest:
            pick, word = ranked[0], "closest to"
        else:
            return Answer(
                q.raw,
                AnswerKind.LIST,
                lead=f"How far Boston's sister cities{where} are from Boston, nearest first:",
                rows=self._rows(ranked, "distance"),
            )
        return Answer(
            q.raw,
            AnswerKind.CITY,
            lead=f"{pick.name}, {pick.country}, is the sister city{where} {word} Boston: "
            f"about {describe_distance(_km(pick))} as the crow flies.",
            city=pick,
        )

    def _none_in_scope(self, q: Question, where: str) -> Answer:
        return Answer(
            q.raw,
            AnswerKind.LIST,
            lead=f"Boston has no sister cities{where}.",
            rows=self._rows(self.kb.sister_cities),
            notes=("Here are all of them:",),
        )

    def _time(self, q: Question, places: Places, intents: Intents, content: list[str]) -> Answer | None:
        ours = places.ours
        asks_when = intents.when or (intents.years is None and bool(set(q.words) & {"since", "established"}))
        if ours and asks_when:
            lines = []
            for city in ours:
                tie = city.established
                line = f"{city.name} became Boston's {_kind_word(city)} in {tie.year}"
                line += f" (on {city.since})." if tie.date else "."
                lines.append(line)
            return Answer(
                q.raw,
                AnswerKind.CITY if len(ours) == 1 else AnswerKind.COMPARE,
                lead=" ".join(lines),
                city=ours[0] if len(ours) == 1 else None,
                rows=self._rows(ours) if len(ours) > 1 else (),
            )
        relative = _relative_to(q, places)
        if relative is not None and intents.years is None:
            return self._neighbour(q, relative[0], later=relative[1])
        if ours or places.foreign:
            return None
        if not (intents.earliest or intents.latest or intents.years or intents.ordinal):
            return None
        if intents.years is None and not (intents.sister_term or intents.continents or not _unexplained(content)):
            return None
        if self._defers_to_knowledge(q, places, content):
            return None
        cities, where = self._scope(intents)
        if not cities:
            return self._none_in_scope(q, where)
        if intents.earliest or intents.latest or intents.ordinal:
            rank = intents.ordinal or 1
            if rank > len(cities):
                return self._none_in_scope(q, f"{where} (only {len(cities)})")
            pick = cities[-rank] if intents.latest else cities[rank - 1]
            word = (
                ("newest" if intents.latest else "first")
                if rank == 1
                else (f"{_ordinal(rank)}{' newest' if intents.latest else ''}")
            )
            return Answer(
                q.raw,
                AnswerKind.CITY,
                lead=f"{pick.name}, {pick.country}, is Boston's {word} sister city{where}: "
                f"the tie dates from {pick.since}.",
                city=pick,
            )
        return self._selection(q, cities, "{count} {noun} joined Boston{where}: {names}.", where)

    def _neighbour(self, q: Question, city: City, later: bool) -> Answer:
        """The sister city that came just before or after this one."""
        order = list(self.kb.sister_cities)
        i = order.index(city) + (1 if later else -1)
        word = "after" if later else "before"
        if not 0 <= i < len(order):
            superlative = "newest" if later else "first"
            lead = f"{city.name} ({city.since}) is Boston's {superlative} sister city: none came {word} it."
            return Answer(q.raw, AnswerKind.CITY, lead=lead, city=city)
        pick = order[i]
        lead = f"{pick.name} ({pick.since}) is the sister city that came just {word} {city.name} ({city.since})."
        return Answer(q.raw, AnswerKind.CITY, lead=lead, city=pick)

    def _continent(self, q: Question, places: Places, intents: Intents, content: list[str]) -> Answer | None:
        if intents.by_continent and not intents.continent_words and not places.mentions:
            return self._by_continent(q)
        if (not intents.continent_words and intents.hemisphere is None) or places.ours:
            return None
        cities, where = self._scope(intents)
        if not cities or (intents.continent_words and not intents.continents):
            where = where or " in " + " and ".join(w.title() for w in intents.continent_words)
            return self._none_in_scope(q, where)
        return self._selection(q, cities, "Boston has {count} {noun}{where}: {names}.", where)

    def _selection(self, q: Question, cities: list[City], lead: str, where: str) -> Answer:
        """Some of the sister cities as a list, led by a sentence naming them."""
        noun = "sister city" if len(cities) == 1 else "sister cities"
        names = ", ".join(c.name for c in cities)
        return Answer(
            q.raw,
            AnswerKind.LIST,
            lead=lead.format(count=len(cities), noun=noun, where=where, names=names),
            rows=self._rows(cities),
        )

    def _by_continent(self, q: Question) -> Answer:
        groups: dict[str, list[City]] = {}
        for city in self.kb.sister_cities:
            groups.setdefault(city.continent.value, []).append(city)
        ranked = sorted(groups.items(), key=lambda g: -len(g[1]))
        parts = [f"{name} {len(cities)} ({', '.join(c.name for c in cities)})" for name, cities in ranked]
        return Answer(
            q.raw,
            AnswerKind.LIST,
            lead=f"Boston's sister cities by continent: {'; '.join(parts)}. {ranked[0][0]} has the most.",
            rows=self._rows([c for _, cities in ranked for c in cities]),
        )

    def _named(self, q: Question, places: Places, intents: Intents, content: list[str]) -> Answer | None:
        ours = places.ours
        if len(ours) > 1:
            return Answer(
                q.raw,
                AnswerKind.COMPARE,
                lead="Here they are side by side: "
                + "; ".join(f"{c.name} ({c.country}), {_kind_word(c)} since {c.established.year}" for c in ours)
                + ".",
                rows=self._rows(ours),
            )
        if len(ours) == 1:
            city = ours[0]
            mention = next(m for m in places.mentions if m.city is city)
            elsewhere = next((m.place for m in places.foreign if m.place and m.place.is_country), None)
            neighbours = self.places.gazetteer.borders.get(city.country_code, frozenset())
            if (
                mention.how in ("name", "typo")
                and elsewhere
                and elsewhere.country_code != city.country_code
                and elsewhere.country_code not in neighbours  # "Belfast, Ireland", "Strasbourg, Germany"
            ):
                # "Barcelona, Venezuela", "Melbourne, Florida": another place of the same name.
                return Answer(
                    q.raw,
                    AnswerKind.NOT_SISTER,
                    lead=f"Boston's sister city {city.name} is in {city.country}, not in {elsewhere.name}.",
                    suggestions=(city,),
                    score=round(mention.score),
                )
            found = self.facts.best(q, places.covered)
            if found and found[0] is city and found[2].score >= FACT_ANSWER_SCORE:
                return Answer(q.raw, AnswerKind.CITY, lead=found[1].text, city=city, fact=found[1])
            topic = self._strong_topic(q, places)
            extra = _unexplained(content)
            if (
                mention.how in ("name", "typo")
                and topic is not None
                and topic[1].score >= TOPIC_OVER_CARD_SCORE
                and extra
                and self.facts.explains(city, content) < 0.5
            ):
                # "Can anyone join the Boston-Kyoto association?": the question is about joining, not Kyoto.
                return self._topic(q.raw, topic[0], topic[1].score, about=city)
            if mention.how in ("country", "demonym", "region") and content and not intents.sister_term:
                # "capital of France", "Japanese food": a country named in passing is not a city question.
                return Answer(
                    q.raw,
                    AnswerKind.SUGGEST,
                    lead=f"I'm not sure what you're asking. Boston's sister city in {city.country} is "
                    f"{city.name}; is that what you're looking for?",
                    suggestions=(city,),
                    score=round(ANSWER_SCORE - 1),
                )
            return Answer(
                q.raw,
                AnswerKind.CITY,
                lead=self._city_lead(city, mention),
                city=city,
                score=round(mention.score),
            )
        if places.foreign:
            return self._not_sister(q, places.foreign[0])
        return None

    def _city_lead(self, city: City, mention: Mention) -> str:
        if not city.is_sister and mention.how in ("country", "demonym"):
            return (
                f"Boston has no sister city in {city.country}. {city.name} is a friendship (partner) city "
                f"there, with ties since {city.established.year}; it is not a sister city."
            )
        if not city.is_sister:
            return (
                f"{city.name} is not one of Boston's sister cities: it is a friendship (partner) city, "
                f"with ties since {city.established.year}."
            )
        if mention.how in ("country", "demonym", "region") and mention.country_code:
            ours = self.places.sister_cities_in(mention.country_code)
            if len(ours) > 1:
                names = " and ".join(c.name for c in ours)
                return f"Boston has {len(ours)} sister cities in {city.country}: {names}."
            return f"Boston's sister city in {city.country} is {city.name}, since {city.since}."
        return f"{city.name} has been Boston's sister city since {city.since}."

    def _not_sister(self, q: Question, mention: Mention) -> Answer:
        place = mention.place
        assert place is not None
        if place.is_country:
            lead = f"Boston has no sister city in {place.name}."
            nearby = [
                c
                for code in sorted(self.places.gazetteer.borders.get(place.country_code, ()))
                for c in self.places.sister_cities_in(code)
            ]
            notes = (f"Nearby: {', '.join(f'{c.name} ({c.country})' for c in nearby)}.",) if nearby else ()
        else:
            same = place.name.casefold() == mention.surface.casefold()
            typed = mention.surface if mention.surface != mention.surface.lower() else mention.surface.title()
            where = f"{place.name}, {place.country}" if same else f"{typed} ({place.name}, {place.country})"
            lead = f"{where} is not one of Boston's sister cities."
            nearby = list(self.places.sister_cities_in(place.country_code))
            names = " and ".join(c.name for c in nearby)
            notes = (f"Boston's sister city in {place.country}: {names}.",) if nearby else ()
        typo = tuple(s.city for s in self.places.suggest_for(" ".join(q.words[mention.start : mention.end])))
        # A place our own knowledge talks about ("Beira") gets that topic as a choice.
        span = set(q.words[mention.start : mention.end])
        topics = tuple(t for t in self.kb.topics if span & {w for k in t.keywords for w in fold(k).split()})
        return Answer(
            q.raw,
            AnswerKind.NOT_SISTER,
            lead=lead,
            notes=(*notes, f"Boston's sister cities are {self._names_list()}."),
            suggestions=tuple(dict.fromkeys((*nearby, *typo)))[:3],
            topic_suggestions=topics[:2],
            score=round(mention.score),
        )

    def _names_list(self) -> str:
        names = [c.name for c in self.kb.sister_cities]
        return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)

    def _knowledge(self, q: Question, places: Places, intents: Intents, content: list[str]) -> Answer | None:
        ranked = self.topics.rank(q, places.covered)
        best = ranked[0] if ranked else None
        strong = _answers(ranked)
        # A long message that mentions a sister (or "all") in passing is not a request for the list.
        noisy = len(_unexplained(content)) > max(NOISE_WORDS, 0.6 * len(content))
        if intents.whole_list and not noisy and not (strong and _unexplained(content)):
            return self._list(q.raw, intents.count)
        fact = self.facts.best(q, places.covered)
        fact_fits = fact is not None and fact[2].anchored and fact[2].score >= FACT_ANSWER_SCORE
        if fact is not None and fact_fits and (best is None or not strong or fact[2].weight > best[1].weight):
            return Answer(
                q.raw,
                AnswerKind.CITY,
                lead=fact[1].text,
                city=fact[0],
                fact=fact[1],
                score=round(fact[2].score),
            )
        about_program = bool(set(q.words) & {"program", "programme", "programs"})
        if intents.count and intents.sister_term and not noisy:
            return self._list(q.raw, count=True)
        if intents.friendship_list and not [w for w in content if w not in {"friendship", "friendships"}]:
            return self._friendship_list(q.raw)
        listing = not noisy and (
            intents.listing or intents.count or (intents.sister_term and not content and not about_program)
        )
        if listing and not intents.list_word and not intents.count and len(_unexplained(content)) > 1:
            # "what makes two places sister cities?": more is asked than the list; a topic that fits some of
            # it answers, else the bot says it is unsure rather than list the cities.
            if best is not None and best[1].anchored and best[1].score >= TOPIC_SUGGEST_SCORE:
                return self._topic(q.raw, best[0], best[1].score)
            return None
        if strong and best is not None and (best[1].phrase or content or not listing):
            return self._topic(q.raw, best[0], best[1].score)
        if listing:
            return self._list(q.raw, intents.count)
        if intents.help and not content:
            return self._help(q.raw)
        general = next((t for t in self.kb.topics if t.general), None)
        if general is not None and not _unexplained(content) and about_program:
            return self._topic(q.raw, general, 100.0)
        return None

    def _strong_topic(self, q: Question, places: Places) -> tuple[Topic, Scored] | None:
        """The best topic if it is strong enough to answer the question (see TOPIC_ANSWER_SCORE)."""
        ranked = self.topics.rank(q, places.covered)
        if not ranked:
            return None
        return ranked[0] if _answers(ranked) else None

    def _defers_to_knowledge(self, q: Question, places: Places, content: list[str]) -> bool:
        """True when words no intent explains are a topic's or a city fact's ("first week here, how do I join")."""
        if not _unexplained(content):
            return False
        fact = self.facts.best(q, places.covered)
        fact_fits = fact is not None and fact[2].anchored and fact[2].score >= FACT_ANSWER_SCORE
        return fact_fits or self._strong_topic(q, places) is not None

    def _topic(self, question: str, topic: Topic, score: float, about: City | None = None) -> Answer:
        notes: tuple[str, ...] = ()
        if about is not None and about.association is not None:
            notes = (f"{about.name}: {about.association.name}.",)
        if topic.show_sister_cities:
            notes = (
                f"Today Boston has {len(self.kb.sister_cities)} sister cities: "
                + ", ".join(f"{c.name} ({c.established.year})" for c in self.kb.sister_cities)
                + ".",
            )
        return Answer(
            question,
            AnswerKind.TOPIC,
            lead=topic.answer,
            topic=topic,
            score=round(score),
            notes=notes,
            suggestions=(about,) if about is not None else (),
        )

    def _list(self, question: str, count: bool) -> Answer:
        sisters = self.kb.sister_cities
        friends = self.kb.friendship_cities
        lead = f"Boston has {len(sisters)} sister cities: {self._names_list()}."
        notes: tuple[str, ...] = ()
        if friends:
            notes = (
                "Boston also has friendship (partner) cities, which are not sister cities: "
                + ", ".join(f"{c.name} ({c.established.year})" for c in friends)
                + ".",
            )
        return Answer(
            question,
            AnswerKind.LIST,
            lead=lead,
            rows=self._rows(sisters),
            notes=notes,
        )

    def _friendship_list(self, question: str) -> Answer:
        friends = self.kb.friendship_cities
        names = ", ".join(f"{c.name} ({c.country}, {c.established.year})" for c in friends)
        return Answer(
            question,
            AnswerKind.LIST,
            lead=f"Boston has {len(friends)} friendship (partner) cities, which are not sister cities: {names}.",
            rows=self._rows(friends),
            notes=(f"Boston's sister cities are {self._names_list()}.",),
        )

    def _unsure(self, q: Question, places: Places) -> Answer:
        ranked = self.topics.rank(q, places.covered)
        topics = tuple(t for t, s in ranked[:3] if s.score >= TOPIC_SUGGEST_SCORE and s.weight >= TOPIC_MIN_WEIGHT)
        cities = tuple(s.city for s in places.suggestions)
        if cities or topics:
            best = max([s.score for s in places.suggestions] + [s.score for _, s in ranked[:1]])
            return Answer(
                q.raw,
                AnswerKind.SUGGEST,
                lead=f"I'm not sure what you meant by \u201c{q.clean}\u201d. Did you mean one of these?",
                suggestions=cities[:3],
                topic_suggestions=topics[: max(0, 3 - len(cities))],
                score=round(min(best, ANSWER_SCORE - 1)),
            )
        return self._fallback(q.raw)

    def _fallback(self, question: str, empty: bool = False) -> Answer:
        lead = (
            "Ask me a question about Boston's sister cities."
            if empty
            else "Sorry, I can only answer questions about Boston's Sister City program, and that isn't "
            "something I know about."
        )
        return Answer(
            question,
            AnswerKind.FALLBACK,
            lead=lead,
            notes=(
                "I can tell you about each sister city, list them by continent, year or distance, and "
                "explain the program's history, purpose, objectives, funding and how to get involved.",
            ),
            examples=EXAMPLES[:4],
            score=0,
        )


@cache
def _engine(kb: KnowledgeBase) -> Engine:
    return Engine.build(kb)


def answer(question: str, kb: KnowledgeBase) -> Answer:
    """Answer a question from the knowledge base (the index is built once per knowledge base)."""
    return _engine(kb).answer(question)


def answer_entry(entry_id: str, kb: KnowledgeBase) -> Answer:
    """The card of one knowledge entry by id, or a polite fallback when there is no such entry."""
    return _engine(kb).answer_entry(entry_id)
