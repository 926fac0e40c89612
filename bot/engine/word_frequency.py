"""English word frequencies on the Zipf scale, exactly as wordfreq gives them, from a small table read in milliseconds.

Importing wordfreq and reading its list of 321,000 English words takes about a third of a second, longer than the
rest of a `sistercity ask`. The engine only ever asks whether a word is at least fairly common (Zipf 3.0 and up),
so the plain lower-case words at or above `FLOOR` (about 33,000) are written once to a table in the cache folder,
rebuilt by itself whenever the installed wordfreq's data changes, and looked up there. Anything the table cannot
settle exactly (digits, apostrophes, other scripts) is asked of wordfreq itself, imported only then.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import math
import os
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from bot.engine.lazy import lazy_pattern
from bot.knowledge.cache import default_cache_dir, prune

# Words below this Zipf frequency are not kept; `zipf` gives 0.0 for them (every caller's threshold is 3.0 or more).
FLOOR = 2.9
_LANGUAGE = "en"
_TABLE_FORMAT = 1
# A word or phrase of plain lower-case letters is one token per word for wordfreq's English tokenizer.
_PLAIN = lazy_pattern(r"[a-z]+(?: [a-z]+)*")


ZIPF_CACHE_SIZE = 65_536  # words and phrases; bounded, so that a stream of new words cannot grow it without end


@lru_cache(maxsize=ZIPF_CACHE_SIZE)
def zipf(text: str) -> float:
    """wordfreq's `zipf_frequency(text, "en")` for any folded word or phrase: exact from FLOOR up, 0.0 below it."""
    if not _PLAIN.fullmatch(text):
        return _wordfreq_zipf(text)
    table = _table()
    one_over = 0.0
    for token in text.split(" "):
        frequency = table.get(token)
        if frequency is None:
            return 0.0  # below the floor: a phrase is never more frequent than its rarest word
        one_over += 1.0 / frequency
    return _to_zipf(1.0 / one_over)


def _to_zipf(frequency: float) -> float:
    # wordfreq's own rounding: three significant digits of the frequency, then hundredths of a Zipf unit
    rounded = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    zipf_value = round(math.log(rounded, 10) + 9, 2)
    return zipf_value if zipf_value >= FLOOR else 0.0


def _wordfreq_zipf(text: str) -> float:
    from wordfreq import zipf_frequency  # a third of a second to import: only when needed

    found = float(zipf_frequency(text, _LANGUAGE))
    return found if found >= FLOOR else 0.0


@cache
def _table() -> dict[str, float]:
    """The plain words at or above FLOOR with their frequencies, from the cache folder (written there first)."""
    path = default_cache_dir() / f"wordfreq-{_LANGUAGE}-{_source_key()}.marshal"
    try:
        stored: Any = marshal.loads(path.read_bytes())
        if isinstance(stored, tuple) and stored[0] == _TABLE_FORMAT:
            return dict(stored[1])
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        pass  # not written yet, or by another version: build it
    table = build_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((_TABLE_FORMAT, table)))
        os.replace(temporary, path)  # atomic: a concurrent reader sees the old file or the new, never half
        prune(path, f"wordfreq-{_LANGUAGE}-*.marshal")
    except OSError:
        pass  # a read-only cache folder only costs each start the build (about half a second)
    return table


def build_table() -> dict[str, float]:
    """Every plain lower-case English word wordfreq rates at FLOOR or above, with its frequency (not cached)."""
    from wordfreq import get_frequency_dict  # only when the table is (re)built

    least = 10 ** (FLOOR - 0.01 - 9)  # a little under, so that rounding up to FLOOR loses no word
    return {
        word: frequency
        for word, frequency in get_frequency_dict(_LANGUAGE).items()
        if frequency >= least and word.isascii() and word.isalpha() and word.islower()
    }


def _source_key() -> str:
    """A digest of the installed wordfreq's data files and of this module, found without importing wordfreq."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    spec = importlib.util.find_spec("wordfreq")
    folder = Path(spec.origin if spec and spec.origin else "").parent / "data"
    for data in sorted(folder.glob(f"*_{_LANGUAGE}.*")):
        stat = data.stat()
        digest.update(f"{data.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]
