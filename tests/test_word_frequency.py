"""The engine's word frequencies are wordfreq's own, read from a small cached table instead of wordfreq's list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from wordfreq import get_frequency_dict, zipf_frequency

from bot.engine import word_frequency
from bot.engine.word_frequency import FLOOR, zipf

PHRASES = ("new york", "the wall", "kyoto", "padua", "sister city program", "san juan capistrano", "of the")
ODD = ("it's", "1983", "京都", "straße", "x2", "")


def expected(text: str) -> float:
    found = zipf_frequency(text, "en")
    return found if found >= FLOOR else 0.0


def test_every_hundredth_plain_word_and_some_phrases_match_wordfreq() -> None:
    plain = [w for w in get_frequency_dict("en") if w.isascii() and w.isalpha() and w.islower()]
    for text in [*plain[::100], *PHRASES, *ODD]:
        assert zipf(text) == expected(text), text


def test_the_thresholds_the_engine_uses_are_above_the_floor() -> None:
    from bot.engine import gazetteer, matching

    assert min(matching.REAL_WORD_ZIPF, matching.EVERYDAY_WORD_ZIPF, gazetteer.COMMON_WORD_ZIPF) >= FLOOR


def _forget() -> None:
    """Forget the table read and every word looked up in it."""
    word_frequency._table.cache_clear()
    word_frequency.zipf.cache_clear()


@pytest.fixture
def fresh_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SISTERCITY_CACHE_DIR", str(tmp_path))
    _forget()
    yield tmp_path
    _forget()


def test_the_table_is_written_once_and_then_read(fresh_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert zipf("city") == expected("city")
    (written,) = fresh_table.glob("wordfreq-en-*.marshal")
    _forget()
    monkeypatch.setattr(word_frequency, "build_table", lambda: pytest.fail("the cached table was not read"))
    assert zipf("city") == expected("city")
    assert list(fresh_table.glob("wordfreq-en-*.marshal")) == [written]


def test_a_damaged_table_is_rebuilt(fresh_table: Path) -> None:
    assert zipf("sister") == expected("sister")
    (written,) = fresh_table.glob("wordfreq-en-*.marshal")
    written.write_bytes(b"not a table")
    _forget()
    assert zipf("sister") == expected("sister")
    assert written.stat().st_size > 100_000
