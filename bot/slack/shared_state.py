"""State that several bot processes share through the records database: which Slack events were handled (so a
retry delivered to another process is not answered twice) and each person's questions in the last minute (so the
rate limit holds across processes). Each has the in-process object's interface; while the database cannot be
reached, the in-process object decides, and one warning says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.records.recorder import hash_user
from bot.records.schema import RateEvent, RateUser, SeenEvent
from bot.slack.dedupe import SeenEvents
from bot.slack.rate_limit import RateLimiter, Verdict

logger = logging.getLogger(__name__)

SEEN_TTL = dt.timedelta(minutes=15)  # Slack's last retry comes 5 minutes after the first delivery
WINDOW = dt.timedelta(seconds=60)
CLEAN_EVERY = 500  # calls between deletions of rows too old to matter


@dataclass(frozen=True)
class Shared:
    """The database several bot processes share their state through, and the key of its user hashes."""

    database: Engine
    hash_key: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Outage:
    """One warning per outage of the database, and one line when it is back."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.down = False
        self._lock = threading.Lock()

    def failed(self, err: Exception) -> None:
        with self._lock:
            if not self.down:
                self.down = True
                logger.warning(
                    "%s: the database cannot be reached (%s); this process decides on its own until it is back.",
                    self.what,
                    type(err).__name__,
                )

    def worked(self) -> None:
        if self.down:
            with self._lock:
                self.down = False
            logger.warning("%s: the database is back; shared again across processes.", self.what)


class _Expiry:
    """Deletes the rows of a table whose time column is older than `age`, once every CLEAN_EVERY calls."""

    def __init__(self, engine: Engine, column: Any, age: dt.timedelta) -> None:
        self.engine, self.column, self.age = engine, column, age
        self._calls = 0

    def __call__(self, now: dt.datetime) -> None:
        self._calls += 1
        if self._calls % CLEAN_EVERY == 1:
            with self.engine.begin() as connection:
                connection.execute(delete(self.column.table).where(self.column < now - self.age))


class SharedSeenEvents:
    """Event ids seen by any process on the database: the insert that fails on the unique key is the lock."""

    def __init__(self, engine: Engine, fallback: SeenEvents, now: Callable[[], dt.datetime] = _now) -> None:
        self.engine = engine
        self.fallback = fallback
        self._now = now
        self._clean = _Expiry(engine, SeenEvent.__table__.c.seen_at, SEEN_TTL)
        self._outage = _Outage("Repeated Slack events")

    def first_time(self, event_id: str) -> bool:
        """True for the first delivery of an event to any process; False for every redelivery."""
        now = self._now()
        try:
            self._clean(now)
            with self.engine.begin() as connection:
                connection.execute(insert(SeenEvent).values(event_id=event_id[:100], seen_at=now))
        except IntegrityError:
            self._outage.worked()
            return False
        except SQLAlchemyError as err:
            self._outage.failed(err)
            return self.fallback.first_time(event_id)
        self._outage.worked()
        self.fallback.first_time(event_id)  # remembered here too, for when the database goes away
        return True


class SharedRateLimiter:
    """At most `per_minute` questions a minute from one person across every process on the database; each process
    locks the person's row while it counts (an UPDATE first, which PostgreSQL and SQLite both lock on)."""

    def __init__(
        self,
        engine: Engine,
        key: str,
        fallback: RateLimiter,
        now: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.engine = engine
        self.per_minute = fallback.per_minute
        self.fallback = fallback
        self._key = key
        self._now = now
        self._clean = _Expiry(engine, RateEvent.__table__.c.at, WINDOW)
        self._outage = _Outage("The rate limit")

    def check(self, user_id: str) -> Verdict:
        """Count one question from `user_id` and say whether to answer it."""
        if self.per_minute <= 0:
            return Verdict.ALLOW
        try:
            verdict = self._check(hash_user(self._key, user_id) or "-", self._now())
        except SQLAlchemyError as err:
            self._outage.failed(err)
            return self.fallback.check(user_id)
        self._outage.worked()
        return verdict

    def _check(self, user: str, now: dt.datetime) -> Verdict:
        for attempt in range(2):
            try:
                with self.engine.begin() as connection:
                    locked = connection.execute(update(RateUser).where(RateUser.user_hash == user).values(touched=now))
                    if not locked.rowcount:
                        connection.execute(insert(RateUser).values(user_hash=user, touched=now, told=False))
                    recent = connection.execute(
                        select(func.count()).where(RateEvent.user_hash == user, RateEvent.at > now - WINDOW)
                    ).scalar_one()
                    if recent < self.per_minute:
                        connection.execute(insert(RateEvent).values(user_hash=user, at=now))
                        connection.execute(update(RateUser).where(RateUser.user_hash == user).values(told=False))
                        verdict = Verdict.ALLOW
                    else:
                        told = connection.execute(select(RateUser.told).where(RateUser.user_hash == user)).scalar_one()
                        connection.execute(update(RateUser).where(RateUser.user_hash == user).values(told=True))
                        verdict = Verdict.REFUSE if told else Verdict.REFUSE_AND_TELL
                self._clean(now)
                return verdict
            except IntegrityError:
                if attempt:  # another process inserted the person's row at the same moment: count again
                    raise
        raise AssertionError("unreachable")

    def seconds_until_allowed(self, user_id: str) -> float:
        """How long until `user_id` may ask again (0 when they may ask now)."""
        if self.per_minute <= 0:
            return 0.0
        now, user = self._now(), hash_user(self._key, user_id) or "-"
        try:
            with self.engine.connect() as connection:
                times = connection.execute(
                    select(RateEvent.at)
                    .where(RateEvent.user_hash == user, RateEvent.at > now - WINDOW)
                    .order_by(RateEvent.at)
                ).scalars()
                found = list(times)
        except SQLAlchemyError:
            return self.fallback.seconds_until_allowed(user_id)
        if len(found) < self.per_minute:
            return 0.0
        oldest = found[0] if found[0].tzinfo else found[0].replace(tzinfo=dt.UTC)  # SQLite drops the zone
        return max(0.0, (oldest + WINDOW - now).total_seconds())
