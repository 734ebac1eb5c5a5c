"""New sales orders: priced from the catalogue, stock reserved in one warehouse, paid now or on account within
the credit limit; refused with the numbers when a rule says no."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db import models as m
from tests.factories import make_employee, make_invoice, make_order, make_product, make_stock, make_warehouse
from tests.tools.order_helpers import (
    NOW,
    Shop,
    approve,
    build_shop,
    level,
    payment_history,
    place_order,
    propose,
    refusal,
    reserved,
    run,
    snapshot,
)
from tools.base import InvalidArgumentsError, NotFoundError, Registry, ToolContext
from tools.order_placement import _free_number

D = Decimal


@pytest.fixture
def shop(db_session: Session) -> Shop:
    shop = build_shop(db_session)
    hamburg = make_warehouse(db_session, code="HAM1", country="DE", city="Hamburg")
    make_stock(db_session, shop.mug.variants[0], hamburg, on_hand=50)
    make_stock(db_session, shop.shirt_variant("S"), hamburg, on_hand=5)
    return shop


def hamburg(db_session: Session) -> m.Warehouse:
    found = db_session.scalar(select(m.Warehouse).where(m.Warehouse.code == "HAM1"))
    assert found is not None
    return found


def new_order(shop: Shop, lines: list[tuple[str, int]], **extra: Any) -> dict[str, Any]:
    return {
        "customer": shop.customer.email,
        "lines": [{"sku": sku, "quantity": qty} for sku, qty in lines],
        **extra,
    }


def created(db_session: Session, number: str) -> m.SalesOrder:
    order = db_session.scalar(select(m.SalesOrder).where(m.SalesOrder.number == number))
    assert order is not None
    return order


def test_a_paid_order_is_placed_reserved_and_charged(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    seller = make_employee(db_session, role=m.Role.STAFF)
    shop.customer.salesperson_id = seller.id
    arguments = new_order(
        shop,
        [(shop.sku("S"), 3), (shop.mug_sku, 1), (shop.sku("S"), 1)],
        payment_method=shop.gift_card.code,
        notes="Leave at the reception.",
    )
    proposal = propose(ctx, registry, "create_sales_order", arguments)
    preview = proposal.action.preview
    assert [(line["sku"], line["quantity"]) for line in preview["lines"]] == [
        (shop.sku("S"), 4),
        (shop.mug_sku, 1),
    ]
    assert (preview["total"], preview["warehouse"], preview["credit"]) == ("50.00", "ZG1", None)
    assert preview["payment"]["gift_card_balances"] == {
        shop.gift_card.code: {"before": "100.00", "after": "50.00"}
    }
    assert proposal.action.amount == D("50.00")

    view = approve(ctx, registry, proposal)

    assert view.status is m.ActionStatus.EXECUTED and view.result is not None
    order = created(db_session, view.result["order"]["number"])
    assert order.number == f"SO-{100000 + order.id}"
    assert (order.status, order.placed_at, order.currency) == (m.OrderStatus.PENDING, NOW, "EUR")
    assert (order.warehouse_id, order.salesperson_id) == (shop.warehouse.id, seller.id)
    address = shop.customer.default_address
    assert address is not None
    assert (order.ship_to_line1, order.ship_to_city, order.ship_to_country) == (
        address.line1,
        address.city,
        "HR",
    )
    assert order.notes == "Leave at the reception."
    assert [
        (line.position, line.variant.sku, line.quantity, line.unit_price, line.options, line.product_name)
        for line in order.lines
    ] == [
        (0, shop.sku("S"), 4, D("10.00"), {"size": "S"}, "Linen Shirt"),
        (1, shop.mug_sku, 1, D("10.00"), {"size": "S"}, "Enamel Mug"),
    ]
    assert payment_history(order) == [("payment", D("50.00"), shop.gift_card.code)]
    assert shop.gift_card.balance == D("50.00")
    assert reserved(db_session, shop.shirt_variant("S"), shop.warehouse) == 4
    assert reserved(db_session, shop.mug.variants[0], shop.warehouse) == 1
    assert level(db_session, shop.shirt_variant("S"), shop.warehouse).on_hand == 20


def test_an_order_on_account_within_the_credit_limit(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    make_invoice(db_session, shop.customer, total=D("119.00"))
    proposal = propose(ctx, registry, "create_sales_order", new_order(shop, [(shop.sku("M"), 2)]))
    assert proposal.action.preview["payment"] == "on account"
    assert proposal.action.preview["credit"] == {
        "credit_limit": "5000.00",
        "open_receivables": "119.00",
        "open_orders": "0.00",
        "this_order": "22.00",
        "exposure_after": "141.00",
        "headroom_after": "4859.00",
    }
    view = approve(ctx, registry, proposal)
    assert view.status is m.ActionStatus.EXECUTED and view.result is not None
    assert created(db_session, view.result["order"]["number"]).transactions == []


def test_the_warehouse_is_chosen_by_stock_and_country(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    # ZG1 (in the customer's country, HR) has 20 mugs: 30 come from Hamburg.
    view = run(
        ctx,
        registry,
        "create_sales_order",
        new_order(shop, [(shop.mug_sku, 30)], payment_method=shop.card.code),
    )
    assert view.result is not None
    assert created(db_session, view.result["order"]["number"]).warehouse_id == hamburg(db_session).id
    # Shipping to Germany prefers Hamburg even when Zagreb could fill it.
    ship_to = {"line1": "Elbchaussee 1", "city": "Hamburg", "postal_code": "22763", "country": "DE"}
    proposal = propose(
        ctx,
        registry,
        "create_sales_order",
        new_order(shop, [(shop.mug_sku, 2)], payment_method=shop.card.code, ship_to=ship_to),
    )
    assert proposal.action.preview["warehouse"] == "HAM1"
    # A named warehouse is used as given.
    proposal = propose(
        ctx,
        registry,
        "create_sales_order",
        new_order(shop, [(shop.mug_sku, 2)], payment_method=shop.card.code, warehouse="zg1"),
    )
    assert proposal.action.preview["warehouse"] == "ZG1"


def test_items_without_stock_records_are_not_stock_checked(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    service = make_product(db_session, variants=1, name="Gift Wrapping")
    view = run(
        ctx,
        registry,
        "create_sales_order",
        new_order(shop, [(service.variants[0].sku, 500)], payment_method=shop.card.code),
    )
    assert view.result is not None
    order = created(db_session, view.result["order"]["number"])
    assert order.warehouse_id is None
    assert order.total == D("5000.00")


def test_big_orders_need_a_manager(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    shop.shirt_variant("S").price = D("600.00")
    proposal = propose(
        ctx,
        registry,
        "create_sales_order",
        new_order(shop, [(shop.sku("S"), 20)], payment_method=shop.card.code),
    )
    assert proposal.action.amount == D("12000.00")
    assert proposal.action.required_roles == ["manager", "admin"]
    assert not proposal.action.self_approval_allowed


def test_order_numbers_skip_ones_already_taken(db_session: Session, shop: Shop) -> None:
    order = place_order(db_session, shop, [(shop.shirt_variant("S"), 1)], reserve=False)
    make_order(db_session, shop.customer, [(shop.shirt_variant("S"), 1)], number=f"SO-{100000 + order.id}")
    make_order(db_session, shop.customer, [(shop.shirt_variant("S"), 1)], number=f"SO-{100001 + order.id}")
    assert _free_number(db_session, order.id) == f"SO-{100002 + order.id}"


def test_create_refusals(db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop) -> None:
    def refused(lines: list[tuple[str, int]], **extra: Any) -> str:
        return refusal(ctx, registry, "create_sales_order", new_order(shop, lines, **extra))

    card = {"payment_method": shop.card.code}
    assert (
        refused([(shop.sku("XL"), 1)], **card)
        == f"{shop.sku('XL')} (Linen Shirt, size: XL) is not available for sale."
    )
    assert (
        refused([(shop.sku("S"), 1)], currency="USD", **card) == "Orders are taken in EUR only, not in USD."
    )
    shop.shirt_variant("M").currency = "USD"
    assert (
        refused([(shop.sku("M"), 1)], **card)
        == f"{shop.sku('M')} is priced in USD; orders are taken in EUR only."
    )
    shop.gift_card.balance = D("9.99")
    assert refused([(shop.sku("S"), 1)], payment_method=shop.gift_card.code) == (
        f"Gift card {shop.gift_card.code} has 9.99 EUR left, not enough for the order total of 10.00 EUR. "
        f"Choose another payment method."
    )
    assert "does not belong to Ana Horvat" in refused(
        [(shop.sku("S"), 1)], payment_method=shop.stranger_card.code
    )
    assert refused([(shop.sku("S"), 100)], **card) == (
        f"No single warehouse has enough stock for every line: {shop.sku('S')} needs 100 (in stock: ZG1 20, "
        f"HAM1 5)."
    )
    assert refused([(shop.sku("S"), 6), (shop.mug_sku, 1)], warehouse="HAM1", **card) == (
        f"Warehouse HAM1 cannot fill this order: {shop.sku('S')} needs 6, 5 there (in stock: ZG1 20, HAM1 5)."
    )
    hamburg(db_session).is_active = False
    assert refused([(shop.sku("S"), 1)], warehouse="HAM1", **card) == (
        "Warehouse HAM1 is not active; choose another or leave it empty."
    )
    shop.customer.addresses.clear()
    assert refused([(shop.sku("S"), 1)], **card) == (
        "Ana Horvat has no default address; give the delivery address (ship_to)."
    )
    shop.customer.credit_hold = True
    assert refused([(shop.sku("S"), 1)], **card) == (
        "Ana Horvat is on credit hold: no new orders until finance releases it."
    )


def test_create_argument_errors(ctx: ToolContext, registry: Registry, shop: Shop) -> None:
    message = refusal(
        ctx, registry, "create_sales_order", new_order(shop, [(shop.sku("S"), 0)]), InvalidArgumentsError
    )
    assert "lines.0.quantity: Input should be greater than or equal to 1" in message
    message = refusal(
        ctx, registry, "create_sales_order", new_order(shop, [("SKU-NOPE-0", 1)]), NotFoundError
    )
    assert message.startswith("No product variant (SKU) found for 'SKU-NOPE-0'.")
    message = refusal(ctx, registry, "create_sales_order", new_order(shop, []), InvalidArgumentsError)
    assert "lines" in message


def test_the_credit_limit_is_kept(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    shop.customer.credit_limit = D("100.00")
    make_invoice(db_session, shop.customer, total=D("50.00"))
    make_invoice(db_session, shop.customer, total=D("70.00"), status=m.InvoiceStatus.PAID)
    place_order(db_session, shop, [(shop.shirt_variant("S"), 3)], payments=[])  # open order: 30.00
    place_order(
        db_session,
        shop,
        [(shop.shirt_variant("S"), 9)],
        status=m.OrderStatus.DELIVERED,
        payments=[],
        reserve=False,
    )
    message = refusal(ctx, registry, "create_sales_order", new_order(shop, [(shop.sku("S"), 3)]))
    assert message == (
        "Ana Horvat's credit limit is 100.00 EUR: open invoices 50.00 EUR + open orders 30.00 EUR + this "
        "order 30.00 EUR = 110.00 EUR, 10.00 EUR over the limit. Pay with one of the customer's payment "
        "methods, or ask finance to raise the limit."
    )
    run(
        ctx, registry, "create_sales_order", new_order(shop, [(shop.sku("S"), 2)])
    )  # 100.00: exactly the limit


def test_approval_fails_when_the_stock_was_taken_meanwhile(
    db_session: Session, ctx: ToolContext, registry: Registry, shop: Shop
) -> None:
    proposal = propose(
        ctx,
        registry,
        "create_sales_order",
        new_order(shop, [(shop.sku("L"), 15)], payment_method=shop.card.code),
    )
    level(db_session, shop.shirt_variant("L"), shop.warehouse).reserved = 10
    before = snapshot(db_session)
    view = approve(ctx, registry, proposal)
    assert view.status is m.ActionStatus.FAILED
    # the warehouse shown in the preview is the one the order must ship from
    assert view.error == (
        f"Warehouse ZG1 cannot fill this order: {shop.sku('L')} needs 15, 10 there (in stock: ZG1 10)."
    )
    assert snapshot(db_session) == before
