"""Mail and calendar in: threads rebuilt from the user's mail, where mail was read from, and
the calendar invitation an interview came from.

Revision ID: 0004_mail
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_mail"
down_revision = "0003"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("uid", sa.String(500)))
        batch.add_column(sa.Column("sequence", sa.Integer))
    op.create_index("ix_interviews_uid", "interviews", ["uid"])
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("origin", sa.String(20)))
    op.create_table(
        "mail_threads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("process_id", sa.Integer, sa.ForeignKey("processes.id", ondelete="SET NULL")),
        sa.Column("subject", sa.Text),
        sa.Column("subject_key", sa.String(200), nullable=False),
        sa.Column("participants", sa.JSON, nullable=False),
        sa.Column("first_at", WHEN, nullable=False),
        sa.Column("last_at", WHEN, nullable=False),
        sa.Column("last_direction", sa.String(3), nullable=False),
        sa.Column("owed_since", WHEN),
        sa.Column("owed_message_id", sa.Integer),
        sa.Column("automated", sa.Boolean, nullable=False),
        sa.Column("reading", sa.String(20)),
        sa.Column("proposal", sa.String(20)),
        sa.Column("proposal_state", sa.String(20)),
        sa.Column("proposal_company", sa.String(200)),
    )
    op.create_index("ix_mail_threads_process", "mail_threads", ["process_id"])
    op.create_index("ix_mail_threads_subject_key", "mail_threads", ["subject_key"])
    op.create_index("ix_mail_threads_owed", "mail_threads", ["owed_since"])
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "thread_id",
            sa.Integer,
            sa.ForeignKey("mail_threads.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("message_key", sa.String(500), nullable=False, unique=True),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("sender_name", sa.String(200)),
        sa.Column("recipients", sa.JSON, nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("snippet", sa.Text, nullable=False),
        sa.Column("asks", sa.Boolean, nullable=False),
        sa.Column("automated", sa.Boolean, nullable=False),
        sa.Column("answered", sa.Boolean, nullable=False),
        sa.Column("reading", sa.String(20)),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("folder", sa.String(200)),
        sa.Column("uid", sa.BigInteger),
        sa.Column("message_id", sa.Integer, sa.ForeignKey("messages.id", ondelete="SET NULL")),
    )
    op.create_index("ix_mail_messages_thread_at", "mail_messages", ["thread_id", "at"])
    op.create_table(
        "mail_refs",
        sa.Column("key", sa.String(500), primary_key=True),
        sa.Column(
            "thread_id",
            sa.Integer,
            sa.ForeignKey("mail_threads.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_mail_refs_thread", "mail_refs", ["thread_id"])
    op.create_table(
        "mail_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(1000), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger),
        sa.Column("last_uid", sa.BigInteger),
        sa.Column("size", sa.BigInteger),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("messages", sa.Integer, nullable=False),
        sa.Column("synced_at", WHEN, nullable=False),
        sa.UniqueConstraint("kind", "name", name="uq_mail_sources_kind_name"),
    )


def downgrade() -> None:
    for table in ("mail_sources", "mail_refs", "mail_messages", "mail_threads"):
        op.drop_table(table)
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("origin")
    op.drop_index("ix_interviews_uid", table_name="interviews")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("sequence")
        batch.drop_column("uid")
