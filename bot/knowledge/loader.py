"""Read the knowledge directory into a validated KnowledgeBase, reporting every problem at once."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.knowledge.cache import cached_load
from bot.knowledge.models import City, KnowledgeBase, Topic, UnconfirmedCity
from bot.knowledge.normalize import fold

KNOWLEDGE_ENV = "KNOWLEDGE_DIR"
_Model = TypeVar("_Model", City, Topic, UnconfirmedCity)


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` lists every one as 'file: field: message'."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"The knowledge base has {count}:\n" + "\n".join(f"  {p}" for p in problems))


def default_knowledge_dir() -> Path:
    """The knowledge directory: $KNOWLEDGE_DIR, else the copy inside the package, else the checkout's."""
    if env := os.environ.get(KNOWLEDGE_ENV):
        return Path(env)
    package = Path(__file__).resolve().parent.parent  # bot/
    packaged = package / "_knowledge"
    return packaged if packaged.is_dir() else package.parent / "knowledge"


# LibYAML's safe loader when PyYAML was built with it (about four times faster), else the pure-Python one.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _pure_python_error(text: str) -> yaml.YAMLError:
    """The error PyYAML's own parser reports for text LibYAML refused."""
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as err:
        return err
    return yaml.YAMLError("not valid YAML")


def _field_path(location: Iterable[int | str]) -> str:
    return ".".join(str(part) for part in location) or "(file)"


def _read_yaml(path: Path, label: str, problems: list[str]) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_SAFE_LOADER)  # a safe loader
    except (OSError, UnicodeDecodeError) as err:
        problems.append(f"{label}: (file): cannot be read ({err}); check the file's permissions and encoding")
        return None
    except yaml.YAMLError:
        refused = _pure_python_error(text)  # LibYAML words its errors otherwise: say them the same way everywhere
        mark = getattr(refused, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problems.append(f"{label}: {where}: is not valid YAML ({getattr(refused, 'problem', refused)})")
        return None
    if not isinstance(data, dict):
        problems.append(f"{label}: (file): must be a mapping of keys to values, got {type(data).__name__}")
        return None
    return data


def _load_kind(
    folder: Path, model: type[_Model], root: Path, problems: list[str], optional: bool = False
) -> list[_Model]:
    entries: list[_Model] = []
    if not folder.is_dir():
        if optional:
            return entries
        problems.append(f"{folder.relative_to(root)}: (folder): is missing; create it with one YAML file per entry")
        return entries
    for path in sorted(folder.glob("*.y*ml")):
        label = str(path.relative_to(root))
        data = _read_yaml(path, label, problems)
        if data is None:
            continue
        try:
            entry = model.model_validate(data)
        except ValidationError as err:
            problems.extend(f"{label}: {_field_path(e['loc'])}: {e['msg']}" for e in err.errors())
            continue
        if entry.id != path.stem:
            problems.append(f"{label}: id: '{entry.id}' must match the file name '{path.stem}'")
        entries.append(entry)
    return entries


def _check_unique_ids(labelled: list[tuple[str, BaseModel]], problems: list[str]) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for label, entry in labelled:
        owners[str(getattr(entry, "id"))].append(label)  # noqa: B009 - every model has an id
    for entry_id, labels in owners.items():
        if len(labels) > 1:
            problems.append(f"{labels[1]}: id: '{entry_id}' is already used by {labels[0]}")


def _check_unique_names(cities: list[tuple[str, City]], problems: list[str]) -> dict[str, str]:
    """Report a name claimed by two cities; return every city name (folded) with the file that claims it."""
    claimed: dict[str, tuple[str, str]] = {}
    for label, city in cities:
        for name in dict.fromkeys(fold(n) for n in city.names):
            if name in claimed and claimed[name][1] != city.id:
                problems.append(f"{label}: aliases: '{name}' is already claimed by {claimed[name][0]}")
            claimed.setdefault(name, (label, city.id))
    return {name: label for name, (label, _) in claimed.items()}


def _check_unconfirmed_names(
    unconfirmed: list[tuple[str, UnconfirmedCity]], claimed: dict[str, str], problems: list[str]
) -> None:
    # An unconfirmed city must never answer for a real one (or another unconfirmed one), nor a real one for it.
    for label, city in unconfirmed:
        own = {fold(city.name): "name"} | {fold(a): "aliases" for a in city.aliases if fold(a) != fold(city.name)}
        for name, key in own.items():
            if name in claimed:
                problems.append(f"{label}: {key}: '{name}' is already claimed by {claimed[name]}")
        claimed.update(dict.fromkeys(own, label))


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load the knowledge base, or raise KnowledgeError listing every problem."""
    root = directory or default_knowledge_dir()
    if not root.is_dir():
        raise KnowledgeError([f"{root}: (folder): does not exist; pass --knowledge DIR or set {KNOWLEDGE_ENV}"])
    return cached_load(root, _load)


def _load(root: Path) -> KnowledgeBase:
    """Read and validate every file under `root` (see load_knowledge)."""
    problems: list[str] = []
    cities = _load_kind(root / "cities", City, root, problems)
    topics = _load_kind(root / "topics", Topic, root, problems)
    unconfirmed = _load_kind(root / "unconfirmed", UnconfirmedCity, root, problems, optional=True)
    labelled_cities = [(f"cities/{c.id}.yaml", c) for c in cities]
    labelled_topics = [(f"topics/{t.id}.yaml", t) for t in topics]
    labelled_unconfirmed = [(f"unconfirmed/{u.id}.yaml", u) for u in unconfirmed]
    _check_unique_ids([*labelled_cities, *labelled_topics, *labelled_unconfirmed], problems)
    claimed = _check_unique_names(labelled_cities, problems)
    _check_unconfirmed_names(labelled_unconfirmed, claimed, problems)
    # Ids of topic files that failed validation still count, so one bad file is reported once.
    topic_ids = {t.id for t in topics} | {p.stem for p in (root / "topics").glob("*.y*ml")}
    for label, topic in labelled_topics:
        problems.extend(f"{label}: related: '{rid}' is not a topic id" for rid in topic.related if rid not in topic_ids)
    if not problems and not any(c.is_sister for c in cities):
        problems.append("cities: (folder): has no sister city; add one file with status: sister")
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(cities=tuple(cities), topics=tuple(topics), unconfirmed=tuple(unconfirmed))
