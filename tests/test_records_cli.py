"""The real `sistercity` command with the records: `chat` records from a pipe, `ask` records nothing, `db upgrade`
and `report --json` keep their contract. Each runs in a folder of its own, where the default SQLite file is made."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.bot_process import command

CHAT = "tell me about belfaz\nbelfaz sister city?\nwhats new in belfaz\npadua\n1\n"
REPORT_KEYS = {"questions", "answered", "answer_rate", "top_entries", "unanswered_groups", "not_helpful"}


def _run(args: list[str], cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    return subprocess.run(
        [*command(), *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=environment, timeout=120
    )


@pytest.mark.slow
def test_chat_from_a_pipe_is_recorded_and_reported(tmp_path: Path) -> None:
    chatted = _run(["chat"], tmp_path, CHAT)
    assert chatted.returncode == 0, chatted.stderr
    assert (tmp_path / "sistercity.db").exists()  # created on first run, nothing to set up
    report = json.loads(_run(["report", "--json"], tmp_path).stdout)
    assert set(report) >= REPORT_KEYS
    assert report["questions"] == 4 and report["answered"] == 1 and 0 <= report["answer_rate"] <= 1
    top = report["unanswered_groups"][0]
    assert top["count"] == 3 and top["suggestion"]["kind"] == "alias" and top["suggestion"]["entry"] == "belfast"
    assert report["top_entries"] == [{"entry": "padua", "count": 1}]
    text = _run(["report", "--days", "7"], tmp_path).stdout
    assert "Questions (the last 7 days): 4" in text and "aliases: [" in text


@pytest.mark.slow
def test_ask_records_nothing(tmp_path: Path) -> None:
    asked = _run(["ask", "--json", "padua"], tmp_path)
    assert asked.returncode == 0 and json.loads(asked.stdout)["entry"] == "padua"
    assert not (tmp_path / "sistercity.db").exists()


@pytest.mark.slow
def test_db_upgrade_and_a_report_on_a_database_that_is_behind(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    (tmp_path / "shared.db").touch()  # an existing, empty database: behind until upgraded
    behind = _run(["report"], tmp_path, DATABASE_URL=url)
    assert behind.returncode != 0 and "sistercity db upgrade" in behind.stderr
    upgraded = _run(["db", "upgrade"], tmp_path, DATABASE_URL=url)
    assert upgraded.returncode == 0 and "to revision" in upgraded.stdout
    again = _run(["db", "upgrade", "--database-url", url], tmp_path)
    assert "up to date" in again.stdout
    assert json.loads(_run(["report", "--json"], tmp_path, DATABASE_URL=url).stdout)["questions"] == 0


@pytest.mark.slow
def test_an_unreachable_database_is_named_without_a_traceback(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:9/records"  # nothing listens on port 9 (discard)
    for args in (["db", "upgrade"], ["report"]):
        result = _run(args, tmp_path, DATABASE_URL=url)
        assert result.returncode == 4 and "127.0.0.1:9" in result.stderr and "Traceback" not in result.stderr
