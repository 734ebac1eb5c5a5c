"""Expenses: what an employee spent for the company, filed from a receipt they uploaded."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import str_enum, utcnow


class ExpenseStatus(StrEnum):
    APPROVED = "approved"  # filing a receipt is itself the approval: finance said yes to it
    REIMBURSED = "reimbursed"
    VOID = "void"


class Expense(Base):
    __tablename__ = "expenses"
    __table_args__ = (
        CheckConstraint("total_amount >= 0", name="total_not_negative"),
        CheckConstraint(
            "tax_amount IS NULL OR (tax_amount >= 0 AND tax_amount <= total_amount)", name="tax_in_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id"), unique=True
    )  # one expense per receipt
    merchant: Mapped[str] = mapped_column(String(200))
    spent_on: Mapped[date] = mapped_column(index=True)
    currency: Mapped[str] = mapped_column(String(3))
    total_amount: Mapped[Decimal]
    tax_amount: Mapped[Decimal | None]
    status: Mapped[ExpenseStatus] = mapped_column(str_enum(ExpenseStatus, 16), default=ExpenseStatus.APPROVED)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
