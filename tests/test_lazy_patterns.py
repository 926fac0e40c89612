"""Every regular expression the engine compiles on first use is a valid one: a typo in a pattern must fail here, not
on the first question that happens to reach it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import bot.engine
from bot.engine.lazy import _LazyPattern, lazy_pattern


def _engine_patterns() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for info in pkgutil.walk_packages(bot.engine.__path__, "bot.engine."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple) else (value,)
            for item in values:
                candidates = item if isinstance(item, tuple) else (item,)
                found += [(f"{info.name}.{name}", c) for c in candidates if isinstance(c, _LazyPattern)]
    return found


def test_every_lazy_pattern_of_the_engine_compiles() -> None:
    patterns = _engine_patterns()
    assert len(patterns) > 100  # (the engine's patterns are found: a broken walk would pass vacuously)
    for where, pattern in patterns:
        compiled = re.compile(pattern.pattern, pattern.flags)  # raises re.error, naming the pattern below
        assert compiled.pattern == pattern.pattern, where


def test_a_lazy_pattern_behaves_as_the_compiled_one() -> None:
    lazy = lazy_pattern(r"\b(\w+)ing\b", re.I)
    eager = re.compile(r"\b(\w+)ing\b", re.I)
    text = "Twinning and SIGNING"
    assert lazy.findall(text) == eager.findall(text) == ["Twinn", "SIGN"]
    assert lazy.sub(r"\1", text) == eager.sub(r"\1", text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.search("nothing here!") is not None and lazy.fullmatch("nope") is None
