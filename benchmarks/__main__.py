"""Speed and scale figures beside their targets, each with its baseline measured in the same run.

    python -m benchmarks [--runs N] [--questions N]

Measured here (issue: speed and scale):
- start-up: `sistercity ask "padua"` against `python -c "import slack_bolt"`, median of N runs each, with the
  gazetteer cache warm (target: at most 2 times);
- the real knowledge base: answer + Block Kit rendering per question (p50, p99; target p99 at most 0.5 ms) against
  a naive FAQ bot (rapidfuzz extractOne, WRatio over every name and phrase) answering the same questions (target:
  at least 3 times faster at p50).
Not measured yet, printed as such: the synthetic 1,000 / 10,000 / 100,000-city knowledge bases and the HTTP
concurrency-50 comparison (`benchmarks/load_http.py` measures HTTP load on its own).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.engine.core import Engine
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.render.blocks import render_answer

REPO = Path(__file__).resolve().parent.parent


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
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


def _row(what: str, measured: str, baseline: str, target: str, met: bool | None) -> str:
    verdict = "n/a" if met is None else "met" if met else "NOT met"
    return f"{what:<34} {measured:>14} {baseline:>16} {target:>22}  {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs of each command (median)")
    parser.add_argument("--questions", type=int, default=20_000, help="questions answered for the latencies")
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
    for what in (
        "synthetic 1,000 cities",
        "synthetic 10,000 cities (p99, load)",
        "synthetic 100,000 cities",
        "HTTP at concurrency 50",
    ):
        print(_row(what, "not measured", "", "see the issue", None))
    print(f"({len(questions)} questions, cycling through the {len(asked)} of tests/questions.yaml; start-up: median "
          f"of {args.runs} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
