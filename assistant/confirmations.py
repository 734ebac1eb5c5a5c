"""The confirmation engine: proposals become pending actions; a person with the right decides; it runs once.

propose  -> validate and plan, store a pending action (or return the identical one already pending).
approve  -> check the decider's right, claim the action with a conditional UPDATE (pending -> approved; only
            one claimer can win, on any number of workers), re-plan on current data, execute inside a savepoint,
            record executed/failed and the audit record in the caller's transaction.
reject / withdraw / expire -> the same conditional claim, recorded the same way.

The engine never commits: the caller's unit of work does, so the decision, the change and its audit record
land together or not at all. A crash before the commit leaves the action pending, to be decided again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from assistant import audit
from assistant.db.engine import is_retryable
from assistant.db.models import ActionStatus, Employee, PendingAction, Role
from assistant.permissions import apply_threshold, check_tool_access, decision_denial
from assistant.settings import Settings
from tools.base import (
    CurrentUser,
    NotFoundError,
    PermissionDeniedError,
    RefusedError,
    Registry,
    Tool,
    ToolContext,
    ToolError,
    ToolKind,
)

log = logging.getLogger(__name__)

DECIDED = (ActionStatus.EXECUTED, ActionStatus.FAILED, ActionStatus.REJECTED, ActionStatus.APPROVED)


class ActionView(BaseModel):
    """A pending action as shown to people and returned to the agent."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    tool_name: str
    summary: str
    arguments: dict[str, Any]
    preview: dict[str, Any]
    status: ActionStatus
    requester_id: int
    conversation_id: str | None
    required_roles: list[str]
    required_approver_id: int | None
    approval_reason: str
    self_approval_allowed: bool
    amount: Decimal | None
    created_at: datetime
    expires_at: datetime
    decided_by_id: int | None
    decided_at: datetime | None
    decision_note: str | None
    executed_at: datetime | None
    result: dict[str, Any] | None
    error: str | None


class ActionDecisionError(RefusedError):
    """The action is not (or no longer) open for this decision."""

    code = "not_decidable"


def arguments_hash(tool_name: str, arguments: dict[str, Any]) -> str:
    canonical = json.dumps([tool_name, arguments], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _view(action: PendingAction) -> ActionView:
    return ActionView.model_validate(action)


# --- propose -----------------------------------------------------------------------------------------------------


def propose(ctx: ToolContext, tool: Tool[Any, Any], raw_arguments: dict[str, Any] | BaseModel) -> ActionView:
    """Validate a write and store it for a decision. Nothing in the back office changes here."""
    if tool.kind is not ToolKind.WRITE or tool.plan is None:
        raise ValueError(f"{tool.name} is not a write tool")
    check_tool_access(ctx.user, tool)
    args = tool.parse(raw_arguments)
    plan = tool.plan(ctx, args)
    if plan.amount is not None and plan.amount < 0:
        raise RefusedError("The amount of a proposal cannot be negative.")
    requirement, self_ok = apply_threshold(
        plan.approval, plan.amount, ctx.settings.manager_approval_threshold
    )
    if plan.pinned:  # what was typed loosely ("muller", no address) is stored as what it resolved to
        args = tool.parse({**args.model_dump(mode="json"), **plan.pinned})
    arguments = args.model_dump(mode="json")
    digest = arguments_hash(tool.name, arguments)
    now = ctx.now()

    dedup_key = hashlib.sha256(f"{ctx.user.id}|{ctx.conversation_id or '-'}|{digest}".encode()).hexdigest()
    existing = _pending_by_key(ctx.session, dedup_key, now)
    if existing is not None:
        return _view(existing)

    action = PendingAction(
        tool_name=tool.name,
        arguments=arguments,
        arguments_hash=digest,
        dedup_key=dedup_key,
        preview=json.loads(json.dumps(plan.preview, default=str)),
        summary=plan.summary,
        requester_id=ctx.user.id,
        conversation_id=ctx.conversation_id,
        required_roles=[role.value for role in requirement.roles],
        approval_reason=requirement.reason,
        self_approval_allowed=self_ok,
        amount=plan.amount,
        required_approver_id=requirement.approver_id,
        status=ActionStatus.PENDING,
        created_at=now,
        expires_at=now + timedelta(hours=ctx.settings.action_expiry_hours),
    )
    try:
        with ctx.session.begin_nested():
            ctx.session.add(action)
    except IntegrityError:  # the same proposal, made at the same moment by a retry or a second worker
        winner = _pending_by_key(ctx.session, dedup_key, now)
        if winner is None:
            raise
        return _view(winner)
    audit.append(
        ctx.session,
        event="action.proposed",
        subject_type="pending_action",
        subject_id=action.id,
        actor_id=ctx.user.id,
        payload={"tool": tool.name, "arguments": arguments, "summary": plan.summary, "amount": plan.amount},
        occurred_at=now,
    )
    return _view(action)


# --- deciding ----------------------------------------------------------------------------------------------------


def _pending_by_key(session: Session, dedup_key: str, now: datetime) -> PendingAction | None:
    """The open action with this key; one that expired unnoticed is recorded as expired and frees the key."""
    action = session.scalar(select(PendingAction).where(PendingAction.dedup_key == dedup_key))
    if action is not None and action.expires_at <= now:
        _expire_one(session, action, now)
        return None
    return action


def _load(session: Session, action_id: str) -> PendingAction:
    action = session.get(PendingAction, action_id, populate_existing=True)
    if action is None:
        raise NotFoundError("pending action", action_id)
    return action


def _explain_closed(session: Session, action: PendingAction, now: datetime) -> ActionDecisionError:
    if action.status == ActionStatus.PENDING and action.expires_at <= now:
        return ActionDecisionError(f"This request expired at {action.expires_at:%Y-%m-%d %H:%M} UTC.")
    who = ""
    if action.decided_by_id is not None:
        decider = session.get(Employee, action.decided_by_id)
        who = f" by {decider.name}" if decider else ""
    when = f" at {action.decided_at:%Y-%m-%d %H:%M} UTC" if action.decided_at else ""
    return ActionDecisionError(
        f"This request was already {action.status.value}{who}{when}; nothing was changed."
    )


def _people(session: Session, ids: set[int]) -> dict[int, Employee]:
    """Employees as they are now (rights are checked against today's record), in one round trip."""
    rows = session.scalars(
        select(Employee).where(Employee.id.in_(ids)).execution_options(populate_existing=True)
    )
    return {employee.id: employee for employee in rows}


def _current_approver(session: Session, approver: CurrentUser) -> tuple[CurrentUser, bool]:
    # Rights are checked against the employee record as it is now, not as it was when they signed in.
    employee = session.get(Employee, approver.id, populate_existing=True)
    if employee is None:
        raise PermissionDeniedError("Unknown approver.")
    return CurrentUser.of(employee), employee.is_active


def _check_right(session: Session, action: PendingAction, approver: CurrentUser, active: bool) -> None:
    named = session.get(Employee, action.required_approver_id) if action.required_approver_id else None
    denial = decision_denial(
        approver=approver,
        requester_id=action.requester_id,
        required_roles=action.required_roles,
        required_approver_id=action.required_approver_id,
        required_approver_name=named.name if named else None,
        self_approval_allowed=action.self_approval_allowed,
        approver_active=active,
    )
    if denial:
        raise PermissionDeniedError(denial)


def _claim(
    session: Session, action_id: str, status: ActionStatus, decider_id: int, now: datetime, note: str | None
) -> bool:
    """pending -> status, for exactly one caller. The row lock is held until the caller's transaction ends."""
    result = session.execute(
        update(PendingAction)
        .where(
            PendingAction.id == action_id,
            PendingAction.status == ActionStatus.PENDING,
            PendingAction.expires_at > now,
        )
        .values(status=status, decided_by_id=decider_id, decided_at=now, decision_note=note, dedup_key=None)
        .execution_options(synchronize_session=False)
    )
    claimed: bool = result.rowcount == 1  # type: ignore[attr-defined]
    return claimed


def _open_action(session: Session, action_id: str, now: datetime) -> PendingAction:
    action = _load(session, action_id)
    if action.status != ActionStatus.PENDING or action.expires_at <= now:
        raise _explain_closed(session, action, now)  # expiry itself is recorded by `expire_due`
    return action


def approve(
    session: Session,
    *,
    registry: Registry,
    settings: Settings,
    action_id: str,
    approver: CurrentUser,
    now: datetime,
    note: str | None = None,
) -> ActionView:
    """Decide yes and execute, once. Raises when the approver may not decide or the action is closed."""
    action = _open_action(session, action_id, now)
    people = _people(session, {approver.id, action.requester_id})
    if approver.id not in people:
        raise PermissionDeniedError("Unknown approver.")
    active = people[approver.id].is_active
    approver, requester = CurrentUser.of(people[approver.id]), CurrentUser.of(people[action.requester_id])
    _check_right(session, action, approver, active)
    if not people[action.requester_id].is_active:
        raise ActionDecisionError(
            "The person who asked for this is no longer active; it cannot be done for them."
        )
    if not _claim(session, action_id, ActionStatus.APPROVED, approver.id, now, note):
        raise _explain_closed(session, _load(session, action_id), now)
    # The claim went to the database directly; bring the loaded object in line without another query.
    for name, value in (
        ("status", ActionStatus.APPROVED),
        ("decided_by_id", approver.id),
        ("decided_at", now),
        ("decision_note", note),
        ("dedup_key", None),
    ):
        set_committed_value(action, name, value)

    ctx = ToolContext(
        session=session,
        user=requester,
        settings=settings,
        conversation_id=action.conversation_id,
        clock=lambda: now,
        approver=approver,
    )
    try:
        with session.begin_nested():
            result = _execute(ctx, registry, action)
    except ToolError as error:
        return _finish(session, action, ActionStatus.FAILED, now, approver.id, error=error.message)
    except Exception as error:  # a bug or a constraint: recorded as failed, nothing of the change kept
        if is_retryable(error):  # a deadlock or lost connection: the caller's unit of work tries again
            raise
        log.exception("action %s (%s) failed while executing", action.id, action.tool_name)
        return _finish(
            session,
            action,
            ActionStatus.FAILED,
            now,
            approver.id,
            error=f"internal error while executing: {type(error).__name__}",
        )
    return _finish(session, action, ActionStatus.EXECUTED, now, approver.id, result=result)


def _execute(ctx: ToolContext, registry: Registry, action: PendingAction) -> dict[str, Any]:
    tool = registry.get(action.tool_name)
    assert tool.plan is not None and tool.execute is not None
    if arguments_hash(tool.name, action.arguments) != action.arguments_hash:
        raise RefusedError(
            "The stored request does not match its fingerprint; it was altered. Propose it again."
        )
    # The requester's own right is checked again too: someone who lost the role cannot have it done for them.
    check_tool_access(ctx.user, tool)
    args = tool.parse(action.arguments)
    # Data may have moved since the proposal (stock sold, order shipped, prices changed): plan again and refuse
    # if it no longer holds, if the money at stake is not what the approver was shown, or if it now needs more
    # seniority than the approver has.
    plan = tool.plan(ctx, args)
    if action.amount is not None and plan.amount != action.amount:
        raise RefusedError(
            f"The amount changed since it was proposed ({action.amount} -> {plan.amount}); propose it again."
        )
    requirement, self_ok = apply_threshold(
        plan.approval, plan.amount, ctx.settings.manager_approval_threshold
    )
    assert ctx.approver is not None
    denial = decision_denial(
        approver=ctx.approver,
        requester_id=ctx.user.id,
        required_roles=[role.value for role in requirement.roles],
        required_approver_id=requirement.approver_id,
        required_approver_name=None,
        self_approval_allowed=self_ok,
    )
    if denial:
        raise RefusedError(
            f"The request changed since it was proposed and now needs another approver: {denial}"
        )
    result = tool.execute(ctx, args)
    ctx.session.flush()
    dumped: dict[str, Any] = result.model_dump(mode="json")
    return dumped


def _finish(
    session: Session,
    action: PendingAction,
    status: ActionStatus,
    now: datetime,
    actor_id: int,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> ActionView:
    outcome = {
        "status": status,
        "executed_at": now if status == ActionStatus.EXECUTED else None,
        "result": result,
        "error": error,
    }
    # A direct UPDATE (the row is already ours from the claim) and the loaded object told, without a flush.
    session.execute(
        update(PendingAction)
        .where(PendingAction.id == action.id)
        .values(**outcome)
        .execution_options(synchronize_session=False)
    )
    for name, value in outcome.items():
        set_committed_value(action, name, value)
    # Audit records go last: appending locks the chain head until commit, so the lock is held briefly.
    audit.append_many(
        session,
        [
            audit.Entry(
                event="action.approved",
                subject_type="pending_action",
                subject_id=action.id,
                actor_id=actor_id,
                payload={"tool": action.tool_name, "note": action.decision_note},
            ),
            audit.Entry(
                event=f"action.{status.value}",
                subject_type="pending_action",
                subject_id=action.id,
                actor_id=actor_id,
                payload={"tool": action.tool_name, "result": result, "error": error},
            ),
        ],
        occurred_at=now,
    )
    return _view(action)


def reject(
    session: Session, *, action_id: str, approver: CurrentUser, now: datetime, note: str | None = None
) -> ActionView:
    action = _open_action(session, action_id, now)
    approver, active = _current_approver(session, approver)
    if approver.id == action.requester_id:
        raise ActionDecisionError("To drop your own request, withdraw it instead.")
    _check_right(session, action, approver, active)
    if not _claim(session, action_id, ActionStatus.REJECTED, approver.id, now, note):
        raise _explain_closed(session, _load(session, action_id), now)
    action = _load(session, action_id)
    audit.append(
        session,
        event="action.rejected",
        subject_type="pending_action",
        subject_id=action.id,
        actor_id=approver.id,
        payload={"tool": action.tool_name, "note": note},
        occurred_at=now,
    )
    return _view(action)


def withdraw(session: Session, *, action_id: str, requester: CurrentUser, now: datetime) -> ActionView:
    action = _open_action(session, action_id, now)
    if action.requester_id != requester.id:
        raise PermissionDeniedError("Only the person who asked for this can withdraw it.")
    if not _claim(session, action_id, ActionStatus.WITHDRAWN, requester.id, now, None):
        raise _explain_closed(session, _load(session, action_id), now)
    action = _load(session, action_id)
    audit.append(
        session,
        event="action.withdrawn",
        subject_type="pending_action",
        subject_id=action.id,
        actor_id=requester.id,
        payload={"tool": action.tool_name},
        occurred_at=now,
    )
    return _view(action)


def _expire_one(session: Session, action: PendingAction, now: datetime) -> bool:
    result = session.execute(
        update(PendingAction)
        .where(
            PendingAction.id == action.id,
            PendingAction.status == ActionStatus.PENDING,
            PendingAction.expires_at <= now,
        )
        .values(status=ActionStatus.EXPIRED, decided_at=now, dedup_key=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    audit.append(
        session,
        event="action.expired",
        subject_type="pending_action",
        subject_id=action.id,
        actor_id=None,
        payload={"tool": action.tool_name},
        occurred_at=now,
    )
    session.refresh(action)
    return True


def expire_due(session: Session, *, now: datetime) -> int:
    """Mark every pending action past its expiry as expired; returns how many."""
    due = session.scalars(
        select(PendingAction).where(
            PendingAction.status == ActionStatus.PENDING, PendingAction.expires_at <= now
        )
    ).all()
    return sum(_expire_one(session, action, now) for action in due)


# --- reading -----------------------------------------------------------------------------------------------------


def get_action(session: Session, action_id: str) -> ActionView:
    return _view(_load(session, action_id))


def list_actions(
    session: Session,
    *,
    status: ActionStatus | None = None,
    requester_id: int | None = None,
    involving_id: int | None = None,
    limit: int = 50,
) -> list[ActionView]:
    """The newest actions first; `involving_id` keeps those the person requested or decided."""
    query = select(PendingAction).order_by(PendingAction.created_at.desc()).limit(limit)
    if status is not None:
        query = query.where(PendingAction.status == status)
    if requester_id is not None:
        query = query.where(PendingAction.requester_id == requester_id)
    if involving_id is not None:
        query = query.where(
            or_(PendingAction.requester_id == involving_id, PendingAction.decided_by_id == involving_id)
        )
    return [_view(action) for action in session.scalars(query)]


def people_names(session: Session, actions: list[ActionView]) -> dict[int, str]:
    """Employee id -> name for the requesters and deciders of these actions (to show who asked and decided)."""
    ids = {action.requester_id for action in actions} | {
        action.decided_by_id for action in actions if action.decided_by_id is not None
    }
    if not ids:
        return {}
    return dict(session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(ids))).all())


def decidable_by(session: Session, approver: CurrentUser, actions: list[ActionView]) -> list[ActionView]:
    """The subset of `actions` this person could approve right now."""
    approver, active = _current_approver(session, approver)
    allowed = []
    for action in actions:
        denial = decision_denial(
            approver=approver,
            requester_id=action.requester_id,
            required_roles=action.required_roles,
            required_approver_id=action.required_approver_id,
            required_approver_name=None,
            self_approval_allowed=action.self_approval_allowed,
            approver_active=active,
        )
        if denial is None and action.status == ActionStatus.PENDING:
            allowed.append(action)
    return allowed


def visible_to(session: Session, user: CurrentUser, actions: list[ActionView]) -> list[ActionView]:
    """What this person may see: their own requests, what they decided or may decide; admins see all.

    Previews hold other people's data (leave reasons, payments), so lists are never unfiltered.
    """
    if user.role == Role.ADMIN:
        return actions
    decidable = {action.id for action in decidable_by(session, user, actions)}
    return [
        action
        for action in actions
        if action.requester_id == user.id or action.decided_by_id == user.id or action.id in decidable
    ]


def get_action_for(session: Session, action_id: str, user: CurrentUser) -> ActionView:
    action = get_action(session, action_id)
    if not visible_to(session, user, [action]):
        raise PermissionDeniedError("This request is neither yours nor one you may decide.")
    return action
