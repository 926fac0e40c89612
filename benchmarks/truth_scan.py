"""Scan the bot's replies to question files for sentences that contradict the knowledge base.

    python -m benchmarks.truth_scan CASES.jsonl [CASES.jsonl ...]

Each file holds one case per line in the scorer's format (../shared/eval/score.py): a question `q`, and optionally
`entry_not`, the entries the reply must not be about. Every question is answered in-process, and its reply text is
checked for:
- NOSISTER: "Boston had no sister cities" (or "no sister cities in YEAR"), unless the question asks about a year
  before the first tie (Kyoto's, 1959), when it is true, or the sentence narrows it to a place ("...in Europe");
- COUNT: "Boston has N sister cities" with N other than the number the city files hold;
- ASOF: "As of YEAR, Boston had N sister cities" (or "By YEAR...") with N impossible for that year, allowing both
  dates of a disputed tie; a count narrowed by a filter ("...sister cities in Asia", "...within 5,000 km") is left
  alone;
- YEAR: "X became Boston's sister city in YEAR" with a year no source gives for X;
- NOTOURS: one of the sister cities called "not one of Boston's sister cities";
- CARD: a reply about an entry the case lists in `entry_not` (a real place that is not ours given a card);
- FUTURE: a count or a list of ties "as of", "by the end of" or "in" a year still to come, which no source can know.

Prints one line per problem and the count; exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.engine.core import Engine
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.render.blocks import render_answer

REPO = Path(__file__).resolve().parent.parent
_NUMBERS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_NO_SISTERS = re.compile(
    # (not "...in Europe", "...in the Middle East", nor "...in countries where Catalan is a national official
    # language": a filter said; nor "...yet: Kyoto was its first", before the first tie)
    r"\b(?:had|has) no sister cities\b(?! in (?:the )?[A-Z]| in countries where| yet: [A-Z][\w-]+ was its first)"
    r"|\bno sister cities in (19|20)\d\d"
)
_NOW = re.compile(r"\bBoston (?:has|currently has) (\w+) sister cities[.:]")
_AS_OF = re.compile(
    r"(?:As of|By the end of|By|In) (?:\d{1,2} \w+ )?((?:19|20)\d\d), Boston had (\w+) sister cit(?:y|ies)(?=[:.])"
)
_TIES_IN_YEAR = re.compile(
    r"(?:As of|By the end of|By|In) (?:\d{1,2} \w+ )?((?:19|20)\d\d), Boston had\b"
    r"|\bno new sister-city ties in ((?:19|20)\d\d)\b"
)
_BECAME = re.compile(r"([A-Z][\w-]+(?: [A-Z][\w-]+)?) became Boston's sister city in ((?:19|20)\d\d)")
_NOT_OURS = re.compile(r"([A-Z][\w-]+(?: [A-Z][\w-]+)?)(?:, [\w ]+)? is not one of Boston's sister cities")


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def problems(
    question: str, text: str, entry: str | None, entry_not: Iterable[str], kb: KnowledgeBase, this_year: int = 0
) -> list[str]:
    """What in one reply contradicts the knowledge base (see the module docstring), as "KIND: sentence"
    (`this_year`: the current year, after which nothing is known; this year's by default)."""
    this_year = this_year or dt.date.today().year
    sisters = kb.sister_cities
    years = {c.name: {c.established.year, *(o.year for o in c.established.other_dates)} for c in kb.cities}
    first = min(min(y) for y in (years[c.name] for c in sisters))
    found = []
    if m := _NO_SISTERS.search(text):
        # the years asked about, a decade ("the 1920s") by its last year
        asked = [int(y) + (9 if s else 0) for y, s in re.findall(r"\b((?:1[6-9]|20)\d\d)(s?)\b", question)]
        if not asked or max(asked) >= first:  # (true of a year before the first tie: "in 1956, none yet")
            found.append(f"NOSISTER: {m.group(0)}")
    for m in _NOW.finditer(text):
        if _number(m.group(1)) not in (None, len(sisters)):
            found.append(f"COUNT: {m.group(0)}")
    for m in _AS_OF.finditer(text):
        year, said = int(m.group(1)), _number(m.group(2))
        low = sum(1 for c in sisters if max(years[c.name]) < year)  # every date before the year
        high = sum(1 for c in sisters if min(years[c.name]) <= year)  # any date up to the end of the year
        if said is not None and not low <= said <= high:
            found.append(f"ASOF: {m.group(0)}")
    for m in _BECAME.finditer(text):
        if m.group(1) in years and int(m.group(2)) not in years[m.group(1)]:
            found.append(f"YEAR: {m.group(0)}")
    names = {c.name for c in sisters}
    found += [f"NOTOURS: {m.group(0)}" for m in _NOT_OURS.finditer(text) if m.group(1) in names]
    for m in _TIES_IN_YEAR.finditer(text):
        if int(m.group(1) or m.group(2)) > this_year:
            found.append(f"FUTURE: {m.group(0)}")
    if entry is not None and entry in set(entry_not):
        found.append(f"CARD: {entry}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    kb = load_knowledge(REPO / "knowledge")
    engine = Engine.build(kb)
    count = bad = 0
    for path in args.files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            answer = engine.answer(case["q"])
            text = render_answer(answer).text
            count += 1
            for problem in problems(case["q"], text, answer.entry, case.get("entry_not", ()), kb):
                bad += 1
                print(f"{case.get('id', '?')}: {problem}  <- {case['q']!r}")
    print(f"{count} questions; {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
