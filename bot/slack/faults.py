"""What a failed call to Slack means: a clear log line, what to tell the user, and which ways to tell them still work.

Slack answers some calls with an error code instead of doing them (`not_in_channel`, `invalid_auth`...), and
its servers or the network can fail even after the client's retries. Each fault says which of the bot's ways to
reach the user are still worth trying, so the error handler never retries the very thing that just failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from http.client import HTTPException
from typing import Any
from urllib.error import URLError

from slack_sdk.errors import SlackApiError

from bot.slack.delivery import ResponseUrlError
from bot.slack.messages import ERROR_TEXT

INVITE_HINT = "invite the bot with /invite @Sister Cities, or ask people to DM it"
CHANNEL_FAULTS = {
    "not_in_channel": (
        f"the bot is not a member of the channel; {INVITE_HINT}",
        "I couldn't post my answer in that channel because I'm not a member of it. Invite me with "
        "`/invite @Sister Cities`, or ask me here.",
    ),
    "channel_not_found": (
        "the channel does not exist or the bot cannot see it (a private channel it was not invited to, or a "
        f"deleted one); {INVITE_HINT}",
        "I couldn't post my answer in that channel because I can't see it. Invite me to it, or ask me here.",
    ),
    "is_archived": (
        "the channel is archived; nothing can be posted there until it is unarchived",
        "I couldn't post my answer in that channel because it is archived. Ask me here instead.",
    ),
}
TOKEN_FAULTS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
TOKEN_HINT = (
    "Check SLACK_BOT_TOKEN (the Bot User OAuth Token under OAuth & Permissions) and that the app is still "
    "installed, then restart the bot; meanwhile it still answers /sistercity"
)


@dataclass(frozen=True)
class SlackFault:
    """A call to Slack that failed for a known reason, described for the log and for the user."""

    log_line: str  # what failed, where, and what to do
    user_note: str  # what the user is told, never the error's own text
    web_api_usable: bool = True  # posting with the bot token may still work
    response_url_usable: bool = True  # posting to the request's response_url may still work
    channel_usable: bool = True  # posting in the channel the request came from may still work


def _call_and_channel(response: Any) -> tuple[str, str | None]:
    """The Web API method and the channel of a failed call, read from slack_sdk's response."""
    api_url = str(getattr(response, "api_url", "") or "")
    method = api_url.rsplit("/", 1)[-1].split("?", 1)[0] or "a Web API call"
    req_args = getattr(response, "req_args", None) or {}
    params = {**(req_args.get("params") or {}), **(req_args.get("json") or {})}
    channel = params.get("channel")
    return method, str(channel) if channel else None


def _api_fault(error: SlackApiError) -> SlackFault:
    method, channel = _call_and_channel(error.response)
    status = int(getattr(error.response, "status_code", 0) or 0)
    data = getattr(error.response, "data", None)
    code = str(data.get("error", "")) if isinstance(data, dict) else ""
    where = f" in channel {channel}" if channel else ""
    if code in CHANNEL_FAULTS:
        why, note = CHANNEL_FAULTS[code]
        return SlackFault(f"Slack refused {method}{where}: {code}; {why}.", note, channel_usable=False)
    if code in TOKEN_FAULTS:
        return SlackFault(
            f"Slack refused the bot token on {method}: {code}. {TOKEN_HINT}.", ERROR_TEXT, web_api_usable=False
        )
    if status == 429 or status >= 500:
        return SlackFault(
            f"Slack's Web API still answered {method}{where} with HTTP {status} after retries; the reply was not "
            "delivered.",
            ERROR_TEXT,
            web_api_usable=False,
        )
    return SlackFault(
        f"Slack refused {method}{where}: {code or f'HTTP {status}'}; the reply was not delivered.", ERROR_TEXT
    )


def describe_fault(error: Exception) -> SlackFault | None:
    """The fault when `error` is a failed call to Slack (after retries); None for any other exception."""
    if isinstance(error, SlackApiError):
        return _api_fault(error)
    if isinstance(error, ResponseUrlError):
        return SlackFault(
            f"Slack refused a post to the response_url with HTTP {error.status} ({error.body[:100]!r}) after "
            "retries; a response_url expires after 30 minutes and 5 posts. The reply was not delivered.",
            ERROR_TEXT,
            response_url_usable=False,
        )
    if isinstance(error, URLError | ConnectionError | TimeoutError | HTTPException):
        reason = error.reason if isinstance(error, URLError) else error
        return SlackFault(
            f"Could not reach Slack after retries ({type(error).__name__}: {reason}); the reply was not delivered. "
            "Check the network and SLACK_API_URL.",
            ERROR_TEXT,
            web_api_usable=False,
            response_url_usable=False,
        )
    return None
