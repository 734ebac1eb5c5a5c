"""turn trace: each chat turn's id, its request's id and its tool calls, for logs and `backoffice stats`

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 20:50:00

The turn id and request id are the ones the structured logs carry (assistant/observability.py), so a turn in the
ledger leads to its log lines. The trace lists the turn's tool calls: tool, outcome, milliseconds.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import assistant.db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation_turns") as batch:
        batch.add_column(sa.Column("turn_id", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("trace", assistant.db.types.json_type(), nullable=True))
        batch.create_index(batch.f("ix_conversation_turns_turn_id"), ["turn_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conversation_turns") as batch:
        batch.drop_index(batch.f("ix_conversation_turns_turn_id"))
        batch.drop_column("trace")
        batch.drop_column("request_id")
        batch.drop_column("turn_id")
