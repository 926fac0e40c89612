"""People the knowledge names: who they are, who signed, who proposed a tie."""

from __future__ import annotations

from bot.engine.findings import (
    Finding,
    Missing,
    PeopleFound,
)
from bot.engine.lazy import lazy_pattern
from bot.engine.query import PersonMatch, Query
from bot.engine.question import stem
from bot.engine.steps.base import (
    PROPOSE_WORDS,
    SIGN_WORDS,
    WHO_WORDS,
    StepBase,
)
from bot.knowledge.models import City, Person, Side
from bot.knowledge.normalize import fold, words
from bot.knowledge.normalize import words as words_of

# How a question says it means Boston's side of a tie.
# Nouns that make "which ..." ask for a person ("which officials signed?", "which Boston mayor...").
PERSON_NOUNS = frozenset(
    "mayor mayors official officials leader leaders person people representative representatives signatory "
    "signatories dignitary dignitaries politician politicians".split()
)
BOSTON_SIDE = ("boston mayor", "mayor of boston", "for boston", "boston side", "boston s side", "boston's mayor")


def _boston_side(query: Query, people: tuple[tuple[Person, City], ...]) -> tuple[tuple[Person, City], ...]:
    """Boston's side of these people when the question asks for it ("which Boston mayor signed?"), else all."""
    text = f" {query.question.folded} "
    if any(f" {phrase} " in text for phrase in BOSTON_SIDE):
        return tuple(pc for pc in people if pc[0].side is Side.BOSTON) or people
    return people


# A question for the part of a name the sources may not give: "what was Takayama's first name?".
_NAME_ASKED = lazy_pattern(r"\b(?:first|given|full|christian) names?\b|\bforenames?\b")


def _surname_only(person: Person) -> bool:
    """True when every name the sources give the person is one word (a surname: "Takayama")."""
    return all(len(words(fold(name))) < 2 for name in person.names)


class PeopleSteps(StepBase):
    """People the knowledge names."""

    @staticmethod
    def _best_told(matches: list[PersonMatch], query: Query) -> list[PersonMatch]:
        """The entries whose notes tell most of the rest of the question ("what did Mayor Wu proclaim on 1 May
        2022?" is her Hangzhou entry, not the others), when one tells more than the rest; else none."""
        asked = {stem(w) for w in query.content}
        named = {stem(w) for m in matches for n in (m.person.name, *m.person.aliases) for w in words(fold(n))}
        asked -= named  # a note that spells the name again ("Mervin H. White") tells nothing more
        told = [(len(asked & {stem(w) for w in words(fold(m.person.note or ""))}), m) for m in matches]
        best = max((n for n, _ in told), default=0)
        chosen = [m for n, m in told if n == best]
        return chosen if best and len(chosen) < len(matches) else []

    def people(self, query: Query) -> Finding | None:
        """People our knowledge names: who they are, and which agreements they signed."""
        words = set(query.question.words)
        signing = bool(words & SIGN_WORDS)
        ours = query.ours
        if query.years is not None and query.years.kind == "ties":
            return None  # "who joined between the Hangzhou signing and 1990?": ties in a window, not a person
        if query.as_of is not None and query.intents.count:
            return None  # "Munch left the BSO in 1962; how many sister cities did Boston have by then?"
        if not query.people:
            asks_who = bool(words & WHO_WORDS) or ("which" in words and bool(words & PERSON_NOUNS))
            ranked = query.intents.earliest or query.intents.latest
            if asks_who and not ours and ranked and words & PROPOSE_WORDS and query.intents.sister_term:
                # "whose idea was Boston's very first sister city?": the people named for the first (or newest) tie
                ties = self.kb.sister_cities
                ours = (ties[-1] if query.intents.latest else ties[0],)
            if asks_who and len(ours) == 1 and ours[0].people and words & PROPOSE_WORDS:
                # the people whose notes say they proposed or inspired it; none recorded is said so ("who proposed
                # the Taipei tie?": no source says), never the people of later events
                said = {stem(w) for w in PROPOSE_WORDS}
                proposers = [p for p in ours[0].people if said & {stem(w) for w in words_of(fold(p.note or ""))}]
                if proposers:
                    people = _boston_side(query, tuple((p, ours[0]) for p in proposers))  # "which Boston mayor..."
                    return PeopleFound(people=people)
                # ...else who signed it ("the mayors behind the Barcelona declaration"), said as signers
                if signers := tuple((p, ours[0]) for p in ours[0].people if p.signed):
                    return PeopleFound(people=_boston_side(query, signers), signed_only=True)
                return Missing(what="who proposed that tie", city=ours[0], score=0)
            if asks_who and len(ours) > 1 and signing:
                # "which mayor signed the Belfast and Praia agreements?": the signers of each
                signed = tuple((p, city) for city in ours for p in city.people if p.signed)
                if signers := _boston_side(query, signed):
                    return PeopleFound(people=signers, signed_only=True)
            if asks_who and len(ours) == 1 and signing:
                city = ours[0]
                signers = _boston_side(query, tuple((p, city) for p in city.people if p.signed))
                if signers:
                    return PeopleFound(people=signers, signed_only=True)
                # Nobody is recorded as signing: say so, and who the sources name for the tie when it was made.
                at_tie = tuple((p, city) for p in city.people if p.year == city.established.year)
                side = [pc for pc in at_tie if pc[0].side.value in words] or at_tie  # "who signed *for Boston*"
                if side:
                    return PeopleFound(people=tuple(side), signers_unknown=city)
                return Missing(what="who signed it", city=city, score=0)
            return None
        matches = list(query.people)
        if (asked := _NAME_ASKED.search(query.question.folded)) and all(_surname_only(m.person) for m in matches):
            # "what was Mayor Takayama's first name?": the sources give only his surname
            person = matches[0].person
            return Missing(
                what=f"{person.name}'s {asked.group().removesuffix('s')}",
                city=matches[0].city,
                known=f"{person.name} ({person.role}), by that one name only.",
                score=0,
            )
        if len(ours) == 1:
            matches = [m for m in matches if m.city is ours[0]] or matches
        if signing:
            matches = [m for m in matches if m.person.signed] or matches
        matches = self._best_told(matches, query) or matches
        return PeopleFound(people=tuple((m.person, m.city) for m in matches), signed_only=signing)
