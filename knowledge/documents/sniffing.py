"""What a file really is, from its first bytes (the name's extension is only a hint that may lie)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

KIND_PDF = "pdf"
KIND_PNG = "png"
KIND_JPEG = "jpeg"
KIND_TIFF = "tiff"
KIND_DOCX = "docx"
KIND_XML = "xml"
KIND_TEXT = "text"
IMAGE_KINDS = frozenset({KIND_PNG, KIND_JPEG, KIND_TIFF})

_EXTENSIONS: dict[str, frozenset[str]] = {
    KIND_PDF: frozenset({".pdf"}),
    KIND_PNG: frozenset({".png"}),
    KIND_JPEG: frozenset({".jpg", ".jpeg", ".jpe"}),
    KIND_TIFF: frozenset({".tif", ".tiff"}),
    KIND_DOCX: frozenset({".docx"}),
    KIND_XML: frozenset({".xml"}),
    KIND_TEXT: frozenset({".txt", ".text", ".md", ".markdown", ".csv"}),
}
_BINARY_EXTENSIONS = frozenset().union(
    *(extensions for kind, extensions in _EXTENSIONS.items() if kind not in (KIND_TEXT, KIND_XML))
)
_XML_START = re.compile(rb"^\s*(<\?xml|<[A-Za-z_][\w.:-]*[\s>/])")


class SniffError(ValueError):
    """The bytes are not a format we read; the message says what they look like and what the name claimed."""


@dataclass(frozen=True)
class Sniffed:
    kind: str
    # Set when the file's name promised another format than its bytes hold ("scan.pdf" holding a PNG).
    extension_mismatch: str | None = None


def _claimed_suffix(filename: str) -> str:
    return PurePath(filename).suffix.lower()


def _kind_from_bytes(data: bytes) -> str | None:
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return KIND_PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KIND_PNG
    if head.startswith(b"\xff\xd8\xff"):
        return KIND_JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return KIND_TIFF
    if head.startswith(b"PK\x03\x04"):
        return KIND_DOCX if _is_docx(data) else None
    text_head = _decoded_head(head)
    if text_head is None:
        return None
    if _XML_START.match(text_head.lstrip("\ufeff").encode("utf-8", "ignore")):
        return KIND_XML
    return KIND_TEXT


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _decoded_head(head: bytes) -> str | None:
    """The start of a text file, or None for binary data (NUL bytes and control characters)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A cut at the end of the sample may split a character; anything earlier means it is not UTF-8.
        if error.start < len(head) - 4:
            text = head.decode("cp1252", errors="replace")
        else:
            text = head[: error.start].decode("utf-8")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return None if controls > max(2, len(text) // 50) else text


def sniff(data: bytes, filename: str, content_type: str | None = None) -> Sniffed:
    """The file's real kind. Raises SniffError for formats we do not read, naming what the name claimed."""
    kind = _kind_from_bytes(data)
    suffix = _claimed_suffix(filename)
    if kind is None:
        claimed = f" although it is named {suffix!r}" if suffix else ""
        raise SniffError(
            f"unsupported or unrecognised file format{claimed}; "
            "send a PDF, PNG/JPEG/TIFF image, DOCX, text/Markdown or e-invoice XML"
        )
    if kind == KIND_TEXT and suffix in _BINARY_EXTENSIONS:
        # Plain text under a binary format's name is a broken or mislabelled file, not a document to guess at.
        raise SniffError(
            f"the file is named {suffix!r} but holds plain text, not a {suffix[1:].upper()} file"
        )
    mismatch = None
    if (
        suffix
        and suffix not in _EXTENSIONS[kind]
        and not (kind == KIND_TEXT and suffix not in _BINARY_EXTENSIONS)
    ):
        mismatch = f"named {suffix!r} but the content is {kind.upper()}"
    return Sniffed(kind=kind, extension_mismatch=mismatch)
