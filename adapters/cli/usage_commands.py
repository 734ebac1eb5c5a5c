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


def stats(
    as_user: Annotated[str | None, typer.Option("--as", help="Your email.")] = None,
    last: Annotated[int, typer.Option(min=1, max=100_000, help="How many of the latest turns.")] = 200,
) -> None:
    """The last N chat turns: outcomes, latency (p50/p95/p99), model calls, tokens and each tool's calls,
    failures and time. Managers and admins see everyone's turns; others their own."""
    from assistant.agent.stats import turn_stats
    from assistant.db.models import Role

    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        everyone = user.role in (Role.MANAGER, Role.ADMIN)
        summary = turn_stats(session, last=last, employee_id=None if everyone else user.id)
    if not summary.turns:
        deps.console.print("No chat turns yet.")
        return
    outcomes = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.outcomes.items()))
    models = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.models.items()))
    deps.console.print(
        f"[bold]Last {summary.turns:,} turns[/bold] ({'everyone' if everyone else 'yours'}): {outcomes}\n"
        f"latency p50 {summary.p50_ms:,.0f} ms, p95 {summary.p95_ms:,.0f} ms, p99 {summary.p99_ms:,.0f} ms\n"
        f"models: {models}; {summary.model_calls:,} model calls, {summary.input_tokens:,} input and "
        f"{summary.output_tokens:,} output tokens; {summary.proposals:,} proposals"
    )
    if not summary.tools:
        return
    table = Table(title="Tool calls")
    for column in ("tool", "calls", "failed", "proposed", "p50 ms", "p99 ms"):
        table.add_column(column, justify="left" if column == "tool" else "right")
    for tool in summary.tools:
        table.add_row(
            tool.name,
            f"{tool.calls:,}",
            f"{tool.failures:,}",
            f"{tool.proposals:,}",
            f"{tool.p50_ms:,.1f}",
            f"{tool.p99_ms:,.1f}",
        )
    deps.console.print(table)
