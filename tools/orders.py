"""Read tools over sales orders: find orders, and one order's lines, shipments, tracking and payments."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from assistant.db.models import (
    Customer,
    Fulfillment,
    ItemRequestKind,
    OrderStatus,
    OrderTransaction,
    SalesOrder,
    SalesOrderLine,
    Variant,
)
from tools.base import (
    ALL_ROLES,
    BACK_OFFICE_ROLES,
    RefusedError,
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    read_tool,
)
from tools.lookup import find_customers, get_order_or_raise


class OrderLineView(ToolResult):
    sku: str
    product_name: str
    options: dict[str, Any]
    quantity: int
    unit_price: Decimal
    line_total: Decimal


class FulfillmentView(ToolResult):
    tracking_numbers: list[str]
    carrier: str | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    skus: list[str]


class TransactionView(ToolResult):
    kind: str
    amount: Decimal
    payment_method: str
    payment_method_kind: str


class AddressView(BaseModel):
    line1: str
    line2: str
    city: str
    state: str
    postal_code: str
    country: str


class OrderSummary(ToolResult):
    number: str
    status: OrderStatus
    placed_at: datetime
    customer_code: str
    customer_name: str
    total: Decimal
    currency: str
    items: int


class OrderDetail(OrderSummary):
    ship_to: AddressView
    lines: list[OrderLineView]
    fulfillments: list[FulfillmentView]
    payments: list[TransactionView]
    cancel_reason: str | None = None
    return_skus: list[str] = Field(default_factory=list)
    exchange_skus: list[str] = Field(default_factory=list)
    exchange_new_skus: list[str] = Field(default_factory=list)
    exchange_price_difference: Decimal | None = None
    payments_hidden: bool = Field(default=False, description="Payments are shown to back-office roles only.")


class OrderList(ToolResult):
    orders: list[OrderSummary]
    total_matches: int
    note: str | None = None


class FindOrdersArgs(ToolArgs):
    number: str | None = Field(default=None, description="Order number, e.g. 'SO-100042' or '#W2611340'.")
    customer: str | None = Field(
        default=None, description="Customer email, code or (part of) name; accents and typos are tolerated."
    )
    status: OrderStatus | None = Field(default=None, description="Only orders with this status.")
    placed_from: date | None = Field(default=None, description="Only orders placed on or after this day.")
    placed_to: date | None = Field(default=None, description="Only orders placed on or before this day.")
    sku: str | None = Field(default=None, description="Only orders containing this SKU.")
    limit: int = Field(
        default=20, ge=1, le=200, description="How many orders to return at most (newest first)."
    )


class GetOrderArgs(ToolArgs):
    number: str = Field(
        description="Order number, e.g. 'SO-100042' or '#W2611340'.", min_length=1, max_length=40
    )


def _summary(order: SalesOrder, customer: Customer) -> OrderSummary:
    return OrderSummary(
        number=order.number,
        status=order.status,
        placed_at=order.placed_at,
        customer_code=customer.code,
        customer_name=customer.name,
        total=order.total,
        currency=order.currency,
        items=sum(line.quantity for line in order.lines),
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@read_tool(
    name="find_orders", summary="Find sales orders by number, customer, status, date or SKU.", roles=ALL_ROLES
)
def find_orders(ctx: ToolContext, args: FindOrdersArgs) -> OrderList:
    """Search sales orders. Combine any filters: order number, customer (email, code or name), status,
    date range (placed_from / placed_to, inclusive days) and SKU. Returns the newest matches first with
    status, total and item count. Use get_order for one order's lines, tracking and payments."""
    if args.placed_from and args.placed_to and args.placed_from > args.placed_to:
        raise RefusedError("placed_from is after placed_to; swap the dates.")
    if args.number:
        order = get_order_or_raise(ctx.session, args.number)
        return OrderList(orders=[_summary(order, order.customer)], total_matches=1)
    query: Select[Any] = select(SalesOrder)
    note = None
    if args.customer:
        customers = find_customers(ctx.session, args.customer, limit=5)
        if not customers:
            return OrderList(orders=[], total_matches=0, note=f"No customer matches {args.customer!r}.")
        if len(customers) > 1:
            note = "Several customers match: " + "; ".join(f"{c.name} ({c.code})" for c in customers)
        query = query.where(SalesOrder.customer_id.in_([customer.id for customer in customers]))
    if args.status:
        query = query.where(SalesOrder.status == args.status)
    if args.placed_from:
        query = query.where(SalesOrder.placed_at >= _day_start(args.placed_from))
    if args.placed_to:
        query = query.where(SalesOrder.placed_at < _day_start(args.placed_to + timedelta(days=1)))
    if args.sku:
        query = query.where(
            SalesOrder.id.in_(
                select(SalesOrderLine.order_id)
                .join(Variant, Variant.id == SalesOrderLine.variant_id)
                .where(func.upper(Variant.sku) == args.sku.upper())
            )
        )
    total = ctx.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    orders = ctx.session.scalars(
        query.options(selectinload(SalesOrder.lines), selectinload(SalesOrder.customer))
        .order_by(SalesOrder.placed_at.desc(), SalesOrder.id.desc())
        .limit(args.limit)
    ).all()
    return OrderList(
        orders=[_summary(order, order.customer) for order in orders], total_matches=total, note=note
    )


def order_detail(session: Session, order: SalesOrder, *, with_payments: bool = True) -> OrderDetail:
    lines = [
        OrderLineView(
            sku=line.variant.sku,
            product_name=line.product_name,
            options=line.options,
            quantity=line.quantity,
            unit_price=line.unit_price,
            line_total=line.line_total,
        )
        for line in order.lines
    ]
    fulfillments = [_fulfillment_view(fulfillment) for fulfillment in order.fulfillments]
    payments = [_transaction_view(transaction) for transaction in order.transactions] if with_payments else []
    requests = order.item_requests
    return OrderDetail(
        **_summary(order, order.customer).model_dump(),
        ship_to=AddressView(
            line1=order.ship_to_line1,
            line2=order.ship_to_line2,
            city=order.ship_to_city,
            state=order.ship_to_state,
            postal_code=order.ship_to_postal_code,
            country=order.ship_to_country,
        ),
        lines=lines,
        fulfillments=fulfillments,
        payments=payments,
        cancel_reason=order.cancel_reason,
        return_skus=[r.variant.sku for r in requests if r.kind == ItemRequestKind.RETURN],
        exchange_skus=[r.variant.sku for r in requests if r.kind == ItemRequestKind.EXCHANGE],
        exchange_new_skus=[
            r.new_variant.sku for r in requests if r.kind == ItemRequestKind.EXCHANGE and r.new_variant
        ],
        exchange_price_difference=order.exchange_price_difference if with_payments else None,
        payments_hidden=not with_payments,
    )


def _fulfillment_view(fulfillment: Fulfillment) -> FulfillmentView:
    skus: list[str] = []
    for item in fulfillment.items:
        skus.extend([item.variant.sku] * item.quantity)
    return FulfillmentView(
        tracking_numbers=[tracking.tracking_number for tracking in fulfillment.trackings],
        carrier=fulfillment.carrier,
        shipped_at=fulfillment.shipped_at,
        delivered_at=fulfillment.delivered_at,
        skus=skus,
    )


def _transaction_view(transaction: OrderTransaction) -> TransactionView:
    return TransactionView(
        kind=transaction.kind.value,
        amount=transaction.amount,
        payment_method=transaction.payment_method.code,
        payment_method_kind=transaction.payment_method.kind.value,
    )


@read_tool(
    name="get_order", summary="One order in full: lines, shipping, tracking, payments.", roles=ALL_ROLES
)
def get_order(ctx: ToolContext, args: GetOrderArgs) -> OrderDetail:
    """Show one sales order in full: status, customer, ship-to address, every line (SKU, options, quantity,
    price), fulfillments with tracking numbers and dates, and (for back-office roles) the payment history."""
    order = get_order_or_raise(ctx.session, args.number)
    return order_detail(ctx.session, order, with_payments=ctx.user.role in BACK_OFFICE_ROLES)


TOOLS: list[Tool[Any, Any]] = [find_orders, get_order]
