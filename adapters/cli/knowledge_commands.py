"""`backoffice ingest | policies | search-policies`: the policy library from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from adapters.cli import deps

if TYPE_CHECKING:
    from knowledge.ingest import IngestReport
    from knowledge.service import KnowledgeService


def knowledge_service(*, rebuild: bool = False) -> KnowledgeService:
    """The configured store and embedder; a mismatch or an unreachable server ends the command with why."""
    from knowledge.service import KnowledgeService
    from knowledge.store import EmbedderMismatchError, StoreUnavailableError

    try:
        return KnowledgeService.from_settings(deps.settings(), rebuild=rebuild)
    except (EmbedderMismatchError, StoreUnavailableError) as error:
        raise deps.fail(str(error)) from error


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Policy files or folders (Markdown, PDF, DOCX, HTML, text).")
    ],
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop registered files under PATHs that are no longer there.")
    ] = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Delete the policy store first (e.g. to switch embedders).")
    ] = False,
) -> None:
    """Add or update policies: unchanged files are skipped, changed ones replaced, failures reported per file."""
    report = run_ingest(paths, prune=prune, rebuild=rebuild)
    if report.failed:
        raise typer.Exit(1)


def run_ingest(paths: list[Path], *, prune: bool = False, rebuild: bool = False) -> IngestReport:
    from knowledge.ingest import FileOutcome, collect_files, ingest_paths

    service = knowledge_service(rebuild=rebuild)
    total = len(collect_files(paths))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with deps.command_session() as session, Progress(*columns, console=deps.console, transient=True) as bar:
        task = bar.add_task("Ingesting policies", total=total)

        def advance(outcome: FileOutcome) -> None:
            bar.update(task, advance=1, description=f"Ingesting {outcome.path.name}")

        report = ingest_paths(session, knowledge=service, paths=paths, prune=prune, on_file=advance)
    _print_report(report)
    return report


def _print_report(report: IngestReport) -> None:
    from knowledge.ingest import Outcome

    table = Table(title="Ingested policies", title_justify="left")
    for column in ("file", "outcome", "chunks", "reason"):
        table.add_column(column)
    for item in report.files:
        style = {Outcome.FAILED: "red", Outcome.SKIPPED: "dim"}.get(item.outcome, "")
        table.add_row(item.path.name, item.outcome.value, str(item.chunks), item.reason or "", style=style)
    deps.console.print(table)
    counts = ", ".join(
        f"{report.count(outcome)} {outcome.value}" for outcome in Outcome if report.count(outcome)
    )
    deps.console.print(counts or "nothing to ingest")


def list_policies() -> None:
    """The policy registry: every ingested file with its title, language, chunks and when it was ingested."""
    from sqlalchemy import select

    from assistant.db.models import Policy

    table = Table(title="Policies", title_justify="left")
    for column in ("source", "title", "language", "chunks", "status", "ingested at", "embedder", "error"):
        table.add_column(column)
    with deps.command_session() as session:
        policies = list(session.scalars(select(Policy).order_by(Policy.source)))
        for policy in policies:
            table.add_row(
                policy.source,
                policy.title,
                policy.language or "",
                str(policy.chunk_count),
                policy.status.value,
                policy.ingested_at.strftime("%Y-%m-%d %H:%M") if policy.ingested_at else "",
                policy.embedder or "",
                policy.error or "",
            )
    deps.console.print(table if policies else "No policies yet: backoffice ingest PATH")


def search_policies(
    question: Annotated[str, typer.Argument(help="A question in any supported language.")],
    k: Annotated[int, typer.Option("-k", help="How many passages.", min=1, max=20)] = 5,
    answer: Annotated[bool, typer.Option("--answer", help="Also print the extractive answer.")] = False,
) -> None:
    """Search the policies: the passages that answer a question with source, section, page and score."""
    from knowledge.answers import extractive_answer, not_covered

    service = knowledge_service()
    result = service.search(question=question, k=k)
    if not result.covered:
        deps.console.print(
            f"{not_covered('en')} (best score {result.best_score:.3f} < {result.threshold:.3f})"
        )
        return
    table = Table(title=f"Policies on: {result.question}", title_justify="left")
    for column in ("#", "score", "source", "section", "page", "passage"):
        table.add_column(column)
    for number, hit in enumerate(result.hits, start=1):
        excerpt = hit.text if len(hit.text) <= 160 else hit.text[:157] + "..."
        page = "" if hit.page is None else str(hit.page)
        table.add_row(str(number), f"{hit.score:.3f}", hit.source, hit.section, page, excerpt)
    deps.console.print(table)
    if answer:
        deps.console.print(extractive_answer(result).text)
