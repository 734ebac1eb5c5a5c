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
from assistant.reports.headings import Words
from assistant.reports.period_labels import format_day
from assistant.reports.querying import QueryLog, cap_rows, money
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.specs import PurchasingSpec

OPEN = (PurchaseOrderStatus.ORDERED, PurchaseOrderStatus.PARTIALLY_RECEIVED)


def _open_orders(log: QueryLog, spec: PurchasingSpec, words: Words) -> tuple[list[list[Cell]], Decimal, int]:
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
                words("ui.yes") if late else "",
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


def build_purchasing(log: QueryLog, spec: PurchasingSpec, words: Words) -> ReportBody:
    open_rows, open_value, overdue = _open_orders(log, spec, words)
    shown, more = cap_rows(open_rows, spec.top)
    lead_rows = _lead_times(log)
    lead_shown, lead_more = cap_rows(lead_rows, spec.top)
    figures = [
        Figure(key="open_orders", label=words("open_pos"), value=len(open_rows), unit=Unit.COUNT),
        Figure(key="open_value", label=words("open_value_total"), value=open_value, unit=Unit.MONEY),
        Figure(key="overdue_orders", label=words("overdue_orders"), value=overdue, unit=Unit.COUNT),
        Figure(
            key="suppliers", label=words("suppliers_with_receipts"), value=len(lead_rows), unit=Unit.COUNT
        ),
    ]
    tables = [
        Table(
            key="open_orders",
            title=words("open_pos"),
            columns=[
                Column(key="order", label=words("po")),
                Column(key="supplier", label=words("supplier")),
                Column(key="status", label=words("status")),
                Column(key="ordered", label=words("ordered")),
                Column(key="expected", label=words("expected")),
                Column(key="open_value", label=words("open_value"), unit=Unit.MONEY),
                Column(key="overdue", label=words("overdue")),
            ],
            rows=shown,
            more=more,
            note=words("open_pos.note", more=more) if more else None,
        ),
        Table(
            key="lead_times",
            title=words("lead_times.title"),
            columns=[
                Column(key="supplier", label=words("supplier")),
                Column(key="stated", label=words("stated"), unit=Unit.DAYS),
                Column(key="average", label=words("actual_average"), unit=Unit.DAYS),
                Column(key="longest", label=words("longest"), unit=Unit.DAYS),
                Column(key="received_orders", label=words("received_pos"), unit=Unit.COUNT),
                Column(key="difference", label=words("difference"), unit=Unit.DAYS),
            ],
            rows=lead_shown,
            more=lead_more,
            note=words("lead_times.note", more=lead_more) if lead_more else None,
        ),
    ]
    charts = []
    if lead_shown:
        charts.append(
            Chart(
                key="lead_times",
                title=words("lead_times.chart"),
                kind=ChartKind.HORIZONTAL_BAR,
                categories=[str(row[0]) for row in lead_shown],
                series={
                    words("stated"): [float(row[1] or 0) for row in lead_shown],  # type: ignore[arg-type]
                    words("actual_average"): [float(row[2] or 0) for row in lead_shown],  # type: ignore[arg-type]
                },
                unit=Unit.DAYS,
            )
        )
    return ReportBody(
        title=words("purchasing.title"),
        subtitle=words("subtitle.as_of", day=format_day(spec.as_of, words.language)),
        figures=figures,
        tables=tables,
        charts=charts,
        empty=not open_rows and not lead_rows,
    )
