"""Requests from Slack in its real formats, for tests: Events API JSON, slash command forms, `payload=` actions,
Socket Mode envelopes, and signed HTTP delivery of each."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.fake_slack import APP_ID, BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "test-signing-secret-8f1c2e"
BOT_TOKEN = "xoxb-test-bot-token"
APP_TOKEN = "xapp-test-app-token"
USER_ID = "U0USER1"
USER_NAME = "pat.doe"
CHANNEL_ID = "C0GENERAL"
DM_CHANNEL_ID = "D0DIRECT1"
HTTP_TIMEOUT = 10.0

_ids = itertools.count(1)


def unique(prefix: str) -> str:
    """A fresh id such as Ev0000017, unique within the test session."""
    return f"{prefix}{next(_ids):07d}"


def new_ts() -> str:
    """A fresh Slack message timestamp."""
    return f"{1712000000 + next(_ids)}.{next(_ids):06d}"


# ---- Events API


def event_callback(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """An Events API event_callback body wrapping one event."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or unique("Ev"),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": unique("4-ctx"),
    }


def mention(
    text: str, channel: str = CHANNEL_ID, thread_ts: str | None = None, ts: str | None = None
) -> dict[str, Any]:
    """An app_mention event: `text` after a mention of the bot."""
    ts = ts or new_ts()
    event = {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "team": TEAM_ID,
        "channel": channel,
        "event_ts": ts,
        "client_msg_id": unique("msg-"),
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, **extra: Any) -> dict[str, Any]:
    """A message.im event from a person (extra keys: subtype, bot_id, thread_ts...)."""
    ts = new_ts()
    event = {
        "type": "message",
        "user": USER_ID,
        "text": text,
        "ts": ts,
        "team": TEAM_ID,
        "channel": DM_CHANNEL_ID,
        "event_ts": ts,
        "channel_type": "im",
    }
    return {**event, **extra}


def home_opened(user: str = USER_ID, tab: str = "home") -> dict[str, Any]:
    """An app_home_opened event."""
    return {"type": "app_home_opened", "user": user, "channel": DM_CHANNEL_ID, "tab": tab, "event_ts": new_ts()}


def member_joined(channel: str, user: str = USER_ID) -> dict[str, Any]:
    """A member_joined_channel event."""
    return {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": "C",
        "team": TEAM_ID,
        "event_ts": new_ts(),
    }


# ---- slash commands and interactivity


def slash_command(text: str, response_url: str, channel: str = CHANNEL_ID) -> dict[str, str]:
    """The form fields Slack posts for `/sistercity TEXT`."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "fake-workspace",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": USER_ID,
        "user_name": USER_NAME,
        "command": "/sistercity",
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": unique("trigger."),
    }


def block_action(
    action_id: str,
    value: str,
    response_url: str | None,
    *,
    where: str = "ephemeral",
    channel: str = CHANNEL_ID,
    message_ts: str | None = None,
    thread_ts: str | None = None,
    block_id: str | None = None,
) -> dict[str, Any]:
    """A block_actions payload for one button click, on an ephemeral or public message or in App Home (`block_id`:
    the id of the block the button is in, when the message gave it one)."""
    action = {
        "action_id": action_id,
        "block_id": block_id or unique("blk"),
        "text": {"type": "plain_text", "text": "Button", "emoji": True},
        "value": value,
        "type": "button",
        "action_ts": new_ts(),
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": USER_ID, "username": USER_NAME, "name": USER_NAME, "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "trigger_id": unique("trigger."),
        "team": {"id": TEAM_ID, "domain": "fake-workspace"},
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": {}},
        "actions": [action],
    }
    if where == "home":
        payload["container"] = {"type": "view", "view_id": "V0001"}
        payload["view"] = {"id": "V0001", "type": "home", "blocks": []}
        return payload
    ts = message_ts or new_ts()
    payload["container"] = {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel,
        "is_ephemeral": where == "ephemeral",
    }
    payload["channel"] = {"id": channel, "name": "general"}
    payload["response_url"] = response_url
    if where == "public":
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": "BBOT", "ts": ts, "text": "...", "blocks": []}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload["message"] = message
    return payload


# ---- Socket Mode envelopes


def events_api_envelope(body: dict[str, Any], retry_attempt: int = 0) -> dict[str, Any]:
    """An events_api envelope; Slack sets retry_attempt 0 on a first delivery."""
    return {
        "envelope_id": unique("env-"),
        "payload": body,
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": retry_attempt,
        "retry_reason": "" if retry_attempt == 0 else "timeout",
    }


def slash_commands_envelope(fields: dict[str, str]) -> dict[str, Any]:
    """A slash_commands envelope (the command's fields as a JSON object)."""
    return {
        "envelope_id": unique("env-"),
        "payload": fields,
        "type": "slash_commands",
        "accepts_response_payload": True,
    }


def interactive_envelope(payload: dict[str, Any]) -> dict[str, Any]:
    """An interactive envelope carrying a block_actions payload."""
    return {"envelope_id": unique("env-"), "payload": payload, "type": "interactive", "accepts_response_payload": False}


# ---- signed HTTP delivery


@dataclass(frozen=True)
class HttpResult:
    """What the bot's HTTP endpoint answered, and how long it took."""

    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


def signed_headers(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's X-Slack-Signature and X-Slack-Request-Timestamp headers for a body (any secret, even an empty one,
    and any bytes, even ones that are not UTF-8)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def post(
    url: str,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
) -> HttpResult:
    """POST a body to the bot, signed as Slack signs it (override headers to forge or break the signature)."""
    all_headers = {"Content-Type": content_type, **signed_headers(body, secret, timestamp), **(headers or {})}
    request = urllib.request.Request(url, data=body, headers=all_headers, method="POST")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            data = response.read()
            return HttpResult(response.status, data, dict(response.headers), time.perf_counter() - start)
    except urllib.error.HTTPError as err:
        with err:
            return HttpResult(err.code, err.read(), dict(err.headers), time.perf_counter() - start)


def post_event(url: str, body: dict[str, Any], **kwargs: Any) -> HttpResult:
    """Deliver an Events API body as JSON."""
    return post(url, json.dumps(body).encode(), "application/json", **kwargs)


def post_command(url: str, fields: dict[str, str], **kwargs: Any) -> HttpResult:
    """Deliver a slash command as a URL-encoded form."""
    return post(url, urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)


def post_action(url: str, payload: dict[str, Any], **kwargs: Any) -> HttpResult:
    """Deliver an interactive payload as the form field payload=JSON."""
    return post(
        url, urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded", **kwargs
    )


def get(url: str) -> HttpResult:
    """A plain GET."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as response:
            return HttpResult(response.status, response.read(), dict(response.headers), time.perf_counter() - start)
    except urllib.error.HTTPError as err:
        with err:
            return HttpResult(err.code, err.read(), dict(err.headers), time.perf_counter() - start)


# ---- reading replies


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button in the blocks, in order (in actions blocks and as section accessories)."""
    found = []
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                found.append(element)
        if (block.get("accessory") or {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    """The button with this action_id; fails the test if there is none."""
    for element in buttons(blocks):
        if element["action_id"] == action_id:
            return element
    raise AssertionError(f"no button {action_id!r} in {[b['action_id'] for b in buttons(blocks)]}")


# ---- events in the shapes Slack documents for them (docs.slack.dev/reference/events/...), beyond a person's text

SLACKBOT_ID = "USLACKBOT"
OTHER_BOT_USER_ID = "U0OTHERBOT"
OTHER_BOT_ID = "B0OTHERBOT"
OTHER_APP_ID = "A0OTHERAPP"


def bot_profile() -> dict[str, Any]:
    """The bot_profile Slack attaches to a message another app's bot posted."""
    return {
        "id": OTHER_BOT_ID,
        "deleted": False,
        "name": "Other App",
        "updated": 1712000000,
        "app_id": OTHER_APP_ID,
        "icons": {"image_36": "https://a.slack-edge.com/36.png", "image_48": "https://a.slack-edge.com/48.png"},
        "team_id": TEAM_ID,
    }


def slackbot_dm(text: str = "You have been removed from #general by <@U0ADMIN1>") -> dict[str, Any]:
    """A message.im event from Slackbot: a plain message from user USLACKBOT, with no subtype and no bot_id."""
    return {**direct_message(text), "user": SLACKBOT_ID}


def slackbot_mention(text: str, channel: str = CHANNEL_ID) -> dict[str, Any]:
    """An app_mention posted by Slackbot (a reminder, a custom response) that mentions the bot."""
    event = mention(text, channel=channel)
    event["user"] = SLACKBOT_ID
    del event["client_msg_id"]
    return event


def bot_mention(text: str, *, subtype: str | None = None, channel: str = CHANNEL_ID) -> dict[str, Any]:
    """An app_mention posted by another app's bot user: bot_id and bot_profile set (and a subtype, if given)."""
    event = mention(text, channel=channel)
    event.update({"user": OTHER_BOT_USER_ID, "bot_id": OTHER_BOT_ID, "app_id": OTHER_APP_ID})
    event["bot_profile"] = bot_profile()
    del event["client_msg_id"]
    if subtype:
        event["subtype"] = subtype
    return event


def file_share_dm(text: str) -> dict[str, Any]:
    """A message.im event for a DM with a file attached: subtype file_share, the text, and the file."""
    event = direct_message(text, subtype="file_share", upload=True, display_as_bot=False)
    event["files"] = [
        {
            "id": unique("F"),
            "created": 1712000000,
            "timestamp": 1712000000,
            "name": "itinerary.pdf",
            "title": "itinerary.pdf",
            "mimetype": "application/pdf",
            "filetype": "pdf",
            "pretty_type": "PDF",
            "user": USER_ID,
            "user_team": TEAM_ID,
            "editable": False,
            "size": 52431,
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": False,
            "public_url_shared": False,
            "display_as_bot": False,
            "username": "",
            "url_private": "https://files.slack.com/files-pri/T0001-F1/itinerary.pdf",
            "permalink": "https://fake-workspace.slack.com/files/U0USER1/F1/itinerary.pdf",
        }
    ]
    event.pop("team", None)  # Slack leaves `team` out of file_share messages
    return event


def thread_broadcast_dm(text: str, thread_ts: str) -> dict[str, Any]:
    """A message.im event for a thread reply in the DM also sent to the conversation: subtype thread_broadcast."""
    event = direct_message(text, subtype="thread_broadcast", thread_ts=thread_ts, client_msg_id=unique("msg-"))
    event["root"] = {
        "type": "message",
        "user": USER_ID,
        "text": "a question from earlier",
        "ts": thread_ts,
        "team": TEAM_ID,
        "thread_ts": thread_ts,
        "reply_count": 1,
        "reply_users_count": 1,
        "latest_reply": event["ts"],
        "reply_users": [USER_ID],
        "is_locked": False,
    }
    return event


def edited_dm(text: str) -> dict[str, Any]:
    """A message.im event for an edit: subtype message_changed, the new message nested, no user at the top."""
    ts, original = new_ts(), new_ts()
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": DM_CHANNEL_ID,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        "message": {
            "type": "message",
            "user": USER_ID,
            "text": text,
            "ts": original,
            "edited": {"user": USER_ID, "ts": ts},
        },
        "previous_message": {"type": "message", "user": USER_ID, "text": "typo", "ts": original},
    }


def deleted_dm(text: str) -> dict[str, Any]:
    """A message.im event for a deletion: subtype message_deleted and the deleted message."""
    ts, original = new_ts(), new_ts()
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": DM_CHANNEL_ID,
        "ts": ts,
        "deleted_ts": original,
        "event_ts": ts,
        "channel_type": "im",
        "previous_message": {"type": "message", "user": USER_ID, "text": text, "ts": original},
    }


def bot_message_dm(text: str) -> dict[str, Any]:
    """A message.im event for a message an integration posted: subtype bot_message, a bot_id and no user."""
    event = direct_message(text, subtype="bot_message", bot_id=OTHER_BOT_ID, username="Other App")
    event["icons"] = {"image_48": "https://a.slack-edge.com/48.png"}
    del event["user"]
    return event


def channel_join_dm(user: str = USER_ID) -> dict[str, Any]:
    """A message event of subtype channel_join, as Slack documents it ("... has joined the channel")."""
    return direct_message(f"<@{user}|pat.doe> has joined the channel", subtype="channel_join", user=user)
