"""What the Slack app adds around a rendered answer: Share and feedback buttons, "shared by", fixed texts.

Pure functions over `Reply` (plain dicts out, no I/O); every function returns a message already checked
against Slack's limits.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, MarkdownTextObject, PlainTextObject

from bot.engine.answers import Answer, AnswerKind
from bot.engine.markup import encodable, escape_mrkdwn
from bot.render.blocks import Reply
from bot.render.limits import MAX_BLOCKS, MAX_BUTTON_VALUE, MAX_SECTION_TEXT, check_message, clip

SHARE_ACTION = "share_answer"
FEEDBACK_ACTION = "feedback"  # action_id prefix: "feedback:helpful", "feedback:not_helpful"
HELPFUL, NOT_HELPFUL = "helpful", "not_helpful"
ANSWER_ACTIONS_BLOCK = "answer_actions"

ERROR_TEXT = "Sorry, something went wrong on my side and I couldn't answer that. Please try again in a moment."
FEEDBACK_THANKS = {
    HELPFUL: "Thanks for the feedback! Glad that helped.",
    NOT_HELPFUL: "Thanks for the feedback. It helps us improve the answers.",
}

MAX_ECHOED_QUESTION = 200
MAX_NAME = 80  # Slack's longest display name
# Replies that give no knowledge to rate.
_NO_FEEDBACK = frozenset({AnswerKind.HELP, AnswerKind.GREETING, AnswerKind.THANKS})
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_ENTRY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # the shape of a knowledge file's id
ANSWER_ID = re.compile(r"[0-9a-f]{32}")  # the shape of a recorded answer's id


@dataclass(frozen=True)
class AnswerRef:
    """What a button carries to rebuild an answer: the entry it showed, else the question it answered."""

    question: str = ""
    entry: str | None = None
    answer: str | None = None  # the recorded answer's id, which a feedback click is linked to

    def encode(self) -> str:
        """A compact JSON button value within Slack's 2,000-character limit."""
        data: dict[str, str] = {"e": self.entry} if self.entry else {}
        if self.answer:
            data["a"] = self.answer
        data["q"] = encodable(self.question)  # a forged value's question may hold lone surrogates
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        while len(value) > MAX_BUTTON_VALUE and data["q"]:  # long or escape-heavy questions: shorten until it fits
            data["q"] = data["q"][: len(data["q"]) - (len(value) - MAX_BUTTON_VALUE) - 1]
            value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return value

    @classmethod
    def decode(cls, value: object) -> AnswerRef:
        """The reference in a button value; a forged or garbled value gives an empty question and no entry."""
        try:
            data = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return cls()
        question, entry, answer = data.get("q"), data.get("e"), data.get("a")
        return cls(
            question=question if isinstance(question, str) else "",
            entry=entry if isinstance(entry, str) and _ENTRY_ID.fullmatch(entry) else None,
            answer=answer if isinstance(answer, str) and ANSWER_ID.fullmatch(answer) else None,
        )


def _button(label: str, action_id: str, value: str, primary: bool = False) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=label, emoji=True),
        action_id=action_id,
        value=value,
        style="primary" if primary else None,
    )


def tagged(blocks: list[dict[str, Any]], answer_id: str | None) -> list[dict[str, Any]]:
    """The blocks with buttons, given block ids that name the recorded answer, so that a card or "did you mean"
    button press can be linked to the answer it follows (see answer_of)."""
    if answer_id is None:
        return blocks
    found = []
    for i, block in enumerate(blocks):
        if block.get("type") == "actions" or isinstance(block.get("accessory"), dict):
            block = {**block, "block_id": f"{answer_id}:{i}"}
        found.append(block)
    return found


def answer_of(block_id: object) -> str | None:
    """The recorded answer a button's block belongs to (see tagged), if its block id names one."""
    head = str(block_id or "").partition(":")[0]
    return head if ANSWER_ID.fullmatch(head) else None


def _with_actions(reply: Reply, buttons: list[ButtonElement], before: list[dict[str, Any]], ref: AnswerRef) -> Reply:
    tail = [ActionsBlock(block_id=ANSWER_ACTIONS_BLOCK, elements=buttons).to_dict()] if buttons else []
    room = MAX_BLOCKS - len(before) - len(tail)
    blocks = [*before, *tagged(reply.blocks[:room], ref.answer), *tail]
    check_message(reply.text, blocks)
    return Reply(text=reply.text, blocks=blocks)


def _feedback_buttons(answer: Answer, ref: AnswerRef) -> list[ButtonElement]:
    if answer.kind in _NO_FEEDBACK:
        return []
    value = ref.encode()
    return [
        _button(":thumbsup: Helpful", f"{FEEDBACK_ACTION}:{HELPFUL}", value),
        _button(":thumbsdown: Not helpful", f"{FEEDBACK_ACTION}:{NOT_HELPFUL}", value),
    ]


def public_reply(reply: Reply, answer: Answer, ref: AnswerRef) -> Reply:
    """A reply everyone in the conversation sees: the answer plus feedback buttons for a knowledge answer."""
    return _with_actions(reply, _feedback_buttons(answer, ref), [], ref)


def private_reply(reply: Reply, answer: Answer, ref: AnswerRef) -> Reply:
    """A reply only the asker sees: the answer, a "Share in channel" button and feedback buttons."""
    share = _button("Share in channel", SHARE_ACTION, ref.encode(), primary=True)
    return _with_actions(reply, [share, *_feedback_buttons(answer, ref)], [], ref)


def rate_limited_text(per_minute: int, seconds: float) -> str:
    """The one polite note a person gets on reaching the limit of questions a minute."""
    wait = max(1, math.ceil(seconds))
    return (
        f"You've asked me {per_minute} question{'s' if per_minute != 1 else ''} in the last minute, which is as "
        "many as I answer for one person, so I'm pausing for a moment to keep the channel readable. Please ask "
        f"again in about {wait} second{'s' if wait != 1 else ''}."
    )


def shared_by(user_id: str, user_name: str, question: str) -> str:
    """The "shared by" line: a mention of a real user id, else the escaped name, and the escaped question."""
    who = f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else escape_mrkdwn(clip(user_name, MAX_NAME) or "Someone")
    asked = clip(" ".join(question.split()), MAX_ECHOED_QUESTION)
    about = f" to “{escape_mrkdwn(asked)}”" if asked else ""
    return f"{who} shared this answer{about} (from `/sistercity`)."


def shared_reply(reply: Reply, answer: Answer, ref: AnswerRef, user_id: str, user_name: str) -> Reply:
    """The public copy of a private reply: who shared it, the answer, and feedback buttons."""
    line = shared_by(user_id, user_name, ref.question if ref.entry is None else "")
    header = ContextBlock(elements=[MarkdownTextObject(text=line)]).to_dict()
    text = clip(f"{line}\n{reply.text}", MAX_SECTION_TEXT)
    return _with_actions(Reply(text=text, blocks=reply.blocks), _feedback_buttons(answer, ref), [header], ref)
