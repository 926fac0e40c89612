"""Slack's message limits that slack_sdk's block models do not check, enforced before anything is sent."""

from __future__ import annotations

from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTION_ELEMENTS = 25
MAX_MESSAGE_TEXT = 40000
MAX_BUTTON_VALUE = 2000
MAX_ID = 255  # action_id and block_id


class ReplyError(ValueError):
    """A reply breaks one of Slack's limits; `problems` says which and where."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("The reply would be refused by Slack: " + "; ".join(problems))


def clip(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters, with an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text_problems(obj: Any, where: str, limit: int) -> list[str]:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return [f"{where}: empty text"]
    if len(obj["text"]) > limit:
        return [f"{where}: {len(obj['text'])} characters (max {limit})"]
    return []


def _element_problems(element: dict[str, Any], where: str) -> list[str]:
    problems = []
    if len(str(element.get("action_id", ""))) > MAX_ID:
        problems.append(f"{where}.action_id: longer than {MAX_ID}")
    if element.get("type") == "button":
        if len(str(element.get("value", ""))) > MAX_BUTTON_VALUE:
            problems.append(f"{where}.value: longer than {MAX_BUTTON_VALUE}")
        return problems + _text_problems(element.get("text"), f"{where}.text", MAX_BUTTON_TEXT)
    if element.get("type") in ("mrkdwn", "plain_text"):
        return problems + _text_problems(element, where, MAX_SECTION_TEXT)
    return problems


def message_problems(text: str, blocks: list[dict[str, Any]]) -> list[str]:
    """Every way this message breaks Slack's limits (empty when it is fine)."""
    problems = [] if text.strip() else ["text: empty"]
    if len(text) > MAX_MESSAGE_TEXT:
        problems.append(f"text: {len(text)} characters (max {MAX_MESSAGE_TEXT})")
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"blocks: {len(blocks)} (max {MAX_BLOCKS})")
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    problems += [f"block_id: {b!r} is used twice" for b in sorted(set(block_ids)) if block_ids.count(b) > 1]
    problems += [f"block_id: {b!r} is longer than {MAX_ID}" for b in block_ids if len(str(b)) > MAX_ID]
    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        kind = block.get("type")
        if kind == "header":
            problems += _text_problems(block.get("text"), f"{where}.text", MAX_HEADER_TEXT)
        elif kind == "section":
            if "text" not in block and "fields" not in block:
                problems.append(f"{where}: a section needs text or fields")
            if "text" in block:
                problems += _text_problems(block["text"], f"{where}.text", MAX_SECTION_TEXT)
            fields = block.get("fields", [])
            if len(fields) > MAX_FIELDS:
                problems.append(f"{where}: {len(fields)} fields (max {MAX_FIELDS})")
            for j, item in enumerate(fields):
                problems += _text_problems(item, f"{where}.fields[{j}]", MAX_FIELD_TEXT)
            if isinstance(block.get("accessory"), dict):
                problems += _element_problems(block["accessory"], f"{where}.accessory")
        elif kind in ("context", "actions"):
            elements = block.get("elements", [])
            cap = MAX_CONTEXT_ELEMENTS if kind == "context" else MAX_ACTION_ELEMENTS
            if not 1 <= len(elements) <= cap:
                problems.append(f"{where}: {len(elements)} elements (1..{cap})")
            action_ids = [e["action_id"] for e in elements if "action_id" in e]
            if len(action_ids) != len(set(action_ids)):
                problems.append(f"{where}: an action_id is used twice")
            for j, element in enumerate(elements):
                problems += _element_problems(element, f"{where}.elements[{j}]")
    return problems


def check_message(text: str, blocks: list[dict[str, Any]]) -> None:
    """Raise ReplyError if Slack would refuse this message."""
    if problems := message_problems(text, blocks):
        raise ReplyError(problems)
