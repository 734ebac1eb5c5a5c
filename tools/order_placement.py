"""Placing a new sales order: the create_sales_order write tool, and its checks (the customer's credit, the
one warehouse that can fill every line)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assistant.db.models import (
    Customer,
    Invoice,
    InvoiceDirection,
    InvoiceStatus,
    OrderStatus,
    SalesOrder,
    SalesOrderLine,
    StockLevel,
    TransactionKind,
    Variant,
    Warehouse,
)
from tools.base import STAFF_ROLES, Plan, RefusedError, ToolContext, write_tool
from tools.lookup import get_customer_or_raise, get_variant_or_raise, get_warehouse_or_raise
from tools.order_args import CreateSalesOrderArgs, NewOrderLine, OrderChanged, address_of, order_changed
from tools.order_rules import (
    ZERO,
    Move,
    StockChange,
    apply_moves,
    apply_stock_changes,
    lock_payment_methods,
    lock_row,
    money_preview,
    payment_method_of,
    require_cover,
    show_money,
    staff_approval,
    stock_levels,
    where_available,
)

# Orders not yet shipped: their value is owed to us on top of the open invoices.
OPEN_ORDER_STATUSES = (OrderStatus.PENDING, OrderStatus.PENDING_ITEMS_MODIFIED, OrderStatus.PROCESSED)


@dataclass(frozen=True)
class CreditCheck:
    limit: Decimal
    open_receivables: Decimal
    open_orders: Decimal
    this_order: Decimal

    @property
    def exposure(self) -> Decimal:
        return self.open_receivables + self.open_orders + self.this_order

    def preview(self) -> dict[str, Any]:
        return {
            "credit_limit": str(self.limit),
            "open_receivables": str(self.open_receivables),
            "open_orders": str(self.open_orders),
            "this_order": str(self.this_order),
            "exposure_after": str(self.exposure),
            "headroom_after": str(self.limit - self.exposure),
        }


def check_credit(session: Session, customer: Customer, amount: Decimal, currency: str) -> CreditCheck:
    """An order on account must keep open invoices + open orders + this order within the credit limit."""
    invoices = session.scalars(
        select(Invoice)
        .options(selectinload(Invoice.payments))
        .where(
            Invoice.customer_id == customer.id,
            Invoice.direction == InvoiceDirection.RECEIVABLE,
            Invoice.status.not_in([InvoiceStatus.PAID, InvoiceStatus.VOID]),
        )
    )
    lines = session.execute(
        select(SalesOrderLine.quantity, SalesOrderLine.unit_price)
        .join(SalesOrderLine.order)
        .where(SalesOrder.customer_id == customer.id, SalesOrder.status.in_(OPEN_ORDER_STATUSES))
    )
    check = CreditCheck(
        limit=customer.credit_limit,
        open_receivables=sum((invoice.amount_due for invoice in invoices), ZERO),
        open_orders=sum((quantity * unit_price for quantity, unit_price in lines), ZERO),
        this_order=amount,
    )
    if check.exposure > check.limit:

        def money(value: Decimal) -> str:
            return show_money(value, currency)

        raise RefusedError(
            f"{customer.name}'s credit limit is {money(check.limit)}: open invoices "
            f"{money(check.open_receivables)} + open orders {money(check.open_orders)} + this order "
            f"{money(amount)} = {money(check.exposure)}, {money(check.exposure - check.limit)} over the "
            f"limit. Pay with one of the customer's payment methods, or ask finance to raise the limit."
        )
    return check


@dataclass(frozen=True)
class Fill:
    """Where the order ships from (None: nothing it holds is stock-tracked) and what it reserves there."""

    warehouse: Warehouse | None
    reservations: list[StockChange]


def choose_warehouse(
    session: Session,
    lines: Sequence[tuple[Variant, int]],
    country: str,
    given: Warehouse | None,
    *,
    lock: bool,
) -> Fill:
    """The given warehouse, else the first active one in the ship-to country with enough of every line, else
    the first active one anywhere. SKUs without any stock records are not stock-tracked and not checked."""
    if given is not None and not given.is_active:
        raise RefusedError(f"Warehouse {given.code} is not active; choose another or leave it empty.")
    levels = stock_levels(session, [variant.id for variant, _ in lines], lock=lock)
    tracked = {level.variant_id for level in levels}
    wanted = [(variant, quantity) for variant, quantity in lines if variant.id in tracked]
    if not wanted:
        return Fill(given, [])
    at = {(level.warehouse_id, level.variant_id): level for level in levels}

    def fills(warehouse: Warehouse) -> bool:
        return all(_available(at.get((warehouse.id, variant.id))) >= quantity for variant, quantity in wanted)

    if given is not None:
        if not fills(given):
            there = {variant.id: _available(at.get((given.id, variant.id))) for variant, _ in wanted}
            short = [
                f"{variant.sku} needs {quantity}, {there[variant.id]} there (in stock: "
                f"{where_available(levels, variant.id)})"
                for variant, quantity in wanted
                if there[variant.id] < quantity
            ]
            raise RefusedError(f"Warehouse {given.code} cannot fill this order: " + "; ".join(short) + ".")
        chosen = given
    else:
        active = session.scalars(select(Warehouse).where(Warehouse.is_active).order_by(Warehouse.id)).all()
        domestic = [warehouse for warehouse in active if warehouse.country.upper() == country.strip().upper()]
        found = next((warehouse for warehouse in [*domestic, *active] if fills(warehouse)), None)
        if found is None:
            short = [
                f"{variant.sku} needs {quantity} (in stock: {where_available(levels, variant.id)})"
                for variant, quantity in wanted
            ]
            raise RefusedError(
                "No single warehouse has enough stock for every line: " + "; ".join(short) + "."
            )
        chosen = found
    return Fill(chosen, [StockChange(at[(chosen.id, variant.id)], quantity) for variant, quantity in wanted])


def _available(level: StockLevel | None) -> int:
    return level.available if level is not None else 0


# --- the tool -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NewOrder:
    customer: Customer
    lines: list[tuple[Variant, int]]
    ship_to: dict[str, str]
    total: Decimal
    payment: list[Move]
    credit: CreditCheck | None
    fill: Fill


def _order_lines(session: Session, wanted: list[NewOrderLine], currency: str) -> list[tuple[Variant, int]]:
    merged: dict[int, tuple[Variant, int]] = {}  # one line per SKU, in the order first named
    for line in wanted:
        variant = get_variant_or_raise(session, line.sku)
        if not variant.is_available:
            raise RefusedError(
                f"{variant.sku} ({variant.product.name}, {variant.options_label}) is not available for sale."
            )
        if variant.currency != currency:
            raise RefusedError(
                f"{variant.sku} is priced in {variant.currency}; orders are taken in {currency} only."
            )
        merged[variant.id] = (variant, merged.get(variant.id, (variant, 0))[1] + line.quantity)
    return list(merged.values())


def _default_ship_to(customer: Customer) -> dict[str, str]:
    if customer.default_address is None:
        raise RefusedError(f"{customer.name} has no default address; give the delivery address (ship_to).")
    return address_of(customer.default_address)


def _new_order(ctx: ToolContext, args: CreateSalesOrderArgs, *, lock: bool) -> _NewOrder:
    customer = get_customer_or_raise(ctx.session, args.customer)
    if lock:
        lock_row(ctx.session, customer)
    if customer.credit_hold:
        raise RefusedError(f"{customer.name} is on credit hold: no new orders until finance releases it.")
    currency = ctx.settings.company_currency
    if args.currency is not None and args.currency.upper() != currency:
        raise RefusedError(f"Orders are taken in {currency} only, not in {args.currency.upper()}.")
    lines = _order_lines(ctx.session, args.lines, currency)
    total = sum((variant.price * quantity for variant, quantity in lines), ZERO)
    ship_to = address_of(args.ship_to) if args.ship_to else _default_ship_to(customer)
    payment, credit = [], None
    if args.payment_method:
        method = payment_method_of(ctx.session, customer, args.payment_method)
        if lock:
            lock_payment_methods(ctx.session, [method])
        require_cover(method, total, "the order total", currency)
        payment = [Move(TransactionKind.PAYMENT, total, method)]
    else:
        credit = check_credit(ctx.session, customer, total, currency)
    warehouse = get_warehouse_or_raise(ctx.session, args.warehouse) if args.warehouse else None
    fill = choose_warehouse(ctx.session, lines, ship_to["country"], warehouse, lock=lock)
    return _NewOrder(customer, lines, ship_to, total, payment, credit, fill)


def _free_number(session: Session, order_id: int) -> str:
    candidate = 100000 + order_id
    while session.scalar(select(SalesOrder.id).where(SalesOrder.number == f"SO-{candidate}")) is not None:
        candidate += 1
    return f"SO-{candidate}"


def execute_create_sales_order(ctx: ToolContext, args: CreateSalesOrderArgs) -> OrderChanged:
    new = _new_order(ctx, args, lock=True)
    order = SalesOrder(
        number=f"NEW-{uuid.uuid4().hex}"[:32],
        customer=new.customer,
        status=OrderStatus.PENDING,
        placed_at=ctx.now(),
        currency=ctx.settings.company_currency,
        salesperson_id=new.customer.salesperson_id,
        warehouse_id=new.fill.warehouse.id if new.fill.warehouse else None,
        ship_to_name=new.customer.name,
        notes=args.notes,
        **{f"ship_to_{name}": value for name, value in new.ship_to.items()},
    )
    order.lines = [
        SalesOrderLine(
            position=position,
            variant=variant,
            product_name=variant.product.name,
            options=dict(variant.options),
            quantity=quantity,
            unit_price=variant.price,
        )
        for position, (variant, quantity) in enumerate(new.lines)
    ]
    ctx.session.add(order)
    ctx.session.flush()  # the number is derived from the id
    order.number = _free_number(ctx.session, order.id)
    apply_moves(order, new.payment, ctx.now())
    apply_stock_changes(new.fill.reservations)
    paid = f"paid with {new.payment[0].method.code}" if new.payment else "on account"
    return order_changed(
        ctx,
        order,
        f"Order {order.number} placed for {new.customer.name}: "
        f"{show_money(new.total, order.currency)}, {paid}.",
    )


@write_tool(
    name="create_sales_order",
    summary="Place a new sales order for a customer (needs approval).",
    roles=STAFF_ROLES,
    execute=execute_create_sales_order,
)
def create_sales_order(ctx: ToolContext, args: CreateSalesOrderArgs) -> Plan:
    """Propose a new sales order: customer, lines (SKU and quantity), optionally the delivery address
    (default: the customer's default address), a payment method of the customer (otherwise the order is on
    account and must fit the credit limit), the warehouse (otherwise one that has every line in stock,
    preferring the delivery country) and notes. Prices come from the catalogue. Orders above the approval
    threshold need a manager."""
    new = _new_order(ctx, args, lock=False)
    currency = ctx.settings.company_currency
    return Plan(
        summary=f"New order for {new.customer.name}: {sum(q for _, q in new.lines)} item(s), "
        f"{show_money(new.total, currency)}",
        preview={
            "customer": f"{new.customer.name} ({new.customer.code})",
            "lines": [
                {
                    "sku": variant.sku,
                    "product": variant.product.name,
                    "options": variant.options,
                    "quantity": quantity,
                    "unit_price": str(variant.price),
                    "line_total": str(variant.price * quantity),
                }
                for variant, quantity in new.lines
            ],
            "total": str(new.total),
            "currency": currency,
            "ship_to": new.ship_to,
            "warehouse": new.fill.warehouse.code if new.fill.warehouse else None,
            "stock": [change.preview() for change in new.fill.reservations],
            "payment": money_preview(new.payment) if new.payment else "on account",
            "credit": new.credit.preview() if new.credit else None,
        },
        pinned={
            "customer": new.customer.code,
            "lines": [{"sku": variant.sku, "quantity": quantity} for variant, quantity in new.lines],
            "ship_to": new.ship_to,
            **({"warehouse": new.fill.warehouse.code} if new.fill.warehouse is not None else {}),
        },
        approval=staff_approval("New sales orders are approved by staff."),
        amount=new.total,
    )
