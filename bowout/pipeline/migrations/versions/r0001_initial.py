"""The first schema: processes with their stage history, contacts, interviews, messages, follow-ups.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "processes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200)),
        sa.Column("link", sa.Text),
        sa.Column("source", sa.String(200)),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("ix_processes_stage", "processes", ["stage"])
    op.create_index("ix_processes_company", "processes", ["company"])
    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "process_id",
            sa.Integer,
            sa.ForeignKey("processes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_stage_changes_process", "stage_changes", ["process_id"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "process_id",
            sa.Integer,
            sa.ForeignKey("processes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(50)),
        sa.Column("linkedin", sa.Text),
        sa.Column("part", sa.String(20), nullable=False),
        sa.Column("keep", sa.Boolean, nullable=False),
        sa.Column("keep_why", sa.String(40)),
    )
    op.create_index("ix_contacts_process", "contacts", ["process_id"])
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "process_id",
            sa.Integer,
            sa.ForeignKey("processes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", WHEN, nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("status", sa.String(20), nullable=False),
    )
    op.create_index("ix_interviews_process", "interviews", ["process_id"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "process_id",
            sa.Integer,
            sa.ForeignKey("processes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="SET NULL")),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("intent", sa.String(20)),
        sa.Column("findings", sa.JSON),
    )
    op.create_index("ix_messages_process", "messages", ["process_id"])
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "process_id",
            sa.Integer,
            sa.ForeignKey("processes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="SET NULL")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due", WHEN, nullable=False),
        sa.Column("done_at", WHEN),
        sa.Column("note", sa.Text),
        sa.Column("draft", sa.JSON),
    )
    op.create_index("ix_followups_open", "followups", ["done_at", "due"])


def downgrade() -> None:
    for table in ("followups", "messages", "interviews", "contacts", "stage_changes", "processes"):
        op.drop_table(table)
