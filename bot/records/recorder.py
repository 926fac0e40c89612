"""Recording questions and clicks off the answering path: a queue drained by one writer thread.

`Recorder.question()` and `Recorder.feedback()` only put a row on a bounded queue and return at once; a writer
thread inserts the rows in batches. If the database is down or full, the bot still answers: the writer logs one
warning for the outage (not one per question), keeps the rows and tries again with a growing pause, and says how many
it caught up with once the database is back. Rows beyond the queue's bound are dropped and counted, never waited for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import queue
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from bot.engine.answers import Answer
from bot.records.schema import FeedbackRecord, Meta, QuestionRecord

logger = logging.getLogger(__name__)

MAX_QUEUE = 10_000  # rows waiting for the database; more are dropped (and counted) rather than held in memory
BATCH = 200  # rows per transaction
FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 30.0
HASH_KEY = "user_hash_key"  # the records_meta row that keeps a generated key
PURGE_EVERY_SECONDS = 24 * 3600.0  # records past the retention are deleted at start and then once a day
SURFACES = frozenset({"mention", "dm", "command", "button", "chat"})


@dataclass
class _Row:
    table: Any
    values: dict[str, Any]


@dataclass
class RecorderStats:
    """What the writer did: rows written, dropped because the queue was full, and outages seen."""

    written: int = 0
    dropped: int = 0
    outages: int = 0
    waiting: int = 0
    errors: list[str] = field(default_factory=list)


def hash_user(key: str, user_id: str | None) -> str | None:
    """The keyed hash (HMAC-SHA256) that stands in for a Slack user id; the id itself is never stored."""
    if not user_id:
        return None
    return hmac.new(key.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def stored_key(engine: Engine, explicit: str | None = None) -> str:
    """The key for user hashes: the setting when given, else the one generated on first run and kept in the
    database (so that every process writing to it hashes alike)."""
    if explicit:
        return explicit
    with engine.connect() as connection:
        found = connection.execute(select(Meta.value).where(Meta.key == HASH_KEY)).scalar()
    if found:
        return str(found)
    # another process may generate it at the same moment: the unique key keeps one, which both then read
    with contextlib.suppress(SQLAlchemyError), engine.begin() as connection:
        connection.execute(insert(Meta).values(key=HASH_KEY, value=secrets.token_hex(32)))
    with engine.connect() as connection:
        return str(connection.execute(select(Meta.value).where(Meta.key == HASH_KEY)).scalar_one())


def question_values(
    answer: Answer, surface: str, knowledge_version: str, user_hash: str | None, at: dt.datetime | None = None
) -> dict[str, Any]:
    """The row recorded for one answered question."""
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}: use one of {', '.join(sorted(SURFACES))}")
    return {
        "asked_at": at or dt.datetime.now(dt.UTC),
        "surface": surface,
        "text": answer.question[:4000],
        "answered": answer.answered,
        "entry": answer.entry,
        "score": max(0, min(100, answer.score)),
        "kind": answer.kind.value,
        "suggestions": [c.id for c in answer.suggestions] + [t.id for t in answer.topic_suggestions],
        "not_understood": list(answer.unexplained),
        "knowledge_version": knowledge_version,
        "user_hash": user_hash,
        "answer_id": uuid.uuid4().hex,
    }


class Recorder:
    """Writes question and feedback rows to the records database on a thread of its own; never blocks an answer."""

    def __init__(
        self,
        engine: Engine,
        knowledge_version: str,
        hash_key: str,
        retention_days: int | None = None,
        max_queue: int = MAX_QUEUE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.knowledge_version = knowledge_version
        self._key = hash_key
        self.retention_days = retention_days
        self.stats = RecorderStats()
        self._queue: queue.Queue[_Row | None] = queue.Queue(maxsize=max_queue)
        self._sleep = sleep
        self._pending: list[_Row] = []
        self._down = False
        self._thread = threading.Thread(target=self._run, name="records-writer", daemon=True)
        self._thread.start()

    @property
    def hash_key(self) -> str:
        """The key of the user hashes (shared with the rate limit across processes)."""
        return self._key

    def question(self, answer: Answer, surface: str, user_id: str | None = None) -> str:
        """Record an answered question; returns its answer id, which feedback and button clicks refer to."""
        values = question_values(answer, surface, self.knowledge_version, hash_user(self._key, user_id))
        self._put(_Row(QuestionRecord, values))
        return str(values["answer_id"])

    def feedback(self, answer_id: str | None, kind: str, value: str | None = None, user_id: str | None = None) -> None:
        """Record a click on an answer (helpful, not_helpful, or a button that opened entry `value`)."""
        values = {
            "at": dt.datetime.now(dt.UTC),
            "answer_id": answer_id,
            "kind": kind,
            "value": value,
            "user_hash": hash_user(self._key, user_id),
        }
        self._put(_Row(FeedbackRecord, values))

    def _put(self, row: _Row) -> None:
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            self.stats.dropped += 1

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every row so far is written (or the timeout passes); True when all were."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0 and not self._pending:
                return True
            time.sleep(0.01)
        return False

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued (within the timeout), then stop the writer."""
        self.flush(timeout)
        self._queue.put(None)
        self._thread.join(timeout)
        if self._pending or not self._queue.empty():
            left = len(self._pending) + self._queue.qsize()
            logger.warning("Records: %d rows were not written before the bot stopped.", left)

    def purge(self) -> int:
        """Delete questions (and their feedback) older than the retention setting; the number deleted."""
        if not self.retention_days:
            return 0
        return purge_older_than(self.engine, self.retention_days)

    def _run(self) -> None:
        purged = time.monotonic()
        self._try(self.purge)
        pause = FIRST_RETRY_SECONDS
        while True:
            if time.monotonic() - purged >= PURGE_EVERY_SECONDS:  # a bot that runs for months purges daily
                purged = time.monotonic()
                self._try(self.purge)
            if not self._pending:
                try:
                    row = self._queue.get(timeout=PURGE_EVERY_SECONDS)
                except queue.Empty:
                    continue
                if row is None:
                    self._queue.task_done()
                    return
                self._pending = [row, *self._drain(BATCH - 1)]
            if self._try(lambda: self._write(self._pending)):
                if self._down:
                    logger.warning(
                        "Records: the database is back; %d rows written after the outage.", len(self._pending)
                    )
                    self._down = False
                self.stats.written += len(self._pending)
                for _ in self._pending:
                    self._queue.task_done()
                self._pending = []
                pause = FIRST_RETRY_SECONDS
            else:
                self._sleep(pause)
                pause = min(MAX_RETRY_SECONDS, pause * 2)

    def _drain(self, most: int) -> list[_Row]:
        rows: list[_Row] = []
        while len(rows) < most:
            try:
                row = self._queue.get_nowait()
            except queue.Empty:
                break
            if row is None:
                self._queue.put(None)  # stop after this batch
                self._queue.task_done()
                break
            rows.append(row)
        return rows

    def _write(self, rows: Iterable[_Row]) -> None:
        with self.engine.begin() as connection:
            for row in rows:
                connection.execute(insert(row.table).values(**row.values))

    def _try(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except SQLAlchemyError as err:
            if not self._down:
                self._down = True
                self.stats.outages += 1
                logger.warning(
                    "Records: cannot write to the database (%s); answers go on, and the records are kept and "
                    "written when it is back.",
                    type(err).__name__,
                )
            self.stats.errors.append(type(err).__name__)
            return False
        return True


def purge_older_than(engine: Engine, days: int) -> int:
    """Delete the questions asked more than `days` days ago, with their feedback; the number of questions."""
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    with engine.begin() as connection:
        old = select(QuestionRecord.answer_id).where(QuestionRecord.asked_at < cutoff)
        connection.execute(delete(FeedbackRecord).where(FeedbackRecord.answer_id.in_(old)))
        connection.execute(delete(FeedbackRecord).where(FeedbackRecord.at < cutoff))
        result = connection.execute(delete(QuestionRecord).where(QuestionRecord.asked_at < cutoff))
        return int(result.rowcount or 0)
