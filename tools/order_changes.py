"""The write tools over sales orders, as the registry sees them: cancel, modify a pending order (items,
address, payment), request a return or an exchange of a delivered one, change a customer's default address,
and place a new order (tools/order_placement.py). Each planner checks the request against current data and
previews it; the executor runs after approval, re-checks under row locks and makes the change (the shared
checks are in tools/order_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.db.models import (
    Customer,
    CustomerAddress,
    ItemRequestKind,
    OrderItemRequest,
    OrderStatus,
    PaymentMethod,
    SalesOrder,
    SalesOrderLine,
    TransactionKind,
    Variant,
)
from tools.base import STAFF_ROLES, Plan, RefusedError, Tool, ToolContext, write_tool
from tools.lookup import get_customer_or_raise
from tools.order_args import (
    ADDRESS_FIELDS,
    CancelOrderArgs,
    CustomerAddressChanged,
    ExchangeOrderItemsArgs,
    ModifyOrderAddressArgs,
    ModifyOrderItemsArgs,
    ModifyOrderPaymentArgs,
    OrderChanged,
    ReturnOrderItemsArgs,
    UpdateCustomerAddressArgs,
    address_of,
    order_changed,
)
from tools.order_placement import create_sales_order
from tools.order_rules import (
    ZERO,
    ItemSwap,
    Move,
    StockChange,
    apply_moves,
    apply_stock_changes,
    apply_swaps,
    is_gift_card,
    load_order,
    lock_payment_methods,
    lock_row,
    money_preview,
    payment_method_of,
    payments_of,
    plan_swaps,
    price_difference,
    refund_timing,
    refunds_due,
    release_reservations,
    require_cover,
    require_status,
    show_money,
    staff_approval,
    swap_reservations,
    take_units,
)
from tools.orders import AddressView

CANCEL_REASONS = ("no longer needed", "ordered by mistake")


# --- shared pieces ------------------------------------------------------------------------------------------


def _head(order: SalesOrder, status_after: OrderStatus) -> dict[str, Any]:
    customer = order.customer
    return {
        "order": order.number,
        "customer": f"{customer.name} ({customer.code})",
        "status_before": order.status.value,
        "status_after": status_after.value,
        "total": str(order.total),
        "currency": order.currency,
    }


def _ship_to(order: SalesOrder) -> dict[str, str]:
    return {name: getattr(order, f"ship_to_{name}") for name in ADDRESS_FIELDS}


def _add_requests(
    order: SalesOrder, kind: ItemRequestKind, pairs: list[tuple[Variant, Variant | None]]
) -> None:
    position = max((request.position for request in order.item_requests), default=-1) + 1
    for offset, (variant, new_variant) in enumerate(pairs):
        order.item_requests.append(
            OrderItemRequest(kind=kind, position=position + offset, variant=variant, new_variant=new_variant)
        )


# --- cancel -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cancellation:
    order: SalesOrder
    reason: str
    refunds: list[Move]
    stock: list[StockChange]


def _cancellation(ctx: ToolContext, args: CancelOrderArgs, *, lock: bool) -> _Cancellation:
    order = load_order(ctx, args.order, lock=lock)
    require_status(order, OrderStatus.PENDING, "cancelled")
    reason = " ".join(args.reason.casefold().split())
    if reason not in CANCEL_REASONS:
        raise RefusedError(
            f"{args.reason!r} is not an accepted reason: the customer must confirm the order "
            f"is 'no longer needed' or was 'ordered by mistake'."
        )
    refunds = refunds_due(order)
    if lock:
        lock_payment_methods(ctx.session, [refund.method for refund in refunds])
    return _Cancellation(order, reason, refunds, release_reservations(ctx.session, order, lock=lock))


def execute_cancel_order(ctx: ToolContext, args: CancelOrderArgs) -> OrderChanged:
    change = _cancellation(ctx, args, lock=True)
    order = change.order
    apply_moves(order, change.refunds, ctx.now())
    order.status, order.cancel_reason = OrderStatus.CANCELLED, change.reason
    apply_stock_changes(change.stock)
    refunded = sum((refund.amount for refund in change.refunds), ZERO)
    refunded_text = show_money(refunded, order.currency)
    return order_changed(
        ctx,
        order,
        f"Order {order.number} cancelled ({change.reason}); {refunded_text} refunded "
        f"to the original payment method(s).",
    )


@write_tool(
    name="cancel_order",
    summary="Cancel a pending order and refund its payments (needs approval).",
    roles=STAFF_ROLES,
    execute=execute_cancel_order,
)
def cancel_order(ctx: ToolContext, args: CancelOrderArgs) -> Plan:
    """Propose cancelling a sales order. Only orders with status 'pending' can be cancelled, and the customer
    must give the reason: 'no longer needed' or 'ordered by mistake'. Every payment is refunded to the payment
    method it came from (gift cards at once, cards and PayPal in 5 to 7 business days) and reserved stock is
    released. Check the order's status first; nothing changes until a person approves."""
    change = _cancellation(ctx, args, lock=False)
    order = change.order
    return Plan(
        summary=f"Cancel order {order.number} ({change.reason}) and refund {order.currency} "
        f"{sum((refund.amount for refund in change.refunds), ZERO)}",
        preview={
            **_head(order, OrderStatus.CANCELLED),
            "cancel_reason": change.reason,
            **money_preview(change.refunds),
            "stock": [stock.preview() for stock in change.stock],
        },
        approval=staff_approval("Cancelling a customer's order is approved by staff."),
        amount=order.total,
    )


# --- modify items and exchange: the same pairing of old and new items ---------------------------------------


@dataclass(frozen=True)
class _Swap:
    order: SalesOrder
    swaps: list[ItemSwap]
    difference: Decimal
    method: PaymentMethod


def _swap_request(
    ctx: ToolContext, args: ModifyOrderItemsArgs, status: OrderStatus, doing: str, *, lock: bool
) -> _Swap:
    order = load_order(ctx, args.order, lock=lock)
    require_status(order, status, doing)
    swaps = plan_swaps(ctx.session, order, [(item.sku, item.new_sku) for item in args.items])
    difference = price_difference(swaps)
    method = payment_method_of(ctx.session, order.customer, args.payment_method)
    if lock:
        lock_payment_methods(ctx.session, [method])
    require_cover(method, difference, "the price difference", order.currency)
    return _Swap(order, swaps, difference, method)


def _difference_moves(change: _Swap) -> list[Move]:
    if change.difference == 0:
        return []
    kind = TransactionKind.PAYMENT if change.difference > 0 else TransactionKind.REFUND
    return [Move(kind, abs(change.difference), change.method)]


def _swap_preview(change: _Swap, status_after: OrderStatus) -> dict[str, Any]:
    return {
        **_head(change.order, status_after),
        "items": [swap.preview() for swap in change.swaps],
        "price_difference": str(change.difference),
        "total_after": str(change.order.total + change.difference),
        "payment_method": change.method.code,
    }


def execute_modify_order_items(ctx: ToolContext, args: ModifyOrderItemsArgs) -> OrderChanged:
    change = _swap_request(ctx, args, OrderStatus.PENDING, "modified", lock=True)
    order = change.order
    stock = swap_reservations(ctx.session, order, change.swaps, lock=True)
    apply_swaps(order, change.swaps)
    apply_moves(order, _difference_moves(change), ctx.now())
    order.status = OrderStatus.PENDING_ITEMS_MODIFIED
    apply_stock_changes(stock)
    return order_changed(
        ctx,
        order,
        f"Order {order.number}: {len(change.swaps)} item(s) changed; difference "
        f"{show_money(change.difference, order.currency)} via {change.method.code}.",
    )


@write_tool(
    name="modify_order_items",
    summary="Change items of a pending order to other options (approval).",
    roles=STAFF_ROLES,
    execute=execute_modify_order_items,
)
def modify_order_items(ctx: ToolContext, args: ModifyOrderItemsArgs) -> Plan:
    """Propose changing items of a 'pending' order to other options of the same product (e.g. another size or
    colour; never another product). Each new item must be available and differ from the old one. A payment
    method of the customer pays the price difference or receives it back; a gift card must cover a positive
    difference. This can be done only once per order (status becomes 'pending (item modified)'), so collect
    every item to change first and confirm the list with the customer."""
    change = _swap_request(ctx, args, OrderStatus.PENDING, "modified", lock=False)
    stock = swap_reservations(ctx.session, change.order, change.swaps, lock=False)
    return Plan(
        summary=f"Change {len(change.swaps)} item(s) on order {change.order.number}, price difference "
        f"{show_money(change.difference, change.order.currency)}",
        preview={
            **_swap_preview(change, OrderStatus.PENDING_ITEMS_MODIFIED),
            **money_preview(_difference_moves(change)),
            "stock": [level.preview() for level in stock],
        },
        approval=staff_approval("Changing a customer's order is approved by staff."),
        amount=abs(change.difference),
    )


def execute_exchange_order_items(ctx: ToolContext, args: ExchangeOrderItemsArgs) -> OrderChanged:
    change = _swap_request(ctx, args, OrderStatus.DELIVERED, "exchanged", lock=True)
    order = change.order
    _add_requests(order, ItemRequestKind.EXCHANGE, [(swap.line.variant, swap.new) for swap in change.swaps])
    order.status = OrderStatus.EXCHANGE_REQUESTED
    order.exchange_payment_method = change.method
    order.exchange_price_difference = change.difference
    return order_changed(
        ctx,
        order,
        f"Exchange of {len(change.swaps)} item(s) requested on order {order.number}; "
        f"the customer will get an email on how to send the items back.",
    )


@write_tool(
    name="exchange_order_items",
    summary="Request an exchange of delivered items (needs approval).",
    roles=STAFF_ROLES,
    execute=execute_exchange_order_items,
)
def exchange_order_items(ctx: ToolContext, args: ExchangeOrderItemsArgs) -> Plan:
    """Propose exchanging items of a 'delivered' order for other options of the same product (never another
    product); each new item must be available and differ from the old one. A payment method of the customer
    pays or receives the price difference when the exchange is done; a gift card must cover a positive
    difference. Status becomes 'exchange requested' and the customer is emailed how to send the items back.
    Collect every item to exchange first: an order can be exchanged only once."""
    change = _swap_request(ctx, args, OrderStatus.DELIVERED, "exchanged", lock=False)
    return Plan(
        summary=f"Exchange {len(change.swaps)} item(s) of order {change.order.number}, price difference "
        f"{show_money(change.difference, change.order.currency)}",
        preview={
            **_swap_preview(change, OrderStatus.EXCHANGE_REQUESTED),
            "note": "No money moves now: the difference is settled when the items come back.",
        },
        approval=staff_approval("Exchanges are approved by staff."),
        amount=abs(change.difference),
    )


# --- modify address and payment -----------------------------------------------------------------------------


def _address_change(ctx: ToolContext, args: ModifyOrderAddressArgs, *, lock: bool) -> SalesOrder:
    order = load_order(ctx, args.order, lock=lock)
    require_status(order, OrderStatus.PENDING, "given a new shipping address")
    if address_of(args) == _ship_to(order):
        raise RefusedError(f"Order {order.number} already ships to that address; nothing to change.")
    return order


def execute_modify_order_address(ctx: ToolContext, args: ModifyOrderAddressArgs) -> OrderChanged:
    order = _address_change(ctx, args, lock=True)
    for name, value in address_of(args).items():
        setattr(order, f"ship_to_{name}", value)
    return order_changed(ctx, order, f"Order {order.number} now ships to {args.line1}, {args.city}.")


@write_tool(
    name="modify_order_address",
    summary="Change the shipping address of a pending order (approval).",
    roles=STAFF_ROLES,
    execute=execute_modify_order_address,
)
def modify_order_address(ctx: ToolContext, args: ModifyOrderAddressArgs) -> Plan:
    """Propose a new shipping address for a 'pending' order (the customer's default address stays as it is;
    use update_customer_address for that). Give every address field; line2 and state may be empty."""
    order = _address_change(ctx, args, lock=False)
    return Plan(
        summary=f"Ship order {order.number} to {args.line1}, {args.city}",
        preview={
            **_head(order, order.status),
            "address_before": _ship_to(order),
            "address_after": address_of(args),
        },
        approval=staff_approval("Changing a customer's order is approved by staff."),
    )


def _payment_change(
    ctx: ToolContext, args: ModifyOrderPaymentArgs, *, lock: bool
) -> tuple[SalesOrder, list[Move]]:
    order = load_order(ctx, args.order, lock=lock)
    require_status(order, OrderStatus.PENDING, "switched to another payment method")
    payments = payments_of(order)
    if len(payments) != len(order.transactions):
        raise RefusedError(
            f"Order {order.number} already has refunds in its payment history; its payment "
            f"method can no longer be switched."
        )
    if len(payments) != 1:
        why = "no payment (it is on account)" if not payments else f"{len(payments)} payments"
        raise RefusedError(
            f"Order {order.number} has {why}; only an order paid with one payment can switch "
            f"its payment method."
        )
    old, amount = payments[0].payment_method, payments[0].amount
    new = payment_method_of(ctx.session, order.customer, args.payment_method)
    if new.id == old.id:
        raise RefusedError(f"Order {order.number} is already paid with {old.code}; choose another method.")
    if lock:
        lock_payment_methods(ctx.session, [old, new])
    require_cover(new, amount, "the order's payment", order.currency)
    return order, [Move(TransactionKind.PAYMENT, amount, new), Move(TransactionKind.REFUND, amount, old)]


def execute_modify_order_payment(ctx: ToolContext, args: ModifyOrderPaymentArgs) -> OrderChanged:
    order, moves = _payment_change(ctx, args, lock=True)
    apply_moves(order, moves, ctx.now())
    charge, refund = moves
    return order_changed(
        ctx,
        order,
        f"Order {order.number} is now paid with {charge.method.code}; "
        f"{refund.method.code} is refunded {refund_timing(refund.method)}.",
    )


@write_tool(
    name="modify_order_payment",
    summary="Pay a pending order with another method (needs approval).",
    roles=STAFF_ROLES,
    execute=execute_modify_order_payment,
)
def modify_order_payment(ctx: ToolContext, args: ModifyOrderPaymentArgs) -> Plan:
    """Propose paying a 'pending' order with a different payment method of the same customer. The order must
    have been paid with exactly one payment; a gift card must have enough balance for the whole amount. The
    new method is charged and the old one refunded (a gift card at once, otherwise in 5 to 7 business
    days)."""
    order, moves = _payment_change(ctx, args, lock=False)
    return Plan(
        summary=f"Pay order {order.number} with {moves[0].method.code} instead of {moves[1].method.code}",
        preview={**_head(order, order.status), **money_preview(moves)},
        approval=staff_approval("Changing how a customer pays is approved by staff."),
        amount=moves[0].amount,
    )


# --- return -------------------------------------------------------------------------------------------------


def _return_request(
    ctx: ToolContext, args: ReturnOrderItemsArgs, *, lock: bool
) -> tuple[SalesOrder, list[SalesOrderLine], PaymentMethod]:
    order = load_order(ctx, args.order, lock=lock)
    require_status(order, OrderStatus.DELIVERED, "returned")
    lines = take_units(order, args.skus)
    method = payment_method_of(ctx.session, order.customer, args.payment_method)
    payments = payments_of(order)
    original = payments[0].payment_method if payments else None
    if method is not original and not is_gift_card(method):
        where = "the original payment method" + (f" ({original.code})" if original else "")
        raise RefusedError(
            f"A refund goes to {where} or to one of the customer's gift cards; {method.code} is neither."
        )
    return order, lines, method


def execute_return_order_items(ctx: ToolContext, args: ReturnOrderItemsArgs) -> OrderChanged:
    order, lines, method = _return_request(ctx, args, lock=True)
    _add_requests(order, ItemRequestKind.RETURN, [(line.variant, None) for line in lines])
    order.status = OrderStatus.RETURN_REQUESTED
    order.return_payment_method = method
    return order_changed(
        ctx,
        order,
        f"Return of {len(lines)} item(s) requested on order {order.number}; the "
        f"customer will get an email on how to send them back; the refund goes to "
        f"{method.code}.",
    )


@write_tool(
    name="return_order_items",
    summary="Request a return of delivered items (needs approval).",
    roles=STAFF_ROLES,
    execute=execute_return_order_items,
)
def return_order_items(ctx: ToolContext, args: ReturnOrderItemsArgs) -> Plan:
    """Propose returning items of a 'delivered' order. List the SKU of every unit to return. The refund goes
    to the order's original payment method or to one of the customer's gift cards, once the items are back.
    Status becomes 'return requested' and the customer is emailed how to send the items back."""
    order, lines, method = _return_request(ctx, args, lock=False)
    refund = sum((line.unit_price for line in lines), ZERO)
    return Plan(
        summary=f"Return {len(lines)} item(s) of order {order.number}, refund "
        f"{show_money(refund, order.currency)} to {method.code}",
        preview={
            **_head(order, OrderStatus.RETURN_REQUESTED),
            "items": [
                {"sku": line.variant.sku, "options": line.options, "price": str(line.unit_price)}
                for line in lines
            ],
            "refund_due_on_receipt": str(refund),
            "refund_to": method.code,
            "note": "No money or stock moves now: the refund is made when the items arrive.",
        },
        approval=staff_approval("Returns are approved by staff."),
        amount=refund,
    )


# --- the customer's default address -------------------------------------------------------------------------


def _customer_address(
    ctx: ToolContext, args: UpdateCustomerAddressArgs, *, lock: bool
) -> tuple[Customer, CustomerAddress | None]:
    customer = get_customer_or_raise(ctx.session, args.customer)
    if lock:
        lock_row(ctx.session, customer)
    current = customer.default_address
    if current is not None and lock:
        lock_row(ctx.session, current)
    if current is not None and address_of(current) == address_of(args):
        raise RefusedError(f"{customer.name}'s default address is already that; nothing to change.")
    return customer, current


def execute_update_customer_address(
    ctx: ToolContext, args: UpdateCustomerAddressArgs
) -> CustomerAddressChanged:
    customer, current = _customer_address(ctx, args, lock=True)
    if current is None:
        current = CustomerAddress(is_default=True, label="default")
        customer.addresses.append(current)
    for name, value in address_of(args).items():
        setattr(current, name, value)
    ctx.session.flush()
    message = f"{customer.name}'s default address is now {args.line1}, {args.city}."
    return CustomerAddressChanged(
        customer_code=customer.code,
        customer_name=customer.name,
        address=AddressView(**address_of(current)),
        message=message,
    )


@write_tool(
    name="update_customer_address",
    summary="Change a customer's default address (needs approval).",
    roles=STAFF_ROLES,
    execute=execute_update_customer_address,
)
def update_customer_address(ctx: ToolContext, args: UpdateCustomerAddressArgs) -> Plan:
    """Propose a new default address for a customer (found by email, code or name). Orders already placed keep
    their own shipping address; use modify_order_address for a pending order."""
    customer, current = _customer_address(ctx, args, lock=False)
    return Plan(
        summary=f"Set {customer.name}'s default address to {args.line1}, {args.city}",
        preview={
            "customer": f"{customer.name} ({customer.code})",
            "address_before": address_of(current) if current else None,
            "address_after": address_of(args),
        },
        pinned={"customer": customer.code},
        approval=staff_approval("Changing customer records is approved by staff."),
    )


TOOLS: list[Tool[Any, Any]] = [
    cancel_order,
    modify_order_items,
    modify_order_address,
    modify_order_payment,
    return_order_items,
    exchange_order_items,
    update_customer_address,
    create_sales_order,
]
