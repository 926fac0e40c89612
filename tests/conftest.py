"""Shared fixtures: the real knowledge base and one engine for the whole session; the reliability summary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from bot.engine.core import Engine
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.slack.app import create_app
from bot.slack.listener_pool import ListenerPool
from tests.fake_slack import FakeSlack
from tests.postgres import Postgres, PostgresUnavailable, throwaway_postgres
from tests.reliability_figures import FIGURES
from tests.slack_fixtures import served, settings_for

REPO = Path(__file__).resolve().parent.parent

# Property-based tests run the same examples on every run and machine (derandomized, no example database), with
# no per-example deadline: a bounded number of examples each, set per test, and the suite's timeouts.
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None, print_blob=True)
settings.load_profile("repeatable")


@pytest.fixture(scope="session", autouse=True)
def records_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Questions the tests ask through `sistercity chat` (in-process or in a child process) are recorded in a
    throwaway SQLite file, never in a sistercity.db wherever the test runs."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", f"sqlite:///{tmp_path_factory.mktemp('records') / 'sistercity.db'}")
    yield
    patch.undo()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One throwaway PostgreSQL server for the session (tests/postgres.py); skipped with the reason when it cannot
    start here."""
    try:
        with throwaway_postgres() as server:
            yield server
    except PostgresUnavailable as err:
        pytest.skip(f"PostgreSQL half skipped: {err}")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The project's real knowledge base."""
    return load_knowledge(REPO / "knowledge")


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """The answer engine over the real knowledge base."""
    return Engine.build(kb)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    """A fake Slack Web API (and Socket Mode server) on 127.0.0.1, one per test module."""
    with FakeSlack() as server:
        yield server


@pytest.fixture(scope="module")
def listener_pool() -> Iterator[ListenerPool]:
    """The listener pool of the module's app (`url`), for tests to wait on (`wait_until_idle`)."""
    with ListenerPool() as pool:
        yield pool


@pytest.fixture(scope="module")
def url(fake: FakeSlack, engine: Engine, listener_pool: ListenerPool) -> Iterator[str]:
    """The real app served over HTTP on 127.0.0.1 against the fake Slack: its /slack/events URL."""
    with served(create_app(engine, settings_for(fake), pool=listener_pool)) as events_url:
        yield events_url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """End the run with the reliability figures (inputs tried, faults injected, requests held, losses, duplicates)."""
    lines = FIGURES.summary()
    if lines:
        terminalreporter.section("reliability")
        for line in lines:
            terminalreporter.write_line(line)
