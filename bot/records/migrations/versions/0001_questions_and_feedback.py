"""Questions, feedback and the records' own settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("surface", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("entry", sa.String(120), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("suggestions", sa.JSON(), nullable=False),
        sa.Column("not_understood", sa.JSON(), nullable=False),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=True),
        sa.Column("answer_id", sa.String(40), nullable=False, unique=True),
    )
    op.create_index("ix_questions_asked_at", "questions", ["asked_at"])
    op.create_index("ix_questions_entry", "questions", ["entry"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_id", sa.String(40), sa.ForeignKey("questions.answer_id", ondelete="CASCADE"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.String(120), nullable=True),
        sa.Column("user_hash", sa.String(64), nullable=True),
    )
    op.create_index("ix_feedback_at", "feedback", ["at"])
    op.create_index("ix_feedback_answer_id", "feedback", ["answer_id"])
    op.create_table(
        "records_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("records_meta")
    op.drop_table("feedback")
    op.drop_table("questions")
