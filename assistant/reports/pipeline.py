"""The order pipeline: orders placed in a period by status, and late shipments, both kinds:

- shipped late: orders placed in the period whose first parcel left more than `late_after_days` days (to the
  minute) after the order was placed. Sales orders carry no promised date of their own; the promise is the
  spec's `late_after_days`, and the shipping time is the first fulfillment's `shipped_at`;
- late and not shipped: orders still pending or processed, placed at any time, that were placed more than
  `late_after_days` days before `as_of` (counted from midnight of that day).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from assistant.db.models import Customer, Fulfillment, OrderStatus, SalesOrder, SalesOrderLine
from assistant.reports.headings import Words
from assistant.reports.period_labels import describe_period, format_day
from assistant.reports.querying import QueryLog, cap_rows, days_between, money
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.sales import period_bounds
from assistant.reports.specs import PipelineSpec

UNSHIPPED = (OrderStatus.PENDING, OrderStatus.PENDING_ITEMS_MODIFIED, OrderStatus.PROCESSED)


def build_pipeline(log: QueryLog, spec: PipelineSpec, words: Words) -> ReportBody:
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
    shipped_late_rows = _shipped_late(log, spec)
    shipped_shown, shipped_more = cap_rows(shipped_late_rows, spec.top)
    open_orders = sum(count for status, count, _ in counts if status in UNSHIPPED)
    figures = [
        Figure(key="orders", label=words("orders_placed"), value=orders, unit=Unit.COUNT),
        Figure(key="open_orders", label=words("not_shipped"), value=open_orders, unit=Unit.COUNT),
        Figure(
            key="shipped_late",
            label=words("shipped_late", days=spec.late_after_days),
            value=len(shipped_late_rows),
            unit=Unit.COUNT,
        ),
        Figure(key="late_orders", label=words("late_orders"), value=len(late_rows), unit=Unit.COUNT),
        Figure(key="late_value", label=words("late_value"), value=late_value, unit=Unit.MONEY),
    ]
    tables = [
        Table(
            key="by_status",
            title=words("by_status"),
            columns=[
                Column(key="status", label=words("status")),
                Column(key="orders", label=words("orders"), unit=Unit.COUNT),
                Column(key="value", label=words("value"), unit=Unit.MONEY),
            ],
            rows=status_rows,
        ),
        Table(
            key="late",
            title=words("late.title", days=spec.late_after_days),
            columns=[
                Column(key="order", label=words("order")),
                Column(key="customer", label=words("customer")),
                Column(key="status", label=words("status")),
                Column(key="placed", label=words("placed")),
                Column(key="days_waiting", label=words("days_waiting"), unit=Unit.DAYS),
                Column(key="value", label=words("value"), unit=Unit.MONEY),
            ],
            rows=shown,
            more=more,
            note=words("late.note", more=more) if more else None,
        ),
        Table(
            key="shipped_late",
            title=words("shipped_late.title", days=spec.late_after_days),
            columns=[
                Column(key="order", label=words("order")),
                Column(key="customer", label=words("customer")),
                Column(key="placed", label=words("placed")),
                Column(key="shipped", label=words("shipped")),
                Column(key="days_to_ship", label=words("days_to_ship"), unit=Unit.DAYS),
                Column(key="value", label=words("value"), unit=Unit.MONEY),
            ],
            rows=shipped_shown,
            more=shipped_more,
            note=words("shipped_late.note", more=shipped_more) if shipped_more else None,
        ),
    ]
    charts = []
    if status_rows:
        charts.append(
            Chart(
                key="by_status",
                title=words("by_status"),
                kind=ChartKind.HORIZONTAL_BAR,
                categories=[status for status, _, _ in counts],
                series={words("orders"): [float(count) for _, count, _ in counts]},
                unit=Unit.COUNT,
            )
        )
    return ReportBody(
        title=words("pipeline.title"),
        subtitle=words(
            "pipeline.subtitle",
            period=describe_period(spec.period, words.language),
            day=format_day(spec.as_of, words.language),
        ),
        figures=figures,
        tables=tables,
        charts=charts,
        empty=orders == 0 and not late_rows,
    )


def _shipped_late(log: QueryLog, spec: PipelineSpec) -> list[list[Cell]]:
    """Orders placed in the period whose first parcel left more than `late_after_days` days after the order."""
    start, end = period_bounds(spec.period)
    first_parcel = (  # only the period's orders: the fulfilments of all time are many
        select(Fulfillment.order_id, func.min(Fulfillment.shipped_at).label("shipped_at"))
        .join(SalesOrder, SalesOrder.id == Fulfillment.order_id)
        .where(Fulfillment.shipped_at.is_not(None), SalesOrder.placed_at >= start, SalesOrder.placed_at < end)
        .group_by(Fulfillment.order_id)
        .subquery()
    )
    days_to_ship = days_between(first_parcel.c.shipped_at, SalesOrder.placed_at, log.dialect)
    order_value = (  # per late order only, not a grouping of every order's lines
        select(func.sum(SalesOrderLine.quantity * SalesOrderLine.unit_price))
        .where(SalesOrderLine.order_id == SalesOrder.id)
        .scalar_subquery()
    )
    statement = (
        select(
            SalesOrder.number,
            Customer.name,
            SalesOrder.placed_at,
            first_parcel.c.shipped_at,
            days_to_ship.label("days_to_ship"),
            order_value.label("order_value"),
        )
        .join(first_parcel, first_parcel.c.order_id == SalesOrder.id)
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .where(SalesOrder.placed_at >= start, SalesOrder.placed_at < end, days_to_ship > spec.late_after_days)
        .order_by(SalesOrder.placed_at, SalesOrder.number)
    )
    return [
        [number, customer, placed_at.date(), shipped_at.date(), round(float(days), 1), money(order_value)]
        for number, customer, placed_at, shipped_at, days, order_value in log.rows("Shipped late", statement)
    ]
