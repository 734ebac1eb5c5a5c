"""The policy registry: which files are in the knowledge store, from which content, and how ingesting them went."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import str_enum, utcnow


class PolicyStatus(StrEnum):
    INGESTED = "ingested"
    FAILED = "failed"


class Policy(Base):
    """One policy file. `content_hash` is the hash of the content whose chunks are in the store."""

    __tablename__ = "policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), unique=True)  # resolved file path: the key in the store
    source: Mapped[str] = mapped_column(String(255))  # the file name a citation shows
    title: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(5))
    chunk_count: Mapped[int] = mapped_column(default=0)
    embedder: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[PolicyStatus] = mapped_column(str_enum(PolicyStatus, 16), default=PolicyStatus.INGESTED)
    error: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
