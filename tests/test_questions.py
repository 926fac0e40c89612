"""Questions as data (tests/questions.yaml): each must reach its entry, or must not reach any."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.block_limits import message_problems
from bot.core import Engine
from bot.models import KnowledgeBase
from bot.rendering import render_answer
from tests.reply_text import visible_text

TABLE = yaml.safe_load((Path(__file__).with_name("questions.yaml")).read_text(encoding="utf-8"))
CASES = [pytest.param(case, id=f"{kind}:{case['q']}") for kind, cases in TABLE.items() for case in cases]


@pytest.mark.parametrize("case", CASES)
def test_question(engine: Engine, case: dict[str, Any]) -> None:
    answer = engine.answer(case["q"])
    reply = render_answer(answer)
    assert message_problems(reply.text, reply.blocks) == []
    seen = visible_text(reply.text, reply.blocks)
    if "entry" in case:
        wanted = case["entry"] if isinstance(case["entry"], list) else [case["entry"]]
        assert answer.entry in wanted, f"{answer.kind}: {answer.lead}"
    if case.get("not_entry"):
        assert answer.entry is None, f"{answer.kind}: {answer.lead}"
    if "answered" in case:
        assert answer.answered is case["answered"], f"{answer.kind}: {answer.lead}"
    for needle in case.get("has", []):
        assert needle.casefold() in seen, f"{needle!r} missing from {answer.kind}: {answer.lead}"
    for needle in case.get("lacks", []):
        assert needle.casefold() not in seen, f"{needle!r} present in {answer.kind}: {answer.lead}"


def test_every_entry_has_a_question(kb: KnowledgeBase) -> None:
    reached = set()
    for cases in TABLE.values():
        for case in cases:
            entry = case.get("entry")
            reached.update(entry if isinstance(entry, list) else [entry])
    missing = {c.id for c in kb.cities} | {t.id for t in kb.topics}
    assert missing - reached == set()
