"""Helpers for reading a rendered reply in tests."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

EVAL_SCORE = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"
MISSING_EVAL = (
    f"the evaluation's Block Kit checker {EVAL_SCORE} is missing: it comes with ../shared beside the checkout"
)
# What makes Slack ping, mention or link: <!channel>, <!here>, <!subteam^S1>, <@U123>, <#C123|general>, <https://x|y>.
_LIVE_MARKUP = re.compile(r"<(?:[!@#]|(?:https?|mailto|tel|slack):)[^<>]*>?", re.IGNORECASE)


def assert_block_kit(blocks: list[dict[str, Any]]) -> None:
    """The renderer writes Block Kit as plain dicts: slack_sdk's models must parse and validate them and give back
    the very same dicts (no unknown key, no missing type, every value where the model expects it)."""
    parsed = [Block.parse(block) for block in blocks]
    assert all(type(model) is not Block for model in parsed), f"a block type slack_sdk does not know: {blocks}"
    assert [model.to_dict() for model in parsed] == blocks


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


def live_markup(text: str, blocks: list[dict[str, Any]]) -> list[str]:
    """Every mention, special mention or link Slack would act on, in the reply's text and its blocks' texts."""
    return [m for shown in (text, *collect_text(blocks)) for m in _LIVE_MARKUP.findall(shown)]


def official_block_checker() -> Callable[[Any], list[str]] | None:
    """The evaluation's own Block Kit checker (../shared/eval/score.py), or None when it is not beside the checkout.

    Under CI (the environment variable CI set) the checker is always there, so its absence fails instead."""
    if not EVAL_SCORE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{MISSING_EVAL}; CI always has it", pytrace=False)
        return None
    spec = importlib.util.spec_from_file_location("shared_eval_score", EVAL_SCORE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    checker: Callable[[Any], list[str]] = module.check_blocks
    return checker


def required_block_checker() -> Callable[[Any], list[str]]:
    """The evaluation's checker for a test that needs it: the test skips, saying why, when it is missing locally,
    and fails under CI."""
    checker = official_block_checker()
    if checker is None:
        pytest.skip(MISSING_EVAL)
    return checker
