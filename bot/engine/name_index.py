"""An inverted index of letter trigrams over many names: the few names worth scoring exactly against a typo.

With a few thousand names, scoring every one (rapidfuzz, in C) takes well under a millisecond; with 100,000 it takes
about 10 ms a call. The index gives, in about a millisecond, the names that share the most of the phrase's *rarest*
trigrams; the caller scores only those. It can miss a match that shares no rare trigram with the phrase (a short
name with two swapped letters), which is why small lists of names are scored whole (see PlaceFinder).
"""

from __future__ import annotations

from array import array
from collections import Counter

# The phrase's rarest trigrams that are looked up (a typo spoils at most three trigrams of a name)...
RARE_TRIGRAMS = 6
# ...and the most postings read for them, past the first three lists (common trigrams such as "an " are long lists
# that say little).
MAX_POSTINGS = 6000
# How many names, with the most shared trigrams, the caller scores exactly.
CANDIDATES = 200


def trigrams(name: str) -> set[str]:
    """The letter trigrams of a name, padded with a space at each end ("kyoto": " ky", "kyo", ..., "to ")."""
    padded = f" {name} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class TrigramIndex:
    """The names that share the most rare trigrams with a phrase, out of many."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        postings: dict[str, list[int]] = {}
        for number, name in enumerate(names):
            for gram in trigrams(name):
                postings.setdefault(gram, []).append(number)
        # Compact arrays: 100,000 names make about 1.3 million postings.
        self._postings = {gram: array("i", numbers) for gram, numbers in postings.items()}

    def candidates(self, phrase: str, limit: int = CANDIDATES) -> list[str]:
        """Up to `limit` names sharing the most of the phrase's rarest trigrams, most shared first."""
        lists = sorted((found for gram in trigrams(phrase) if (found := self._postings.get(gram))), key=len)
        shared: Counter[int] = Counter()
        read = 0
        for looked, numbers in enumerate(lists[:RARE_TRIGRAMS]):
            if looked >= 3 and read + len(numbers) > MAX_POSTINGS:
                break
            shared.update(numbers)
            read += len(numbers)
        return [self.names[number] for number, _ in shared.most_common(limit)]
