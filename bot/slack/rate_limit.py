"""Per-user rate limiting: at most N questions a minute from one person, so no one can make the bot flood a channel."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from enum import Enum

WINDOW_SECONDS = 60.0
DEFAULT_MAX_USERS = 10_000  # people remembered at once; the least recently active are forgotten first


class Verdict(Enum):
    """What to do with one request."""

    ALLOW = "allow"
    REFUSE_AND_TELL = "refuse_and_tell"  # the first refusal since the user was last allowed: tell them, once
    REFUSE = "refuse"  # refused again: they have been told already


class RateLimiter:
    """A thread-safe sliding-window limit of `per_minute` requests per user; 0 means no limit."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = DEFAULT_MAX_USERS,
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._max_users = max_users
        self._recent: OrderedDict[str, deque[float]] = OrderedDict()  # user -> times of allowed requests
        self._told: set[str] = set()
        self._lock = threading.Lock()

    def check(self, user_id: str) -> Verdict:
        """Count one request from `user_id` and say whether to answer it."""
        if self.per_minute <= 0:
            return Verdict.ALLOW
        now = self._clock()
        with self._lock:
            times = self._recent.pop(user_id, None) or deque()
            while times and times[0] <= now - WINDOW_SECONDS:
                times.popleft()
            self._recent[user_id] = times  # most recently active last
            while len(self._recent) > self._max_users:
                forgotten, _ = self._recent.popitem(last=False)
                self._told.discard(forgotten)
            if len(times) < self.per_minute:
                times.append(now)
                self._told.discard(user_id)
                return Verdict.ALLOW
            if user_id in self._told:
                return Verdict.REFUSE
            self._told.add(user_id)
            return Verdict.REFUSE_AND_TELL

    def seconds_until_allowed(self, user_id: str) -> float:
        """How long until `user_id` may ask again (0 when they may ask now)."""
        with self._lock:
            times = self._recent.get(user_id)
            if self.per_minute <= 0 or not times or len(times) < self.per_minute:
                return 0.0
            return max(0.0, times[0] + WINDOW_SECONDS - self._clock())
