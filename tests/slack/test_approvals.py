"""Proposals as Block Kit messages: Approve / Reject by the right person only, once, and the message edited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from assistant.db.models import (
    ActionStatus,
    LeaveBalance,
    LeaveRequest,
    LeaveStatus,
    LeaveType,
    PendingAction,
    Role,
    SalesOrder,
    StockLevel,
)
from tests.factories import make_product, make_stock, make_warehouse
from tests.fakes import call, say
from tests.slack.conftest import Slack
from tests.tools.order_helpers import build_shop


def _buttons(post: dict[str, Any]) -> dict[str, str]:
    [actions] = [block for block in post["blocks"] if block["type"] == "actions"]
    return {element["action_id"]: element["value"] for element in actions["elements"]}


def _proposals(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [post for post in posts if "blocks" in post]


def _order_count(slack: Slack) -> int:
    return slack.session.scalar(select(func.count()).select_from(SalesOrder)) or 0


def test_an_approved_proposal_places_the_order_once_and_the_message_says_so(slack: Slack) -> None:
    shop = build_shop(slack.session)
    staff = slack.person(Role.STAFF)
    slack_id = staff.slack_user_id or ""
    slack.script(
        call(
            "create_sales_order", customer=shop.customer.email, lines=[{"sku": shop.sku("M"), "quantity": 2}]
        ),
        say("I have proposed the order; approve it below."),
    )
    before = _order_count(slack)
    slack.dm(slack_id, "order 2 linen shirts M for Ana Horvat")
    dm = f"D{slack_id}"
    reply, proposal = slack.posts_to(dm)
    assert "proposed the order" in reply["text"]
    [action] = slack.session.scalars(select(PendingAction)).all()
    assert _buttons(proposal) == {"backoffice_approve": action.id, "backoffice_reject": action.id}
    assert "Linen Shirt" in str(proposal["blocks"]) and _order_count(slack) == before  # nothing done yet

    slack.click(slack_id, action_id=action.id, channel=dm, ts=proposal["posted_ts"])
    assert _order_count(slack) == before + 1
    [update] = slack.fake.to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (dm, proposal["posted_ts"])
    blocks = update.args["blocks"]
    assert "Approved by" in str(blocks) and "actions" not in [block["type"] for block in blocks]
    slack.session.refresh(action)
    assert action.status is ActionStatus.EXECUTED

    slack.click(slack_id, action_id=action.id, channel=dm, ts=proposal["posted_ts"])
    assert _order_count(slack) == before + 1  # the second click changes nothing
    assert len(slack.fake.to("chat.update")) == 1
    [again] = slack.fake.to("chat.postEphemeral")
    assert "already executed" in again.args["text"] and again.args["user"] == slack_id


def test_an_unauthorised_click_is_refused_and_the_manager_gets_the_proposal(slack: Slack) -> None:
    product = make_product(slack.session, variants=1)
    product.variants[0].sku = "IT-DOCK-100"
    warehouse = make_warehouse(slack.session, code="WAW")
    level = make_stock(slack.session, product.variants[0], warehouse, on_hand=10)
    manager = slack.person(Role.MANAGER, name="Maja Manager")
    staff = slack.person(Role.STAFF, manager_id=manager.id)
    colleague = slack.person(Role.EMPLOYEE)
    slack.script(
        call("adjust_stock", sku="IT-DOCK-100", warehouse="WAW", change=4, reason="stocktake"),
        say("Proposed: +4 IT-DOCK-100 in WAW; a manager decides."),
    )
    slack.mention(staff, "after the stocktake there are 4 more IT-DOCK-100 in WAW")
    [action] = slack.session.scalars(select(PendingAction)).all()
    staff_dm, manager_dm = f"D{staff.slack_user_id}", f"D{manager.slack_user_id}"
    [own_copy] = _proposals(slack.posts_to(staff_dm))  # a stock correction is not for the channel
    [manager_copy] = slack.posts_to(manager_dm)
    assert _buttons(manager_copy)["backoffice_approve"] == action.id
    assert staff.name in manager_copy["text"]  # who asks for the decision

    for clicker in (staff, colleague):
        slack.click(
            clicker.slack_user_id or "", action_id=action.id, channel=staff_dm, ts=own_copy["posted_ts"]
        )
    refusals = [call.args for call in slack.fake.to("chat.postEphemeral")]
    assert [refusal["user"] for refusal in refusals] == [staff.slack_user_id, colleague.slack_user_id]
    assert all(refusal["text"].startswith("Not authorised:") for refusal in refusals)
    assert all("manager" in refusal["text"] for refusal in refusals)  # names who can
    assert slack.fake.to("chat.update") == []
    assert slack.session.scalar(select(StockLevel.on_hand).where(StockLevel.id == level.id)) == 10

    slack.click(
        manager.slack_user_id or "", action_id=action.id, channel=manager_dm, ts=manager_copy["posted_ts"]
    )
    slack.session.expire_all()
    assert slack.session.scalar(select(StockLevel.on_hand).where(StockLevel.id == level.id)) == 14
    updated = {(update.args["channel"], update.args["ts"]) for update in slack.fake.to("chat.update")}
    assert updated == {(staff_dm, own_copy["posted_ts"]), (manager_dm, manager_copy["posted_ts"])}
    assert all("Maja Manager" in str(update.args["blocks"]) for update in slack.fake.to("chat.update"))


def test_a_rejection_is_recorded_and_shown(slack: Slack) -> None:
    product = make_product(slack.session, variants=1)
    product.variants[0].sku = "IT-DOCK-200"
    make_stock(slack.session, product.variants[0], make_warehouse(slack.session, code="ZAG"), on_hand=10)
    staff, manager = slack.person(Role.STAFF), slack.person(Role.MANAGER)
    slack.script(
        call("adjust_stock", sku="IT-DOCK-200", warehouse="ZAG", change=-2, reason="damaged"),
        say("Proposed."),
    )
    slack.dm(staff.slack_user_id or "", "2 IT-DOCK-200 in ZAG are damaged")
    [action] = slack.session.scalars(select(PendingAction)).all()
    [proposal] = _proposals(slack.posts_to(f"D{staff.slack_user_id}"))
    slack.click(
        manager.slack_user_id or "",
        action_id=action.id,
        channel=f"D{staff.slack_user_id}",
        ts=proposal["posted_ts"],
        approve=False,
    )
    slack.session.refresh(action)
    assert action.status is ActionStatus.REJECTED
    [update] = slack.fake.to("chat.update")
    assert "Rejected by" in str(update.args["blocks"])


def test_a_leave_request_goes_to_the_requesters_manager_who_approves_it(slack: Slack) -> None:
    manager = slack.person(Role.MANAGER, name="Marta Manager")
    employee = slack.person(Role.EMPLOYEE, manager_id=manager.id)
    year = slack.services.clock().year + 1
    slack.session.add(
        LeaveBalance(
            employee_id=employee.id, year=year, leave_type=LeaveType.ANNUAL, entitled_days=Decimal(20)
        )
    )
    slack.session.flush()
    slack.script(
        call("request_leave", start_date=f"{year}-03-02", end_date=f"{year}-03-04"),
        say("I asked Marta Manager to approve your leave."),
    )
    slack.mention(employee, "book my leave 2-4 March")
    [action] = slack.session.scalars(select(PendingAction)).all()
    assert action.required_approver_id == manager.id
    [own_copy] = _proposals(slack.posts_to(f"D{employee.slack_user_id}"))
    assert "Marta Manager (or an admin)" in str(own_copy["blocks"])
    [manager_copy] = slack.posts_to(f"D{manager.slack_user_id}")

    slack.click(employee.slack_user_id or "", action_id=action.id, channel="x", ts=own_copy["posted_ts"])
    assert "Only Marta Manager" in slack.fake.to("chat.postEphemeral")[0].args["text"]
    slack.click(manager.slack_user_id or "", action_id=action.id, channel="x", ts=manager_copy["posted_ts"])
    slack.session.refresh(action)
    assert action.status is ActionStatus.EXECUTED
    assert slack.session.scalar(
        select(LeaveRequest.status).where(LeaveRequest.employee_id == employee.id)
    ) == (LeaveStatus.APPROVED)
    assert len(slack.fake.to("chat.update")) == 2
