"""Mutation score: apply each small deliberate bug of benchmarks/mutants.yaml to a scratch copy, run the tests,
and print which test caught it, or that none did.

    python benchmarks/mutation_score.py                    # every mutant, the default (fast) test run
    python benchmarks/mutation_score.py --slow             # the slow tests too, as CI runs them
    python benchmarks/mutation_score.py --rev a737390      # the same mutants against an older commit
    python benchmarks/mutation_score.py --only lead-unescaped share-not-rate-limited

Each mutant runs in its own copy of the checkout (the working tree's files, or `--rev`'s), with PYTHONPATH set
so that the tests and every `sistercity` process they start import the mutated code. A mutant whose `find` text
is not in its file exactly once is reported as "does not apply", never silently skipped. The script exits 1 when
any mutant survived or did not apply, and first checks that the unmutated copy passes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
MUTANTS = Path(__file__).with_name("mutants.yaml")
FIRST_FAILURE = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Mutant:
    """One deliberate bug: replace `find` (which must occur once) with `replace` in `file`."""

    id: str
    file: str
    find: str
    replace: str
    why: str
    equivalent: str = ""  # why no test can tell this mutant apart (it changes no behaviour): reported, not counted


@dataclass(frozen=True)
class Outcome:
    """What the tests made of one mutant."""

    mutant: Mutant
    verdict: str  # "killed", "survived", "does not apply"
    detail: str
    seconds: float


def load_mutants(path: Path = MUTANTS) -> list[Mutant]:
    """The mutants in `path`, or raise ValueError naming the first malformed one."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutants = []
    for number, entry in enumerate(entries, 1):
        try:
            mutants.append(Mutant(**entry))
        except TypeError as err:
            raise ValueError(f"{path}: mutant {number}: {err}") from err
    ids = [m.id for m in mutants]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return mutants


def snapshot(rev: str | None, into: Path) -> None:
    """Copy the checkout's files (tracked and untracked, not ignored), or those of commit `rev`, into `into`."""
    into.mkdir(parents=True)
    if rev:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
        return
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard", "-z"], check=True, capture_output=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def run_tests(checkout: Path, pytest_args: list[str], timeout: float) -> tuple[bool, str]:
    """Run pytest in `checkout` against its own code; (passed, the first failing test or the last line).

    The whole output of a failed run is kept beside the checkout as pytest.log, for the baseline's sake."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *pytest_args]
    try:
        done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {timeout:.0f} s"
    output = done.stdout + done.stderr
    if done.returncode == 0:
        return True, ""
    (checkout.parent / "pytest.log").write_text(output, encoding="utf-8")
    found = FIRST_FAILURE.search(output)
    lines = [line for line in output.splitlines() if line.strip()]
    return False, found.group(1) if found else (lines[-1] if lines else f"exit {done.returncode}")


def try_mutant(mutant: Mutant, base: Path, work: Path, pytest_args: list[str], timeout: float) -> Outcome:
    """Apply one mutant to a fresh copy of `base` and run the tests."""
    started = time.monotonic()
    checkout = work / mutant.id / "repo"
    shutil.copytree(base, checkout, symlinks=True)
    shared = REPO.parent / "shared"
    if shared.is_dir():  # the tests read ../shared beside the checkout, as CI lays it out
        (checkout.parent / "shared").symlink_to(shared)
    target = checkout / mutant.file
    text = target.read_text(encoding="utf-8") if target.is_file() else ""
    found = text.count(mutant.find)
    if found != 1:
        return Outcome(mutant, "does not apply", f"`find` occurs {found} times in {mutant.file}", 0.0)
    target.write_text(text.replace(mutant.find, mutant.replace), encoding="utf-8")
    passed, detail = run_tests(checkout, pytest_args, timeout)
    shutil.rmtree(checkout.parent, ignore_errors=True)
    return Outcome(mutant, "survived" if passed else "killed", detail, time.monotonic() - started)


def main() -> int:
    """Run the mutants and print the score; exit 1 if any survived or did not apply."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rev", help="take the code and tests from this commit instead of the working tree")
    parser.add_argument("--only", nargs="+", metavar="ID", help="run only these mutants")
    parser.add_argument("--mutants", type=Path, default=MUTANTS, help="the mutant list (default: mutants.yaml here)")
    parser.add_argument("--slow", action="store_true", help="include the slow tests (pytest -m 'slow or not slow')")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per test run (default 900)")
    parser.add_argument(
        "--skip-baseline", action="store_true", help="do not first check that the unmutated copy passes"
    )
    parser.add_argument("--jobs", type=int, default=1, help="mutants tried at once (default 1; the tests time nothing)")
    args = parser.parse_args()

    mutants = load_mutants(args.mutants)
    if args.only:
        unknown = set(args.only) - {m.id for m in mutants}
        if unknown:
            parser.error(f"no such mutant: {', '.join(sorted(unknown))}")
        mutants = [m for m in mutants if m.id in args.only]
    pytest_args = ["-m", "slow or not slow"] if args.slow else []
    with tempfile.TemporaryDirectory(prefix="mutants-") as scratch:
        work = Path(scratch)
        base = work / "base"
        snapshot(args.rev, base)
        started = time.monotonic()
        clean = work / "clean" / "repo"
        shutil.copytree(base, clean, symlinks=True)
        if (REPO.parent / "shared").is_dir():
            (clean.parent / "shared").symlink_to(REPO.parent / "shared")
        if not args.skip_baseline:
            passed, detail = run_tests(clean, pytest_args, args.timeout)
            print(f"unmutated: {'passes' if passed else 'FAILS: ' + detail} ({time.monotonic() - started:.0f} s)")
            if not passed:
                print((clean.parent / "pytest.log").read_text(encoding="utf-8")[-6000:])
                return 1
        outcomes = []
        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            tried = [pool.submit(try_mutant, m, base, work, pytest_args, args.timeout) for m in mutants]
            for future in tried:
                outcome = future.result()
                outcomes.append(outcome)
                print(
                    f"{outcome.verdict:>14}  {outcome.mutant.id:<40} {outcome.seconds:5.0f} s  {outcome.detail}",
                    flush=True,
                )
    killed = sum(o.verdict == "killed" for o in outcomes)
    equivalent = [o.mutant.id for o in outcomes if o.verdict == "survived" and o.mutant.equivalent]
    survived = [o.mutant.id for o in outcomes if o.verdict == "survived" and not o.mutant.equivalent]
    stale = [o.mutant.id for o in outcomes if o.verdict == "does not apply"]
    print(f"mutation score: {killed}/{len(outcomes) - len(equivalent)} killed")
    if equivalent:
        print(f"equivalent (change no behaviour, not counted): {', '.join(equivalent)}")
    if survived:
        print(f"survived: {', '.join(survived)}")
    if stale:
        print(f"does not apply (update benchmarks/mutants.yaml): {', '.join(stale)}")
    return 1 if survived or stale else 0


if __name__ == "__main__":
    sys.exit(main())
