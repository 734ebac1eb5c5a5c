"""A short, printable picture of what a database holds."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db import models as m


class CompanySummary(BaseModel):
    employees: int
    customers: int
    suppliers: int
    products: int
    variants: int
    warehouses: int
    sales_orders: int
    open_orders: int
    purchase_orders: int
    invoices: int
    overdue_receivables: int
    first_order_at: datetime | None
    last_order_at: datetime | None


def _count(session: Session, model: type[m.Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def company_summary(session: Session, *, today: date) -> CompanySummary:
    open_statuses = (m.OrderStatus.PENDING, m.OrderStatus.PENDING_ITEMS_MODIFIED, m.OrderStatus.PROCESSED)
    first_order, last_order = session.execute(
        select(func.min(m.SalesOrder.placed_at), func.max(m.SalesOrder.placed_at))
    ).one()
    overdue = session.scalar(
        select(func.count())
        .select_from(m.Invoice)
        .where(
            m.Invoice.direction == m.InvoiceDirection.RECEIVABLE,
            m.Invoice.status.in_((m.InvoiceStatus.OPEN, m.InvoiceStatus.PARTIALLY_PAID)),
            m.Invoice.due_date < today,
        )
    )
    return CompanySummary(
        employees=_count(session, m.Employee),
        customers=_count(session, m.Customer),
        suppliers=_count(session, m.Supplier),
        products=_count(session, m.Product),
        variants=_count(session, m.Variant),
        warehouses=_count(session, m.Warehouse),
        sales_orders=_count(session, m.SalesOrder),
        open_orders=session.scalar(
            select(func.count()).select_from(m.SalesOrder).where(m.SalesOrder.status.in_(open_statuses))
        )
        or 0,
        purchase_orders=_count(session, m.PurchaseOrder),
        invoices=_count(session, m.Invoice),
        overdue_receivables=overdue or 0,
        first_order_at=first_order,
        last_order_at=last_order,
    )


def sample_people(session: Session) -> dict[str, str]:
    """One active employee's email per role (the first by id), to show whom commands can act as."""
    people: dict[str, str] = {}
    for role in m.Role:
        email = session.scalar(
            select(m.Employee.email)
            .where(m.Employee.role == role, m.Employee.is_active.is_(True))
            .order_by(m.Employee.id)
            .limit(1)
        )
        if email:
            people[role.value] = email
    return people
