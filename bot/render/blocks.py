"""Render an Answer as a Slack message: Block Kit built with slack_sdk's models, plus a plain-text `text`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

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

SHOW_ENTRY_ACTION = "show_entry"  # action_id prefix of every button that opens a city or topic
MAX_HIGHLIGHTS = 3


@dataclass(frozen=True)
class Reply:
    """A ready-to-send Slack message."""

    text: str
    blocks: list[dict[str, Any]]


def mrkdwn(text: str) -> MarkdownTextObject:
    """A mrkdwn text object, clipped to Slack's section limit (the caller has escaped any user text)."""
    return MarkdownTextObject(text=clip(text, MAX_SECTION_TEXT))


def _section(text: str, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=mrkdwn(text), accessory=accessory)


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[mrkdwn(text)])


def entry_button(label: str, entry_id: str, primary: bool = False) -> ButtonElement:
    """A button that opens the card of a city or topic."""
    return ButtonElement(
        text=PlainTextObject(text=clip(label, MAX_BUTTON_TEXT), emoji=True),
        action_id=f"{SHOW_ENTRY_ACTION}:{entry_id}",
        value=entry_id,
        style="primary" if primary else None,
    )


def _sources_line(sources: tuple[Source, ...]) -> str:
    links = [f"<{s.url}|{escape_mrkdwn(s.title)}>" for s in sources[:4]]
    return "Sources: " + " · ".join(links)


def _city_fields(city: City) -> list[MarkdownTextObject]:
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
    return [
        MarkdownTextObject(text=clip(f"*{label}*\n{escape_mrkdwn(value)}", MAX_FIELD_TEXT)) for label, value in fields
    ]


def _status_note(city: City, lead: str) -> str | None:
    """The caveat about the tie's status that must follow the lead, unless the lead already says it."""
    note = city.status_note
    return note.text if note is not None and note.text not in lead else None


def _city_card(city: City, lead: str) -> list[Block]:
    badge = "" if city.is_sister else " (friendship city)"
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=clip(f"{city.name}, {city.country}{badge}", MAX_HEADER_TEXT))),
        _section(escape_mrkdwn(lead)),
    ]
    if caveat := _status_note(city, lead):
        blocks.append(_section(f"*Caveat:* {escape_mrkdwn(caveat)}"))
    blocks.append(SectionBlock(fields=_city_fields(city)))
    if lead != city.summary:
        blocks.append(_section(escape_mrkdwn(city.summary)))
    if city.established.note:
        blocks.append(_section(f"*How the tie was made*\n{escape_mrkdwn(city.established.note)}"))
    if city.highlights:
        items = "\n".join(f"• {escape_mrkdwn(f.text)}" for f in city.highlights[:MAX_HIGHLIGHTS] if f.text != lead)
        if items:
            blocks.append(_section(f"*Highlights*\n{items}"))
    if city.disagreements:
        items = "\n".join(f"• {escape_mrkdwn(f.text)}" for f in city.disagreements)
        blocks.append(_section(f"*Where sources differ*\n{items}"))
    if city.association and city.association.url:
        blocks.append(_context(f"Get involved: <{city.association.url}|{escape_mrkdwn(city.association.name)}>"))
    blocks.append(_context(_sources_line(city.sources)))
    return blocks


def _topic_blocks(topic: Topic, notes: tuple[str, ...]) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=clip(topic.title, MAX_HEADER_TEXT))),
        _section(escape_mrkdwn(topic.answer)),
    ]
    if topic.points:
        blocks.append(_section("\n".join(f"• {escape_mrkdwn(p)}" for p in topic.points)))
    blocks += [_section(escape_mrkdwn(n)) for n in notes]
    blocks.append(_context(_sources_line(topic.sources)))
    return blocks


def _row_block(row: CityRow) -> SectionBlock:
    badge = "" if row.city.is_sister else " (friendship city)"
    text = f"*{escape_mrkdwn(row.city.name)}*{badge}\n{escape_mrkdwn(row.detail)}"
    return _section(text, accessory=entry_button(f"About {row.city.name}", row.city.id))


def _choices(answer: Answer) -> list[Block]:
    buttons = [entry_button(c.name, c.id, primary=i == 0) for i, c in enumerate(answer.suggestions)]
    buttons += [entry_button(t.title, t.id) for t in answer.topic_suggestions]
    return [ActionsBlock(elements=buttons[:5])] if buttons else []


def _examples(examples: tuple[str, ...]) -> list[Block]:
    if not examples:
        return []
    lines = "\n".join(f"• {escape_mrkdwn(e)}" for e in examples)
    return [
        _section(f"*Try asking*\n{lines}"),
        _context(
            "In a channel, mention me with your question. Anywhere, type `/sistercity` and a question "
            "or a city, e.g. `/sistercity padua`, or `/sistercity help`."
        ),
    ]


def _blocks(answer: Answer) -> list[Block]:
    lead = escape_mrkdwn(answer.lead)
    notes = [_section(escape_mrkdwn(n)) for n in answer.notes]
    kind = answer.kind
    if kind is AnswerKind.CITY and answer.city is not None:
        return _city_card(answer.city, answer.lead) + notes + _choices(answer)
    if kind is AnswerKind.TOPIC and answer.topic is not None:
        return _topic_blocks(answer.topic, answer.notes)
    if kind in (AnswerKind.LIST, AnswerKind.COMPARE):
        rows: list[Block] = [_row_block(r) for r in answer.rows]
        return [_section(lead), DividerBlock(), *rows, *notes]
    if kind in (AnswerKind.HELP, AnswerKind.GREETING):
        return [_section(lead), *_examples(answer.examples)]
    if kind is AnswerKind.FALLBACK:
        return [_section(lead), *notes, *_examples(answer.examples)]
    return [_section(lead), *notes, *_choices(answer)]


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
    parts += [f"{r.city.name}: {r.detail}" for r in answer.rows]
    parts += list(answer.notes)
    if answer.suggestions or answer.topic_suggestions:
        names = [c.name for c in answer.suggestions] + [t.title for t in answer.topic_suggestions]
        parts.append("Did you mean: " + ", ".join(names) + "?")
    return escape_mrkdwn(clip("\n".join(p for p in parts if p), 3000))


def render_answer(answer: Answer) -> Reply:
    """The Slack message for an answer; raises ReplyError if it would break one of Slack's limits."""
    blocks = [b.to_dict() for b in _blocks(answer)[:MAX_BLOCKS]]
    text = _plain_text(answer)
    check_message(text, blocks)
    return Reply(text=text, blocks=blocks)
