"""Reports: ask in words (the draft_report tool), list, view with charts and tables, download the files.

A report drafted here is also written as HTML; its view shows that rendering's body (charts as images, tables)
inside the page. Reports drafted elsewhere (the API, chat) without an HTML file are offered as downloads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from markupsafe import Markup

from adapters.http.deps import Services
from adapters.http.downloads import file_download
from adapters.http.web.pages import page, see_other, web_router
from adapters.http.web.session import FormContext, WebContext
from assistant.db.models import Role
from assistant.ownership import get_report_for
from assistant.permissions import check_tool_access
from assistant.reports.service import ReportFormat, list_reports
from tools.base import NotFoundError, Registry, ToolContext
from tools.invoke import call_tool
from tools.reports import DraftedReportResult

router = web_router()

WEB_FORMATS = [ReportFormat.HTML, ReportFormat.PDF, ReportFormat.XLSX]
DOWNLOADS = [ReportFormat.PDF, ReportFormat.XLSX, ReportFormat.HTML, ReportFormat.MARKDOWN]
MEDIA_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.MARKDOWN: "text/markdown; charset=utf-8",
}
LISTED = 50


def require_reports(ctx: ToolContext, registry: Registry) -> None:
    """The pages are for those who may draft reports: the draft_report tool's own rule."""
    check_tool_access(ctx.user, registry.get("draft_report"))


def reports_page(
    request: Request,
    ctx: ToolContext,
    *,
    status: int = 200,
    question: str | None = None,
    asked: str = "",
) -> HTMLResponse:
    requester = None if ctx.user.role is Role.ADMIN else ctx.user.id
    return page(
        request,
        "reports.html",
        user=ctx.user,
        status=status,
        reports=list_reports(ctx.session, requested_by_id=requester, limit=LISTED),
        question=question,
        asked=asked,
    )


@router.get("/reports")
def list_my_reports(request: Request, ctx: WebContext, services: Services) -> HTMLResponse:
    require_reports(ctx, services.registry)
    return reports_page(request, ctx)


@router.post("/reports")
def ask_for_report(
    request: Request,
    ctx: FormContext,
    services: Services,
    report_request: Annotated[str, Form(alias="request", min_length=2, max_length=500)],
) -> Response:
    require_reports(ctx, services.registry)
    arguments = {"request": report_request, "formats": WEB_FORMATS}
    result = call_tool(ctx, services.registry, "draft_report", arguments)
    assert isinstance(result, DraftedReportResult)
    if result.status != "drafted" or result.report_id is None:
        return reports_page(request, ctx, question=result.question, asked=report_request)
    return see_other(f"/app/reports/{result.report_id}?notice=drafted")


def report_file(files: list[str], file_format: ReportFormat) -> Path | None:
    for stored in map(Path, files):
        if stored.suffix == f".{file_format.value}" and stored.is_file():
            return stored
    return None


def report_body(path: Path) -> Markup:
    """The body of the report's own HTML rendering, which escapes every value it writes (render_text.py)."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find("<body>"), text.rfind("</body>")
    return Markup(text[start + len("<body>") : end] if start >= 0 and end > start else "")  # noqa: S704


@router.get("/reports/{report_id}")
def show_report(
    request: Request, report_id: str, ctx: WebContext, services: Services, notice: str | None = None
) -> HTMLResponse:
    require_reports(ctx, services.registry)
    report = get_report_for(ctx.session, report_id=report_id, user=ctx.user)
    html_file = report_file(report.files, ReportFormat.HTML)
    return page(
        request,
        "report.html",
        user=ctx.user,
        report=report,
        body=report_body(html_file) if html_file else None,
        downloads=[fmt for fmt in DOWNLOADS if report_file(report.files, fmt)],
        notice=notice == "drafted",
    )


@router.get("/reports/{report_id}/download/{file_format}")
def download_report(
    report_id: str, file_format: ReportFormat, ctx: WebContext, services: Services
) -> FileResponse:
    require_reports(ctx, services.registry)
    report = get_report_for(ctx.session, report_id=report_id, user=ctx.user)
    stored = report_file(report.files, file_format)
    if stored is None:
        raise NotFoundError(f"{file_format.value} file of report", report_id)
    return file_download(stored, filename=stored.name, media_type=MEDIA_TYPES[file_format])
