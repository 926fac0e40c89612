"""Values computed on first use: a per-instance value kept on the instance, and a regular expression compiled when
first used."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast, overload

T = TypeVar("T")


class lazy(Generic[T]):
    """Like functools.cached_property, without the lock Python 3.11 takes on every first use (3.12 dropped it): a
    pure value computed twice by two threads at once is the same value, so no lock is needed. Works on frozen
    dataclasses (it writes the instance's __dict__ directly)."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> lazy[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | lazy[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class _LazyPattern:
    """A regular expression compiled on its first use; from then on its methods are the compiled pattern's own,
    read from the instance with no extra call."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self.pattern, self.flags)
        for method in _PATTERN_METHODS:
            setattr(self, method, getattr(compiled, method))  # two threads may both do this: the same values
        return getattr(compiled, name)


_PATTERN_METHODS = (
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "finditer",
    "findall",
    "split",
    "groups",
    "groupindex",
)


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, put off until the pattern is first used: one `sistercity ask` reaches about two
    thirds of the engine's patterns, and compiling all of them at import took a tenth of its start-up."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
