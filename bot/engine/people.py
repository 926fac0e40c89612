"""People our knowledge names (signers, mayors who visited, artists), found in a question by name or surname."""

from __future__ import annotations

from collections import defaultdict

from bot.engine.gazetteer import is_common_word
from bot.engine.lazy import lazy_pattern
from bot.engine.query import PersonMatch
from bot.engine.question import Question
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.normalize import fold

# Titles that make a short or common surname a person's ("Mayor Wu", "Councilor Yancey").
TITLES = frozenset("mayor mayors councilor councillor councilman councilwoman lord ambassador governor".split())
MIN_SURNAME = 4  # a bare surname shorter than this ("Wu") counts only after a title
# Words that make a common word that is also a surname in our knowledge a person ("Walsh", "White", "Collins").
ABOUT_PEOPLE = frozenset("who whom whose sign signed signing signer signers signatory agreement agreements".split())
MAX_NAME_WORDS = 4


# A one-letter particle before a surname, which people also type joined by an apostrophe ("Ó Muilleoir": O'Muilleoir).
_PARTICLE = lazy_pattern(r"\b(o|d) (\w)")


class PeopleIndex:
    """Every person of every city, by full name, other spellings and surname."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._full: dict[str, list[PersonMatch]] = defaultdict(list)
        self._surname: dict[str, list[PersonMatch]] = defaultdict(list)
        for city in kb.cities:
            for person in city.people:
                match = PersonMatch(person, city)
                for name in person.names:
                    folded = fold(name)
                    self._full[folded].append(match)
                    joined = _PARTICLE.sub(r"\1'\2", folded)  # "o muilleoir" is also typed "o'muilleoir"
                    if joined != folded:
                        self._full[joined].append(match)
                        self._surname[joined.split()[-1]].append(match)
                    parts = folded.split()
                    if len(parts) == 1:
                        self._surname[folded].append(match)  # a person the sources name by one name ("Takayama")
                    if len(parts) > 1:
                        self._surname[" ".join(parts[-1:])].append(match)
                        if len(parts) > 2 and len(parts[-2]) <= 3:  # "o muilleoir", "de la rosa"
                            self._surname[" ".join(parts[-2:])].append(match)

        # The first word of every name: a run of words that starts with another word names nobody.
        self._first_words = frozenset(name.split()[0] for name in (*self._full, *self._surname))

    def find(self, q: Question, skip: frozenset[int] = frozenset()) -> tuple[PersonMatch, ...]:
        """The people named in the question (by full name first, else by surname), without repeats."""
        words = q.words
        found: list[PersonMatch] = []
        taken: set[int] = set()
        for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if words[start] not in self._first_words:
                    continue
                span = range(start, start + size)
                if not (taken.isdisjoint(span) and skip.isdisjoint(span)):
                    continue
                phrase = " ".join(words[start : start + size])
                matches = self._full.get(phrase) if size > 1 else None
                if not matches and phrase in self._surname and self._counts_as_surname(words, start, phrase):
                    matches = self._surname[phrase]
                if matches:
                    found += matches
                    taken.update(span)
        return tuple(dict.fromkeys(found))

    @staticmethod
    def _counts_as_surname(words: tuple[str, ...], start: int, phrase: str) -> bool:
        titled = start > 0 and words[start - 1] in TITLES
        about_people = bool(set(words) & ABOUT_PEOPLE)  # "which agreements did marty walsh sign", "who's white?"
        if titled or (about_people and len(phrase) >= MIN_SURNAME):
            return True
        if not phrase.isascii():
            return True  # a name in another script ("蔣萬安") is the person's, however short
        return len(phrase) >= MIN_SURNAME and not (" " not in phrase and is_common_word(phrase))
