"""Slack markup in user text: strip it from questions, escape user text before echoing it."""

from __future__ import annotations

import re

from bot.engine.lazy import lazy_pattern

# <@U123>, <@U123|name>, <#C123|general>, <!channel>, <!subteam^S1|@team>: never part of the question.
_SLACK_TOKEN = lazy_pattern(r"<[@#!][^<>]*>")
# <https://x|label>, <mailto:a@b>: the address is not part of the question; a label is what the user wrote.
_SLACK_LINK = lazy_pattern(r"<(?:https?|mailto|tel|slack):[^<>|]*(?:\|([^<>]*))?>", re.IGNORECASE)
# "@Sister Cities help": the bot's display name (manifest.yaml) typed as plain text.
_PLAIN_BOT_MENTION = lazy_pattern(r"@\s?sister\s?cities\b", re.IGNORECASE)
# "@channel", "@sistercitybot" typed as plain text (not Slack's <!channel> or <@U123>): whom it is addressed to.
_PLAIN_HANDLE = lazy_pattern(r"(?<![\w.])@[A-Za-z][\w.-]*")
_SPACES = lazy_pattern(r"\s+")
# ~struck-through~ words (Slack's strikethrough, or Markdown's ~~double~~): taken back by the writer ("~barcelona~
# err i mean...").
_STRUCK = lazy_pattern(r"(?<![\w~])(~~?)[^~\n]{1,80}\1(?![\w~])")
# Emoji codes as Slack sends them (":wave:", ":flag-jp:", ":+1::skin-tone-2:"): decoration, never words.
_EMOJI_CODE = lazy_pattern(r"(?<![\w:]):[a-z0-9_+'-]{1,40}:(?::skin-tone-[1-6]:)?(?![\w])")
_CONTROL = lazy_pattern(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SURROGATES = lazy_pattern(r"[\ud800-\udfff]")


def strip_slack_markup(text: str, emoji: str = " ") -> str:
    """The question without mentions, channel links, special mentions, URLs, emoji codes (replaced by `emoji`),
    struck-through words or control characters."""
    text = encodable(text)
    if "<" in text:
        text = _SLACK_TOKEN.sub(" ", text)
    if "@" in text:
        text = _PLAIN_HANDLE.sub(" ", _PLAIN_BOT_MENTION.sub(" ", text))
    if "<" in text:
        text = _SLACK_LINK.sub(lambda m: f" {m.group(1) or ''} ", text)
    if "&" in text:
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if ":" in text:
        text = _EMOJI_CODE.sub(emoji, text)
    if "~" in text:
        text = _STRUCK.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def encodable(text: str) -> str:
    """The text without lone surrogates, which cannot be encoded as the UTF-8 that Slack requires."""
    return text if text.isascii() else _SURROGATES.sub("", text)


def escape_mrkdwn(text: str) -> str:
    """Escape &, < and > so that user text can never become a mention, a link or a ping in Slack (and drop lone
    surrogates)."""
    text = encodable(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
