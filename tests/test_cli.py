"""The real `sistercity` command: ask (text and the JSON contract), chat, check, --knowledge."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

CONTRACT_KEYS = {"question", "answered", "entry", "score", "suggestions", "text", "blocks"}


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` from a directory outside the checkout."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_ask_json_answers_every_stdin_line_in_order_blank_lines_included() -> None:
    questions = ["padua", "", "how is the program funded?", "Tokyo", "what's for lunch", "<!channel> kyoto"]
    result = run("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions
    assert all(set(a) == CONTRACT_KEYS for a in answers)
    padua, blank, funding, tokyo, lunch, kyoto = answers
    assert (padua["answered"], padua["entry"]) == (True, "padua")
    assert (blank["answered"], blank["entry"]) == (False, None)
    assert (funding["answered"], funding["entry"]) == (True, "funding")
    assert (tokyo["answered"], tokyo["entry"], tokyo["suggestions"]) == (False, None, ["kyoto"])
    assert (lunch["answered"], lunch["entry"], lunch["score"]) == (False, None, 0)
    assert kyoto["entry"] == "kyoto" and "<!channel>" not in kyoto["text"]
    assert all(0 <= a["score"] <= 100 and a["text"].strip() and a["blocks"] for a in answers)


def test_ask_prints_a_readable_reply() -> None:
    result = run("ask", "tell", "me", "about", "Padua")
    assert result.returncode == 0, result.stderr
    assert "Padua, Italy" in result.stdout and "Country: Italy" in result.stdout
    assert "{" not in result.stdout  # not JSON


def test_chat_answers_and_presses_buttons_by_number() -> None:
    result = run("chat", stdin="list the sister cities\n5\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "[5] About Padua" in result.stdout
    assert "Padua, Italy" in result.stdout.split("[10]")[-1]


def test_check_passes_on_the_real_knowledge_base() -> None:
    result = run("check")
    assert result.returncode == 0
    assert "OK: 10 sister cities, 2 friendship cities" in result.stdout


def test_check_lists_every_problem_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(REPO / "knowledge", broken)
    (broken / "cities" / "kyoto.yaml").write_text("id: kyoto\n", encoding="utf-8")
    result = run("check", "--knowledge", str(broken))
    assert result.returncode == 1
    assert "cities/kyoto.yaml: status: Field required" in result.stdout
    assert "cities/kyoto.yaml: sources: Field required" in result.stdout


def test_knowledge_dir_from_the_environment_is_used_and_an_invalid_one_refuses_to_answer(tmp_path: Path) -> None:
    result = run("ask", "padua", env={"KNOWLEDGE_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "cities: (folder): is missing" in result.stderr
    assert "sistercity check" in result.stderr
    assert result.stdout == ""
