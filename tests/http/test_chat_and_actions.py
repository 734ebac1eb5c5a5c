"""Chat over HTTP with the offline model, and deciding its proposals through the API: once, by the right person."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from assistant.db.models import ActionStatus, Role, StockLevel
from tests.factories import make_product, make_stock, make_warehouse
from tests.http.conftest import Api, assert_problem


def _stock_proposal(api: Api, headers: dict[str, str]) -> tuple[dict[str, Any], StockLevel]:
    product = make_product(api.session, variants=1)
    variant = product.variants[0]
    variant.sku = "IT-DOCK-100"
    level = make_stock(api.session, variant, make_warehouse(api.session, code="WAW"), on_hand=10)
    api.session.flush()
    response = api.client.post(
        "/chat",
        headers=headers,
        json={"message": "after the stocktake there are 4 more IT-DOCK-100 in WAW, correct it"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["conversation_id"] and body["reply"] and not body["failed"]
    [proposal] = body["proposals"]
    assert proposal["tool_name"] == "adjust_stock" and proposal["status"] == "pending"
    return body, level


def test_a_chat_proposal_is_approved_once_through_the_api(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, manager = api.person(Role.MANAGER)
    body, level = _stock_proposal(api, staff)
    action_id = body["proposals"][0]["id"]

    pending = api.client.get("/actions", headers=manager).json()
    assert action_id in [action["id"] for action in pending]
    assert api.client.get(f"/actions/{action_id}", headers=manager).json()["summary"]

    approved = api.client.post(f"/actions/{action_id}/approve", headers=manager, json={"note": "counted"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == ActionStatus.EXECUTED.value
    assert api.session.scalar(select(StockLevel.on_hand).where(StockLevel.id == level.id)) == 14

    again = assert_problem(api.client.post(f"/actions/{action_id}/approve", headers=manager), 409)
    assert "already executed" in again["detail"]
    assert api.session.scalar(select(StockLevel.on_hand).where(StockLevel.id == level.id)) == 14
    assert_problem(api.client.post(f"/actions/{action_id}/reject", headers=manager), 409)


def test_the_conversation_continues_and_is_its_owners_only(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, other = api.person(Role.STAFF)
    first = api.client.post("/chat", headers=staff, json={"message": "hello"}).json()
    second = api.client.post(
        "/chat",
        headers=staff,
        json={"message": "which orders are pending?", "conversation_id": first["conversation_id"]},
    ).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert_problem(
        api.client.post(
            "/chat", headers=other, json={"message": "hi", "conversation_id": first["conversation_id"]}
        ),
        404,
    )
    assert_problem(api.client.post("/chat", headers=staff, json={"message": ""}), 422)
    assert_problem(api.client.post("/chat", json={"message": "hi"}), 401)


def test_deciding_needs_the_right_role_and_an_existing_action(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, colleague = api.person(Role.STAFF)
    _, manager = api.person(Role.MANAGER)
    body, _ = _stock_proposal(api, staff)
    action_id = body["proposals"][0]["id"]

    assert_problem(api.client.post(f"/actions/{action_id}/approve", headers=colleague), 403)
    assert_problem(api.client.get(f"/actions/{action_id}", headers=colleague), 403)
    assert action_id not in [a["id"] for a in api.client.get("/actions", headers=colleague).json()]
    assert_problem(api.client.post("/actions/no-such-action/approve", headers=manager), 404)
    assert_problem(api.client.get("/actions/no-such-action", headers=manager), 404)
    assert_problem(api.client.get("/actions?status=nonsense", headers=manager), 422)
    assert_problem(api.client.post(f"/actions/{action_id}/reject", headers=manager, json={"note": 5}), 422)

    rejected = api.client.post(f"/actions/{action_id}/reject", headers=manager, json={"note": "recount"})
    assert rejected.json()["status"] == "rejected"
    everything = api.client.get("/actions?status=all", headers=staff).json()
    assert [a["status"] for a in everything if a["id"] == action_id] == ["rejected"]
    assert_problem(api.client.post(f"/actions/{action_id}/approve", headers=manager), 409)
