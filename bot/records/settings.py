"""The records' settings, from the environment or a `.env` file in the working directory."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class RecordSettings(BaseSettings):
    """DATABASE_URL (any SQLAlchemy URL; unset: a SQLite file sistercity.db here), the key of the user hashes
    (unset: generated on first run and kept in the database), and how many days records are kept (0: forever)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True, case_sensitive=False
    )

    database_url: str | None = None
    records_hash_key: SecretStr | None = None
    records_retention_days: int = Field(default=365, ge=0)
