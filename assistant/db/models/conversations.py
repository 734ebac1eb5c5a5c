"""Conversations: one per Slack thread, web chat or CLI session, owned by the employee who talks."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import json_type, utcnow


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


class ConversationTurn(Base):
    """One message and its answer: what it cost (model calls, tokens) and how it ended. No message text:
    the conversation's content lives in the checkpointer, this is the ledger operators read."""

    __tablename__ = "conversation_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(index=True)
    duration_ms: Mapped[int]
    model: Mapped[str] = mapped_column(String(120))  # "offline" or "openai:<model name>"
    outcome: Mapped[str] = mapped_column(String(16))  # answered, refused (never reached a model), failed
    model_calls: Mapped[int] = mapped_column(default=0)
    failed_model_calls: Mapped[int] = mapped_column(default=0)
    input_tokens: Mapped[int] = mapped_column(default=0)
    output_tokens: Mapped[int] = mapped_column(default=0)
    tool_calls: Mapped[int] = mapped_column(default=0)
    proposals: Mapped[int] = mapped_column(default=0)
    # Correlation with the logs (assistant/observability.py) and the turn's tool calls: tool, outcome, ms.
    turn_id: Mapped[str | None] = mapped_column(String(16), index=True)
    request_id: Mapped[str | None] = mapped_column(String(64))
    trace: Mapped[list[dict[str, Any]] | None] = mapped_column(json_type())
