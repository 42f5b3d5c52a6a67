"""Remember what the user means to do before an interview; index what `status` asks.

`status` looks up the latest incoming and outgoing message of each open process and the
upcoming interviews; these indexes turn each into a seek instead of a scan.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("intent", sa.String(20)))
    op.drop_index("ix_messages_process", table_name="messages")
    op.create_index(
        "ix_messages_process_direction_at", "messages", ["process_id", "direction", "at"]
    )
    op.create_index("ix_interviews_status_start", "interviews", ["status", "start"])


def downgrade() -> None:
    op.drop_index("ix_interviews_status_start", table_name="interviews")
    op.drop_index("ix_messages_process_direction_at", table_name="messages")
    op.create_index("ix_messages_process", "messages", ["process_id"])
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("intent")
