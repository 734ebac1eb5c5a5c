"""slack: handled event ids, the Slack user -> employee cache, where proposals were posted

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 20:10:00

Slack retries an event it thinks was not received; the event id's primary key lets exactly one worker take
it. Slack users are mapped to employees by the email users.info returns, cached with the time it was checked.
A proposal's messages (the requester's thread, an approver's DM) are kept so a decision can edit all of them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import assistant.db.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", assistant.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events")),
    )
    op.create_index(op.f("ix_slack_events_received_at"), "slack_events", ["received_at"], unique=False)
    op.create_table(
        "slack_users",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("checked_at", assistant.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_slack_users_employee_id_employees")
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_slack_users")),
    )
    op.create_index(op.f("ix_slack_users_employee_id"), "slack_users", ["employee_id"], unique=False)
    op.create_table(
        "slack_action_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("created_at", assistant.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["pending_actions.id"],
            name=op.f("fk_slack_action_messages_action_id_pending_actions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_action_messages")),
        sa.UniqueConstraint("channel", "ts", name=op.f("uq_slack_action_messages_channel")),
    )
    op.create_index(
        op.f("ix_slack_action_messages_action_id"), "slack_action_messages", ["action_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_slack_action_messages_action_id"), table_name="slack_action_messages")
    op.drop_table("slack_action_messages")
    op.drop_index(op.f("ix_slack_users_employee_id"), table_name="slack_users")
    op.drop_table("slack_users")
    op.drop_index(op.f("ix_slack_events_received_at"), table_name="slack_events")
    op.drop_table("slack_events")
