"""The `sistercity` command: ask, chat, check (and run, for Slack)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.answers import Answer
from bot.core import Engine
from bot.loader import KNOWLEDGE_ENV, KnowledgeError, default_knowledge_dir, load_knowledge
from bot.models import KnowledgeBase
from bot.rendering import render_answer
from bot.terminal import format_reply

EXIT_INVALID_KNOWLEDGE = 2


def answer_json(engine: Engine, question: str) -> str:
    """One answer as the JSON contract's single line."""
    result = engine.answer(question)
    return json.dumps(_contract(result), ensure_ascii=False)


def _contract(result: Answer) -> dict[str, object]:
    reply = render_answer(result)
    return {
        "question": result.question,
        "answered": result.answered,
        "entry": result.entry,
        "score": max(0, min(100, result.score)),
        "suggestions": [c.id for c in result.suggestions] + [t.id for t in result.topic_suggestions],
        "text": reply.text,
        "blocks": reply.blocks,
    }


def _load(directory: Path | None) -> KnowledgeBase:
    try:
        return load_knowledge(directory)
    except KnowledgeError as err:
        print(err, file=sys.stderr)
        print("Fix the files above, then run `sistercity check` to confirm.", file=sys.stderr)
        raise SystemExit(EXIT_INVALID_KNOWLEDGE) from err


def _print_answer(engine: Engine, question: str, out: TextIO) -> list[str]:
    text, choices = format_reply(render_answer(engine.answer(question)))
    print(text, file=out)
    return choices


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or every line of standard input."""
    engine = Engine.build(_load(args.knowledge))
    if args.question:
        question = " ".join(args.question)
        if args.json:
            print(answer_json(engine, question))
        else:
            _print_answer(engine, question, sys.stdout)
        return 0
    for line in sys.stdin:
        question = line.rstrip("\r\n")
        if args.json:
            print(answer_json(engine, question), flush=False)
        else:
            _print_answer(engine, question, sys.stdout)
            print()
    sys.stdout.flush()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive session: type questions; a number picks one of the last reply's buttons."""
    engine = Engine.build(_load(args.knowledge))
    print("Ask about Boston's sister cities. Type a number to press a button, 'quit' to leave.")
    choices: list[str] = []
    while True:
        try:
            line = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.casefold() in {"quit", "exit", "bye", ":q"}:
            return 0
        if line.isdigit() and 1 <= int(line) <= len(choices):
            text, choices = format_reply(render_answer(engine.answer_entry(choices[int(line) - 1])))
            print(text)
            continue
        choices = _print_answer(engine, line, sys.stdout)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the knowledge base; print every problem and exit non-zero on any."""
    directory = args.knowledge or default_knowledge_dir()
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as err:
        print(err)
        return 1
    print(
        f"{directory}: OK: {len(kb.sister_cities)} sister cities, {len(kb.friendship_cities)} friendship cities, "
        f"{len(kb.topics)} topics."
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run the Slack bot: Socket Mode, or an HTTP server for Slack's requests with --http."""
    from bot.slack_server import run_bot  # imported here so that the other commands never load Slack code

    return run_bot(args.knowledge, http=args.http, host=args.host, port=args.port)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        type=Path,
        metavar="DIR",
        default=None,
        help=f"knowledge directory (default: ${KNOWLEDGE_ENV}, else the bundled knowledge/)",
    )
    parser = argparse.ArgumentParser(prog="sistercity", description="Boston Sister Cities bot.", parents=[common])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ask = commands.add_parser("ask", parents=[common], help="answer a question (or each line of stdin)")
    ask.add_argument("question", nargs="*", help="the question; without it, read one question per line")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer, on one line")
    ask.set_defaults(func=cmd_ask)
    chat = commands.add_parser("chat", parents=[common], help="an interactive session in the terminal")
    chat.set_defaults(func=cmd_chat)
    check = commands.add_parser("check", parents=[common], help="validate the knowledge base")
    check.set_defaults(func=cmd_check)
    run = commands.add_parser("run", parents=[common], help="run the Slack bot (Socket Mode, or HTTP with --http)")
    run.add_argument("--http", action="store_true", help="serve Slack's HTTP requests instead of Socket Mode")
    run.add_argument("--port", type=int, default=3000, help="HTTP port (default: 3000; 0 picks a free one)")
    run.add_argument("--host", default="127.0.0.1", help="HTTP address to listen on (default: 127.0.0.1)")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sistercity` console script."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except BrokenPipeError:
        # The reader went away (`sistercity ask ... | head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    return result
