"""Records of questions and clicks, on a real SQLite file and a real PostgreSQL server: the schema and its migrations,
recording off the answering path, privacy, retention, outages, and the gaps report with fixes that work."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from bot.engine.core import Engine as AnswerEngine
from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.records import recorder as recorder_module
from bot.records.database import SchemaBehind, check_schema, connect, current_revision, head_revision, upgrade
from bot.records.recorder import Recorder, hash_user, purge_older_than, stored_key
from bot.records.report import build_report
from bot.records.schema import FeedbackRecord, QuestionRecord
from bot.slack.dedupe import SeenEvents
from bot.slack.rate_limit import RateLimiter, Verdict
from bot.slack.shared_state import SharedRateLimiter, SharedSeenEvents
from tests.postgres import Postgres

# Questions in groups the bot cannot answer today, and some it can.
BELFAZ = ["tell me about belfaz", "belfaz sister city?", "whats new in belfaz", "any news from belfaz lately"]
DUES = ["how much are membership dues", "are there membership dues for the associations?"]
ANSWERED = ["padua", "what are boston's sister cities?", "how is the program funded?"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of each kind: a SQLite file, or a fresh database on the throwaway PostgreSQL server."""
    if request.param == "sqlite":
        engine = connect(f"sqlite:///{tmp_path / 'records.db'}")
        yield engine
        engine.dispose()
        return
    server: Postgres = request.getfixturevalue("postgres")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = connect(server.url.rsplit("/", 1)[0] + f"/{name}")
    yield engine
    engine.dispose()
    admin.dispose()


@pytest.fixture(scope="module")
def answers() -> AnswerEngine:
    return AnswerEngine.build(load_knowledge(None))


def _record(recorder: Recorder, answers: AnswerEngine, questions: list[str], user: str = "U123") -> list[str]:
    return [recorder.question(answers.answer(q), "chat", user_id=user) for q in questions]


def _rows(engine: Engine, table: type) -> list[sa.Row[tuple[object, ...]]]:
    with engine.connect() as connection:
        return list(connection.execute(sa.select(table)))


def test_an_empty_database_is_behind_until_upgraded(db: Engine) -> None:
    with pytest.raises(SchemaBehind, match="sistercity db upgrade"):
        check_schema(db)
    upgrade(db)
    assert current_revision(db) == head_revision()
    check_schema(db)


def test_questions_and_clicks_are_recorded_with_their_outcome(db: Engine, answers: AnswerEngine) -> None:
    upgrade(db)
    recorder = Recorder(db, "v1", stored_key(db))
    padua, belfaz = _record(recorder, answers, ["padua", "tell me about belfaz"])
    recorder.feedback(belfaz, "button", "belfast")
    recorder.feedback(padua, "not_helpful")
    recorder.close()
    questions = {r.text: r for r in _rows(db, QuestionRecord)}
    assert questions["padua"].answered and questions["padua"].entry == "padua"
    assert questions["padua"].knowledge_version == "v1" and questions["padua"].surface == "chat"
    missed = questions["tell me about belfaz"]
    assert not missed.answered and missed.suggestions == ["belfast"] and missed.not_understood == ["belfaz"]
    clicks = {(r.answer_id, r.kind, r.value) for r in _rows(db, FeedbackRecord)}
    assert clicks == {(belfaz, "button", "belfast"), (padua, "not_helpful", None)}


def test_the_user_id_is_stored_only_as_a_keyed_hash(db: Engine, answers: AnswerEngine) -> None:
    upgrade(db)
    key = stored_key(db)
    assert stored_key(db) == key  # generated on first use, then kept in the database
    recorder = Recorder(db, "v1", key)
    _record(recorder, answers, ["padua"], user="U0SECRET1")
    recorder.close()
    (row,) = _rows(db, QuestionRecord)
    assert row.user_hash == hash_user(key, "U0SECRET1") and "U0SECRET1" not in str(tuple(row))
    assert hash_user("another key", "U0SECRET1") != row.user_hash


def test_records_older_than_the_retention_are_deleted(db: Engine, answers: AnswerEngine) -> None:
    upgrade(db)
    recorder = Recorder(db, "v1", "key")
    old, new = _record(recorder, answers, ["padua", "kyoto"])
    recorder.feedback(old, "helpful")
    recorder.close()
    with db.begin() as connection:
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
        connection.execute(sa.update(QuestionRecord).where(QuestionRecord.answer_id == old).values(asked_at=long_ago))
        connection.execute(sa.update(FeedbackRecord).values(at=long_ago))
    assert purge_older_than(db, 30) == 1
    assert [r.answer_id for r in _rows(db, QuestionRecord)] == [new]
    assert _rows(db, FeedbackRecord) == []


def test_an_upgrade_keeps_every_record(db: Engine, answers: AnswerEngine) -> None:
    upgrade(db)
    recorder = Recorder(db, "v1", "key")
    _record(recorder, answers, ANSWERED)
    recorder.close()
    upgrade(db)  # at head already: nothing to do, nothing lost
    assert len(_rows(db, QuestionRecord)) == len(ANSWERED)


def test_the_report_groups_the_gaps_and_suggests_fixes(db: Engine, answers: AnswerEngine) -> None:
    upgrade(db)
    recorder = Recorder(db, "v1", "key")
    _record(recorder, answers, BELFAZ + DUES + ANSWERED * 2)
    recorder.close()
    report = build_report(db, answers.kb, knowledge_dir=default_knowledge_dir())
    assert report["questions"] == len(BELFAZ + DUES) + 2 * len(ANSWERED)
    assert report["answered"] == 2 * len(ANSWERED)
    top, second = report["unanswered_groups"][:2]
    assert top["count"] == len(BELFAZ) and set(top["examples"]) <= set(BELFAZ)
    assert top["suggestion"]["kind"] == "alias" and top["suggestion"]["entry"] == "belfast"
    assert "Belfaz" in top["suggestion"]["text"] and top["suggestion"]["file"].endswith("cities/belfast.yaml")
    assert second["count"] == len(DUES) and second["suggestion"]["kind"] in {"keyword", "topic"}
    assert {e["entry"] for e in report["top_entries"]} >= {"padua", "funding"}


def test_applying_the_suggested_alias_answers_those_questions(
    db: Engine, answers: AnswerEngine, tmp_path: Path
) -> None:
    upgrade(db)
    recorder = Recorder(db, "v1", "key")
    _record(recorder, answers, BELFAZ)
    recorder.close()
    copy = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), copy)
    fix = build_report(db, answers.kb, knowledge_dir=copy)["unanswered_groups"][0]["suggestion"]
    path = Path(fix["file"])
    text = path.read_text(encoding="utf-8")
    assert text.count("\naliases:") == 1
    lines = [fix["text"] if line.startswith("aliases:") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edited = AnswerEngine.build(load_knowledge(copy))
    for question in BELFAZ:
        assert not answers.answer(question).answered
        found = edited.answer(question)
        assert found.answered and found.entry == "belfast", question


def test_a_locked_sqlite_file_delays_the_records_but_loses_none(
    tmp_path: Path, answers: AnswerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "records.db"
    engine = connect(f"sqlite:///{path}?timeout=0.05")
    upgrade(engine)
    lock = sqlite3.connect(path)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the file: every write fails for now
    recorder = Recorder(engine, "v1", "key", sleep=lambda s: None)
    with caplog.at_level(logging.WARNING, logger=recorder_module.__name__):
        ids = _record(recorder, answers, ANSWERED * 3)
        assert not recorder.flush(timeout=0.5)  # nothing can be written while the lock is held
        lock.rollback()
        lock.close()
        assert recorder.flush(timeout=10)
    recorder.close()
    assert sorted(r.answer_id for r in _rows(engine, QuestionRecord)) == sorted(ids)
    outage = [r for r in caplog.records if "cannot write" in r.getMessage()]
    assert len(outage) == 1  # one warning for the outage, not one per question
    assert any("is back" in r.getMessage() for r in caplog.records)


@pytest.mark.slow
def test_postgres_going_away_and_coming_back_loses_no_record(
    postgres: Postgres, answers: AnswerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    engine = connect(postgres.url)
    upgrade(engine)
    recorder = Recorder(engine, "v1", "key", sleep=lambda s: None)
    with caplog.at_level(logging.WARNING, logger=recorder_module.__name__):
        before = _record(recorder, answers, ["padua"])
        assert recorder.flush()
        postgres.stop()
        during = _record(recorder, answers, ANSWERED)
        assert not recorder.flush(timeout=1)
        postgres.start()
        assert recorder.flush(timeout=30)
    recorder.close()
    recorded = {r.answer_id for r in _rows(engine, QuestionRecord)}
    assert set(before + during) <= recorded
    assert len([r for r in caplog.records if "cannot write" in r.getMessage()]) == 1
    engine.dispose()


def test_a_full_queue_drops_and_counts_instead_of_waiting(tmp_path: Path, answers: AnswerEngine) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'records.db'}?timeout=0.05")
    upgrade(engine)
    lock = sqlite3.connect(tmp_path / "records.db")
    lock.execute("BEGIN EXCLUSIVE")
    recorder = Recorder(engine, "v1", "key", max_queue=5, sleep=lambda s: None)
    _record(recorder, answers, ["padua"] * 20)  # returns at once, whatever the database does
    lock.rollback()
    lock.close()
    recorder.close()
    assert recorder.stats.dropped > 0
    assert len(_rows(engine, QuestionRecord)) + recorder.stats.dropped == 20


def _scripted_session() -> list[str]:
    """A few hundred mixed questions: most answered, and three groups of gaps of different sizes."""
    import yaml

    table = yaml.safe_load((Path(__file__).with_name("questions.yaml")).read_text(encoding="utf-8"))
    answered = [c["q"] for rows in table.values() for c in rows if c.get("answered", True) and c.get("entry")][:220]
    belfaz = [f"{lead} belfaz{tail}" for lead in ("tell me about", "any news from", "what's", "info on", "facts on")
              for tail in ("", "?", " pls", " sister city", " these days", " lately", " again", " :wave:")]  # fmt: skip
    dues = [f"{lead} membership dues{tail}" for lead in ("how much are", "are there", "what are the")
            for tail in ("", "?", " for the associations", " per year", " this year", " for students")]  # fmt: skip
    heian = [
        f"{lead} heian-kyo{tail}" for lead in ("what is", "tell me about") for tail in ("", "?", " history", " pls")
    ]
    return answered + belfaz + dues + heian


def test_a_scripted_session_reports_the_biggest_gap_first_with_its_fix(db: Engine, answers: AnswerEngine) -> None:
    session = _scripted_session()
    assert len(session) >= 250
    upgrade(db)
    recorder = Recorder(db, "v1", "key")
    _record(recorder, answers, session)
    recorder.close()
    report = build_report(db, answers.kb, knowledge_dir=default_knowledge_dir())
    assert report["questions"] == len(session)
    top = report["unanswered_groups"][0]
    assert top["count"] == 40 and all("belfaz" in e for e in top["examples"])
    assert top["suggestion"] == {
        "kind": "alias",
        "entry": "belfast",
        "text": "aliases: [Bilfaust, Belfaz]",
        "file": str(default_knowledge_dir() / "cities" / "belfast.yaml"),
    }
    second, third = report["unanswered_groups"][1:3]
    assert second["count"] == 18 and all("dues" in e for e in second["examples"])
    # "heian-kyo" was offered some city as "did you mean" by its letters alone: a topic to write, no keyword of it
    assert third["count"] == 8 and third["suggestion"]["kind"] == "topic" and third["suggestion"]["entry"] is None


# ---- several processes, one truth (bot/slack/shared_state.py)


def test_a_migration_from_the_previous_schema_keeps_every_record(db: Engine, answers: AnswerEngine) -> None:
    upgrade(db, "0001")
    recorder = Recorder(db, "v1", "key")
    ids = _record(recorder, answers, ANSWERED)
    recorder.close()
    upgrade(db)
    assert current_revision(db) == head_revision() != "0001"
    assert sorted(r.answer_id for r in _rows(db, QuestionRecord)) == sorted(ids)
    assert SharedSeenEvents(db, SeenEvents()).first_time("Ev1")  # the new tables are there


def test_a_retry_seen_by_another_process_is_not_answered_again(db: Engine) -> None:
    upgrade(db)
    first, second = SharedSeenEvents(db, SeenEvents()), SharedSeenEvents(db, SeenEvents())
    assert first.first_time("Ev0001") is True
    assert second.first_time("Ev0001") is False  # the same event delivered to another process
    assert first.first_time("Ev0001") is False
    assert second.first_time("Ev0002") is True


def test_the_rate_limit_holds_across_processes(db: Engine) -> None:
    upgrade(db)
    clock = [dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)]
    a, b = (SharedRateLimiter(db, "key", RateLimiter(3), now=lambda: clock[0]) for _ in range(2))
    verdicts = []
    for limiter in (a, b, a, b, a, b):
        verdicts.append(limiter.check("U1"))
        clock[0] += dt.timedelta(seconds=1)
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.REFUSE_AND_TELL, Verdict.REFUSE, Verdict.REFUSE]
    assert 50 <= b.seconds_until_allowed("U1") <= 60
    assert a.check("U2") is Verdict.ALLOW  # another person is counted apart
    clock[0] += dt.timedelta(seconds=60)
    assert b.check("U1") is Verdict.ALLOW and a.check("U1") is Verdict.ALLOW  # the window moved on


def test_without_the_database_each_process_decides_on_its_own(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    database = connect(f"sqlite:///{tmp_path / 'missing' / 'gone.db'}")  # a folder that does not exist
    seen = SharedSeenEvents(database, SeenEvents())
    limiter = SharedRateLimiter(database, "key", RateLimiter(1))
    with caplog.at_level(logging.WARNING):
        assert seen.first_time("Ev1") is True and seen.first_time("Ev1") is False
        assert limiter.check("U1") is Verdict.ALLOW and limiter.check("U1") is Verdict.REFUSE_AND_TELL
    warnings = [r.getMessage() for r in caplog.records if "cannot be reached" in r.getMessage()]
    assert len(warnings) == 2  # one per outage and kind of state, not one per request


def test_right_refusals_are_no_gaps_and_everyday_words_make_no_keyword(db: Engine, answers: AnswerEngine) -> None:
    upgrade(db)
    recorder = Recorder(db, "v1", "key")
    refusals = ["is osaka a sister city?", "book me a flight to kyoto", "what are chicago's sister cities?"]
    _record(recorder, answers, refusals * 3 + ["accra is a sister city right?"] * 2)
    recorder.close()
    report = build_report(db, answers.kb)
    assert report["unanswered_groups"] == []  # each was answered as it should be: no fix to the knowledge
    assert report["answered"] == 0
