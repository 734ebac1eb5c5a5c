"""`backoffice usage`: chat turns and model tokens per person and model, from the turn ledger."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from adapters.cli import deps
from assistant.agent.usage import usage_summary
from assistant.db.types import utcnow


def usage(
    as_user: Annotated[str | None, typer.Option("--as", help="Your email.")] = None,
    days: Annotated[int, typer.Option(min=1, help="How many days back.")] = 30,
) -> None:
    """Turns, model calls and tokens over the last DAYS days. Managers and admins see everyone; others see
    their own."""
    from assistant.db.models import Role

    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        everyone = user.role in (Role.MANAGER, Role.ADMIN)
        rows = usage_summary(
            session, since=utcnow() - timedelta(days=days), employee_id=None if everyone else user.id
        )
    if not rows:
        deps.console.print(f"No chat turns in the last {days} days.")
        return
    table = Table(title=f"Chat usage, last {days} days")
    for column in ("person", "model", "turns", "failed", "model calls", "input tokens", "output tokens"):
        table.add_column(column, justify="left" if column in ("person", "model") else "right")
    for row in rows:
        table.add_row(
            row.employee_email,
            row.model,
            f"{row.turns:,}",
            f"{row.failed_turns:,}",
            f"{row.model_calls:,}",
            f"{row.input_tokens:,}",
            f"{row.output_tokens:,}",
        )
    deps.console.print(table)
