"""API token misuse against the real FastAPI app: no token, malformed, Basic, in the query string, revoked,
another's prefix with a forged secret, a deactivated owner's, control characters; role escalation by headers or
body fields; deciding without the right, approving one's own request where the rules forbid it, approving twice,
another's conversation. Each answer is a specific status; nothing runs unless an entitled person approved."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assistant.agent.conversation import get_or_create_conversation
from assistant.api_tokens import create_token, revoke_token
from assistant.db.models import ActionStatus, OrderStatus, PendingAction
from assistant.settings import Settings
from tests.http.conftest import Api, open_api
from tests.redteam.harness import (
    INVOICE_SECRET,
    LEAVE_SECRET,
    World,
    assert_invariants,
    cases,
    changed_tables,
    snapshot,
)
from tests.support import NOW
from tools.base import Registry
from tools.invoke import Proposal, call_tool


@pytest.fixture
def api(db_session: Session, settings: Settings, world: World) -> Iterator[Api]:
    yield from open_api(db_session, settings, clock=lambda: NOW)


def headers_for(case: dict[str, Any], world: World) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, query parameters) for the case's way of presenting (or faking) a token."""
    person = world.person(case["role"])
    token = create_token(world.session, email=person.email, now=NOW).token
    auth, params = case["auth"], {}
    if auth == "none":
        headers = {}
    elif auth == "malformed":
        headers = {"Authorization": "Bearer not-a-token"}
    elif auth == "basic":
        headers = {"Authorization": "Basic " + base64.b64encode(f"{person.email}:{token}".encode()).decode()}
    elif auth == "query":
        headers, params = {}, {"token": token, "access_token": token}
    elif auth == "revoked":
        revoke_token(world.session, prefix=token, now=NOW)
        headers = {"Authorization": f"Bearer {token}"}
    elif auth == "forged_secret":
        prefix = token.partition(".")[0]
        headers = {"Authorization": f"Bearer {prefix}.forged-secret-of-the-same-length-as-a-real-one0"}
    elif auth == "deactivated":
        person.is_active = False
        world.session.flush()
        headers = {"Authorization": f"Bearer {token}"}
    elif auth == "control_chars":
        headers = {"Authorization": f"Bearer {token}\x7f"}
    else:
        headers = {"Authorization": f"Bearer {token}"}
    return {**headers, **case.get("headers", {})}, params


def prepare(case: dict[str, Any], world: World, registry: Registry) -> None:
    setup = case.get("setup")
    if setup == "own_leave_request":
        proposal = call_tool(
            world.ctx("employee"),
            registry,
            "request_leave",
            {"start_date": date(2026, 12, 7), "end_date": date(2026, 12, 9)},
        )
    elif setup == "own_big_purchase_order":
        proposal = call_tool(
            world.ctx("manager"),
            registry,
            "create_purchase_order",
            {
                "supplier": world.supplier.code,
                "warehouse": world.warehouse.code,
                "lines": [{"sku": world.variant.sku, "quantity": 2000, "unit_cost": Decimal("6.00")}],
            },
        )
    elif setup == "colleague_conversation":
        conversation = get_or_create_conversation(
            world.session, employee_id=world.colleague.id, channel="api", external_key=None
        )
        world.values["foreign_conversation"] = conversation.id
        return
    else:
        return
    assert isinstance(proposal, Proposal)
    world.values["own_action_id"] = proposal.action.id


@pytest.mark.parametrize("case", cases("api_tokens"))
def test_token_misuse_is_refused(case: dict[str, Any], world: World, api: Api, registry: Registry) -> None:
    expect = case["expect"]
    prepare(case, world, registry)
    headers, params = headers_for(case, world)
    request = world.fill(case["request"])
    before = snapshot(world.session)

    statuses, bodies = [], []
    for _ in range(case.get("repeat", 1)):
        response = api.client.request(
            request["method"], request["path"], headers=headers, params=params, json=request.get("json")
        )
        statuses.append(response.status_code)
        bodies.append(response.text)

    assert statuses[0] == expect["status"], bodies[0]
    if "body_contains" in expect:
        assert expect["body_contains"] in bodies[0]
    if statuses[0] >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
    if "then" in expect:  # the second identical approval is refused: it ran once
        assert statuses[1:] == [expect["then"]], bodies
        world.session.expire_all()
        assert world.order.status == OrderStatus.CANCELLED
        assert set(changed_tables(before, snapshot(world.session))) <= {
            "sales_orders",
            "order_transactions",
            "stock_levels",
            "stock_movements",
        }
        action = world.session.get(PendingAction, world.pending_action_id)
        assert action is not None and action.status == ActionStatus.EXECUTED
        assert action.decided_by_id == world.manager.id
        return
    world.session.expire_all()
    assert_invariants(
        world.session,
        before,
        replies=bodies,
        secrets=(LEAVE_SECRET, INVOICE_SECRET) if case["role"] != "admin" else (),
        decided=expect.get("decided", 0),
    )
