"""Figures the reliability tests gather as they run; tests/conftest.py prints them at the end of the session.

Counters only ever grow, and each test adds what it actually did (inputs tried, faults the fake served, requests
sent under load, replies lost or duplicated), so the summary line is measured, not asserted.
"""

from __future__ import annotations

import threading
from collections import Counter

INPUTS = "inputs tried"
FAULTS = "faults injected"
REQUESTS = "requests held"
LOST = "replies lost"
DUPLICATES = "duplicates"
ORDER = (INPUTS, FAULTS, REQUESTS, LOST, DUPLICATES)


class Figures:
    """Thread-safe named counters, plus free-form report lines (the load test's figures)."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lines: list[str] = []
        self._lock = threading.Lock()

    def count(self, name: str, n: int = 1) -> None:
        """Add `n` to the counter `name`."""
        with self._lock:
            self._counts[name] += n

    def replies(self, expected: int, delivered: int) -> None:
        """Record how many replies a test expected and how many Slack got: the shortfall is lost, the excess
        duplicated."""
        self.count(LOST, max(0, expected - delivered))
        self.count(DUPLICATES, max(0, delivered - expected))

    def report(self, line: str) -> None:
        """Keep a line to print in the summary."""
        with self._lock:
            self._lines.append(line)

    def summary(self) -> list[str]:
        """The report lines, then one line of every counter; empty when no reliability test ran."""
        with self._lock:
            if not self._counts and not self._lines:
                return []
            figures = ", ".join(f"{name} {self._counts[name]:,}" for name in ORDER)
            return [*self._lines, f"reliability: {figures}"]


FIGURES = Figures()
