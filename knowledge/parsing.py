"""Files to structured text: Markdown, PDF, DOCX, HTML and plain text become a title, a language and sections.

A section is the text under one heading with its heading path ("Travel and Expenses", "Hotels") and, for PDFs,
the page it starts on. Every failure is a `DocumentError` whose message a person can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.offline.language import detect_language

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | {".pdf", ".docx"}
LANGUAGE_SAMPLE_CHARS = 4_000


class DocumentError(Exception):
    """A file that cannot be ingested; `reason` says why in words."""

    kind = "unreadable"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedTypeError(DocumentError):
    kind = "unsupported"


class EmptyDocumentError(DocumentError):
    kind = "empty"


class TooLargeError(DocumentError):
    kind = "too_large"


class CorruptDocumentError(DocumentError):
    kind = "corrupt"


class EncryptedDocumentError(DocumentError):
    kind = "encrypted"


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]
    text: str
    page: int | None = None


@dataclass(frozen=True)
class ParsedDocument:
    title: str
    language: str
    sections: list[Section] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(section.text for section in self.sections)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def parse_file(path: Path, *, max_bytes: int) -> ParsedDocument:
    """Parse one file. Raises a DocumentError subclass naming the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedTypeError(
            path, f"unsupported file type {suffix or '(none)'!r}; supported: {supported}"
        )
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocumentError(path, "the file is empty")
    if size > max_bytes:
        raise TooLargeError(
            path, f"the file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB"
        )
    parser: Callable[[Path], tuple[str | None, list[Section]]]
    if suffix in MARKDOWN_SUFFIXES:
        parser = _parse_markdown
    elif suffix in HTML_SUFFIXES:
        parser = _parse_html
    elif suffix == ".pdf":
        parser = _parse_pdf
    elif suffix == ".docx":
        parser = _parse_docx
    else:
        parser = _parse_text
    title, sections = parser(path)
    sections = [section for section in sections if section.text.strip()]
    if not sections:
        raise EmptyDocumentError(path, "no text found in the file")
    document_title = title or _title_from_filename(path)
    sample = " ".join(section.text for section in sections)[:LANGUAGE_SAMPLE_CHARS]
    return ParsedDocument(title=document_title, language=document_language(sample), sections=sections)


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def document_language(text: str) -> str:
    """A document's main language. The message detector calls any Hangul Korean; a policy that quotes a
    Korean phone line or office name is still English, so Korean needs a third of the letters here."""
    letters = len(_LETTER.findall(text)) or 1
    if len(_HANGUL.findall(text)) / letters >= 0.3:
        return "ko"
    return detect_language(_HANGUL.sub(" ", text))


def _title_from_filename(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or path.name


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old Windows exports; cp1252 decodes every byte sequence that matters for Western text.
        return data.decode("cp1252", errors="replace")


class _SectionBuilder:
    """Collects lines under the current heading path; a heading closes the section before it."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.sections: list[Section] = []
        self._path: list[tuple[int, str]] = []
        self._lines: list[str] = []
        self._page: int | None = None

    def heading(self, level: int, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self.flush()
        if level == 1 and self.title is None:
            self.title = text
        while self._path and self._path[-1][0] >= level:
            self._path.pop()
        self._path.append((level, text))

    def line(self, text: str, page: int | None = None) -> None:
        if not self._lines and page is not None:
            self._page = page
        self._lines.append(text)

    def flush(self) -> None:
        body = _tidy("\n".join(self._lines))
        if body:
            path = tuple(name for _, name in self._path) or ((self.title,) if self.title else ())
            self.sections.append(Section(path=path, text=body, page=self._page))
        self._lines = []
        self._page = None

    def result(self) -> tuple[str | None, list[Section]]:
        self.flush()
        return self.title, self.sections


def _tidy(text: str) -> str:
    """Collapse runs of spaces and of blank lines; keep paragraph breaks (the chunker splits on them)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")


def _parse_markdown(path: Path) -> tuple[str | None, list[Section]]:
    builder = _SectionBuilder()
    in_fence = False
    for line in _read_text(path).splitlines():
        if _MD_FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _MD_HEADING.match(line)
        if heading:
            builder.heading(len(heading.group(1)), _strip_markdown(heading.group(2)))
        else:
            builder.line(_strip_markdown(line) if not in_fence else line)
    return builder.result()


def _strip_markdown(text: str) -> str:
    """Drop emphasis and link syntax so the words embed and match as words."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__|\*|`)", "", text)


_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S.*$")


def _parse_text(path: Path) -> tuple[str | None, list[Section]]:
    """Plain text with the structure people type: underlined headings (=== or ---) and numbered headings
    ("2.4 Lost devices") standing alone between blank lines."""
    lines = _read_text(path).splitlines()
    builder = _SectionBuilder()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        previous = lines[index - 1].strip() if index > 0 else ""
        if line and len(line) <= 120 and _SETEXT.match(following) and len(following) >= 3:
            builder.heading(1 if following.startswith("=") else 2, line)
            index += 2
            continue
        numbered = _NUMBERED_HEADING.match(line)
        if (
            numbered
            and len(line) <= 80
            and not previous
            and not following
            and not line.endswith((".", ":", ",", ";"))
        ):
            builder.heading(numbered.group(1).count(".") + 2, line)
        else:
            builder.line(lines[index])
        index += 1
    title, sections = builder.result()
    if title is None:
        first_line = next((line.strip() for line in lines if line.strip()), "")
        title = first_line if 0 < len(first_line) <= 120 else None
    return title, sections


_HTML_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_HTML_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "nav"})
_HTML_BLOCKS = frozenset(
    {"p", "div", "li", "tr", "br", "table", "ul", "ol", "pre", "blockquote", "section", "article", "dd", "dt"}
)


def _parse_html(path: Path) -> tuple[str | None, list[Section]]:
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(_read_text(path), "html.parser")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    builder = _SectionBuilder()
    root = soup.body or soup
    pieces: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if child.name in _HTML_SKIPPED:
                    continue
                if child.name in _HTML_HEADINGS:
                    builder.line("".join(pieces))
                    pieces.clear()
                    builder.heading(_HTML_HEADINGS[child.name], child.get_text(" ", strip=True))
                    continue
                if child.name in _HTML_BLOCKS:
                    pieces.append("\n")
                walk(child)
                if child.name in _HTML_BLOCKS:
                    pieces.append("\n")
            elif isinstance(child, NavigableString) and type(child) is NavigableString:
                pieces.append(str(child))  # comments, CDATA and doctypes are NavigableString subclasses

    walk(root)
    builder.line("".join(pieces))
    title, sections = builder.result()
    return title or page_title, sections


def _parse_docx(path: Path) -> tuple[str | None, list[Section]]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise CorruptDocumentError(path, f"not a readable Word document ({error})") from error
    builder = _SectionBuilder()
    core_title = (document.core_properties.title or "").strip() or None
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                builder.line(" | ".join(cell.text.strip() for cell in row.cells))
            continue
        assert isinstance(block, Paragraph)
        style = (block.style.name if block.style is not None else "") or ""
        level = _docx_heading_level(style)
        if level is not None:
            builder.heading(level, block.text)
        else:
            builder.line(block.text)
    title, sections = builder.result()
    return title or core_title, sections


def _docx_heading_level(style: str) -> int | None:
    if style == "Title":
        return 1
    match = re.fullmatch(r"Heading (\d)", style)
    return int(match.group(1)) if match else None


def _parse_pdf(path: Path) -> tuple[str | None, list[Section]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocumentError(
                path, "the PDF is encrypted with a password; save an unprotected copy"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        outline = _pdf_outline(reader)
        metadata_title = (reader.metadata.title if reader.metadata else None) or None
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise CorruptDocumentError(path, f"the PDF is damaged or not a PDF ({error})") from error
    except Exception as error:  # pypdf raises assorted errors on malformed files; all mean "cannot read"
        if "crypt" in type(error).__name__.lower() or "decrypt" in str(error).lower():
            raise EncryptedDocumentError(path, "the PDF is encrypted and cannot be opened") from error
        raise CorruptDocumentError(path, f"the PDF is damaged ({type(error).__name__})") from error
    if not any(text.strip() for text in pages):
        raise EmptyDocumentError(
            path, "the PDF has no text layer (a scan?); OCR is not available for policies"
        )
    builder = _SectionBuilder()
    title = metadata_title
    if title:
        builder.heading(1, title)
    for number, text in enumerate(pages, start=1):
        for level, heading in outline.get(number, []):
            builder.heading(level + (1 if title else 0), heading)
        for line in text.splitlines():
            builder.line(line, page=number)
        builder.flush()  # one section per page at least, so every chunk knows its page
    return builder.result()


def _pdf_outline(reader: object) -> dict[int, list[tuple[int, str]]]:
    """Bookmarks by the page they start on: {page: [(level, title), ...]} (levels from 1)."""
    from pypdf import PdfReader

    assert isinstance(reader, PdfReader)
    starts: dict[int, list[tuple[int, str]]] = {}

    def visit(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                visit(item, level + 1)
                continue
            try:
                index = reader.get_destination_page_number(item)  # type: ignore[arg-type]
            except Exception:  # noqa: S112  (a bookmark pointing nowhere is skipped, not fatal)
                continue
            if index is not None:
                starts.setdefault(index + 1, []).append((level, str(getattr(item, "title", "")).strip()))

    try:
        visit(list(reader.outline), 1)
    except Exception:  # a broken outline leaves the pages without headings, the text is still good
        return {}
    return starts
