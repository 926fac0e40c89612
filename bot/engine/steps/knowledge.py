"""Chatter and the program's knowledge: greetings and help, the whole list, topics, city facts and counts, and "did you
mean"."""

from __future__ import annotations

from bot.engine.chatter import WH
from bot.engine.findings import (
    FactFound,
    Fallback,
    Finding,
    FriendshipList,
    Greeting,
    Help,
    Selection,
    Thanks,
    TopicFound,
    Unsure,
    WholeList,
)
from bot.engine.intents import NUMBER_WORDS, cities_in_a_name, names_program
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import ANSWER_SCORE, HOME, Scored
from bot.engine.query import Query
from bot.engine.question import stem
from bot.engine.steps.base import (
    ASSOCIATION_WORDS,
    NICKNAME_WORDS,
    NOISE_WORDS,
    STATUS_WORDS,
    TOPIC_MIN_WEIGHT,
    TOPIC_SUGGEST_SCORE,
    StepBase,
    answers,
    asks_rank,
    fact_fits,
    strong_topic,
)
from bot.knowledge.models import Topic
from bot.knowledge.normalize import fold
from bot.knowledge.normalize import words as words_of

# The stems of Boston's neighbourhoods' names ("jamaica", "plain").
_HOME_STEMS = frozenset(stem(w) for name in HOME for w in name.split())


def _only_home(query: Query, scored: Scored) -> bool:
    """True when a fact matched only the name of a Boston neighbourhood and more is asked ("when's trash day in
    Jamaica Plain?" is no question about the tea house there)."""
    return set(scored.matched) <= _HOME_STEMS and len(query.unexplained) > 1


# A fact found by a keyword phrase (a name) answers on this much of the question when no topic does, if asked.
NAMED_FACT_MIN = 55.0
# "which kinds of ties", "what sorts of exchanges": a classification a topic gives, not a list of cities.
KIND_WORDS = frozenset("kind kinds type types sort sorts areas".split())
# Whether some places could be sister cities at all ("can two cities in the same country be sister cities?"): what
# a sister city is, not the list of ours.
_CAN_BE = lazy_pattern(
    r"^(?:can|could|may|are) (?!you |u |i |we )(?:\w+ ){1,8}(?:be|become) (?:sister|twin) (?:cities|towns)\b"
)
# Words around "friendship cities" that ask for nothing else ("besides the sister cities, any friendship cities?").
# Words that say which associations are meant ("an active friendship association"), not what is asked of them.
_GROUP_KINDS = frozenset("active friendship own named local dedicated official formal volunteer support".split())
FRIENDSHIP_FRAME = frozenset(
    """friendship friendships besides except excluding other apart aside also ones one full actual real proper linked
    official rather instead""".split()
)


def _alternative(query: Query, best: tuple[Topic, Scored]) -> Topic | None:
    """The topic of the second of two things a question offers, when the best topic is about the first only: "is the
    program more about world peace or about business?" (the purpose, and the economic objective)."""
    words = query.question.words
    if "or" not in words:
        return None
    at = len(words) - 1 - words[::-1].index("or")
    offered = {stem(w) for w in words[at + 1 :]}
    if set(best[1].matched) & offered:
        return None  # the best topic speaks to the second thing too
    return next(
        (
            topic
            for topic, scored in query.topics[1:4]
            if topic is not best[0] and scored.anchored and (set(scored.matched) - set(best[1].matched)) & offered
        ),
        None,
    )


def _fact_outweighs(fact: Scored, topic: Scored) -> bool:
    """True when a city fact fits better than the best program topic: it weighs more and explains a word the topic
    does not ("what do the two paired cities exchange?" is the exchanges topic, not a Belfast exchange)."""
    return fact.weight > topic.weight and not set(fact.matched) <= set(topic.matched)


def _asks_countries(query: Query) -> bool:
    """True for "which countries are our sister cities in?" (no country named: that is a filter)."""
    words = set(query.question.words)
    return bool(words & {"countries", "nations"}) and not query.places.mentions


class KnowledgeSteps(StepBase):
    """Chatter and the program's knowledge."""

    def social(self, query: Query) -> Finding | None:
        """A greeting, thanks or a request for help, with nothing else asked."""
        intents = query.intents
        if query.places.mentions or query.content:
            return None
        if intents.listing or intents.count or intents.ranking or intents.continents or intents.continents_out:
            return None
        if query.years:
            return None
        if intents.help:
            return Help()
        if intents.greeting:
            return Greeting()
        if intents.thanks:
            return Thanks()
        return None

    def whole_list(self, query: Query) -> Finding | None:
        """The whole list, asked for outright: "the complete list, not just the first few", "don't just give me
        Kyoto, I want all of them" (content already leaves out the words of named places)."""
        intents = query.intents
        narrowed = (
            intents.continents
            or intents.continents_out
            or query.years
            or query.as_of
            or query.undated_event
            or query.relation
            or intents.hemisphere
            or intents.distance_range
        )
        if not intents.whole_list or narrowed or query.foreign or len(query.ours) > 1 or asks_rank(query):
            return None
        if query.ours and set(query.question.words) & STATUS_WORDS:
            return None  # "Melbourne was reviewing all its sister cities, is Boston still on it?": Melbourne's status
        if query.ours and ("why" in query.question.words or not query.ours[0].is_sister):
            return None  # "why isn't Valladolid on the sister city list?": the named city's status answers
        if query.ours and {"country", "where"} & set(query.question.words):
            return None  # "on the sister city list, what country is Belfast under?": where the named city is
        extra = query.unexplained
        if len(extra) > 1 or (extra and strong_topic(query)):
            return None
        return WholeList(count=intents.count, countries=_asks_countries(query))

    def _nicknamed(self, query: Query) -> Finding | None:
        """The one sister city whose nickname the sources give, asked which of ours has one ("which sister city is
        nicknamed the Twin City?"), when the words of the nickname asked (if any) are in its fact."""
        words = set(query.question.words)
        if not words & NICKNAME_WORDS or not ("which" in words or query.intents.sister_term) or query.places.mentions:
            return None
        said = {w for w in query.content if w not in NICKNAME_WORDS}
        told = ((city, self.nickname_fact(city)) for city in self.kb.sister_cities)
        found = [(city, fact) for city, fact in told if fact is not None and said <= set(words_of(fold(fact.text)))]
        return FactFound(city=found[0][0], fact=found[0][1], score=100) if len(found) == 1 else None

    def knowledge(self, query: Query) -> Finding | None:
        """A program topic or a city fact, the list or its count, the friendship cities."""
        intents = query.intents
        content = query.content
        best = query.topics[0] if query.topics else None
        strong = answers(query.topics)
        unexplained = query.unexplained
        # A long message that mentions a sister (or "all") in passing is not a request for the list.
        noisy = len(unexplained) > max(NOISE_WORDS, 0.6 * len(content))
        if (nicknamed := self._nicknamed(query)) is not None:
            return nicknamed
        general = self.kb.general_topic
        if general is not None and not unexplained and names_program(query.question.clean):
            return TopicFound(topic=general)  # "what is Boston Sister Cities?": the program, by its name
        if intents.whole_list and not noisy and not (strong and unexplained):
            return WholeList(count=intents.count, countries=_asks_countries(query))
        words = set(query.question.words)
        asks_association = bool(set(query.content) & ASSOCIATION_WORDS)
        named_topic = strong and best is not None and best[1].phrase  # "when did Sister Cities International..."
        if (intents.listing or intents.count) and intents.sister_term and asks_association and not query.ours:
            # "which sister cities have an association?": computed from the city files
            # ...unless a topic holds the rest: "which committee did the sister city idea grow out of?"
            beyond = set(query.content) - ASSOCIATION_WORDS - STATUS_WORDS - _GROUP_KINDS
            told = best is not None and bool({stem(w) for w in beyond} & set(best[1].matched))
            if (named_topic or (strong and beyond) or told) and best is not None:
                return TopicFound(topic=best[0], score=round(best[1].score))
            having = tuple(c for c in self.kb.sister_cities if c.association is not None)
            return Selection(cities=having, where=" an association named in the sources", verb="have")
        fact = query.fact
        named_fact = fact is not None and fact[2].phrase  # a proper name the fact's keywords hold ("Hugh Rogers")
        # "...friendship cities but not full sister cities?", "...friendship ties rather than sister cities?"
        asked_for = intents.list_word or not content
        asked_for |= intents.friendship_list and not intents.count and set(content) <= FRIENDSHIP_FRAME
        if intents.friendship_list and asked_for and not named_fact and set(content) <= FRIENDSHIP_FRAME:
            return FriendshipList()
        if (
            fact is not None
            and fact_fits(query)
            and (best is None or not strong or named_fact or _fact_outweighs(fact[2], best[1]))
        ):
            return FactFound(city=fact[0], fact=fact[1], score=round(fact[2].score))
        asks = bool(words & WH) or query.question.clean.rstrip().endswith("?")
        if (
            asks
            and named_fact
            and fact is not None
            and fact[2].anchored
            and fact[2].score >= NAMED_FACT_MIN
            and not strong
            and not _only_home(query, fact[2])
        ):
            # "what was the Art on Science project?": a name only one fact holds, though a word is left over
            return FactFound(city=fact[0], fact=fact[1], score=round(fact[2].score))
        about_program = bool(words & {"program", "programme", "programs"}) or cities_in_a_name(query.question.words)
        said = [  # "more than five", "how many friendship cities", "formally": the count's own words
            w
            for w in unexplained
            if w not in NUMBER_WORDS | STATUS_WORDS and not (intents.friendship_list and w in FRIENDSHIP_FRAME)
        ]
        if intents.count and intents.sister_term and not noisy and not (strong and said):
            # ...unless a topic explains the rest ("the old page says eight, why?")
            return WholeList(count=True, countries=_asks_countries(query))
        if intents.friendship_list and not [w for w in content if w not in FRIENDSHIP_FRAME]:
            return FriendshipList()
        about_ties = intents.sister_term or bool(words & {"cities", "city", "citys", "towns", "ones"})
        listing = not noisy and (
            intents.listing
            or (intents.count and about_ties)
            or (intents.sister_term and not content and not about_program)
        )
        if listing and not intents.list_word and not intents.count and len(unexplained) > 1:
            # "what makes two places sister cities?": more is asked than the list; a topic that fits some of
            # it answers, else the bot says it is unsure rather than list the cities.
            if best is not None and best[1].anchored and best[1].score >= TOPIC_SUGGEST_SCORE:
                return TopicFound(topic=best[0], score=round(best[1].score))
            return None
        # "was the sister cities program part of an Eisenhower plan?", "when did the sister cities idea start?"
        fits = best is not None and best[1].anchored and best[1].score >= TOPIC_SUGGEST_SCORE
        if about_program and not listing and len(unexplained) > 1 and fits and best is not None:
            return TopicFound(topic=best[0], score=round(best[1].score), also=_alternative(query, best))
        if strong and best is not None and (best[1].phrase or content or not listing):
            return TopicFound(topic=best[0], score=round(best[1].score), also=_alternative(query, best))
        if set(unexplained) == {"why"} and not query.places.mentions and not listing:
            # "why would Boston pair up with a city abroad?": only "why" is asked, so the topic that says why
            why = next((t for t, s in query.topics if s.anchored and "whi" in s.matched), None)
            if why is not None:
                return TopicFound(topic=why, score=round(TOPIC_SUGGEST_SCORE))
        if listing and _CAN_BE.search(query.question.folded) and best is not None and best[1].anchored:
            return TopicFound(topic=best[0], score=round(best[1].score))  # "can two cities in one country be...?"
        if listing and words & KIND_WORDS and best is not None and best[1].anchored:
            return TopicFound(topic=best[0], score=round(best[1].score))  # "which kinds of ties...": a topic's list
        if listing:
            return WholeList(count=intents.count, countries=_asks_countries(query))
        if intents.help and not content:
            return Help()
        if general is not None and not unexplained and about_program:
            return TopicFound(topic=general)
        return None

    def unsure(self, query: Query) -> Finding:
        """Likely cities and topics when no step recognised the question, else the fallback."""
        ranked = query.topics
        topics = tuple(t for t, s in ranked[:3] if s.score >= TOPIC_SUGGEST_SCORE and s.weight >= TOPIC_MIN_WEIGHT)
        cities = tuple(s.city for s in query.places.suggestions)
        if cities or topics:
            best = max([s.score for s in query.places.suggestions] + [s.score for _, s in ranked[:1]])
            return Unsure(
                cities=cities[:3],
                topics=topics[: max(0, 3 - len(cities))],
                score=round(min(best, ANSWER_SCORE - 1)),
            )
        return Fallback(score=0)
