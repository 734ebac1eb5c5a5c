"""`backoffice classify FILE...` and `backoffice documents list|review|show|correct|file`.

Classifying reads files from the terminal user's own disk (they are trusted with it); the agent's
submit_document tool, by contrast, reads only the documents inbox. Corrections and filing are proposals made
through the same tools as in chat; a correction may be approved on the spot by a reviewer allowed to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from adapters.cli import deps
from assistant import confirmations
from assistant.db.models import ActionStatus, DocumentStatus, DocumentType, ReviewStatus
from assistant.db.types import utcnow
from assistant.documents import service
from assistant.documents.pipeline import pipeline_from_settings
from assistant.documents.views import DocumentSummary, DocumentView
from tools.base import CurrentUser, ToolError
from tools.documents import DocumentList, DocumentResult, ReviewQueue
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry

documents_app = typer.Typer(
    help="Uploaded documents: list, review queue, show, correct, file.", no_args_is_help=True
)

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this employee (email).")]


def classify(
    files: Annotated[
        list[Path], typer.Argument(help="Files to classify (PDF, image, DOCX, text, XML e-invoice).")
    ],
    as_user: Annotated[
        str | None, typer.Option("--as", help="Uploader (email); default BACKOFFICE_CLI_USER or nobody.")
    ] = None,
) -> None:
    """Store and classify files: type, confidence and why, extracted fields, review status, duplicates.
    Exits with 1 when a file could not be read (it is stored all the same, with the reason)."""
    import os

    settings = deps.settings()
    pipeline = pipeline_from_settings(settings)
    unreadable = 0
    with deps.command_session() as session:
        uploader: CurrentUser | None = None
        if as_user or os.environ.get("BACKOFFICE_CLI_USER"):
            uploader = deps.resolve_user(session, as_user)
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as error:
                deps.errors.print(
                    f"[bold red]error:[/] {path}: cannot read it ({error.strerror})", highlight=False
                )
                unreadable += 1
                continue
            submission = service.submit(
                session,
                settings=settings,
                pipeline=pipeline,
                data=data,
                filename=path.name,
                uploader=uploader,
                now=utcnow(),
            )
            document = submission.document
            if document.status is DocumentStatus.FAILED:
                unreadable += 1
            _print_document(DocumentView.of(document), title=str(path), duplicate=submission.duplicate)
            deps.console.print(submission.message, highlight=False)
    if unreadable:
        raise typer.Exit(1)


def _print_document(view: DocumentView, *, title: str, duplicate: bool | None = None) -> None:
    rows: dict[str, Any] = {
        "document": f"#{view.id} {view.filename}",
        "status": view.status.value,
        "type": view.doc_type.value if view.doc_type else "",
        "confidence": f"{view.confidence:.2f}" if view.confidence is not None else "",
        "reason": view.classification_reason or view.failure_reason or "",
        "review": view.review_status.value + (f" ({view.review_reason})" if view.review_reason else ""),
    }
    if duplicate is not None:
        rows["duplicate"] = "yes" if duplicate else "no"
    if view.predicted_type and view.predicted_type != view.doc_type:
        rows["classifier said"] = view.predicted_type.value
    if view.missing_fields:
        rows["missing"] = ", ".join(view.missing_fields)
    if view.filed_as:
        rows["filed as"] = view.filed_as
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("value")
    for name, value in rows.items():
        table.add_row(name, str(value))
    for name, field in view.fields.items():
        table.add_row(f"  {name}", f"{field.value}  [dim]({field.confidence:.2f})[/]")
    deps.console.print(table)


def _summaries_table(title: str, documents: list[DocumentSummary]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("id", "file", "status", "type", "conf.", "review", "why", "filed as", "uploaded"):
        table.add_column(column)
    for view in documents:
        table.add_row(
            str(view.id),
            view.filename,
            view.status.value,
            view.doc_type.value if view.doc_type else "",
            f"{view.confidence:.2f}" if view.confidence is not None else "",
            view.review_status.value,
            view.review_reason or view.failure_reason or "",
            view.filed_as or "",
            f"{view.uploaded_at:%Y-%m-%d %H:%M}",
        )
    return table


def _read(tool_name: str, arguments: dict[str, Any], as_user: str | None) -> Any:
    """Reading goes through the tools too, so the terminal obeys the same roles as chat."""
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            return call_tool(deps.tool_context(session, user), default_registry(), tool_name, arguments)
        except ToolError as error:
            raise deps.fail(error.message) from error


@documents_app.command("list")
def list_command(
    status: Annotated[
        DocumentStatus | None, typer.Option(help="classified, ocr_unavailable or failed.")
    ] = None,
    doc_type: Annotated[DocumentType | None, typer.Option("--type", help="Only this type.")] = None,
    review: Annotated[ReviewStatus | None, typer.Option(help="Only this review state.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 50,
    as_user: AsUser = None,
) -> None:
    """Documents you may see, newest first."""
    arguments = {"status": status, "doc_type": doc_type, "review_status": review, "limit": limit}
    result: DocumentList = _read("list_documents", arguments, as_user)
    views = result.documents
    deps.console.print(_summaries_table("Documents", views) if views else "No documents.")


@documents_app.command("review")
def review_command(
    doc_type: Annotated[DocumentType | None, typer.Option("--type", help="Only this type.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 50,
    as_user: AsUser = None,
) -> None:
    """The review queue, oldest first, with why each document waits."""
    result: ReviewQueue = _read("list_review_queue", {"doc_type": doc_type, "limit": limit}, as_user)
    views: list[DocumentSummary] = list(result.documents)
    deps.console.print(_summaries_table("Review queue", views) if views else "Nothing waits for review.")


@documents_app.command("show")
def show_command(
    document_id: Annotated[int, typer.Argument(help="Document number.")],
    text: Annotated[bool, typer.Option("--text", help="Also print the extracted text.")] = False,
    as_user: AsUser = None,
) -> None:
    """One document with its fields (and, with --text, what was read from it)."""
    result: DocumentResult = _read("get_document", {"document_id": document_id}, as_user)
    _print_document(result.document, title=f"Document #{document_id}")
    if text:
        with deps.command_session() as session:
            user = deps.resolve_user(session, as_user)
            body = service.read_text(session, document_id=document_id, user=user)
        deps.console.print(body or "(no text)", highlight=False, markup=False)


def _parse_fields(pairs: list[str]) -> list[dict[str, str | None]]:
    fields: list[dict[str, str | None]] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise deps.fail(f"--field takes NAME=VALUE (empty VALUE removes the field), not {pair!r}", 2)
        fields.append({"name": name.strip(), "value": value.strip() or None})
    return fields


def _propose(tool_name: str, arguments: dict[str, Any], as_user: str | None) -> Proposal:
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            result = call_tool(deps.tool_context(session, user), default_registry(), tool_name, arguments)
        except ToolError as error:
            raise deps.fail(error.message) from error
    assert isinstance(result, Proposal)
    return result


@documents_app.command("correct")
def correct_command(
    document_id: Annotated[int, typer.Argument(help="Document number.")],
    doc_type: Annotated[DocumentType | None, typer.Option("--type", help="The right type.")] = None,
    field: Annotated[
        list[str] | None, typer.Option("--field", help="NAME=VALUE to set (NAME= removes); repeatable.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Approve it at once (when you may).")] = False,
    as_user: AsUser = None,
) -> None:
    """Correct a document's type and fields (neither: confirm it as classified). The classifier learns from
    it. Proposed, then approved at once with --yes or after you confirm."""
    arguments = {
        "document_id": document_id,
        "doc_type": doc_type,
        "fields": _parse_fields(field or []),
        "note": note,
    }
    proposal = _propose("correct_document", arguments, as_user)
    action = proposal.action
    deps.console.print_json(data=action.preview)
    if not yes and not typer.confirm(f"Apply: {action.summary}?"):
        deps.console.print(f"Left for a decision: backoffice actions approve {action.id}")
        return
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            outcome = confirmations.approve(
                session,
                registry=default_registry(),
                settings=deps.settings(),
                action_id=action.id,
                approver=user,
                now=utcnow(),
                note=note,
            )
        except ToolError as error:
            raise deps.fail(f"{error.message} (action {action.id} stays pending)") from error
    if outcome.status is not ActionStatus.EXECUTED:
        raise deps.fail(f"not applied: {outcome.error}")
    deps.console.print(f"[green]Done[/]: {action.summary}", highlight=False)


@documents_app.command("file")
def file_command(
    document_id: Annotated[int, typer.Argument(help="Document number.")],
    supplier: Annotated[
        str | None, typer.Option(help="Supplier invoices: the supplier (code or name).")
    ] = None,
    purchase_order: Annotated[
        str | None, typer.Option("--po", help="Supplier invoices: the PO number.")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Propose filing a reviewed document (invoice -> payable, receipt -> expense, policy, resume). Someone
    with the right decides it: backoffice actions approve ID."""
    arguments = {"document_id": document_id, "supplier": supplier, "purchase_order": purchase_order}
    proposal = _propose("file_document", arguments, as_user)
    deps.console.print_json(data=proposal.action.preview)
    deps.console.print(proposal.message, highlight=False)
