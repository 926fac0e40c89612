"""The gazetteer is built once from GeoNames and then read from a compact cache: the cache answers every lookup
exactly as the freshly built tables do, is rebuilt when it is damaged, and is optional when it cannot be written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bot.engine.gazetteer import Gazetteer
from tests.bot_process import command

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


def test_a_lazy_gazetteer_reads_its_cache_only_on_the_first_lookup(built: Gazetteer, tmp_path: Path) -> None:
    lazy = Gazetteer.lazy(tmp_path)
    assert list(tmp_path.glob("gazetteer-*")) == []  # nothing read, built or written yet
    assert lookups(lazy) == lookups(built)
    assert len(list(tmp_path.glob("gazetteer-*.marshal"))) == 1


def test_asking_about_our_own_city_never_reads_the_gazetteer(tmp_path: Path) -> None:
    """`sistercity ask padua` names only one of ours: its start-up skips the place-name tables (a tenth of a second
    read from the cache, a second and a half to build); a real place that is not ours needs them."""
    env = {**os.environ, "SISTERCITY_CACHE_DIR": str(tmp_path)}
    ours = subprocess.run([*command(), "ask", "padua"], capture_output=True, text=True, env=env, check=True)
    assert "Padua" in ours.stdout
    assert list(tmp_path.glob("gazetteer-*")) == []
    other = subprocess.run([*command(), "ask", "is lyon a sister city?"], capture_output=True, text=True, env=env)
    assert "not one of Boston's sister cities" in other.stdout
    assert len(list(tmp_path.glob("gazetteer-*.marshal"))) == 1
