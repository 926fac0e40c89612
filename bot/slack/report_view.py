"""The gaps report as Slack messages: an ephemeral reply to `/sistercity report` and a section of an admin's Home."""

from __future__ import annotations

from typing import Any

from bot.engine.markup import escape_mrkdwn
from bot.render.blocks import DIVIDER, Block, Reply, context, header, section
from bot.render.limits import MAX_BLOCKS, check_message, clip

REPORT_DAYS = 30
SHOWN_GROUPS = 8  # of the unanswered groups, most frequent first
SHOWN_EXAMPLES = 2
NOT_ADMIN = (
    "The report of what people asked is for the program's admins. If you need it, ask whoever runs this bot to "
    "add your Slack member ID to ADMIN_USER_IDS."
)
NO_RECORDS = (
    "There is no report: this bot is not recording questions (its records database could not be used when it "
    "started). The bot's log says why."
)


def _summary(report: dict[str, Any]) -> str:
    return (
        f"*{report['questions']}* questions in the last {report['days']} days, *{report['answered']}* answered "
        f"({report['answer_rate']:.0%})."
    )


def _group_line(n: int, group: dict[str, Any]) -> str:
    fix = group["suggestion"]
    examples = " · ".join(f"“{escape_mrkdwn(clip(e, 120))}”" for e in group["examples"][:SHOWN_EXAMPLES])
    where = f" in `{escape_mrkdwn(fix['file'].rsplit('/knowledge/', 1)[-1])}`" if fix["file"] else ""
    return (
        f"*{n}. {group['count']} question(s)*: {examples}\n"
        f"Suggestion ({fix['kind']}): `{escape_mrkdwn(clip(fix['text'], 300))}`{where}"
    )


def report_blocks(report: dict[str, Any]) -> list[Block]:
    """The report's blocks: the answer rate, the most asked entries, the gaps with their fixes, "not helpful"."""
    blocks: list[Block] = [header("What people asked the bot"), section(_summary(report))]
    if report["top_entries"]:
        top = ", ".join(f"{escape_mrkdwn(e['entry'])} ({e['count']})" for e in report["top_entries"][:5])
        blocks.append(section(f"*Most asked:* {top}"))
    blocks.append(DIVIDER)
    groups = report["unanswered_groups"][:SHOWN_GROUPS]
    if groups:
        blocks.append(section("*Not answered, most frequent first, with what to add to the knowledge*"))
        blocks += [section(_group_line(n, g)) for n, g in enumerate(groups, start=1)]
    else:
        blocks.append(section("Every question in that time was answered."))
    if report["not_helpful"]:
        rated = ", ".join(
            f"{escape_mrkdwn(r['entry'] or 'no entry')} ({r['count']})" for r in report["not_helpful"][:5]
        )
        blocks.append(section(f"*Rated not helpful:* {rated}"))
    blocks.append(context("The whole report, or any period: `sistercity report --days N` on the bot's machine."))
    return blocks[:MAX_BLOCKS]


def report_reply(report: dict[str, Any]) -> Reply:
    """The report as one message within Slack's limits (the text says the figures for notifications)."""
    blocks = report_blocks(report)
    text = escape_mrkdwn(_summary(report).replace("*", ""))
    check_message(text, blocks)
    return Reply(text=text, blocks=blocks)
