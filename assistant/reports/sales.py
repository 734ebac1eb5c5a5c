"""Sales in a period, grouped by region, country, category, product, customer or salesperson, optionally
compared with another period. Revenue is quantity x unit price of the lines of orders that were not cancelled,
by the day the order was placed (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, distinct, func, select

from assistant.db.models import Customer, Employee, OrderStatus, Product, SalesOrder, SalesOrderLine, Variant
from assistant.reports.headings import Words
from assistant.reports.number_format import format_percent
from assistant.reports.period_labels import describe_period, localise_label
from assistant.reports.querying import QueryLog, cap_rows, money
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.specs import Period, SalesGrouping, SalesSpec

NO_VALUE = "(none)"


def period_bounds(period: Period) -> tuple[datetime, datetime]:
    """[start, end) in UTC: from midnight of the first day to midnight after the last."""
    start = datetime.combine(period.start, time(), tzinfo=UTC)
    return start, datetime.combine(period.end + timedelta(days=1), time(), tzinfo=UTC)


def _group_expression(grouping: SalesGrouping) -> Any:
    expressions: dict[SalesGrouping, Any] = {
        SalesGrouping.REGION: func.coalesce(Customer.region, NO_VALUE),
        SalesGrouping.COUNTRY: SalesOrder.ship_to_country,
        SalesGrouping.CATEGORY: func.coalesce(Product.category, NO_VALUE),
        SalesGrouping.PRODUCT: Product.name,
        SalesGrouping.CUSTOMER: Customer.name,
        SalesGrouping.SALESPERSON: func.coalesce(Employee.name, NO_VALUE),
    }
    return expressions[grouping]


def _lines_in(period: Period, *columns: Any) -> Select[Any]:
    start, end = period_bounds(period)
    return (
        select(*columns)
        .select_from(SalesOrderLine)
        .join(SalesOrder, SalesOrder.id == SalesOrderLine.order_id)
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .join(Variant, Variant.id == SalesOrderLine.variant_id)
        .join(Product, Product.id == Variant.product_id)
        .outerjoin(Employee, Employee.id == SalesOrder.salesperson_id)
        .where(
            SalesOrder.placed_at >= start,
            SalesOrder.placed_at < end,
            SalesOrder.status != OrderStatus.CANCELLED,
        )
    )


REVENUE = func.sum(SalesOrderLine.quantity * SalesOrderLine.unit_price)


def _totals(log: QueryLog, period: Period, title: str) -> tuple[Decimal, int, int]:
    revenue, orders, units = log.one(
        title,
        _lines_in(
            period,
            REVENUE,
            func.count(distinct(SalesOrder.id)),
            func.coalesce(func.sum(SalesOrderLine.quantity), 0),
        ),
    )
    return money(revenue), int(orders or 0), int(units or 0)


def _by_group(
    log: QueryLog, period: Period, grouping: SalesGrouping, title: str
) -> list[tuple[str, Decimal, int, int]]:
    group = _group_expression(grouping).label("grp")
    revenue = REVENUE.label("revenue")
    statement = (
        _lines_in(
            period, group, revenue, func.count(distinct(SalesOrder.id)), func.sum(SalesOrderLine.quantity)
        )
        .group_by(group)
        .order_by(revenue.desc(), group)
    )
    return [
        (str(name), money(value), int(orders), int(units))
        for name, value, orders, units in log.rows(title, statement)
    ]


def _average(revenue: Decimal, orders: int) -> Decimal:
    return money(revenue / orders) if orders else Decimal("0.00")


def _share(part: Decimal, whole: Decimal) -> float:
    return round(float(part / whole * 100), 1) if whole else 0.0


def _change(now: Decimal, before: Decimal | None) -> float | None:
    if before is None or not before:
        return None
    return round(float((now - before) / before * 100), 1)


def _series_name(period: Period, words: Words, fallback: str) -> str:
    return localise_label(period.label, words.language) if period.label else words(fallback)


def build_sales(log: QueryLog, spec: SalesSpec, words: Words) -> ReportBody:
    label = words.grouping(spec.group_by)
    revenue, orders, units = _totals(log, spec.period, "Totals for the period")
    previous = _totals(log, spec.compare_to, "Totals for the comparison period") if spec.compare_to else None
    figures = [
        Figure(
            key="revenue",
            label=words("revenue"),
            value=revenue,
            unit=Unit.MONEY,
            previous=previous and previous[0],
        ),
        Figure(
            key="orders",
            label=words("orders"),
            value=orders,
            unit=Unit.COUNT,
            previous=previous and previous[1],
        ),
        Figure(
            key="average_order",
            label=words("average_order"),
            value=_average(revenue, orders),
            unit=Unit.MONEY,
            previous=_average(previous[0], previous[1]) if previous else None,
        ),
        Figure(
            key="units",
            label=words("units_sold"),
            value=units,
            unit=Unit.COUNT,
            previous=previous and previous[2],
        ),
    ]
    groups = _by_group(log, spec.period, spec.group_by, f"Revenue by {spec.group_by.value}")
    before: dict[str, Decimal] = {}
    if spec.compare_to:
        compared = _by_group(
            log, spec.compare_to, spec.group_by, f"Revenue by {spec.group_by.value}, comparison"
        )
        before = {name: value for name, value, _, _ in compared}
    columns = [
        Column(key="group", label=label),
        Column(key="revenue", label=words("revenue"), unit=Unit.MONEY),
        Column(key="share", label=words("share"), unit=Unit.PERCENT),
        Column(key="orders", label=words("orders"), unit=Unit.COUNT),
        Column(key="units", label=words("units"), unit=Unit.COUNT),
    ]
    if spec.compare_to:
        columns += [
            Column(key="previous", label=words("previous_revenue"), unit=Unit.MONEY),
            Column(key="change", label=words("change"), unit=Unit.PERCENT),
        ]
    rows: list[list[Cell]] = []
    for name, value, group_orders, group_units in groups:
        row: list[Cell] = [name, value, _share(value, revenue), group_orders, group_units]
        if spec.compare_to:
            row += [before.get(name, Decimal("0.00")), _change(value, before.get(name))]
        rows.append(row)
    shown, more = cap_rows(rows, spec.top)
    note = None
    if more:
        rest = sum((value for _, value, _, _ in groups[spec.top :]), Decimal("0.00"))
        note = words(
            "sales.note",
            more=more,
            group=label if words.language == "de" else label.lower(),  # German nouns keep their capital
            rest=words.amount(rest),
            share=format_percent(_share(rest, revenue), words.language),
        )
    title = words("sales.table", by=words.by(spec.group_by))
    table = Table(key="by_group", title=title, columns=columns, rows=shown, more=more, note=note)
    charts: list[Chart] = []
    if shown:
        series = {_series_name(spec.period, words, "ui.period"): [float(row[1] or 0) for row in shown]}  # type: ignore[arg-type]
        if spec.compare_to:
            series[_series_name(spec.compare_to, words, "ui.comparison")] = [
                float(before.get(str(row[0]), 0)) for row in shown
            ]
        charts.append(
            Chart(
                key="revenue_by_group",
                title=title,
                kind=ChartKind.BAR,
                categories=[str(row[0]) for row in shown],
                series=series,
            )
        )
    latest = log.one("Latest order in the period", _lines_in(spec.period, func.max(SalesOrder.placed_at)))[0]
    subtitle = describe_period(spec.period, words.language)
    if spec.compare_to:
        previous_period = describe_period(spec.compare_to, words.language)
        subtitle = words("sales.compared", period=subtitle, previous=previous_period)
    return ReportBody(
        title=words("sales.title", by=words.by(spec.group_by)),
        subtitle=subtitle,
        figures=figures,
        tables=[table],
        charts=charts,
        empty=orders == 0,
        latest_record_at=latest,
    )
