"""Where the records live (any SQLAlchemy URL; a SQLite file by default) and their schema's migrations."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

DEFAULT_FILE = "sistercity.db"
POOL_SIZE = 10  # connections kept open to a database server
POOL_OVERFLOW = 40  # more opened under a burst, closed after  # in the working directory, created on first use
MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaBehind(Exception):
    """The database's schema is older than this version of the bot; the message says how to upgrade it."""


def database_url(explicit: str | None = None) -> str:
    """DATABASE_URL (given, or from the environment), else a SQLite file sistercity.db in the working directory."""
    url = explicit or os.environ.get("DATABASE_URL") or ""
    return url.strip() or f"sqlite:///{Path.cwd() / DEFAULT_FILE}"


def connect(url: str) -> Engine:
    """An engine for the records; psycopg 3 for a plain postgresql:// URL, and SQLite's foreign keys switched on."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    server = not url.startswith("sqlite")
    # The Slack listeners answer from up to 80 threads; each retry check and rate-limit count takes a connection.
    sizes = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW} if server else {}
    engine = create_engine(url, pool_pre_ping=True, **sizes)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (the newest by default); recorded data is kept."""
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest schema revision this version of the bot knows."""
    head = ScriptDirectory.from_config(_config(create_engine("sqlite://"))).get_current_head()
    assert head is not None
    return head


def check_schema(engine: Engine) -> None:
    """Raise SchemaBehind unless the database is at the newest revision."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        at = f"at revision {current}" if current else "empty"
        raise SchemaBehind(
            f"The records database ({engine.url.render_as_string(hide_password=True)}) is {at}; this version of "
            f"the bot needs revision {head}. Run `sistercity db upgrade` (it keeps every record)."
        )
