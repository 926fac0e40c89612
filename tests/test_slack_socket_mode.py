"""The real Bolt app in Socket Mode: slack_sdk's WebSocket client against a local Socket Mode server that says
hello and sends Slack-shaped envelopes; acks go back on the socket, replies through the fake Web API."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.engine.core import Engine
from bot.render.limits import message_problems
from bot.slack.app import create_app
from bot.slack.listener_pool import ListenerPool
from bot.slack.messages import ERROR_TEXT, SHARE_ACTION
from bot.slack.server import socket_mode_handler
from tests.fake_slack import FakeSlack, FakeSocketMode
from tests.reliability_figures import FAULTS, FIGURES
from tests.reply_text import visible_text
from tests.slack_fixtures import EXPLODE, SECRET_DETAIL, FailingEngine, settings_for, wait_until_idle
from tests.slack_payloads import (
    APP_TOKEN,
    DM_CHANNEL_ID,
    block_action,
    button,
    direct_message,
    event_callback,
    events_api_envelope,
    interactive_envelope,
    mention,
    slash_command,
    slash_commands_envelope,
)

pytestmark = pytest.mark.timeout(60)  # a hang fails the test instead of the run
RECONNECT_SECONDS = 15.0  # the client notices a vanished connection by its ping (every second here), then reconnects


@pytest.fixture(scope="module")
def socket(fake: FakeSlack, engine: Engine, listener_pool: ListenerPool) -> Iterator[FakeSocketMode]:
    """A connected bot: the fake Socket Mode server, with the app's handler connected to it."""
    with FakeSocketMode() as server:
        fake.socket_mode_url = server.url
        app = create_app(engine, settings_for(fake), pool=listener_pool)
        handler = socket_mode_handler(app, APP_TOKEN, ping_interval=1)
        handler.connect()  # type: ignore[no-untyped-call]
        server.wait_connections(1)
        (opened,) = fake.wait_for("apps.connections.open")
        assert opened.token == APP_TOKEN  # the app-level token, never the bot token
        try:
            yield server
        finally:
            _close(handler, server)


def _close(handler: SocketModeHandler, server: FakeSocketMode) -> None:
    # The built-in client holds its receive lock for up to 3 s while it waits for data, so close() is slow
    # unless the server hangs up first (benchmarks/ack_times.py prints how long it takes); and it would reconnect
    # if the server hung up while reconnection is on.
    handler.client.default_auto_reconnect_enabled = False
    handler.client.auto_reconnect_enabled = False
    server.drop_connections()
    handler.close()  # type: ignore[no-untyped-call]


@pytest.fixture(autouse=True)
def _fresh_calls(fake: FakeSlack) -> None:
    fake.clear()


def test_first_delivery_is_acked_and_answered_in_a_thread(fake: FakeSlack, socket: FakeSocketMode) -> None:
    event = mention("tell me about padua")
    envelope = events_api_envelope(event_callback(event), retry_attempt=0)  # Bolt maps it to x-slack-retry-num: 0
    socket.send(envelope)
    assert socket.wait_for_ack(envelope["envelope_id"]) == {"envelope_id": envelope["envelope_id"]}
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == event["ts"]
    assert call.token is not None and call.token.startswith("xoxb-")
    assert "padua" in visible_text(call.params["text"], call.params["blocks"])
    assert message_problems(call.params["text"], call.params["blocks"]) == []


def test_redelivered_envelope_is_acked_but_not_answered_again(
    fake: FakeSlack, socket: FakeSocketMode, listener_pool: ListenerPool
) -> None:
    body = event_callback(mention("tell me about kyoto"))
    first, again = events_api_envelope(body), events_api_envelope(body, retry_attempt=1)
    socket.send(first)
    socket.wait_for_ack(first["envelope_id"])
    fake.wait_for("chat.postMessage")
    socket.send(again)
    socket.wait_for_ack(again["envelope_id"])  # Bolt starts any listener before the ack goes back
    wait_until_idle(listener_pool)
    assert len(fake.calls("chat.postMessage")) == 1


def test_direct_message_is_answered_in_the_dm(fake: FakeSlack, socket: FakeSocketMode) -> None:
    envelope = events_api_envelope(event_callback(direct_message("which sister cities are in asia?")))
    socket.send(envelope)
    socket.wait_for_ack(envelope["envelope_id"])
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["channel"] == DM_CHANNEL_ID
    assert "kyoto" in visible_text(call.params["text"], call.params["blocks"])


def test_slash_command_ack_carries_the_private_answer(
    fake: FakeSlack, socket: FakeSocketMode, listener_pool: ListenerPool
) -> None:
    envelope = slash_commands_envelope(slash_command("padua", fake.response_url()))
    socket.send(envelope)
    ack = socket.wait_for_ack(envelope["envelope_id"])
    reply = ack["payload"]
    assert reply["response_type"] == "ephemeral"
    assert "Padua" in reply["blocks"][0]["text"]["text"]
    assert message_problems(reply["text"], reply["blocks"]) == []
    button(reply["blocks"], SHARE_ACTION)
    wait_until_idle(listener_pool)
    assert fake.calls("chat.postMessage") == [] and fake.calls("response_url") == []


def test_button_envelope_is_acked_and_answered_through_response_url(fake: FakeSlack, socket: FakeSocketMode) -> None:
    envelope = interactive_envelope(block_action("show_entry:haifa", "haifa", fake.response_url("btn")))
    socket.send(envelope)
    assert socket.wait_for_ack(envelope["envelope_id"]) == {"envelope_id": envelope["envelope_id"]}
    (call,) = fake.wait_for("response_url")
    assert call.path == "/response/btn"
    assert "Haifa" in call.params["blocks"][0]["text"]["text"]


def test_disconnect_request_makes_the_bot_reconnect(fake: FakeSlack, socket: FakeSocketMode) -> None:
    socket.send({"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "fake"}})
    (opened,) = fake.wait_for("apps.connections.open")
    assert opened.token == APP_TOKEN
    socket.wait_connections(2)
    socket.drop_connections(keep_newest=True)  # as Slack then closes the old connection
    envelope = events_api_envelope(event_callback(mention("tell me about praia")))
    socket.send(envelope)  # on the new connection
    socket.wait_for_ack(envelope["envelope_id"])
    fake.wait_for("chat.postMessage")


@pytest.mark.parametrize(
    "abrupt",
    [
        pytest.param(False, id="closed"),
        # The client only notices by its ping, then reconnects: about 6 s.
        pytest.param(True, id="vanished", marks=pytest.mark.slow),
    ],
)
def test_a_connection_dropped_mid_session_is_reopened_and_the_next_envelope_answered(
    fake: FakeSlack, socket: FakeSocketMode, abrupt: bool
) -> None:
    opened = socket.connection_count()
    socket.drop_connections(abrupt=abrupt)  # no "disconnect" message first: the network or Slack just hung up
    if not abrupt:
        FIGURES.count(FAULTS)
    socket.wait_connections(opened + 1, timeout=RECONNECT_SECONDS)
    (reopened,) = fake.wait_for("apps.connections.open")
    assert reopened.token == APP_TOKEN
    event = mention("tell me about melbourne")
    envelope = events_api_envelope(event_callback(event))
    socket.send(envelope)
    socket.wait_for_ack(envelope["envelope_id"])
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == event["ts"] and "melbourne" in call.params["text"].casefold()
    FIGURES.replies(expected=1, delivered=len(fake.calls("chat.postMessage")))


def test_a_failing_listener_gets_the_friendly_reply_in_socket_mode(fake: FakeSlack, engine: Engine) -> None:
    with FakeSocketMode() as server:
        fake.socket_mode_url = server.url
        app = create_app(FailingEngine(engine), settings_for(fake))  # type: ignore[arg-type]
        handler = socket_mode_handler(app, APP_TOKEN, ping_interval=1)
        handler.connect()  # type: ignore[no-untyped-call]
        try:
            server.wait_connections(1)
            command = slash_commands_envelope(slash_command(EXPLODE, fake.response_url("oops")))
            server.send(command)
            ack = server.wait_for_ack(command["envelope_id"])
            assert SECRET_DETAIL not in json.dumps(ack)
            (call,) = fake.wait_for("response_url")
            assert call.params["text"] == ERROR_TEXT and SECRET_DETAIL not in json.dumps(call.params)
        finally:
            _close(handler, server)
