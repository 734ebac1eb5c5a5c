"""Reports: draft a report from plain words or fields (files plus a summary), and guarded analytics SQL.

Who gets which report is in assistant/reports/access.py: staff may have sales, inventory, pipeline and
purchasing reports; receivables also finance, managers and admins; HR only managers and admins. The analytics
SQL tool is for finance, managers and admins, and runs only one SELECT over the documented views.

With a language model configured (settings provider openai) the words are read by structured output and the
summary is drafted by the model with every number checked (assistant/reports/llm_requests.py,
llm_narrative.py); the offline reader and templates stay the default and the fallback. `notes` says which ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import Field
from sqlalchemy import Engine

from assistant.db.models import Role
from assistant.offline.language import detect_language
from assistant.reports.access import ReportAccessError
from assistant.reports.language_model import report_model
from assistant.reports.llm_requests import read_request
from assistant.reports.narrative import format_value
from assistant.reports.periods import parse_period_request
from assistant.reports.requests import Clarification, request_to_spec
from assistant.reports.service import ReportFormat, draft_report
from assistant.reports.specs import (
    HrSpec,
    InventorySpec,
    PipelineSpec,
    PurchasingSpec,
    ReceivablesSpec,
    ReportKind,
    ReportSpec,
    SalesGrouping,
    SalesSpec,
)
from assistant.reports.sql_guard import VIEW_DOCS, GuardRefusedError, run_guarded_sql
from tools.base import (
    BACK_OFFICE_ROLES,
    FINANCE_ROLES,
    InvalidArgumentsError,
    PermissionDeniedError,
    RefusedError,
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    read_tool,
)

FIELDS_NOTE = "Report fields given by the caller; periods resolved by the periods code."


class DraftReportArgs(ToolArgs):
    request: str | None = Field(
        default=None,
        description="The request in the user's own words and language, e.g. 'sales by region for Q3 vs Q2'. "
        "Either this or `kind`.",
        max_length=500,
    )
    kind: ReportKind | None = Field(default=None, description="The report kind, when not given in words.")
    period: str | None = Field(
        default=None,
        description="The period in words ('Q3', 'last month', 'October 2026', '2026-01-01 to 2026-03-31'), "
        "optionally with a comparison ('Q3 vs Q2').",
        max_length=120,
    )
    group_by: SalesGrouping | None = Field(
        default=None, description="Sales reports: how to group the revenue."
    )
    top: int | None = Field(default=None, ge=1, le=100, description="Rows per table before 'and N more'.")
    formats: list[ReportFormat] = Field(
        default_factory=lambda: [ReportFormat.PDF, ReportFormat.XLSX],
        description="Files to write: md, html, pdf, xlsx.",
    )


class HeadlineFigure(ToolResult):
    label: str
    value: str


class DraftedReportResult(ToolResult):
    status: str = Field(description="'drafted', or 'needs_clarification' with a question to ask the user.")
    question: str | None = None
    report_id: str | None = None
    title: str | None = None
    summary: str | None = Field(default=None, description="The narrative: the headline numbers in words.")
    headline: list[HeadlineFigure] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list, description="How the request was read and the summary written (provenance)."
    )


def _spec_from_fields(args: DraftReportArgs, today: date, language: str) -> ReportSpec | Clarification:
    assert args.kind is not None
    extra: dict[str, Any] = {"top": args.top} if args.top else {}
    periods = parse_period_request(args.period, today=today, language=language) if args.period else None
    if args.period and periods is None:
        raise InvalidArgumentsError(
            f"Could not read the period {args.period!r}; try 'Q3 2026' or 'last month'."
        )
    if args.kind is ReportKind.SALES:
        if periods is None:
            return request_to_spec("sales", today=today, language=language)  # asks for the period
        return SalesSpec(
            period=periods.period,
            compare_to=periods.compare_to,
            group_by=args.group_by or SalesGrouping.REGION,
            **extra,
        )
    if args.kind is ReportKind.PIPELINE and periods:
        return PipelineSpec(period=periods.period, as_of=today, **extra)
    if args.kind is ReportKind.HR:
        return HrSpec(year=periods.period.start.year if periods else today.year, as_of=today, **extra)
    as_of = periods.period.end if periods else today
    others: dict[ReportKind, Any] = {
        ReportKind.PIPELINE: lambda: request_to_spec("pipeline", today=today, language=language),
        ReportKind.INVENTORY: lambda: InventorySpec(as_of=as_of, **extra),
        ReportKind.RECEIVABLES: lambda: ReceivablesSpec(as_of=as_of, **extra),
        ReportKind.PURCHASING: lambda: PurchasingSpec(as_of=as_of, **extra),
    }
    spec: ReportSpec | Clarification = others[args.kind]()
    return spec


@read_tool(
    name="draft_report",
    summary="Draft a report (sales, inventory, receivables, pipeline, purchasing, HR) as PDF/XLSX with a summary.",
    roles=BACK_OFFICE_ROLES,
)
def draft_report_tool(ctx: ToolContext, args: DraftReportArgs) -> DraftedReportResult:
    """Draft a business report from the live database and write it as files (PDF, XLSX, Markdown, HTML).
    Give either `request` (the user's words, any of the five languages: 'sales by region for Q3 compared with
    Q2', 'Umsatz nach Kategorie im Oktober', 'AR aging as of today', 'which SKUs are dead stock?') or `kind`
    with `period` and `group_by`. Kinds: sales (period, comparison, grouping by region, country, category,
    product, customer or salesperson), inventory (ABC classes, dead stock, below safety stock with reorder
    suggestions), receivables (aging 0-30/31-60/61-90/90+ by customer; finance, managers, admins), pipeline
    (orders by status, late shipments), purchasing (open POs, supplier lead times), hr (headcount and leave;
    managers and admins). Returns the headline figures, a short summary and the file paths. When status is
    'needs_clarification', ask the user the question instead of guessing. Quote numbers only from the result."""
    today = ctx.now().date()
    # the report speaks the language it was asked in (the profile's when the words do not show one), as the
    # chat reply does
    language = detect_language(args.request, ctx.user.locale) if args.request else ctx.user.locale
    model, model_note = report_model(ctx.settings)
    notes: tuple[str, ...]
    if args.request:
        reading = read_request(
            args.request, model=model, today=today, language=language, model_note=model_note
        )
        spec, notes = reading.spec, reading.notes
        if not isinstance(spec, Clarification) and args.group_by and isinstance(spec, SalesSpec):
            spec = spec.model_copy(update={"group_by": args.group_by})
    elif args.kind:
        spec, notes = _spec_from_fields(args, today, language), (FIELDS_NOTE,)
    else:
        raise InvalidArgumentsError("Give the request in words, or the report kind.")
    if isinstance(spec, Clarification):
        return DraftedReportResult(status="needs_clarification", question=spec.question, notes=list(notes))
    return draft_from_spec(ctx, spec=spec, formats=args.formats, model=model, notes=notes, language=language)


def draft_from_spec(
    ctx: ToolContext,
    *,
    spec: ReportSpec,
    formats: Sequence[ReportFormat],
    model: BaseChatModel | None,
    notes: Sequence[str],
    language: str | None = None,
) -> DraftedReportResult:
    """Draft the report a validated spec describes, as the asker (their role decides the kinds they get), in
    `language` (default: the asker's profile language)."""
    try:
        drafted = draft_report(
            ctx.session,
            settings=ctx.settings,
            user=ctx.user,
            spec=spec,
            now=ctx.now(),
            formats=formats,
            model=model,
            notes=notes,
            language=language,
        )
    except ReportAccessError as error:
        raise PermissionDeniedError(error.message) from error
    currency = ctx.settings.company_currency
    return DraftedReportResult(
        status="drafted",
        report_id=drafted.id,
        title=f"{drafted.result.title} — {drafted.result.subtitle}",
        summary=drafted.narrative,
        headline=[
            HeadlineFigure(
                label=figure.label,
                value=format_value(figure.value, figure.unit, currency, drafted.result.language),
            )
            for figure in drafted.result.figures
        ],
        files=[str(path) for path in drafted.files],
        notes=drafted.notes,
    )


class AnalyticsSqlArgs(ToolArgs):
    sql: str = Field(
        description="One SELECT over the views: "
        + "; ".join(f"{name} ({columns})" for name, columns in VIEW_DOCS.items())
        + ". No other tables; a row limit is added.",
        min_length=1,
        max_length=4000,
    )
    row_limit: int = Field(default=100, ge=1, le=1000, description="Rows to return at most.")


class AnalyticsSqlResult(ToolResult):
    sql: str = Field(description="The SQL that ran, with its row limit: show it to the user with the result.")
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


@read_tool(
    name="run_analytics_sql",
    summary="Run one read-only SELECT over the documented analytics views; shows the SQL with the result.",
    roles=FINANCE_ROLES,
)
def run_analytics_sql(ctx: ToolContext, args: AnalyticsSqlArgs) -> AnalyticsSqlResult:
    """Answer an ad-hoc numeric question the reports do not cover by writing ONE SELECT over the read-only
    analytics views (v_sales_lines, v_invoices, v_stock, v_purchase_orders; columns in the `sql` field's
    description). Anything else — other tables, several statements, writes, PRAGMA, system catalogs, functions
    with side effects — is refused. Show the returned `sql` to the user together with the rows. Finance,
    managers and admins only."""
    if ctx.user.role not in (Role.FINANCE, Role.MANAGER, Role.ADMIN):
        raise PermissionDeniedError("Analytics SQL is for finance, managers and admins.")
    bind = ctx.session.get_bind()
    engine: Engine = bind if isinstance(bind, Engine) else bind.engine
    try:
        result = run_guarded_sql(engine, args.sql, row_limit=args.row_limit)
    except GuardRefusedError as error:
        raise RefusedError(f"SQL refused: {error.reason}") from error
    return AnalyticsSqlResult(
        sql=result.sql, columns=result.columns, rows=result.rows, truncated=result.truncated
    )


TOOLS: list[Tool[Any, Any]] = [draft_report_tool, run_analytics_sql]
