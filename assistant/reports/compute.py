"""Compute a report from its spec on the live database: numbers by SQL, provenance of every query."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from assistant.reports.headings import Words
from assistant.reports.inventory import build_inventory
from assistant.reports.people import build_people
from assistant.reports.pipeline import build_pipeline
from assistant.reports.purchasing import build_purchasing
from assistant.reports.querying import QueryLog
from assistant.reports.receivables import build_receivables
from assistant.reports.results import Provenance, ReportBody, ReportResult
from assistant.reports.sales import build_sales
from assistant.reports.specs import ReportKind, ReportSpec

BUILDERS: dict[ReportKind, Callable[[QueryLog, Any, Words], ReportBody]] = {
    ReportKind.SALES: build_sales,
    ReportKind.INVENTORY: build_inventory,
    ReportKind.RECEIVABLES: build_receivables,
    ReportKind.PIPELINE: build_pipeline,
    ReportKind.PURCHASING: build_purchasing,
    ReportKind.HR: build_people,
}


def compute_report(
    session: Session, *, spec: ReportSpec, requested_by: str, now: datetime, language: str = "en"
) -> ReportResult:
    """Run the spec's queries and return the numbers with their provenance, titled and labelled in `language`
    (assistant.reports.headings; English when unknown). Access is the caller's check."""
    log = QueryLog(session)
    words = Words(language)
    body = BUILDERS[spec.kind](log, spec, words)
    return ReportResult(
        kind=spec.kind,
        title=body.title,
        subtitle=body.subtitle,
        figures=body.figures,
        tables=body.tables,
        charts=body.charts,
        empty=body.empty,
        language=words.language,
        provenance=Provenance(
            spec=spec.model_dump(mode="json"),
            queries=log.queries,
            data_as_of=now,
            latest_record_at=body.latest_record_at,
            requested_by=requested_by,
            database=session.get_bind().dialect.name,
        ),
    )
