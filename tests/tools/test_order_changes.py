"""Changes to pending orders: cancel, modify items, address and payment. Proposed first (nothing changes),
then approved (exactly the policy's effect), or refused with a reason and nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from assistant.db import models as m
from tests.factories import make_employee
from tests.tools.order_helpers import (
    MakeContext,
    Shop,
    approve,
    level,
    order_lines,
    payment_history,
    place_order,
    propose,
    refusal,
    reserved,
    run,
    snapshot,
)
from tools.base import (
    CurrentUser,
    InvalidArgumentsError,
    NotFoundError,
    PermissionDeniedError,
    RefusedError,
    Registry,
    ToolContext,
    ToolError,
)

D = Decimal


def two_shirts_and_a_mug(
    db_session: Session,
    shop: Shop,
    *,
    status: m.OrderStatus = m.OrderStatus.PENDING,
    payments: list[tuple[m.PaymentMethod, Decimal]] | None = None,
    reserve: bool = True,
) -> m.SalesOrder:
    """S x2 (10.00 each) and a mug (10.00): total 30.00, paid by card unless `payments` says otherwise."""
    return place_order(
        db_session,
        shop,
        [(shop.shirt_variant("S"), 2), (shop.mug.variants[0], 1)],
        status=status,
        payments=payments,
        reserve=reserve,
    )


# --- cancel -------------------------------------------------------------------------------------------------


def test_cancel_refunds_every_payment_and_releases_stock(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(
        db_session, shop, payments=[(shop.card, D("20.00")), (shop.gift_card, D("10.00"))]
    )
    proposal = propose(ctx, registry, "cancel_order", {"order": order.number, "reason": "no longer needed"})
    assert proposal.action.required_roles == ["staff"]
    assert proposal.action.amount == D("30.00")
    preview = proposal.action.preview
    assert (preview["status_before"], preview["status_after"]) == ("pending", "cancelled")
    assert [row["amount"] for row in preview["payment_history_added"]] == ["20.00", "10.00"]
    assert preview["gift_card_balances"] == {shop.gift_card.code: {"before": "100.00", "after": "110.00"}}
    assert reserved(db_session, shop.shirt_variant("S"), shop.warehouse) == 2

    view = approve(ctx, registry, proposal)

    assert view.status is m.ActionStatus.EXECUTED
    assert order.status is m.OrderStatus.CANCELLED
    assert order.cancel_reason == "no longer needed"
    assert payment_history(order) == [
        ("payment", D("20.00"), shop.card.code),
        ("payment", D("10.00"), shop.gift_card.code),
        ("refund", D("20.00"), shop.card.code),
        ("refund", D("10.00"), shop.gift_card.code),
    ]
    assert [t.position for t in order.transactions] == [0, 1, 2, 3]
    assert shop.gift_card.balance == D("110.00")  # a gift card is refunded at once
    assert reserved(db_session, shop.shirt_variant("S"), shop.warehouse) == 0
    assert reserved(db_session, shop.mug.variants[0], shop.warehouse) == 0
    assert level(db_session, shop.shirt_variant("S"), shop.warehouse).on_hand == 20  # no goods moved
    assert view.result is not None and view.result["order"]["status"] == "cancelled"


def test_cancel_order_without_a_warehouse_touches_no_stock(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop, reserve=False)
    stock_before = snapshot(db_session)["stock_levels"]
    run(ctx, registry, "cancel_order", {"order": order.number, "reason": "Ordered by mistake"})
    assert order.cancel_reason == "ordered by mistake"
    assert snapshot(db_session)["stock_levels"] == stock_before


@pytest.mark.parametrize(
    "status", [m.OrderStatus.DELIVERED, m.OrderStatus.PROCESSED, m.OrderStatus.CANCELLED]
)
def test_only_pending_orders_can_be_cancelled(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop, status: m.OrderStatus
) -> None:
    order = two_shirts_and_a_mug(db_session, shop, status=status, reserve=False)
    message = refusal(ctx, registry, "cancel_order", {"order": order.number, "reason": "no longer needed"})
    assert message == f"Order {order.number} is {status.value}; only pending orders can be cancelled."


def test_a_modified_order_cannot_be_cancelled(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop, status=m.OrderStatus.PENDING_ITEMS_MODIFIED)
    message = refusal(ctx, registry, "cancel_order", {"order": order.number, "reason": "no longer needed"})
    assert "is pending (item modified); only pending orders can be cancelled" in message
    assert "already modified" in message


def test_cancel_needs_an_accepted_reason(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    message = refusal(ctx, registry, "cancel_order", {"order": order.number, "reason": "found it cheaper"})
    assert "'found it cheaper' is not an accepted reason" in message
    assert "'no longer needed'" in message and "'ordered by mistake'" in message


def test_unknown_order_suggests_close_numbers(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    typo = order.number[:-1] + ("0" if order.number[-1] != "0" else "1")
    message = refusal(
        ctx, registry, "cancel_order", {"order": typo, "reason": "no longer needed"}, NotFoundError
    )
    assert f"No order found for {typo!r}" in message
    assert order.number in message


def test_employees_cannot_propose_order_changes(
    db_session: Session, make_ctx: MakeContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    message = refusal(
        make_ctx(m.Role.EMPLOYEE),
        registry,
        "cancel_order",
        {"order": order.number, "reason": "no longer needed"},
        PermissionDeniedError,
    )
    assert "may not use 'cancel_order'" in message


def test_approval_rechecks_the_order_as_it_is_now(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    proposal = propose(ctx, registry, "cancel_order", {"order": order.number, "reason": "no longer needed"})
    order.status = m.OrderStatus.DELIVERED  # shipped and delivered while the request waited
    before = snapshot(db_session)

    view = approve(ctx, registry, proposal)

    assert view.status is m.ActionStatus.FAILED
    assert view.error == f"Order {order.number} is delivered; only pending orders can be cancelled."
    assert snapshot(db_session) == before


# --- modify items -------------------------------------------------------------------------------------------


def test_modify_items_splits_the_line_charges_the_difference_and_moves_reservations(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    arguments = {
        "order": order.number,
        "items": [{"sku": shop.sku("S"), "new_sku": shop.sku("L")}],
        "payment_method": shop.gift_card.code,
    }
    proposal = propose(ctx, registry, "modify_order_items", arguments)
    preview = proposal.action.preview
    assert preview["price_difference"] == "2.00"
    assert preview["total_after"] == "32.00"
    assert preview["gift_card_balances"] == {shop.gift_card.code: {"before": "100.00", "after": "98.00"}}
    assert {(row["sku"], row["reserved_after"]) for row in preview["stock"]} == {
        (shop.sku("S"), 1),
        (shop.sku("L"), 1),
    }
    assert proposal.action.amount == D("2.00")

    approve_and_check = approve(ctx, registry, proposal)

    assert approve_and_check.status is m.ActionStatus.EXECUTED
    assert order.status is m.OrderStatus.PENDING_ITEMS_MODIFIED
    assert order_lines(order) == [
        (shop.sku("L"), 1, D("12.00")),
        (shop.sku("S"), 1, D("10.00")),
        (shop.mug_sku, 1, D("10.00")),
    ]
    assert order.lines[0].options == {"size": "L"}
    assert [line.position for line in order.lines] == [0, 1, 2]
    assert payment_history(order)[1:] == [("payment", D("2.00"), shop.gift_card.code)]
    assert shop.gift_card.balance == D("98.00")
    assert reserved(db_session, shop.shirt_variant("S"), shop.warehouse) == 1
    assert reserved(db_session, shop.shirt_variant("L"), shop.warehouse) == 1


def test_modify_two_units_of_one_sku_and_get_money_back(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = place_order(db_session, shop, [(shop.shirt_variant("L"), 2)])
    run(
        ctx,
        registry,
        "modify_order_items",
        {
            "order": order.number,
            "payment_method": shop.card.code,
            "items": [
                {"sku": shop.sku("L"), "new_sku": shop.sku("S")},
                {"sku": shop.sku("L"), "new_sku": shop.sku("M")},
            ],
        },
    )
    assert order_lines(order) == [(shop.sku("S"), 1, D("10.00")), (shop.sku("M"), 1, D("11.00"))]
    assert payment_history(order)[1:] == [("refund", D("3.00"), shop.card.code)]
    assert reserved(db_session, shop.shirt_variant("L"), shop.warehouse) == 0


def test_no_transaction_when_prices_are_equal(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    shop.shirt_variant("M").price = D("10.00")
    order = two_shirts_and_a_mug(db_session, shop)
    run(
        ctx,
        registry,
        "modify_order_items",
        {
            "order": order.number,
            "payment_method": shop.gift_card.code,
            "items": [{"sku": shop.sku("S"), "new_sku": shop.sku("M")}],
        },
    )
    assert len(order.transactions) == 1
    assert shop.gift_card.balance == D("100.00")


def swap(order: m.SalesOrder, old: str, new: str, method: m.PaymentMethod) -> dict[str, object]:
    return {"order": order.number, "items": [{"sku": old, "new_sku": new}], "payment_method": method.code}


def test_modify_items_refusals(db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop) -> None:
    order = two_shirts_and_a_mug(db_session, shop)

    def refused(arguments: dict[str, object], error: type[ToolError] = RefusedError) -> str:
        return refusal(ctx, registry, "modify_order_items", arguments, error)

    message = refused(swap(order, shop.sku("M"), shop.sku("L"), shop.card))
    assert message.startswith(f"SKU {shop.sku('M')} is not on order {order.number}; its items are: ")
    three = {
        **swap(order, shop.sku("S"), shop.sku("M"), shop.card),
        "items": [{"sku": shop.sku("S"), "new_sku": shop.sku("M")}] * 3,
    }
    assert (
        refused(three)
        == f"SKU {shop.sku('S')} is named 3 times, but order {order.number} has only 2 unit(s) of it."
    )
    message = refused(swap(order, shop.sku("S"), shop.mug_sku, shop.card))
    assert (
        "is a Enamel Mug, but" in message
        and "only be changed to another option of the same product" in message
    )
    message = refused(swap(order, shop.sku("S"), shop.sku("XL"), shop.card))
    assert message.startswith(f"{shop.sku('XL')} (size: XL) is not available; available options: ")
    assert refused(swap(order, shop.sku("S"), shop.sku("S"), shop.card)).endswith(
        "choose a different option."
    )
    message = refused(swap(order, shop.sku("S"), shop.sku("M"), shop.stranger_card))
    assert message.startswith(f"Payment method {shop.stranger_card.code} does not belong to Ana Horvat")
    message = refused(swap(order, shop.sku("S"), "NO-SUCH-SKU", shop.card), NotFoundError)
    assert "No product variant (SKU) found for 'NO-SUCH-SKU'" in message
    message = refused(
        swap(order, shop.sku("S"), shop.sku("M"), shop.card) | {"payment_method": "bitcoin"}, NotFoundError
    )
    assert "No payment method found for 'bitcoin'" in message


def test_modify_items_gift_card_must_cover_the_difference(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    shop.gift_card.balance = D("1.50")
    order = two_shirts_and_a_mug(db_session, shop)
    message = refusal(
        ctx, registry, "modify_order_items", swap(order, shop.sku("S"), shop.sku("L"), shop.gift_card)
    )
    assert message == (
        f"Gift card {shop.gift_card.code} has 1.50 EUR left, not enough for the price difference "
        f"of 2.00 EUR. Choose another payment method."
    )


def test_modify_items_needs_stock_of_the_new_item(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    level(db_session, shop.shirt_variant("L"), shop.warehouse).reserved = 20
    order = two_shirts_and_a_mug(db_session, shop)
    message = refusal(
        ctx, registry, "modify_order_items", swap(order, shop.sku("S"), shop.sku("L"), shop.card)
    )
    assert (
        message == f"Only 0 unit(s) of {shop.sku('L')} are available in ZG1, 1 needed (available: nowhere)."
    )


@pytest.mark.parametrize("status", [m.OrderStatus.PENDING_ITEMS_MODIFIED, m.OrderStatus.DELIVERED])
def test_items_are_modified_once_and_only_while_pending(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop, status: m.OrderStatus
) -> None:
    order = two_shirts_and_a_mug(db_session, shop, status=status)
    message = refusal(
        ctx, registry, "modify_order_items", swap(order, shop.sku("S"), shop.sku("M"), shop.card)
    )
    assert message.startswith(f"Order {order.number} is {status.value}; only pending orders can be modified.")


def test_modify_items_fails_at_approval_when_stock_is_gone(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    proposal = propose(
        ctx, registry, "modify_order_items", swap(order, shop.sku("S"), shop.sku("L"), shop.card)
    )
    level(db_session, shop.shirt_variant("L"), shop.warehouse).on_hand = 0
    before = snapshot(db_session)
    view = approve(ctx, registry, proposal)
    assert view.status is m.ActionStatus.FAILED
    assert view.error is not None and view.error.startswith(
        f"Only 0 unit(s) of {shop.sku('L')} are available"
    )
    assert snapshot(db_session) == before


# --- address ------------------------------------------------------------------------------------------------


NEW_ADDRESS = {
    "line1": "Ilica 10",
    "line2": "3rd floor",
    "city": "Zagreb",
    "state": "",
    "postal_code": "10000",
    "country": "HR",
}


def test_modify_order_address(db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    old_line1 = order.ship_to_line1
    proposal = propose(ctx, registry, "modify_order_address", {"order": order.number, **NEW_ADDRESS})
    assert proposal.action.preview["address_before"]["line1"] == old_line1
    assert proposal.action.preview["address_after"] == NEW_ADDRESS
    assert approve(ctx, registry, proposal).status is m.ActionStatus.EXECUTED
    assert (order.ship_to_line1, order.ship_to_line2, order.ship_to_city) == (
        "Ilica 10",
        "3rd floor",
        "Zagreb",
    )
    assert order.status is m.OrderStatus.PENDING
    assert shop.customer.default_address is not None
    assert shop.customer.default_address.line1 == old_line1  # the customer's own address stays


def test_modify_order_address_refusals(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    delivered = two_shirts_and_a_mug(db_session, shop, status=m.OrderStatus.DELIVERED)
    message = refusal(ctx, registry, "modify_order_address", {"order": delivered.number, **NEW_ADDRESS})
    assert message == (
        f"Order {delivered.number} is delivered; only pending orders can be given a new shipping address."
    )
    order = two_shirts_and_a_mug(db_session, shop)
    same = {
        "line1": order.ship_to_line1,
        "line2": "",
        "city": order.ship_to_city,
        "state": "",
        "postal_code": order.ship_to_postal_code,
        "country": order.ship_to_country,
    }
    assert "already ships to that address" in refusal(
        ctx, registry, "modify_order_address", {"order": order.number, **same}
    )
    message = refusal(
        ctx,
        registry,
        "modify_order_address",
        {"order": order.number, **NEW_ADDRESS, "city": ""},
        InvalidArgumentsError,
    )
    assert "city" in message


# --- payment ------------------------------------------------------------------------------------------------


def test_switch_payment_to_a_gift_card(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    proposal = propose(
        ctx, registry, "modify_order_payment", {"order": order.number, "payment_method": shop.gift_card.code}
    )
    assert proposal.action.amount == D("30.00")
    assert [row["kind"] for row in proposal.action.preview["payment_history_added"]] == ["payment", "refund"]
    assert approve(ctx, registry, proposal).status is m.ActionStatus.EXECUTED
    assert payment_history(order) == [
        ("payment", D("30.00"), shop.card.code),
        ("payment", D("30.00"), shop.gift_card.code),
        ("refund", D("30.00"), shop.card.code),
    ]
    assert shop.gift_card.balance == D("70.00")
    assert order.status is m.OrderStatus.PENDING


def test_switch_payment_away_from_a_gift_card_refunds_it(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop, payments=[(shop.gift_card, D("30.00"))])
    run(ctx, registry, "modify_order_payment", {"order": order.number, "payment_method": shop.paypal.code})
    assert payment_history(order)[1:] == [
        ("payment", D("30.00"), shop.paypal.code),
        ("refund", D("30.00"), shop.gift_card.code),
    ]
    assert shop.gift_card.balance == D("130.00")


def test_cancel_after_a_payment_switch_refunds_only_what_is_still_paid(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    run(ctx, registry, "modify_order_payment", {"order": order.number, "payment_method": shop.gift_card.code})
    run(ctx, registry, "cancel_order", {"order": order.number, "reason": "no longer needed"})
    assert payment_history(order) == [
        ("payment", D("30.00"), shop.card.code),
        ("payment", D("30.00"), shop.gift_card.code),
        ("refund", D("30.00"), shop.card.code),
        ("refund", D("30.00"), shop.gift_card.code),  # the card was refunded by the switch already
    ]
    assert shop.gift_card.balance == D("100.00")


def test_switch_payment_refusals(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    def refused(order: m.SalesOrder, method: m.PaymentMethod) -> str:
        return refusal(
            ctx, registry, "modify_order_payment", {"order": order.number, "payment_method": method.code}
        )

    order = two_shirts_and_a_mug(db_session, shop)
    assert refused(order, shop.card) == (
        f"Order {order.number} is already paid with {shop.card.code}; choose another method."
    )
    assert "does not belong to Ana Horvat" in refused(order, shop.stranger_card)
    shop.gift_card.balance = D("29.99")
    assert refused(order, shop.gift_card).startswith(
        f"Gift card {shop.gift_card.code} has 29.99 EUR left, not "
        f"enough for the order's payment of 30.00 EUR."
    )
    split = two_shirts_and_a_mug(
        db_session, shop, payments=[(shop.card, D("20.00")), (shop.paypal, D("10.00"))]
    )
    assert refused(split, shop.gift_card).startswith(
        f"Order {split.number} has 2 payments; only an order paid"
    )
    on_account = two_shirts_and_a_mug(db_session, shop, payments=[])
    assert "has no payment (it is on account)" in refused(on_account, shop.paypal)
    refunded = two_shirts_and_a_mug(db_session, shop)
    refunded.transactions.append(
        m.OrderTransaction(
            position=1, kind=m.TransactionKind.REFUND, amount=D("1.00"), payment_method=shop.card
        )
    )
    assert "already has refunds in its payment history" in refused(refunded, shop.paypal)
    processed = two_shirts_and_a_mug(db_session, shop, status=m.OrderStatus.PROCESSED)
    assert "is processed; only pending orders" in refused(processed, shop.paypal)


def test_a_manager_approves_what_staff_proposed(
    db_session: Session, make_ctx: MakeContext, registry: Registry, shop: Shop
) -> None:
    order = two_shirts_and_a_mug(db_session, shop)
    staff = make_ctx(m.Role.STAFF)
    proposal = propose(
        staff, registry, "modify_order_payment", {"order": order.number, "payment_method": shop.paypal.code}
    )
    colleague = CurrentUser.of(make_employee(db_session, role=m.Role.STAFF))
    assert approve(staff, registry, proposal, approver=colleague).status is m.ActionStatus.EXECUTED


def test_executors_lock_rows_in_a_fixed_order(
    db_session: Session, dialect: str, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    """Order row, then payment methods, then stock levels by ascending id: the order every executor uses."""
    if dialect != "postgresql":
        pytest.skip("SQLite has no row locks (SELECT ... FOR UPDATE)")
    order = two_shirts_and_a_mug(db_session, shop)
    proposal = propose(
        ctx, registry, "modify_order_items", swap(order, shop.sku("S"), shop.sku("L"), shop.gift_card)
    )
    statements: list[str] = []
    connection = db_session.connection()

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "FOR UPDATE" in statement:
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        assert approve(ctx, registry, proposal).status is m.ActionStatus.EXECUTED
    finally:
        event.remove(connection, "before_cursor_execute", record)
    tables = [statement.split("\nFROM ")[1].split()[0] for statement in statements]
    ours = [table for table in tables if table in {"sales_orders", "payment_methods", "stock_levels"}]
    assert ours == ["sales_orders", "payment_methods", "stock_levels"], tables
    stock_lock = next(statement for statement in statements if "FROM stock_levels" in statement)
    assert "ORDER BY stock_levels.id" in stock_lock
