"""The confirmation engine as people meet it: propose, decide once, by the right person, with an audit trail."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assistant import audit, confirmations
from assistant.confirmations import ActionDecisionError
from assistant.db.models import (
    ActionStatus,
    AuditRecord,
    Employee,
    PendingAction,
    Role,
    StockMovement,
    Variant,
)
from tests.factories import make_employee, make_product, make_stock, make_warehouse
from tests.support import NOW, MakeContext
from tools.base import CurrentUser, NotFoundError, PermissionDeniedError, RefusedError, Registry, ToolContext
from tools.invoke import Proposal, call_tool


@pytest.fixture
def stocked(db_session: Session) -> dict[str, Any]:
    product = make_product(db_session, variants=1)
    variant = product.variants[0]
    variant.cost = Decimal("50.00")
    warehouse = make_warehouse(db_session, code="HAM")
    level = make_stock(db_session, variant, warehouse, on_hand=20, reserved=3)
    db_session.flush()
    return {"sku": variant.sku, "warehouse": "HAM", "level": level}


def _propose(ctx: ToolContext, registry: Registry, stocked: dict[str, Any], change: int = -5) -> Proposal:
    result = call_tool(
        ctx,
        registry,
        "adjust_stock",
        {"sku": stocked["sku"], "warehouse": "HAM", "change": change, "reason": "stock count"},
    )
    assert isinstance(result, Proposal)
    return result


def _manager(db_session: Session) -> CurrentUser:
    return CurrentUser.of(make_employee(db_session, role=Role.MANAGER))


def _approve(
    db_session: Session,
    registry: Registry,
    ctx: ToolContext,
    action_id: str,
    approver: CurrentUser,
    **kwargs: Any,
) -> confirmations.ActionView:
    return confirmations.approve(
        db_session,
        registry=registry,
        settings=ctx.settings,
        action_id=action_id,
        approver=approver,
        now=kwargs.pop("now", NOW),
        **kwargs,
    )


def _assert_failed_untouched(
    db_session: Session, outcome: confirmations.ActionView, reason: str, stocked: dict[str, Any], on_hand: int
) -> None:
    """The action ended `failed` with `reason` in its error, and the stock is as it was."""
    assert outcome.status is ActionStatus.FAILED
    assert outcome.error is not None and reason in outcome.error, outcome.error
    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == on_hand


def test_proposal_changes_nothing_and_is_audited(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _propose(ctx, registry, stocked)
    assert proposal.action.status is ActionStatus.PENDING
    assert proposal.action.preview["on_hand_before"] == 20
    assert proposal.action.preview["on_hand_after"] == 15
    assert proposal.action.required_roles == ["manager"]
    assert proposal.action.expires_at == NOW + timedelta(hours=24)
    assert "Waiting for approval by manager" in proposal.message
    assert stocked["level"].on_hand == 20
    assert db_session.scalar(select(func.count()).select_from(StockMovement)) == 1  # only the opening stock
    events = db_session.scalars(select(AuditRecord.event)).all()
    assert events == ["action.proposed"]


def test_same_call_in_same_conversation_returns_the_pending_action(
    make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any], db_session: Session
) -> None:
    ctx = make_ctx(Role.STAFF)
    first = _propose(ctx, registry, stocked)
    again = _propose(ctx, registry, stocked)
    assert again.action.id == first.action.id
    other = _propose(ctx, registry, stocked, change=-4)
    assert other.action.id != first.action.id


def test_approval_executes_once_and_audits(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _propose(ctx, registry, stocked)
    manager = _manager(db_session)
    outcome = _approve(db_session, registry, ctx, proposal.action.id, manager, note="counted twice")
    assert outcome.status is ActionStatus.EXECUTED
    assert outcome.result == {
        "sku": stocked["sku"],
        "warehouse": "HAM",
        "on_hand_before": 20,
        "on_hand_after": 15,
        "movement_id": outcome.result["movement_id"],
    }  # type: ignore[index]
    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == 15

    with pytest.raises(ActionDecisionError, match="already executed"):
        _approve(db_session, registry, ctx, proposal.action.id, manager)
    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == 15
    events = db_session.scalars(select(AuditRecord.event).order_by(AuditRecord.seq)).all()
    assert events == ["action.proposed", "action.approved", "action.executed"]
    assert audit.verify(db_session).ok


def test_staff_cannot_approve_what_needs_a_manager(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _propose(ctx, registry, stocked)
    other_staff = CurrentUser.of(make_employee(db_session, role=Role.STAFF))
    with pytest.raises(PermissionDeniedError, match="needs the role manager"):
        _approve(db_session, registry, ctx, proposal.action.id, other_staff)
    assert confirmations.get_action(db_session, proposal.action.id).status is ActionStatus.PENDING


def test_an_employee_cannot_even_propose_a_stock_change(
    make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDeniedError, match="may not use 'adjust_stock'"):
        _propose(make_ctx(Role.EMPLOYEE), registry, stocked)


def test_above_threshold_nobody_approves_their_own(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    manager_ctx = make_ctx(Role.MANAGER)
    small = _propose(manager_ctx, registry, stocked, change=-2)  # 100.00 at cost: below 10,000
    assert small.action.self_approval_allowed
    assert (
        _approve(db_session, registry, manager_ctx, small.action.id, manager_ctx.user).status
        is ActionStatus.EXECUTED
    )

    large = _propose(manager_ctx, registry, stocked, change=300)  # 15,000.00 at cost
    assert not large.action.self_approval_allowed
    assert large.action.amount == Decimal("15000.00")
    with pytest.raises(PermissionDeniedError, match="cannot approve your own"):
        _approve(db_session, registry, manager_ctx, large.action.id, manager_ctx.user)
    other_manager = _manager(db_session)
    assert (
        _approve(db_session, registry, manager_ctx, large.action.id, other_manager).status
        is ActionStatus.EXECUTED
    )


def test_expired_actions_cannot_be_approved_and_are_recorded(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _propose(ctx, registry, stocked)
    later = NOW + timedelta(hours=25)
    with pytest.raises(ActionDecisionError, match="expired"):
        _approve(db_session, registry, ctx, proposal.action.id, _manager(db_session), now=later)
    assert confirmations.expire_due(db_session, now=later) == 1
    assert confirmations.get_action(db_session, proposal.action.id).status is ActionStatus.EXPIRED
    assert confirmations.expire_due(db_session, now=later) == 0
    assert (
        db_session.scalars(select(AuditRecord.event).order_by(AuditRecord.seq.desc())).first()
        == "action.expired"
    )


def test_reject_and_withdraw(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    manager = _manager(db_session)
    first = _propose(ctx, registry, stocked, change=-1)
    with pytest.raises(ActionDecisionError, match="withdraw it instead"):
        confirmations.reject(db_session, action_id=first.action.id, approver=ctx.user, now=NOW)
    rejected = confirmations.reject(
        db_session, action_id=first.action.id, approver=manager, now=NOW, note="count again"
    )
    assert rejected.status is ActionStatus.REJECTED
    with pytest.raises(ActionDecisionError, match="already rejected by"):
        _approve(db_session, registry, ctx, first.action.id, manager)

    second = _propose(ctx, registry, stocked, change=-2)
    with pytest.raises(PermissionDeniedError, match="Only the person who asked"):
        confirmations.withdraw(db_session, action_id=second.action.id, requester=manager, now=NOW)
    assert (
        confirmations.withdraw(db_session, action_id=second.action.id, requester=ctx.user, now=NOW).status
        is ActionStatus.WITHDRAWN
    )
    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == 20


def test_revalidation_failure_marks_failed_and_changes_nothing(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    manager = _manager(db_session)
    remove_ten = _propose(ctx, registry, stocked, change=-10)
    remove_seven = _propose(ctx, registry, stocked, change=-7)
    assert _approve(db_session, registry, ctx, remove_ten.action.id, manager).status is ActionStatus.EXECUTED
    # 10 on hand and 3 reserved now: removing 7 more would leave 3, fine; removing 8 would not. Make it fail:
    stocked["level"].reserved = 5
    db_session.flush()
    failed = _approve(db_session, registry, ctx, remove_seven.action.id, manager)
    _assert_failed_untouched(db_session, failed, "reserved for open orders", stocked, on_hand=10)
    with pytest.raises(ActionDecisionError, match="already failed"):
        _approve(db_session, registry, ctx, remove_seven.action.id, manager)
    assert audit.verify(db_session).ok


class SimulatedCrash(BaseException):
    """Stands for the process dying: not an error the engine may catch and record."""


def test_crash_between_claim_and_commit_leaves_action_decidable(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    manager = _manager(db_session)
    proposal = _propose(ctx, registry, stocked)
    db_session.commit()

    tool = registry.get("adjust_stock")
    real_execute = tool.execute
    assert real_execute is not None

    def crash_after_writing(exec_ctx: ToolContext, args: Any) -> Any:
        real_execute(exec_ctx, args)  # the change is written...
        raise SimulatedCrash  # ...and the process dies before the commit

    crashing = Registry([dataclasses.replace(tool, execute=crash_after_writing)])
    with pytest.raises(SimulatedCrash):
        _approve(db_session, crashing, ctx, proposal.action.id, manager)
    db_session.rollback()  # what the database does with a dead connection's transaction

    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == 20
    assert confirmations.get_action(db_session, proposal.action.id).status is ActionStatus.PENDING
    assert _approve(db_session, registry, ctx, proposal.action.id, manager).status is ActionStatus.EXECUTED
    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == 15
    assert (
        db_session.scalar(select(func.count()).select_from(StockMovement).where(StockMovement.quantity == -5))
        == 1
    )


def test_unknown_action_is_not_found(db_session: Session, make_ctx: MakeContext, registry: Registry) -> None:
    ctx = make_ctx(Role.MANAGER)
    with pytest.raises(NotFoundError, match="No pending action found for 'nope'"):
        _approve(db_session, registry, ctx, "nope", ctx.user)


def test_refusals_in_planning_store_nothing(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    with pytest.raises(RefusedError, match="go below zero"):
        _propose(ctx, registry, stocked, change=-21)
    with pytest.raises(RefusedError, match="changes nothing"):
        _propose(ctx, registry, stocked, change=0)
    assert confirmations.list_actions(db_session) == []
    assert db_session.scalar(select(func.count()).select_from(AuditRecord)) == 0
    assert db_session.scalar(select(func.count()).select_from(StockMovement)) == 1  # the opening stock only
    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == 20


def test_a_changed_amount_is_not_executed(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _propose(ctx, registry, stocked)  # 5 units at a cost of 50.00: 250.00 at stake
    variant = db_session.scalars(select(Variant).where(Variant.sku == stocked["sku"])).one()
    variant.cost = Decimal("500.00")  # what the approver was shown is no longer what would happen
    db_session.flush()
    outcome = _approve(db_session, registry, ctx, proposal.action.id, _manager(db_session))
    _assert_failed_untouched(
        db_session, outcome, "amount changed since it was proposed (250.00 -> 2500.00)", stocked, on_hand=20
    )


def test_a_requester_who_lost_the_role_gets_nothing_done(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _propose(ctx, registry, stocked)
    requester = db_session.get(Employee, ctx.user.id)
    assert requester is not None
    requester.role = Role.EMPLOYEE
    db_session.flush()
    outcome = _approve(db_session, registry, ctx, proposal.action.id, _manager(db_session))
    _assert_failed_untouched(db_session, outcome, "may not use 'adjust_stock'", stocked, on_hand=20)

    second = _propose(make_ctx(Role.STAFF, employee=None), registry, stocked, change=-1)
    leaver = db_session.get(Employee, second.action.requester_id)
    assert leaver is not None
    leaver.is_active = False
    db_session.flush()
    with pytest.raises(ActionDecisionError, match="no longer active"):
        _approve(db_session, registry, ctx, second.action.id, _manager(db_session))
    db_session.refresh(stocked["level"])
    assert stocked["level"].on_hand == 20


def test_altered_stored_arguments_are_refused(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    proposal = _propose(ctx, registry, stocked)
    db_session.execute(
        update(PendingAction)
        .where(PendingAction.id == proposal.action.id)
        .values(arguments={**proposal.action.arguments, "change": -15})
    )
    outcome = _approve(db_session, registry, ctx, proposal.action.id, _manager(db_session))
    _assert_failed_untouched(db_session, outcome, "altered", stocked, on_hand=20)


def test_after_expiry_the_same_proposal_is_a_new_action(
    db_session: Session, make_ctx: MakeContext, registry: Registry, stocked: dict[str, Any]
) -> None:
    ctx = make_ctx(Role.STAFF)
    first = _propose(ctx, registry, stocked)
    later = make_ctx(
        Role.STAFF, employee=db_session.get(Employee, ctx.user.id), now=NOW + timedelta(hours=30)
    )
    second = _propose(later, registry, stocked)
    assert second.action.id != first.action.id
    assert confirmations.get_action(db_session, first.action.id).status is ActionStatus.EXPIRED
    assert confirmations.get_action(db_session, second.action.id).status is ActionStatus.PENDING
