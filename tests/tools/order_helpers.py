"""Set-up shared by the order write tool tests: a small shop, propose/approve/refuse helpers, snapshots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant import confirmations
from assistant.confirmations import ActionView
from assistant.db import models as m
from tests.factories import (
    make_customer,
    make_employee,
    make_order,
    make_payment_method,
    make_product,
    make_stock,
    make_warehouse,
)
from tools.base import CurrentUser, RefusedError, Registry, ToolContext, ToolError
from tools.invoke import Proposal, call_tool

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
MakeContext = Callable[..., ToolContext]
SIZES = ("S", "M", "L", "XL")  # shirt prices 10.00, 11.00, 12.00, 13.00; XL is not available

# Everything an order tool may touch; a refusal or a proposal must leave all of it as it was.
WATCHED = (
    m.SalesOrder,
    m.SalesOrderLine,
    m.OrderTransaction,
    m.OrderItemRequest,
    m.PaymentMethod,
    m.StockLevel,
    m.StockMovement,
    m.Customer,
    m.CustomerAddress,
)


@dataclass
class Shop:
    customer: m.Customer
    card: m.PaymentMethod
    paypal: m.PaymentMethod
    gift_card: m.PaymentMethod  # balance 100.00
    stranger: m.Customer
    stranger_card: m.PaymentMethod
    shirt: m.Product
    mug: m.Product
    warehouse: m.Warehouse  # HR, 20 on hand of every shirt size and of the mug

    def shirt_variant(self, size: str) -> m.Variant:
        return self.shirt.variants[SIZES.index(size)]

    def sku(self, size: str) -> str:
        return self.shirt_variant(size).sku

    @property
    def mug_sku(self) -> str:
        return self.mug.variants[0].sku


def build_shop(session: Session) -> Shop:
    customer = make_customer(session, name="Ana Horvat")
    stranger = make_customer(session, name="Ivo Kovač")
    shirt = make_product(session, variants=4, name="Linen Shirt")
    shirt.variants[3].is_available = False
    mug = make_product(session, variants=1, name="Enamel Mug")
    warehouse = make_warehouse(session, code="ZG1", country="HR", city="Zagreb")
    for variant in [*shirt.variants, *mug.variants]:
        make_stock(session, variant, warehouse, on_hand=20)
    return Shop(
        customer=customer,
        card=make_payment_method(session, customer),
        paypal=make_payment_method(
            session,
            customer,
            code=f"paypal_{customer.id}",
            kind=m.PaymentMethodKind.PAYPAL,
            brand=None,
            last_four=None,
        ),
        gift_card=make_payment_method(
            session,
            customer,
            code=f"gift_card_{customer.id}",
            kind=m.PaymentMethodKind.GIFT_CARD,
            brand=None,
            last_four=None,
            balance=Decimal("100.00"),
        ),
        stranger=stranger,
        stranger_card=make_payment_method(session, stranger),
        shirt=shirt,
        mug=mug,
        warehouse=warehouse,
    )


def place_order(
    session: Session,
    shop: Shop,
    lines: list[tuple[m.Variant, int]],
    *,
    status: m.OrderStatus = m.OrderStatus.PENDING,
    payments: list[tuple[m.PaymentMethod, Decimal]] | None = None,
    reserve: bool = True,
) -> m.SalesOrder:
    """An order of `shop.customer`, paid in full by card unless `payments` says otherwise; a reserving order
    ships from the shop's warehouse and holds its units there."""
    order = make_order(
        session, shop.customer, lines, status=status, warehouse_id=shop.warehouse.id if reserve else None
    )
    for position, (method, amount) in enumerate(
        payments if payments is not None else [(shop.card, order.total)]
    ):
        order.transactions.append(
            m.OrderTransaction(
                position=position,
                kind=m.TransactionKind.PAYMENT,
                amount=amount,
                payment_method=method,
                occurred_at=NOW,
            )
        )
    if reserve:
        for variant, quantity in lines:
            level(session, variant, shop.warehouse).reserved += quantity
    session.flush()
    return order


def level(session: Session, variant: m.Variant, warehouse: m.Warehouse) -> m.StockLevel:
    found = session.scalar(
        select(m.StockLevel).where(
            m.StockLevel.variant_id == variant.id, m.StockLevel.warehouse_id == warehouse.id
        )
    )
    assert found is not None
    return found


def reserved(session: Session, variant: m.Variant, warehouse: m.Warehouse) -> int:
    return level(session, variant, warehouse).reserved


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every watched row as stored (column values, by id)."""
    session.flush()
    return {
        model.__tablename__: [tuple(row) for row in session.execute(select(model.__table__).order_by("id"))]
        for model in WATCHED
    }


def action_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(m.PendingAction)) or 0


def propose(ctx: ToolContext, registry: Registry, tool: str, arguments: dict[str, Any]) -> Proposal:
    before = snapshot(ctx.session)
    result = call_tool(ctx, registry, tool, arguments)
    assert isinstance(result, Proposal)
    assert snapshot(ctx.session) == before, "a proposal must not change the back office"
    return result


def manager(session: Session) -> CurrentUser:
    return CurrentUser.of(make_employee(session, role=m.Role.MANAGER))


def approve(
    ctx: ToolContext, registry: Registry, proposal: Proposal, approver: CurrentUser | None = None
) -> ActionView:
    view = confirmations.approve(
        ctx.session,
        registry=registry,
        settings=ctx.settings,
        action_id=proposal.action.id,
        approver=approver or manager(ctx.session),
        now=NOW,
    )
    ctx.session.expire_all()  # what follows reads the database, not the objects the executor changed
    return view


def run(ctx: ToolContext, registry: Registry, tool: str, arguments: dict[str, Any]) -> ActionView:
    """Propose, approve, and insist it executed."""
    view = approve(ctx, registry, propose(ctx, registry, tool, arguments))
    assert view.status is m.ActionStatus.EXECUTED, view.error
    assert view.result is not None
    return view


def refusal(
    ctx: ToolContext,
    registry: Registry,
    tool: str,
    arguments: dict[str, Any],
    error: type[ToolError] = RefusedError,
) -> str:
    """The message of the refusal; asserts nothing was written (no change, no pending action)."""
    before, actions = snapshot(ctx.session), action_count(ctx.session)
    with pytest.raises(error) as caught:
        call_tool(ctx, registry, tool, arguments)
    assert snapshot(ctx.session) == before
    assert action_count(ctx.session) == actions
    return caught.value.message


def payment_history(order: m.SalesOrder) -> list[tuple[str, Decimal, str]]:
    return [(t.kind.value, t.amount, t.payment_method.code) for t in order.transactions]


def order_lines(order: m.SalesOrder) -> list[tuple[str, int, Decimal]]:
    return [(line.variant.sku, line.quantity, line.unit_price) for line in order.lines]
