"""The `sistercity` command: ask, chat, check, the Slack setup files (manifest, env-example), and run."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

# Only the standard library is imported here. The answer engine's modules (the gazetteer, rapidfuzz, wordfreq) are
# imported inside the commands, within main()'s Ctrl-C guard, so that an interrupted start-up ends quietly.
if TYPE_CHECKING:
    from bot.engine.answers import Answer
    from bot.engine.core import Engine
    from bot.knowledge.models import KnowledgeBase
    from bot.records.recorder import Recorder

DISTRIBUTION = "boston-sister-cities-bot"
KNOWLEDGE_ENV = (
    "KNOWLEDGE_DIR"  # the same name as bot.knowledge.loader's, which this module does not import at start-up
)
EXIT_INVALID_KNOWLEDGE = 2
EXIT_DATABASE = 4  # the records database cannot be used, or its schema is behind
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
LOADING_NOTICE = "Loading the knowledge base and place names..."
CHAT_HINT = "Type a question, a button's number, or 'quit' to leave."
# In chat, a number this short presses a button; a longer one (a year such as 1959) is asked as a question.
BUTTON_NUMBER = re.compile(r"[0-9]{1,3}")
QUIT_WORDS = frozenset({"quit", "exit", "bye", ":q"})

# The Slack setup files, shipped inside the package by pyproject.toml's force-include (the repository's copies are
# the only ones in git): the name inside an installed package, and the name in a checkout.
MANIFEST_FILE = ("_manifest.yaml", "manifest.yaml")
ENV_EXAMPLE_FILE = ("_env.example", ".env.example")


def answer_json(engine: Engine, question: str) -> str:
    """One answer as the JSON contract's single line."""
    result = engine.answer(question)
    return json.dumps(_contract(result), ensure_ascii=False)


def _contract(result: Answer) -> dict[str, object]:
    from bot.render.blocks import render_answer

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
    from bot.knowledge.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge(directory)
    except KnowledgeError as err:
        check = f"sistercity --knowledge {directory} check" if directory else "sistercity check"
        print(err, file=sys.stderr)
        print(f"Fix the files above, then run `{check}` to confirm.", file=sys.stderr)
        raise SystemExit(EXIT_INVALID_KNOWLEDGE) from err


def _engine(args: argparse.Namespace) -> Engine:
    """The answer engine over the chosen knowledge base, built once (it takes seconds: the gazetteer)."""
    if sys.stderr.isatty() and not getattr(args, "json", False):
        # A person is watching: say why nothing happens yet. Never on a pipe, where the line would be noise.
        print(LOADING_NOTICE, file=sys.stderr, flush=True)
    from bot.engine.core import Engine

    engine = Engine.build(_load(args.knowledge))
    if args.command == "chat":
        # A session asks many questions: read the gazetteer now, so that it is frozen with the rest. `ask` reads it
        # only if a question names a place that is not ours ("ask padua" never does).
        engine.reader.places.gazetteer.ensure_loaded()
    gc.collect()
    gc.freeze()  # the knowledge and its indexes live as long as the process: no full collection rescans them
    return engine


def _print_answer(answer: Answer, out: TextIO) -> list[str]:
    from bot.render.blocks import render_answer
    from bot.render.terminal import format_reply

    text, choices = format_reply(render_answer(answer))
    print(text, file=out)
    return choices


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or every line of standard input."""
    engine = _engine(args)
    if args.question:
        question = " ".join(args.question)
        if args.json:
            print(answer_json(engine, question))
        else:
            _print_answer(engine.answer(question), sys.stdout)
        return 0
    for line in sys.stdin:
        question = line.rstrip("\r\n")
        if args.json:
            print(answer_json(engine, question), flush=False)
        else:
            _print_answer(engine.answer(question), sys.stdout)
            print()
    sys.stdout.flush()
    return 0


def _no_button(number: int, count: int) -> str:
    has = str(count) if count else "no buttons"
    return f"There is no button {number}; the last reply has {has}."


def _recorder(knowledge: Path | None) -> Recorder | None:
    """The records writer for `chat` (a terminal or a pipe alike), or None with a notice when it cannot start."""
    from bot.knowledge.loader import default_knowledge_dir
    from bot.records.setup import start_recorder

    return start_recorder(knowledge or default_knowledge_dir(), lambda note: print(note, file=sys.stderr))


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive session: type questions; a number presses one of the last reply's buttons. Every question and
    button press is recorded in the records database (see `sistercity report`)."""
    engine = _engine(args)
    recorder = _recorder(args.knowledge)
    try:
        return _chat(engine, recorder)
    finally:
        if recorder is not None:
            recorder.close()


def _chat(engine: Engine, recorder: Recorder | None) -> int:
    print(f"Ask about Boston's sister cities. {CHAT_HINT}")
    choices: list[str] = []
    last_answer: str | None = None
    while True:
        try:
            line = input("\nyou> ").strip()
        except EOFError:  # Ctrl-D or the end of piped input; Ctrl-C reaches main() and exits with 130
            print()
            return 0
        if line.casefold() in QUIT_WORDS:
            return 0
        if not line:
            print(CHAT_HINT)
        elif BUTTON_NUMBER.fullmatch(line):
            number = int(line)
            if 1 <= number <= len(choices):
                if recorder is not None:
                    recorder.feedback(last_answer, "button", choices[number - 1])
                choices = _print_answer(engine.answer_entry(choices[number - 1]), sys.stdout)
            else:
                print(_no_button(number, len(choices)))
        else:
            answer = engine.answer(line)
            if recorder is not None:
                last_answer = recorder.question(answer, "chat")
            choices = _print_answer(answer, sys.stdout)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Create or upgrade the records database's schema; recorded data is kept."""
    from bot.records.database import connect, current_revision, database_url, head_revision, upgrade
    from bot.records.settings import RecordSettings

    url = database_url(args.database_url or RecordSettings().database_url)
    engine = connect(url)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        before = current_revision(engine)
        upgrade(engine)
    except Exception as err:
        print(f"Could not upgrade the records database ({shown}): {str(err).splitlines()[0]}", file=sys.stderr)
        print("Check DATABASE_URL (or --database-url) and that the database is reachable.", file=sys.stderr)
        return EXIT_DATABASE
    if before == head_revision():
        print(f"The records database ({shown}) is up to date (revision {before}).")
    else:
        print(f"Upgraded the records database ({shown}) from {before or 'empty'} to revision {head_revision()}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """What was asked and what was not answered, grouped, with a suggested fix for each group."""
    from bot.knowledge.loader import default_knowledge_dir
    from bot.records.database import SchemaBehind, check_schema, connect, database_url
    from bot.records.report import build_report, format_report
    from bot.records.settings import RecordSettings

    engine = connect(database_url(args.database_url or RecordSettings().database_url))
    try:
        check_schema(engine)
    except SchemaBehind as err:
        print(err, file=sys.stderr)
        return EXIT_DATABASE
    except Exception as err:
        shown = engine.url.render_as_string(hide_password=True)
        print(f"Could not read the records database ({shown}): {str(err).splitlines()[0]}", file=sys.stderr)
        return EXIT_DATABASE
    knowledge = args.knowledge or default_knowledge_dir()
    report = build_report(engine, _load(args.knowledge), days=args.days, knowledge_dir=knowledge)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the knowledge base; print every problem and exit non-zero on any."""
    from bot.knowledge.loader import KnowledgeError, default_knowledge_dir, load_knowledge

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


def setup_file(names: tuple[str, str]) -> Path:
    """A Slack setup file: the copy inside the installed package, else the checkout's (an editable install)."""
    packaged_name, checkout_name = names
    packaged = Path(__file__).with_name(packaged_name)
    return packaged if packaged.is_file() else Path(__file__).resolve().parent.parent / checkout_name


def _print_file(names: tuple[str, str]) -> int:
    path = setup_file(names)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        print(
            f"Could not read {names[1]} ({err.strerror or err}); reinstall the package: pip install {DISTRIBUTION}",
            file=sys.stderr,
        )
        return 1
    sys.stdout.write(text)
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    """Print the Slack app manifest (manifest.yaml), to paste into Slack's 'Create New App > From a manifest'."""
    return _print_file(MANIFEST_FILE)


def cmd_env_example(args: argparse.Namespace) -> int:
    """Print the settings template (.env.example): every variable, whether it is required, where to find it."""
    return _print_file(ENV_EXAMPLE_FILE)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the Slack bot: Socket Mode, or an HTTP server for Slack's requests with --http."""
    from bot.slack.server import run_bot  # imported here so that the other commands never load Slack code

    return run_bot(args.knowledge, http=args.http, host=args.host, port=args.port)


def _version() -> str:
    from importlib import metadata  # imported only when asked: it takes a tenth of the start-up of `ask`

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


class _VersionAction(argparse.Action):
    """`--version`: the installed version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{parser.prog} {_version()}")  # on stdout, as argparse's own version action does
        parser.exit()


def _add_knowledge_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--knowledge",
        type=Path,
        metavar="DIR",
        default=default,
        help=f"knowledge directory (default: ${KNOWLEDGE_ENV}, else the bundled knowledge/)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser; --knowledge works before the command and after it."""
    parser = argparse.ArgumentParser(prog="sistercity", description="Boston Sister Cities bot.")
    parser.add_argument("--version", action=_VersionAction)
    _add_knowledge_option(parser, None)
    # After the command, --knowledge must not have a default of its own: argparse copies a sub-command's defaults
    # over the top-level values, so `sistercity --knowledge DIR check` would check the bundled knowledge.
    common = argparse.ArgumentParser(add_help=False)
    _add_knowledge_option(common, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ask = commands.add_parser("ask", parents=[common], help="answer a question (or each line of stdin)")
    ask.add_argument("question", nargs="*", help="the question; without it, read one question per line")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer, on one line")
    ask.set_defaults(func=cmd_ask)
    chat = commands.add_parser("chat", parents=[common], help="an interactive session in the terminal")
    chat.set_defaults(func=cmd_chat)
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--database-url", help="any SQLAlchemy URL (default: DATABASE_URL, else ./sistercity.db)")
    db = commands.add_parser("db", help="manage the records database")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_upgrade = db_commands.add_parser("upgrade", parents=[database], help="create or upgrade its schema")
    db_upgrade.set_defaults(func=cmd_db_upgrade)
    report = commands.add_parser(
        "report", parents=[common, database], help="what was asked and not answered, with suggested fixes"
    )
    report.add_argument("--days", type=int, default=None, help="only the last N days (default: all records)")
    report.add_argument("--json", action="store_true", help="print one JSON object")
    report.set_defaults(func=cmd_report)
    check = commands.add_parser("check", parents=[common], help="validate the knowledge base")
    check.set_defaults(func=cmd_check)
    manifest = commands.add_parser("manifest", help="print the Slack app manifest, to create the app from")
    manifest.set_defaults(func=cmd_manifest)
    env_example = commands.add_parser("env-example", help="print the settings template: sistercity env-example > .env")
    env_example.set_defaults(func=cmd_env_example)
    run = commands.add_parser(
        "run",
        parents=[common],
        help="run the Slack bot (Socket Mode, or HTTP with --http)",
        epilog="Settings come from the environment and from .env in the current directory; "
        "`sistercity env-example > .env` writes a template that says where to find each one.",
    )
    run.add_argument("--http", action="store_true", help="serve Slack's HTTP requests instead of Socket Mode")
    run.add_argument("--port", type=int, default=3000, help="HTTP port (default: 3000; 0 picks a free one)")
    run.add_argument("--host", default="127.0.0.1", help="HTTP address to listen on (default: 127.0.0.1)")
    run.set_defaults(func=cmd_run)
    return parser


def _stop_at_once(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C in ask, chat or check: end the process now, quietly, with 130.

    Python's own handler raises KeyboardInterrupt wherever the main thread is, and a signal that lands while a
    finalizer or an import's cleanup runs is reported as "Exception ignored" and lost: the command then carries
    on. Seen under load about once in ten starts; exiting from the handler cannot be lost."""
    with contextlib.suppress(OSError, ValueError):  # a closed or broken pipe: nothing more to say there
        sys.stdout.flush()
    if sys.stderr.isatty():
        os.write(sys.stderr.fileno(), b"\n")  # end the line the terminal's ^C echo was on
    os._exit(EXIT_INTERRUPTED)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sistercity` console script."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, _stop_at_once)  # `run` installs its own, for a graceful stop
    try:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")
        args = build_parser().parse_args(argv)
        result: int = args.func(args)
    except BrokenPipeError:
        # The reader went away (`sistercity ask ... | head`): stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        # Ctrl-C before the handler above was in place (or raised by a caller): the same quiet stop.
        if sys.stderr.isatty():
            print(file=sys.stderr)  # end the line the terminal's ^C echo was on
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return result
