"""Writes a Body as a text PDF (reportlab), DOCX (python-docx), plain text, Markdown, or a scan: the text drawn
onto a grey, slightly noisy, slightly rotated page image at 200 dpi (PNG, JPEG, TIFF, or a PDF whose only
content is that image).
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
from docx import Document as DocxDocument
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from tests.documents.corpus_blocks import Body, Heading, Pairs, Paragraph

LATIN_TTF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LATIN_BOLD_TTF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
KOREAN_TTF = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
KOREAN_CID = "HYSMyeongJo-Medium"  # reportlab's built-in CID font: text stays extractable (ToUnicode)
SCAN_DPI = 200
PAGE_PIXELS = (1654, 2339)  # A4 at 200 dpi
MARGIN = 150
FIXED_TIME = datetime(2025, 1, 1, tzinfo=UTC)  # document dates in metadata: the same bytes on every run


@cache
def _pdf_fonts() -> tuple[str, str, str]:
    pdfmetrics.registerFont(TTFont("CorpusSans", str(LATIN_TTF)))
    pdfmetrics.registerFont(TTFont("CorpusSansBold", str(LATIN_BOLD_TTF)))
    pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_CID))
    return "CorpusSans", "CorpusSansBold", KOREAN_CID


def _column_widths(rows: list[list[str]]) -> list[float]:
    """Columns share 170 mm in proportion to their longest cell, none under 16 mm."""
    longest = [max(len(row[column]) for row in rows) + 2 for column in range(len(rows[0]))]
    return [max(16 * mm, 170 * mm * length / sum(longest)) for length in longest]


def _pdf_story(body: Body) -> list[object]:
    regular, bold, korean = _pdf_fonts()
    text_font = korean if body.language == "ko" else regular
    heading_font = korean if body.language == "ko" else bold
    normal = ParagraphStyle(
        "corpus",
        fontName=text_font,
        fontSize=10,
        leading=13,
        wordWrap="CJK" if body.language == "ko" else None,
    )
    heading = ParagraphStyle("corpus-heading", fontName=heading_font, fontSize=15, leading=19, spaceAfter=4)
    story: list[object] = []
    for block in body.blocks:
        if isinstance(block, Heading):
            story.append(PdfParagraph(escape(block.text), heading))
        elif isinstance(block, Paragraph):
            story.append(PdfParagraph(escape(block.text).replace("\n", "<br/>"), normal))
        elif isinstance(block, Pairs):
            rows = [[label, value] for label, value in block.rows]
            pairs = PdfTable(rows, colWidths=(55 * mm, 110 * mm), hAlign="LEFT")
            pairs.setStyle([("FONT", (0, 0), (-1, -1), text_font, 10)])
            story.append(pairs)
        else:
            rows = [list(row) for row in (block.header, *block.rows)]
            table = PdfTable(rows, colWidths=_column_widths(rows), hAlign="LEFT", repeatRows=1)
            table.setStyle([
                ("FONT", (0, 0), (-1, -1), text_font, 9),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ])  # fmt: skip
            story.append(table)
        story.append(Spacer(1, 6))
    return story


def write_pdf(body: Body, path: Path, *, pages: int = 1) -> None:
    """A text PDF; `pages` > 1 repeats the body with page breaks (the benchmark's multi-page document)."""
    document = SimpleDocTemplate(str(path), pagesize=A4, title="", author="", invariant=1)
    story: list[object] = []
    for page in range(pages):
        if page:
            story.append(PageBreak())
        story += _pdf_story(body)
    document.build(story)


def write_docx(body: Body, path: Path, *, pairs_as_table: bool) -> None:
    document = DocxDocument()
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    for block in body.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=1)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            for index, line in enumerate(block.text.split("\n")):
                run = paragraph.add_run(line)
                if index < block.text.count("\n"):
                    run.add_break()
        elif isinstance(block, Pairs) and not pairs_as_table:
            for label, value in block.rows:
                document.add_paragraph(f"{label}: {value}")
        else:
            header, rows = (("", ""), block.rows) if isinstance(block, Pairs) else (block.header, block.rows)
            skip_header = isinstance(block, Pairs)
            table = document.add_table(rows=0, cols=len(header))
            table.style = "Table Grid"
            for row in rows if skip_header else (header, *rows):
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """The same DOCX bytes on every run: zip members otherwise carry the time they were written."""
    rewritten = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(rewritten, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))
    return rewritten.getvalue()


def write_text(body: Body, path: Path) -> None:
    path.write_text("\n".join(body.plain_lines()).rstrip() + "\n", encoding="utf-8")


def write_markdown(body: Body, path: Path) -> None:
    lines: list[str] = []
    for block in body.blocks:
        if isinstance(block, Heading):
            lines += [f"# {block.text}" if not lines else f"## {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [*(f"{line}  " for line in block.text.split("\n")), ""]
        elif isinstance(block, Pairs):
            lines += [f"**{label}:** {value}  " for label, value in block.rows]
            lines.append("")
        else:
            lines.append("| " + " | ".join(block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(row) + " |" for row in block.rows]
            lines.append("")
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


@cache
def _scan_font(language: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(KOREAN_TTF if language == "ko" else LATIN_TTF), size)


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    if font.getlength(line) <= width:
        return [line]
    wrapped: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width:
            wrapped.append(current)
            current = word
        else:
            current = candidate
    wrapped.append(current)
    return wrapped


def render_scan(body: Body, rng: random.Random) -> Image.Image:
    """One greyscale page: the body's text lines, wrapped to the page, on a noisy background, turned < 1°."""
    lines = body.plain_lines()
    size = 30
    font = _scan_font(body.language, size)
    width = PAGE_PIXELS[0] - 2 * MARGIN
    wrapped = [part for line in lines for part in _wrap(line, font, width)]
    while len(wrapped) * size * 1.45 > PAGE_PIXELS[1] - 2 * MARGIN and size > 22:
        size -= 2
        font = _scan_font(body.language, size)
        wrapped = [part for line in lines for part in _wrap(line, font, width)]
    background = rng.randint(228, 246)
    page = Image.new("L", PAGE_PIXELS, color=background)
    draw = ImageDraw.Draw(page)
    ink = rng.randint(10, 50)
    y = MARGIN + rng.randint(-20, 20)
    for line in wrapped:
        draw.text((MARGIN + rng.randint(-2, 2), y), line, fill=ink, font=font)
        y += int(size * 1.45)
    generator = np.random.default_rng(rng.randrange(2**32))
    # Paper texture: soft blotches (noise at 1/8 resolution, enlarged) and a sprinkle of dark specks.
    blotches = generator.normal(0, 5, (PAGE_PIXELS[1] // 8, PAGE_PIXELS[0] // 8)).astype(np.float32)
    texture = np.asarray(Image.fromarray(blotches).resize(PAGE_PIXELS, Image.Resampling.BILINEAR))
    pixels = np.asarray(page, dtype=np.float32) + texture
    specks = generator.random(pixels.shape) < 0.0015
    pixels[specks] -= generator.uniform(60, 140, int(specks.sum()))
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    angle = rng.uniform(-0.9, 0.9)
    return noisy.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=background)


def write_scan(body: Body, path: Path, rng: random.Random) -> None:
    image = render_scan(body, rng)
    suffix = path.suffix.lower()
    if suffix == ".png":
        image.save(path, format="PNG", dpi=(SCAN_DPI, SCAN_DPI))
    elif suffix in (".jpg", ".jpeg"):
        image.save(path, format="JPEG", quality=80, dpi=(SCAN_DPI, SCAN_DPI))
    elif suffix in (".tif", ".tiff"):
        image.save(path, format="TIFF", compression="tiff_deflate", dpi=(SCAN_DPI, SCAN_DPI))
    elif suffix == ".pdf":  # a scanned PDF: the page is the image and nothing else (no text layer)
        image.convert("RGB").save(
            path,
            format="PDF",
            resolution=float(SCAN_DPI),
            creationDate=FIXED_TIME.timetuple(),
            modDate=FIXED_TIME.timetuple(),
        )
    else:
        raise ValueError(f"not a scan format: {path.name}")
