"""What every CLI command needs: settings, an engine, one session per command, a console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.db.engine import engine_from_settings, make_session_factory, session_scope
from assistant.settings import Settings, get_settings
from tools.base import CurrentUser, ToolContext

console = Console()
errors = Console(stderr=True)


def settings() -> Settings:
    return get_settings()


def engine() -> Engine:
    return engine_from_settings(settings())


@contextmanager
def command_session() -> Iterator[Session]:
    """One transaction per command: committed when the command succeeds, rolled back when it fails."""
    db_engine = engine()
    try:
        with session_scope(make_session_factory(db_engine)) as session:
            yield session
    finally:
        db_engine.dispose()


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def resolve_user(session: Session, email: str | None) -> CurrentUser:
    """The employee a command acts as: --as EMAIL, else BACKOFFICE_CLI_USER."""
    import os

    from assistant.identity import active_employee_by_email
    from tools.base import ToolError

    address = email or os.environ.get("BACKOFFICE_CLI_USER")
    if not address:
        raise fail("say who you are: --as EMAIL (or set BACKOFFICE_CLI_USER)", 2)
    try:
        return active_employee_by_email(session, address)
    except ToolError as error:
        raise fail(error.message) from error


def tool_context(session: Session, user: CurrentUser, *, with_knowledge: bool = False) -> ToolContext:
    """The context a command's tool call runs in; the policy library is opened only for tools that search it."""
    knowledge = None
    if with_knowledge:
        from assistant.agent.service import open_knowledge

        knowledge = open_knowledge(settings())
    return ToolContext(
        session=session, user=user, settings=settings(), conversation_id=None, knowledge=knowledge
    )
