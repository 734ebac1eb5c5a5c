"""Every answer carries an X-Request-ID; the caller's own id is kept when sane, and a chat turn records it."""

from __future__ import annotations

from sqlalchemy import select

from assistant.db.models import ConversationTurn, Role
from tests.factories import make_product, make_stock, make_warehouse
from tests.http.conftest import Api


def test_the_callers_request_id_is_echoed_and_kept_in_the_turn_ledger(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    product = make_product(api.session, variants=1)
    make_stock(api.session, product.variants[0], make_warehouse(api.session, code="HAM"), on_hand=3)
    api.session.flush()
    sku = product.variants[0].sku

    response = api.client.post(
        "/chat",
        headers={**staff, "X-Request-ID": "client-req-42"},
        json={"message": f"How many {sku} are in stock?"},
    )

    assert response.status_code == 200, response.text
    assert response.headers["X-Request-ID"] == "client-req-42"
    turn = api.session.scalars(
        select(ConversationTurn).where(ConversationTurn.conversation_id == response.json()["conversation_id"])
    ).one()
    assert turn.request_id == "client-req-42"
    assert [span["tool"] for span in turn.trace or []] == ["get_stock"]


def test_a_missing_or_unsafe_request_id_is_replaced_with_a_new_one(api: Api) -> None:
    plain = api.client.get("/health")
    unsafe = api.client.get("/health", headers={"X-Request-ID": "x" * 65})
    refused = api.client.get("/actions")  # 401: errors carry an id too

    ids = [plain.headers["X-Request-ID"], unsafe.headers["X-Request-ID"], refused.headers["X-Request-ID"]]
    assert refused.status_code == 401
    assert all(len(request_id) == 16 for request_id in ids) and len(set(ids)) == 3
