"""The answer engine: `answer(question, kb) -> Answer`, in three pure stages.

1. Read (bot/engine/read.py): the question becomes a Query: the places it names, what it asks of them, the
   filters it applies, the topics and facts it touches, and what in it was not understood.
2. Evaluate (bot/engine/evaluate.py): the query runs against the knowledge base and gives a Finding (the cities
   selected and the filter that selected them, the entry picked, or what the bot cannot say).
3. Compose (bot/engine/compose.py): the finding becomes an Answer whose lead says exactly what was evaluated.

No Slack types and no I/O anywhere in the engine.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from bot.engine.answers import Answer, AnswerKind
from bot.engine.compose import EXAMPLES, Composer
from bot.engine.evaluate import Evaluator
from bot.engine.findings import Card
from bot.engine.gazetteer import Gazetteer, shared_gazetteer
from bot.engine.parts import combine, points_back, split_questions
from bot.engine.query import Query
from bot.engine.question import parse_question
from bot.engine.read import Reader
from bot.knowledge.models import KnowledgeBase

__all__ = ["EXAMPLES", "Engine", "answer", "answer_entry"]


# How a request to act goes on in a part of its own: "...and tell them we're visiting", "...and let them know".
_GO_ON = frozenset("tell let ask say remind inform cc copy".split())


def _goes_on(part: str) -> bool:
    """True for a part that carries a request to act on to someone else ("tell them...", "let the mayor know"), not
    one that asks the bot ("tell me how to...")."""
    said = part.casefold().split()
    return len(said) > 1 and said[0] in _GO_ON and said[1] not in {"me", "us", "about"}


# Words that stand for the sister cities a part before named ("...and which ones does Boston have?").
_ONES = frozenset("ones them they".split())


# Words that widen a ranking to every tie: "which is the newest *overall*?"
_EVERYWHERE = frozenset("overall altogether anywhere worldwide total".split())


def _elliptical(query: Query) -> bool:
    """True for a part that ranks without saying what ("...which is the oldest, and which is the newest?"): it
    ranks what the part before it named."""
    asked = query.intents
    ranks = asked.earliest or asked.latest or asked.ordinal is not None
    everywhere = bool(set(query.question.words) & _EVERYWHERE)  # "...and which is the newest overall?"
    return ranks and not everywhere and not asked.sister_term and not query.places.mentions


@dataclass(frozen=True)
class Engine:
    """The knowledge base with its reader, evaluator and composer, built once."""

    kb: KnowledgeBase
    reader: Reader
    evaluator: Evaluator
    composer: Composer

    @classmethod
    def build(cls, kb: KnowledgeBase, gazetteer: Gazetteer | None = None) -> Engine:
        """Index the knowledge base for answering."""
        reader = Reader(kb, gazetteer or shared_gazetteer())
        return cls(kb, reader, Evaluator(kb, reader.places, reader.facts), Composer(kb))

    def answer(self, question: str) -> Answer:
        """Answer one message: read it, evaluate it, say what was found; a message that asks two things at once
        ("when did Melbourne sign, and what's the exchange rate?") gets what each part found."""
        whole = self._answer_one(question)
        parts = split_questions(question)
        if len(parts) == 1:
            return whole
        if whole.kind is AnswerKind.CANNOT_DO and any(_goes_on(part) for part in parts[1:]):
            return whole  # "pls email the Belfast folks and tell them we're visiting": one request, carried on
        answers: list[Answer] = []
        named: str | None = None  # the last of our cities a part named, when it named no other place
        elsewhere = False  # a part named another place ("Osaka is by Kyoto; is it ours?": "it" is Osaka)
        ties_named = False  # a part spoke of sister cities: "ones" and "them" after it are those
        scope: tuple[str, ...] = ()  # the continents a part named: "which of those..." after it are on them
        for part in parts:
            query = self.reader.read(part)
            if scope and not query.intents.continent_words and answers and (points_back(part) or _elliptical(query)):
                part = f"{part} (in {' and '.join(scope)})"  # "which are in Europe, and which of those is newest?"
                query = self.reader.read(part)
            pointed = False
            if not query.places.mentions and answers and points_back(part):
                if elsewhere:
                    return whole  # "it" may be the other place: one question, read whole
                if named is not None:
                    query = self.reader.read(f"{part} ({named})")  # "...and when did it become a sister city?"
                    pointed = True
            bare_count = query.intents.count and not query.places.mentions and not query.unexplained
            if ties_named and not query.intents.sister_term and (set(query.question.words) & _ONES or bare_count):
                # "what is a sister city, and which ones...", "what's a sister city and how many does Boston have?"
                query = self.reader.read(f"{part} (sister cities)")
            ties_named |= query.intents.sister_term and not query.other_program and not query.foreign
            scope = query.intents.continent_words or scope
            finding = self.evaluator.evaluate(query)
            if pointed and isinstance(finding, Card) and not finding.status_asked:
                continue  # "...meet? is it 2nd Tuesdays?": the city's card is no answer to what "it" asks
            found = self.composer.compose(finding, query.question)
            answers.append(found)
            # "newest Asian sister city, and when did it join?"; "how is Taipei written in Chinese, and when did it
            # join?" (the city answered about, not Hangzhou, ours in China)
            about = found.city if found.city in query.ours or not query.ours else query.ours[-1]
            if query.foreign:
                elsewhere = True
            elif about is not None:
                named = about.name
        return combine(question, whole, answers)

    def _answer_one(self, question: str) -> Answer:
        query = self.reader.read(question)
        found = self.composer.compose(self.evaluator.evaluate(query), query.question)
        return replace(found, unexplained=query.unexplained)

    def answer_entry(self, entry_id: str, question: str = "") -> Answer:
        """The card of one city or topic by id (a button's value); a polite fallback for an unknown id."""
        if (city := self.kb.city(entry_id)) is not None:
            return Answer(question or city.name, AnswerKind.CITY, lead=city.summary, city=city)
        if (topic := self.kb.topic(entry_id)) is not None:
            return self.composer.topic_entry(topic, parse_question(question or topic.title))
        return Answer(
            question or entry_id,
            AnswerKind.FALLBACK,
            lead="Sorry, I don't have that entry any more. Here is what I can tell you about:",
            notes=(f"Boston's sister cities are {self.composer.sister_names}.",),
            examples=EXAMPLES[:4],
            score=0,
        )


_engines: dict[KnowledgeBase, Engine] = {}
_engines_lock = threading.Lock()


def _engine(kb: KnowledgeBase) -> Engine:
    """The engine of a knowledge base, built once even when several threads ask for it at the same moment."""
    if (found := _engines.get(kb)) is not None:
        return found
    with _engines_lock:
        if (found := _engines.get(kb)) is None:
            found = _engines[kb] = Engine.build(kb)
        return found


def answer(question: str, kb: KnowledgeBase) -> Answer:
    """Answer a question from the knowledge base (the index is built once per knowledge base)."""
    return _engine(kb).answer(question)


def answer_entry(entry_id: str, kb: KnowledgeBase) -> Answer:
    """The card of one knowledge entry by id, or a polite fallback when there is no such entry."""
    return _engine(kb).answer_entry(entry_id)
