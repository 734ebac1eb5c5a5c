"""Inventory health as of a day: ABC classes by revenue share, dead stock, and SKUs below safety stock with
a reorder suggestion.

- ABC: SKUs ranked by revenue over the `abc_days` before `as_of`; a SKU is class A while the cumulative share
  of the SKUs ranked above it is below `class_a_share` (so the SKU crossing the line is still A), B likewise
  up to `class_b_share`, the rest (and SKUs without sales) C.
- Dead stock: on hand over all warehouses > 0 and no sale (order not cancelled) in the `dead_after_days`
  before `as_of`.
- Below safety stock: available (on hand less reserved, all warehouses) under the SKU's safety stock.
  Suggested order = ceil(lead time x average daily demand) + safety stock - available - on order, at least 0;
  average daily demand = units sold in the `demand_days` before `as_of` / `demand_days`; on order = open
  purchase-order quantity not yet received.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from assistant.db.models import (
    OrderStatus,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SalesOrder,
    SalesOrderLine,
    StockLevel,
    Variant,
)
from assistant.reports.headings import Words
from assistant.reports.period_labels import format_day
from assistant.reports.querying import QueryLog, cap_rows, money
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.specs import InventorySpec

OPEN_PURCHASE_STATUSES = (
    PurchaseOrderStatus.DRAFT,
    PurchaseOrderStatus.ORDERED,
    PurchaseOrderStatus.PARTIALLY_RECEIVED,
)


def _since(spec: InventorySpec, days: int) -> datetime:
    return datetime.combine(spec.as_of - timedelta(days=days), time(), tzinfo=UTC)


def _until(spec: InventorySpec) -> datetime:
    """Sales up to the end of `as_of`."""
    return datetime.combine(spec.as_of + timedelta(days=1), time(), tzinfo=UTC)


def _sold(spec: InventorySpec, days: int, *columns: Any) -> Any:
    return (
        select(SalesOrderLine.variant_id, *columns)
        .join(SalesOrder, SalesOrder.id == SalesOrderLine.order_id)
        .where(
            SalesOrder.placed_at >= _since(spec, days),
            SalesOrder.placed_at < _until(spec),
            SalesOrder.status != OrderStatus.CANCELLED,
        )
        .group_by(SalesOrderLine.variant_id)
    )


def abc_classes(revenues: list[tuple[str, Decimal]], a_share: float, b_share: float) -> dict[str, str]:
    total = sum((revenue for _, revenue in revenues), Decimal(0))
    classes: dict[str, str] = {}
    cumulative = Decimal(0)
    for sku, revenue in revenues:
        share_before = float(cumulative / total) if total else 1.0
        if revenue <= 0:
            classes[sku] = "C"
        elif share_before < a_share:
            classes[sku] = "A"
        elif share_before < b_share:
            classes[sku] = "B"
        else:
            classes[sku] = "C"
        cumulative += revenue
    return classes


def _abc(log: QueryLog, spec: InventorySpec, words: Words) -> tuple[Table, Chart | None, dict[str, str]]:
    revenue = func.sum(SalesOrderLine.quantity * SalesOrderLine.unit_price)
    sold = _sold(spec, spec.abc_days, revenue.label("revenue")).subquery()
    statement = (
        select(Variant.sku, func.coalesce(sold.c.revenue, 0))
        .outerjoin(sold, sold.c.variant_id == Variant.id)
        .order_by(func.coalesce(sold.c.revenue, 0).desc(), Variant.sku)
    )
    revenues = [
        (sku, money(value)) for sku, value in log.rows("Revenue per SKU for the ABC classes", statement)
    ]
    classes = abc_classes(revenues, spec.class_a_share, spec.class_b_share)
    total = sum((value for _, value in revenues), Decimal(0))
    rows: list[list[Cell]] = []
    for name in ("A", "B", "C"):
        members = [value for sku, value in revenues if classes[sku] == name]
        class_revenue = sum(members, Decimal("0.00"))
        share = round(float(class_revenue / total * 100), 1) if total else 0.0
        rows.append([name, len(members), class_revenue, share])
    table = Table(
        key="abc",
        title=words("abc.title"),
        columns=[
            Column(key="class", label=words("class")),
            Column(key="skus", label=words("skus"), unit=Unit.COUNT),
            Column(key="revenue", label=words("revenue"), unit=Unit.MONEY),
            Column(key="share", label=words("share"), unit=Unit.PERCENT),
        ],
        rows=rows,
        note=words(
            "abc.note",
            days=spec.abc_days,
            day=format_day(spec.as_of, words.language),
            a=f"{spec.class_a_share * 100:.0f}",
            b=f"{spec.class_b_share * 100:.0f}",
        ),
    )
    chart = None
    if total:
        chart = Chart(
            key="abc",
            title=words("abc.chart"),
            kind=ChartKind.BAR,
            categories=["A", "B", "C"],
            series={words("share"): [float(row[3] or 0) for row in rows]},  # type: ignore[arg-type]
            unit=Unit.PERCENT,
        )
    return table, chart, classes


def _dead_stock(log: QueryLog, spec: InventorySpec, words: Words) -> tuple[Table, Decimal]:
    recently_sold = _sold(spec, spec.dead_after_days).with_only_columns(SalesOrderLine.variant_id)
    last_sale = (
        select(SalesOrderLine.variant_id, func.max(SalesOrder.placed_at).label("last_sold"))
        .join(SalesOrder, SalesOrder.id == SalesOrderLine.order_id)
        .where(SalesOrder.status != OrderStatus.CANCELLED, SalesOrder.placed_at < _until(spec))
        .group_by(SalesOrderLine.variant_id)
        .subquery()
    )
    on_hand = func.sum(StockLevel.on_hand)
    statement = (
        select(Variant.sku, Product.name, on_hand, Variant.cost, last_sale.c.last_sold)
        .join(StockLevel, StockLevel.variant_id == Variant.id)
        .join(Product, Product.id == Variant.product_id)
        .outerjoin(last_sale, last_sale.c.variant_id == Variant.id)
        .where(Variant.id.not_in(recently_sold))
        .group_by(Variant.sku, Product.name, Variant.cost, last_sale.c.last_sold)
        .having(on_hand > 0)
        .order_by(on_hand.desc(), Variant.sku)
    )
    rows: list[list[Cell]] = []
    value = Decimal("0.00")
    for sku, name, quantity, cost, last_sold in log.rows("Dead stock", statement):
        stock_value = money(Decimal(str(cost or 0)) * int(quantity))
        value += stock_value
        rows.append([sku, name, int(quantity), stock_value, last_sold.date() if last_sold else None])
    shown, more = cap_rows(rows, spec.top)
    return (
        Table(
            key="dead_stock",
            title=words("dead.title", days=spec.dead_after_days),
            columns=[
                Column(key="sku", label=words("sku")),
                Column(key="product", label=words("product")),
                Column(key="on_hand", label=words("on_hand"), unit=Unit.COUNT),
                Column(key="value", label=words("value_at_cost"), unit=Unit.MONEY),
                Column(key="last_sold", label=words("last_sold")),
            ],
            rows=shown,
            more=more,
            note=words("more_skus", more=more) if more else None,
        ),
        value,
    )


def _below_safety(log: QueryLog, spec: InventorySpec, words: Words) -> Table:
    available = func.sum(StockLevel.on_hand - StockLevel.reserved)
    demand = _sold(spec, spec.demand_days, func.sum(SalesOrderLine.quantity).label("units")).subquery()
    on_order = (
        select(
            PurchaseOrderLine.variant_id,
            func.sum(PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity).label("open_quantity"),
        )
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
        .where(PurchaseOrder.status.in_(OPEN_PURCHASE_STATUSES))
        .group_by(PurchaseOrderLine.variant_id)
        .subquery()
    )
    statement = (
        select(
            Variant.sku,
            Product.name,
            available,
            Variant.safety_stock,
            Variant.lead_time_days,
            func.coalesce(demand.c.units, 0),
            func.coalesce(on_order.c.open_quantity, 0),
        )
        .join(StockLevel, StockLevel.variant_id == Variant.id)
        .join(Product, Product.id == Variant.product_id)
        .outerjoin(demand, demand.c.variant_id == Variant.id)
        .outerjoin(on_order, on_order.c.variant_id == Variant.id)
        .group_by(
            Variant.sku,
            Product.name,
            Variant.safety_stock,
            Variant.lead_time_days,
            demand.c.units,
            on_order.c.open_quantity,
        )
        .having(available < Variant.safety_stock)
        .order_by((Variant.safety_stock - available).desc(), Variant.sku)
    )
    rows: list[list[Cell]] = []
    for sku, name, free, safety, lead_time, units, open_quantity in log.rows("Below safety stock", statement):
        daily = Decimal(int(units)) / spec.demand_days
        suggested = max(math.ceil(lead_time * daily) + safety - int(free) - int(open_quantity), 0)
        rows.append(
            [sku, name, int(free), safety, lead_time, round(float(daily), 2), int(open_quantity), suggested]
        )
    shown, more = cap_rows(rows, spec.top)
    return Table(
        key="below_safety",
        title=words("below.title"),
        columns=[
            Column(key="sku", label=words("sku")),
            Column(key="product", label=words("product")),
            Column(key="available", label=words("available"), unit=Unit.COUNT),
            Column(key="safety_stock", label=words("safety_stock"), unit=Unit.COUNT),
            Column(key="lead_time", label=words("lead_time"), unit=Unit.DAYS),
            Column(key="daily_demand", label=words("daily_demand"), unit=Unit.COUNT),
            Column(key="on_order", label=words("on_order"), unit=Unit.COUNT),
            Column(key="suggested", label=words("suggested"), unit=Unit.COUNT),
        ],
        rows=shown,
        more=more,
        note=words("below.note", days=spec.demand_days) + (words("below.more", more=more) if more else ""),
    )


def build_inventory(log: QueryLog, spec: InventorySpec, words: Words) -> ReportBody:
    abc, chart, classes = _abc(log, spec, words)
    dead, dead_value = _dead_stock(log, spec, words)
    below = _below_safety(log, spec, words)
    figures = [
        Figure(key="skus", label=words("skus"), value=len(classes), unit=Unit.COUNT),
        Figure(
            key="class_a_skus",
            label=words("class_a_skus"),
            value=int(abc.rows[0][1] or 0),  # type: ignore[arg-type]
            unit=Unit.COUNT,
        ),
        Figure(
            key="dead_stock_skus",
            label=words("dead_stock_skus"),
            value=len(dead.rows) + dead.more,
            unit=Unit.COUNT,
        ),
        Figure(key="dead_stock_value", label=words("dead_stock_value"), value=dead_value, unit=Unit.MONEY),
        Figure(
            key="below_safety_skus",
            label=words("below_safety_skus"),
            value=len(below.rows) + below.more,
            unit=Unit.COUNT,
        ),
    ]
    return ReportBody(
        title=words("inventory.title"),
        subtitle=words("subtitle.as_of", day=format_day(spec.as_of, words.language)),
        figures=figures,
        tables=[abc, dead, below],
        charts=[chart] if chart else [],
        empty=not classes,
    )
