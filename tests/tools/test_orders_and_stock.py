"""Read tools over orders, products and stock: what an employee asking about an order or stock sees."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assistant.db.models import (
    Fulfillment,
    FulfillmentItem,
    FulfillmentTracking,
    OrderStatus,
    OrderTransaction,
    Role,
    TransactionKind,
)
from tests.factories import (
    make_customer,
    make_order,
    make_payment_method,
    make_product,
    make_stock,
    make_warehouse,
)
from tests.support import MakeContext
from tools.base import InvalidArgumentsError, NotFoundError, RefusedError, Registry
from tools.inventory import ProductList, StockReport
from tools.invoke import call_tool
from tools.orders import OrderDetail, OrderList


@pytest.fixture
def shop(db_session: Session) -> dict[str, Any]:
    chairs = make_product(db_session, variants=2, name="Ergonomic chair Łódź", category="Furniture")
    desk = make_product(db_session, variants=1, name="Standing desk", category="Furniture")
    muller = make_customer(db_session, name="Müller Büromöbel GmbH", email="einkauf@mueller.example")
    kim = make_customer(db_session, name="김민준 상사", email="kim@example.kr")
    card = make_payment_method(db_session, muller)
    hamburg = make_warehouse(db_session, code="HAM", city="Hamburg")
    warsaw = make_warehouse(db_session, code="WAW", city="Warszawa", country="PL")
    make_stock(db_session, chairs.variants[0], hamburg, on_hand=12, reserved=4)
    make_stock(db_session, chairs.variants[0], warsaw, on_hand=3)
    old = make_order(
        db_session,
        muller,
        [(chairs.variants[0], 2), (desk.variants[0], 1)],
        status=OrderStatus.DELIVERED,
        placed_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
    )
    fulfillment = Fulfillment(order_id=old.id, carrier="DHL", shipped_at=datetime(2026, 3, 3, tzinfo=UTC))
    fulfillment.trackings.append(FulfillmentTracking(tracking_number="JJD000123456"))
    fulfillment.items.append(FulfillmentItem(variant_id=chairs.variants[0].id, quantity=2))
    db_session.add(fulfillment)
    db_session.add(
        OrderTransaction(
            order_id=old.id, kind=TransactionKind.PAYMENT, amount=old.total, payment_method_id=card.id
        )
    )
    recent = make_order(
        db_session, muller, [(chairs.variants[1], 1)], placed_at=datetime(2026, 11, 20, 9, tzinfo=UTC)
    )
    korean = make_order(
        db_session, kim, [(desk.variants[0], 3)], placed_at=datetime(2026, 11, 21, tzinfo=UTC)
    )
    db_session.flush()
    return {"chairs": chairs, "desk": desk, "old": old, "recent": recent, "korean": korean}


def test_find_orders_by_customer_name_without_accents(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    result = call_tool(make_ctx(Role.EMPLOYEE), registry, "find_orders", {"customer": "muller buromobel"})
    assert isinstance(result, OrderList)
    assert [order.number for order in result.orders] == [shop["recent"].number, shop["old"].number]
    assert result.total_matches == 2


def test_find_orders_by_hangul_name_status_and_dates(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.EMPLOYEE)
    korean = call_tool(ctx, registry, "find_orders", {"customer": "김민준"})
    assert [order.number for order in korean.orders] == [shop["korean"].number]  # type: ignore[attr-defined]
    delivered = call_tool(ctx, registry, "find_orders", {"status": "delivered"})
    assert [order.number for order in delivered.orders] == [shop["old"].number]  # type: ignore[attr-defined]
    november = call_tool(
        ctx, registry, "find_orders", {"placed_from": "2026-11-20", "placed_to": "2026-11-20"}
    )
    assert [order.number for order in november.orders] == [shop["recent"].number]  # type: ignore[attr-defined]
    by_sku = call_tool(ctx, registry, "find_orders", {"sku": shop["desk"].variants[0].sku})
    assert {order.number for order in by_sku.orders} == {
        shop["old"].number,  # type: ignore[attr-defined]
        shop["korean"].number,
    }


def test_find_orders_refuses_reversed_dates_and_reports_no_customer(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.EMPLOYEE)
    with pytest.raises(RefusedError, match="placed_from is after placed_to"):
        call_tool(
            ctx, registry, "find_orders", {"placed_from": date(2026, 5, 1), "placed_to": date(2026, 4, 1)}
        )
    nobody = call_tool(ctx, registry, "find_orders", {"customer": "Zzyzx Quantum"})
    assert nobody.orders == [] and "No customer matches" in (nobody.note or "")  # type: ignore[attr-defined]
    with pytest.raises(InvalidArgumentsError, match="limit"):
        call_tool(ctx, registry, "find_orders", {"limit": 0})


def test_get_order_shows_lines_tracking_and_payments(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    order = shop["old"]
    detail = call_tool(make_ctx(Role.STAFF), registry, "get_order", {"number": order.number.lower()})
    assert isinstance(detail, OrderDetail)
    assert detail.status is OrderStatus.DELIVERED
    assert detail.total == Decimal("30.00")  # 2 chairs at 10.00 and a desk at 10.00
    assert [(line.sku, line.quantity) for line in detail.lines] == [
        (shop["chairs"].variants[0].sku, 2),
        (shop["desk"].variants[0].sku, 1),
    ]
    assert detail.fulfillments[0].tracking_numbers == ["JJD000123456"]
    assert detail.fulfillments[0].carrier == "DHL"
    assert [(payment.kind, payment.amount) for payment in detail.payments] == [("payment", detail.total)]


def test_get_order_unknown_number_suggests_close_ones(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    number = shop["old"].number
    typo = number[:-1] + "X"  # factories number orders with digits only: this one cannot exist
    with pytest.raises(NotFoundError, match=f"No order found for '{typo}'") as caught:
        call_tool(make_ctx(Role.EMPLOYEE), registry, "get_order", {"number": typo})
    assert number in caught.value.suggestions


def test_find_products_by_accentless_name_and_option(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    result = call_tool(
        make_ctx(Role.EMPLOYEE),
        registry,
        "find_products",
        {"query": "ergonomic chair lodz", "options": {"size": "M"}},
    )
    assert isinstance(result, ProductList)
    assert [product.code for product in result.products] == [shop["chairs"].code]
    assert [variant.sku for variant in result.products[0].variants] == [shop["chairs"].variants[1].sku]


def test_get_stock_per_warehouse_after_reservations(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    sku = shop["chairs"].variants[0].sku
    report = call_tool(make_ctx(Role.EMPLOYEE), registry, "get_stock", {"sku": sku})
    assert isinstance(report, StockReport)
    assert [(row.warehouse, row.on_hand, row.reserved, row.available) for row in report.rows] == [
        ("HAM", 12, 4, 8),
        ("WAW", 3, 0, 3),
    ]
    assert report.total_available == 11
    assert [row.below_safety_stock for row in report.rows] == [False, True]  # safety stock is 5
    only_waw = call_tool(make_ctx(Role.EMPLOYEE), registry, "get_stock", {"sku": sku, "warehouse": "waw"})
    assert [row.warehouse for row in only_waw.rows] == ["WAW"]  # type: ignore[attr-defined]


def test_get_stock_refusals(make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]) -> None:
    ctx = make_ctx(Role.EMPLOYEE)
    with pytest.raises(RefusedError, match="Say which SKU or product"):
        call_tool(ctx, registry, "get_stock", {})
    with pytest.raises(NotFoundError, match="product variant"):
        call_tool(ctx, registry, "get_stock", {"sku": "NOPE-1"})
    with pytest.raises(NotFoundError, match="warehouse"):
        call_tool(ctx, registry, "get_stock", {"sku": shop["chairs"].variants[0].sku, "warehouse": "XXX"})
    untracked = call_tool(ctx, registry, "get_stock", {"sku": shop["desk"].variants[0].sku})
    assert untracked.rows == [] and "No stock is recorded" in (untracked.note or "")  # type: ignore[attr-defined]


def test_employees_see_orders_without_their_payments(
    make_ctx: MakeContext, registry: Registry, shop: dict[str, Any]
) -> None:
    detail = call_tool(make_ctx(Role.EMPLOYEE), registry, "get_order", {"number": shop["old"].number})
    assert isinstance(detail, OrderDetail)
    assert detail.status is OrderStatus.DELIVERED and detail.fulfillments[0].tracking_numbers == [
        "JJD000123456"
    ]
    assert detail.payments == [] and detail.payments_hidden
