"""Logging for the running bot: one stderr handler whose records never carry a Slack token or secret."""

from __future__ import annotations

import logging
import re

# Bot, user and app-level tokens, and the one-time ticket in a Socket Mode WebSocket URL.
_SECRET = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+|(ticket=)[^&\s]+")


def redact(text: str) -> str:
    """The text with every Slack token and Socket Mode ticket replaced by a placeholder."""
    return _SECRET.sub(lambda m: f"{m.group(2)}[redacted]" if m.group(2) else f"{m.group(1)}-[redacted]", text)


class RedactSecrets(logging.Filter):
    """Rewrites each record's message so that no token reaches the log, whichever library logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the formatted message (and drop the arguments it was formatted from); keep the record."""
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(level: str) -> None:
    """Send every log record at `level` or above to stderr, with secrets redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
