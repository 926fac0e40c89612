"""Alembic's environment for the records: run with the connection `bot.records.database` hands it."""

from __future__ import annotations

from alembic import context
from bot.records.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
