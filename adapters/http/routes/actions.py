"""Pending actions: list, show, approve, reject, through the same confirmation engine as chat and the CLI.

A decision runs in a unit of work of its own, retried whole when the database reports a deadlock (two
decisions touching the same rows): the engine claims the action with a conditional UPDATE first, so a retry or
a second click never runs it twice; the loser of two concurrent clicks gets 409.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from adapters.http.deps import ContextDep, CurrentUserDep, Services
from adapters.http.routes import examples
from adapters.http.routes.documentation import answers
from assistant import confirmations
from assistant.confirmations import ActionView
from assistant.db.engine import run_in_transaction
from assistant.db.models import ActionStatus

router = APIRouter(prefix="/actions", tags=["actions"])

ActionId = Annotated[
    str, Path(max_length=36, description="The action id, from a proposal or `GET /actions`.")
]


class Decision(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "counted twice, 14 on the shelf"}]})

    note: str | None = Field(default=None, max_length=500, description="Why, for the audit log.")


@router.get(
    "",
    summary="Actions you asked for, decided or may decide (admins: all), newest first",
    responses=answers(401, 422, example=[examples.ACTION_PENDING]),
)
def list_actions(
    ctx: ContextDep,
    status: Annotated[ActionStatus | Literal["all"], Query()] = ActionStatus.PENDING,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[ActionView]:
    wanted = None if status == "all" else ActionStatus(status)
    candidates = confirmations.list_actions(ctx.session, status=wanted, limit=limit * 10)
    return confirmations.visible_to(ctx.session, ctx.user, candidates)[:limit]


@router.get(
    "/{action_id}",
    summary="One action with its preview and outcome",
    responses=answers(401, 403, 404, 422, example=examples.ACTION_PENDING),
)
def show_action(action_id: ActionId, ctx: ContextDep) -> ActionView:
    return confirmations.get_action_for(ctx.session, action_id, ctx.user)


@router.post(
    "/{action_id}/approve",
    summary="Approve an action: it runs at once, exactly once (409 when already decided)",
    responses=answers(401, 403, 404, 409, 422, example=examples.ACTION_EXECUTED),
)
def approve_action(
    action_id: ActionId, user: CurrentUserDep, services: Services, body: Decision | None = None
) -> ActionView:
    def decide(session: Session) -> ActionView:
        return confirmations.approve(
            session,
            registry=services.registry,
            settings=services.settings,
            action_id=action_id,
            approver=user,
            now=services.clock(),
            note=body.note if body else None,
        )

    return run_in_transaction(services.sessions, decide)


@router.post(
    "/{action_id}/reject",
    summary="Reject an action; nothing runs (409 when already decided)",
    responses=answers(401, 403, 404, 409, 422, example=examples.ACTION_REJECTED),
)
def reject_action(
    action_id: ActionId, user: CurrentUserDep, services: Services, body: Decision | None = None
) -> ActionView:
    def decide(session: Session) -> ActionView:
        return confirmations.reject(
            session,
            action_id=action_id,
            approver=user,
            now=services.clock(),
            note=body.note if body else None,
        )

    return run_in_transaction(services.sessions, decide)
