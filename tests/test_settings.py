"""Settings from the environment and .env: required per mode, validated, secrets never shown; .env.example
lists every setting; logging redacts tokens; `sistercity run` explains what is missing."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine.core import Engine
from bot.knowledge.models import KnowledgeBase
from bot.records.settings import RecordSettings
from bot.slack import server as slack_server
from bot.slack.log_config import RedactSecrets, redact
from bot.slack.settings import DEFAULT_SLACK_API_URL, Mode, Settings, SettingsError, load_settings
from tests.bot_process import SETTING_NAMES
from tests.conftest import REPO
from tests.fake_slack import FakeSlack

NAMES = SETTING_NAMES
BOT_TOKEN = "xoxb-1111-2222-abcdef"
APP_TOKEN = "xapp-1-A111-333-fedcba"
SECRET = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def write_env(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    settings = load_settings()
    assert settings.slack_api_url == DEFAULT_SLACK_API_URL == "https://slack.com/api/"
    assert settings.log_level == "INFO"
    assert settings.slack_bot_token is None and settings.onboarding_channel is None and settings.knowledge_dir is None


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_env(tmp_path, f"SLACK_BOT_TOKEN={BOT_TOKEN}\nLOG_LEVEL=debug\nONBOARDING_CHANNEL=C0WELCOME\nOTHER=1\n")
    monkeypatch.setenv("LOG_LEVEL", "warning")
    settings = load_settings()
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == BOT_TOKEN
    assert settings.log_level == "WARNING"
    assert settings.onboarding_channel == "C0WELCOME"


def test_blank_values_count_as_unset(tmp_path: Path) -> None:
    write_env(tmp_path, "SLACK_BOT_TOKEN=\nONBOARDING_CHANNEL=  \nKNOWLEDGE_DIR=\n")
    settings = load_settings()
    assert settings.slack_bot_token is None and settings.onboarding_channel is None and settings.knowledge_dir is None


def test_api_url_gets_its_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:8080/api")
    assert load_settings().slack_api_url == "http://127.0.0.1:8080/api/"


@pytest.mark.parametrize(
    ("mode", "present", "missing"),
    [
        pytest.param(Mode.SOCKET, {}, ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"], id="socket-nothing"),
        pytest.param(Mode.SOCKET, {"SLACK_BOT_TOKEN": BOT_TOKEN}, ["SLACK_APP_TOKEN"], id="socket-no-app-token"),
        pytest.param(Mode.HTTP, {"SLACK_BOT_TOKEN": BOT_TOKEN}, ["SLACK_SIGNING_SECRET"], id="http-no-secret"),
        pytest.param(Mode.HTTP, {"SLACK_SIGNING_SECRET": SECRET}, ["SLACK_BOT_TOKEN"], id="http-no-token"),
    ],
)
def test_missing_required_settings_are_named_in_one_message(
    monkeypatch: pytest.MonkeyPatch, mode: Mode, present: dict[str, str], missing: list[str]
) -> None:
    for name, value in present.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings().require(mode)
    message = str(caught.value)
    named = set(re.findall(r"^  (SLACK_[A-Z_]+):", message, flags=re.MULTILINE))
    assert named == set(missing)
    assert "sistercity chat" in message and ".env" in message


@pytest.mark.parametrize(
    ("mode", "present"),
    [
        pytest.param(Mode.SOCKET, {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN}, id="socket"),
        pytest.param(Mode.HTTP, {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET}, id="http"),
    ],
)
def test_complete_settings_pass(monkeypatch: pytest.MonkeyPatch, mode: Mode, present: dict[str, str]) -> None:
    for name, value in present.items():
        monkeypatch.setenv(name, value)
    load_settings().require(mode)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        pytest.param(
            "SLACK_BOT_TOKEN", APP_TOKEN, "SLACK_BOT_TOKEN: must be a bot token starting with xoxb-.", id="swapped-bot"
        ),
        pytest.param(
            "SLACK_APP_TOKEN",
            BOT_TOKEN,
            "SLACK_APP_TOKEN: must be an app-level token starting with xapp-.",
            id="swapped-app",
        ),
        pytest.param(
            "LOG_LEVEL", "loud", "LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL.", id="log-level"
        ),
        pytest.param(
            "ONBOARDING_CHANNEL", "#welcome", "ONBOARDING_CHANNEL: must be a channel ID such as", id="channel-name"
        ),
        pytest.param("SLACK_API_URL", "slack.com/api", "SLACK_API_URL: must be an http(s) URL", id="api-url"),
    ],
)
def test_invalid_values_are_explained_without_echoing_tokens(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert f"  {expected}" in message
    assert "sistercity chat" in message
    assert BOT_TOKEN not in message and APP_TOKEN not in message


def test_secrets_never_appear_in_repr_or_str() -> None:
    settings = Settings(
        _env_file=None, slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_signing_secret=SECRET
    )
    shown = repr(settings) + str(settings) + str(settings.model_dump())
    assert BOT_TOKEN not in shown and APP_TOKEN not in shown and SECRET not in shown


def test_env_example_lists_every_setting_and_says_whether_required() -> None:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    listed = re.findall(r"^([A-Z_]+)=", text, flags=re.MULTILINE)
    names = [*Settings.model_fields, *RecordSettings.model_fields]
    assert sorted(listed) == sorted(name.upper() for name in names)
    blocks = text.split("\n\n")
    for name in listed:
        (block,) = [b for b in blocks if re.search(rf"^{name}=", b, flags=re.MULTILINE)]
        assert re.search(r"\b(REQUIRED|Optional)\b", block), name
    assert "xoxb-" not in re.sub(r"starting with xoxb-", "", text)  # no real-looking token in the example


def test_gitignore_ignores_env_but_keeps_the_example() -> None:
    lines = (REPO / ".gitignore").read_text().split()
    assert ".env*" in lines or ".env" in lines
    assert "!.env.example" in lines


# ---- logging


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"token={BOT_TOKEN} ok", "token=xoxb-[redacted] ok", id="bot"),
        pytest.param(f"Bearer {APP_TOKEN}", "Bearer xapp-[redacted]", id="app"),
        pytest.param(
            "wss://x.slack.com/link/?ticket=abc-123&app_id=A1",
            "wss://x.slack.com/link/?ticket=[redacted]&app_id=A1",
            id="ticket",
        ),
        pytest.param("nothing secret", "nothing secret", id="plain"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_log_records_are_redacted_whoever_logs_them(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("some.library")
    logger.addFilter(RedactSecrets())
    try:
        with caplog.at_level(logging.INFO, logger="some.library"):
            logger.info("calling with %s", BOT_TOKEN)
    finally:
        logger.filters.clear()
    assert caplog.records[0].getMessage() == "calling with xoxb-[redacted]"


# ---- the command line


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in NAMES}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow  # a real `sistercity run` process
def test_run_without_settings_names_what_is_missing(tmp_path: Path) -> None:
    result = _run("run", cwd=tmp_path, env={})
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_APP_TOKEN" in result.stderr
    assert "sistercity chat" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # a real `sistercity run` process
def test_run_http_without_signing_secret(tmp_path: Path) -> None:
    result = _run("run", "--http", "--port", "0", cwd=tmp_path, env={"SLACK_BOT_TOKEN": BOT_TOKEN})
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr and "Signing Secret" in result.stderr
    assert BOT_TOKEN not in result.stderr + result.stdout


@pytest.mark.slow  # real `sistercity run` processes
@pytest.mark.parametrize(
    ("args", "tokens", "expected"),
    [
        pytest.param(
            ["--http", "--port", "0"],
            {"SLACK_BOT_TOKEN": "xoxb-revoked-1", "SLACK_SIGNING_SECRET": SECRET},
            "refused SLACK_BOT_TOKEN (auth.test: token_revoked). Check the Bot User OAuth Token",
            id="bot-token",
        ),
        pytest.param(
            [],
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-revoked-1"},
            "refused SLACK_APP_TOKEN (apps.connections.open: token_revoked). Check the app-level token",
            id="app-token",
        ),
    ],
)
def test_run_with_a_refused_token_says_which(
    tmp_path: Path, fake: FakeSlack, args: list[str], tokens: dict[str, str], expected: str
) -> None:
    result = _run("run", *args, cwd=tmp_path, env={**tokens, "SLACK_API_URL": fake.api_url})
    assert result.returncode == 3, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and "revoked-1" not in result.stderr


@pytest.mark.slow  # a real `sistercity run` process
def test_run_when_slack_cannot_be_reached(tmp_path: Path) -> None:
    # Nothing listens on port 9 of 127.0.0.1 (discard), so auth.test cannot reach "Slack".
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    result = _run("run", "--http", "--port", "0", cwd=tmp_path, env=env)
    assert result.returncode == 3
    assert "Could not reach Slack at http://127.0.0.1:9/api/" in result.stderr
    assert "Traceback" not in result.stderr and BOT_TOKEN not in result.stderr


class _EngineNotToBuild:
    """Stands in for the engine in `run_bot`: building it (seconds, for real) fails the test."""

    @classmethod
    def build(cls, kb: KnowledgeBase) -> Engine:
        raise AssertionError("the engine was built before Slack was asked about the tokens")


@pytest.mark.parametrize(
    ("http", "env", "expected"),
    [
        pytest.param(
            True,
            {"SLACK_BOT_TOKEN": "xoxb-revoked-2", "SLACK_SIGNING_SECRET": SECRET},
            "refused SLACK_BOT_TOKEN (auth.test: token_revoked)",
            id="bot-token",
        ),
        pytest.param(
            False,
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-revoked-2"},
            "refused SLACK_APP_TOKEN (apps.connections.open: token_revoked)",
            id="app-token",
        ),
        pytest.param(
            True,
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": "http://127.0.0.1:9/api/"},
            "Could not reach Slack at http://127.0.0.1:9/api/",
            id="unreachable",
        ),
    ],
)
def test_run_asks_slack_about_the_tokens_before_building_the_engine(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fake: FakeSlack,
    kb: KnowledgeBase,
    http: bool,
    env: dict[str, str],
    expected: str,
) -> None:
    for name, value in {"SLACK_API_URL": fake.api_url, **env}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(slack_server, "configure_logging", lambda *args: None)  # leave the test run's logging be
    monkeypatch.setattr(slack_server, "load_knowledge", lambda path: kb)
    monkeypatch.setattr(slack_server, "Engine", _EngineNotToBuild)
    assert slack_server.run_bot(None, http=http, port=0) == slack_server.EXIT_SLACK
    assert expected in capsys.readouterr().err
