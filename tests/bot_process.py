"""`sistercity run` as a real process, for end-to-end and load tests: started with only the given settings, in a
directory without .env, and stopped with SIGTERM."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_SECONDS = 45.0  # loading the gazetteer takes seconds; a slow CI machine gets room (within the timeout)
STOP_SECONDS = 10.0
SETTING_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "KNOWLEDGE_DIR",
    "ONBOARDING_CHANNEL",
    "LOG_LEVEL",
    "SLACK_API_URL",
    "RATE_LIMIT_PER_MINUTE",
)
HTTP_READY = r"Listening for Slack on (http://\S+/slack/events)"


def command() -> list[str]:
    """The `sistercity` command of this environment."""
    script = shutil.which("sistercity", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "bot"]


def _wait_for_line(pattern: str, stdout: Path, process: subprocess.Popen[bytes], stderr: Path) -> re.Match[str]:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if found := re.search(pattern, stdout.read_text()):
            return found
        if process.poll() is not None:
            raise AssertionError(f"sistercity run exited with {process.returncode}:\n{stderr.read_text()}")
        time.sleep(0.05)
    raise AssertionError(f"sistercity run did not start within {START_SECONDS}s:\n{stderr.read_text()}")


@contextmanager
def running(
    args: list[str], settings: dict[str, str], ready: str, workdir: Path
) -> Iterator[tuple[re.Match[str], Path]]:
    """`sistercity run ARGS` with only these settings, in a directory without .env; yields its ready line's
    match and its stderr log file, and checks that it exits with 0 on SIGTERM."""
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES} | settings
    stdout, stderr = workdir / "stdout.log", workdir / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [*command(), "run", *args], cwd=workdir, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
    try:
        yield _wait_for_line(ready, stdout, process, stderr), stderr
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_SECONDS)
            raise
        assert code == 0, stderr.read_text()
