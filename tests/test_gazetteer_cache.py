"""The gazetteer is built once from GeoNames and then read from a compact cache: the cache answers every lookup
exactly as the freshly built tables do, is rebuilt when it is damaged, and is optional when it cannot be written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.gazetteer import Gazetteer

pytestmark = pytest.mark.slow  # each test builds the tables from GeoNames (a second and a half)

NAMES = ["kyoto", "valencia", "nara", "nyc", "springfield", "saint petersburg", "京都", "japan", "japanese", "england"]


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return Gazetteer.build()


def lookups(gazetteer: Gazetteer) -> list[object]:
    return [(gazetteer.cities(n), gazetteer.countries(n)) for n in NAMES] + [gazetteer.borders, gazetteer.country_names]


def test_the_cache_reads_back_what_was_built(built: Gazetteer, tmp_path: Path) -> None:
    first = Gazetteer.load(tmp_path)  # builds and writes the cache
    [cache] = tmp_path.glob("gazetteer-*.marshal")
    assert lookups(first) == lookups(built)
    assert lookups(Gazetteer.load(tmp_path)) == lookups(built)  # reads it
    assert list(tmp_path.glob("gazetteer-*")) == [cache]  # no temporary file is left behind


def test_a_damaged_cache_is_rebuilt(built: Gazetteer, tmp_path: Path) -> None:
    Gazetteer.load(tmp_path)
    [cache] = tmp_path.glob("gazetteer-*.marshal")
    cache.write_bytes(b"not a gazetteer")
    assert lookups(Gazetteer.load(tmp_path)) == lookups(built)
    assert cache.stat().st_size > 1_000_000


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    built: Gazetteer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("in the way of the cache folder")
    assert lookups(Gazetteer.load(blocked / "cache")) == lookups(built)
    assert "Could not cache the gazetteer" in caplog.text
