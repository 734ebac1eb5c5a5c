"""Requests on delivered orders (return, exchange) and the customer's default address: proposed, approved,
refused with a reason."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from assistant.datasets.tau2 import export_tau2_retail
from assistant.db import models as m
from tests.tools.order_helpers import (
    Shop,
    approve,
    payment_history,
    place_order,
    propose,
    refusal,
    run,
    snapshot,
)
from tools.base import InvalidArgumentsError, NotFoundError, Registry, ToolContext

D = Decimal


def delivered(
    db_session: Session,
    shop: Shop,
    *,
    status: m.OrderStatus = m.OrderStatus.DELIVERED,
    method: m.PaymentMethod | None = None,
) -> m.SalesOrder:
    """S x2 and M x1 (31.00), delivered; paid by card unless `method` says otherwise."""
    lines = [(shop.shirt_variant("S"), 2), (shop.shirt_variant("M"), 1)]
    payments = [(method or shop.card, D("31.00"))]
    return place_order(db_session, shop, lines, status=status, payments=payments, reserve=False)


def requests(order: m.SalesOrder) -> list[tuple[str, int, str, str | None]]:
    return [
        (r.kind.value, r.position, r.variant.sku, r.new_variant.sku if r.new_variant else None)
        for r in order.item_requests
    ]


# --- return -------------------------------------------------------------------------------------------------


def test_return_two_units_to_the_original_payment_method(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = delivered(db_session, shop)
    stock_before = snapshot(db_session)["stock_levels"]
    proposal = propose(
        ctx,
        registry,
        "return_order_items",
        {"order": order.number, "skus": [shop.sku("S"), shop.sku("S")], "payment_method": shop.card.code},
    )
    assert proposal.action.preview["refund_due_on_receipt"] == "20.00"
    assert proposal.action.amount == D("20.00")

    assert approve(ctx, registry, proposal).status is m.ActionStatus.EXECUTED

    assert order.status is m.OrderStatus.RETURN_REQUESTED
    assert requests(order) == [("return", 0, shop.sku("S"), None), ("return", 1, shop.sku("S"), None)]
    assert order.return_payment_method_id == shop.card.id
    assert payment_history(order) == [("payment", D("31.00"), shop.card.code)]  # refunded when goods arrive
    assert snapshot(db_session)["stock_levels"] == stock_before
    assert tau2_extras(db_session, order) == {
        "return_items": [shop.sku("S"), shop.sku("S")],
        "return_payment_method_id": shop.card.code,
    }


def test_a_refund_may_go_to_a_gift_card_instead(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = delivered(db_session, shop)
    run(
        ctx,
        registry,
        "return_order_items",
        {"order": order.number, "skus": [shop.sku("M")], "payment_method": shop.gift_card.code},
    )
    assert order.return_payment_method_id == shop.gift_card.id
    assert shop.gift_card.balance == D("100.00")


def test_return_refusals(db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop) -> None:
    order = delivered(db_session, shop)

    def refused(skus: list[str], method: m.PaymentMethod, number: str = order.number) -> str:
        return refusal(
            ctx,
            registry,
            "return_order_items",
            {"order": number, "skus": skus, "payment_method": method.code},
        )

    assert refused([shop.sku("S")], shop.paypal) == (
        f"A refund goes to the original payment method ({shop.card.code}) or to one of the customer's gift "
        f"cards; {shop.paypal.code} is neither."
    )
    assert refused([shop.sku("M"), shop.sku("M")], shop.card) == (
        f"SKU {shop.sku('M')} is named 2 times, but order {order.number} has only 1 unit(s) of it."
    )
    assert refused([shop.sku("L")], shop.card).startswith(
        f"SKU {shop.sku('L')} is not on order {order.number}"
    )
    assert "does not belong to Ana Horvat" in refused([shop.sku("S")], shop.stranger_card)
    pending = delivered(db_session, shop, status=m.OrderStatus.PENDING)
    assert refused([shop.sku("S")], shop.card, pending.number) == (
        f"Order {pending.number} is pending; only delivered orders can be returned."
    )
    assert "No order found for 'SO-NOPE'" in refusal(
        ctx,
        registry,
        "return_order_items",
        {"order": "SO-NOPE", "skus": [shop.sku("S")], "payment_method": shop.card.code},
        NotFoundError,
    )
    message = refusal(
        ctx,
        registry,
        "return_order_items",
        {"order": order.number, "skus": [], "payment_method": shop.card.code},
        InvalidArgumentsError,
    )
    assert "skus" in message


def test_a_second_return_is_refused_once_the_first_is_requested(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = delivered(db_session, shop)
    run(
        ctx,
        registry,
        "return_order_items",
        {"order": order.number, "skus": [shop.sku("M")], "payment_method": shop.card.code},
    )
    message = refusal(
        ctx,
        registry,
        "return_order_items",
        {"order": order.number, "skus": [shop.sku("S")], "payment_method": shop.card.code},
    )
    assert message == f"Order {order.number} is return requested; only delivered orders can be returned."


# --- exchange -----------------------------------------------------------------------------------------------


def test_exchange_records_the_request_and_moves_no_money(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = delivered(db_session, shop)
    proposal = propose(
        ctx,
        registry,
        "exchange_order_items",
        {
            "order": order.number,
            "payment_method": shop.gift_card.code,
            "items": [
                {"sku": shop.sku("S"), "new_sku": shop.sku("L")},
                {"sku": shop.sku("M"), "new_sku": shop.sku("S")},
            ],
        },
    )
    assert proposal.action.preview["price_difference"] == "1.00"

    assert approve(ctx, registry, proposal).status is m.ActionStatus.EXECUTED

    assert order.status is m.OrderStatus.EXCHANGE_REQUESTED
    assert requests(order) == [
        ("exchange", 0, shop.sku("S"), shop.sku("L")),
        ("exchange", 1, shop.sku("M"), shop.sku("S")),
    ]
    assert order.exchange_payment_method_id == shop.gift_card.id
    assert order.exchange_price_difference == D("1.00")
    assert shop.gift_card.balance == D("100.00")
    assert len(order.transactions) == 1
    assert [line.variant.sku for line in order.lines] == [
        shop.sku("S"),
        shop.sku("M"),
    ]  # delivered goods stay
    assert tau2_extras(db_session, order) == {
        "exchange_items": sorted([shop.sku("S"), shop.sku("M")]),
        "exchange_new_items": sorted([shop.sku("L"), shop.sku("S")]),
        "exchange_payment_method_id": shop.gift_card.code,
        "exchange_price_difference": 1.0,
    }


def test_exchange_for_a_cheaper_item_records_a_negative_difference(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    shop.gift_card.balance = D("0.00")  # a gift card may receive money back whatever its balance
    order = delivered(db_session, shop)
    run(
        ctx,
        registry,
        "exchange_order_items",
        {
            "order": order.number,
            "payment_method": shop.gift_card.code,
            "items": [{"sku": shop.sku("M"), "new_sku": shop.sku("S")}],
        },
    )
    assert order.exchange_price_difference == D("-1.00")


def test_exchange_refusals(db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop) -> None:
    order = delivered(db_session, shop)

    def refused(old: str, new: str, method: m.PaymentMethod, number: str = order.number) -> str:
        return refusal(
            ctx,
            registry,
            "exchange_order_items",
            {"order": number, "items": [{"sku": old, "new_sku": new}], "payment_method": method.code},
        )

    shop.gift_card.balance = D("0.99")
    assert refused(shop.sku("S"), shop.sku("M"), shop.gift_card) == (
        f"Gift card {shop.gift_card.code} has 0.99 EUR left, not enough for the price difference of 1.00 "
        f"EUR. Choose another payment method."
    )
    assert "only be changed to another option of the same product" in refused(
        shop.sku("S"), shop.mug_sku, shop.card
    )
    assert "is not available" in refused(shop.sku("S"), shop.sku("XL"), shop.card)
    assert "does not belong to Ana Horvat" in refused(shop.sku("S"), shop.sku("M"), shop.stranger_card)
    pending = delivered(db_session, shop, status=m.OrderStatus.PENDING)
    assert refused(shop.sku("S"), shop.sku("M"), shop.card, pending.number) == (
        f"Order {pending.number} is pending; only delivered orders can be exchanged."
    )


# --- the customer's default address -------------------------------------------------------------------------


NEW_ADDRESS = {
    "line1": "Vukovarska 5",
    "line2": "",
    "city": "Split",
    "state": "Splitsko-dalmatinska",
    "postal_code": "21000",
    "country": "HR",
}


def test_update_customer_address_leaves_orders_alone(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    order = delivered(db_session, shop, status=m.OrderStatus.PENDING)
    old_line1 = order.ship_to_line1
    proposal = propose(
        ctx, registry, "update_customer_address", {"customer": shop.customer.email, **NEW_ADDRESS}
    )
    assert proposal.action.preview["address_before"]["line1"] == old_line1
    assert approve(ctx, registry, proposal).status is m.ActionStatus.EXECUTED
    address = shop.customer.default_address
    assert address is not None
    assert {name: getattr(address, name) for name in NEW_ADDRESS} == NEW_ADDRESS
    assert len(shop.customer.addresses) == 1
    assert order.ship_to_line1 == old_line1


def test_a_customer_without_an_address_gets_one(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    shop.customer.addresses.clear()
    db_session.flush()
    run(ctx, registry, "update_customer_address", {"customer": "Ana Horvat", **NEW_ADDRESS})
    assert shop.customer.default_address is not None
    assert shop.customer.default_address.city == "Split"


def test_update_customer_address_refusals(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    message = refusal(
        ctx,
        registry,
        "update_customer_address",
        {"customer": "Quetzal Xylophone", **NEW_ADDRESS},
        NotFoundError,
    )
    assert message == "No customer found for 'Quetzal Xylophone'."
    current = shop.customer.default_address
    assert current is not None
    same = {name: getattr(current, name) for name in NEW_ADDRESS}
    message = refusal(ctx, registry, "update_customer_address", {"customer": shop.customer.code, **same})
    assert message == "Ana Horvat's default address is already that; nothing to change."


TAU2_ORDER_KEYS = {"order_id", "user_id", "address", "items", "status", "fulfillments", "payment_history"}


def tau2_extras(session: Session, order: m.SalesOrder) -> dict[str, object]:
    """The keys the tau2 export adds to this order beyond the base shape."""
    exported = export_tau2_retail(session)["orders"][order.number]
    return {key: value for key, value in exported.items() if key not in TAU2_ORDER_KEYS}
