"""The gaps report: what staff asked, what the bot could not answer, grouped, each group with a concrete fix.

Nothing is learned automatically: every suggestion is a line for an editor to paste into a knowledge file (an alias
for a city people name differently, a keyword for an entry people ask about in other words) or a topic to write
when no entry is close. `build_report` computes it from the records; `format_report` makes it readable.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from bot.engine.matching import closest_name, group_similar
from bot.engine.question import STOPWORDS
from bot.engine.word_frequency import zipf
from bot.knowledge.models import KnowledgeBase
from bot.records.schema import FeedbackRecord, QuestionRecord

LOW_SCORE = 60  # an answer below this score counts as a gap, even if something was said
# Replies that are right not to answer: no fix to the knowledge would change them.
DELIBERATE = frozenset({"not_sister", "cannot_do", "other_program", "greeting", "thanks", "help"})
EVERYDAY_ZIPF = 4.5  # a word this frequent in English makes no keyword
EXAMPLES = 3  # verbatim questions shown per group
MAX_GROUPS = 20
ALIAS_SIMILARITY = 70.0  # a word this close to a city's name is another way of writing it
CHART_WIDTH = 40


@dataclass(frozen=True)
class _Asked:
    text: str
    answered: bool
    score: int
    entry: str | None
    suggestions: list[str]
    not_understood: list[str]
    day: dt.date
    kind: str


def _since(days: int | None) -> dt.datetime | None:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=days) if days else None


def _load(engine: Engine, days: int | None) -> tuple[list[_Asked], list[tuple[str | None, str]]]:
    since = _since(days)
    q = QuestionRecord
    columns = (q.text, q.answered, q.score, q.entry, q.suggestions, q.not_understood, q.asked_at, q.kind)
    asked_query = select(*columns).order_by(q.id)
    clicks = select(FeedbackRecord.answer_id, QuestionRecord.entry, QuestionRecord.text).join(
        QuestionRecord, QuestionRecord.answer_id == FeedbackRecord.answer_id
    )
    clicks = clicks.where(FeedbackRecord.kind == "not_helpful")
    if since is not None:
        asked_query = asked_query.where(QuestionRecord.asked_at >= since)
        clicks = clicks.where(FeedbackRecord.at >= since)
    with engine.connect() as connection:
        asked = [
            _Asked(
                r.text,
                r.answered,
                r.score,
                r.entry,
                list(r.suggestions or []),
                list(r.not_understood or []),
                r.asked_at.date(),
                r.kind,
            )
            for r in connection.execute(asked_query)
        ]
        not_helpful = [(row.entry, row.text) for row in connection.execute(clicks)]
    return asked, not_helpful


def _entry_file(knowledge_dir: Path | None, entry_id: str, kind: str) -> str | None:
    if knowledge_dir is None:
        return None
    path = knowledge_dir / kind / f"{entry_id}.yaml"
    if path.exists():
        return str(path)
    for candidate in sorted((knowledge_dir / kind).glob("*.y*ml")):
        if f"id: {entry_id}\n" in candidate.read_text(encoding="utf-8"):
            return str(candidate)
    return None


def _top_words(group: list[_Asked]) -> list[str]:
    """The words the engine could not account for, most shared first, leaving out everyday words ("right",
    "near"), which no keyword should hold."""
    counts = Counter(
        w
        for a in group
        for w in dict.fromkeys(a.not_understood)
        if w not in STOPWORDS and w.isalpha() and zipf(w) < EVERYDAY_ZIPF
    )
    return [w for w, _ in counts.most_common(3)]


def suggest(group: list[_Asked], kb: KnowledgeBase, knowledge_dir: Path | None) -> dict[str, Any]:
    """The fix for one group of unanswered questions: an alias, a keyword, or a topic to write."""
    words_ = _top_words(group)
    offered = Counter(s for a in group for s in a.suggestions) + Counter(a.entry for a in group if a.entry)
    target = offered.most_common(1)[0][0] if offered else None
    city = kb.city(target) if target else None
    if city is not None and words_:
        found = closest_name(words_[0], city.names)
        if found is not None and found[1] >= ALIAS_SIMILARITY:
            return {
                "kind": "alias",
                "entry": city.id,
                "text": f"aliases: [{', '.join([*city.aliases, words_[0].title()])}]",
                "file": _entry_file(knowledge_dir, city.id, "cities"),
            }
    topic = kb.topic(target) if target else None
    answered_with = {a.entry for a in group if a.entry}
    if city is not None and city.id not in answered_with:
        city = None  # a city only offered as "did you mean", not close enough for an alias: no keyword of its
    if (topic is not None or city is not None) and words_:
        keyword = " ".join(words_[:2]) if len(group) > 1 and len(words_) > 1 else words_[0]
        current = topic.keywords if topic is not None else ()
        kind = "topics" if topic is not None else "cities"
        entry = topic.id if topic is not None else city.id if city is not None else None
        return {
            "kind": "keyword",
            "entry": entry,
            "text": f"keywords: [{', '.join([*current[:3], '...', keyword])}]" if current else f"keywords: [{keyword}]",
            "file": _entry_file(knowledge_dir, entry, kind) if entry else None,
        }
    about = ", ".join(words_) if words_ else group[0].text
    return {
        "kind": "topic",
        "entry": None,
        "text": f"Write a topic that answers questions about: {about}",
        "file": None,
    }


def build_report(
    engine: Engine, kb: KnowledgeBase, days: int | None = None, knowledge_dir: Path | None = None
) -> dict[str, Any]:
    """The report as one JSON-ready object (see the README's contract for its keys)."""
    asked, not_helpful = _load(engine, days)
    answered = sum(a.answered for a in asked)
    per_day = Counter(a.day.isoformat() for a in asked)
    answered_per_day = Counter(a.day.isoformat() for a in asked if a.answered)
    top = Counter(a.entry for a in asked if a.entry and a.answered).most_common(10)
    # A real place that is not ours, a task the bot cannot do or another city's program is answered as it should
    # be; the gaps are what the knowledge lacked or the bot did not understand.
    gaps = [a for a in asked if a.kind not in DELIBERATE and (not a.answered or a.score < LOW_SCORE)]
    groups = []
    for positions in group_similar([a.text for a in gaps])[:MAX_GROUPS]:
        members = [gaps[i] for i in positions]
        examples = list(dict.fromkeys(a.text for a in members))[:EXAMPLES]
        groups.append({"count": len(members), "examples": examples, "suggestion": suggest(members, kb, knowledge_dir)})
    by_entry: dict[str | None, list[str]] = {}
    for entry, text in not_helpful:
        by_entry.setdefault(entry, []).append(text)
    rated = [
        {"entry": entry, "count": len(texts), "examples": list(dict.fromkeys(texts))[:EXAMPLES]}
        for entry, texts in sorted(by_entry.items(), key=lambda item: -len(item[1]))
    ]
    return {
        "days": days,
        "questions": len(asked),
        "answered": answered,
        "answer_rate": round(answered / len(asked), 3) if asked else 0.0,
        "per_day": [
            {"day": day, "questions": n, "answered": answered_per_day.get(day, 0)} for day, n in sorted(per_day.items())
        ],
        "top_entries": [{"entry": entry, "count": n} for entry, n in top],
        "unanswered_groups": groups,
        "not_helpful": rated,
    }


def format_report(report: dict[str, Any]) -> str:
    """The report as text for a terminal: figures, a small chart of questions per day, the gaps and their fixes."""
    span = f"the last {report['days']} days" if report["days"] else "all records"
    lines = [
        f"Questions ({span}): {report['questions']}, answered {report['answered']} ({report['answer_rate']:.0%}).",
        "",
        "Questions per day (# answered, . not answered):",
    ]
    most = max((d["questions"] for d in report["per_day"]), default=0)
    for day in report["per_day"][-14:]:
        scale = CHART_WIDTH / most if most > CHART_WIDTH else 1
        bar = "#" * round(day["answered"] * scale) + "." * round((day["questions"] - day["answered"]) * scale)
        lines.append(f"  {day['day']}  {bar} {day['questions']}")
    lines += ["", "Most asked entries:"]
    lines += [f"  {e['count']:>5}  {e['entry']}" for e in report["top_entries"]] or ["  (none yet)"]
    lines += ["", "Not answered, or answered weakly, most frequent first:"]
    if not report["unanswered_groups"]:
        lines.append("  (none)")
    for n, group in enumerate(report["unanswered_groups"], start=1):
        fix = group["suggestion"]
        examples = " | ".join(f"“{t}”" for t in group["examples"])
        lines.append(f"  {n}. {group['count']} question(s), e.g. {examples}")
        where = f" in {fix['file']}" if fix["file"] else ""
        lines.append(
            f"     suggestion ({fix['kind']}{', ' + fix['entry'] if fix['entry'] else ''}): {fix['text']}{where}"
        )
    lines += ["", "Rated not helpful:"]
    lines += [
        f"  {r['count']:>5}  {r['entry'] or '(no entry)'}: " + " | ".join(r["examples"]) for r in report["not_helpful"]
    ]
    if not report["not_helpful"]:
        lines.append("  (none)")
    return "\n".join(lines)
