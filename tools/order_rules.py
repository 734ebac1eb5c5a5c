"""Checks the order write tools share: status guards, which order lines a request names (counting repeats),
price differences, whose payment method it is, gift card cover, row locks, and the stock reservation an order
holds in its warehouse.

Every check raises RefusedError or NotFoundError with a sentence a person can act on. The same functions run
when a change is proposed (no locks) and again when it is executed (`lock=True`: rows are re-read under
SELECT ... FOR UPDATE, always in the same order: order or customer, then payment methods, then stock levels by
ascending id, so concurrent approvals on PostgreSQL queue instead of deadlocking).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db.models import (
    Base,
    Customer,
    OrderStatus,
    OrderTransaction,
    PaymentMethod,
    PaymentMethodKind,
    Role,
    SalesOrder,
    SalesOrderLine,
    StockLevel,
    TransactionKind,
    Variant,
    Warehouse,
)
from tools.base import ApprovalRequirement, NotFoundError, RefusedError, ToolContext
from tools.lookup import get_order_or_raise, get_variant_or_raise, suggestions

RowT = TypeVar("RowT", bound=Base)
ZERO = Decimal("0.00")


def show_money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


def staff_approval(reason: str) -> ApprovalRequirement:
    return ApprovalRequirement(roles=[Role.STAFF], reason=reason)


# --- rows and locks -----------------------------------------------------------------------------------------


def lock_row(session: Session, row: RowT) -> RowT:
    """Re-read `row` under a row lock: the checks that follow see data no one else can change until commit."""
    session.refresh(row, with_for_update=True)
    return row


def load_order(ctx: ToolContext, number: str, *, lock: bool) -> SalesOrder:
    order = get_order_or_raise(ctx.session, number)
    return lock_row(ctx.session, order) if lock else order


def lock_payment_methods(session: Session, methods: Iterable[PaymentMethod]) -> None:
    for method in sorted({method.id: method for method in methods}.values(), key=lambda method: method.id):
        lock_row(session, method)


def require_status(order: SalesOrder, allowed: OrderStatus, doing: str) -> None:
    if order.status == allowed:
        return
    message = f"Order {order.number} is {order.status.value}; only {allowed.value} orders can be {doing}."
    if order.status == OrderStatus.PENDING_ITEMS_MODIFIED:
        message += " Its items were already modified; a modified order cannot be changed or cancelled again."
    raise RefusedError(message)


# --- payment methods ----------------------------------------------------------------------------------------


def payment_method_of(session: Session, customer: Customer, code: str) -> PaymentMethod:
    """The customer's own, active payment method with this code."""
    wanted = code.strip().lower()
    method = session.scalar(select(PaymentMethod).where(func.lower(PaymentMethod.code) == wanted))
    own = [method.code for method in customer.payment_methods if method.is_active]
    listing = ", ".join(own) or "none on file"
    if method is None:
        raise NotFoundError("payment method", code, suggestions(code, own) or own)
    if method.customer_id != customer.id:
        raise RefusedError(
            f"Payment method {method.code} does not belong to {customer.name} ({customer.code}); "
            f"their payment methods are: {listing}."
        )
    if not method.is_active:
        raise RefusedError(f"Payment method {method.code} is no longer active; active ones: {listing}.")
    return method


def is_gift_card(method: PaymentMethod) -> bool:
    return method.kind == PaymentMethodKind.GIFT_CARD


def require_cover(method: PaymentMethod, amount: Decimal, what: str, currency: str) -> None:
    """A gift card pays only what its balance covers; other methods are charged by the bank."""
    balance = method.balance or ZERO
    if is_gift_card(method) and amount > 0 and balance < amount:
        raise RefusedError(
            f"Gift card {method.code} has {show_money(balance, currency)} left, not enough for {what} of "
            f"{show_money(amount, currency)}. Choose another payment method."
        )


def change_gift_card_balance(method: PaymentMethod, change: Decimal) -> None:
    if is_gift_card(method):
        method.balance = (method.balance or ZERO) + change


def refund_timing(method: PaymentMethod) -> str:
    return "immediately (gift card)" if is_gift_card(method) else "within 5 to 7 business days"


@dataclass(frozen=True)
class Move:
    """A payment or a refund to append to an order's payment history."""

    kind: TransactionKind
    amount: Decimal
    method: PaymentMethod

    def preview(self) -> dict[str, Any]:
        method = self.method
        shown: dict[str, Any] = {
            "kind": self.kind.value,
            "amount": str(self.amount),
            "payment_method": method.code,
            "payment_method_kind": method.kind.value,
        }
        if self.kind == TransactionKind.REFUND:
            shown["when"] = refund_timing(self.method)
        return shown

    @property
    def balance_change(self) -> Decimal:
        return self.amount if self.kind == TransactionKind.REFUND else -self.amount


def money_preview(moves: Sequence[Move]) -> dict[str, Any]:
    """The payments and refunds to be added, and each gift card's balance before and after them."""
    balances: dict[str, tuple[Decimal, Decimal]] = {}
    for move in moves:
        if is_gift_card(move.method):
            before, after = balances.get(move.method.code, (move.method.balance or ZERO,) * 2)
            balances[move.method.code] = (before, after + move.balance_change)
    return {
        "payment_history_added": [move.preview() for move in moves],
        "gift_card_balances": {
            code: {"before": str(before), "after": str(after)} for code, (before, after) in balances.items()
        },
    }


def apply_moves(order: SalesOrder, moves: Iterable[Move], when: datetime) -> None:
    """Append to the payment history (positions continue after the last one); gift card balances follow."""
    for move in moves:
        position = max((transaction.position for transaction in order.transactions), default=-1) + 1
        order.transactions.append(
            OrderTransaction(
                position=position,
                kind=move.kind,
                amount=move.amount,
                payment_method=move.method,
                occurred_at=when,
            )
        )
        change_gift_card_balance(move.method, move.balance_change)


def payments_of(order: SalesOrder) -> list[OrderTransaction]:
    return [transaction for transaction in order.transactions if transaction.kind == TransactionKind.PAYMENT]


def refunds_due(order: SalesOrder) -> list[Move]:
    """A refund of each payment to its method, less what that method already got back (after a payment switch
    the old method's payment was refunded then; refunding it again would pay the customer twice)."""
    refunded: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for transaction in order.transactions:
        if transaction.kind == TransactionKind.REFUND:
            refunded[transaction.payment_method_id] += transaction.amount
    due = []
    for payment in payments_of(order):
        settled = min(refunded[payment.payment_method_id], payment.amount)
        refunded[payment.payment_method_id] -= settled
        if payment.amount > settled:
            due.append(Move(TransactionKind.REFUND, payment.amount - settled, payment.payment_method))
    return due


# --- which units a request names ----------------------------------------------------------------------------


def describe_items(order: SalesOrder) -> str:
    return ", ".join(f"{line.variant.sku} x{line.quantity} ({line.product_name})" for line in order.lines)


def take_units(order: SalesOrder, skus: Sequence[str]) -> list[SalesOrderLine]:
    """The order line of every unit named, first lines first: a SKU named twice takes two units of it."""
    free: dict[str, list[SalesOrderLine]] = defaultdict(list)
    for line in order.lines:
        free[line.variant.sku.upper()].extend([line] * line.quantity)
    for sku, asked in Counter(sku.strip().upper() for sku in skus).items():
        have = len(free.get(sku, ()))
        if have == 0:
            items = describe_items(order)
            raise RefusedError(f"SKU {sku} is not on order {order.number}; its items are: {items}.")
        if asked > have:
            raise RefusedError(
                f"SKU {sku} is named {asked} times, but order {order.number} has only {have} unit(s) of it."
            )
    return [free[sku.strip().upper()].pop(0) for sku in skus]


@dataclass(frozen=True)
class ItemSwap:
    """One unit of `line` to become `new`."""

    line: SalesOrderLine
    new: Variant

    @property
    def difference(self) -> Decimal:
        return self.new.price - self.line.unit_price

    def preview(self) -> dict[str, Any]:
        line, new = self.line, self.new
        return {
            "sku": line.variant.sku,
            "options": line.options,
            "price": str(line.unit_price),
            "new_sku": new.sku,
            "new_options": new.options,
            "new_price": str(new.price),
        }


def check_replacement(line: SalesOrderLine, new: Variant) -> None:
    old = line.variant
    if new.id == old.id:
        raise RefusedError(f"{new.sku} is already the item on the order; choose a different option.")
    if new.product_id != old.product_id:
        raise RefusedError(
            f"{new.sku} is a {new.product.name}, but {old.sku} is a {line.product_name}: an item can only be "
            f"changed to another option of the same product."
        )
    if not new.is_available:
        others = [
            f"{variant.sku} ({variant.options_label})"
            for variant in old.product.variants
            if variant.is_available and variant.id != old.id
        ]
        hint = "available options: " + "; ".join(others[:8]) if others else "no other option is available"
        raise RefusedError(f"{new.sku} ({new.options_label}) is not available; {hint}.")


def plan_swaps(session: Session, order: SalesOrder, pairs: Sequence[tuple[str, str]]) -> list[ItemSwap]:
    lines = take_units(order, [old for old, _ in pairs])
    swaps = []
    for line, (_, new_sku) in zip(lines, pairs, strict=True):
        new = get_variant_or_raise(session, new_sku)
        check_replacement(line, new)
        swaps.append(ItemSwap(line=line, new=new))
    return swaps


def price_difference(swaps: Iterable[ItemSwap]) -> Decimal:
    """What the customer pays (positive) or gets back (negative) for the new items."""
    return sum((swap.difference for swap in swaps), ZERO)


def apply_swaps(order: SalesOrder, swaps: Sequence[ItemSwap]) -> None:
    """Give each named unit its new variant at the new price; a line only partly changed is split in place
    (changed units first, as if the first of its identical units were the ones named)."""
    changes: dict[int, list[Variant]] = defaultdict(list)
    for swap in swaps:
        changes[id(swap.line)].append(swap.new)
    rebuilt: list[SalesOrderLine] = []
    for line in order.lines:
        new_variants = changes.get(id(line), [])
        parts = [
            (variant, len(list(group)), dict(variant.options), variant.price)
            for variant, group in groupby(new_variants)
        ]
        if kept := line.quantity - len(new_variants):
            parts.append((line.variant, kept, dict(line.options), line.unit_price))
        for index, (variant, quantity, options, unit_price) in enumerate(parts):
            target = line if index == 0 else SalesOrderLine(product_name=line.product_name)
            target.variant, target.quantity = variant, quantity
            target.options, target.unit_price = options, unit_price
            rebuilt.append(target)
    for position, line in enumerate(rebuilt):
        line.position = position
    order.lines = rebuilt


# --- stock reservations -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockChange:
    """Reserve (positive) or release (negative) units of one stock level."""

    level: StockLevel
    reserve: int

    def preview(self) -> dict[str, Any]:
        return {
            "sku": self.level.variant.sku,
            "warehouse": self.level.warehouse.code,
            "reserved_before": self.level.reserved,
            "reserved_after": self.level.reserved + self.reserve,
            "available_after": self.level.available - self.reserve,
        }

    def apply(self) -> None:
        self.level.reserved += self.reserve


def stock_levels(
    session: Session, variant_ids: Iterable[int], *, lock: bool, warehouse_id: int | None = None
) -> list[StockLevel]:
    """The stock levels of these variants (in one warehouse if given) by id, locked in that order if asked."""
    query = select(StockLevel).where(StockLevel.variant_id.in_(set(variant_ids))).order_by(StockLevel.id)
    if warehouse_id is not None:
        query = query.where(StockLevel.warehouse_id == warehouse_id)
    if lock:
        query = query.with_for_update()
    return list(session.scalars(query.execution_options(populate_existing=True)))


def tracked_variant_ids(session: Session, variant_ids: Iterable[int]) -> set[int]:
    """Variants with stock records anywhere; the others (e.g. imported data without stock) are not checked."""
    rows = session.scalars(select(StockLevel.variant_id).where(StockLevel.variant_id.in_(set(variant_ids))))
    return set(rows)


def where_available(levels: Iterable[StockLevel], variant_id: int) -> str:
    places = [
        f"{level.warehouse.code} {level.available}"
        for level in levels
        if level.variant_id == variant_id and level.available > 0
    ]
    return ", ".join(places) or "nowhere"


def reservation_changes(
    session: Session, warehouse_id: int, deltas: Mapping[int, int], *, lock: bool
) -> list[StockChange]:
    """Move an order's reservations in its warehouse by `deltas` (variant id -> units); refuse shortages."""
    wanted = {variant_id: delta for variant_id, delta in deltas.items() if delta}
    tracked = tracked_variant_ids(session, wanted)
    levels = {
        level.variant_id: level
        for level in stock_levels(session, tracked, lock=lock, warehouse_id=warehouse_id)
    }
    changes = []
    for variant_id, delta in sorted(wanted.items()):
        level = levels.get(variant_id)
        if variant_id in tracked and delta > 0 and (level is None or level.available < delta):
            raise _shortage(session, variant_id, delta, warehouse_id, level)
        if level is not None:
            changes.append(StockChange(level, max(delta, -level.reserved)))
    return changes


def _shortage(
    session: Session, variant_id: int, needed: int, warehouse_id: int, level: StockLevel | None
) -> RefusedError:
    variant = session.get(Variant, variant_id)
    assert variant is not None  # a stock level refers to it
    here = level.available if level else 0
    elsewhere = where_available(stock_levels(session, [variant_id], lock=False), variant_id)
    warehouse = session.get(Warehouse, warehouse_id)
    code = warehouse.code if warehouse else f"warehouse #{warehouse_id}"
    return RefusedError(
        f"Only {here} unit(s) of {variant.sku} are available in {code}, {needed} needed "
        f"(available: {elsewhere})."
    )


def release_reservations(session: Session, order: SalesOrder, *, lock: bool) -> list[StockChange]:
    if order.warehouse_id is None:
        return []
    deltas: dict[int, int] = defaultdict(int)
    for line in order.lines:
        deltas[line.variant_id] -= line.quantity
    return reservation_changes(session, order.warehouse_id, deltas, lock=lock)


def swap_reservations(
    session: Session, order: SalesOrder, swaps: Sequence[ItemSwap], *, lock: bool
) -> list[StockChange]:
    if order.warehouse_id is None:
        return []
    deltas: dict[int, int] = defaultdict(int)
    for swap in swaps:
        deltas[swap.line.variant_id] -= 1
        deltas[swap.new.id] += 1
    return reservation_changes(session, order.warehouse_id, deltas, lock=lock)


def apply_stock_changes(changes: Iterable[StockChange]) -> None:
    for change in changes:
        change.apply()
