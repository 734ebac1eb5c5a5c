"""Pending actions: list, show, approve, reject, through the same confirmation engine as chat and the CLI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from adapters.http.deps import ContextDep, Services
from assistant import confirmations
from assistant.confirmations import ActionView
from assistant.db.models import ActionStatus

router = APIRouter(prefix="/actions", tags=["actions"])

DECIDED_ELSEWHERE: dict[int | str, dict[str, Any]] = {
    409: {"description": "Already decided, expired or not decidable"}
}


class Decision(BaseModel):
    note: str | None = Field(default=None, max_length=500, description="Why, for the audit log.")


@router.get("", summary="Actions you asked for, decided or may decide (admins: all), newest first")
def list_actions(
    ctx: ContextDep,
    status: Annotated[ActionStatus | Literal["all"], Query()] = ActionStatus.PENDING,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[ActionView]:
    wanted = None if status == "all" else ActionStatus(status)
    candidates = confirmations.list_actions(ctx.session, status=wanted, limit=limit * 10)
    return confirmations.visible_to(ctx.session, ctx.user, candidates)[:limit]


@router.get("/{action_id}", summary="One action with its preview and outcome")
def show_action(action_id: str, ctx: ContextDep) -> ActionView:
    return confirmations.get_action_for(ctx.session, action_id, ctx.user)


@router.post(
    "/{action_id}/approve",
    summary="Approve an action: it runs at once, exactly once",
    responses=DECIDED_ELSEWHERE,
)
def approve_action(
    action_id: str, ctx: ContextDep, services: Services, body: Decision | None = None
) -> ActionView:
    return confirmations.approve(
        ctx.session,
        registry=services.registry,
        settings=ctx.settings,
        action_id=action_id,
        approver=ctx.user,
        now=ctx.now(),
        note=body.note if body else None,
    )


@router.post("/{action_id}/reject", summary="Reject an action; nothing runs", responses=DECIDED_ELSEWHERE)
def reject_action(action_id: str, ctx: ContextDep, body: Decision | None = None) -> ActionView:
    return confirmations.reject(
        ctx.session, action_id=action_id, approver=ctx.user, now=ctx.now(), note=body.note if body else None
    )
