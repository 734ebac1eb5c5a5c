"""The report as an Excel workbook: a summary sheet, one sheet per table (numbers stored as numbers), and a
provenance sheet with the spec and every query. Sheet names and headings are in the report's language; the
number formats are Excel's own codes, which every spreadsheet shows in its user's locale ('1.234,56 EUR' in a
German Excel), so the cells stay numbers."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from assistant.reports.headings import Words
from assistant.reports.render_text import ReportDocument, figure_lines, provenance_lines
from assistant.reports.results import Cell, Unit

FORMATS = {Unit.MONEY: "#,##0.00", Unit.PERCENT: "0.0", Unit.COUNT: "#,##0", Unit.DAYS: "0.0"}


def money_format(currency: str) -> str:
    """Excel's code for an amount with the report's currency after it: '#,##0.00 "EUR"'."""
    return f'#,##0.00 "{currency}"' if currency.isalpha() else FORMATS[Unit.MONEY]


def _number_format(unit: Unit, currency: str) -> str | None:
    return money_format(currency) if unit is Unit.MONEY else FORMATS.get(unit)


BOLD = Font(bold=True)


def sheet_title(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def excel_value(value: Cell) -> str | int | float | date | None:
    # Decimal would be stored too, but as float it is what every spreadsheet reads back the same way.
    if isinstance(value, Decimal):
        return float(value)
    return value


def _widen(sheet: Worksheet) -> None:
    for column in sheet.columns:
        width = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)


def render_xlsx(document: ReportDocument) -> bytes:
    result = document.result
    words = Words(document.language)
    workbook = Workbook()
    taken: set[str] = set()
    summary = workbook.active
    assert summary is not None
    summary.title = sheet_title(words("ui.summary"), taken)
    summary.append([result.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([result.subtitle])
    summary.append([document.narrative])
    summary.append([])
    summary.append([words("ui.figure"), words("ui.value"), words("ui.previous_value"), words("ui.text")])
    for cell in summary[5]:
        cell.font = BOLD
    for figure, (label, text) in zip(result.figures, figure_lines(document), strict=True):
        summary.append([label, excel_value(figure.value), excel_value(figure.previous), text])
        if number_format := _number_format(figure.unit, document.currency):
            summary.cell(row=summary.max_row, column=2).number_format = number_format
            summary.cell(row=summary.max_row, column=3).number_format = number_format
    _widen(summary)
    for table in result.tables:
        sheet = workbook.create_sheet(sheet_title(table.title, taken))
        sheet.append([column.label for column in table.columns])
        for cell in sheet[1]:
            cell.font = BOLD
        for row in table.rows:
            sheet.append([excel_value(value) for value in row])
            for index, column in enumerate(table.columns, start=1):
                if number_format := _number_format(column.unit, document.currency):
                    sheet.cell(row=sheet.max_row, column=index).number_format = number_format
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        _widen(sheet)
    provenance = workbook.create_sheet(sheet_title(words("ui.provenance"), taken))
    for label, value in provenance_lines(result, words.language):
        provenance.append([label, value])
    provenance.append([])
    provenance.append([words("ui.query_column"), "SQL"])
    for query in result.provenance.queries:
        provenance.append([query.title, query.sql.strip()])
    provenance.column_dimensions["A"].width = 36
    provenance.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
