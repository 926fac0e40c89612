"""Recognise Slack's redeliveries of an event by its event_id, so a retried event never gets a second reply."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

# Slack retries an unacknowledged event three times: at once, after 1 minute and after 5 minutes.
DEFAULT_TTL_SECONDS = 15 * 60.0
DEFAULT_CAPACITY = 10_000


class SeenEvents:
    """A thread-safe, bounded memory of recently seen event ids (per process)."""

    def __init__(
        self,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        capacity: int = DEFAULT_CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an event id is seen within the TTL; False for every redelivery."""
        now = self._clock()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) <= now - self._ttl:
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            if len(self._seen) >= self._capacity:
                self._seen.popitem(last=False)
            self._seen[event_id] = now
            return True

    def __len__(self) -> int:
        """How many event ids are remembered."""
        with self._lock:
            return len(self._seen)
