"""The report as a PDF (reportlab): title, narrative, headline figures, the charts as images, the tables, and
the provenance appendix.

Latin, Polish and Croatian text is set in DejaVu Sans, the TrueType font matplotlib ships (so nothing depends
on the system's fonts). DejaVu has no Hangul: Hangul runs are set in NanumGothic, embedded, when the system has
it (Debian: fonts-nanum; reportlab cannot embed the CFF-based Noto CJK), else in reportlab's built-in CID font
HYGothic-Medium, which the PDF viewer has to supply (poppler needs poppler-data for it)."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from assistant.reports.headings import Words
from assistant.reports.render_text import ReportDocument, cell_text, figure_lines, provenance_lines
from assistant.reports.results import Table, Unit

BODY_FONT = "DejaVuSans"
BOLD_FONT = "DejaVuSans-Bold"
MONO_FONT = "DejaVuSansMono"
CID_HANGUL_FONT = "HYGothic-Medium"
NANUM_GOTHIC = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3000-\u303f]+")


@lru_cache(maxsize=1)
def hangul_font() -> str:
    if NANUM_GOTHIC.is_file():
        pdfmetrics.registerFont(TTFont("NanumGothic", str(NANUM_GOTHIC)))
        return "NanumGothic"
    pdfmetrics.registerFont(UnicodeCIDFont(CID_HANGUL_FONT))
    return CID_HANGUL_FONT


@lru_cache(maxsize=1)
def register_fonts() -> None:
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(BODY_FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD_FONT, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(MONO_FONT, str(fonts / "DejaVuSansMono.ttf")))


def markup(text: str) -> str:
    """Escaped paragraph markup with Hangul runs switched to the CJK font."""
    escaped = escape(text)
    return _HANGUL.sub(lambda match: f'<font name="{hangul_font()}">{match[0]}</font>', escaped)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=BOLD_FONT, fontSize=18),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=BOLD_FONT),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=BOLD_FONT, fontSize=11),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=BODY_FONT, fontSize=9.5, leading=13),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontName=BODY_FONT, fontSize=7.5, leading=9),
        "note": ParagraphStyle(
            "note", parent=base["BodyText"], fontName=BODY_FONT, fontSize=8, textColor=colors.grey
        ),
        "code": ParagraphStyle("code", parent=base["Code"], fontName=MONO_FONT, fontSize=6.5, leading=8),
    }


def _table(
    table: Table, styles: dict[str, ParagraphStyle], currency: str, width: float, words: Words
) -> list[object]:
    flow: list[object] = [Paragraph(markup(table.title), styles["h3"])]
    if not table.rows:
        return [*flow, Paragraph(markup(words("ui.no_rows")), styles["note"])]
    header = [Paragraph(markup(column.label), styles["cell"]) for column in table.columns]
    body = [
        [
            Paragraph(markup(cell_text(value, column.unit, currency, words.language)), styles["cell"])
            for value, column in zip(row, table.columns, strict=True)
        ]
        for row in table.rows
    ]
    pdf_table = PdfTable(
        [header, *body], repeatRows=1, colWidths=[width / len(table.columns)] * len(table.columns)
    )
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e7eb")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9ca3af")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    style += [
        ("ALIGN", (index, 1), (index, -1), "RIGHT")
        for index, column in enumerate(table.columns)
        if column.unit is not Unit.TEXT
    ]
    pdf_table.setStyle(TableStyle(style))
    flow.append(pdf_table)
    if table.note:
        flow.append(Paragraph(markup(table.note), styles["note"]))
    return [*flow, Spacer(1, 0.4 * cm)]


def render_pdf(document: ReportDocument) -> bytes:
    register_fonts()
    styles = _styles()
    result = document.result
    words = Words(document.language)
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=result.title,
        author=result.provenance.requested_by,
    )
    width = A4[0] - 3.2 * cm
    flow: list[object] = [
        Paragraph(markup(result.title), styles["title"]),
        Paragraph(markup(result.subtitle), styles["body"]),
        Spacer(1, 0.3 * cm),
        Paragraph(markup(document.narrative), styles["body"]),
        Paragraph(markup(words("ui.headline")), styles["h2"]),
    ]
    flow += [
        Paragraph(f"<b>{markup(label)}:</b> {markup(text)}", styles["body"])
        for label, text in figure_lines(document)
    ]
    for chart in document.charts:
        image = Image(io.BytesIO(chart.png))
        scale = width / image.imageWidth
        image.drawWidth, image.drawHeight = width, image.imageHeight * scale
        flow += [Spacer(1, 0.3 * cm), image]
    for table in result.tables:
        flow += _table(table, styles, document.currency, width, words)
    flow += [PageBreak(), Paragraph(markup(words("ui.provenance")), styles["h2"])]
    flow += [
        Paragraph(f"<b>{markup(label)}:</b> {markup(value)}", styles["body"])
        for label, value in provenance_lines(result, words.language)
    ]
    for number, query in enumerate(result.provenance.queries, start=1):
        flow.append(Paragraph(markup(words("ui.query", number=number, title=query.title)), styles["h3"]))
        flow.append(Paragraph(markup(query.sql.strip()).replace("\n", "<br/>"), styles["code"]))
    pdf.build(flow)
    return buffer.getvalue()
