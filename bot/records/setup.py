"""Starting the recorder from the settings, for `sistercity chat` and the Slack bot alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.knowledge.cache import content_version
from bot.records.database import SchemaBehind, check_schema, connect, database_url, upgrade
from bot.records.recorder import Recorder, stored_key
from bot.records.settings import RecordSettings


def start_recorder(knowledge_root: Path, notify: Callable[[str], object]) -> Recorder | None:
    """A recorder writing to DATABASE_URL (the default SQLite file is created on first use), or None when the
    database cannot be used, after telling `notify` why no question will be recorded (the bot answers anyway)."""
    settings = RecordSettings()
    url = database_url(settings.database_url)
    try:
        engine = connect(url)
        if url.startswith("sqlite") and not Path(engine.url.database or "").exists():
            upgrade(engine)  # the default SQLite file: created on first use, nothing to set up
        check_schema(engine)
        explicit = settings.records_hash_key.get_secret_value() if settings.records_hash_key else None
        key = stored_key(engine, explicit)
    except SchemaBehind as err:
        notify(f"{err} Questions are not recorded until then.")
        return None
    except Exception as err:
        reason = str(err).splitlines()[0]
        notify(f"Questions are not recorded: the records database cannot be used ({reason}).")
        return None
    return Recorder(
        engine, content_version(knowledge_root), key, retention_days=settings.records_retention_days or None
    )
