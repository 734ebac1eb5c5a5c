"""Conversations: one per Slack thread, web chat or CLI session, owned by the employee who talks."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import utcnow


def new_conversation_id() -> str:
    return str(uuid.uuid4())


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_conversation_id)
    channel: Mapped[str] = mapped_column(String(16))  # slack, http, cli
    external_key: Mapped[str | None] = mapped_column(String(255), unique=True)  # e.g. team/channel/thread_ts
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    title: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
