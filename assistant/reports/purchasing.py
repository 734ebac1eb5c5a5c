"""Purchasing as of a day: open purchase orders (ordered or partially received) with the value still to
come, overdue when the expected day has passed; and per supplier the stated lead time against the actual one
(first goods receipt booked against the PO number minus the order time, over received POs)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select

from assistant.db.models import (
    MovementKind,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    StockMovement,
    Supplier,
)
from assistant.reports.querying import QueryLog, cap_rows, money
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.specs import PurchasingSpec

OPEN = (PurchaseOrderStatus.ORDERED, PurchaseOrderStatus.PARTIALLY_RECEIVED)


def _open_orders(log: QueryLog, spec: PurchasingSpec) -> tuple[list[list[Cell]], Decimal, int]:
    open_value = func.sum(
        (PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity) * PurchaseOrderLine.unit_cost
    )
    statement = (
        select(
            PurchaseOrder.number,
            Supplier.name,
            PurchaseOrder.status,
            PurchaseOrder.ordered_at,
            PurchaseOrder.expected_on,
            open_value,
        )
        .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .join(PurchaseOrderLine, PurchaseOrderLine.purchase_order_id == PurchaseOrder.id)
        .where(PurchaseOrder.status.in_(OPEN))
        .group_by(
            PurchaseOrder.id,
            PurchaseOrder.number,
            Supplier.name,
            PurchaseOrder.status,
            PurchaseOrder.ordered_at,
            PurchaseOrder.expected_on,
        )
        .order_by(PurchaseOrder.expected_on, PurchaseOrder.number)
    )
    rows: list[list[Cell]] = []
    total = Decimal("0.00")
    overdue = 0
    for number, supplier, status, ordered_at, expected_on, value in log.rows(
        "Open purchase orders", statement
    ):
        late = expected_on is not None and expected_on < spec.as_of
        overdue += late
        total += money(value)
        rows.append(
            [
                number,
                supplier,
                str(status),
                ordered_at.date(),
                expected_on,
                money(value),
                "yes" if late else "",
            ]
        )
    return rows, total, overdue


def _lead_times(log: QueryLog) -> list[list[Cell]]:
    first_receipt = (
        select(StockMovement.reference, func.min(StockMovement.occurred_at).label("received_at"))
        .where(StockMovement.kind == MovementKind.RECEIPT)
        .group_by(StockMovement.reference)
        .subquery()
    )
    statement = (
        select(Supplier.name, Supplier.lead_time_days, PurchaseOrder.ordered_at, first_receipt.c.received_at)
        .join(PurchaseOrder, PurchaseOrder.supplier_id == Supplier.id)
        .join(first_receipt, first_receipt.c.reference == PurchaseOrder.number)
        .order_by(Supplier.name, PurchaseOrder.ordered_at)
    )
    stated: dict[str, int] = {}
    actual: dict[str, list[int]] = defaultdict(list)
    for name, lead_time, ordered_at, received_at in log.rows("Actual lead times per received PO", statement):
        stated[name] = lead_time
        actual[name].append((received_at - ordered_at).days)
    rows: list[list[Cell]] = []
    for name in sorted(stated, key=lambda supplier: (-max(actual[supplier]), supplier)):
        days = actual[name]
        average = round(sum(days) / len(days), 1)
        rows.append([name, stated[name], average, max(days), len(days), round(average - stated[name], 1)])
    return rows


def build_purchasing(log: QueryLog, spec: PurchasingSpec) -> ReportBody:
    open_rows, open_value, overdue = _open_orders(log, spec)
    shown, more = cap_rows(open_rows, spec.top)
    lead_rows = _lead_times(log)
    lead_shown, lead_more = cap_rows(lead_rows, spec.top)
    figures = [
        Figure(key="open_orders", label="Open purchase orders", value=len(open_rows), unit=Unit.COUNT),
        Figure(key="open_value", label="Value still to receive", value=open_value, unit=Unit.MONEY),
        Figure(key="overdue_orders", label="Past their expected day", value=overdue, unit=Unit.COUNT),
        Figure(key="suppliers", label="Suppliers with receipts", value=len(lead_rows), unit=Unit.COUNT),
    ]
    tables = [
        Table(
            key="open_orders",
            title="Open purchase orders",
            columns=[
                Column(key="order", label="PO"),
                Column(key="supplier", label="Supplier"),
                Column(key="status", label="Status"),
                Column(key="ordered", label="Ordered"),
                Column(key="expected", label="Expected"),
                Column(key="open_value", label="Open value", unit=Unit.MONEY),
                Column(key="overdue", label="Overdue"),
            ],
            rows=shown,
            more=more,
            note=f"and {more} more open purchase orders" if more else None,
        ),
        Table(
            key="lead_times",
            title="Supplier lead times (days)",
            columns=[
                Column(key="supplier", label="Supplier"),
                Column(key="stated", label="Stated", unit=Unit.DAYS),
                Column(key="average", label="Actual average", unit=Unit.DAYS),
                Column(key="longest", label="Longest", unit=Unit.DAYS),
                Column(key="received_orders", label="Received POs", unit=Unit.COUNT),
                Column(key="difference", label="Average - stated", unit=Unit.DAYS),
            ],
            rows=lead_shown,
            more=lead_more,
            note=f"and {lead_more} more suppliers" if lead_more else None,
        ),
    ]
    charts = []
    if lead_shown:
        charts.append(
            Chart(
                key="lead_times",
                title="Stated and actual lead time (days)",
                kind=ChartKind.HORIZONTAL_BAR,
                categories=[str(row[0]) for row in lead_shown],
                series={
                    "Stated": [float(row[1] or 0) for row in lead_shown],  # type: ignore[arg-type]
                    "Actual average": [float(row[2] or 0) for row in lead_shown],  # type: ignore[arg-type]
                },
                unit=Unit.DAYS,
            )
        )
    return ReportBody(
        title="Purchasing",
        subtitle=f"as of {spec.as_of.isoformat()}",
        figures=figures,
        tables=tables,
        charts=charts,
        empty=not open_rows and not lead_rows,
    )
