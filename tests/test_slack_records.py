"""The real Bolt app over HTTP records what it answers: each question with its surface, each feedback click and
card button linked to the answer it follows, the user only as a hash; the acknowledgement never waits for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.engine.core import Engine
from bot.records.database import connect, upgrade
from bot.records.recorder import Recorder, hash_user
from bot.records.schema import FeedbackRecord, QuestionRecord
from bot.render.limits import message_problems
from bot.slack.app import create_app
from bot.slack.listener_pool import ListenerPool
from bot.slack.messages import AnswerRef, answer_of
from tests.fake_slack import FakeSlack
from tests.reply_text import visible_text
from tests.slack_fixtures import served, settings_for, wait_until_idle
from tests.slack_payloads import (
    USER_ID,
    block_action,
    button,
    direct_message,
    event_callback,
    home_opened,
    mention,
    post_action,
    post_command,
    post_event,
    slash_command,
)

pytestmark = pytest.mark.timeout(60)
KEY = "test-key"
ADMIN = "U0ADMIN1"


@pytest.fixture
def recorded(
    fake: FakeSlack, engine: Engine, tmp_path: Path
) -> Iterator[tuple[str, Recorder, sa.Engine, ListenerPool]]:
    database = connect(f"sqlite:///{tmp_path / 'records.db'}")
    upgrade(database)
    recorder = Recorder(database, "v1", KEY)
    fake.clear()
    with ListenerPool() as pool, served(create_app(engine, settings_for(fake), pool=pool, recorder=recorder)) as url:
        yield url, recorder, database, pool
    recorder.close()


def _questions(database: sa.Engine) -> list[sa.Row[tuple[object, ...]]]:
    with database.connect() as connection:
        return list(connection.execute(sa.select(QuestionRecord).order_by(QuestionRecord.id)))


def _feedback(database: sa.Engine) -> list[sa.Row[tuple[object, ...]]]:
    with database.connect() as connection:
        return list(connection.execute(sa.select(FeedbackRecord).order_by(FeedbackRecord.id)))


def test_each_surface_is_recorded_with_its_outcome(
    fake: FakeSlack, recorded: tuple[str, Recorder, sa.Engine, ListenerPool]
) -> None:
    url, recorder, database, pool = recorded
    post_command(url, slash_command("padua", fake.response_url()))
    post_event(url, event_callback(mention("<@U0BOT> <!channel> tell me about belfaz")))
    post_event(url, event_callback(direct_message("how is the program funded?")))
    wait_until_idle(pool)
    assert recorder.flush()
    rows = {r.surface: r for r in _questions(database)}
    assert set(rows) == {"command", "mention", "dm"}
    assert rows["command"].entry == "padua" and rows["command"].answered
    assert rows["mention"].text.endswith("tell me about belfaz") and "<!channel>" not in rows["mention"].text
    assert not rows["mention"].answered and rows["mention"].suggestions == ["belfast"]
    assert rows["dm"].entry == "funding"
    assert all(r.user_hash == hash_user(KEY, USER_ID) for r in rows.values())


def test_feedback_and_card_buttons_are_linked_to_their_answer(
    fake: FakeSlack, recorded: tuple[str, Recorder, sa.Engine, ListenerPool]
) -> None:
    url, recorder, database, pool = recorded
    reply = post_command(url, slash_command("tell me about belfaz", fake.response_url())).json()
    vote = button(reply["blocks"], "feedback:not_helpful")
    answer_id = AnswerRef.decode(vote["value"]).answer
    assert answer_id is not None
    post_action(url, block_action(vote["action_id"], vote["value"], fake.response_url("fb")))
    offered = button(reply["blocks"], "show_entry:belfast")
    block = next(b["block_id"] for b in reply["blocks"] if offered in b.get("elements", [b.get("accessory")]))
    assert answer_of(block) == answer_id
    post_action(url, block_action(offered["action_id"], offered["value"], fake.response_url("card"), block_id=block))
    wait_until_idle(pool)
    assert recorder.flush()
    clicks = [(f.answer_id, f.kind, f.value) for f in _feedback(database)]
    assert clicks == [(answer_id, "not_helpful", None), (answer_id, "button", "belfast")]
    asked = [(q.surface, q.entry) for q in _questions(database)]
    assert asked == [("command", None), ("button", "belfast")]  # the card the button showed is an answer too


@pytest.fixture
def with_admin(fake: FakeSlack, engine: Engine, tmp_path: Path) -> Iterator[tuple[str, Recorder, ListenerPool]]:
    database = connect(f"sqlite:///{tmp_path / 'records.db'}")
    upgrade(database)
    recorder = Recorder(database, "v1", KEY)
    settings = settings_for(fake, admin_user_ids=f"{ADMIN}, U0OTHERADMIN")
    fake.clear()
    with ListenerPool() as pool, served(create_app(engine, settings, pool=pool, recorder=recorder)) as url:
        yield url, recorder, pool
    recorder.close()


def test_the_report_is_for_admins_only(fake: FakeSlack, with_admin: tuple[str, Recorder, ListenerPool]) -> None:
    url, recorder, _ = with_admin
    for question in ("tell me about belfaz", "belfaz sister city?", "padua"):
        post_command(url, slash_command(question, fake.response_url()))
    assert recorder.flush()
    refused = post_command(url, slash_command("report", fake.response_url())).json()
    assert refused["response_type"] == "ephemeral" and "for the program's admins" in refused["text"]
    assert "blocks" not in refused
    admin = post_command(url, slash_command("report", fake.response_url()) | {"user_id": ADMIN}).json()
    assert admin["response_type"] == "ephemeral"
    assert message_problems(admin["text"], admin["blocks"]) == []
    shown = visible_text(admin["text"], admin["blocks"])
    assert "3 questions in the last 30 days" in shown and "belfaz" in shown and "aliases: [bilfaust, belfaz]" in shown


def test_an_admins_home_leads_with_the_report(fake: FakeSlack, with_admin: tuple[str, Recorder, ListenerPool]) -> None:
    url, recorder, _ = with_admin
    post_command(url, slash_command("tell me about belfaz", fake.response_url()))
    assert recorder.flush()
    post_event(url, event_callback(home_opened(ADMIN)))
    post_event(url, event_callback(home_opened(USER_ID)))
    views = {c.params["user_id"]: c.params["view"] for c in fake.wait_for("views.publish", 2)}
    admin, user = (v if isinstance(v, dict) else json.loads(v) for v in (views[ADMIN], views[USER_ID]))
    assert admin["blocks"][0]["text"]["text"] == "What people asked the bot"
    assert "belfaz" in json.dumps(admin) and len(admin["blocks"]) <= 100
    assert "What people asked" not in json.dumps(user)
    assert admin["blocks"][-len(user["blocks"]) :] == user["blocks"]  # then the Home everyone sees
