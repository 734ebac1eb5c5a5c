"""`backoffice ask "..."` and `backoffice chat`: the assistant in a terminal, with approvals on the spot."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.panel import Panel

from adapters.cli import deps
from assistant import confirmations
from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.service import ChatReply, ChatService, open_knowledge
from assistant.confirmations import ActionView
from assistant.db.engine import make_session_factory, session_scope
from assistant.db.types import utcnow
from tools.base import CurrentUser, ToolError
from tools.registry import default_registry

AsUser = Annotated[str | None, typer.Option("--as", help="Talk as this employee (email).")]

DEMO_SCRIPT = (
    "Which orders are pending?",
    "Wie viele CH-KONF-NVY haben wir auf Lager?",
    "ile jest na stanie CH-ERGO-BLU-NY w magazynie WAW?",
    "Koliko mi je ostalo dana godišnjeg odmora?",
    "What's the hotel limit per night on a business trip in Germany?",
    "Sales report by region for Q3 compared with Q2",
    "What's the weather tomorrow?",
)


@contextmanager
def _service() -> Iterator[ChatService]:
    settings = deps.settings()
    engine = deps.engine()
    try:
        with open_checkpointer(settings) as checkpointer:
            yield ChatService(
                settings=settings,
                sessions=make_session_factory(engine),
                registry=default_registry(),
                checkpointer=checkpointer,
                knowledge=open_knowledge(settings),
            )
    finally:
        engine.dispose()


def _who(as_user: str | None) -> CurrentUser:
    with deps.command_session() as session:
        return deps.resolve_user(session, as_user)


def _show(reply: ChatReply) -> None:
    style = "red" if reply.failed else "cyan"
    deps.console.print(Panel(reply.text, title="assistant", title_align="left", border_style=style))
    for action in reply.proposals:
        deps.console.print(f"[bold]Proposed[/] (nothing done yet): {action.summary}  [dim]{action.id}[/]")
        deps.console.print_json(data=action.preview)


def ask(
    question: Annotated[str, typer.Argument(help="What to ask, in any of en/de/pl/hr/ko.")],
    as_user: AsUser = None,
) -> None:
    """Ask one question and print the answer (proposals are listed; decide them with `actions approve`)."""
    user = _who(as_user)
    with _service() as service:
        _show(service.turn(user=user, text=question, channel="cli"))


def chat(as_user: AsUser = None) -> None:
    """Talk to the assistant. Proposals you may decide can be approved or rejected right here."""
    user = _who(as_user)
    interactive = sys.stdin.isatty()
    with _service() as service:
        conversation_id: str | None = None
        lines = _typed_lines() if interactive else iter(DEMO_SCRIPT)
        if not interactive:
            deps.console.print("[dim]No terminal: a short scripted conversation follows.[/]")
        for text in lines:
            if not interactive:
                deps.console.print(f"[bold]{user.name}:[/] {text}")
            reply = service.turn(user=user, text=text, channel="cli", conversation_id=conversation_id)
            conversation_id = reply.conversation_id
            _show(reply)
            for action in reply.proposals:
                _decide_here(service, user, action, interactive)


def _typed_lines() -> Iterator[str]:
    deps.console.print("[dim]Type your message; an empty line or Ctrl-D ends the chat.[/]")
    while True:
        try:
            text = deps.console.input("[bold]> [/]")
        except EOFError:
            return
        if not text.strip():
            return
        yield text


def _decide_here(service: ChatService, user: CurrentUser, action: ActionView, interactive: bool) -> None:
    with session_scope(service.sessions) as session:
        mine_to_decide = bool(confirmations.decidable_by(session, user, [action]))
    if not mine_to_decide:
        who = (
            f"employee #{action.required_approver_id}"
            if action.required_approver_id
            else " or ".join(action.required_roles)
        )
        deps.console.print(f"Waiting for a decision by {who}.")
        return
    if not interactive:
        deps.console.print("You may decide it: `backoffice actions approve ID` or `reject ID`.")
        return
    answer = typer.prompt("Approve this? [y]es / [n]o (reject) / [l]ater", default="l").strip().lower()
    if answer not in ("y", "n"):
        return
    with session_scope(service.sessions) as session:
        try:
            if answer == "y":
                outcome = confirmations.approve(
                    session,
                    registry=service.registry,
                    settings=service.settings,
                    action_id=action.id,
                    approver=user,
                    now=utcnow(),
                )
            else:
                outcome = confirmations.reject(session, action_id=action.id, approver=user, now=utcnow())
        except ToolError as error:
            deps.console.print(f"[red]{error.message}[/]")
            return
    deps.console.print(f"{outcome.status.value}: {outcome.error or outcome.summary}")
