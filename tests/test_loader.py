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
    assert [u.id for u in kb.unconfirmed] == ["beira", "boston-lincolnshire"]
    assert kb.city("beira") is None  # listed apart, so no count, list or card includes it


def test_names_keep_native_names_and_aliases_for_matching() -> None:
    kyoto = load_knowledge(KNOWLEDGE).city("kyoto")
    assert kyoto is not None
    assert [n.name for n in kyoto.native_names] == ["京都市"]
    assert {"Kyoto", "京都市", "京都", "Kioto"} <= set(kyoto.names)


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
    text = text.replace("year: 2015", "year: 2020")
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


# ---- native names, people and status notes: what is shown needs a source


def test_a_native_name_without_a_source_says_what_to_do(copy: Path) -> None:
    path = copy / "cities" / "padua.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("native_names:\n"), text.index("aliases:")
    path.write_text(text[:start] + "native_names: [Padoa]\n" + text[end:], encoding="utf-8")
    assert problems(copy) == [
        "cities/padua.yaml: native_names.0: Value error, 'Padoa' has no source; write {name: Padoa, sources: [URL]}, "
        "or move it to aliases (used for matching only, never shown)"
    ]


def test_native_name_person_and_status_note_need_sources(copy: Path) -> None:
    path = copy / "cities" / "belfast.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    language: Irish\n    sources:\n", "    language: Irish\n    x:\n"
    )
    text = text.replace("    side: partner\n", "    side: belfast\n", 1)
    path.write_text(text + "status_note: {text: Maybe not.}\n", encoding="utf-8")
    praia = copy / "cities" / "praia.yaml"
    text = praia.read_text(encoding="utf-8")
    start = text.index("    sources:", text.index("  - name: Ulisses Correia e Silva"))
    end = text.index("  - name: Martin J. Walsh")
    praia.write_text(text[:start] + text[end:], encoding="utf-8")
    assert problems(copy) == [
        "cities/belfast.yaml: native_names.0.sources: Field required",
        "cities/belfast.yaml: native_names.0.x: Extra inputs are not permitted",
        "cities/belfast.yaml: status_note.sources: Field required",
        "cities/belfast.yaml: people.0.side: Input should be 'boston' or 'partner'",
        "cities/praia.yaml: people.0.sources: Field required",
    ]


# ---- unconfirmed cities (knowledge/unconfirmed/): validated like the rest, never counted


def test_without_the_unconfirmed_folder_there_are_no_unconfirmed_cities(copy: Path) -> None:
    shutil.rmtree(copy / "unconfirmed")
    kb = load_knowledge(copy)
    assert kb.unconfirmed == ()
    assert len(kb.sister_cities) == 10


def test_an_unconfirmed_city_is_validated_like_the_others(copy: Path) -> None:
    path = copy / "unconfirmed" / "beira.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("count_note:")] + "founded: 1887\n", encoding="utf-8")
    assert problems(copy) == [
        "unconfirmed/beira.yaml: sources: Field required",
        "unconfirmed/beira.yaml: founded: Extra inputs are not permitted",
    ]


def test_a_claimed_sister_city_needs_its_count_caveat(copy: Path) -> None:
    path = copy / "unconfirmed" / "beira.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("count_note:")] + text[text.index("\nsources:") + 1 :], encoding="utf-8")
    (problem,) = problems(copy)
    assert (
        problem.startswith("unconfirmed/beira.yaml: ") and "count_note: Field required for a claimed sister" in problem
    )


def test_an_unconfirmed_city_may_not_claim_a_real_citys_name_or_id(copy: Path) -> None:
    beira = (copy / "unconfirmed" / "beira.yaml").read_text(encoding="utf-8")
    praia = beira.replace("id: beira", "id: praia").replace("name: Beira", "name: Praia")
    (copy / "unconfirmed" / "praia.yaml").write_text(praia, encoding="utf-8")
    (copy / "unconfirmed" / "beira.yaml").write_text(
        beira.replace("continent: Africa", "continent: Africa\naliases: [Beira, Padova]"), encoding="utf-8"
    )
    assert problems(copy) == [
        "unconfirmed/praia.yaml: id: 'praia' is already used by cities/praia.yaml",
        "unconfirmed/beira.yaml: aliases: 'padova' is already claimed by cities/padua.yaml",
        "unconfirmed/praia.yaml: name: 'praia' is already claimed by cities/praia.yaml",
    ]


def test_an_unconfirmed_file_must_match_its_id(copy: Path) -> None:
    (copy / "unconfirmed" / "beira.yaml").rename(copy / "unconfirmed" / "beria.yaml")
    assert problems(copy) == ["unconfirmed/beria.yaml: id: 'beira' must match the file name 'beria'"]


def test_one_web_address_is_one_object_however_often_it_is_cited() -> None:
    """A big knowledge base cites the same pages on every entry: each address is parsed once and shared."""
    kb = load_knowledge(REPO / "knowledge")
    cited = [url for city in kb.cities for fact in city.highlights for url in fact.sources]
    by_address: dict[str, set[int]] = {}
    for url in cited:
        by_address.setdefault(str(url), set()).add(id(url))
    assert len(cited) > len(by_address)  # some pages are cited more than once...
    copies = {address: len(ids) for address, ids in by_address.items() if len(ids) > 1}
    assert not copies  # ...and each is one object


# ---- web addresses: an http(s) address with a host, nothing that would break a Slack link

BAD_ADDRESSES = {
    "ftp://example.org/file": "must be a web address starting with http:// or https://, with a host",
    "www.boston.gov/sister-cities": "must be a web address starting with http:// or https://, with a host",
    "https://": "must be a web address starting with http:// or https://, with a host",
    "https://example.org/a page": "must not contain spaces or the characters <, > or |",
    "https://example.org/a|b": "must not contain spaces or the characters <, > or |",
    "https://example.org:99999/": "is not a web address (Port out of range 0-65535)",
}


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_source_that_is_no_web_address_says_why(copy: Path, address: str) -> None:
    path = copy / "cities" / "praia.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("https://")
    end = text.index("\n", first)
    path.write_text(text[:first] + address + text[end:], encoding="utf-8")
    found = problems(copy)
    assert len(found) == 1 and found[0].startswith("cities/praia.yaml: ") and BAD_ADDRESSES[address] in found[0]


def test_a_source_is_kept_as_written() -> None:
    kb = load_knowledge(REPO / "knowledge")
    assert "https://search.boston.gov/node/6566" in {str(s.url) for s in kb.city("hangzhou").sources}
