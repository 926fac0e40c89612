"""What the bot cannot answer: tasks, facts the knowledge does not hold, and other places' programs."""

from __future__ import annotations

import re

from bot.engine.findings import (
    FactFound,
    Finding,
    Missing,
    NoTieInWindow,
    OtherProgram,
    Task,
    TopicFound,
    Unconfirmed,
    YearInReview,
)
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import AMOUNT, Scored, states_count
from bot.engine.out_of_scope import ALWAYS_TASKS, UNCOUNTED, asks_own_ties, counted_nouns
from bot.engine.query import Query
from bot.engine.question import stem
from bot.engine.steps.base import (
    AGE_PHRASES,
    OWN_FACT_SCORE,
    SIGN_WORDS,
    STATUS_WORDS,
    StepBase,
    fact_fits,
    other_years,
    strong_topic,
)
from bot.engine.steps.time import HAPPENED
from bot.knowledge.models import City, Fact, Topic
from bot.knowledge.normalize import fold, words


def _dates(city: City, year: int) -> bool:
    """True when anything we know of the city (its tie, facts, people, caveats) is of that year."""
    texts = [city.summary, city.established.note or "", *(f.text for f in (*city.highlights, *city.disagreements))]
    texts += [p.note or "" for p in city.people] + ([city.status_note.text] if city.status_note else [])
    years = {city.established.year, *(o.year for o in city.established.other_dates), *(p.year for p in city.people)}
    return year in years or any(str(year) in text for text in texts)


# An anniversary whose number is given: "the 10th anniversary", "its 10-year anniversary".
_GIVEN_AGE = lazy_pattern(r"\b(?:\d{1,3}(?:st|nd|rd|th)|[a-z]+(?:th|st|nd|rd)|\d{1,3} year) anniversary\b")


# Kinds of missing fact whose word a topic may use in another sense ("Boston's cultural and educational *climate*").
TOPICAL_MISSING = frozenset({"geographic figures", "schedules", "postal addresses"})


def _head(said: tuple[str, ...], cues: frozenset[str]) -> str:
    """The last of the cue words in the question: the noun a "how many" counts ("exchange *students*")."""
    return max(cues, key=lambda w: max((i for i, x in enumerate(said) if x == w), default=-1))


def _counts(ranked: tuple[Topic, Scored], noun: str) -> bool:
    """True when the topic gives the number of what is counted: "how many goals" of "The five objectives" (its
    title counts the keyword matched), but not "how many exchange students" of the exchanges."""
    topic, scored = ranked
    if stem(noun) not in scored.matched:
        return False
    # a number word in the title counts ("The five objectives"), a label's digit does not ("Objective 5")
    return states_count(_said(topic), {noun}) or any(
        AMOUNT.fullmatch(w) and not w.isdigit() for w in words(fold(topic.title))
    )


def _states(topic: Topic, noun: str) -> bool:
    """True when the topic's own answer gives a number of the thing right before its name ("five objectives")."""
    return re.search(rf"\b(?:{AMOUNT.pattern}) {re.escape(noun)}\b", _said(topic).casefold()) is not None


def _said(topic: Topic) -> str:
    """Everything a topic's answer says."""
    return " ".join((topic.title, topic.answer, *topic.points))


# Verbs of a tie's making: a year beside them asks whether the tie was made then ("did Hangzhou sign in 1979?").
_MAKING_TIE = SIGN_WORDS | frozenset("join joined joins twinned become became".split())


class LimitSteps(StepBase):
    """What the bot cannot answer."""

    def _fact_tells(self, query: Query, city: City | None) -> bool:
        """True when a city fact that fits the question uses a word that asks for the missing kind ("how many
        students came on the grants?" is answered by the grants' figure; "what did the statue cost?" only by a fact
        about its cost, never by the statue's)."""
        assert query.missing is not None
        fitting = [query.fact[1]] if query.fact is not None and fact_fits(query) else []
        # Words for people ("how many Cape Verdeans live here?") may be what the fact counts.
        own = self.own_fact(query, city) if city is not None else None
        if own is not None and own[1].anchored and own[1].score >= OWN_FACT_SCORE:
            fitting.append(own[0])
        # ...of the year asked, if one is ("how many students came in 2019?" is not "250 since the 1980s")
        year = query.year_not_about_ties or (query.as_of.year if query.as_of is not None else None)
        # (the year of the city's own tie is the tie's, which every fact of the tie is about: "which hotel was the
        # Belfast agreement signed at in 2014?")
        tie_year = city is not None and year == city.established.year
        fitting = [fact for fact in fitting if year is None or tie_year or str(year) in fact.text]
        if query.missing.counted:  # "how many Cape Verdeans live in Boston?": a fact that gives their number
            return any(self.facts.counts(fact, query.missing.cues) for fact in fitting)
        return any(self.facts.says(fact, query.missing.cues) for fact in fitting)

    @staticmethod
    def _fact_answers_task(query: Query) -> bool:
        """True when a city fact fits the question on more than the task's own verb ("send it to the Barcelona
        mayor's office" is a task, though a fact says a mayor sent something)."""
        if not fact_fits(query) or query.fact is None or query.task is None:
            return False
        verb = query.task.split()[0]
        return stem(verb) not in query.fact[2].matched

    def _tie_told(self, query: Query, city: City) -> Fact | None:
        """What our knowledge of one of ours says of another place named with it ("Melbourne's tie with St
        Petersburg": Melbourne suspended it in 2022)."""
        named = [fold(m.surface) for m in query.foreign if m.place is not None and not m.place.is_country]
        facts = (city.status_note, *city.highlights, *city.disagreements, city.other_ties)
        return next((f for f in facts if f is not None and any(n in fold(f.text) for n in named)), None)

    def _year_in_review(self, year: int) -> Finding:
        """The ties made in the year and the city facts that name it, or that nothing we know is dated then."""
        ties = tuple(c for c in self.kb.cities if year in (c.established.year, *other_years(c)))
        said = re.compile(rf"\b{year}\b")
        facts = tuple(
            (city, fact)
            for city in self.kb.cities
            for fact in (*city.highlights, *city.disagreements)
            if said.search(fact.text)
        )
        if not ties and not facts:  # "anything signed in 1981?": no tie then, and what Boston had by then
            had = tuple(c for c in self.kb.sister_cities if c.established.year <= year)
            return NoTieInWindow(where=f" in {year}", year=year, had=had, friends=self.friends_made((year,)))
        return YearInReview(year=year, ties=ties, facts=facts)

    def beyond(self, query: Query) -> Finding | None:
        """A task it cannot do, another place's own partner cities, or a kind of fact it does not hold."""
        ours = query.ours
        city = ours[0] if len(ours) == 1 else None
        if query.task and (not self._fact_answers_task(query) or query.task in ALWAYS_TASKS):  # "sign me up for..."
            return Task(what=query.task, city=city, score=0)
        if query.other_program:
            if fact_fits(query) and query.fact is not None and query.fact[0] in ours:
                return FactFound(city=query.fact[0], fact=query.fact[1], score=round(query.fact[2].score))
            owner = fold(query.other_program)
            if city is not None and owner in {fold(n) for n in city.names}:
                if (told := self._tie_told(query, city)) is not None:
                    return FactFound(city=city, fact=told, score=100)  # "does Melbourne still have St Petersburg?"
                if city.other_ties is not None and query.intents.count:
                    # "how many sister cities does Melbourne have in total?": the sources name some, never a count
                    what = f"how many partner cities {city.name} has in all"
                    return Missing(what=what, city=city, known=city.other_ties.text, score=0)
                if city.other_ties is not None:
                    return FactFound(city=city, fact=city.other_ties, score=100)  # "who else is Belfast twinned with?"
            by_name = [m.city for m in query.places.mentions if m.city is not None and m.how in ("name", "typo")]
            for named in (c for c in ours if c in by_name):  # "is Nashville twinned with Belfast?": what our
                # knowledge of Belfast says of it (not of Kyoto for "Seattle's sister city in Japan")
                if (told := self._tie_told(query, named)) is not None:
                    return FactFound(city=named, fact=told, score=100)
            owners = {owner} | {fold(m.place.name) for m in query.foreign if m.place and not m.place.is_country}
            for unconfirmed in self.kb.unconfirmed:  # "which African city is Porto twinned with?": Beira's own ties
                ties = unconfirmed.other_ties
                if ties is not None and any(o and o in fold(ties.text) for o in owners):
                    return Unconfirmed(city=unconfirmed, own_ties=True)
            listed = next((c for c in self.kb.unconfirmed if owner in {fold(n) for n in c.names}), None)
            if listed is not None:
                asked_own = asks_own_ties(query.question, listed.names)
                return Unconfirmed(city=listed, own_ties=asked_own)  # "Beira's twin cities", or "Beira sister city?"
            # "paris sister city?" may ask whether Paris is ours as well as for Paris's own ties: the reply says both
            town = any(m.place and not m.place.is_country and fold(m.place.name) == owner for m in query.foreign)
            return OtherProgram(place=query.other_program, city=city, not_ours=town and city is None, score=0)
        strong = strong_topic(query)
        # "how many objectives does the program have?", "how many people-to-people committees were formed?": the
        # topic gives their number (not "how many people came?", whatever number of "people-to-people" it gives)
        counted = query.missing.cues if query.missing and query.missing.counted else counted_nouns(query.question)
        counted_by_topic = (
            query.missing is not None
            and bool(counted)
            and city is None
            and strong is not None
            and _counts(strong, _head(query.question.words, counted))
        )
        said_by_topic = (
            query.missing is not None
            and query.missing.what in TOPICAL_MISSING
            and strong is not None
            and {stem(c) for c in query.missing.cues} <= {stem(w) for w in words(fold(_said(strong[0])))}
        )  # "Boston's cultural and educational climate" is what the objective says, not a climate figure
        if query.missing is not None and query.missing.what == UNCOUNTED and city is None and not counted_by_topic:
            # "how many objectives does the program page list?": a topic other than the best gives their number
            head = _head(query.question.words, counted)
            counting = next(
                (t for t in query.topics[:3] if t[1].anchored and stem(head) in t[1].matched and _states(t[0], head)),
                None,
            )
            if counting is not None:
                return TopicFound(topic=counting[0], score=round(counting[1].score))
        if query.missing and not counted_by_topic and not said_by_topic and not self._fact_tells(query, city):
            topic = query.topics[0][0] if query.topics and query.topics[0][1].anchored else None
            return Missing(what=query.missing.what, city=city, topic=None if city else topic, score=0)
        year = query.year_not_about_ties
        if (
            strong is not None
            and year is not None
            and not ours
            and str(year) not in _said(strong[0])
            and not fact_fits(query)
        ):
            # "what was the theme of the 2017 SCI conference?": the topic is right, but says nothing of that year.
            return Missing(what=f"anything about that in {year}", topic=strong[0], score=0)
        named_fact = query.fact if query.fact is not None and query.fact[2].phrase else None
        if named_fact is not None and ours and named_fact[0] not in ours:
            named_fact = None  # "the Strasbourg 60th anniversary project": not Kyoto's 60th
        if year is not None and named_fact is not None and str(year) in named_fact[1].text:
            # "the Friendship Four in 2015, where was that played?": a fact that names it, in that year
            return FactFound(city=named_fact[0], fact=named_fact[1], score=round(named_fact[2].score))
        if year is not None and not ours and HAPPENED.search(query.question.folded):
            # "what went down in 1956 with the program?": the topic whose story holds that year
            story = next((t for t in self.kb.topics if str(year) in t.keywords), None)
            if story is not None:
                return TopicFound(topic=story)
        if year is not None and not ours and not query.foreign and not strong and not query.unexplained:
            if query.missing is not None:  # "anything from 2030?": a year still to come
                return Missing(what=query.missing.what, score=0)
            return self._year_in_review(year)  # "anything from 1996?", "what happened in 2019?": all we date then
        if year is not None and not ours and query.unexplained and not fact_fits(query) and not strong:
            # "when is the 2026 sister cities picnic?": an event in some year, which no entry describes.
            own = self.own_fact(query, city) if city else None
            if own is None or own[1].score < OWN_FACT_SCORE or not own[1].anchored:
                return Missing(what=f"anything about that in {year}", city=city, score=0)
        text = f" {query.question.folded} "
        # "what anniversary is it in 2025?" asks the tie's age; "anything for Praia's 10th anniversary in 2025?" an
        # event at an age already given.
        given = _GIVEN_AGE.search(text) is not None
        ages = [p for p in AGE_PHRASES if not (given and p == "anniversary")]
        asks_tie = query.intents.when or any(f" {p} " in text for p in ages)
        asks_tie |= bool(set(query.question.words) & _MAKING_TIE)  # "did Hangzhou sign in 1979?": the card's year
        status = bool(set(query.question.words) & STATUS_WORDS)  # "Melbourne's status in 2024?": its caveat answers
        if year is not None and city is not None and not asks_tie and not status and not _dates(city, year):
            # "which Boston mayor travelled to Taipei in 2018?": nothing we know of Taipei happened that year.
            return Missing(what=f"anything about {city.name} in {year}", city=city, score=0)
        return None
