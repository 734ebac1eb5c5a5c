"""Money owed: receivable invoices (to customers) and payable invoices (from suppliers), with payments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.db.base import Base
from assistant.db.types import str_enum, utcnow


class InvoiceDirection(StrEnum):
    RECEIVABLE = "receivable"
    PAYABLE = "payable"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOID = "void"


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("(customer_id IS NULL) <> (supplier_id IS NULL)", name="exactly_one_party"),
        CheckConstraint("due_date >= issue_date", name="due_after_issue"),
        # Compared in cents: SQLite keeps NUMERIC as a double, where exact sums can miss by a rounding error.
        CheckConstraint(
            "round(total_amount * 100) = round(net_amount * 100) + round(tax_amount * 100)",
            name="total_is_net_plus_tax",
        ),
        # Our own numbers are unique; suppliers' numbers are unique per supplier.
        Index(
            "uq_invoices_receivable_number",
            "number",
            unique=True,
            sqlite_where=text("direction = 'receivable'"),
            postgresql_where=text("direction = 'receivable'"),
        ),
        Index("uq_invoices_supplier_number", "supplier_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[InvoiceDirection] = mapped_column(str_enum(InvoiceDirection, 16), index=True)
    number: Mapped[str] = mapped_column(String(64), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    sales_order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"), index=True)
    purchase_order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    issue_date: Mapped[date]
    due_date: Mapped[date] = mapped_column(index=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    net_amount: Mapped[Decimal]
    tax_amount: Mapped[Decimal]
    total_amount: Mapped[Decimal]
    status: Mapped[InvoiceStatus] = mapped_column(str_enum(InvoiceStatus, 16), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    payments: Mapped[list[InvoicePayment]] = relationship(
        back_populates="invoice", order_by="InvoicePayment.id", cascade="all, delete-orphan"
    )

    @property
    def amount_paid(self) -> Decimal:
        return sum((payment.amount for payment in self.payments), Decimal("0.00"))

    @property
    def amount_due(self) -> Decimal:
        return self.total_amount - self.amount_paid


class InvoicePayment(Base):
    __tablename__ = "invoice_payments"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    paid_on: Mapped[date]
    amount: Mapped[Decimal]
    method: Mapped[str] = mapped_column(String(32), default="bank_transfer")
    reference: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
