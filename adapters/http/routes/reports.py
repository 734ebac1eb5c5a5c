"""Reports: draft one from words (the draft_report tool), list yours, get one, download its PDF or XLSX."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from adapters.http.deps import ContextDep, Services
from adapters.http.problems import ApiProblem
from assistant.db.models import Role
from assistant.ownership import get_report_for
from assistant.reports.service import ReportFormat, StoredReport, list_reports
from tools.invoke import call_tool
from tools.reports import DraftedReportResult

router = APIRouter(prefix="/reports", tags=["reports"])

MEDIA_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.HTML: "text/html",
    ReportFormat.MARKDOWN: "text/markdown",
}


class ReportRequest(BaseModel):
    request: str = Field(
        min_length=2, max_length=500, description="In words, e.g. 'sales by region for Q3 compared with Q2'."
    )
    formats: list[ReportFormat] = Field(default_factory=lambda: [ReportFormat.PDF, ReportFormat.XLSX])


class ReportView(BaseModel):
    id: str
    kind: str
    title: str
    requested_by: str
    created_at: datetime
    formats: list[ReportFormat]


def _view(report: StoredReport) -> ReportView:
    fields = asdict(report)
    suffixes = {Path(path).suffix.lstrip(".") for path in fields.pop("files")}
    return ReportView(**fields, formats=[fmt for fmt in ReportFormat if fmt.value in suffixes])


@router.post("", status_code=201, summary="Draft a report from words (200 with a question when unclear)")
def create_report(
    body: ReportRequest, ctx: ContextDep, services: Services, response: Response
) -> DraftedReportResult:
    arguments = {"request": body.request, "formats": body.formats}
    result = call_tool(ctx, services.registry, "draft_report", arguments)
    assert isinstance(result, DraftedReportResult)
    if result.status != "drafted":
        response.status_code = 200
    result.files = [Path(path).name for path in result.files]  # server paths are not the caller's business
    return result


@router.get("", summary="Reports you requested (admins: everyone's), newest first")
def list_my_reports(ctx: ContextDep, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[ReportView]:
    requester = None if ctx.user.role is Role.ADMIN else ctx.user.id
    return [_view(report) for report in list_reports(ctx.session, requested_by_id=requester, limit=limit)]


@router.get("/{report_id}", summary="One report you requested")
def get_report(report_id: str, ctx: ContextDep) -> ReportView:
    return _view(get_report_for(ctx.session, report_id=report_id, user=ctx.user))


@router.get(
    "/{report_id}/{file_format}",
    summary="Download a report's file (pdf, xlsx, html, md)",
    response_class=FileResponse,
)
def download_report(report_id: str, file_format: ReportFormat, ctx: ContextDep) -> FileResponse:
    report = get_report_for(ctx.session, report_id=report_id, user=ctx.user)
    for stored in map(Path, report.files):
        if stored.suffix == f".{file_format.value}" and stored.is_file():
            return FileResponse(stored, filename=stored.name, media_type=MEDIA_TYPES[file_format])
    raise ApiProblem(404, f"Report {report_id} has no {file_format.value} file.", code="not_found")
