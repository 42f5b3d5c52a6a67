"""Index the latest pay question of each process, so `status` finds it with one seek.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_messages_process_intent_direction_at",
        "messages",
        ["process_id", "intent", "direction", "at"],
    )


def downgrade() -> None:
    op.drop_index("ix_messages_process_intent_direction_at", table_name="messages")
