"""Sections to chunks sized for the embedder: one chunk per short section, overlapping windows for long ones.

e5-small reads at most 512 tokens; 250 words of European text are ~350-400 tokens, so a chunk plus its
heading line fits. Each chunk's text starts with the document title and section path, which both the
embedder and the keyword index see: a question about "hotels" finds the Hotels section by its heading.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from knowledge.parsing import ParsedDocument

MAX_WORDS = 250
OVERLAP_WORDS = 40
SECTION_SEPARATOR = " > "


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str  # the file name people see in a citation
    path: str  # the resolved file path: the key of the file in the registry and the store
    title: str
    section: str  # "Travel and Expenses > Hotels"
    page: int | None
    ordinal: int
    text: str  # the passage itself, without the heading line
    language: str

    @property
    def indexed_text(self) -> str:
        """What is embedded and keyword-indexed: the heading line, then the passage."""
        return f"{self.section}\n{self.text}" if self.section else self.text


def chunk_document(
    document: ParsedDocument,
    *,
    source: str,
    path: str,
    max_words: int = MAX_WORDS,
    overlap_words: int = OVERLAP_WORDS,
) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in document.sections:
        heading_path = section.path if section.path else (document.title,)
        section_name = SECTION_SEPARATOR.join(heading_path)
        for piece in _windows(section.text, max_words=max_words, overlap_words=overlap_words):
            ordinal = len(chunks)
            chunks.append(
                Chunk(
                    id=chunk_id(path=path, section=section_name, ordinal=ordinal, text=piece),
                    source=source,
                    path=path,
                    title=document.title,
                    section=section_name,
                    page=section.page,
                    ordinal=ordinal,
                    text=piece,
                    language=document.language,
                )
            )
    return chunks


def chunk_id(*, path: str, section: str, ordinal: int, text: str) -> str:
    """Stable across runs for the same file content; different when the passage or its place changes."""
    digest = hashlib.sha256(f"{path}\n{section}\n{ordinal}\n{text}".encode()).hexdigest()
    return f"{digest[:24]}"


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


def _windows(text: str, *, max_words: int, overlap_words: int) -> list[str]:
    """Paragraphs packed up to max_words; a longer run continues with the last `overlap_words` repeated."""
    units: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        # Room for the overlap carried into the next window, so no window runs past max_words by much.
        unit_limit = max(max_words - overlap_words, 1)
        if len(paragraph.split()) <= unit_limit:
            units.append(paragraph)
        else:
            units.extend(_split_long(paragraph, unit_limit))
    windows: list[str] = []
    current: list[str] = []
    current_words = 0
    for unit in units:
        words = len(unit.split())
        if current and current_words + words > max_words:
            windows.append("\n\n".join(current))
            tail = " ".join(" ".join(current).split()[-overlap_words:]) if overlap_words else ""
            current = [tail] if tail else []
            current_words = len(tail.split())
        current.append(unit)
        current_words += words
    if current:
        windows.append("\n\n".join(current))
    return windows


def _split_long(paragraph: str, max_words: int) -> list[str]:
    """Sentences packed up to max_words; a single sentence longer than that is cut by words."""
    pieces: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        words = sentence.split()
        while len(words) > max_words:
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if len(current) + len(words) > max_words:
            pieces.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        pieces.append(" ".join(current))
    return pieces
