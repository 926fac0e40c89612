"""The engine answers from many threads at once (the Slack listeners call it from a thread pool) exactly as it does
from one: the stemmer is per thread, the stem cache is bounded, and the shared engine and gazetteer are built once."""

from __future__ import annotations

import random
import string
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from bot.engine.core import Engine
from bot.engine.question import STEM_CACHE_SIZE, stem

THREADS = 8
SUFFIXES = ("ing", "ed", "ations", "ness", "ly", "ement", "izing", "fulness", "ically", "ers")


def new_words(n: int, seed: int) -> list[str]:
    """Made-up words with English endings, which no cache has seen (the stemmer does the most work on these)."""
    rng = random.Random(seed)
    return ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) + rng.choice(SUFFIXES) for _ in range(n)]


def in_threads(work: Callable[[str], object], items: list[str]) -> list[object]:
    """`work` applied to every item from THREADS threads at once, the results in the items' order."""
    start = threading.Barrier(THREADS)

    def run(chunk: list[str]) -> list[object]:
        start.wait()  # all threads begin together
        return [work(item) for item in chunk]

    chunks = [items[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        done = list(pool.map(run, chunks))
    results: list[object] = [None] * len(items)
    for i, chunk_results in enumerate(done):
        results[i::THREADS] = chunk_results
    return results


def test_stems_from_eight_threads_are_the_stems_of_one() -> None:
    words = new_words(20_000, seed=1)
    reference = snowballstemmer.stemmer("english")
    stem.cache_clear()
    assert in_threads(stem, words) == [reference.stemWord(w) for w in words]


def test_the_stem_cache_is_bounded() -> None:
    stem.cache_clear()
    for word in new_words(STEM_CACHE_SIZE + 1_000, seed=2):
        stem(word)
    assert stem.cache_info().currsize == STEM_CACHE_SIZE


def _questions(n: int) -> list[str]:
    rng = random.Random(3)
    words = new_words(3 * n, seed=4)
    cities = ["kyoto", "padua", "melbourne", "belfast", "praia", "taipei", "the program", "sister cities"]
    shapes = [
        "what {0} did {c} {1} in the {2}?",
        "how is {c} {0} with the {1} {2}",
        "{0} {1} {c} {2}",
        "why are {c} and boston {0}",
    ]
    return [rng.choice(shapes).format(*words[3 * i : 3 * i + 3], c=rng.choice(cities)) for i in range(n)]


@pytest.mark.slow
def test_answers_from_eight_threads_are_the_answers_of_one(engine: Engine) -> None:
    questions = _questions(3_000)
    stem.cache_clear()
    alone = [(a.kind, a.entry, a.lead) for a in map(engine.answer, questions)]
    stem.cache_clear()  # the threads stem every new word afresh, at the same time
    together = in_threads(lambda q: (lambda a: (a.kind, a.entry, a.lead))(engine.answer(q)), questions)
    assert together == alone
