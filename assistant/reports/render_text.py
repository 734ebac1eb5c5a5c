"""Markdown and HTML renderings of a report: narrative, headline figures, charts, tables, provenance appendix.

Markdown links the chart PNGs written beside it; the HTML embeds them (data URIs) so it stands alone. Headings
come from assistant.reports.headings and numbers from assistant.reports.number_format, in the document's
language; the report's own titles and labels were written in that language when it was computed."""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.reports.headings import Words
from assistant.reports.narrative import format_value
from assistant.reports.number_format import format_amount, format_change
from assistant.reports.period_labels import format_day
from assistant.reports.results import Cell, Column, ReportResult, Table, Unit


@dataclass(frozen=True)
class RenderedChart:
    file_name: str
    title: str
    png: bytes


@dataclass(frozen=True)
class ReportDocument:
    """Everything a renderer needs: the numbers, the prose, the charts as PNG."""

    result: ReportResult
    narrative: str
    charts: list[RenderedChart]
    language: str = "en"
    currency: str = "EUR"


def cell_text(value: Cell, unit: Unit, currency: str = "EUR", language: str = "en") -> str:
    """A table cell as `language` writes it; amounts without the currency (the column says what it is)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_day(value, language)
    if isinstance(value, str):
        return value
    if unit is Unit.MONEY and isinstance(value, Decimal | int | float):
        return format_amount(value, language)
    return format_value(value, unit, currency, language)


def figure_lines(document: ReportDocument) -> list[tuple[str, str]]:
    words = Words(document.language)
    lines = []
    for figure in document.result.figures:
        text = format_value(figure.value, figure.unit, document.currency, document.language)
        if figure.unit is Unit.PERCENT:
            text += "%" if words.language == "ko" else " %"
        change = figure.change_percent
        if change is not None:
            previous = format_value(figure.previous, figure.unit, document.currency, document.language)
            text += (
                f" ({words('ui.previous', previous=previous, change=format_change(change, words.language))})"
            )
        lines.append((figure.label, text))
    return lines


def _markdown_table(table: Table, currency: str, words: Words) -> list[str]:
    lines = [f"### {table.title}", ""]
    if not table.rows:
        return [*lines, f"_{words('ui.no_rows')}_", ""]
    lines.append("| " + " | ".join(column.label for column in table.columns) + " |")
    lines.append(
        "|" + "|".join("---:" if column.unit is not Unit.TEXT else "---" for column in table.columns) + "|"
    )
    for row in table.rows:
        cells = [
            cell_text(value, column.unit, currency, words.language).replace("|", "\\|")
            for value, column in zip(row, table.columns, strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if table.note:
        lines += ["", f"_{table.note}_"]
    return [*lines, ""]


def provenance_lines(result: ReportResult, language: str = "en") -> list[tuple[str, str]]:
    """Who asked, when the data was read, the spec and the notes. Times stay ISO 8601: they are evidence."""
    words = Words(language)
    provenance = result.provenance
    return [
        (words("ui.requested_by"), provenance.requested_by),
        (words("ui.data_read_at"), provenance.data_as_of.isoformat(timespec="seconds")),
        (
            words("ui.latest_record"),
            provenance.latest_record_at.isoformat(timespec="seconds") if provenance.latest_record_at else "–",
        ),
        (words("ui.database"), provenance.database),
        (words("ui.spec"), json.dumps(provenance.spec, ensure_ascii=False, sort_keys=True)),
        *((words("ui.note"), note) for note in provenance.notes),
    ]


def render_markdown(document: ReportDocument) -> str:
    result = document.result
    words = Words(document.language)
    lines = [f"# {result.title}", "", f"_{result.subtitle}_", "", document.narrative, ""]
    lines += [f"## {words('ui.headline')}", ""]
    lines += [f"- **{label}:** {text}" for label, text in figure_lines(document)]
    lines.append("")
    for chart in document.charts:
        lines += [f"![{chart.title}]({chart.file_name})", ""]
    for table in result.tables:
        lines += _markdown_table(table, document.currency, words)
    lines += [f"## {words('ui.provenance')}", ""]
    lines += [f"- **{label}:** {value}" for label, value in provenance_lines(result, words.language)]
    lines.append("")
    for number, query in enumerate(result.provenance.queries, start=1):
        heading = words("ui.query", number=number, title=query.title)
        lines += [f"**{heading}**", "", "```sql", query.sql.strip(), "```", ""]
    return "\n".join(lines)


def _html_table(table: Table, currency: str, words: Words) -> str:
    def header(column: Column) -> str:
        return f"<th>{html.escape(column.label)}</th>"

    rows = []
    for row in table.rows:
        cells = "".join(
            f'<td class="{"num" if column.unit is not Unit.TEXT else "text"}">'
            f"{html.escape(cell_text(value, column.unit, currency, words.language))}</td>"
            for value, column in zip(row, table.columns, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    no_rows = html.escape(words("ui.no_rows"))
    body = "".join(rows) or f'<tr><td colspan="{len(table.columns)}">{no_rows}</td></tr>'
    note = f'<p class="note">{html.escape(table.note)}</p>' if table.note else ""
    return (
        f"<h3>{html.escape(table.title)}</h3><table><thead><tr>{''.join(map(header, table.columns))}</tr></thead>"
        f"<tbody>{body}</tbody></table>{note}"
    )


STYLE = (
    "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60rem;margin:2rem auto;color:#111}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
    "td.num{text-align:right}th{background:#f3f4f6}.note{color:#555;font-style:italic}"
    "pre{background:#f6f8fa;padding:.5rem;white-space:pre-wrap;font-size:.8rem}"
)


def render_html(document: ReportDocument) -> str:
    result = document.result
    words = Words(document.language)
    escape = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{escape(document.language)}"><head><meta charset="utf-8">',
        f"<title>{escape(result.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(result.title)}</h1><p><em>{escape(result.subtitle)}</em></p>",
        f"<p>{escape(document.narrative)}</p><h2>{escape(words('ui.headline'))}</h2><ul>",
        *(
            f"<li><strong>{escape(label)}:</strong> {escape(text)}</li>"
            for label, text in figure_lines(document)
        ),
        "</ul>",
    ]
    for chart in document.charts:
        encoded = base64.b64encode(chart.png).decode("ascii")
        parts.append(
            f'<figure><img alt="{escape(chart.title)}" src="data:image/png;base64,{encoded}"></figure>'
        )
    parts += [_html_table(table, document.currency, words) for table in result.tables]
    parts.append(f"<h2>{escape(words('ui.provenance'))}</h2><ul>")
    parts += [
        f"<li><strong>{escape(label)}:</strong> {escape(value)}</li>"
        for label, value in provenance_lines(result, words.language)
    ]
    parts.append("</ul>")
    for number, query in enumerate(result.provenance.queries, start=1):
        heading = escape(words("ui.query", number=number, title=query.title))
        parts.append(f"<h4>{heading}</h4><pre>{escape(query.sql.strip())}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)
