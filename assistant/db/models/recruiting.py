"""Recruiting: people who applied, each filed from the resume they sent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import json_type, str_enum, utcnow


class ApplicantStatus(StrEnum):
    NEW = "new"
    INTERVIEWING = "interviewing"
    HIRED = "hired"
    DECLINED = "declined"


class JobApplicant(Base):
    __tablename__ = "job_applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    skills: Mapped[list[Any]] = mapped_column(json_type(), default=list)
    experience_years: Mapped[int | None]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)  # the resume
    status: Mapped[ApplicantStatus] = mapped_column(
        str_enum(ApplicantStatus, 16), default=ApplicantStatus.NEW
    )
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
