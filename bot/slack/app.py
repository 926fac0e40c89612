"""The Slack app: Bolt listeners that strip Slack markup, ask the engine, render the answer and send it.

`create_app(engine, settings)` builds the app; nothing here runs at import time. Every listener builds and
checks its reply before it acknowledges, because Bolt discards an ack made by a listener that then raises.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from slack_bolt import Ack, App, BoltContext, BoltResponse, Respond, Say
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware import RequestVerification
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.engine.answers import Answer
from bot.engine.core import Engine
from bot.engine.markup import strip_slack_markup
from bot.records.recorder import Recorder
from bot.records.report import build_report
from bot.render.blocks import SHOW_ENTRY_ACTION, render_answer
from bot.slack.dedupe import SeenEvents
from bot.slack.delivery import use_reliable_replies, web_client
from bot.slack.faults import SlackFault, describe_fault
from bot.slack.home import home_view, welcome_message, with_report
from bot.slack.listener_pool import ListenerPool
from bot.slack.messages import (
    ERROR_TEXT,
    FEEDBACK_ACTION,
    FEEDBACK_THANKS,
    SHARE_ACTION,
    AnswerRef,
    answer_of,
    private_reply,
    public_reply,
    rate_limited_text,
    shared_reply,
)
from bot.slack.rate_limit import RateLimiter, Verdict
from bot.slack.report_view import NO_RECORDS, NOT_ADMIN, REPORT_DAYS, report_blocks, report_reply
from bot.slack.settings import Settings, SettingsError
from bot.slack.shared_state import Shared, SharedRateLimiter, SharedSeenEvents

logger = logging.getLogger(__name__)
feedback_log = logging.getLogger("bot.feedback")
answer_log = logging.getLogger("bot.answered")  # one line per answer sent; the question itself only at DEBUG

COMMAND = "/sistercity"
HELP_QUESTION = "help"  # what an empty question (a bare mention or a bare /sistercity) asks
# Slackbot's user id. Its notices ("You have been removed from #general") come as plain DMs from a user, with no
# subtype and no bot_id; answering them would post a fallback each time.
SLACKBOT = "USLACKBOT"
# Message subtypes that still carry a person's question: a message with a file attached, and a thread reply also
# sent to the conversation. Every other subtype (message_changed, message_deleted, bot_message, channel_join...)
# is not a question.
QUESTION_SUBTYPES = frozenset({"file_share", "thread_broadcast"})
USERS_READ_HINT = (
    "Add the users:read bot scope (manifest.yaml; `sistercity manifest` prints it) in the app's settings and "
    "reinstall the app."
)

ListenerKind = Literal["event", "command", "action"]


@dataclass(frozen=True)
class Registration:
    """One listener and what it is registered for, in the manifest's terms."""

    kind: ListenerKind
    key: str  # a bot event ("message.im"), a slash command, or an action_id regular expression
    listener: Callable[..., None]


def _is_dm(channel_id: str) -> bool:
    return channel_id.startswith("D")


def _message_thread(body: dict[str, Any]) -> str | None:
    """Where a reply to a button in a public message goes: its thread, or a new thread under it (not in DMs)."""
    message = body.get("message") or {}
    if message.get("thread_ts"):
        return str(message["thread_ts"])
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
    if _is_dm(channel):
        return None
    ts = message.get("ts") or (body.get("container") or {}).get("message_ts")
    return str(ts) if ts else None


class SlackListeners:
    """The app's listeners, bound to one engine and its settings."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        recorder: Recorder | None = None,
        shared: Shared | None = None,
    ) -> None:
        self.engine = engine
        self.recorder = recorder
        self.admins = settings.admins
        self.onboarding_channel = settings.onboarding_channel
        self.seen_events: SeenEvents | SharedSeenEvents = SeenEvents()
        self.limiter: RateLimiter | SharedRateLimiter = RateLimiter(settings.rate_limit_per_minute)
        if shared is not None:  # several processes: retries and the rate limit are decided in the database
            self.seen_events = SharedSeenEvents(shared.database, self.seen_events)
            self.limiter = SharedRateLimiter(shared.database, shared.hash_key, self.limiter)
        examples = engine.answer(HELP_QUESTION).examples
        self.home = home_view(engine.kb, examples)  # built and checked once, at start-up
        self.welcome = welcome_message(engine.kb, examples)
        # Warm the engine before the first request: some of what it reads loads on first use (wordfreq's table
        # takes 150 ms), and a burst of requests at start-up would load it once per listener thread, at once.
        for example in examples:
            render_answer(engine.answer(example))

    def _ask(self, question: str) -> Answer:
        return self.engine.answer(question or HELP_QUESTION)

    def _record(self, answer: Answer, surface: str, user: str) -> str | None:
        """Record the answer off the answering path (see bot/records); its id for the buttons, when recording."""
        return self.recorder.question(answer, surface, user_id=user) if self.recorder is not None else None

    def _refused(self, user_id: str, tell: Callable[[str], object]) -> bool:
        """Count a question from `user_id`; True when they are over the limit, telling them (once) through `tell`."""
        verdict = self.limiter.check(user_id)
        if verdict is Verdict.REFUSE_AND_TELL:
            logger.info("User %s reached the limit of %d questions a minute", user_id, self.limiter.per_minute)
            tell(rate_limited_text(self.limiter.per_minute, self.limiter.seconds_until_allowed(user_id)))
        return verdict is not Verdict.ALLOW

    def skip_redelivered_events(self, body: dict[str, Any], next_: Callable[[], None]) -> BoltResponse | None:
        """Global middleware: acknowledge a redelivered event (an event_id seen before) and do nothing else."""
        # Slack redelivers with the same event_id and an X-Slack-Retry-Num header; in Socket Mode Bolt sets
        # that header to "0" on the first delivery, so the header alone must never mean "seen".
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not self.seen_events.first_time(event_id):
            logger.info("Ignoring a redelivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        next_()
        return None

    def handle_app_mention(self, event: dict[str, Any], say: Say, client: WebClient) -> None:
        """Answer a person's mention in a thread under it, or in the thread where it was posted; ignore bots'."""
        if _is_dm(str(event.get("channel", ""))):
            return  # every DM also arrives as a message.im event, answered by handle_direct_message
        if not _from_person(event):
            return  # another app's bot (or Slackbot): answering could start two bots talking in a thread forever
        started = time.perf_counter()
        thread = event.get("thread_ts") or event["ts"]
        user = str(event.get("user", ""))

        def tell(note: str) -> None:
            client.chat_postEphemeral(channel=event["channel"], user=user, text=note, thread_ts=thread)

        if self._refused(user, tell):
            return
        question = strip_slack_markup(str(event.get("text", "")))
        answer = self._ask(question)
        ref = AnswerRef(question=question, answer=self._record(answer, "mention", user))
        reply = public_reply(render_answer(answer), answer, ref)
        say(text=reply.text, blocks=reply.blocks, thread_ts=thread)
        _log_answer("mention", answer, started)

    def handle_direct_message(self, event: dict[str, Any], say: Say) -> None:
        """Answer a person's direct message (with a file, or broadcast from a thread, too) where it was sent;
        ignore bots' and Slackbot's messages, edits, deletions and other subtypes."""
        if event.get("channel_type") != "im" or not _from_person(event):
            return
        started = time.perf_counter()
        if self._refused(str(event.get("user", "")), lambda note: say(text=note, thread_ts=event.get("thread_ts"))):
            return
        question = strip_slack_markup(str(event.get("text", "")))
        answer = self._ask(question)
        ref = AnswerRef(question=question, answer=self._record(answer, "dm", str(event.get("user", ""))))
        reply = public_reply(render_answer(answer), answer, ref)
        say(text=reply.text, blocks=reply.blocks, thread_ts=event.get("thread_ts"))  # a broadcast: in its thread
        _log_answer("dm", answer, started)

    def handle_sistercity_command(self, ack: Ack, command: dict[str, Any]) -> None:
        """Answer /sistercity privately, in the acknowledgement itself, with a "Share in channel" button."""
        started = time.perf_counter()
        if self._refused(str(command.get("user_id", "")), lambda note: ack(response_type="ephemeral", text=note)):
            if ack.response is None:  # refused again: acknowledge silently
                ack()
            return
        question = strip_slack_markup(str(command.get("text", "")))
        if question.strip().casefold() == "report":  # admins only: what was asked and not answered
            ack(response_type="ephemeral", **self._report_for(str(command.get("user_id", ""))))
            return
        answer = self._ask(question)
        ref = AnswerRef(question=question, answer=self._record(answer, "command", str(command.get("user_id", ""))))
        reply = private_reply(render_answer(answer), answer, ref)
        ack(response_type="ephemeral", text=reply.text, blocks=reply.blocks)
        _log_answer("command", answer, started)

    def _report_for(self, user_id: str) -> dict[str, Any]:
        """The report for an admin (text and blocks), or a polite refusal for anyone else."""
        if user_id not in self.admins:
            logger.info("Report refused to %s, who is not in ADMIN_USER_IDS", user_id)
            return {"text": NOT_ADMIN}
        if self.recorder is None:
            return {"text": NO_RECORDS}
        report = build_report(self.recorder.engine, self.engine.kb, days=REPORT_DAYS)
        reply = report_reply(report)
        return {"text": reply.text, "blocks": reply.blocks}

    def _refused_button(self, ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient | None) -> bool:
        """True, once acknowledged, when the presser is over the limit (a button that posts can flood a thread)."""
        user = str((body.get("user") or {}).get("id", ""))

        def tell(note: str) -> None:
            ack()
            if body.get("response_url"):
                respond(response_type="ephemeral", replace_original=False, text=note)
            elif client is not None:  # App Home: no conversation but the DM
                client.chat_postMessage(channel=user, text=note)

        if not self._refused(user, tell):
            return False
        if ack.response is None:  # refused again: acknowledge silently
            ack()
        return True

    def handle_show_entry(
        self, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        """Show the card a button names: privately under a private reply, in the DM from App Home, else publicly."""
        started = time.perf_counter()
        if self._refused_button(ack, body, respond, client):
            return
        answer = self.engine.answer_entry(str(action.get("value", "")))
        user = str((body.get("user") or {}).get("id", ""))
        if self.recorder is not None:  # the press, linked to the answer it follows, and the card it shows
            self.recorder.feedback(answer_of(action.get("block_id")), "button", answer.entry, user_id=user)
        ref = (
            AnswerRef(entry=answer.entry, answer=self._record(answer, "button", user)) if answer.entry else AnswerRef()
        )
        container = body.get("container") or {}
        if container.get("type") == "view":  # a button in App Home: no conversation, so answer in the DM
            reply = public_reply(render_answer(answer), answer, ref)
            ack()
            client.chat_postMessage(channel=body["user"]["id"], text=reply.text, blocks=reply.blocks)
        elif container.get("is_ephemeral"):
            reply = private_reply(render_answer(answer), answer, ref)
            ack()
            respond(response_type="ephemeral", replace_original=False, text=reply.text, blocks=reply.blocks)
        else:
            # response_url works even where the bot is not a member (an answer shared from /sistercity).
            reply = public_reply(render_answer(answer), answer, ref)
            ack()
            respond(
                response_type="in_channel",
                replace_original=False,
                thread_ts=_message_thread(body),
                text=reply.text,
                blocks=reply.blocks,
            )
        _log_answer("button", answer, started)

    def handle_share(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """Post a private answer publicly where it was asked, saying who shared it; then drop the private copy."""
        started = time.perf_counter()
        if self._refused_button(ack, body, respond, None):
            return
        ref = AnswerRef.decode(action.get("value"))
        answer = self.engine.answer_entry(ref.entry) if ref.entry else self._ask(ref.question)
        user = body.get("user") or {}
        name = str(user.get("name") or user.get("username") or "")
        reply = shared_reply(render_answer(answer), answer, ref, str(user.get("id", "")), name)
        ack()
        respond(response_type="in_channel", replace_original=False, text=reply.text, blocks=reply.blocks)
        _log_answer("share", answer, started)
        respond(delete_original=True)

    def handle_feedback(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """Record a helpful / not helpful vote in the log and thank the voter privately."""
        verdict = str(action["action_id"]).partition(":")[2]
        ref = AnswerRef.decode(action.get("value"))
        ack()
        user = (body.get("user") or {}).get("id", "-")
        feedback_log.info("feedback=%s entry=%s user=%s question=%r", verdict, ref.entry or "-", user, ref.question)
        if self.recorder is not None:
            self.recorder.feedback(ref.answer, verdict, ref.entry, user_id=str(user))
        if body.get("response_url"):
            respond(response_type="ephemeral", replace_original=False, text=FEEDBACK_THANKS[verdict])

    def handle_app_home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        """Publish the Home tab (the program in brief, every city, how to ask) when someone opens it."""
        if event.get("tab", "home") != "home":
            return
        view = self.home
        if event.get("user") in self.admins and self.recorder is not None:  # an admin's Home: the report first
            report = build_report(self.recorder.engine, self.engine.kb, days=REPORT_DAYS)
            view = with_report(self.home, report_blocks(report))
        client.views_publish(user_id=event["user"], view=view)

    def handle_member_joined_channel(self, event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """DM a welcome to a person (not a bot) who joins the onboarding channel, when ONBOARDING_CHANNEL is set."""
        if not self.onboarding_channel or event.get("channel") != self.onboarding_channel:
            return
        user = event.get("user")
        if not user or user in (context.bot_user_id, SLACKBOT) or _is_bot_user(client, str(user)):
            return
        client.chat_postMessage(channel=user, text=self.welcome.text, blocks=self.welcome.blocks)

    def handle_error(
        self, error: Exception, body: dict[str, Any], response: BoltResponse | None, context: BoltContext
    ) -> None:
        """Log a failure (what Slack refused, or the traceback), acknowledge the request, and tell the user kindly."""
        fault = describe_fault(error)
        if fault is None:
            logger.exception("Failed to handle %s", _request_summary(body), exc_info=error)
        else:  # Slack refused a call or could not be reached, after retries: a clear line, not a traceback
            logger.error("%s While handling %s.", fault.log_line, _request_summary(body))
        if response is not None and response.status >= 500:
            # Not acknowledged yet: acknowledge anyway, or Slack shows its own error (and retries an event,
            # which would fail the same way). The friendly reply follows.
            response.status, response.body = 200, ""
        try:
            _send_error_reply(body, context, fault or _UNEXPECTED)
        except Exception as err:  # the one place a failure to send is only logged: there is no one left to tell
            again = describe_fault(err)
            if again is None:
                logger.exception("Could not send the error reply either")
            else:
                logger.error("Could not send the error reply either: %s", again.log_line)


# Any failure that is not Slack's: every way to reach the user still works.
_UNEXPECTED = SlackFault(log_line="", user_note=ERROR_TEXT)


def _request_summary(body: dict[str, Any]) -> str:
    """What the request was, from whom and where, for the log: "the app_mention event from U1 in C1"."""
    event = _event(body)
    user = event.get("user") or body.get("user_id") or (body.get("user") or {}).get("id") or "-"
    channel = (
        event.get("channel")
        or body.get("channel_id")
        or (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
    )
    if event:
        kind = f"the {event.get('type', 'unknown')} event"
    elif "command" in body:
        kind = f"the command {body['command']}"
    elif body.get("actions"):
        kind = f"the button {body['actions'][0].get('action_id', '?')}"
    else:
        kind = f"a Slack {body.get('type') or 'request'}"
    return f"{kind} from {user}" + (f" in {channel}" if channel else "")


def _event(body: dict[str, Any]) -> dict[str, Any]:
    """The event an Events API request carries; empty for other requests."""
    event = body.get("event")
    return event if isinstance(event, dict) else {}


def _from_person(event: dict[str, Any]) -> bool:
    """True for a message (or mention) a person wrote: from a user other than Slackbot, not from a bot, and of no
    subtype but those that carry a question (a file shared with it, a thread reply broadcast)."""
    subtype = event.get("subtype")
    return (
        (not subtype or subtype in QUESTION_SUBTYPES)
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and event.get("user") not in (None, "", SLACKBOT)
    )


def _log_answer(surface: str, answer: Answer, started: float) -> None:
    """Log one line for an answer sent: where, which entry, whether it gave knowledge, and how long it took since the
    listener started. People's words stay out of the log at INFO; the question is logged at DEBUG only."""
    ms = round((time.perf_counter() - started) * 1000)
    answered = "true" if answer.answered else "false"
    answer_log.info("surface=%s entry=%s answered=%s ms=%d", surface, answer.entry or "-", answered, ms)
    answer_log.debug("surface=%s question=%r", surface, answer.question)


def _is_bot_user(client: WebClient, user: str) -> bool:
    """Whether users.info says `user` is a bot: member_joined_channel carries the user's id and nothing else."""
    try:
        info = client.users_info(user=user)
    except SlackApiError as err:
        # Mostly the users:read scope is missing (an app installed before it was added), so the check fails for
        # everyone. A person missing their welcome is worse than a bot getting one (no one reads it, and this bot
        # ignores bots' replies), so the welcome goes out anyway, and the log says how to fix the check.
        code = err.response.get("error") or f"HTTP {err.response.status_code}"
        logger.warning(
            "Could not tell whether %s is a bot (users.info: %s), so the welcome DM goes to them anyway. %s",
            user,
            code,
            USERS_READ_HINT,
        )
        return False
    return bool((info.get("user") or {}).get("is_bot"))


def _event_reply_place(event: dict[str, Any]) -> tuple[str, str | None] | None:
    """The channel and thread where the asker of a mention or a DM sees a reply; None for other events."""
    if not event.get("channel"):
        return None
    if event.get("type") == "app_mention" and _from_person(event):
        return str(event["channel"]), event.get("thread_ts") or event.get("ts")
    if event.get("type") == "message" and event.get("channel_type") == "im" and _from_person(event):
        return str(event["channel"]), event.get("thread_ts")
    return None


def _send_error_reply(body: dict[str, Any], context: BoltContext, fault: SlackFault) -> None:
    """Tell the user what went wrong, in the first place that still works, if the request came from a user."""
    client = context.client if fault.web_api_usable else None
    event = _event(body)
    place = _event_reply_place(event)
    if body.get("response_url") and context.respond is not None and fault.response_url_usable:
        context.respond(response_type="ephemeral", replace_original=False, text=fault.user_note)
    elif client is None:
        return
    elif (body.get("container") or {}).get("type") == "view":
        client.chat_postMessage(channel=body["user"]["id"], text=fault.user_note)
    elif place is not None and fault.channel_usable:
        client.chat_postMessage(channel=place[0], thread_ts=place[1], text=fault.user_note)
    elif place is not None and event.get("user") and not _is_dm(place[0]):
        client.chat_postMessage(channel=str(event["user"]), text=fault.user_note)  # the channel refused: DM them


def registrations(listeners: SlackListeners) -> tuple[Registration, ...]:
    """Every listener the app registers, keyed as the manifest declares it (a test compares the two)."""
    return (
        Registration("event", "app_mention", listeners.handle_app_mention),
        Registration("event", "message.im", listeners.handle_direct_message),
        Registration("event", "app_home_opened", listeners.handle_app_home_opened),
        Registration("event", "member_joined_channel", listeners.handle_member_joined_channel),
        Registration("command", COMMAND, listeners.handle_sistercity_command),
        Registration("action", rf"^{re.escape(SHOW_ENTRY_ACTION)}:", listeners.handle_show_entry),
        Registration("action", rf"^{re.escape(SHARE_ACTION)}$", listeners.handle_share),
        Registration(
            "action", rf"^{re.escape(FEEDBACK_ACTION)}:({'|'.join(FEEDBACK_THANKS)})$", listeners.handle_feedback
        ),
    )


class _DropMessage(logging.Filter):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self.message


REFUSAL_LINE = (
    "Refused a request without a valid Slack signature (HTTP 401): its signature or timestamp is missing, wrong or "
    "over five minutes old. If Slack's own requests are refused, check SLACK_SIGNING_SECRET."
)


class _RefusalWithoutBody(logging.Filter):
    """Rewrites Bolt's line for a request it refused for its signature into one that carries no part of the request.

    Bolt's RequestVerification logs the refused request's signature and whole body at INFO: text that anyone who
    can reach the port chooses, written into the log. Its logger logs nothing else, so every record is rewritten."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = REFUSAL_LINE, None
        return True


def _log_refusals_without_body() -> None:
    """Make Bolt's request verification log a refusal without the request's body (once per process)."""
    verification_log = logging.getLogger(f"slack_bolt.{RequestVerification.__name__}")  # Bolt's name for it
    if not any(isinstance(f, _RefusalWithoutBody) for f in verification_log.filters):
        verification_log.addFilter(_RefusalWithoutBody())


@contextmanager
def _without_token_warning() -> Iterator[None]:
    """Silence Bolt's start-up warning that the token is unused when the client has it.

    Bolt reads SLACK_BOT_TOKEN from the environment by itself and warns whenever a client is passed too, which
    it must be, to carry SLACK_API_URL as its base_url.
    """
    bolt_logger = logging.getLogger("slack_bolt.App")
    drop = _DropMessage(warning_client_prioritized_and_token_skipped())
    bolt_logger.addFilter(drop)
    try:
        yield
    finally:
        bolt_logger.removeFilter(drop)


def create_app(
    engine: Engine,
    settings: Settings,
    client: WebClient | None = None,
    pool: ListenerPool | None = None,
    recorder: Recorder | None = None,
    shared: Shared | None = None,
) -> App:
    """The Bolt app with every listener registered, run on `pool` (a new ListenerPool unless a test passes one to
    wait on), recording what it answers with `recorder` when one is given; Bolt checks the bot token with auth.test
    once, here."""
    if client is None:
        if settings.slack_bot_token is None:
            raise SettingsError(
                "SLACK_BOT_TOKEN is not set. See .env.example (`sistercity env-example` prints it); to try the bot "
                "without Slack, run `sistercity chat`."
            )
        # Bolt makes a fresh WebClient for each request, copying base_url and retry handlers from this one.
        client = web_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    # Bolt verifies every HTTP request's signature; nothing turns that off. Without a signing secret (Socket
    # Mode, where requests are not signed) the secret is random, so no HTTP request can ever pass.
    if settings.slack_signing_secret is not None:
        secret = settings.slack_signing_secret.get_secret_value()
    else:
        secret = secrets.token_urlsafe(32)
    if pool is None:
        pool = ListenerPool()  # Bolt's default pool of 5 let slow replies and bursts delay acknowledgements
    with _without_token_warning():
        app = App(client=client, signing_secret=secret, name="sistercity", listener_executor=pool)
    _log_refusals_without_body()
    listeners = SlackListeners(engine, settings, recorder, shared)
    app.middleware(pool.note_request)
    app.middleware(listeners.skip_redelivered_events)
    app.middleware(use_reliable_replies)
    for registration in registrations(listeners):
        if registration.kind == "event":
            # "message.im" is Bolt's "message" event; the listener itself keeps to DMs.
            app.event(registration.key.partition(".")[0])(registration.listener)
        elif registration.kind == "command":
            app.command(registration.key)(registration.listener)
        else:
            app.action(re.compile(registration.key))(registration.listener)
    app.error(listeners.handle_error)
    return app
