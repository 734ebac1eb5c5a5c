"""`backoffice audit ...`: verify the hash chain, export the log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adapters.cli import deps
from assistant import audit

audit_app = typer.Typer(help="The audit log: verify its hash chain, export it.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Recompute the chain; exit 1 and name the records when anything was edited, deleted or reordered."""
    with deps.command_session() as session:
        report = audit.verify(session)
    if report.ok:
        deps.console.print(f"[green]Audit log intact[/]: {report.records} records, chain verified.")
        return
    for problem in report.problems:
        deps.errors.print(f"[red]{problem}[/]", highlight=False)
    raise deps.fail(f"audit log tampered: {len(report.problems)} problem(s) in {report.records} records")


@audit_app.command("export")
def export(
    as_user: Annotated[str | None, typer.Option("--as", help="An admin's email.")] = None,
    out: Annotated[Path | None, typer.Argument(help="File to write; standard output if omitted.")] = None,
) -> None:
    """Write the log as JSON lines (with hashes, so a copy can be verified elsewhere). Admins only: the log
    holds every decision's details."""
    from assistant.db.models import Role

    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        if user.role is not Role.ADMIN:
            raise deps.fail("only admins may export the audit log")
        lines = list(audit.export_lines(session))
    text = "".join(line + "\n" for line in lines)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        deps.console.print(f"Wrote {len(lines)} records to {out}")
