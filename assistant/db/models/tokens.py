"""API tokens: one employee's key to the HTTP API, stored as the SHA-256 of its secret, never the secret."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import utcnow


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The visible start of the token ("bo_" + 8 characters): shown in lists, used to find the row.
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
