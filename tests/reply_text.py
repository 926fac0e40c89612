"""Helpers for reading a rendered reply in tests."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

EVAL_SCORE = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"


def collect_text(node: Any) -> list[str]:
    """Every string under a 'text' key anywhere in the blocks."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found += collect_text(value)
    elif isinstance(node, list):
        for item in node:
            found += collect_text(item)
    return found


def visible_text(text: str, blocks: list[dict[str, Any]]) -> str:
    """The reply's text and all text in its blocks, casefolded."""
    return " ".join([text, *collect_text(blocks)]).casefold()


def official_block_checker() -> Callable[[Any], list[str]] | None:
    """The evaluation's own Block Kit checker (../shared/eval/score.py), when it sits beside the checkout."""
    if not EVAL_SCORE.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_eval_score", EVAL_SCORE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    checker: Callable[[Any], list[str]] = module.check_blocks
    return checker
