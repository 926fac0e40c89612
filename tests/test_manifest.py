"""manifest.yaml is the source of truth: every listener the app registers is declared there, and nothing more;
every scope is needed by something the app does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from slack_bolt import App
from slack_bolt.util.utils import get_name_for_callable

from bot.engine.core import Engine
from bot.slack.app import COMMAND, SlackListeners, create_app, registrations
from bot.slack.settings import Settings
from tests.conftest import REPO
from tests.fake_slack import FakeSlack
from tests.slack_fixtures import settings_for

# Why each bot scope is there: the event it lets Slack send, or the API call it allows.
SCOPE_REASONS = {
    "app_mentions:read": "event app_mention",
    "im:history": "event message.im",
    "channels:read": "event member_joined_channel (public onboarding channel)",
    "groups:read": "event member_joined_channel (private onboarding channel)",
    "commands": "slash command /sistercity",
    "chat:write": "chat.postMessage: answers, cards from App Home, the welcome DM",
    "users:read": "users.info: no welcome DM for a bot that joins the onboarding channel",
}
# Bot events and the scopes Slack requires for each (any one of them).
EVENT_SCOPES = {
    "app_mention": {"app_mentions:read"},
    "message.im": {"im:history"},
    "member_joined_channel": {"channels:read", "groups:read"},
    "app_home_opened": set(),  # needs no scope
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "manifest.yaml").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def app(engine: Engine) -> Iterator[App]:
    with FakeSlack() as fake:
        yield create_app(engine, settings_for(fake))


@pytest.fixture(scope="module")
def listeners(engine: Engine) -> SlackListeners:
    return SlackListeners(engine, Settings(_env_file=None))


def test_the_app_registers_exactly_the_listeners_in_the_table(app: App, listeners: SlackListeners) -> None:
    registered = [get_name_for_callable(listener.ack_function) for listener in app._listeners]
    assert registered == [get_name_for_callable(r.listener) for r in registrations(listeners)]
    assert all(name.startswith("handle_") for name in registered)


def test_bot_events_match_the_event_listeners(manifest: dict[str, Any], listeners: SlackListeners) -> None:
    declared = manifest["settings"]["event_subscriptions"]["bot_events"]
    registered = [r.key for r in registrations(listeners) if r.kind == "event"]
    assert sorted(declared) == sorted(registered)
    assert len(declared) == len(set(declared))


def test_slash_commands_match_the_command_listeners(manifest: dict[str, Any], listeners: SlackListeners) -> None:
    declared = manifest["features"]["slash_commands"]
    assert [c["command"] for c in declared] == [r.key for r in registrations(listeners) if r.kind == "command"]
    assert declared[0]["command"] == COMMAND
    assert declared[0]["usage_hint"] and declared[0]["description"]


def test_interactivity_is_on_because_buttons_are_handled(manifest: dict[str, Any], listeners: SlackListeners) -> None:
    actions = [r for r in registrations(listeners) if r.kind == "action"]
    assert actions
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_features_match_what_the_app_uses(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] is True  # app_home_opened publishes the Home tab
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False  # DMs
    assert manifest["settings"]["socket_mode_enabled"] is True  # the default `sistercity run`
    assert manifest["features"]["bot_user"]["display_name"]


def test_every_scope_is_needed_and_every_need_is_granted(manifest: dict[str, Any]) -> None:
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == sorted(SCOPE_REASONS)
    assert "user" not in manifest["oauth_config"]["scopes"]
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        needed = EVENT_SCOPES[event]
        assert not needed or needed & set(scopes), event
