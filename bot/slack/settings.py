"""The Slack bot's settings, read from the environment and a `.env` file in the working directory."""

from __future__ import annotations

import logging
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_RATE_LIMIT_PER_MINUTE = 10  # questions one person may ask in a minute; 0 means no limit
MIN_SIGNING_SECRET = 16  # characters: a shorter value is a slip, and could not be told apart in the log
TRY_WITHOUT_SLACK = "To try the bot without Slack, run `sistercity chat`."

# Where each variable is found, for error messages (and .env.example, which says the same at more length).
WHERE = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) under OAuth & Permissions in your Slack app's settings",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with the connections:write scope, "
    "under Basic Information > App-Level Tokens",
    "SLACK_SIGNING_SECRET": "the Signing Secret under Basic Information > App Credentials",
}


class Mode(StrEnum):
    """How the bot talks to Slack."""

    SOCKET = "socket"  # Slack Socket Mode: an outgoing WebSocket, no public URL needed
    HTTP = "http"  # Slack sends HTTP requests to /slack/events


class SettingsError(Exception):
    """The settings are missing or invalid; the message names each variable and what to do."""


class Settings(BaseSettings):
    """Every setting of the Slack bot; secrets are SecretStr so they never appear in logs or reprs."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True, case_sensitive=False
    )

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    knowledge_dir: Path | None = None
    onboarding_channel: str | None = None
    log_level: str = "INFO"
    slack_api_url: str = DEFAULT_SLACK_API_URL
    rate_limit_per_minute: int = DEFAULT_RATE_LIMIT_PER_MINUTE
    admin_user_ids: str = ""  # Slack user ids (comma- or space-separated) who may see `/sistercity report`

    @field_validator(
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "knowledge_dir",
        "onboarding_channel",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("onboarding_channel")
    @classmethod
    def _channel_id(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[CG][A-Z0-9]{2,}", value.strip()):
            raise ValueError(
                "must be a channel ID such as C0123ABCDEF (not a #name): it is at the bottom of the channel's "
                "About tab in Slack"
            )
        return value.strip() if value is not None else None

    @field_validator("admin_user_ids")
    @classmethod
    def _admins(cls, value: str) -> str:
        ids = value.replace(",", " ").split()
        if bad := [i for i in ids if not re.fullmatch(r"[UW][A-Z0-9]{2,}", i)]:
            raise ValueError(
                f"must be Slack user ids such as U0123ABCDEF, separated by commas (not {', '.join(bad)}): a person's "
                "id is under their profile's ⋮ menu, Copy member ID"
            )
        return " ".join(ids)

    @property
    def admins(self) -> frozenset[str]:
        """The Slack user ids of the admins who may see the report."""
        return frozenset(self.admin_user_ids.split())

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        url = value.strip()
        if not url.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return url if url.endswith("/") else url + "/"

    @field_validator("slack_signing_secret")
    @classmethod
    def _signing_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < MIN_SIGNING_SECRET:
            raise ValueError(
                f"is too short to be a Slack signing secret (Slack's are 32 characters; at least {MIN_SIGNING_SECRET} "
                "are needed): copy it from your app's Basic Information page, under App Credentials"
            )
        return value

    @field_validator("rate_limit_per_minute")
    @classmethod
    def _rate_limit(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must be a whole number of questions a minute, 0 or more (0 turns the limit off)")
        return value

    def secret_values(self) -> list[str]:
        """The tokens and the signing secret that are set, so that the log can redact them."""
        secrets = (self.slack_bot_token, self.slack_app_token, self.slack_signing_secret)
        return [secret.get_secret_value() for secret in secrets if secret is not None]

    def require(self, mode: Mode) -> None:
        """Raise SettingsError naming every setting that this mode needs and that is not set."""
        needed = {"SLACK_BOT_TOKEN": self.slack_bot_token}
        if mode is Mode.SOCKET:
            needed["SLACK_APP_TOKEN"] = self.slack_app_token
        else:
            needed["SLACK_SIGNING_SECRET"] = self.slack_signing_secret
        missing = [name for name, value in needed.items() if value is None]
        if not missing:
            return
        how = "Socket Mode" if mode is Mode.SOCKET else "HTTP mode (--http)"
        lines = [f"Missing setting{'s' if len(missing) > 1 else ''} for {how}:"]
        lines += [f"  {name}: set it in the environment or in .env; it is {WHERE[name]}." for name in missing]
        if mode is Mode.SOCKET and self.slack_app_token is None and self.slack_signing_secret is not None:
            lines.append("  (Or run `sistercity run --http` to serve Slack's HTTP requests instead.)")
        lines.append(f"See .env.example (`sistercity env-example` prints it) for every setting. {TRY_WITHOUT_SLACK}")
        raise SettingsError("\n".join(lines))


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Settings from the environment and `env_file` (the environment wins); raise SettingsError if invalid."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as err:
        lines = ["Invalid settings:"]
        for problem in err.errors():
            name = "_".join(str(part) for part in problem["loc"]).upper()
            message = problem["msg"].removeprefix("Value error, ")
            lines.append(f"  {name}: {message}.")
        lines.append(
            f"Fix them in the environment or in .env (`sistercity env-example` prints a template). {TRY_WITHOUT_SLACK}"
        )
        raise SettingsError("\n".join(lines)) from None
