"""Pending actions (proposed writes waiting for a human decision) and the hash-chained audit log."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import json_type, str_enum, utcnow


class ActionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # decided yes, executing in the deciding transaction
    EXECUTED = "executed"
    FAILED = "failed"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


def new_action_id() -> str:
    return str(uuid.uuid4())


class PendingAction(Base):
    __tablename__ = "pending_actions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_action_id)
    tool_name: Mapped[str] = mapped_column(String(64))
    arguments: Mapped[dict[str, Any]] = mapped_column(json_type())
    arguments_hash: Mapped[str] = mapped_column(String(64))
    # Set while pending (requester, conversation, tool, arguments), cleared by any decision: the unique
    # constraint makes two identical proposals racing each other end as one pending action.
    dedup_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    preview: Mapped[dict[str, Any]] = mapped_column(json_type(), default=dict)
    summary: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    required_roles: Mapped[list[str]] = mapped_column(json_type())
    approval_reason: Mapped[str] = mapped_column(Text, default="")
    self_approval_allowed: Mapped[bool] = mapped_column(default=True)
    amount: Mapped[Decimal | None]
    required_approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, 16), default=ActionStatus.PENDING, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    executed_at: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(json_type())
    error: Mapped[str | None] = mapped_column(Text)


class AuditRecord(Base):
    """Append-only. `record_hash` = sha256(prev_hash + canonical JSON of this record), so edits break the chain.

    `seq` numbers records 1, 2, 3... without gaps (assigned under the chain head's lock), so a deleted record
    shows as a gap even when the chain is recomputed around it.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    event: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(json_type(), default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    record_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditChainHead(Base):
    """One row: the last record's seq and hash. Locking it serialises appends; it also exposes a cut-off tail."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
