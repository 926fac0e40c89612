"""Logging for the running bot: one stderr handler whose records never carry a Slack token or secret."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# Bot, user, workspace-app, refresh (xoxr, and xoxe for token rotation) and app-level tokens, and the one-time
# ticket in a Socket Mode WebSocket URL.
_SECRET = re.compile(r"\b(xox[abeposr]|xapp)-[A-Za-z0-9-]+|(ticket=)[^&\s]+")


def redact(text: str) -> str:
    """The text with every Slack token and Socket Mode ticket replaced by a placeholder."""
    return _SECRET.sub(lambda m: f"{m.group(2)}[redacted]" if m.group(2) else f"{m.group(1)}-[redacted]", text)


class RedactSecrets(logging.Filter):
    """Rewrites each record's message so that no token reaches the log, whichever library logged it.

    Besides anything shaped like a Slack token, it redacts the exact `secrets` it is given (the signing secret
    has no recognisable shape)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Whole tokens only: a secret is redacted where it stands on its own, never inside another word (a short
        # secret such as "s" would otherwise take every "s" out of the log).
        ordered = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._exact = (
            re.compile("|".join(rf"(?<![A-Za-z0-9_-]){re.escape(s)}(?![A-Za-z0-9_-])" for s in ordered))
            if ordered
            else None
        )

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the formatted message and any traceback (dropping what they were formatted from); keep it."""
        message = record.getMessage()
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True

    def _clean(self, text: str) -> str:
        if self._exact is not None:
            text = self._exact.sub("[redacted]", text)
        return redact(text)


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Send every log record at `level` or above to stderr, with tokens and these `secrets` redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
