"""`backoffice actions ...`: see pending actions and decide them, with the same engine as Slack and the web."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from adapters.cli import deps
from assistant import confirmations
from assistant.db.models import ActionStatus
from assistant.db.types import utcnow
from tools.base import ToolError
from tools.registry import default_registry

actions_app = typer.Typer(
    help="Pending actions: list, show, approve, reject, withdraw.", no_args_is_help=True
)

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this employee (email).")]


@actions_app.command("list")
def list_actions(
    status: Annotated[
        str, typer.Option(help="pending, executed, failed, rejected, expired, withdrawn or all.")
    ] = "pending",
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_user: AsUser = None,
) -> None:
    """List the actions you asked for, decided or may decide (admins: all), newest first."""
    wanted = None if status == "all" else ActionStatus(status)
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        candidates = confirmations.list_actions(session, status=wanted, limit=limit * 10)
        actions = confirmations.visible_to(session, user, candidates)[:limit]
    table = Table(title=f"Actions ({status})", title_justify="left")
    table.add_column("id", no_wrap=True, min_width=36)  # people copy it into `approve`: never cut it
    for column in ("status", "tool", "summary", "needs", "expires"):
        table.add_column(column)
    for action in actions:
        needs = (
            f"#{action.required_approver_id}"
            if action.required_approver_id
            else "/".join(action.required_roles)
        )
        table.add_row(
            action.id,
            action.status.value,
            action.tool_name,
            action.summary,
            needs,
            f"{action.expires_at:%Y-%m-%d %H:%M}",
        )
    deps.console.print(table)


@actions_app.command("show")
def show(action_id: str, as_user: AsUser = None) -> None:
    """Show one action with its preview and outcome (yours, or one you decided or may decide)."""
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            action = confirmations.get_action_for(session, action_id, user)
        except ToolError as error:
            raise deps.fail(error.message) from error
    deps.console.print_json(action.model_dump_json())


@actions_app.command("approve")
def approve(
    action_id: str,
    as_user: AsUser = None,
    note: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; approve.")] = False,
) -> None:
    """Approve an action: it is executed at once, exactly once."""
    if not yes:
        # Show the preview and ask outside any transaction: nothing may stay locked while a person reads.
        with deps.command_session() as session:
            user = deps.resolve_user(session, as_user)
            try:
                preview = confirmations.get_action_for(session, action_id, user)
            except ToolError as error:
                raise deps.fail(error.message) from error
        deps.console.print_json(data=preview.preview)
        if not typer.confirm(f"Approve: {preview.summary}?"):
            raise deps.fail("not approved; nothing changed", 1)
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            outcome = confirmations.approve(
                session,
                registry=default_registry(),
                settings=deps.settings(),
                action_id=action_id,
                approver=user,
                now=utcnow(),
                note=note,
            )
        except ToolError as error:
            raise deps.fail(error.message) from error
    if outcome.status is ActionStatus.EXECUTED:
        deps.console.print(f"[green]Executed[/]: {outcome.summary}")
    else:
        deps.console.print(f"[red]Failed[/]: {outcome.error}")
        raise typer.Exit(1)


@actions_app.command("reject")
def reject(
    action_id: str,
    as_user: AsUser = None,
    note: Annotated[str | None, typer.Option(help="Why, for the requester and the audit log.")] = None,
) -> None:
    """Reject an action; nothing is executed."""
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            outcome = confirmations.reject(
                session, action_id=action_id, approver=user, now=utcnow(), note=note
            )
        except ToolError as error:
            raise deps.fail(error.message) from error
    deps.console.print(f"Rejected: {outcome.summary}")


@actions_app.command("withdraw")
def withdraw(action_id: str, as_user: AsUser = None) -> None:
    """Withdraw your own pending request."""
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            outcome = confirmations.withdraw(session, action_id=action_id, requester=user, now=utcnow())
        except ToolError as error:
            raise deps.fail(error.message) from error
    deps.console.print(f"Withdrawn: {outcome.summary}")


@actions_app.command("expire")
def expire() -> None:
    """Mark every pending action past its expiry as expired (run it periodically)."""
    with deps.command_session() as session:
        count = confirmations.expire_due(session, now=utcnow())
    deps.console.print(f"Expired {count} action(s).")
