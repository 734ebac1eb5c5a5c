"""The approvals inbox: what waits for the reader's decision, their own requests, one request with its preview.

Deciding goes through the confirmation engine like the API and Slack: the right is checked again, and an action
runs exactly once. A second approval (another tab, another person) gets 409 and "already decided".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from adapters.http.deps import Services
from adapters.http.web.pages import page, see_other, web_router
from adapters.http.web.session import FormContext, WebContext
from assistant import confirmations
from assistant.confirmations import ActionDecisionError, ActionView
from assistant.db.engine import run_in_transaction
from assistant.db.models import ActionStatus
from tools.base import CurrentUser, ToolContext

router = web_router()

NOTICES = {"approved", "rejected", "proposed"}
RECENT = 30


def decidable_ids(session: Session, user: CurrentUser, actions: list[ActionView]) -> set[str]:
    return {action.id for action in confirmations.decidable_by(session, user, actions)}


@router.get("/actions")
def inbox(request: Request, ctx: WebContext) -> HTMLResponse:
    pending = confirmations.list_actions(ctx.session, status=ActionStatus.PENDING, limit=500)
    waiting = confirmations.decidable_by(ctx.session, ctx.user, pending)
    waiting_ids = {action.id for action in waiting}
    involving = confirmations.list_actions(
        ctx.session, involving_id=ctx.user.id, limit=RECENT + len(waiting_ids)
    )
    mine = [action for action in involving if action.id not in waiting_ids][:RECENT]
    return page(
        request,
        "actions.html",
        user=ctx.user,
        waiting=waiting,
        mine=mine,
        names=confirmations.people_names(ctx.session, waiting + mine),
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
        names=confirmations.people_names(ctx.session, [action]),
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
    def decide(session: Session) -> None:  # its own unit of work, retried on a deadlock, like the API's
        confirmations.approve(
            session,
            registry=services.registry,
            settings=ctx.settings,
            action_id=action_id,
            approver=ctx.user,
            now=ctx.now(),
            note=note.strip() or None,
        )

    try:
        run_in_transaction(services.sessions, decide)
    except ActionDecisionError as error:
        return _refused(request, ctx, action_id, error)
    return see_other(f"/app/actions/{action_id}?done=approved")


@router.post("/actions/{action_id}/reject")
def reject(
    request: Request,
    action_id: str,
    ctx: FormContext,
    services: Services,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    def decide(session: Session) -> None:
        confirmations.reject(
            session, action_id=action_id, approver=ctx.user, now=ctx.now(), note=note.strip() or None
        )

    try:
        run_in_transaction(services.sessions, decide)
    except ActionDecisionError as error:
        return _refused(request, ctx, action_id, error)
    return see_other(f"/app/actions/{action_id}?done=rejected")
