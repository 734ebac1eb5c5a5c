"""Markdown and HTML renderings of a report: narrative, headline figures, charts, tables, provenance appendix.

Markdown links the chart PNGs written beside it; the HTML embeds them (data URIs) so it stands alone."""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.reports.narrative import format_value
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


def cell_text(value: Cell, unit: Unit, currency: str = "EUR") -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if unit is Unit.MONEY and isinstance(value, Decimal | int | float):
        return f"{Decimal(str(value)):,.2f}"
    return format_value(value, unit, currency)


def figure_lines(document: ReportDocument) -> list[tuple[str, str]]:
    lines = []
    for figure in document.result.figures:
        text = format_value(figure.value, figure.unit, document.currency)
        if figure.unit is Unit.PERCENT:
            text += " %"
        change = figure.change_percent
        if change is not None:
            previous = format_value(figure.previous, figure.unit, document.currency)
            text += f" (previous {previous}, {change:+.1f} %)"
        lines.append((figure.label, text))
    return lines


def _markdown_table(table: Table, currency: str) -> list[str]:
    lines = [f"### {table.title}", ""]
    if not table.rows:
        return [*lines, "_No rows._", ""]
    lines.append("| " + " | ".join(column.label for column in table.columns) + " |")
    lines.append(
        "|" + "|".join("---:" if column.unit is not Unit.TEXT else "---" for column in table.columns) + "|"
    )
    for row in table.rows:
        cells = [
            cell_text(value, column.unit, currency).replace("|", "\\|")
            for value, column in zip(row, table.columns, strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if table.note:
        lines += ["", f"_{table.note}_"]
    return [*lines, ""]


def provenance_lines(result: ReportResult) -> list[tuple[str, str]]:
    provenance = result.provenance
    return [
        ("Requested by", provenance.requested_by),
        ("Data read at", provenance.data_as_of.isoformat(timespec="seconds")),
        (
            "Latest record",
            provenance.latest_record_at.isoformat(timespec="seconds") if provenance.latest_record_at else "–",
        ),
        ("Database", provenance.database),
        ("Spec", json.dumps(provenance.spec, ensure_ascii=False, sort_keys=True)),
        *(("Note", note) for note in provenance.notes),
    ]


def render_markdown(document: ReportDocument) -> str:
    result = document.result
    lines = [f"# {result.title}", "", f"_{result.subtitle}_", "", document.narrative, ""]
    lines += ["## Headline", ""]
    lines += [f"- **{label}:** {text}" for label, text in figure_lines(document)]
    lines.append("")
    for chart in document.charts:
        lines += [f"![{chart.title}]({chart.file_name})", ""]
    for table in result.tables:
        lines += _markdown_table(table, document.currency)
    lines += ["## Provenance", ""]
    lines += [f"- **{label}:** {value}" for label, value in provenance_lines(result)]
    lines.append("")
    for number, query in enumerate(result.provenance.queries, start=1):
        lines += [f"**Query {number}: {query.title}**", "", "```sql", query.sql.strip(), "```", ""]
    return "\n".join(lines)


def _html_table(table: Table, currency: str) -> str:
    def header(column: Column) -> str:
        return f"<th>{html.escape(column.label)}</th>"

    rows = []
    for row in table.rows:
        cells = "".join(
            f'<td class="{"num" if column.unit is not Unit.TEXT else "text"}">'
            f"{html.escape(cell_text(value, column.unit, currency))}</td>"
            for value, column in zip(row, table.columns, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    body = "".join(rows) or f'<tr><td colspan="{len(table.columns)}">No rows.</td></tr>'
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
    escape = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{escape(document.language)}"><head><meta charset="utf-8">',
        f"<title>{escape(result.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(result.title)}</h1><p><em>{escape(result.subtitle)}</em></p>",
        f"<p>{escape(document.narrative)}</p><h2>Headline</h2><ul>",
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
    parts += [_html_table(table, document.currency) for table in result.tables]
    parts.append("<h2>Provenance</h2><ul>")
    parts += [
        f"<li><strong>{escape(label)}:</strong> {escape(value)}</li>"
        for label, value in provenance_lines(result)
    ]
    parts.append("</ul>")
    for number, query in enumerate(result.provenance.queries, start=1):
        parts.append(f"<h4>Query {number}: {escape(query.title)}</h4><pre>{escape(query.sql.strip())}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)
