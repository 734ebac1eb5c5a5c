"""Document-analysis fixtures: a deterministic embedder, an offline pipeline, and file builders (PDF, DOCX, PNG)."""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Sequence

import numpy as np
import pytest

from knowledge.documents import DocumentPipeline
from knowledge.embedders import Vectors
from knowledge.keywords import tokenize


class WordHashEmbedder:
    """Bag of hashed words: texts sharing words are close; the same text always gives the same vector."""

    name = "fake-word-hash"
    dimension = 256

    def __init__(self) -> None:
        self.calls = 0

    def _vector(self, text: str) -> Vectors:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for token in tokenize(text):
            vector[int(hashlib.sha256(token.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vector(text) for text in texts])

    def embed_query(self, text: str) -> Vectors:
        return self._vector(text)


needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.fixture
def embedder() -> WordHashEmbedder:
    return WordHashEmbedder()


@pytest.fixture
def pipeline(embedder: WordHashEmbedder) -> DocumentPipeline:
    return DocumentPipeline.offline(embedder=embedder, ocr_languages="eng+deu")


def text_pdf(pages: Sequence[str]) -> bytes:
    """A PDF with a text layer, one string per page (Helvetica: Latin-1 text only)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in pages:
        y = 800
        for line in page.splitlines():
            pdf.setFont("Helvetica", 11)
            pdf.drawString(60, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scan_png(text: str, *, size: int = 30) -> bytes:
    """A clean 'scan': black text on a white page, drawn with Pillow's bundled font."""
    from PIL import Image, ImageDraw, ImageFont

    lines = text.splitlines()
    font = ImageFont.load_default(size=size)
    image = Image.new("L", (1400, 120 + len(lines) * int(size * 1.6)), color=255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((60, 60 + index * int(size * 1.6)), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def scanned_pdf(text: str) -> bytes:
    """A PDF whose only page is an image (no text layer)."""
    from PIL import Image

    buffer = io.BytesIO()
    with Image.open(io.BytesIO(scan_png(text))) as image:
        image.convert("RGB").save(buffer, format="PDF", resolution=150)
    return buffer.getvalue()


def docx_file(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row_index, row in enumerate(table):
            for column_index, cell in enumerate(row):
                grid.cell(row_index, column_index).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
