"""Draft a report end to end: check access, compute, write the narrative, render the files, store the record.

Files go to `<data_dir>/reports/<id>/` (or a directory the caller names); the `reports` row keeps the spec, who
asked, when, and the file paths. Used by the CLI (`backoffice report`) and the `draft_report` tool.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import Employee, Report
from assistant.reports.access import require_report_access
from assistant.reports.charts import render_chart_png
from assistant.reports.compute import compute_report
from assistant.reports.llm_narrative import draft_narrative
from assistant.reports.narrative import narrate
from assistant.reports.number_format import report_language
from assistant.reports.render_pdf import render_pdf
from assistant.reports.render_text import RenderedChart, ReportDocument, render_html, render_markdown
from assistant.reports.render_xlsx import render_xlsx
from assistant.reports.results import ReportResult
from assistant.reports.specs import ReportSpec
from assistant.settings import Settings
from tools.base import CurrentUser


class ReportFormat(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"


ALL_FORMATS = tuple(ReportFormat)


@dataclass(frozen=True)
class DraftedReport:
    id: str
    result: ReportResult
    narrative: str
    files: list[Path]
    notes: list[str]


def parse_formats(text: str) -> list[ReportFormat]:
    """'pdf,xlsx' -> [PDF, XLSX]; raises ValueError naming the unknown ones."""
    names = [name.strip().lower().lstrip(".") for name in text.split(",") if name.strip()]
    aliases = {"markdown": "md", "excel": "xlsx"}
    unknown = [name for name in names if aliases.get(name, name) not in {fmt.value for fmt in ReportFormat}]
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)}; choose from md, html, pdf, xlsx")
    return [ReportFormat(aliases.get(name, name)) for name in dict.fromkeys(names)]


def render_files(document: ReportDocument, directory: Path, formats: Iterable[ReportFormat]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    formats = list(formats)
    if ReportFormat.MARKDOWN in formats:  # the Markdown links the PNGs beside it
        for chart in document.charts:
            (directory / chart.file_name).write_bytes(chart.png)
            written.append(directory / chart.file_name)
    stem = document.result.kind.value
    for fmt in formats:
        path = directory / f"{stem}.{fmt.value}"
        if fmt is ReportFormat.MARKDOWN:
            path.write_text(render_markdown(document), encoding="utf-8")
        elif fmt is ReportFormat.HTML:
            path.write_text(render_html(document), encoding="utf-8")
        elif fmt is ReportFormat.PDF:
            path.write_bytes(render_pdf(document))
        else:
            path.write_bytes(render_xlsx(document))
        written.append(path)
    return written


def build_document(
    result: ReportResult, *, language: str, currency: str, narrative: str | None = None
) -> ReportDocument:
    """The document to render in `language`; the template narrative unless one is given. `result` should be
    computed in the same language (its titles and labels are written when it is computed)."""
    language = report_language(language)
    charts = [
        RenderedChart(
            file_name=f"chart-{index}-{chart.key}.png",
            title=chart.title,
            png=render_chart_png(chart, language=language, currency=currency),
        )
        for index, chart in enumerate(result.charts, start=1)
    ]
    return ReportDocument(
        result=result,
        narrative=narrative
        if narrative is not None
        else narrate(result, language=language, currency=currency),
        charts=charts,
        language=language,
        currency=currency,
    )


def draft_report(
    session: Session,
    *,
    settings: Settings,
    user: CurrentUser,
    spec: ReportSpec,
    now: datetime,
    formats: Iterable[ReportFormat] = ALL_FORMATS,
    language: str | None = None,
    out_dir: Path | None = None,
    model: BaseChatModel | None = None,
    notes: Sequence[str] = (),
) -> DraftedReport:
    """Compute, render and store one report. Raises ReportAccessError when the user's role may not have it.

    With `model` (a language model) the narrative is the model's draft when every number in it checks out,
    else the template's. `notes` (how the request was read) go into the provenance with the narrative's own.
    """
    require_report_access(user.role, spec.kind)
    language = report_language(language or user.locale)
    result = compute_report(
        session, spec=spec, requested_by=f"{user.name} <{user.email}>", now=now, language=language
    )
    currency = settings.company_currency
    narrative = draft_narrative(result, model=model, language=language, currency=currency)
    provenance = result.provenance.model_copy(update={"notes": [*notes, narrative.note]})
    result = result.model_copy(update={"provenance": provenance})
    document = build_document(result, language=language, currency=currency, narrative=narrative.text)
    report_id = uuid.uuid4().hex[:16]
    directory = out_dir or settings.data_dir / "reports" / report_id
    files = render_files(document, directory, formats)
    session.add(
        Report(
            id=report_id,
            kind=spec.kind.value,
            title=f"{result.title} — {result.subtitle}"[:200],
            spec=spec.model_dump(mode="json"),
            requested_by_id=user.id,
            created_at=now,
            files=[str(path) for path in files],
        )
    )
    session.flush()
    return DraftedReport(
        id=report_id, result=result, narrative=document.narrative, files=files, notes=provenance.notes
    )


@dataclass(frozen=True)
class StoredReport:
    id: str
    kind: str
    title: str
    requested_by: str
    created_at: datetime
    files: list[str]


def list_reports(
    session: Session, *, requested_by_id: int | None = None, limit: int = 50
) -> list[StoredReport]:
    """Newest first; only one person's when `requested_by_id` is given."""
    statement = select(Report, Employee.email).join(Employee, Employee.id == Report.requested_by_id)
    if requested_by_id is not None:
        statement = statement.where(Report.requested_by_id == requested_by_id)
    rows = session.execute(statement.order_by(Report.created_at.desc(), Report.id).limit(limit)).all()
    return [
        StoredReport(
            id=report.id,
            kind=report.kind,
            title=report.title,
            requested_by=email,
            created_at=report.created_at,
            files=list(report.files),
        )
        for report, email in rows
    ]
