"""The approvals inbox: what waits for the reader's decision, their own requests, one request with its preview.

Deciding goes through the confirmation engine like the API and Slack: the right is checked again, and an action
runs exactly once. A second approval (another tab, another person) gets 409 and "already decided".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.http.deps import Services
from adapters.http.web.pages import page, see_other, web_router
from adapters.http.web.session import FormContext, WebContext
from assistant import confirmations
from assistant.confirmations import ActionDecisionError, ActionView
from assistant.db.models import ActionStatus, Employee
from tools.base import CurrentUser, ToolContext

router = web_router()

NOTICES = {"approved", "rejected", "proposed"}
RECENT = 30


def people_names(session: Session, actions: list[ActionView]) -> dict[int, str]:
    ids = {action.requester_id for action in actions} | {
        action.decided_by_id for action in actions if action.decided_by_id is not None
    }
    if not ids:
        return {}
    rows = session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(ids)))
    return {row.id: row.name for row in rows}


def decidable_ids(session: Session, user: CurrentUser, actions: list[ActionView]) -> set[str]:
    return {action.id for action in confirmations.decidable_by(session, user, actions)}


@router.get("/actions")
def inbox(request: Request, ctx: WebContext) -> HTMLResponse:
    pending = confirmations.list_actions(ctx.session, status=ActionStatus.PENDING, limit=500)
    waiting = confirmations.decidable_by(ctx.session, ctx.user, pending)
    waiting_ids = {action.id for action in waiting}
    recent = confirmations.list_actions(ctx.session, status=None, limit=500)
    mine = [
        action
        for action in recent
        if action.id not in waiting_ids and ctx.user.id in (action.requester_id, action.decided_by_id)
    ][:RECENT]
    return page(
        request,
        "actions.html",
        user=ctx.user,
        waiting=waiting,
        mine=mine,
        names=people_names(ctx.session, waiting + mine),
    )


def action_page(
    request: Request,
    ctx: ToolContext,
    action_id: str,
    *,
    status: int = 200,
    notice: str | None = None,
    refusal: str | None = None,
) -> HTMLResponse:
    action = confirmations.get_action_for(ctx.session, action_id, ctx.user)
    return page(
        request,
        "action.html",
        user=ctx.user,
        status=status,
        action=action,
        may_decide=bool(decidable_ids(ctx.session, ctx.user, [action])),
        names=people_names(ctx.session, [action]),
        notice=notice,
        refusal=refusal,
    )


@router.get("/actions/{action_id}")
def show_action(request: Request, action_id: str, ctx: WebContext, done: str | None = None) -> HTMLResponse:
    return action_page(request, ctx, action_id, notice=done if done in NOTICES else None)


def _refused(request: Request, ctx: FormContext, action_id: str, error: ActionDecisionError) -> HTMLResponse:
    return action_page(request, ctx, action_id, status=409, refusal=error.message)


@router.post("/actions/{action_id}/approve")
def approve(
    request: Request,
    action_id: str,
    ctx: FormContext,
    services: Services,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        confirmations.approve(
            ctx.session,
            registry=services.registry,
            settings=ctx.settings,
            action_id=action_id,
            approver=ctx.user,
            now=ctx.now(),
            note=note.strip() or None,
        )
    except ActionDecisionError as error:
        return _refused(request, ctx, action_id, error)
    return see_other(f"/app/actions/{action_id}?done=approved")


@router.post("/actions/{action_id}/reject")
def reject(
    request: Request, action_id: str, ctx: FormContext, note: Annotated[str, Form(max_length=500)] = ""
) -> Response:
    try:
        confirmations.reject(
            ctx.session, action_id=action_id, approver=ctx.user, now=ctx.now(), note=note.strip() or None
        )
    except ActionDecisionError as error:
        return _refused(request, ctx, action_id, error)
    return see_other(f"/app/actions/{action_id}?done=rejected")
