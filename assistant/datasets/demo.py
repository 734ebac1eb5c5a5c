"""The demo company, Adriatic & Baltic Trading: a distributor of office furniture, supplies, IT accessories
and warehouse equipment with warehouses in Hamburg, Warszawa, Zagreb and Seoul, and two years of business.

`build_demo_company` fills an empty, migrated database. The same seed and `as_of` day give the same company,
row for row: every step draws from its own seeded generator and nothing reads the clock but `as_of`'s default.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from assistant.datasets.demo_customers import build_customers
from assistant.datasets.demo_finance import build_finance
from assistant.datasets.demo_model import DemoContext, Row, at
from assistant.datasets.demo_products import (
    add_variant_rows,
    build_catalog,
    build_suppliers,
    build_warehouses,
    set_replenishment,
)
from assistant.datasets.demo_sales import build_orders
from assistant.datasets.demo_staff import build_staff
from assistant.datasets.demo_stock import build_purchasing, build_stock
from assistant.db import models as m

HISTORY_DAYS = 730
DEAD_STOCK_DAYS = 180


class DemoSummary(BaseModel):
    """What was built.

    Dead stock: on hand, but not sold in the 180 days before `as_of`. Below safety stock: available (on
    hand less reserved) over all warehouses under the SKU's safety stock. Every other SKU is kept at or
    above safety stock in each of its warehouses, so a per-warehouse reading finds the same SKUs.
    """

    model_config = ConfigDict(frozen=True)

    seed: int
    as_of: date
    employees: int
    departments: int
    customers: int
    suppliers: int
    products: int
    variants: int
    warehouses: int
    orders: int
    order_lines: int
    invoices: int
    overdue_invoices: int
    purchase_orders: int
    dead_stock_skus: int
    below_safety_stock_skus: int
    leave_requests: int
    first_order_on: date | None
    last_order_on: date | None


def build_demo_company(session: Session, *, seed: int = 7, as_of: date | None = None) -> DemoSummary:
    """Fill an empty, migrated database with the demo company as it stands on `as_of` (default: today).

    Flushes but does not commit: the caller owns the transaction."""
    as_of = as_of or date.today()  # noqa: DTZ011  (the user's calendar day; read once)
    ctx = DemoContext.create(seed, as_of, history_days=HISTORY_DAYS)
    staff = build_staff(ctx)
    warehouses = build_warehouses(ctx)
    suppliers = build_suppliers(ctx)
    variants = build_catalog(ctx, warehouses, suppliers)
    customers = build_customers(ctx, staff)
    orders = build_orders(ctx, variants, customers, warehouses)
    set_replenishment(ctx, variants, orders)
    add_variant_rows(ctx, variants)
    purchases = build_purchasing(ctx, variants, warehouses, staff)
    build_stock(ctx, variants, warehouses, orders, purchases, staff)
    build_finance(ctx, orders, customers, purchases)
    _insert(session, ctx.rows)
    return summarize_demo(session, seed=seed, as_of=as_of)


def _insert(session: Session, rows: dict[type[m.Base], list[Row]]) -> None:
    """Bulk-insert in foreign-key order, then move PostgreSQL's id sequences past the ids we chose.

    Core inserts on the tables: every column is given, so the ORM's bulk path would add nothing but time (a
    quarter of the build on PostgreSQL)."""
    rows_of: dict[Table, list[Row]] = {
        cast(Table, model.__table__): model_rows for model, model_rows in rows.items()
    }
    tables = [table for table in m.Base.metadata.sorted_tables if table in rows_of]
    for table in tables:
        session.execute(insert(table), rows_of[table])
    if session.get_bind().dialect.name == "postgresql":
        for table in tables:
            session.execute(
                select(
                    func.setval(
                        func.pg_get_serial_sequence(table.name, "id"),
                        select(func.max(table.c.id)).scalar_subquery(),
                    )
                )
            )
    session.flush()


def summarize_demo(session: Session, *, seed: int, as_of: date) -> DemoSummary:
    def count(model: type[m.Base]) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    recently_sold = (
        select(m.SalesOrderLine.variant_id)
        .join(m.SalesOrder, m.SalesOrder.id == m.SalesOrderLine.order_id)
        .where(
            m.SalesOrder.placed_at >= at(as_of) - timedelta(days=DEAD_STOCK_DAYS),
            m.SalesOrder.status != m.OrderStatus.CANCELLED,
        )
    )
    dead_stock = (
        select(m.StockLevel.variant_id)
        .where(m.StockLevel.variant_id.not_in(recently_sold))
        .group_by(m.StockLevel.variant_id)
        .having(func.sum(m.StockLevel.on_hand) > 0)
    )
    below_safety = (
        select(m.Variant.id)
        .join(m.StockLevel, m.StockLevel.variant_id == m.Variant.id)
        .group_by(m.Variant.id, m.Variant.safety_stock)
        .having(func.sum(m.StockLevel.on_hand - m.StockLevel.reserved) < m.Variant.safety_stock)
    )
    overdue = (
        select(func.count())
        .select_from(m.Invoice)
        .where(
            m.Invoice.direction == m.InvoiceDirection.RECEIVABLE,
            m.Invoice.status.in_((m.InvoiceStatus.OPEN, m.InvoiceStatus.PARTIALLY_PAID)),
            m.Invoice.due_date < as_of,
        )
    )
    first_order, last_order = session.execute(
        select(func.min(m.SalesOrder.placed_at), func.max(m.SalesOrder.placed_at))
    ).one()
    return DemoSummary(
        seed=seed,
        as_of=as_of,
        employees=count(m.Employee),
        departments=count(m.Department),
        customers=count(m.Customer),
        suppliers=count(m.Supplier),
        products=count(m.Product),
        variants=count(m.Variant),
        warehouses=count(m.Warehouse),
        orders=count(m.SalesOrder),
        order_lines=count(m.SalesOrderLine),
        invoices=count(m.Invoice),
        overdue_invoices=session.scalar(overdue) or 0,
        purchase_orders=count(m.PurchaseOrder),
        dead_stock_skus=session.scalar(select(func.count()).select_from(dead_stock.subquery())) or 0,
        below_safety_stock_skus=session.scalar(select(func.count()).select_from(below_safety.subquery()))
        or 0,
        leave_requests=count(m.LeaveRequest),
        first_order_on=first_order.date() if first_order else None,
        last_order_on=last_order.date() if last_order else None,
    )
