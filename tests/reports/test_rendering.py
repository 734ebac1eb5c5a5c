"""The files a manager forwards: the PDF shows the chart when rendered, the XLSX holds the same numbers,
Markdown and HTML carry the provenance; the narrative is in the requester's language."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy.orm import Session

from assistant.reports.compute import compute_report
from assistant.reports.narrative import narrate
from assistant.reports.results import ReportResult
from assistant.reports.service import ALL_FORMATS, build_document, render_files
from assistant.reports.specs import Period, SalesGrouping, SalesSpec
from tests.reports.conftest import NOW, written

Q3 = Period(start=date(2026, 7, 1), end=date(2026, 9, 30), label="Q3 2026")
Q2 = Period(start=date(2026, 4, 1), end=date(2026, 6, 30), label="Q2 2026")
CHART_BLUE = (0x25, 0x63, 0xEB)  # the first series colour in assistant/reports/charts.py


@pytest.fixture
def sales(demo: Session) -> ReportResult:
    spec = SalesSpec(period=Q3, compare_to=Q2, group_by=SalesGrouping.REGION)
    return compute_report(demo, spec=spec, requested_by="Test Manager <m@example.com>", now=NOW)


@pytest.fixture
def files(sales: ReportResult, tmp_path: Path) -> dict[str, Path]:
    written = render_files(build_document(sales, language="en", currency="EUR"), tmp_path, ALL_FORMATS)
    return {path.suffix.lstrip("."): path for path in written}


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(channel - target) <= tolerance for channel, target in zip(pixel[:3], colour, strict=True))


def test_the_pdf_renders_with_the_chart_visible(files: dict[str, Path], tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm missing: install poppler-utils (scripts/system-packages)")
    prefix = tmp_path / "page"
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "1", str(files["pdf"]), str(prefix)], check=True
    )
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    raw = page.tobytes()
    pixels = [tuple(raw[index : index + 3]) for index in range(0, len(raw), 3)]
    blue = sum(1 for pixel in pixels if _near(pixel, CHART_BLUE))
    assert blue > 500, f"the bar chart's blue bars are not on page 1 ({blue} pixels)"
    assert len(set(pixels)) > 50  # charts bring colours that text alone does not


def test_the_pdf_has_the_provenance_appendix(files: dict[str, Path]) -> None:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(files["pdf"]).pages)
    assert "Provenance" in text and "Test Manager" in text and "sales_order_lines" in text


def test_the_xlsx_holds_the_same_numbers(files: dict[str, Path], sales: ReportResult) -> None:
    workbook = load_workbook(files["xlsx"])
    assert workbook.sheetnames[0] == "Summary" and workbook.sheetnames[-1] == "Provenance"
    sheet = workbook["Revenue by region"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    table = sales.table("by_group")
    assert [row[0] for row in rows[: len(table.rows)]] == table.column("group")
    revenue = [row[1] for row in rows[: len(table.rows)]]
    assert all(isinstance(value, float) for value in revenue)  # numbers, not text
    assert revenue == [float(value) for value in table.column("revenue")]  # type: ignore[arg-type]
    provenance = [row for row in workbook["Provenance"].iter_rows(values_only=True) if row[0]]
    assert any("sales_order_lines" in str(row[1]) for row in provenance)


def test_markdown_and_html_carry_tables_charts_and_provenance(
    files: dict[str, Path], sales: ReportResult
) -> None:
    markdown = files["md"].read_text(encoding="utf-8")
    assert "| Region |" in markdown and "## Provenance" in markdown and "```sql" in markdown
    chart_name = markdown.split("](")[1].split(")")[0]
    assert (files["md"].parent / chart_name).read_bytes().startswith(b"\x89PNG")
    html = files["html"].read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "<h2>Provenance</h2>" in html
    assert str(sales.table("by_group").rows[0][0]) in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Revenue for Q3 2026 (2026-07-01 – 2026-09-30)"),
        ("de", "Der Umsatz im Zeitraum 3. Quartal 2026 (01.07.2026 – 30.09.2026)"),
        ("pl", "Sprzedaż w okresie III kwartał 2026 (01.07.2026 – 30.09.2026)"),
        ("hr", "Prihod u razdoblju 3. tromjesečje 2026. (1. 7. 2026. – 30. 9. 2026.)"),
        ("ko", "2026년 3분기 (2026. 7. 1. – 2026. 9. 30.) 매출은"),
    ],
)
def test_the_narrative_states_the_change_in_five_languages(
    sales: ReportResult, language: str, words: str
) -> None:
    text = narrate(sales, language=language)
    revenue = sales.figure("revenue")
    change = revenue.change_percent
    assert words in text and written(revenue.value, language) + " EUR" in text  # type: ignore[arg-type]
    assert "Q3 2026" not in text or language == "en"  # no English period label in another language
    assert change is not None and written(round(abs(change), 1), language, decimals=1) in text
