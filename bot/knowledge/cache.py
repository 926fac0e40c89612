"""The cache folder, and a validated copy of a big knowledge base kept there so it loads in seconds, not minutes.

A knowledge base of a few dozen files (the real one) is never cached: it loads in milliseconds. One of
`CACHE_MIN_FILES` or more is written once, after a load that found no problem, as
`knowledge-<digest>.pickle`; the digest covers every file's path, size and modification time and the schema's own
code, so any edit to a file (or an upgrade of the schema) makes a new copy by itself. Deleting the folder is always
safe. A copy that cannot be read or written is ignored: the files are then read as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from bot.knowledge.models import KnowledgeBase

# A knowledge base of fewer files than this is read from its files every time.
CACHE_MIN_FILES = 500
_SCHEMA = (Path(__file__).with_name("models.py"), Path(__file__).with_name("loader.py"))


def default_cache_dir() -> Path:
    """Where caches live: $SISTERCITY_CACHE_DIR, else $XDG_CACHE_HOME/sistercity, else ~/.cache/sistercity."""
    if folder := os.environ.get("SISTERCITY_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sistercity"


# Copies made from other code or data are pruned when a new one is written, all but this many of the newest (a few,
# so that two checkouts sharing one cache folder do not rebuild each other's copy at every start).
KEEP_OLD_COPIES = 2


def prune(written: Path, pattern: str, keep: int = KEEP_OLD_COPIES) -> None:
    """Delete the files beside `written` that match `pattern`, except `written` and the `keep` newest others."""
    try:
        others = [p for p in written.parent.glob(pattern) if p != written]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned it first, or the folder is read-only: a stale copy only costs disk space


def _files(root: Path) -> list[Path]:
    return sorted(p for kind in ("cities", "topics", "unconfirmed") for p in (root / kind).glob("*.y*ml"))


def content_version(root: Path) -> str:
    """A short digest of every knowledge file's name and bytes: which knowledge an answer was given from."""
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(f"{path.relative_to(root)}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _digest(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256(str(root.resolve()).encode())
    for code in _SCHEMA:
        digest.update(code.read_bytes())
    for path in files:
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]


def cached_load(root: Path, load: Callable[[Path], KnowledgeBase], cache_dir: Path | None = None) -> KnowledgeBase:
    """`load(root)`, or the copy a previous load of the same files left in the cache (big knowledge bases only)."""
    files = _files(root)
    if len(files) < CACHE_MIN_FILES:
        return load(root)
    path = (cache_dir or default_cache_dir()) / f"knowledge-{_digest(root, files)}.pickle"
    try:
        with path.open("rb") as cached:
            kb = pickle.load(cached)
        if isinstance(kb, KnowledgeBase):
            return kb
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # no copy yet, or one written by another version: read the files
    kb = load(root)  # raises KnowledgeError on a problem, so only a valid knowledge base is ever cached
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".knowledge-", delete=False) as tmp:
            pickle.dump(kb, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        prune(path, "knowledge-*.pickle", keep=KEEP_OLD_COPIES + 2)  # a few knowledge bases may be in use
    except OSError:
        pass  # a read-only cache folder only costs the next start its load time
    return kb
