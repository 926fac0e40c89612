"""The tables of the records (SQLAlchemy 2); every change to them comes with an Alembic migration."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The records' tables."""


class QuestionRecord(Base):
    """One question the bot handled, and what it answered."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    surface: Mapped[str] = mapped_column(String(20))  # mention, dm, command, button, chat
    text: Mapped[str] = mapped_column(Text)  # the question, Slack markup already stripped
    answered: Mapped[bool]
    entry: Mapped[str | None] = mapped_column(String(120), index=True)
    score: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    suggestions: Mapped[list[str]] = mapped_column(JSON)  # entry ids offered as "did you mean"
    not_understood: Mapped[list[str]] = mapped_column(JSON)  # the words the engine could not account for
    knowledge_version: Mapped[str] = mapped_column(String(64))
    user_hash: Mapped[str | None] = mapped_column(String(64))  # keyed hash of the Slack user id, never the id
    answer_id: Mapped[str] = mapped_column(String(40), unique=True)  # what a feedback or button click refers to


class FeedbackRecord(Base):
    """A click on an answer: helpful, not helpful, or a card or "did you mean" button."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    answer_id: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("questions.answer_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # helpful, not_helpful, button
    value: Mapped[str | None] = mapped_column(String(120))  # the entry a button opened
    user_hash: Mapped[str | None] = mapped_column(String(64))


class Meta(Base):
    """Settings the records keep for themselves, such as the generated key of the user hashes."""

    __tablename__ = "records_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SeenEvent(Base):
    """An event id some bot process has handled: a second insert fails on the key, so a retry is answered once."""

    __tablename__ = "seen_events"

    event_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class RateUser(Base):
    """One person in the rate limit: the row every process locks while it counts their questions."""

    __tablename__ = "rate_users"

    user_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    touched: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    told: Mapped[bool]  # they were told they are over the limit, since they were last allowed


class RateEvent(Base):
    """One allowed question, counted in the rate limit's window."""

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_user_at", "user_hash", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
