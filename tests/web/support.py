"""Data the page tests need: a shop with a pending order, a hotel receipt."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from assistant.confirmations import ActionView
from assistant.db.models import Role
from assistant.db.types import utcnow
from assistant.settings import Settings
from tests.factories import make_customer, make_employee, make_order, make_product, make_stock, make_warehouse
from tests.support import NOW
from tests.tools.order_helpers import Shop, build_shop
from tools.base import CurrentUser, ToolContext
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry


def pending_order(session: Session, settings: Settings) -> tuple[ActionView, Shop]:
    """A new sales order proposed by a member of staff, waiting for another's approval (paid by card)."""
    shop = build_shop(session)
    requester = make_employee(session, role=Role.STAFF, name="Petra Requester")
    ctx = ToolContext(session=session, user=CurrentUser.of(requester), settings=settings, clock=lambda: NOW)
    arguments = {
        "customer": shop.customer.email,
        "lines": [{"sku": shop.sku("M"), "quantity": 2}],
        "payment_method": shop.card.code,
    }
    proposal = call_tool(ctx, default_registry(), "create_sales_order", arguments)
    assert isinstance(proposal, Proposal)
    session.commit()
    return proposal.action, shop


def recent_sales(session: Session) -> None:
    """Stock in a warehouse and an order for it placed a few days ago (by the real clock the app uses), so the
    inventory report has revenue to chart."""
    product = make_product(session, variants=2, name="Desk Lamp")
    warehouse = make_warehouse(session, code="WAW")
    for variant in product.variants:
        make_stock(session, variant, warehouse, on_hand=12)
    customer = make_customer(session, name="Lamp Buyer")
    make_order(session, customer, [(product.variants[0], 3)], placed_at=utcnow() - timedelta(days=3))
    session.commit()
