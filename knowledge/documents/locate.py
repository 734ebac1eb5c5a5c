"""Finding labelled values in a document's lines: "Rechnungsnummer: RE-2025-114" -> the value, and where.

Labels are matched accent-free and case-insensitively; the value is looked for after the label on the same
line, then on the next non-empty line (forms often print the label above the value).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.offline.dates import fold_in_place

SAME_LINE_CONFIDENCE = 0.9
NEXT_LINE_CONFIDENCE = 0.8
GUESS_CONFIDENCE = 0.6
_SEPARATOR = re.compile(r"^[\s:：#.\-–—=|/]*(?:(?:no|nr|br|n°|№)\.?(?![^\W_])[\s:#.]*)?")


@dataclass(frozen=True)
class Line:
    page: int
    number: int  # 1-based within the page
    text: str
    folded: str

    def source(self) -> str:
        shown = " ".join(self.text.split())
        if len(shown) > 90:
            shown = shown[:87] + "..."
        return f"page {self.page}, line {self.number}: '{shown}'"


@dataclass(frozen=True)
class Found:
    raw: str
    line: Line
    confidence: float
    index: int  # the line's position in the document's list of lines


def document_lines(pages: Sequence[str]) -> list[Line]:
    lines: list[Line] = []
    for page_number, page in enumerate(pages, start=1):
        for line_number, text in enumerate(page.splitlines(), start=1):
            if text.strip():
                lines.append(Line(page_number, line_number, text, fold_in_place(text)))
    return lines


def phrase_pattern(phrase: str) -> str:
    """Regex source for an accent-free phrase. Latin words match whole (and not as the start of a code such
    as 'PO-2025'); Hangul matches inside words (particles attach) and with any spacing (OCR spaces syllables)."""
    if re.search(r"[\uac00-\ud7a3]", phrase):
        return r"\s*".join(re.escape(char) for char in phrase if not char.isspace())
    body = r"[\s\-]*".join(re.escape(word) for word in phrase.split())
    return rf"(?<![^\W_]){body}(?![^\W_]|-\w)"


def label_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    """One pattern for accent-free labels, longest first."""
    return re.compile("|".join(phrase_pattern(label) for label in sorted(set(labels), key=len, reverse=True)))


def after_label(line: Line, labels: re.Pattern[str]) -> str | None:
    """The text after the label on this line (separators removed), '' when the label ends the line."""
    match = labels.search(line.folded)
    if match is None:
        return None
    rest = line.text[match.end() :]
    return rest[_SEPARATOR.match(rest).end() :].strip()  # type: ignore[union-attr]


def label_length(line: Line, labels: re.Pattern[str]) -> int:
    match = labels.search(line.folded)
    return len(match.group(0)) if match else 0


def find_labelled(
    lines: Sequence[Line],
    labels: re.Pattern[str],
    value: re.Pattern[str] | None = None,
    *,
    skip: re.Pattern[str] | None = None,
    next_line: bool = True,
) -> Found | None:
    """The labelled value under the most specific label ("Rechnungsnummer" beats "Rechnung"; the first line
    wins a tie). With `value`, the first match of it after the label; without, the rest of the line. `skip`
    rules out lines that also carry another label ("Total net" when looking for the total)."""
    best: tuple[int, Found] | None = None
    for index, line in enumerate(lines):
        if skip is not None and skip.search(line.folded):
            continue
        rest = after_label(line, labels)
        if rest is None:
            continue
        found: Found | None = None
        raw = _value_in(rest, value)
        if raw:
            found = Found(raw, line, SAME_LINE_CONFIDENCE, index)
        elif next_line and not rest and index + 1 < len(lines):
            following = lines[index + 1]
            raw = _value_in(following.text.strip(), value)
            if raw:
                found = Found(raw, following, NEXT_LINE_CONFIDENCE, index + 1)
        if found is not None:
            length = label_length(line, labels)
            if best is None or length > best[0]:
                best = (length, found)
    return best[1] if best else None


def _value_in(text: str, value: re.Pattern[str] | None) -> str | None:
    if not text:
        return None
    if value is None:
        return text
    match = value.search(text)
    return match.group(0).strip() if match else None
