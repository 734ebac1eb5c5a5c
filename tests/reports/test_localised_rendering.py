"""A report for a German or Korean manager: titles, headings, column labels and sheet names in their language,
amounts as they write them (in Markdown, HTML and the PDF's text), and XLSX amounts still numbers."""

from __future__ import annotations

import re
import string
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.orm import Session

from assistant.reports.compute import compute_report
from assistant.reports.headings import catalogue_keys
from assistant.reports.narrative import narrate
from assistant.reports.number_check import find_numbers, supported_numbers, unsupported_numbers
from assistant.reports.number_format import format_amount
from assistant.reports.results import ReportResult
from assistant.reports.service import ALL_FORMATS, build_document, render_files
from assistant.reports.specs import Period, SalesGrouping, SalesSpec
from tests.reports.conftest import NOW, written

Q3 = Period(start=date(2026, 7, 1), end=date(2026, 9, 30), label="Q3 2026")
Q2 = Period(start=date(2026, 4, 1), end=date(2026, 6, 30), label="Q2 2026")


def _sales(demo: Session, language: str) -> ReportResult:
    spec = SalesSpec(period=Q3, compare_to=Q2, group_by=SalesGrouping.REGION)
    return compute_report(demo, spec=spec, requested_by="M <m@example.com>", now=NOW, language=language)


def _render(result: ReportResult, language: str, directory: Path) -> dict[str, Path]:
    document = build_document(result, language=language, currency="EUR")
    return {path.suffix.lstrip("."): path for path in render_files(document, directory, ALL_FORMATS)}


@pytest.fixture
def german(demo: Session, tmp_path: Path) -> tuple[ReportResult, dict[str, Path]]:
    result = _sales(demo, "de")
    return result, _render(result, "de", tmp_path / "de")


@pytest.fixture
def korean(demo: Session, tmp_path: Path) -> tuple[ReportResult, dict[str, Path]]:
    result = _sales(demo, "ko")
    return result, _render(result, "ko", tmp_path / "ko")


def _german_revenue(result: ReportResult) -> str:
    return written(result.figure("revenue").value, "de") + " EUR"  # type: ignore[arg-type]


def test_a_german_report_has_german_headings_and_amounts_in_markdown_and_html(
    german: tuple[ReportResult, dict[str, Path]],
) -> None:
    result, files = german
    markdown = files["md"].read_text(encoding="utf-8")
    assert markdown.startswith("# Verkäufe nach Region\n")
    assert "## Kennzahlen" in markdown and "## Herkunft der Daten" in markdown
    assert (
        "### Umsatz nach Region" in markdown and "| Region | Umsatz | Anteil % | Bestellungen |" in markdown
    )
    assert f"- **Umsatz:** {_german_revenue(result)} (zuvor " in markdown
    body = markdown.split("## Herkunft der Daten")[0]  # query titles and SQL stay English
    assert "Headline" not in body and "Revenue" not in body and "Provenance" not in markdown
    html = files["html"].read_text(encoding="utf-8")
    assert '<html lang="de">' in html and "<h2>Kennzahlen</h2>" in html and "<th>Umsatz</th>" in html
    assert f"<strong>Umsatz:</strong> {_german_revenue(result)}" in html
    first_region = result.table("by_group").rows[0]
    assert f'<td class="num">{written(first_region[1], "de")}</td>' in html  # type: ignore[arg-type]


def test_a_korean_report_has_korean_headings(korean: tuple[ReportResult, dict[str, Path]]) -> None:
    result, files = korean
    markdown = files["md"].read_text(encoding="utf-8")
    assert (
        markdown.startswith("# 지역별 매출\n") and "## 주요 지표" in markdown and "## 데이터 출처" in markdown
    )
    assert "| 지역 | 매출 | 비중 % | 주문 수 |" in markdown
    revenue = written(result.figure("revenue").value, "ko") + " EUR"  # type: ignore[arg-type]
    assert f"- **매출:** {revenue} (이전 " in markdown
    html = files["html"].read_text(encoding="utf-8")
    assert "<h2>주요 지표</h2>" in html and "<h3>지역별 매출액</h3>" in html and "Headline" not in html
    assert result.charts[0].title == "지역별 매출액" and list(result.charts[0].series) == [
        "2026년 3분기",
        "2026년 2분기",
    ]


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_pdf_text_is_german_with_german_amounts(german: tuple[ReportResult, dict[str, Path]]) -> None:
    result, files = german
    text = _pdf_text(files["pdf"])
    assert "Verkäufe nach Region" in text and "Kennzahlen" in text and "Herkunft der Daten" in text
    assert "Umsatz nach Region" in text and "Abfrage 1:" in text
    assert _german_revenue(result) in text
    assert "Headline" not in text and "Provenance" not in text


def test_the_pdf_text_is_korean(korean: tuple[ReportResult, dict[str, Path]]) -> None:
    _, files = korean
    text = _pdf_text(files["pdf"])
    assert "주요 지표" in text and "지역별 매출액" in text and "Headline" not in text


def test_the_xlsx_has_german_sheets_and_headers_and_numeric_amounts(
    german: tuple[ReportResult, dict[str, Path]],
) -> None:
    result, files = german
    workbook = load_workbook(files["xlsx"])
    assert workbook.sheetnames == ["Übersicht", "Umsatz nach Region", "Herkunft der Daten"]
    summary = workbook["Übersicht"]
    assert [cell.value for cell in summary[5]] == ["Kennzahl", "Wert", "Vorher", "Text"]
    revenue_row = next(row for row in summary.iter_rows(min_row=6) if row[0].value == "Umsatz")
    assert revenue_row[1].value == float(result.figure("revenue").value)  # type: ignore[arg-type]
    assert revenue_row[1].number_format == '#,##0.00 "EUR"'
    assert str(revenue_row[3].value).startswith(_german_revenue(result))
    sheet = workbook["Umsatz nach Region"]
    assert [cell.value for cell in sheet[1]][:4] == ["Region", "Umsatz", "Anteil %", "Bestellungen"]
    amounts = [row[1] for row in sheet.iter_rows(min_row=2, max_row=1 + len(result.table("by_group").rows))]
    assert amounts and all(isinstance(cell.value, float) for cell in amounts)
    assert all(cell.number_format == '#,##0.00 "EUR"' for cell in amounts)


def test_the_xlsx_of_a_korean_report_has_korean_headers(korean: tuple[ReportResult, dict[str, Path]]) -> None:
    _, files = korean
    workbook = load_workbook(files["xlsx"])
    assert workbook.sheetnames == ["요약", "지역별 매출액", "데이터 출처"]
    assert [cell.value for cell in workbook["지역별 매출액"][1]][:2] == ["지역", "매출"]


def test_an_unknown_language_gets_english(demo: Session) -> None:
    result = _sales(demo, "fr")
    assert result.language == "en" and result.title == "Sales by region"
    assert [column.label for column in result.table("by_group").columns][:2] == ["Region", "Revenue"]


@pytest.mark.parametrize("language", ["en", "de", "pl", "hr", "ko"])
def test_the_template_narrative_passes_the_number_check_in_each_language(
    demo: Session, language: str
) -> None:
    result = _sales(demo, language)
    text = narrate(result, language=language)
    assert written(result.figure("revenue").value, language) in text  # type: ignore[arg-type]
    assert unsupported_numbers(text, supported_numbers(result), language=language) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,234,567.89 EUR"),
        ("de", "1.234.567,89 EUR"),
        ("pl", "1\u00a0234\u00a0567,89 EUR"),
        ("hr", "1.234.567,89 EUR"),
        ("ko", "1,234,567.89 EUR"),
        ("de-AT", "1.234.567,89 EUR"),
        ("fr", "1,234,567.89 EUR"),
    ],
)
def test_amounts_follow_the_language_and_read_back(language: str, expected: str) -> None:
    amount = Decimal("1234567.89")
    assert format_amount(amount, language, "EUR") == expected
    mention = find_numbers(expected, language=language[:2])[0]
    assert any(reading.value == amount for reading in mention.readings)


def test_the_currency_keeps_its_own_decimals() -> None:
    assert format_amount(Decimal(1234), "ko", "KRW") == "1,234 KRW"
    assert format_amount(Decimal("1234.5"), "de", "USD") == "1.234,50 USD"


def test_every_language_fills_every_placeholder_of_the_catalogue() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, texts in catalogue_keys().items():
        assert all(text.strip() for text in texts), key
        assert all(fields(text) == fields(texts[0]) for text in texts), key
        assert not any(re.search(r"[\uac00-\ud7af]", text) for text in texts[:4]), (
            key
        )  # Hangul only in Korean
