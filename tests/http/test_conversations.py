"""`/conversations`: the caller's own conversations, read back with their messages and turns."""

from __future__ import annotations

from assistant.db.models import Role
from tests.factories import make_product, make_stock, make_warehouse
from tests.http.conftest import Api, assert_problem


def test_my_conversations_are_listed_and_read_back_with_messages_and_turns(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, colleague = api.person(Role.STAFF)
    product = make_product(api.session, variants=1)
    product.variants[0].sku = "IT-DOCK-100"
    make_stock(api.session, product.variants[0], make_warehouse(api.session, code="WAW"), on_hand=10)
    api.session.flush()

    first = api.client.post("/chat", headers=staff, json={"message": "hello"}).json()["conversation_id"]
    second = api.client.post(
        "/chat", headers=staff, json={"message": "how many IT-DOCK-100 are in stock in WAW?"}
    ).json()
    api.client.post(
        "/chat",
        headers=staff,
        json={
            "message": "after the stocktake there are 4 more IT-DOCK-100 in WAW, correct it",
            "conversation_id": second["conversation_id"],
        },
    )
    api.client.post("/chat", headers=colleague, json={"message": "hello"})

    listed = api.client.get("/conversations", headers=staff).json()
    assert [item["id"] for item in listed] == [second["conversation_id"], first]  # most recently active first
    assert [item["turns"] for item in listed] == [2, 1] and listed[0]["channel"] == "http"
    assert len(api.client.get("/conversations", headers=staff, params={"limit": 1}).json()) == 1

    shown = api.client.get(f"/conversations/{second['conversation_id']}", headers=staff).json()
    said = [(message["role"], message["text"]) for message in shown["messages"] if message["role"] == "user"]
    assert said == [
        ("user", "how many IT-DOCK-100 are in stock in WAW?"),
        ("user", "after the stocktake there are 4 more IT-DOCK-100 in WAW, correct it"),
    ]
    calls = [call["name"] for message in shown["messages"] for call in message["tool_calls"]]
    assert calls == ["get_stock", "adjust_stock"]
    [proposed] = [message["action_id"] for message in shown["messages"] if message["action_id"]]
    assert api.client.get(f"/actions/{proposed}", headers=staff).json()["tool_name"] == "adjust_stock"
    assert shown["messages"][-1]["role"] == "assistant" and proposed in shown["messages"][-1]["text"]
    assert [turn["outcome"] for turn in shown["turn_log"]] == ["answered", "answered"]
    assert [turn["proposals"] for turn in shown["turn_log"]] == [0, 1]
    assert shown["turns"] == 2 and shown["last_turn_at"] == shown["turn_log"][-1]["started_at"]


def test_someone_elses_or_an_unknown_conversation_is_not_found(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, admin = api.person(Role.ADMIN)
    mine = api.client.post("/chat", headers=staff, json={"message": "hello"}).json()["conversation_id"]
    assert_problem(api.client.get(f"/conversations/{mine}", headers=admin), 404)  # admins too: it is private
    assert api.client.get("/conversations", headers=admin).json() == []
    assert_problem(api.client.get("/conversations/no-such-conversation", headers=staff), 404)
    assert_problem(api.client.get(f"/conversations/{'x' * 37}", headers=staff), 422)
    assert_problem(api.client.get("/conversations", headers=staff, params={"limit": 0}), 422)
    assert_problem(api.client.get("/conversations"), 401)
    assert_problem(api.client.get(f"/conversations/{mine}"), 401)
