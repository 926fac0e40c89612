"""A big knowledge base is loaded from a cached copy (bot/knowledge/cache.py): the same knowledge, never a stale
one, and a broken copy is only ignored. Run on a copy of the real knowledge with the size threshold lowered."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.knowledge import cache, loader
from bot.knowledge.cache import prune
from bot.knowledge.loader import KnowledgeError, load_knowledge

REAL = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real knowledge, cached like a big one, with its own cache folder."""
    root = tmp_path / "knowledge"
    shutil.copytree(REAL, root)
    monkeypatch.setenv("SISTERCITY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "CACHE_MIN_FILES", 1)
    return root


def _copies(root: Path) -> list[Path]:
    return sorted((root.parent / "cache").glob("knowledge-*.pickle"))


def test_the_second_load_reads_the_cached_copy_and_finds_the_same_knowledge(
    knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_knowledge(knowledge)
    assert len(_copies(knowledge)) == 1

    def no_file_reading(*_: object) -> None:
        raise AssertionError("the files were read again instead of the cached copy")

    monkeypatch.setattr(loader, "_read_yaml", no_file_reading)
    second = load_knowledge(knowledge)
    assert second == first
    assert [c.id for c in second.sister_cities] == [c.id for c in first.sister_cities]


def test_an_edited_file_is_read_again_never_served_stale(knowledge: Path) -> None:
    load_knowledge(knowledge)
    kyoto = knowledge / "cities" / "kyoto.yaml"
    kyoto.write_text(kyoto.read_text(encoding="utf-8").replace("name: Kyoto", "name: Kyōto"), encoding="utf-8")
    edited = load_knowledge(knowledge)
    city = edited.city("kyoto")
    assert city is not None and city.name == "Kyōto"
    assert len(_copies(knowledge)) == 2


def test_a_broken_copy_is_ignored_and_the_files_are_read(knowledge: Path) -> None:
    load_knowledge(knowledge)
    (copy,) = _copies(knowledge)
    copy.write_bytes(b"not a pickle")
    assert load_knowledge(knowledge).city("praia") is not None


def test_a_knowledge_base_with_a_problem_is_never_cached(knowledge: Path) -> None:
    (knowledge / "cities" / "praia.yaml").write_text("id: praia\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_knowledge(knowledge)
    assert _copies(knowledge) == []


def test_a_small_knowledge_base_is_read_from_its_files(knowledge: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "CACHE_MIN_FILES", 10_000)
    load_knowledge(knowledge)
    assert _copies(knowledge) == []


def test_old_copies_are_pruned_when_a_new_one_is_written(tmp_path: Path) -> None:
    old = [tmp_path / f"gazetteer-{i}.marshal" for i in range(5)]
    for age, path in enumerate(old):
        path.write_bytes(b"old")
        os.utime(path, ns=(age * 10**9, age * 10**9))
    other = tmp_path / "knowledge-x.pickle"
    other.write_bytes(b"another kind of copy")
    new = tmp_path / "gazetteer-new.marshal"
    new.write_bytes(b"new")
    prune(new, "gazetteer-*.marshal", keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gazetteer-3.marshal",
        "gazetteer-4.marshal",
        "gazetteer-new.marshal",
        "knowledge-x.pickle",
    ]
