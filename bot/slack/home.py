"""The App Home tab and the onboarding welcome DM: pure builders from the knowledge base to Block Kit dicts."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from bot.engine.markup import escape_mrkdwn
from bot.knowledge.models import City, KnowledgeBase, Topic
from bot.render.blocks import DIVIDER, Block, Reply, context, entry_button, header, section
from bot.render.limits import ReplyError, check_message, clip, message_problems

MAX_HOME_BLOCKS = 100  # Slack's limit for a Home tab view
MAX_BRIEF = 600  # characters of a topic's answer shown in the program brief

# The program in brief: (topic id, label). A topic missing from the knowledge base is left out.
BRIEF_TOPICS = (
    ("purpose", "Why the program exists"),
    ("boston-history", "History"),
    ("get-involved", "How to get involved"),
)
HOW_TO_ASK = (
    "Mention me in a channel (I answer in a thread), send me a direct message, or type `/sistercity` "
    "and a question or a city anywhere: only you see the answer, and a button shares it. "
    "`/sistercity list` lists the cities, `/sistercity help` explains the rest."
)


def brief(topic: Topic, limit: int = MAX_BRIEF) -> str:
    """The first paragraph of a topic's answer, at most `limit` characters."""
    first = topic.answer.strip().split("\n\n")[0]
    return clip(" ".join(first.split()), limit)


def _city_row(city: City) -> Block:
    since = city.established.year
    text = f"*{escape_mrkdwn(city.name)}* · {escape_mrkdwn(city.country)} · since {since}"
    return section(text, accessory=entry_button(f"About {city.name}", city.id))


def _examples(examples: tuple[str, ...]) -> Block:
    lines = "\n".join(f"• {escape_mrkdwn(e)}" for e in examples)
    return section(f"*Try asking*\n{lines}")


def home_blocks(kb: KnowledgeBase, examples: tuple[str, ...]) -> list[dict[str, Any]]:
    """The Home tab's blocks: the program in brief, every city with a button for its card, how to ask."""
    blocks: list[Block] = [
        header("Boston's Sister City program"),
        section("Welcome! This is the quick guide for staff. Ask me anything about the program."),
    ]
    for topic_id, label in BRIEF_TOPICS:
        if (topic := kb.topic(topic_id)) is not None:
            text = f"*{escape_mrkdwn(label)}*\n{escape_mrkdwn(brief(topic))}"
            blocks.append(section(text, accessory=entry_button("Read more", topic.id)))
    blocks += [DIVIDER, header(f"Sister cities ({len(kb.sister_cities)})")]
    blocks += [_city_row(city) for city in kb.sister_cities]
    if kb.friendship_cities:
        blocks += [DIVIDER, header("Friendship cities")]
        blocks += [_city_row(city) for city in kb.friendship_cities]
    blocks += [DIVIDER, header("How to ask me")]
    if examples:
        blocks.append(_examples(examples))
    blocks.append(context(HOW_TO_ASK))
    return blocks


def home_view(kb: KnowledgeBase, examples: tuple[str, ...]) -> dict[str, Any]:
    """The Home tab view for views.publish; raises ReplyError if Slack would refuse it."""
    blocks = home_blocks(kb, examples)
    problems = [] if len(blocks) <= MAX_HOME_BLOCKS else [f"blocks: {len(blocks)} (max {MAX_HOME_BLOCKS})"]
    for i, block in enumerate(blocks):  # a view allows more blocks than a message: check them one by one
        problems += [p.replace("blocks[0]", f"blocks[{i}]", 1) for p in message_problems("home", [block])]
    if problems:
        raise ReplyError(problems)
    view: dict[str, Any] = View(type="home", blocks=blocks).to_dict()
    return view


def welcome_message(kb: KnowledgeBase, examples: tuple[str, ...]) -> Reply:
    """The welcome DM for someone who joins the onboarding channel: the program in brief and how to ask."""
    lead = "Welcome! I'm the Sister Cities bot. I answer questions about Boston's Sister City program."
    parts = [lead]
    blocks: list[Block] = [section(f"*{lead}*")]
    if (purpose := kb.topic("purpose")) is not None:
        parts.append(brief(purpose))
        blocks.append(section(escape_mrkdwn(brief(purpose))))
    names = ", ".join(city.name for city in kb.sister_cities)
    parts.append(f"Boston's sister cities: {names}.")
    blocks.append(section(f"*Boston's sister cities:* {escape_mrkdwn(names)}."))
    if examples:
        blocks.append(_examples(examples[:4]))
    blocks.append(context(HOW_TO_ASK + " My Home tab has the whole program at a glance."))
    text = escape_mrkdwn("\n".join(parts))
    check_message(text, blocks)
    return Reply(text=text, blocks=blocks)


def with_report(view: dict[str, Any], report: list[Block]) -> dict[str, Any]:
    """An admin's Home: the report's blocks, then the Home tab everyone sees, within a view's block limit."""
    blocks = [*report, DIVIDER, *view["blocks"]][:MAX_HOME_BLOCKS]
    problems = [p for i, b in enumerate(blocks) for p in message_problems("home", [b])]
    if problems:
        raise ReplyError(problems)
    return {**view, "blocks": blocks}
