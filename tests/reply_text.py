"""Helpers for reading a rendered reply in tests."""

from __future__ import annotations

from typing import Any


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
