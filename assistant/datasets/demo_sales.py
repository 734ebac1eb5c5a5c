"""Two years of sales orders: seasonal, growing, with statuses, parcels and tracking that fit their age."""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from assistant.datasets.demo_catalog import CENTRAL_WAREHOUSE
from assistant.datasets.demo_model import (
    CustomerInfo,
    DemoContext,
    LineInfo,
    OrderInfo,
    Row,
    ShipmentInfo,
    StockRole,
    VariantInfo,
    WarehouseInfo,
    at,
    fill_pattern,
    weighted_index,
)
from assistant.datasets.demo_places import (
    COUNTRY_BY_CODE,
    CROSS_BORDER_TRANSIT_DAYS,
    DOMESTIC_TRANSIT_DAYS,
    INTERCONTINENTAL_TRANSIT_DAYS,
    TRACKING_FORMATS,
)
from assistant.datasets.demo_roster import CANCEL_REASONS
from assistant.db.models import (
    Fulfillment,
    FulfillmentItem,
    FulfillmentTracking,
    OrderStatus,
    SalesOrder,
    SalesOrderLine,
)
from assistant.db.types import to_money

ORDERS = 6000
FIRST_ORDER_NUMBER = 100001
# Office buying peaks when budgets are spent (Q4) and after the summer break (September); July and August dip.
SEASON = {
    1: 0.9,
    2: 0.95,
    3: 1.05,
    4: 1.0,
    5: 1.0,
    6: 0.9,
    7: 0.68,
    8: 0.66,
    9: 1.25,
    10: 1.15,
    11: 1.25,
    12: 1.05,
}
ANNUAL_GROWTH = 1.18
WEEKDAY = (1.0, 1.05, 1.05, 1.0, 0.9, 0.12, 0.04)
LINES_PER_ORDER = (1, 2, 3, 4, 5)
LINES_WEIGHTS = (30, 27, 20, 13, 10)
PRICE_LIST_INCREASE = Decimal("1.035")  # each January; older orders were placed at last year's prices
CANCEL_RATE = 0.03
RETURN_RATE = 0.05  # of orders delivered in the last 45 days
SPLIT_RATE = 0.07  # of multi-line orders, shipped in two parcels on different days
RETURN_NOTES = (
    "Return requested: damaged in transit",
    "Return requested: wrong colour delivered",
    "Return requested: no longer needed",
)


def build_orders(
    ctx: DemoContext,
    variants: list[VariantInfo],
    customers: list[CustomerInfo],
    warehouses: dict[str, WarehouseInfo],
) -> list[OrderInfo]:
    rng = ctx.rng("orders")
    days = [ctx.start + timedelta(days=offset) for offset in range((ctx.as_of - ctx.start).days)]
    day_weights = [
        SEASON[day.month] * ANNUAL_GROWTH ** (offset / 365) * WEEKDAY[day.weekday()]
        for offset, day in enumerate(days)
    ]
    customer_weights = list(itertools.accumulate(customer.weight for customer in customers))
    variant_weights = list(itertools.accumulate(variant.weight for variant in variants))

    orders: list[OrderInfo] = []
    for day in sorted(rng.choices(days, weights=day_weights, k=ORDERS)):
        customer = _pick_customer(rng, customers, customer_weights, day)
        nearest_id = warehouses[customer.warehouse_code].id
        addresses = customer.addresses
        order = OrderInfo(
            customer=customer,
            placed_at=_placed_at(rng, day, customer),
            lines=_pick_lines(rng, variants, variant_weights, day, nearest_id),
            ship_to=addresses[0] if len(addresses) == 1 or rng.random() < 0.7 else addresses[1],
        )
        if rng.random() < CANCEL_RATE:
            order.cancel_reason = rng.choice(CANCEL_REASONS)
        orders.append(order)
    orders.sort(key=lambda order: order.placed_at)
    _ensure_recent_sales(ctx, rng, orders, variants)

    for order_id, order in enumerate(orders, start=1):
        order.id, order.number = order_id, f"SO-{FIRST_ORDER_NUMBER + order_id - 1}"
        _price(ctx, order)
        preferred = warehouses[order.customer.warehouse_code]
        stocked_there = all(preferred.id in line.variant.warehouse_ids for line in order.lines)
        order.warehouse = preferred if stocked_there else warehouses[CENTRAL_WAREHOUSE]
        _advance(ctx, rng, order)
    _add_rows(ctx, rng, orders)
    return orders


def _pick_customer(
    rng: random.Random, customers: list[CustomerInfo], cumulative: list[float], day: date
) -> CustomerInfo:
    for _ in range(60):
        customer = customers[weighted_index(rng, cumulative)]
        if customer.acquired_on <= day:
            return customer
    return customers[0]  # the longest-standing customer; customers are sorted by acquisition


def _placed_at(rng: random.Random, day: date, customer: CustomerInfo) -> datetime:
    # Office hours where the buyer is: Seoul is UTC+9, Europe UTC+1/+2.
    first_hour, last_hour = (0, 8) if customer.country == "KR" else (6, 16)
    return at(day, rng.randint(first_hour, last_hour), rng.randint(0, 59)) + timedelta(
        seconds=rng.randint(0, 59)
    )


def _pick_lines(
    rng: random.Random,
    variants: list[VariantInfo],
    cumulative: list[float],
    day: date,
    preferred_warehouse_id: int,
) -> list[LineInfo]:
    wanted = rng.choices(LINES_PER_ORDER, weights=LINES_WEIGHTS)[0]
    lines: list[LineInfo] = []
    chosen: set[int] = set()
    for _ in range(60):
        if len(lines) == wanted:
            break
        variant = variants[weighted_index(rng, cumulative)]
        if variant.id in chosen or not variant.sellable_on(day):
            continue
        # Buyers mostly order what their nearest warehouse has, so most orders ship from there.
        if preferred_warehouse_id not in variant.warehouse_ids and rng.random() > 0.08:
            continue
        chosen.add(variant.id)
        lines.append(LineInfo(variant, _quantity(rng, variant)))
    if not lines:
        fallback = next(variant for variant in variants if variant.sellable_on(day))
        lines.append(LineInfo(fallback, _quantity(rng, fallback)))
    return lines


def _quantity(rng: random.Random, variant: VariantInfo) -> int:
    low, high = variant.order_quantity
    return max(1, round(rng.triangular(low, high, low)))


def _ensure_recent_sales(
    ctx: DemoContext, rng: random.Random, orders: list[OrderInfo], variants: list[VariantInfo]
) -> None:
    """Every SKU on sale sells at least once in the last 180 days, so only the chosen ones are dead stock."""
    recent = [
        order
        for order in orders
        if order.cancel_reason is None
        and ctx.as_of - timedelta(days=170) <= order.placed_at.date() <= ctx.as_of - timedelta(days=5)
    ]
    sold = {line.variant.id for order in recent for line in order.lines}
    for variant in variants:
        if variant.role not in (StockRole.NORMAL, StockRole.LOW) or variant.id in sold:
            continue
        candidates = [
            order
            for order in recent
            if len(order.lines) < max(LINES_PER_ORDER)
            and all(line.variant.id != variant.id for line in order.lines)
        ]
        order = rng.choice(candidates)
        order.lines.append(LineInfo(variant, _quantity(rng, variant)))


def _price(ctx: DemoContext, order: OrderInfo) -> None:
    """Snapshot the price list of the order's year, less the customer's volume discount."""
    years_back = ctx.as_of.year - order.placed_at.year
    weight = order.customer.weight
    discount = Decimal("0.92") if weight > 8 else Decimal("0.96") if weight > 3 else Decimal(1)
    for line in order.lines:
        line.unit_price = to_money(line.variant.price * discount / PRICE_LIST_INCREASE**years_back)


def _advance(ctx: DemoContext, rng: random.Random, order: OrderInfo) -> None:
    """Move the order along until `now`: cancelled, or picked, shipped, delivered, perhaps returned."""
    if order.cancel_reason is not None:
        cancelled_at = order.placed_at + timedelta(minutes=rng.randint(30, 1800))
        if cancelled_at < ctx.now:
            order.status, order.cancelled_at = OrderStatus.CANCELLED, cancelled_at
            return
        order.cancel_reason = None
    assert order.warehouse is not None
    ship_at = _working_time(rng, order.placed_at + timedelta(minutes=rng.randint(180, 2400)))
    destination = order.ship_to["ship_to_country"]
    if order.warehouse.country == destination:
        transit = DOMESTIC_TRANSIT_DAYS
    elif "KR" in (order.warehouse.country, destination):
        transit = INTERCONTINENTAL_TRANSIT_DAYS
    else:
        transit = CROSS_BORDER_TRANSIT_DAYS
    delivered_at = _working_time(
        rng,
        at(ship_at.date() + timedelta(days=rng.randint(*transit)), 8)
        + timedelta(minutes=rng.randint(0, 540)),
    )
    if ctx.now < ship_at:
        young = ctx.now - order.placed_at < timedelta(hours=18)
        order.status = OrderStatus.PENDING if young else OrderStatus.PROCESSED
        return
    if ctx.now < delivered_at:
        order.status = OrderStatus.SHIPPED
        order.shipments = [ShipmentInfo(order.lines, ship_at)]
        return
    order.status = OrderStatus.DELIVERED
    old_enough_to_split = order.placed_at < ctx.now - timedelta(days=20)
    if len(order.lines) > 1 and old_enough_to_split and rng.random() < SPLIT_RATE:
        first_parcel = rng.randint(1, len(order.lines) - 1)
        later = _working_time(rng, ship_at + timedelta(days=rng.randint(1, 4)))
        order.shipments = [
            ShipmentInfo(order.lines[:first_parcel], ship_at, delivered_at),
            ShipmentInfo(
                order.lines[first_parcel:], later, _working_time(rng, later + (delivered_at - ship_at))
            ),
        ]
    else:
        order.shipments = [ShipmentInfo(order.lines, ship_at, delivered_at)]
    last_delivery = max(shipment.delivered_at or ship_at for shipment in order.shipments)
    if ctx.now - last_delivery < timedelta(days=45) and rng.random() < RETURN_RATE:
        order.status = OrderStatus.RETURN_REQUESTED
        since_delivery = int((ctx.now - last_delivery).total_seconds())
        order.return_requested_at = last_delivery + timedelta(
            seconds=rng.randint(since_delivery // 10, since_delivery * 9 // 10)
        )


def _working_time(rng: random.Random, moment: datetime) -> datetime:
    """Warehouses and carriers do not work weekends: push to Monday morning."""
    if moment.weekday() < 5:
        return moment
    monday = moment.date() + timedelta(days=7 - moment.weekday())
    return at(monday, 7 + rng.randint(0, 3), rng.randint(0, 59))


def _add_rows(ctx: DemoContext, rng: random.Random, orders: list[OrderInfo]) -> None:
    order_rows: list[Row] = []
    line_rows: list[Row] = []
    fulfillment_rows: list[Row] = []
    tracking_rows: list[Row] = []
    item_rows: list[Row] = []
    tracking_numbers: set[str] = set()
    for order in orders:
        assert order.warehouse is not None
        changes = [order.placed_at, order.cancelled_at, order.return_requested_at]
        changes += [
            moment for shipment in order.shipments for moment in (shipment.shipped_at, shipment.delivered_at)
        ]
        order_rows.append(
            {
                "id": order.id,
                "number": order.number,
                "customer_id": order.customer.id,
                "status": order.status,
                "placed_at": order.placed_at,
                "currency": "EUR",
                "salesperson_id": order.customer.salesperson_id,
                "warehouse_id": order.warehouse.id,
                **order.ship_to,
                "notes": rng.choice(RETURN_NOTES) if order.return_requested_at else None,
                "cancel_reason": order.cancel_reason if order.cancelled_at else None,
                "created_at": order.placed_at,
                "updated_at": max(moment for moment in changes if moment is not None),
            }
        )
        for position, line in enumerate(order.lines):
            line_rows.append(
                {
                    "id": len(line_rows) + 1,
                    "order_id": order.id,
                    "position": position,
                    "variant_id": line.variant.id,
                    "product_name": line.variant.product_name,
                    "options": dict(line.variant.options),
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                }
            )
        carriers = COUNTRY_BY_CODE[order.ship_to["ship_to_country"]].carriers
        for position, shipment in enumerate(order.shipments):
            fulfillment_id = len(fulfillment_rows) + 1
            carrier = rng.choice(carriers)
            fulfillment_rows.append(
                {
                    "id": fulfillment_id,
                    "order_id": order.id,
                    "position": position,
                    "warehouse_id": order.warehouse.id,
                    "carrier": carrier,
                    "shipped_at": shipment.shipped_at,
                    "delivered_at": shipment.delivered_at,
                }
            )
            for parcel in range(2 if rng.random() < 0.06 else 1):
                number = fill_pattern(rng, TRACKING_FORMATS[carrier])
                while number in tracking_numbers:
                    number = fill_pattern(rng, TRACKING_FORMATS[carrier])
                tracking_numbers.add(number)
                tracking_rows.append(
                    {
                        "id": len(tracking_rows) + 1,
                        "fulfillment_id": fulfillment_id,
                        "position": parcel,
                        "tracking_number": number,
                    }
                )
            for item_position, line in enumerate(shipment.lines):
                item_rows.append(
                    {
                        "id": len(item_rows) + 1,
                        "fulfillment_id": fulfillment_id,
                        "position": item_position,
                        "variant_id": line.variant.id,
                        "quantity": line.quantity,
                    }
                )
    ctx.add(SalesOrder, order_rows)
    ctx.add(SalesOrderLine, line_rows)
    ctx.add(Fulfillment, fulfillment_rows)
    ctx.add(FulfillmentTracking, tracking_rows)
    ctx.add(FulfillmentItem, item_rows)
