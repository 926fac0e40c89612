"""Knowledge validation: broken files are reported with file, field and message, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.loader import KnowledgeError, load_knowledge
from tests.conftest import REPO

KNOWLEDGE = REPO / "knowledge"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the real knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return caught.value.problems


def test_the_real_knowledge_base_is_valid() -> None:
    kb = load_knowledge(KNOWLEDGE)
    assert [c.id for c in kb.sister_cities] == [
        "kyoto", "strasbourg", "barcelona", "hangzhou", "padua",
        "melbourne", "taipei", "sekondi-takoradi", "belfast", "praia",
    ]  # fmt: skip
    assert [c.id for c in kb.friendship_cities] == ["haifa", "valladolid"]


def test_unknown_key_is_reported_with_file_and_field(copy: Path) -> None:
    path = copy / "cities" / "padua.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "mayor: Sergio Giordani\n", encoding="utf-8")
    assert problems(copy) == ["cities/padua.yaml: mayor: Extra inputs are not permitted"]


def test_missing_sources_are_reported(copy: Path) -> None:
    path = copy / "topics" / "funding.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nsources:")] + "\n", encoding="utf-8")
    assert problems(copy) == ["topics/funding.yaml: sources: Field required"]


def test_duplicate_id_and_alias_claimed_twice_are_both_reported(copy: Path) -> None:
    kyoto = (copy / "cities" / "kyoto.yaml").read_text(encoding="utf-8")
    (copy / "cities" / "kyoto-copy.yaml").write_text(kyoto, encoding="utf-8")
    found = problems(copy)
    assert "cities/kyoto-copy.yaml: id: 'kyoto' must match the file name 'kyoto-copy'" in found
    assert "cities/kyoto.yaml: id: 'kyoto' is already used by cities/kyoto.yaml" in found


def test_alias_claimed_by_two_cities(copy: Path) -> None:
    path = copy / "cities" / "praia.yaml"
    text = path.read_text(encoding="utf-8").replace("aliases: [", "aliases: [Padova, ", 1)
    path.write_text(text, encoding="utf-8")
    assert problems(copy) == ["cities/praia.yaml: aliases: 'padova' is already claimed by cities/padua.yaml"]


def test_every_problem_is_reported_at_once(copy: Path) -> None:
    (copy / "topics" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    (copy / "topics" / "list.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    path = copy / "cities" / "belfast.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("continent: Europe", "continent: Atlantis"), "utf-8")
    assert problems(copy) == [
        "cities/belfast.yaml: continent: Input should be 'Africa', 'Asia', 'Europe', 'North America', "
        "'South America' or 'Oceania'",
        "topics/broken.yaml: line 3: is not valid YAML (expected ',' or ']', but got '<stream end>')",
        "topics/list.yaml: (file): must be a mapping of keys to values, got list",
    ]


def test_unknown_related_topic(copy: Path) -> None:
    path = copy / "topics" / "funding.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("related: [get-involved,", "related: [no-such-topic,", 1), encoding="utf-8")
    assert problems(copy) == ["topics/funding.yaml: related: 'no-such-topic' is not a topic id"]


def test_missing_directory_says_what_to_do(tmp_path: Path) -> None:
    assert problems(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: (folder): does not exist; pass --knowledge DIR or set KNOWLEDGE_DIR"
    ]


def test_adding_a_city_file_changes_the_count_and_the_list(copy: Path) -> None:
    text = (copy / "cities" / "praia.yaml").read_text(encoding="utf-8")
    text = text.replace("id: praia", "id: testville").replace("name: Praia", "name: Testville")
    text = text.replace("native_names: [Praia]", "native_names: []").replace("year: 2015", "year: 2020")
    (copy / "cities" / "testville.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge(copy)
    assert len(kb.sister_cities) == 11
    assert kb.sister_cities[-1].name == "Testville"


NO_SISTER_CITY = "cities: (folder): has no sister city; add one file with status: sister"


def test_a_friendship_city_alone_is_not_enough(tmp_path: Path) -> None:
    (tmp_path / "cities").mkdir()
    shutil.copy(KNOWLEDGE / "cities" / "haifa.yaml", tmp_path / "cities")
    shutil.copytree(KNOWLEDGE / "topics", tmp_path / "topics")
    assert problems(tmp_path) == [NO_SISTER_CITY]


def test_topics_alone_are_not_enough(tmp_path: Path) -> None:
    (tmp_path / "cities").mkdir()
    shutil.copytree(KNOWLEDGE / "topics", tmp_path / "topics")
    assert problems(tmp_path) == [NO_SISTER_CITY]
