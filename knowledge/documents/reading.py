"""Bytes of a known kind -> text by page: PDF text layers, OCR for scans and images, DOCX, plain text.

Failures are `ReadError`s carrying the status to report (FAILED, or OCR_UNAVAILABLE for a scan we cannot read).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from assistant.db.models.documents import DocumentStatus
from knowledge.documents import model
from knowledge.documents.ocr import OcrFailedError, OcrUnavailableError, TesseractOcr

# A page with fewer letters than this in its text layer is treated as a scan (headers alone are not text).
MIN_TEXT_LAYER_LETTERS = 10
RENDER_DPI = 300
MAX_OCR_PAGES = 30
_LETTER = re.compile(r"[^\W\d_]")


class ReadError(Exception):
    def __init__(self, reason: str, status: DocumentStatus = DocumentStatus.FAILED, **facts: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.facts = facts


@dataclass
class ReadText:
    pages: list[str]
    form: str
    ocr_used: bool = False
    page_count: int | None = None
    attachments: dict[str, bytes] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(page.strip("\n") for page in self.pages if page.strip())


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def read_pdf(data: bytes, ocr: TesseractOcr) -> ReadText:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as error:
                raise ReadError(
                    "the PDF is encrypted and cannot be opened; save an unprotected copy"
                ) from error
            if not opened:
                raise ReadError("the PDF is protected with a password; send an unprotected copy")
        page_count = len(reader.pages)
        if page_count == 0:
            raise ReadError("the PDF has no pages", page_count=0)
        layers = [_page_text(page) for page in reader.pages]
        attachments = _pdf_xml_attachments(reader)
    except ReadError:
        raise
    except FileNotDecryptedError as error:
        raise ReadError("the PDF is protected with a password; send an unprotected copy") from error
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as error:
        raise ReadError(f"the PDF is damaged or not a PDF ({type(error).__name__})") from error
    except Exception as error:  # pypdf raises assorted errors on malformed files; all mean "cannot read"
        raise ReadError(f"the PDF is damaged ({type(error).__name__})") from error
    scanned = [index for index, text in enumerate(layers) if _letters(text) < MIN_TEXT_LAYER_LETTERS]
    if not scanned:
        return ReadText(layers, model.FORM_PDF_TEXT, page_count=page_count, attachments=attachments)
    form = model.FORM_PDF_SCAN if len(scanned) == page_count else model.FORM_PDF_TEXT
    pages = list(layers)
    try:
        ocr.check()
        for index in scanned[:MAX_OCR_PAGES]:
            pages[index] = tidy_ocr(ocr.read_png(_render_pdf_page(data, index)))
    except OcrUnavailableError as error:
        if len(scanned) == page_count:
            raise ReadError(
                f"OCR unavailable: the PDF is a scan without a text layer ({error})",
                DocumentStatus.OCR_UNAVAILABLE,
                page_count=page_count,
                form=form,
            ) from error
        return ReadText(layers, form, page_count=page_count, attachments=attachments)
    except OcrFailedError as error:
        raise ReadError(str(error), page_count=page_count, form=form) from error
    return ReadText(pages, form, ocr_used=True, page_count=page_count, attachments=attachments)


def _page_text(page: object) -> str:
    """The page's text laid out as printed: table columns stay on one line, separated by spaces."""
    from pypdf import PageObject

    assert isinstance(page, PageObject)
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode trips on some odd fonts; plain mode still gives the words
        return page.extract_text() or ""


def _render_pdf_page(data: bytes, index: int) -> bytes:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        try:
            bitmap = document[index].render(scale=RENDER_DPI / 72, grayscale=True)
            image = bitmap.to_pil()
        finally:
            document.close()
    except pypdfium2.PdfiumError as error:
        raise OcrFailedError(f"page {index + 1} could not be rendered for OCR ({error})") from error
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf_xml_attachments(reader: object) -> dict[str, bytes]:
    """Embedded XML files (ZUGFeRD / Factur-X / XRechnung carry the invoice as XML inside the PDF)."""
    from pypdf import PdfReader

    assert isinstance(reader, PdfReader)
    found: dict[str, bytes] = {}
    try:
        for name, contents in reader.attachments.items():
            if name.lower().endswith(".xml") and contents:
                found[name] = contents[0]
    except Exception:  # a broken attachment table leaves the visible text, which is still good
        return {}
    return found


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _is_syllable(token: str) -> bool:
    return len(token) == 1 and bool(_HANGUL.match(token))


def tidy_ocr(text: str) -> str:
    """Tesseract spaces Korean syllables apart ('서 울 오피스'): a lone syllable joins its Hangul neighbour."""
    lines = []
    for line in text.splitlines():
        merged: list[str] = []
        last_was_lone = False
        for token in line.split(" "):
            previous = merged[-1] if merged else ""
            joins = previous and token and _HANGUL.match(token[0]) and _HANGUL.match(previous[-1])
            if joins and (_is_syllable(token) or last_was_lone):
                merged[-1] = previous + token
            else:
                merged.append(token)
            last_was_lone = _is_syllable(token)
        lines.append(" ".join(merged))
    return "\n".join(lines)


def read_image(data: bytes, ocr: TesseractOcr) -> ReadText:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        ocr.check()
    except OcrUnavailableError as error:
        raise ReadError(
            f"OCR unavailable: images need OCR ({error})",
            DocumentStatus.OCR_UNAVAILABLE,
            form=model.FORM_IMAGE,
        ) from error
    pages: list[str] = []
    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = getattr(image, "n_frames", 1)
            for frame in range(min(frames, MAX_OCR_PAGES)):
                image.seek(frame)
                page = ImageOps.exif_transpose(image.convert("RGB"))
                buffer = io.BytesIO()
                page.save(buffer, format="PNG")
                pages.append(tidy_ocr(ocr.read_png(buffer.getvalue())))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ReadError(f"the image is damaged or unreadable ({type(error).__name__})") from error
    except OcrFailedError as error:
        raise ReadError(str(error), form=model.FORM_IMAGE) from error
    return ReadText(pages, model.FORM_IMAGE, ocr_used=True, page_count=len(pages))


def read_docx(data: bytes) -> ReadText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise ReadError(f"not a readable Word document ({type(error).__name__})") from error
    except Exception as error:  # lxml and python-docx raise their own errors on damaged parts
        raise ReadError(f"the Word document is damaged ({type(error).__name__})") from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        else:
            lines.append(block.text)
    return ReadText(["\n".join(lines)], model.FORM_DOCX)


_MARKDOWN_NOISE = re.compile(r"(\*\*|__|`|^#{1,6}\s+|^\s*[-*]\s+(?=\S))", re.M)


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old Windows exports; cp1252 decodes every byte sequence that matters for Western text.
        return data.decode("cp1252", errors="replace")


def read_text(data: bytes) -> ReadText:
    text = _MARKDOWN_NOISE.sub("", decode_text(data).replace("\r\n", "\n"))
    return ReadText([text], model.FORM_TEXT)
