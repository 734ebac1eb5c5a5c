"""What the Slack adapter keeps: delivered event ids (retries answered once, on any number of workers), Slack
users mapped to employees (a users.info cache), and where each proposal was posted (to edit it once decided)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import utcnow


class SlackEvent(Base):
    """One row per Events API event handled: the primary key makes a second insert of the same id fail."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SlackUser(Base):
    """A Slack user as last looked up: the employee their email belongs to, or none (refused until rechecked)."""

    __tablename__ = "slack_users"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackActionMessage(Base):
    """A Block Kit message showing a pending action (in the requester's thread or an approver's DM)."""

    __tablename__ = "slack_action_messages"
    __table_args__ = (UniqueConstraint("channel", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[str] = mapped_column(ForeignKey("pending_actions.id"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
