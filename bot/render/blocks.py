"""Render an Answer as a Slack message: Block Kit as plain dicts, plus a plain-text `text`.

The blocks are built as the dicts Slack receives, not through slack_sdk's block models: those cost a quarter of the
reply time and their import a tenth of a second at start-up. The tests parse every kind of reply with slack_sdk's
models and check that they give back exactly these dicts (tests/test_rendering.py), and `check_message` enforces
Slack's limits on every reply before it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.answers import Answer, AnswerKind, CityRow
from bot.engine.geo import BOSTON, describe_distance, distance_km
from bot.engine.markup import escape_mrkdwn
from bot.knowledge.models import City, Source, Topic
from bot.render.limits import (
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_FIELD_TEXT,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    check_message,
    clip,
)

Block = dict[str, Any]
DIVIDER: Block = {"type": "divider"}

SHOW_ENTRY_ACTION = "show_entry"  # action_id prefix of every button that opens a city or topic
MAX_HIGHLIGHTS = 3


@dataclass(frozen=True)
class Reply:
    """A ready-to-send Slack message."""

    text: str
    blocks: list[dict[str, Any]]


def mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> Block:
    """A mrkdwn text object, clipped to `limit` (the caller has escaped any user text)."""
    return {"type": "mrkdwn", "text": clip(text, limit)}


def header(text: str) -> Block:
    """A header block (plain text, clipped to Slack's header limit)."""
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, MAX_HEADER_TEXT)}}


def section(text: str, accessory: Block | None = None) -> Block:
    """A section of mrkdwn text, with a button or other element beside it when given."""
    block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(text: str) -> Block:
    """A context block: one line of small mrkdwn text."""
    return {"type": "context", "elements": [mrkdwn(text)]}


def entry_button(label: str, entry_id: str, primary: bool = False) -> Block:
    """A button that opens the card of a city or topic."""
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(label, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": f"{SHOW_ENTRY_ACTION}:{entry_id}",
        "value": entry_id,
    }
    if primary:
        button["style"] = "primary"
    return button


def _sources_line(sources: tuple[Source, ...]) -> str:
    links = [f"<{s.url}|{escape_mrkdwn(s.title)}>" for s in sources[:4]]
    return "Sources: " + " · ".join(links)


def _city_fields(city: City) -> list[Block]:
    km = distance_km(BOSTON, city.position)
    fields = [
        ("Country", city.country),
        *([("Region", city.region)] if city.region else []),
        ("Sister city since" if city.is_sister else "Friendship city since", city.since),
        ("Continent", city.continent.value),
        ("Distance from Boston", describe_distance(km)),
    ]
    if shown := city.native_names[:3]:  # every native name has a source (the model requires one)
        names = ", ".join(f"{n.name} ({n.language})" if n.language else n.name for n in shown)
        fields.append(("Native name" if len(shown) == 1 else "Native names", names))
    if city.association:
        fields.append(("Association", city.association.name))
    return [mrkdwn(f"*{label}*\n{escape_mrkdwn(value)}", MAX_FIELD_TEXT) for label, value in fields]


def _status_note(city: City, lead: str) -> str | None:
    """The caveat about the tie's status that must follow the lead, unless the lead already says it."""
    note = city.status_note
    return note.text if note is not None and note.text not in lead else None


def _city_card(city: City, lead: str) -> list[Block]:
    badge = "" if city.is_sister else " (friendship city)"
    blocks: list[Block] = [
        header(f"{city.name}, {city.country}{badge}"),
        section(escape_mrkdwn(lead)),
    ]
    if caveat := _status_note(city, lead):
        blocks.append(section(f"*Caveat:* {escape_mrkdwn(caveat)}"))
    blocks.append({"type": "section", "fields": _city_fields(city)})
    if lead != city.summary:
        blocks.append(section(escape_mrkdwn(city.summary)))
    if city.established.note:
        blocks.append(section(f"*How the tie was made*\n{escape_mrkdwn(city.established.note)}"))
    if city.highlights:
        items = "\n".join(f"• {escape_mrkdwn(f.text)}" for f in city.highlights[:MAX_HIGHLIGHTS] if f.text != lead)
        if items:
            blocks.append(section(f"*Highlights*\n{items}"))
    if city.disagreements:
        items = "\n".join(f"• {escape_mrkdwn(f.text)}" for f in city.disagreements)
        blocks.append(section(f"*Where sources differ*\n{items}"))
    if city.association and city.association.url:
        blocks.append(context(f"Get involved: <{city.association.url}|{escape_mrkdwn(city.association.name)}>"))
    blocks.append(context(_sources_line(city.sources)))
    return blocks


def _topic_blocks(topic: Topic, notes: tuple[str, ...]) -> list[Block]:
    blocks: list[Block] = [
        header(topic.title),
        section(escape_mrkdwn(topic.answer)),
    ]
    if topic.points:
        blocks.append(section("\n".join(f"• {escape_mrkdwn(p)}" for p in topic.points)))
    blocks += [section(escape_mrkdwn(n)) for n in notes]
    blocks.append(context(_sources_line(topic.sources)))
    return blocks


def _row_block(row: CityRow) -> Block:
    badge = "" if row.city.is_sister else " (friendship city)"
    text = f"*{escape_mrkdwn(row.city.name)}*{badge}\n{escape_mrkdwn(row.detail)}"
    return section(text, accessory=entry_button(f"About {row.city.name}", row.city.id))


def _row_blocks(rows: tuple[CityRow, ...], room: int) -> list[Block]:
    """A block per row, as many as the message has room for; the rest are counted, not built (a list of a big
    knowledge base can have thousands of rows)."""
    if len(rows) <= room:
        return [_row_block(r) for r in rows]
    shown = max(room - 1, 0)
    return [*(_row_block(r) for r in rows[:shown]), context(f"…and {len(rows) - shown:,} more, not shown here.")]


def _choices(answer: Answer) -> list[Block]:
    buttons = [entry_button(c.name, c.id, primary=i == 0) for i, c in enumerate(answer.suggestions)]
    buttons += [entry_button(t.title, t.id) for t in answer.topic_suggestions]
    return [{"type": "actions", "elements": buttons[:5]}] if buttons else []


def _examples(examples: tuple[str, ...]) -> list[Block]:
    if not examples:
        return []
    lines = "\n".join(f"• {escape_mrkdwn(e)}" for e in examples)
    return [
        section(f"*Try asking*\n{lines}"),
        context(
            "In a channel, mention me with your question. Anywhere, type `/sistercity` and a question "
            "or a city, e.g. `/sistercity padua`, or `/sistercity help`."
        ),
    ]


def _blocks(answer: Answer) -> list[Block]:
    lead = escape_mrkdwn(answer.lead)
    notes = [section(escape_mrkdwn(n)) for n in answer.notes]
    kind = answer.kind
    if kind is AnswerKind.CITY and answer.city is not None:
        return _city_card(answer.city, answer.lead) + notes + _choices(answer)
    if kind is AnswerKind.TOPIC and answer.topic is not None:
        return _topic_blocks(answer.topic, answer.notes)
    if kind in (AnswerKind.LIST, AnswerKind.COMPARE):
        return [section(lead), DIVIDER, *_row_blocks(answer.rows, room=MAX_BLOCKS - 2 - len(notes)), *notes]
    if kind in (AnswerKind.HELP, AnswerKind.GREETING):
        return [section(lead), *_examples(answer.examples)]
    if kind is AnswerKind.FALLBACK:
        return [section(lead), *notes, *_examples(answer.examples)]
    return [section(lead), *notes, *_choices(answer)]


# The plain-text copy of a reply (notifications, screen readers) is clipped to this many characters.
PLAIN_TEXT_CHARS = 3000


def _plain_text(answer: Answer) -> str:
    parts = [answer.lead]
    if answer.kind is AnswerKind.CITY and answer.city is not None:
        city = answer.city
        if caveat := _status_note(city, answer.lead):
            parts.append(caveat)
        parts.append(f"{city.name}, {city.country}: since {city.since}.")
        if answer.lead != city.summary:
            parts.append(city.summary)
    if answer.topic is not None:
        parts.insert(0, f"{answer.topic.title}:")
        parts += list(answer.topic.points)
    parts += _row_lines(answer.rows, room=PLAIN_TEXT_CHARS)
    parts += list(answer.notes)
    if answer.suggestions or answer.topic_suggestions:
        names = [c.name for c in answer.suggestions] + [t.title for t in answer.topic_suggestions]
        parts.append("Did you mean: " + ", ".join(names) + "?")
    return escape_mrkdwn(clip("\n".join(p for p in parts if p), PLAIN_TEXT_CHARS))


def _row_lines(rows: tuple[CityRow, ...], room: int) -> list[str]:
    """A line per row, as far as the plain text has room for (it is clipped there anyway)."""
    lines: list[str] = []
    for row in rows:
        lines.append(f"{row.city.name}: {row.detail}")
        room -= len(lines[-1]) + 1
        if room < 0:
            break
    return lines


def render_answer(answer: Answer) -> Reply:
    """The Slack message for an answer; raises ReplyError if it would break one of Slack's limits."""
    blocks = _blocks(answer)[:MAX_BLOCKS]
    text = _plain_text(answer)
    check_message(text, blocks)
    return Reply(text=text, blocks=blocks)
