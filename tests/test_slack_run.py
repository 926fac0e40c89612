"""End to end: `sistercity run` as a real process with dummy tokens, its Web API calls going to the fake Slack.
With --http --port 0 it answers a mention, a DM, a slash command and a button click; in Socket Mode it connects
to the fake Socket Mode server and answers envelopes. Both stop cleanly on SIGTERM."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.render.limits import message_problems
from bot.slack.messages import SHARE_ACTION
from tests.bot_process import HTTP_READY, SETTING_NAMES, command, running
from tests.conftest import REPO
from tests.fake_slack import FakeSlack, FakeSocketMode
from tests.reply_text import visible_text
from tests.slack_payloads import (
    APP_TOKEN,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    block_action,
    button,
    direct_message,
    event_callback,
    events_api_envelope,
    get,
    mention,
    post_action,
    post_command,
    post_event,
    slash_command,
    slash_commands_envelope,
)

# Real processes: seconds each to start. A hang fails the test instead of the run.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]
BOT_TOKEN = "xoxb-e2e-dummy-token-7d41"


@pytest.fixture(autouse=True)
def _fresh_calls(fake: FakeSlack) -> None:
    """Each test sees only its own calls, whatever ran before it."""
    fake.clear()


@pytest.fixture(scope="module")
def bot(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The bot in HTTP mode: its events URL and its stderr log file."""
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "LOG_LEVEL": "DEBUG",
    }
    args = ["--http", "--host", "127.0.0.1", "--port", "0"]
    with running(args, settings, HTTP_READY, tmp_path_factory.mktemp("http")) as (found, stderr):
        yield found[1], stderr


def test_run_answers_a_mention_in_a_thread(fake: FakeSlack, bot: tuple[str, Path]) -> None:
    url, _ = bot
    event = mention("tell me about belfast")
    assert post_event(url, event_callback(event)).status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert call.token == BOT_TOKEN
    assert (call.params["channel"], call.params["thread_ts"]) == (CHANNEL_ID, event["ts"])
    assert "belfast" in visible_text(call.params["text"], call.params["blocks"])


def test_run_answers_a_direct_message(fake: FakeSlack, bot: tuple[str, Path]) -> None:
    url, _ = bot
    assert post_event(url, event_callback(direct_message("how can I get involved?"))).status == 200
    (call,) = fake.wait_for("chat.postMessage")
    assert call.params["channel"] == DM_CHANNEL_ID
    assert message_problems(call.params["text"], call.params["blocks"]) == []


def test_run_answers_a_slash_command_and_a_button_click(fake: FakeSlack, bot: tuple[str, Path]) -> None:
    url, _ = bot
    reply = post_command(url, slash_command("barcelona", fake.response_url("cmd")))
    assert reply.status == 200
    assert reply.json()["response_type"] == "ephemeral"
    assert "Barcelona" in reply.json()["blocks"][0]["text"]["text"]
    share = button(reply.json()["blocks"], SHARE_ACTION)
    assert post_action(url, block_action(SHARE_ACTION, share["value"], fake.response_url("share"))).status == 200
    posted, deleted = fake.wait_for("response_url", 2)
    assert posted.params["response_type"] == "in_channel"
    assert "barcelona" in visible_text(posted.params["text"], posted.params["blocks"])
    assert deleted.params["delete_original"] is True


def test_run_serves_a_health_check_and_refuses_unsigned_requests(fake: FakeSlack, bot: tuple[str, Path]) -> None:
    url, _ = bot
    assert get(url.removesuffix("/slack/events") + "/healthz").status == 200
    assert post_event(url, event_callback(mention("padua")), secret="wrong").status == 401


def test_run_never_logs_the_tokens(bot: tuple[str, Path]) -> None:
    _, stderr = bot
    log = stderr.read_text()
    assert " DEBUG " in log  # the most talkative level, where libraries log requests
    assert BOT_TOKEN not in log and SIGNING_SECRET not in log


def test_run_in_socket_mode_answers_envelopes(fake: FakeSlack, tmp_path: Path) -> None:
    settings = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": fake.api_url}
    with FakeSocketMode() as socket_mode:
        fake.socket_mode_url = socket_mode.url
        with running([], settings, r"Connected to Slack in Socket Mode\.", tmp_path) as (_, stderr):
            socket_mode.wait_connections(1)
            event = mention("tell me about taipei")
            envelope = events_api_envelope(event_callback(event))
            socket_mode.send(envelope)
            assert socket_mode.wait_for_ack(envelope["envelope_id"]) == {"envelope_id": envelope["envelope_id"]}
            (call,) = fake.wait_for("chat.postMessage")
            assert call.params["thread_ts"] == event["ts"]
            assert "taipei" in visible_text(call.params["text"], call.params["blocks"])
            command = slash_commands_envelope(slash_command("list", fake.response_url()))
            socket_mode.send(command)
            assert socket_mode.wait_for_ack(command["envelope_id"])["payload"]["response_type"] == "ephemeral"
        assert APP_TOKEN not in stderr.read_text() and BOT_TOKEN not in stderr.read_text()


@pytest.mark.parametrize("args", [pytest.param(["--http", "--port", "0"], id="http"), pytest.param([], id="socket")])
def test_run_refuses_to_start_on_invalid_knowledge_listing_every_problem(
    fake: FakeSlack, tmp_path: Path, args: list[str]
) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(REPO / "knowledge", broken)
    (broken / "cities" / "kyoto.yaml").write_text("id: kyoto\nname: Kyoto\nmotto: misspelled key\n", encoding="utf-8")
    (broken / "topics" / "funding.yaml").write_text("id: funding\n  bad: [yaml\n", encoding="utf-8")
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "KNOWLEDGE_DIR": str(broken),
    }
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES} | settings
    result = subprocess.run(
        [*command(), "run", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    for problem in (
        "cities/kyoto.yaml: motto: Extra inputs are not permitted",
        "cities/kyoto.yaml: status: Field required",
        "cities/kyoto.yaml: sources: Field required",
        "topics/funding.yaml: line 2: is not valid YAML",
    ):
        assert problem in result.stderr
    assert "Fix the files above, then run `sistercity check`" in result.stderr
    assert "Traceback" not in result.stderr
    assert fake.calls() == []  # it stopped before reaching Slack
