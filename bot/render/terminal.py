"""Show a rendered reply readably in a terminal: Block Kit flattened to lines of text."""

from __future__ import annotations

import html
import re
from typing import Any

from bot.render.blocks import Reply

_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")


def _plain(mrkdwn: str) -> str:
    return html.unescape(_LINK.sub(r"\2 (\1)", mrkdwn)).replace("*", "")


def _buttons(elements: list[dict[str, Any]], choices: list[str]) -> str:
    labels = []
    for element in elements:
        if element.get("type") == "button":
            choices.append(str(element.get("value", "")))
            labels.append(f"[{len(choices)}] {element['text']['text']}")
    return "   ".join(labels)


def format_reply(reply: Reply) -> tuple[str, list[str]]:
    """The reply as terminal text, and the entry ids of its buttons in the order they are numbered."""
    lines: list[str] = []
    choices: list[str] = []
    for block in reply.blocks:
        kind = block["type"]
        if kind == "header":
            title = block["text"]["text"]
            lines += ["", title, "=" * min(len(title), 72)]
        elif kind == "section":
            if "text" in block:
                lines.append(_plain(block["text"]["text"]))
            for item in block.get("fields", []):
                label, _, value = _plain(item["text"]).partition("\n")
                lines.append(f"  {label}: {value}")
            accessory = block.get("accessory")
            if accessory:
                lines[-1] += "   " + _buttons([accessory], choices)
        elif kind == "context":
            lines.append("  " + " ".join(_plain(e.get("text", "")) for e in block["elements"]))
        elif kind == "actions":
            lines.append(_buttons(block["elements"], choices))
        elif kind == "divider":
            lines.append("-" * 40)
    return "\n".join(lines).strip("\n"), choices
