"""The ways in: the draft_report and run_analytics_sql tools through the registry with their role rules, and
`backoffice report` / `backoffice reports list` writing files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from adapters.cli.main import app
from assistant.db.models import Report, Role
from assistant.settings import Settings
from tests.reports.conftest import DemoDatabase, demo_context, demo_user
from tools.base import PermissionDeniedError, RefusedError
from tools.invoke import call_tool
from tools.registry import default_registry
from tools.reports import AnalyticsSqlResult, DraftedReportResult


def _draft(demo: Session, settings: Settings, role: Role, **arguments: object) -> DraftedReportResult:
    result = call_tool(demo_context(demo, settings, role), default_registry(), "draft_report", arguments)
    assert isinstance(result, DraftedReportResult)
    return result


def test_a_manager_drafts_a_report_from_words(demo: Session, report_settings: Settings) -> None:
    result = _draft(demo, report_settings, Role.MANAGER, request="sales by region for Q3 compared with Q2")
    # the demo's first manager is German, but asked in English: the report speaks the language it was asked in
    assert result.status == "drafted" and result.summary and "compared with Q2 2026" in (result.title or "")
    assert {Path(path).suffix for path in result.files} == {".pdf", ".xlsx"}
    assert all(Path(path).is_file() for path in result.files)
    assert str(report_settings.data_dir / "reports" / str(result.report_id)) in result.files[0]
    stored = demo.scalars(select(Report).where(Report.id == result.report_id)).one()
    assert stored.kind == "sales" and stored.spec["compare_to"]["label"] == "Q2 2026"
    assert [headline.label for headline in result.headline][:2] == ["Revenue", "Orders"]
    german = _draft(
        demo, report_settings, Role.MANAGER, request="Umsatz nach Region im 3. Quartal gegenüber Q2"
    )
    assert german.status == "drafted" and "im Vergleich zu 2. Quartal 2026" in (german.title or "")
    assert [headline.label for headline in german.headline][:2] == ["Umsatz", "Bestellungen"]
    assert "," in german.headline[0].value.split(" ")[0]  # '1.234,56 EUR': German decimals


def test_fields_instead_of_words(demo: Session, report_settings: Settings) -> None:
    result = _draft(
        demo,
        report_settings,
        Role.FINANCE,
        kind="sales",
        period="October",
        group_by="category",
        formats=["md"],
    )
    assert result.status == "drafted" and "nach Kategorie" in (result.title or "")  # a German finance user


def test_an_unclear_request_gets_a_question(demo: Session, report_settings: Settings) -> None:
    result = _draft(demo, report_settings, Role.MANAGER, request="sales by region")
    assert result.status == "needs_clarification" and result.question and not result.files


@pytest.mark.parametrize(
    ("role", "words", "allowed"),
    [
        (Role.STAFF, "which SKUs are dead stock?", True),
        (Role.STAFF, "AR aging as of today", False),
        (Role.STAFF, "headcount and leave", False),
        (Role.FINANCE, "AR aging as of today", True),
        (Role.FINANCE, "headcount and leave", False),
        (Role.MANAGER, "headcount and leave", True),
        (Role.ADMIN, "headcount and leave", True),
    ],
)
def test_report_kinds_follow_the_roles(
    demo: Session, report_settings: Settings, role: Role, words: str, allowed: bool
) -> None:
    if allowed:
        assert _draft(demo, report_settings, role, request=words, formats=["md"]).status == "drafted"
    else:
        with pytest.raises(PermissionDeniedError):
            _draft(demo, report_settings, role, request=words, formats=["md"])


def test_employees_get_no_report_tools(demo: Session, report_settings: Settings) -> None:
    with pytest.raises(PermissionDeniedError):
        _draft(demo, report_settings, Role.EMPLOYEE, request="sales in October")


def test_analytics_sql_for_finance_shows_the_sql(demo: Session, report_settings: Settings) -> None:
    ctx = demo_context(demo, report_settings, Role.FINANCE)
    sql = "SELECT region, SUM(line_total) AS revenue FROM v_sales_lines GROUP BY region ORDER BY region"
    result = call_tool(ctx, default_registry(), "run_analytics_sql", {"sql": sql})
    assert isinstance(result, AnalyticsSqlResult) and result.sql.endswith("LIMIT 100")
    assert result.columns == ["region", "revenue"] and len(result.rows) == 5
    with pytest.raises(RefusedError, match="not allowed"):
        call_tool(ctx, default_registry(), "run_analytics_sql", {"sql": "SELECT * FROM employees"})
    with pytest.raises(PermissionDeniedError):
        call_tool(
            demo_context(demo, report_settings, Role.STAFF),
            default_registry(),
            "run_analytics_sql",
            {"sql": sql},
        )


def test_the_cli_writes_the_files_and_lists_the_report(
    cli: CliRunner, demo_database: DemoDatabase, tmp_path: Path
) -> None:
    with Session(
        demo_database.engine
    ) as session:  # not the `demo` fixture: on SQLite it holds the write lock
        manager = demo_user(session, Role.MANAGER)
    out = tmp_path / "out"
    result = cli.invoke(
        app,
        [
            "report",
            "Umsatz nach Kategorie im Oktober",
            "--as",
            manager.email,
            "--format",
            "pdf,xlsx,md",
            "--out",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert {path.suffix for path in out.iterdir()} >= {".pdf", ".xlsx", ".md", ".png"}
    listed = cli.invoke(app, ["reports", "list", "--as", manager.email], catch_exceptions=False)
    assert "sales" in listed.output and manager.email in listed.output
    unclear = cli.invoke(app, ["report", "Umsatz nach Region", "--as", manager.email], catch_exceptions=False)
    assert unclear.exit_code == 3 and "Zeitraum" in unclear.output
    bad = cli.invoke(app, ["report", "sales in October", "--as", manager.email, "--format", "docx"])
    assert bad.exit_code == 2 and "docx" in bad.output
