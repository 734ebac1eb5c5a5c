"""Purchasing tools: suppliers, purchase orders, reorder suggestions; ordering only after a manager's yes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant import confirmations
from assistant.db.models import (
    ActionStatus,
    Employee,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Role,
    Supplier,
    Variant,
    Warehouse,
)
from tests.factories import make_employee, make_product, make_stock, make_supplier, make_warehouse
from tests.support import NOW, MakeContext
from tools.base import (
    CurrentUser,
    InvalidArgumentsError,
    NotFoundError,
    PermissionDeniedError,
    RefusedError,
    Registry,
    ToolContext,
)
from tools.invoke import Proposal, call_tool
from tools.purchasing import PurchaseOrderList, ReorderSuggestions, SupplierList


@dataclass
class Shop:
    chair: Variant
    desk: Variant
    lamp: Variant
    ham: Warehouse
    waw: Warehouse


@pytest.fixture
def shop(db_session: Session) -> Shop:
    """Chairs are short (8 available, reorder at 10), desks are fine, lamps have no stock at all."""
    supplier = make_supplier(
        db_session,
        code="S-LOD",
        name="Meble Łódź",
        country="PL",
        city="Łódź",
        lead_time_days=10,
        payment_terms_days=45,
    )
    make_supplier(db_session, code="S-BUS", name="Busan Lighting", country="KR", currency="USD")
    make_supplier(db_session, code="S-HAM", name="Hamburger Bürobedarf", country="DE")
    ham = make_warehouse(db_session, code="HAM")
    waw = make_warehouse(db_session, code="WAW", city="Warszawa", country="PL")
    chair_product = make_product(
        db_session, variants=1, name="Ergonomic chair", default_supplier_id=supplier.id
    )
    desk_product = make_product(db_session, variants=1, name="Standing desk", default_supplier_id=supplier.id)
    lamp_product = make_product(db_session, variants=1, name="Desk lamp", category="Lighting")
    chair, desk, lamp = chair_product.variants[0], desk_product.variants[0], lamp_product.variants[0]
    chair.reorder_point, chair.safety_stock, chair.reorder_quantity = 10, 5, 4
    lamp.reorder_point, lamp.safety_stock, lamp.reorder_quantity, lamp.cost = 3, 0, 20, None
    make_stock(db_session, chair, ham, on_hand=6, reserved=2)
    make_stock(db_session, chair, waw, on_hand=5, reserved=1)
    make_stock(db_session, desk, ham, on_hand=30)
    db_session.flush()
    return Shop(chair=chair, desk=desk, lamp=lamp, ham=ham, waw=waw)


def _po_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PurchaseOrder)) or 0


def _order(
    session: Session,
    shop: Shop,
    number: str,
    status: PurchaseOrderStatus,
    received: int = 0,
    ordered_at: datetime = NOW - timedelta(days=3),
) -> PurchaseOrder:
    supplier_id = shop.chair.product.default_supplier_id
    assert supplier_id is not None
    order = PurchaseOrder(
        number=number,
        supplier_id=supplier_id,
        status=status,
        ordered_at=ordered_at,
        expected_on=date(2026, 12, 1),
        warehouse_id=shop.ham.id,
    )
    order.lines.append(
        PurchaseOrderLine(
            position=0,
            variant_id=shop.chair.id,
            quantity=12,
            unit_cost=Decimal("6.00"),
            received_quantity=received,
        )
    )
    session.add(order)
    session.flush()
    return order


# --- suppliers ----------------------------------------------------------------------------------------------


def _suppliers(make_ctx: MakeContext, registry: Registry, **args: Any) -> SupplierList:
    result = call_tool(make_ctx(Role.STAFF), registry, "find_suppliers", args)
    assert isinstance(result, SupplierList)
    return result


@pytest.mark.usefixtures("shop")
def test_find_suppliers_by_name_code_and_country(make_ctx: MakeContext, registry: Registry) -> None:
    by_name = _suppliers(make_ctx, registry, query="meble lodz").suppliers
    assert [(s.code, s.lead_time_days, s.payment_terms_days) for s in by_name] == [("S-LOD", 10, 45)]
    assert [s.name for s in _suppliers(make_ctx, registry, query="s-bus").suppliers] == ["Busan Lighting"]
    assert [s.code for s in _suppliers(make_ctx, registry, query="Burobedarf").suppliers] == ["S-HAM"]
    assert [s.code for s in _suppliers(make_ctx, registry, country="kr").suppliers] == ["S-BUS"]
    assert len(_suppliers(make_ctx, registry).suppliers) == 3


@pytest.mark.usefixtures("shop")
def test_unknown_supplier_is_not_found(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="No supplier found for 'Zanzibar Spices'"):
        _suppliers(make_ctx, registry, query="Zanzibar Spices")
    with pytest.raises(PermissionDeniedError):
        call_tool(make_ctx(Role.EMPLOYEE), registry, "find_suppliers", {})


# --- purchase orders ----------------------------------------------------------------------------------------


def _purchase_orders(make_ctx: MakeContext, registry: Registry, **args: Any) -> PurchaseOrderList:
    result = call_tool(make_ctx(Role.FINANCE), registry, "find_purchase_orders", args)
    assert isinstance(result, PurchaseOrderList)
    return result


def test_find_purchase_orders_with_received_quantities(
    make_ctx: MakeContext, registry: Registry, db_session: Session, shop: Shop
) -> None:
    _order(
        db_session,
        shop,
        "PO-OLD-1",
        PurchaseOrderStatus.RECEIVED,
        received=12,
        ordered_at=NOW - timedelta(30),
    )
    _order(db_session, shop, "PO-NEW-2", PurchaseOrderStatus.PARTIALLY_RECEIVED, received=5)

    found = _purchase_orders(make_ctx, registry, number="po-new-2")
    assert found.total_matches == 1
    order = found.purchase_orders[0]
    assert (order.number, order.status, order.supplier_code, order.warehouse) == (
        "PO-NEW-2",
        PurchaseOrderStatus.PARTIALLY_RECEIVED,
        "S-LOD",
        "HAM",
    )
    line = order.lines[0]
    assert (line.sku, line.quantity, line.received_quantity, line.outstanding_quantity) == (
        shop.chair.sku,
        12,
        5,
        7,
    )
    assert order.total == Decimal("72.00")

    assert [o.number for o in _purchase_orders(make_ctx, registry, sku=shop.chair.sku).purchase_orders] == [
        "PO-NEW-2",
        "PO-OLD-1",
    ]
    assert [o.number for o in _purchase_orders(make_ctx, registry, status="received").purchase_orders] == [
        "PO-OLD-1"
    ]
    assert _purchase_orders(make_ctx, registry, supplier="Meble Lodz").total_matches == 2
    assert _purchase_orders(make_ctx, registry, sku=shop.desk.sku).purchase_orders == []


def test_unknown_purchase_order_suggests_close_numbers(
    make_ctx: MakeContext, registry: Registry, db_session: Session, shop: Shop
) -> None:
    _order(db_session, shop, "PO-004242", PurchaseOrderStatus.ORDERED)
    with pytest.raises(NotFoundError, match="Did you mean: PO-004242"):
        _purchase_orders(make_ctx, registry, number="PO-04242")
    with pytest.raises(NotFoundError, match="SKU"):
        _purchase_orders(make_ctx, registry, sku="NO-SUCH-SKU")


# --- reorder suggestions ------------------------------------------------------------------------------------


def test_reorder_suggestions(
    make_ctx: MakeContext, registry: Registry, db_session: Session, shop: Shop
) -> None:
    _order(db_session, shop, "PO-OPEN-1", PurchaseOrderStatus.PARTIALLY_RECEIVED, received=5)
    result = call_tool(make_ctx(Role.STAFF), registry, "reorder_suggestions", {})
    assert isinstance(result, ReorderSuggestions)
    by_sku = {row.sku: row for row in result.suggestions}
    assert set(by_sku) == {shop.chair.sku, shop.lamp.sku}  # the desk has enough
    chair = by_sku[shop.chair.sku]
    assert chair.available == 8  # (6 - 2) + (5 - 1), over both warehouses
    assert chair.suggested_quantity == 7  # max(4, 10 + 5 - 8)
    assert chair.on_order == 7
    assert (chair.supplier_code, chair.supplier_name) == ("S-LOD", "Meble Łódź")
    assert chair.estimated_cost == Decimal("42.00")
    lamp = by_sku[shop.lamp.sku]
    assert (lamp.available, lamp.suggested_quantity) == (0, 20)  # max(20, 3 + 0 - 0)
    assert lamp.supplier_code is None and lamp.estimated_cost is None

    only_lighting = call_tool(make_ctx(Role.STAFF), registry, "reorder_suggestions", {"category": "lighting"})
    assert isinstance(only_lighting, ReorderSuggestions)
    assert [row.sku for row in only_lighting.suggestions] == [shop.lamp.sku]
    by_supplier = call_tool(make_ctx(Role.STAFF), registry, "reorder_suggestions", {"supplier": "S-LOD"})
    assert isinstance(by_supplier, ReorderSuggestions)
    assert [row.sku for row in by_supplier.suggestions] == [shop.chair.sku]


# --- create_purchase_order ----------------------------------------------------------------------------------


def _create(ctx: ToolContext, registry: Registry, **overrides: Any) -> Any:
    args: dict[str, Any] = {"supplier": "S-LOD", "warehouse": "WAW", "notes": "Deliver to gate 3"}
    args.update(overrides)
    return call_tool(ctx, registry, "create_purchase_order", args)


def _approve(
    ctx: ToolContext, registry: Registry, action_id: str, approver: Employee
) -> confirmations.ActionView:
    return confirmations.approve(
        ctx.session,
        registry=registry,
        settings=ctx.settings,
        action_id=action_id,
        approver=CurrentUser.of(approver),
        now=NOW,
    )


def test_proposal_writes_nothing_and_a_manager_approves_it(
    make_ctx: MakeContext, registry: Registry, db_session: Session, shop: Shop
) -> None:
    ctx = make_ctx(Role.STAFF)
    lines = [
        {"sku": shop.chair.sku, "quantity": 10},
        {"sku": shop.desk.sku.lower(), "quantity": 2, "unit_cost": "99.90"},
    ]
    proposal = _create(ctx, registry, lines=lines)

    assert isinstance(proposal, Proposal)
    assert _po_count(db_session) == 0
    action = proposal.action
    assert action.status is ActionStatus.PENDING
    assert action.required_roles == ["manager"]
    assert action.amount == Decimal("259.80")  # 10 x 6.00 standard cost + 2 x 99.90
    assert action.preview["expected_on"] == "2026-12-04"  # today + the supplier's 10 days
    assert [line["sku"] for line in action.preview["lines"]] == [shop.chair.sku, shop.desk.sku]

    staff = make_employee(db_session, role=Role.STAFF)
    with pytest.raises(PermissionDeniedError, match="manager"):
        _approve(ctx, registry, action.id, staff)
    assert _po_count(db_session) == 0

    manager = make_employee(db_session, role=Role.MANAGER)
    decided = _approve(ctx, registry, action.id, manager)
    assert decided.status is ActionStatus.EXECUTED, decided.error
    assert decided.result is not None
    order = db_session.scalars(select(PurchaseOrder)).one()
    assert order.number == f"PO-{order.id:06d}" == decided.result["number"]
    assert order.status == PurchaseOrderStatus.ORDERED
    assert order.created_by_id == ctx.user.id
    assert order.expected_on == date(2026, 12, 4)
    assert order.warehouse_id == shop.waw.id
    assert order.notes == "Deliver to gate 3"
    assert [
        (line.variant_id, line.quantity, line.unit_cost, line.received_quantity) for line in order.lines
    ] == [(shop.chair.id, 10, Decimal("6.00"), 0), (shop.desk.id, 2, Decimal("99.90"), 0)]
    assert order.total == Decimal("259.80")


def test_new_number_avoids_one_already_taken(
    make_ctx: MakeContext, registry: Registry, db_session: Session, shop: Shop
) -> None:
    first = _order(db_session, shop, "PO-IMPORTED-A", PurchaseOrderStatus.RECEIVED)
    # Imported data already holds the number the next row's id would give.
    _order(db_session, shop, f"PO-{first.id + 2:06d}", PurchaseOrderStatus.RECEIVED)
    ctx = make_ctx(Role.MANAGER)
    proposal = _create(
        ctx, registry, lines=[{"sku": shop.chair.sku, "quantity": 1}], expected_on="2026-12-24"
    )
    assert isinstance(proposal, Proposal)
    decided = _approve(ctx, registry, proposal.action.id, make_employee(db_session, role=Role.MANAGER))
    assert decided.status is ActionStatus.EXECUTED, decided.error
    assert decided.result is not None
    created = db_session.scalars(
        select(PurchaseOrder).where(PurchaseOrder.number == decided.result["number"])
    ).one()
    assert created.id == first.id + 2
    assert created.number == f"PO-{created.id:06d}-2"
    assert len(set(db_session.scalars(select(PurchaseOrder.number)))) == 3
    assert created.expected_on == date(2026, 12, 24)


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"lines": [{"sku": "{chair}", "quantity": 0}]}, InvalidArgumentsError, "quantity"),
        ({"lines": [{"sku": "{chair}", "quantity": -3}]}, InvalidArgumentsError, "quantity"),
        ({"lines": []}, InvalidArgumentsError, "lines"),
        (
            {"lines": [{"sku": "{chair}", "quantity": 1, "unit_cost": "-1.00"}]},
            InvalidArgumentsError,
            "unit_cost",
        ),
        ({"lines": [{"sku": "{chair}X", "quantity": 1}]}, NotFoundError, "Did you mean: {chair}"),
        ({"supplier": "Nobody Ltd"}, NotFoundError, "supplier"),
        ({"warehouse": "XYZ"}, NotFoundError, "warehouse"),
        (
            {"supplier": "S-BUS"},
            RefusedError,
            "invoices in USD, but purchase orders here are in the company currency EUR",
        ),
        ({"lines": [{"sku": "{lamp}", "quantity": 1}]}, RefusedError, "no standard cost"),
        ({"expected_on": "2026-11-01"}, RefusedError, "in the past"),
        (
            {"lines": [{"sku": "{chair}", "quantity": 1}, {"sku": "{chair}", "quantity": 2}]},
            RefusedError,
            "more than one line",
        ),
    ],
)
def test_create_refusals(
    make_ctx: MakeContext,
    registry: Registry,
    db_session: Session,
    shop: Shop,
    overrides: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    skus = {"chair": shop.chair.sku, "lamp": shop.lamp.sku}
    args: dict[str, Any] = {"lines": [{"sku": shop.chair.sku, "quantity": 1}], **overrides}
    args["lines"] = [{**line, "sku": line["sku"].format(**skus)} for line in args["lines"]]
    with pytest.raises(error, match=re.escape(message.format(**skus))):
        _create(make_ctx(Role.STAFF), registry, **args)
    assert _po_count(db_session) == 0


def test_inactive_warehouse_and_employee_role_are_refused(
    make_ctx: MakeContext, registry: Registry, shop: Shop
) -> None:
    shop.waw.is_active = False
    with pytest.raises(RefusedError, match="not active"):
        _create(make_ctx(Role.STAFF), registry, lines=[{"sku": shop.chair.sku, "quantity": 1}])
    with pytest.raises(PermissionDeniedError, match="create_purchase_order"):
        _create(
            make_ctx(Role.EMPLOYEE), registry, lines=[{"sku": shop.chair.sku, "quantity": 1}], warehouse="HAM"
        )


def test_currency_changed_before_approval_fails_the_action(
    make_ctx: MakeContext, registry: Registry, db_session: Session, shop: Shop
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _create(ctx, registry, lines=[{"sku": shop.chair.sku, "quantity": 1}])
    assert isinstance(proposal, Proposal)
    supplier = db_session.get(Supplier, shop.chair.product.default_supplier_id)
    assert supplier is not None
    supplier.currency = "PLN"  # the planner runs again at approval, on the data as it is then
    decided = _approve(ctx, registry, proposal.action.id, make_employee(db_session, role=Role.MANAGER))
    assert decided.status is ActionStatus.FAILED
    assert decided.error is not None and "PLN" in decided.error
    assert _po_count(db_session) == 0
