"""The order pipeline: orders placed in a period by status, and late shipments — orders still pending or
processed (not shipped) that were placed more than `late_after_days` days before `as_of`."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from assistant.db.models import Customer, OrderStatus, SalesOrder, SalesOrderLine
from assistant.reports.querying import QueryLog, cap_rows, money
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.sales import period_bounds
from assistant.reports.specs import PipelineSpec

UNSHIPPED = (OrderStatus.PENDING, OrderStatus.PENDING_ITEMS_MODIFIED, OrderStatus.PROCESSED)


def build_pipeline(log: QueryLog, spec: PipelineSpec) -> ReportBody:
    start, end = period_bounds(spec.period)
    value = func.sum(SalesOrderLine.quantity * SalesOrderLine.unit_price)
    order_values = (
        select(SalesOrderLine.order_id, value.label("order_value"))
        .group_by(SalesOrderLine.order_id)
        .subquery()
    )
    by_status = (
        select(SalesOrder.status, func.count(SalesOrder.id), func.sum(order_values.c.order_value))
        .outerjoin(order_values, order_values.c.order_id == SalesOrder.id)
        .where(SalesOrder.placed_at >= start, SalesOrder.placed_at < end)
        .group_by(SalesOrder.status)
        .order_by(func.count(SalesOrder.id).desc(), SalesOrder.status)
    )
    counts = [
        (str(status), int(count), money(total))
        for status, count, total in log.rows("Orders by status", by_status)
    ]
    status_rows: list[list[Cell]] = [list(row) for row in counts]
    orders = sum(count for _, count, _ in counts)
    late_before = datetime.combine(spec.as_of - timedelta(days=spec.late_after_days), time(), tzinfo=UTC)
    late_statement = (
        select(
            SalesOrder.number,
            Customer.name,
            SalesOrder.status,
            SalesOrder.placed_at,
            order_values.c.order_value,
        )
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .outerjoin(order_values, order_values.c.order_id == SalesOrder.id)
        .where(SalesOrder.status.in_(UNSHIPPED), SalesOrder.placed_at < late_before)
        .order_by(SalesOrder.placed_at, SalesOrder.number)
    )
    late_rows: list[list[Cell]] = []
    late_value = Decimal("0.00")
    for number, customer, status, placed_at, order_value in log.rows("Late shipments", late_statement):
        waiting = (spec.as_of - placed_at.date()).days
        late_value += money(order_value)
        late_rows.append([number, customer, str(status), placed_at.date(), waiting, money(order_value)])
    shown, more = cap_rows(late_rows, spec.top)
    open_orders = sum(count for status, count, _ in counts if status in UNSHIPPED)
    figures = [
        Figure(key="orders", label="Orders placed", value=orders, unit=Unit.COUNT),
        Figure(key="open_orders", label="Not shipped yet", value=open_orders, unit=Unit.COUNT),
        Figure(key="late_orders", label="Late shipments", value=len(late_rows), unit=Unit.COUNT),
        Figure(key="late_value", label="Value of late orders", value=late_value, unit=Unit.MONEY),
    ]
    tables = [
        Table(
            key="by_status",
            title="Orders by status",
            columns=[
                Column(key="status", label="Status"),
                Column(key="orders", label="Orders", unit=Unit.COUNT),
                Column(key="value", label="Value", unit=Unit.MONEY),
            ],
            rows=status_rows,
        ),
        Table(
            key="late",
            title=f"Late shipments: not shipped {spec.late_after_days}+ days after the order",
            columns=[
                Column(key="order", label="Order"),
                Column(key="customer", label="Customer"),
                Column(key="status", label="Status"),
                Column(key="placed", label="Placed"),
                Column(key="days_waiting", label="Days waiting", unit=Unit.DAYS),
                Column(key="value", label="Value", unit=Unit.MONEY),
            ],
            rows=shown,
            more=more,
            note=f"and {more} more late orders" if more else None,
        ),
    ]
    charts = []
    if status_rows:
        charts.append(
            Chart(
                key="by_status",
                title="Orders by status",
                kind=ChartKind.HORIZONTAL_BAR,
                categories=[status for status, _, _ in counts],
                series={"Orders": [float(count) for _, count, _ in counts]},
                unit=Unit.COUNT,
            )
        )
    return ReportBody(
        title="Order pipeline",
        subtitle=f"orders placed {spec.period.describe()}; late as of {spec.as_of.isoformat()}",
        figures=figures,
        tables=tables,
        charts=charts,
        empty=orders == 0 and not late_rows,
    )
