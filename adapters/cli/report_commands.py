"""`backoffice report "plain words"` drafts a report and writes its files; `backoffice reports list` lists them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from adapters.cli import deps
from assistant.db.types import utcnow
from assistant.reports.access import ReportAccessError
from assistant.reports.language_model import report_model
from assistant.reports.llm_requests import read_request
from assistant.reports.requests import Clarification
from assistant.reports.service import draft_report, list_reports, parse_formats

reports_app = typer.Typer(help="Drafted reports.", no_args_is_help=True)


def report(
    request: Annotated[str, typer.Argument(help="What you want, in words: 'sales by region for Q3 vs Q2'.")],
    as_user: Annotated[str | None, typer.Option("--as", help="Your email.")] = None,
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated: pdf, xlsx, md, html.")
    ] = "pdf,xlsx,md,html",
    out: Annotated[
        Path | None, typer.Option("--out", help="Directory for the files (default: data dir).")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="en, de, pl, hr or ko (default: yours).")
    ] = None,
) -> None:
    """Draft a report from plain words and write it as files; asks back when the request is unclear."""
    try:
        chosen = parse_formats(formats)
    except ValueError as error:
        raise deps.fail(str(error), 2) from error
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        now = utcnow()
        model, model_note = report_model(deps.settings())
        reading = read_request(
            request, model=model, today=now.date(), language=language or user.locale, model_note=model_note
        )
        spec = reading.spec
        if isinstance(spec, Clarification):
            deps.console.print(spec.question)
            raise typer.Exit(3)
        try:
            drafted = draft_report(
                session,
                settings=deps.settings(),
                user=user,
                spec=spec,
                now=now,
                formats=chosen,
                language=language,
                out_dir=out,
                model=model,
                notes=reading.notes,
            )
        except ReportAccessError as error:
            raise deps.fail(error.message) from error
    deps.console.print(f"[bold]{drafted.result.title}[/] — {drafted.result.subtitle}", highlight=False)
    deps.console.print(drafted.narrative, highlight=False)
    for path in drafted.files:
        deps.console.print(f"  {path}", highlight=False)
    for note in drafted.notes:
        deps.console.print(f"[dim]{note}[/]", highlight=False)
    deps.console.print(f"Report {drafted.id} stored.")


@reports_app.command("list")
def list_command(
    as_user: Annotated[str | None, typer.Option("--as", help="Your email.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
) -> None:
    """Reports drafted so far, newest first. Managers and admins see everyone's; others their own."""
    from assistant.db.models import Role

    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        everyone = user.role in (Role.MANAGER, Role.ADMIN)
        stored = list_reports(session, requested_by_id=None if everyone else user.id, limit=limit)
    if not stored:
        deps.console.print("No reports yet.")
        return
    table = Table(title="Reports")
    for column in ("id", "kind", "title", "requested by", "created", "files"):
        table.add_column(column)
    for item in stored:
        table.add_row(
            item.id,
            item.kind,
            item.title,
            item.requested_by,
            item.created_at.strftime("%Y-%m-%d %H:%M"),
            str(Path(item.files[0]).parent) if item.files else "",
        )
    deps.console.print(table)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.add_typer(reports_app, name="reports")
