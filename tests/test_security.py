"""Security: every HTTP request's signature is verified and nothing turns that off; the tokens and the signing secret
never reach the log (a whole session at DEBUG, in both modes, with faults and failures); .env stays out of git."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine.core import Engine
from bot.slack.app import create_app
from bot.slack.listener_pool import ListenerPool
from bot.slack.log_config import RedactSecrets, configure_logging
from bot.slack.messages import SHARE_ACTION, AnswerRef
from bot.slack.server import socket_mode_handler
from bot.slack.settings import Settings, SettingsError, load_settings
from tests.conftest import REPO
from tests.fake_slack import DROPPED, FakeSlack, FakeSocketMode, rate_limited, server_error, slack_error
from tests.slack_fixtures import EXPLODE, FailingEngine, served, settings_for, wait_until_idle
from tests.slack_payloads import (
    block_action,
    direct_message,
    event_callback,
    events_api_envelope,
    home_opened,
    mention,
    post,
    post_action,
    post_command,
    post_event,
    slash_command,
    slash_commands_envelope,
)

pytestmark = pytest.mark.timeout(120)
# Secrets for this session only, so that finding one in the log can only mean it leaked.
BOT_TOKEN = "xoxb-7301-9902-securitysessionbot"
APP_TOKEN = "xapp-1-A0SEC-7301-securitysessionapp"
SIGNING_SECRET = "4f1d9c0e7b2a85c3d6e9f0a1b2c3d4e5"


def _settings(fake: FakeSlack) -> Settings:
    """Settings against the fake with this session's secrets, logging at DEBUG."""
    secrets = {"slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN, "slack_signing_secret": SIGNING_SECRET}
    return settings_for(fake, log_level="DEBUG", **secrets)


# ---- signature verification


def test_no_setting_can_turn_signature_verification_off() -> None:
    assert not [name for name in Settings.model_fields if re.search(r"verif|signature|insecure|skip|disable", name)]
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "bot").glob("*.py"))
    assert "request_verification_enabled" not in sources  # Bolt's switch is never passed, so it stays on


@pytest.mark.parametrize(
    ("secret", "signed_with"),
    [
        pytest.param(SIGNING_SECRET, "a guess", id="wrong-secret"),
        pytest.param(None, "", id="no-secret-configured-signed-with-empty"),
        pytest.param(None, "None", id="no-secret-configured-signed-with-None"),
    ],
)
def test_requests_not_signed_with_the_secret_are_refused_whatever_the_environment(
    fake: FakeSlack, engine: Engine, monkeypatch: pytest.MonkeyPatch, secret: str | None, signed_with: str
) -> None:
    for name in ("SLACK_REQUEST_VERIFICATION_ENABLED", "REQUEST_VERIFICATION_ENABLED", "SKIP_SIGNATURE_CHECK"):
        monkeypatch.setenv(name, "false")  # no such setting: these change nothing
    settings = load_settings(env_file=None).model_copy(
        update={
            "slack_bot_token": _settings(fake).slack_bot_token,
            "slack_api_url": fake.api_url,
            "slack_signing_secret": _settings(fake).slack_signing_secret if secret else None,
        }
    )
    fake.clear()
    with ListenerPool() as pool, served(create_app(engine, settings, pool=pool)) as url:
        assert post_event(url, event_callback(mention("padua")), secret=signed_with).status == 401
        assert post_command(url, slash_command("padua", fake.response_url()), secret=signed_with).status == 401
        wait_until_idle(pool)
    assert [c.method for c in fake.calls() if c.method != "auth.test"] == []


# ---- secrets never logged


@pytest.fixture
def session_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[io.StringIO, list[str]]]:
    """The bot's own logging at DEBUG (as `sistercity run` configures it), written to a buffer; and every raw
    record any library logged, before redaction. Restores the root logger afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    output = io.StringIO()
    monkeypatch.setattr(sys, "stderr", output)  # configure_logging's handler writes to stderr
    configure_logging("DEBUG", [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET])
    monkeypatch.undo()
    raw: list[str] = []

    class Raw(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raw.append(
                record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
            )

    raw_handler = Raw(logging.DEBUG)
    root.addHandler(raw_handler)
    try:
        yield output, raw
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)


# Not this session's secrets: what the log must redact by its shape alone.
OTHER_TOKENS = [
    pytest.param("xoxb-1111-2222-anotherbottoken", id="bot-token"),
    pytest.param("xoxp-1111-2222-3333-usertoken", id="user-token"),
    pytest.param("xoxa-2-1111-2222-workspaceapptoken", id="workspace-app-token"),
    pytest.param("xoxr-1111-refreshtoken", id="refresh-token"),
    pytest.param("xoxe-1-My0xLTExMTEtcm90YXRpb24", id="rotating-refresh-token"),
    pytest.param("xoxe.xoxp-1-Mi0yLTExMTEtcm90YXRlZA", id="rotating-access-token"),
    pytest.param("xapp-1-A0OTHER-1111-apptoken", id="app-level-token"),
]


@pytest.mark.parametrize("token", OTHER_TOKENS)
def test_anything_shaped_like_a_slack_token_is_redacted(session_log: tuple[io.StringIO, list[str]], token: str) -> None:
    output, _ = session_log
    logging.getLogger("some.library").debug("POST https://slack.com/api/auth.test Authorization: Bearer %s", token)
    log = output.getvalue()
    assert token not in log
    assert f"Authorization: Bearer {token.split('-')[0]}-[redacted]" in log


def test_a_socket_mode_ticket_is_redacted(session_log: tuple[io.StringIO, list[str]]) -> None:
    output, _ = session_log
    url = "wss://wss-primary.slack.com/link/?ticket=0a1b2c3d-4e5f-socketticket&app_id=A0001"
    logging.getLogger("some.library").debug("Connecting to %s", url)
    log = output.getvalue()
    assert "0a1b2c3d-4e5f-socketticket" not in log and "?ticket=[redacted]&app_id=A0001" in log


def test_the_secrets_it_is_given_are_redacted_whatever_their_shape(session_log: tuple[io.StringIO, list[str]]) -> None:
    output, _ = session_log
    logging.getLogger("some.library").debug("Verifying with %s", SIGNING_SECRET)  # no token shape: hex
    log = output.getvalue()
    assert SIGNING_SECRET not in log and "Verifying with [redacted]" in log


def test_a_traceback_is_redacted_too(session_log: tuple[io.StringIO, list[str]]) -> None:
    output, _ = session_log
    token = "xoxp-1111-2222-3333-usertoken"
    try:
        raise RuntimeError(f"Slack refused {token}, signed with {SIGNING_SECRET}")
    except RuntimeError:
        logging.getLogger("some.library").exception("Failed to handle the app_mention event")
    log = output.getvalue()
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: Slack refused xoxp-[redacted], signed with [redacted]" in log
    assert token not in log and SIGNING_SECRET not in log


def test_the_filter_keeps_every_record_and_redacts_its_arguments() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s and %s", (BOT_TOKEN, SIGNING_SECRET), None)
    assert RedactSecrets([SIGNING_SECRET]).filter(record) is True
    assert record.getMessage() == "token xoxb-[redacted] and [redacted]"


@pytest.mark.slow
def test_a_whole_session_at_debug_never_logs_a_token_or_the_signing_secret(
    fake: FakeSlack, engine: Engine, session_log: tuple[io.StringIO, list[str]]
) -> None:
    output, raw = session_log
    fake.clear()
    settings = _settings(fake)
    # HTTP mode: every kind of request, bad ones, a failing listener, and Slack's faults.
    signed = {"secret": SIGNING_SECRET}
    with ListenerPool() as pool, served(create_app(engine, settings, pool=pool)) as url:
        post_event(url, event_callback(mention("tell me about padua")), **signed)
        post_event(url, event_callback(direct_message("how is the program funded?")), **signed)
        post_event(url, event_callback(home_opened()), **signed)
        fake.wait_for("chat.postMessage", 2)
        fake.wait_for("views.publish")
        reply = post_command(url, slash_command("kyoto", fake.response_url("cmd")), **signed).json()
        assert reply["response_type"] == "ephemeral"
        share = AnswerRef(question="kyoto").encode()
        post_action(url, block_action(SHARE_ACTION, share, fake.response_url("share")), **signed)
        card = block_action("show_entry:praia", "praia", fake.response_url("card"), where="public")
        post_action(url, card, **signed)
        post_action(url, block_action("feedback:helpful", share, fake.response_url("fb"), where="public"), **signed)
        fake.wait_for("response_url", 4)
        post_event(url, event_callback(mention("padua")), secret="wrong")
        post(url, b"\xff\xfe", "application/json", **signed)
        for faults, attempts in (
            ([rate_limited(1), server_error(503)], 3),  # retried, then delivered
            ([DROPPED] * 3, 3),  # given up on
            ([slack_error("not_in_channel")], 2),  # the asker is told by DM
            ([slack_error("invalid_auth")], 1),
        ):
            fake.clear()
            fake.inject("chat.postMessage", *faults)
            post_event(url, event_callback(mention("tell me about belfast")), **signed)
            fake.wait_for_attempts("chat.postMessage", attempts, timeout=15)
            wait_until_idle(pool)  # the error handler's log lines too, before the next round clears the fake
    with served(create_app(FailingEngine(engine), settings)) as url:  # type: ignore[arg-type]
        fake.clear()
        post_event(url, event_callback(mention(EXPLODE)), **signed)
        post_command(url, slash_command(EXPLODE, fake.response_url("oops")), **signed)
        fake.wait_for("response_url")
    # Socket Mode: connect, answer, get dropped, reconnect.
    with FakeSocketMode() as socket:
        fake.socket_mode_url = socket.url
        handler = socket_mode_handler(create_app(engine, settings), APP_TOKEN, ping_interval=1)
        handler.connect()  # type: ignore[no-untyped-call]
        try:
            socket.wait_connections(1)
            socket.send(events_api_envelope(event_callback(mention("tell me about taipei"))))
            command = slash_commands_envelope(slash_command("list", fake.response_url()))
            socket.send(command)
            socket.wait_for_ack(command["envelope_id"])
            socket.drop_connections()
            socket.wait_connections(2, timeout=15)
        finally:
            handler.client.auto_reconnect_enabled = False
            handler.client.default_auto_reconnect_enabled = False
            socket.drop_connections()
            handler.close()  # type: ignore[no-untyped-call]
    log = output.getvalue()
    assert " DEBUG " in log and "chat.postMessage" in log and "apps.connections.open" in log  # all of it, really
    assert "Slack refused the bot token" in log and "Traceback" in log  # faults and failures were logged too
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in log
        assert not [line for line in raw if secret in line], f"a library logged {secret[:5]}... before redaction"


# ---- .env stays out of git


def test_git_ignores_env_files_but_not_the_example() -> None:
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")

    def ignored(name: str) -> bool:
        run = subprocess.run([git, "check-ignore", "-q", name], cwd=REPO, capture_output=True, timeout=30, check=False)
        return run.returncode == 0

    assert ignored(".env") and ignored(".env.local") and ignored("sub/.env")
    assert not ignored(".env.example")


def test_tokens_come_only_from_the_environment_or_dot_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert load_settings().slack_bot_token is None  # nothing built in
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={BOT_TOKEN}\n", encoding="utf-8")
    settings = load_settings()
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == BOT_TOKEN
    assert BOT_TOKEN not in repr(settings) and BOT_TOKEN not in str(settings.model_dump())


def test_a_secret_is_redacted_as_a_whole_token_only() -> None:
    secret = "c0ffee1234567890abcdef"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s, not x%s, nor sister cities", (secret, secret), None)
    RedactSecrets([secret, "s"]).filter(record)  # a one-letter value never eats every "s" of the log
    assert record.getMessage() == f"[redacted], not x{secret}, nor sister cities"


def test_a_signing_secret_too_short_to_be_real_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    with pytest.raises(SettingsError) as refused:
        load_settings(tmp_path / "missing.env")
    assert "SLACK_SIGNING_SECRET: is too short to be a Slack signing secret" in str(refused.value)
    assert "Basic Information" in str(refused.value)
