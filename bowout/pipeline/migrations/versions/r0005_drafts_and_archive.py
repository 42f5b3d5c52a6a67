"""Keep drafts as they are edited, and let a process be put away (archived) and brought back.

``drafts`` holds one row per message being written (the assistant's, a withdrawal's, a reply's),
saved as the user types, so a reload or an error loses nothing; a draft of a process goes with
it. ``processes.archived_at`` is when the process was put away; empty means it is in view.

Revision ID: 0005
Revises: 0004_mail
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004_mail"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("archived_at", WHEN))
    op.create_index("ix_processes_archived_at", "processes", ["archived_at"])
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("process_id", sa.Integer, sa.ForeignKey("processes.id", ondelete="CASCADE")),
        sa.Column("subject", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("ix_drafts_key", "drafts", ["key"], unique=True)
    op.create_index("ix_drafts_process", "drafts", ["process_id"])


def downgrade() -> None:
    op.drop_index("ix_drafts_process", table_name="drafts")
    op.drop_index("ix_drafts_key", table_name="drafts")
    op.drop_table("drafts")
    op.drop_index("ix_processes_archived_at", table_name="processes")
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("archived_at")
