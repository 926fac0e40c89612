"""The real `sistercity` command: ask (text and the JSON contract), chat, check, --knowledge, --version, the Slack
setup files, the start-up notice and Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import pytest

from bot.cli import CHAT_HINT, EXIT_INTERRUPTED, LOADING_NOTICE, build_parser, main
from bot.engine.core import Engine
from bot.knowledge import loader
from bot.knowledge.loader import KNOWLEDGE_ENV
from tests.bot_process import command
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


def broken_copy(tmp_path: Path) -> Path:
    """A copy of the real knowledge base with one broken city file."""
    broken = tmp_path / "kb"
    shutil.copytree(REPO / "knowledge", broken)
    (broken / "cities" / "kyoto.yaml").write_text("id: kyoto\n", encoding="utf-8")
    return broken


@pytest.mark.parametrize("before", [True, False], ids=["before-the-command", "after-the-command"])
def test_knowledge_option_is_used_before_or_after_check(tmp_path: Path, before: bool) -> None:
    option = ["--knowledge", str(broken_copy(tmp_path))]
    result = run(*option, "check") if before else run("check", *option)
    assert result.returncode == 1
    assert "cities/kyoto.yaml: status: Field required" in result.stdout
    assert "OK" not in result.stdout


@pytest.mark.parametrize("before", [True, False], ids=["before-the-command", "after-the-command"])
def test_knowledge_option_is_used_before_or_after_ask(tmp_path: Path, before: bool) -> None:
    broken = broken_copy(tmp_path)
    option = ["--knowledge", str(broken)]
    result = run(*option, "ask", "padua") if before else run("ask", "padua", *option)
    assert result.returncode == 2
    assert "cities/kyoto.yaml: status: Field required" in result.stderr
    assert f"then run `sistercity --knowledge {broken} check` to confirm" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["ask", "chat", "check", "run"])
@pytest.mark.parametrize("where", ["before", "after", "both"])
def test_every_command_takes_the_knowledge_option_before_or_after_it(command: str, where: str) -> None:
    args = {
        "before": ["--knowledge", "kb", command],
        "after": [command, "--knowledge", "kb"],
        "both": ["--knowledge", "other", command, "--knowledge", "kb"],  # the last one wins, as usual
    }[where]
    assert build_parser().parse_args(args).knowledge == Path("kb")
    assert build_parser().parse_args([command]).knowledge is None


def test_help_names_the_knowledge_environment_variable() -> None:
    assert f"${KNOWLEDGE_ENV}" in build_parser().format_help()


def test_version_comes_from_the_installed_package() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"sistercity {metadata.version('boston-sister-cities-bot')}\n"


@pytest.mark.parametrize(("command", "file"), [("manifest", "manifest.yaml"), ("env-example", ".env.example")])
def test_setup_files_are_printed_as_they_are_in_the_repository(command: str, file: str) -> None:
    result = run(command)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (REPO / file).read_text(encoding="utf-8")


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    """Commands run in this process get the session's engine instead of building one (seconds each)."""
    monkeypatch.setattr(Engine, "build", staticmethod(lambda kb, gazetteer=None: engine))


@pytest.mark.usefixtures("built")
@pytest.mark.parametrize(
    ("args", "tty", "notice"),
    [
        (["ask", "padua"], True, True),
        (["ask", "--json", "padua"], True, False),
        (["ask", "padua"], False, False),
    ],
    ids=["terminal", "terminal-json", "pipe"],
)
def test_start_up_says_what_it_loads_only_to_a_person_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], tty: bool, notice: bool
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "Padua" in out
    assert err == (LOADING_NOTICE + "\n" if notice else "")


@pytest.mark.parametrize("command", [["ask", "padua"], ["chat"], ["check"]], ids=lambda c: c[0])
def test_ctrl_c_while_loading_exits_quietly_with_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    def interrupted(directory: Path | None = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "load_knowledge", interrupted)
    assert main_catching_ctrl_c(command) == EXIT_INTERRUPTED
    assert capsys.readouterr() == ("", "")


@pytest.mark.usefixtures("built")
def test_ctrl_c_at_the_chat_prompt_exits_with_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupted)
    assert main_catching_ctrl_c(["chat"]) == EXIT_INTERRUPTED


def main_catching_ctrl_c(args: list[str]) -> int:
    """main(args), failing the test (rather than stopping pytest) when a KeyboardInterrupt escapes it."""
    try:
        return main(args)
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped main() (the user would see a traceback)")


def chat(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *lines: str) -> list[str]:
    """Run `sistercity chat` in this process on these lines; what it printed after each one."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    assert main(["chat"]) == 0
    return capsys.readouterr().out.split("you> ")[1:]


@pytest.mark.usefixtures("built")
def test_chat_says_when_there_is_no_such_button(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, listed, missing, too_many, pressed, _ = chat(
        monkeypatch, capsys, "7", "list the sister cities", "0", "99", "5", "quit"
    )
    assert first.strip() == "There is no button 7; the last reply has no buttons."
    count = len(re.findall(r"\[\d+\]", listed))
    assert count >= 5
    assert missing.strip() == f"There is no button 0; the last reply has {count}."
    assert too_many.strip() == f"There is no button 99; the last reply has {count}."
    assert "Padua, Italy" in pressed


@pytest.mark.usefixtures("built")
def test_chat_asks_a_year_or_other_digits_as_a_question(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    year, superscript, _ = chat(monkeypatch, capsys, "1959", "²", "quit")
    assert "no button" not in year and "Kyoto" in year
    assert "no button" not in superscript and "Sorry" in superscript


@pytest.mark.usefixtures("built")
def test_chat_answers_a_blank_line_with_a_short_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, blank, pressed, _ = chat(monkeypatch, capsys, "list the sister cities", "", "5", "quit")
    assert blank.strip() == CHAT_HINT
    assert "Padua, Italy" in pressed  # the blank line kept the list's buttons


@pytest.mark.parametrize("delay", [0.0, 1.0], ids=["at-once", "a-second-later"])
def test_ctrl_c_during_a_real_start_up_exits_with_130_and_no_traceback(delay: float) -> None:
    """A real `sistercity ask` with its stderr on a terminal: it says what it loads, and SIGINT then stops it
    (at once, or a second later, while it indexes the place names: the question names a real place that is not ours,
    so the gazetteer is built; "padua" alone would not need it)."""
    terminal, stderr = pty.openpty()
    with tempfile.TemporaryDirectory() as empty:  # no gazetteer cache: start-up builds it (a second and a half)
        environment = {**os.environ, "SISTERCITY_CACHE_DIR": empty}
        process = subprocess.Popen(
            [*command(), "ask", "is lyon a sister city?"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd="/",
            env=environment,
        )
    os.close(stderr)
    try:
        shown = read_until(terminal, LOADING_NOTICE.encode(), process)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=60)
        shown += read_until(terminal, b"", process)
    finally:
        process.kill()
        os.close(terminal)
    assert process.returncode == EXIT_INTERRUPTED
    assert stdout == b""  # it stopped during start-up, before answering
    assert b"Traceback" not in shown and b"KeyboardInterrupt" not in shown
    # Nothing but the notice (and the newline that ends the terminal's ^C line, which a pty may drop at exit).
    assert [line for line in shown.decode().splitlines() if line.strip()] == [LOADING_NOTICE]


def read_until(terminal: int, wanted: bytes, process: subprocess.Popen[bytes], seconds: float = 60.0) -> bytes:
    """What the process wrote to the terminal, up to `wanted` (or, with b"", until it has exited and all is read)."""
    shown = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (wanted and wanted in shown):
        ready, _, _ = select.select([terminal], [], [], 0.1)
        if not ready:
            if process.poll() is not None and (not wanted or shown):
                break
            continue
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the process closed the terminal's other end
            break
        shown += chunk
    assert not wanted or wanted in shown, f"never saw {wanted!r}; saw {shown!r}"
    return shown
