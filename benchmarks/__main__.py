"""Speed and scale figures beside their targets, each with its baseline measured in the same run.

    python -m benchmarks [--runs N] [--questions N]

Measured here (issue: speed and scale):
- start-up: `sistercity ask "padua"` against `python -c "import slack_bolt"`, median of N runs each, with the
  gazetteer cache warm (target: at most 2 times);
- the real knowledge base: answer + Block Kit rendering per question (p50, p99; target p99 at most 0.5 ms) against
  a naive FAQ bot (rapidfuzz extractOne, WRatio over every name and phrase) answering the same questions (target:
  at least 3 times faster at p50).
- synthetic knowledge bases of 1,000, 10,000 and 100,000 cities (benchmarks/synthetic.py, each in a process of its
  own): load seconds, peak RSS (of the serving process, which starts from the cached copy a first load leaves; the
  first load's own peak beside it), answer + render p50/p99 and accuracy on questions naming random entries (half with
  a typo), beside the naive bot's p50 and accuracy on the same questions (targets: 10,000 cities p99 <= 2 ms and
  load <= 2 s; 100,000 cities p99 <= 10 ms, peak RSS <= 1 GiB, load <= 10 s; accuracy at least the naive bot's).
- HTTP: signed `/sistercity padua` at concurrency 50 against a bare Bolt app with one fixed-text listener on the
  same waitress server (benchmarks/http_compare.py; target: p50 and p99 at most 1.5 times the bare app's, none over
  Slack's 3 s). `benchmarks/load_http.py` measures a mixed load of commands, events and retries on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from benchmarks import http_compare
from bot.engine.core import Engine
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.render.blocks import render_answer

REPO = Path(__file__).resolve().parent.parent
HTTP_CONCURRENCY = 50


def _median_seconds(command: list[str], runs: int) -> float:
    """The median wall time of `runs` runs of the command, after one run that warms the caches: both sides are timed
    with their bytecode cached, as an installed program is (slack_bolt's .pyc files are written when pip installs it;
    PYTHONDONTWRITEBYTECODE, set on some machines, would leave only ours to be compiled at every run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def _timed(answer: Callable[[str], object], questions: list[str]) -> list[float]:
    latencies = []
    for question in questions:
        started = time.perf_counter()
        answer(question)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def naive_bot(kb: KnowledgeBase) -> Callable[[str], object]:
    """The baseline: one fuzzy match of the whole question against every name, keyword and example question."""
    choices: dict[str, str] = {}
    for city in kb.cities:
        for name in city.names:
            choices[name.lower()] = city.id
    for topic in kb.topics:
        for phrase in (*topic.keywords, *topic.questions, topic.title):
            choices[phrase.lower()] = topic.id

    def answer(question: str) -> object:
        return process.extractOne(question.lower(), choices.keys(), scorer=fuzz.WRatio)

    return answer


# (cities, questions asked, p99 target in ms, load target in s): the targets, None where it sets none.
SYNTHETIC = ((1_000, 1_000, None, None), (10_000, 1_000, 2, 2), (100_000, 300, 10, 10))


def _synthetic(size: int, count: int) -> dict[str, float] | None:
    """benchmarks/synthetic.py's figures for one size, measured in a process of its own (so peak RSS is its own)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.synthetic", str(size), "--questions", str(count)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _row(what: str, measured: str, baseline: str, target: str, met: bool | None) -> str:
    verdict = "n/a" if met is None else "met" if met else "NOT met"
    return f"{what:<34} {measured:>14} {baseline:>16} {target:>22}  {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs of each command (median)")
    parser.add_argument("--questions", type=int, default=20_000, help="questions answered for the latencies")
    parser.add_argument("--max-size", type=int, default=100_000, help="largest synthetic knowledge base to measure")
    parser.add_argument("--http-requests", type=int, default=2000, help="signed requests per server for HTTP")
    args = parser.parse_args()

    subprocess.run(["sistercity", "ask", "hi"], check=True, capture_output=True)  # warm the gazetteer cache
    ours = _median_seconds(["sistercity", "ask", "padua"], args.runs)
    bolt = _median_seconds([sys.executable, "-c", "import slack_bolt"], args.runs)

    kb = load_knowledge(REPO / "knowledge")
    engine = Engine.build(kb)
    table = yaml.safe_load((REPO / "tests" / "questions.yaml").read_text(encoding="utf-8"))
    asked = [case["q"] for cases in table.values() for case in cases]
    questions = list(islice(cycle(asked), args.questions))
    _timed(lambda q: render_answer(engine.answer(q)), asked)  # warm caches once
    bot_p50, bot_p99 = _percentiles(_timed(lambda q: render_answer(engine.answer(q)), questions))
    naive_p50, naive_p99 = _percentiles(_timed(naive_bot(kb), questions))

    print(f"{'figure':<34} {'measured':>14} {'baseline':>16} {'target':>22}  verdict")
    ratio = ours / bolt
    print(_row("start-up, sistercity ask padua", f"{ours:.2f} s", f"bolt {bolt:.2f} s", "<= 2x import", ratio <= 2))
    print(_row("  ratio to import slack_bolt", f"{ratio:.1f}x", "", "<= 2.0x", ratio <= 2))
    print(_row("answer + render p50", f"{bot_p50:.3f} ms", f"naive {naive_p50:.3f} ms", "3x faster than naive",
               naive_p50 >= 3 * bot_p50))  # fmt: skip
    print(_row("answer + render p99", f"{bot_p99:.3f} ms", f"naive {naive_p99:.3f} ms", "<= 0.5 ms", bot_p99 <= 0.5))
    for size, count, p99_target, load_target in SYNTHETIC:
        if size > args.max_size:
            print(_row(f"synthetic {size:,} cities", "skipped", "", f"--max-size {size}", None))
            continue
        found = _synthetic(size, count)
        if found is None:
            print(_row(f"synthetic {size:,} cities", "failed", "", "see stderr", False))
            continue
        label = f"synthetic {size:,}"
        print(_row(f"{label} p50 / p99", f"{found['p50_ms']:.2f}/{found['p99_ms']:.2f} ms",
                   f"naive {found['naive_p50_ms']:.2f} ms", f"p99 <= {p99_target} ms" if p99_target else "none set",
                   None if p99_target is None else found["p99_ms"] <= p99_target))  # fmt: skip
        print(_row(f"{label} load (cached)", f"{found['cached_load_s']:.1f} s", f"files {found['load_s']:.1f} s",
                   f"<= {load_target} s" if load_target else "none set",
                   None if load_target is None else found["cached_load_s"] <= load_target))  # fmt: skip
        print(_row(f"{label} accuracy", f"{found['accuracy']:.3f}", f"naive {found['naive_accuracy']:.3f}",
                   ">= naive", found["accuracy"] >= found["naive_accuracy"]))  # fmt: skip
        first = f"first load {found['first_load_peak_rss_mib']} MiB"
        print(_row(f"{label} peak RSS (serving)", f"{found['peak_rss_mib']} MiB", first,
                   "<= 1024 MiB" if size >= 100_000 else "none set",
                   found["peak_rss_mib"] <= 1024 if size >= 100_000 else None))  # fmt: skip
    ((_, ours_http, bare_http),) = http_compare.run(args.http_requests, [HTTP_CONCURRENCY])
    for share, label in ((0.5, "p50"), (0.99, "p99")):
        mine, base = ours_http.percentile(share), bare_http.percentile(share)
        print(_row(f"HTTP c={HTTP_CONCURRENCY} ack {label}", f"{mine:.1f} ms", f"bare {base:.1f} ms",
                   f"<= {http_compare.TARGET_RATIO}x bare", mine <= http_compare.TARGET_RATIO * base))  # fmt: skip
    slow = sum(s > http_compare.SLACK_ACK_SECONDS for s in ours_http.seconds) + ours_http.failed
    print(_row(f"HTTP c={HTTP_CONCURRENCY} throughput", f"{ours_http.throughput:,.0f}/s",
               f"bare {bare_http.throughput:,.0f}/s", "none over 3 s", slow == 0))  # fmt: skip
    print(f"({len(questions)} questions, cycling through the {len(asked)} of tests/questions.yaml; start-up: median "
          f"of {args.runs} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
