"""Benchmark the answer engine: start-up, per-question latency, throughput and memory. Prints figures.

    python benchmarks/answer_speed.py [--questions N]

It answers the questions of tests/questions.yaml over and over (N in all), rendering each reply as the
CLI and the Slack app do, and reports the index build time, p50/p95/p99/max latency, answers per second and
the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from itertools import cycle, islice
from pathlib import Path

import yaml

from bot.engine.core import Engine
from bot.knowledge.loader import load_knowledge
from bot.render.blocks import render_answer

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()

    started = time.perf_counter()
    kb = load_knowledge(REPO / "knowledge")
    loaded = time.perf_counter()
    engine = Engine.build(kb)
    built = time.perf_counter()

    table = yaml.safe_load((REPO / "tests" / "questions.yaml").read_text(encoding="utf-8"))
    questions = [case["q"] for cases in table.values() for case in cases]
    latencies = []
    for question in islice(cycle(questions), args.questions):
        t0 = time.perf_counter()
        render_answer(engine.answer(question))
        latencies.append((time.perf_counter() - t0) * 1000)
    total = sum(latencies) / 1000
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"knowledge load:     {1000 * (loaded - started):8.1f} ms")
    print(f"index build:        {1000 * (built - loaded):8.1f} ms  (gazetteer, matchers)")
    print(f"questions answered: {len(latencies):8d}  (cycling through {len(questions)} test questions)")
    print(f"latency p50:        {statistics.median(latencies):8.3f} ms")
    print(f"latency p95:        {pct(95):8.3f} ms")
    print(f"latency p99:        {pct(99):8.3f} ms")
    print(f"latency max:        {ordered[-1]:8.3f} ms")
    print(f"throughput:         {len(latencies) / total:8.0f} answers/s (one core)")
    print(f"peak memory (RSS):  {peak_mb:8.1f} MiB")


if __name__ == "__main__":
    main()
