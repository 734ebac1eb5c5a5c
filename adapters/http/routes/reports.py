"""Reports: draft one from words (the draft_report tool), list yours, get one, download its PDF or XLSX."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from adapters.http.deps import ContextDep, Services
from adapters.http.downloads import file_download
from adapters.http.problems import ApiProblem
from adapters.http.routes import examples
from adapters.http.routes.documentation import answers
from assistant.db.models import Role
from assistant.ownership import get_report_for
from assistant.permissions import check_tool_access
from assistant.reports.language_model import report_model
from assistant.reports.service import ReportFormat, StoredReport, list_reports
from assistant.reports.specs import ReportSpec
from tools.invoke import call_tool
from tools.reports import DraftedReportResult, draft_from_spec

router = APIRouter(prefix="/reports", tags=["reports"])

MEDIA_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.HTML: "text/html",
    ReportFormat.MARKDOWN: "text/markdown",
}


SPEC_NOTE = "Spec given by the caller through the API."
# Dates a report may be about: a spec outside them is a typing error, not a report to compute.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

ReportId = Annotated[str, PathParam(max_length=32, description="A report id from `POST /reports`.")]


class ReportRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"request": "sales by region for Q3 compared with Q2", "formats": ["pdf", "xlsx"]},
                {"request": "which SKUs are dead stock?"},
            ]
        }
    )

    request: str = Field(
        min_length=2, max_length=500, description="In words, e.g. 'sales by region for Q3 compared with Q2'."
    )
    formats: list[ReportFormat] = Field(default_factory=lambda: [ReportFormat.PDF, ReportFormat.XLSX])


class SpecReportRequest(BaseModel):
    """A report by its validated spec (assistant/reports/specs.py): no words to read, no question back."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "spec": {
                        "kind": "sales",
                        "period": {"start": "2026-07-01", "end": "2026-09-30", "label": "Q3 2026"},
                        "compare_to": {"start": "2026-04-01", "end": "2026-06-30", "label": "Q2 2026"},
                        "group_by": "region",
                    },
                    "formats": ["pdf", "xlsx"],
                },
                {"spec": {"kind": "inventory", "as_of": "2026-11-24", "dead_after_days": 120}},
            ]
        }
    )

    spec: ReportSpec
    formats: list[ReportFormat] = Field(
        default_factory=lambda: [ReportFormat.PDF, ReportFormat.XLSX], max_length=4
    )

    @model_validator(mode="after")
    def _dates_in_range(self) -> SpecReportRequest:
        for value in _dates(self.spec.model_dump()):
            if not EARLIEST <= value <= LATEST:
                raise ValueError(f"dates must lie between {EARLIEST} and {LATEST}; {value} does not")
        return self


def _dates(node: Any) -> list[date]:
    if isinstance(node, date):
        return [node]
    if isinstance(node, dict):
        return [found for value in node.values() for found in _dates(value)]
    return []


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


@router.post(
    "",
    status_code=201,
    summary="Draft a report from words (200 with a question when unclear)",
    responses={
        **answers(401, 403, 422, example=examples.DRAFTED_REPORT, status=201),
        200: {
            "description": "The request was unclear: `question` asks what to draft",
            "content": {"application/json": {"example": examples.REPORT_QUESTION}},
            "model": DraftedReportResult,
        },
    },
)
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


@router.post(
    "/spec",
    status_code=201,
    summary="Draft a report from a validated spec (kind, period, grouping, thresholds)",
    responses=answers(401, 403, 422, example=examples.DRAFTED_REPORT, status=201),
)
def create_report_from_spec(
    body: SpecReportRequest, ctx: ContextDep, services: Services
) -> DraftedReportResult:
    check_tool_access(ctx.user, services.registry.get("draft_report"))  # the same roles as in chat
    model, model_note = report_model(ctx.settings)
    result = draft_from_spec(
        ctx,
        spec=body.spec,
        formats=body.formats,
        model=model,
        notes=[SPEC_NOTE, *([model_note] if model_note else [])],
    )
    result.files = [Path(path).name for path in result.files]  # server paths are not the caller's business
    return result


@router.get(
    "",
    summary="Reports you requested (admins: everyone's), newest first",
    responses=answers(401, 422, example=[examples.REPORT_VIEW]),
)
def list_my_reports(ctx: ContextDep, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[ReportView]:
    requester = None if ctx.user.role is Role.ADMIN else ctx.user.id
    return [_view(report) for report in list_reports(ctx.session, requested_by_id=requester, limit=limit)]


@router.get(
    "/{report_id}",
    summary="One report you requested (admins: any)",
    responses=answers(401, 404, 422, example=examples.REPORT_VIEW),
)
def get_report(report_id: ReportId, ctx: ContextDep) -> ReportView:
    return _view(get_report_for(ctx.session, report_id=report_id, user=ctx.user))


@router.get(
    "/{report_id}/{file_format}",
    summary="Download a report's file (pdf, xlsx, html, md)",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The file",
            "content": {
                media_type: {"schema": {"type": "string", "format": "binary"}}
                for media_type in MEDIA_TYPES.values()
            },
        },
        **answers(401, 404, 422),
    },
)
def download_report(report_id: ReportId, file_format: ReportFormat, ctx: ContextDep) -> FileResponse:
    report = get_report_for(ctx.session, report_id=report_id, user=ctx.user)
    for stored in map(Path, report.files):
        if stored.suffix == f".{file_format.value}" and stored.is_file():
            return file_download(stored, filename=stored.name, media_type=MEDIA_TYPES[file_format])
    raise ApiProblem(404, f"Report {report_id} has no {file_format.value} file.", code="not_found")
