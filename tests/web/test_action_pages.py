"""The approvals inbox: the preview, approve once, a second approval from another tab, the wrong person."""

from __future__ import annotations

from sqlalchemy import func, select

from assistant.db.models import ActionStatus, Employee, PendingAction, Role, SalesOrder
from tests.tools.order_helpers import reserved
from tests.web.conftest import Web, main_text
from tests.web.support import pending_order


def _orders(web: Web) -> int:
    return web.session.scalar(select(func.count()).select_from(SalesOrder)) or 0


def test_a_pending_order_is_approved_from_the_inbox_once(web: Web) -> None:
    action, shop = pending_order(web.session, web.settings)
    web.person(Role.STAFF, name="Marko Approver")
    inbox = web.client.get("/app/actions")
    assert inbox.status_code == 200
    text = main_text(inbox)
    assert "Waiting for your decision" in text and action.summary in text
    assert "Petra Requester" in text and shop.sku("M") in text  # the preview: who asked, what it does
    assert f'action="/app/actions/{action.id}/approve"' in inbox.text
    orders_before = _orders(web)

    # Two tabs show the same inbox; the first click executes, the second is told it was already decided.
    first = web.post(f"/app/actions/{action.id}/approve", {"note": "checked"}, form_page="/app/actions")
    assert first.status_code == 303 and first.headers["location"] == f"/app/actions/{action.id}?done=approved"
    shown = web.client.get(first.headers["location"])
    assert "Approved. Status: Executed." in main_text(shown)
    assert 'role="status"' in shown.text
    second = web.post(f"/app/actions/{action.id}/approve", form_page="/app/actions")
    assert second.status_code == 409
    assert "already decided; nothing was done again" in main_text(second)
    assert "Executed" in main_text(second)
    rejected_late = web.post(f"/app/actions/{action.id}/reject", form_page="/app/actions")
    assert rejected_late.status_code == 409

    web.session.expire_all()
    stored = web.session.get(PendingAction, action.id)
    assert stored is not None and stored.status is ActionStatus.EXECUTED and stored.decision_note == "checked"
    assert _orders(web) == orders_before + 1
    assert reserved(web.session, shop.shirt_variant("M"), shop.warehouse) == 2
    assert action.summary not in main_text(web.client.get("/app/actions")).split("Your requests")[0]


def test_rejecting_runs_nothing(web: Web) -> None:
    action, _ = pending_order(web.session, web.settings)
    web.person(Role.STAFF)
    orders_before = _orders(web)
    response = web.post(f"/app/actions/{action.id}/reject", {"note": "wrong size"})
    assert response.status_code == 303
    assert "Rejected; nothing was done." in main_text(web.client.get(response.headers["location"]))
    assert _orders(web) == orders_before


def test_the_wrong_person_sees_a_403_page_and_unknown_ids_a_404_page(web: Web) -> None:
    action, _ = pending_order(web.session, web.settings)
    web.person(Role.EMPLOYEE)
    assert action.summary not in main_text(web.client.get("/app/actions"))
    shown = web.client.get(f"/app/actions/{action.id}")
    assert shown.status_code == 403 and "You may not do this." in main_text(shown)
    attempt = web.post(f"/app/actions/{action.id}/approve")
    assert attempt.status_code == 403
    assert attempt.headers["content-type"].startswith("text/html")
    missing = web.client.get("/app/actions/no-such-action")
    assert missing.status_code == 404 and "Not found." in main_text(missing)
    assert web.post("/app/actions/no-such-action/approve").status_code == 404
    web.session.expire_all()
    stored = web.session.get(PendingAction, action.id)
    assert stored is not None and stored.status is ActionStatus.PENDING


def test_the_requester_sees_the_outcome_without_buttons(web: Web) -> None:
    action, _ = pending_order(web.session, web.settings)
    web.person(Role.STAFF)
    assert web.post(f"/app/actions/{action.id}/approve").status_code == 303
    web.sign_in(web.session.get_one(Employee, action.requester_id))
    inbox = main_text(web.client.get("/app/actions"))
    assert "Nothing is waiting for you." in inbox
    assert action.summary in inbox.split("Your requests and decisions")[1] and "Executed" in inbox
    page = web.client.get(f"/app/actions/{action.id}")
    assert page.status_code == 200 and "/approve" not in page.text
    assert "Result" in main_text(page)
