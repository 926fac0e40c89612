"""Relations between places in a question: "near Kyoto" (space), "besides Barcelona", "the same country as X".

Time relations ("after Kyoto", "before Praia joined") are read by bot/engine/timeline.py; "next to" is space,
"the next one after" is time.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from bot.engine.intents import CONTINENTS
from bot.engine.lazy import lazy_pattern
from bot.engine.matching import Mention, Places
from bot.engine.query import Relation, RelationKind
from bot.engine.question import Question
from bot.knowledge.models import City
from bot.knowledge.normalize import fold

SPACE_WORDS = frozenset(
    """near nearby beside neighbouring neighboring adjacent around outside surrounds surround surrounding borders
    bordering adjoins adjoining encircles suburb suburbs""".split()
)
SPACE_PAIRS = (
    ("close", "to"), ("next", "to"), ("closest", "to"), ("nearest", "to"), ("not", "far"), ("north", "of"),
    ("south", "of"), ("east", "of"), ("west", "of"), ("outside", "of"), ("hour", "from"), ("miles", "from"),
    ("right", "by"), ("just", "by"), ("close", "by"), ("road", "from"), ("drive", "from"), ("train", "from"),
    ("walk", "from"), ("ride", "from"),
)  # fmt: skip
EXCEPT_WORDS = frozenset("besides except excluding".split())
EXCEPT_PAIRS = (
    ("other", "than"), ("apart", "from"), ("aside", "from"), ("not", "counting"), ("addition", "to"),
    ("along", "with"), ("together", "with"), ("as", "well"),
)  # fmt: skip


def _before(q: Question, mention: Mention, size: int = 3) -> list[str]:
    return list(q.words[max(0, mention.start - size) : mention.start])


def _has_pair(words: list[str], pairs: tuple[tuple[str, str], ...]) -> bool:
    return any(a in words and b in words and words.index(a) < words.index(b) for a, b in pairs)


def _set_aside_by(q: Question, mention: Mention) -> bool:
    """True when a set-aside phrase comes right before the mention ("not counting Taipei", "apart from Praia")."""
    before = _before(q, mention)
    return bool(set(before) & EXCEPT_WORDS) or _has_pair(before, EXCEPT_PAIRS)


def _set_aside_together(q: Question, places: Places) -> bool:
    """True when our cities are named together after one set-aside phrase: "apart from Sekondi-Takoradi and Praia",
    "besides Kyoto, Taipei or Hangzhou"."""
    named = sorted((m for m in places.mentions if m.city), key=lambda m: m.start)
    if not _set_aside_by(q, named[0]):
        return False
    return all(q.words[a.end : b.start] in (("and",), ("or",), ()) for a, b in itertools.pairwise(named))


def _others_than_named(q: Question, places: Places) -> bool:
    """True for "we've got Strasbourg and Padua in Europe - which other European ones are there?": our cities named
    first, then the others asked for."""
    named = [m for m in places.mentions if m.city and m.how in ("name", "typo")]
    words = q.words
    asks = next((i for i, w in enumerate(words) if w in {"other", "others", "else", "more"}), None)
    return (
        len(named) > 1
        and asks is not None
        and all(m.end <= asks for m in named)
        and bool(set(words[max(0, asks - 3) : asks]) & {"which", "what", "any", "are", "there"})
    )


def _set_aside(q: Question, places: Places) -> list[City]:
    """Our cities each named right after a set-aside phrase ("not counting Taipei", "except Kyoto")."""
    return [m.city for m in places.mentions if m.city and _set_aside_by(q, m)]


# Closeness in time, not in space: "which sister city is closest in time to Melbourne?"
CLOSE_IN_TIME = lazy_pattern(
    r"\b(?:closest|nearest|close|near|next) (?:in time|in date|in years|chronologically)\b"
    r"|\bchronologically (?:closest|nearest)\b"
)


# "The same decade as Hangzhou": a time, not a place, shared with the named tie.
_SAME_TIME = lazy_pattern(r"\bsame (?:decade|year|years|time|era|period|month|day)\b")


def read_relation(q: Question, places: Places, country_code: Callable[[str], str | None]) -> Relation | None:
    """The relation the question draws to a named place, if any (`country_code` names a word's country)."""
    for mention in places.mentions if not CLOSE_IN_TIME.search(q.folded) else ():  # (time, not space)
        before = _before(q, mention)
        # "the closest sister city to Strasbourg": a superlative a few words before the "to" that precedes the place
        nearest_to = before[-1:] == ["to"] and bool(set(_before(q, mention, 5)) & {"closest", "nearest"})
        if not (set(before[-2:]) & SPACE_WORDS or _has_pair(before, SPACE_PAIRS) or nearest_to):
            continue
        # "Kobe, near Kyoto": the question is about the other place named, placed near this one.
        subject = next((m for m in places.foreign if m is not mention), None)
        return Relation(RelationKind.NEAR, mention.city, place=subject if mention.city else mention)
    ours = places.ours
    also: tuple[City, ...] = ()
    others_asked = len(ours) > 1 and _others_than_named(q, places)  # "...Strasbourg and Padua: which others?"
    if len(ours) > 1 and (_set_aside_together(q, places) or others_asked):
        ours, also = ours[:1], ours[1:]  # "apart from Sekondi-Takoradi and Praia": both set aside
    elif len(ours) > 1:
        aside = _set_aside(q, places)  # "the same part of the world as Hangzhou, not counting Taipei"
        kept = tuple(c for c in ours if c not in aside)
        if len(kept) == 1 and aside:
            ours, also = kept, tuple(aside)
    if len(ours) != 1:
        return None
    anchor = ours[0]
    named = next((m for m in places.mentions if m.city is anchor and m.how in ("name", "typo", "local")), None)
    # "is Boston linked to any other UK town?": the other ties in the country of ours there
    other_there = any(
        a in {"other", "another"} and country_code(b) == anchor.country_code
        for a, b in zip(q.words, q.words[1:], strict=False)
    )
    if named is None and not other_there:
        return None
    before = _before(q, named, 4) if named is not None else []
    words = set(q.words)
    place_words = {"continent", "country", "world", "region"}
    pairs = zip(q.words, q.words[1:], strict=False)
    pointing = any(a in {"that", "its", "their", "his", "her"} and b in place_words for a, b in pairs)
    same_place = "same" in words and not _SAME_TIME.search(q.folded)  # (not "in the same decade as Hangzhou")
    sharing = bool(words & {"share", "shares", "shared", "sharing"})  # "which partner city shares a country with..."
    same = same_place or (sharing and bool(words & place_words)) or pointing  # "in that country"
    # "any other sister cities in Asia like Taipei?": "like" relates only beside "other", "more" or "similar", or
    # with a continent or country named ("which are in Europe, like Strasbourg?").
    text = f" {q.folded} "
    on_continent = "continent" in words or any(f" {key} " in text for key in CONTINENTS)
    on_continent |= any(p in text for p in (" part of the world ", " region of the world ", " corner of the world "))
    # The anchor's country named beside it ("our other Spanish partner besides Barcelona") only qualifies it, so
    # the place finder drops that mention: look at the words themselves.
    in_country = any(country_code(w) == anchor.country_code for w in q.words if w != fold(anchor.name))
    example = ("like" in before[-2:] or " such as " in f" {' '.join(before)} ") and (
        on_continent or in_country or "country" in words
    )
    likewise = ("like" in before and bool(words & {"other", "another", "more", "similar"})) or example
    if other_there and not on_continent:
        return Relation(RelationKind.SAME_COUNTRY, anchor, also=also)
    if not (set(before) & EXCEPT_WORDS or _has_pair(before, EXCEPT_PAIRS) or same or likewise or others_asked):
        return None
    if on_continent:
        return Relation(RelationKind.SAME_CONTINENT, anchor, also=also)
    if in_country or words & {"country", "nation", "countries"}:
        return Relation(RelationKind.SAME_COUNTRY, anchor, also=also)
    if same:
        return None
    return Relation(RelationKind.EXCEPT, anchor, also=also)
