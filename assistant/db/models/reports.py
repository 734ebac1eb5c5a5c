"""Drafted reports: what was asked (the spec), by whom, when, and where the rendered files are.

The migration that creates this table also creates the read-only analytics views (v_sales_lines, v_invoices,
v_stock, v_purchase_orders) that guarded analytics SQL may read; they are not ORM models, so they are dropped
here before the tables whenever the whole schema is dropped (`init --force`): PostgreSQL refuses to drop a
table a view depends on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import json_type, utcnow

ANALYTICS_VIEWS = ("v_sales_lines", "v_invoices", "v_stock", "v_purchase_orders")


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict[str, Any]] = mapped_column(json_type())
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    files: Mapped[list[str]] = mapped_column(json_type(), default=list)


for _view in ANALYTICS_VIEWS:
    event.listen(Base.metadata, "before_drop", DDL(f"DROP VIEW IF EXISTS {_view}"))  # type: ignore[no-untyped-call]
