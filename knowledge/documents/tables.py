"""Item tables in orders and delivery notes: rows under a header that names a quantity column -> (description,
quantity). Works on '|'-separated rows (DOCX tables, Markdown), space-aligned columns and PDF text where columns
collapse to single spaces (the quantity is then the first number of the row's numeric tail)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.documents.locate import Line, label_pattern
from knowledge.documents.normalise import normalise_quantity

_QUANTITY_HEADER = label_pattern(
    [
        "qty",
        "quantity",
        "menge",
        "anzahl",
        "stuck",
        "ilosc",
        "kolicina",
        "kol",
        "수량",
        "delivered",
        "geliefert",
    ]
)
_STOP = label_pattern(
    [
        "total",
        "subtotal",
        "sum",
        "summe",
        "gesamt",
        "razem",
        "suma",
        "ukupno",
        "합계",
        "총액",
        "signature",
        "unterschrift",
        "podpis",
        "potpis",
        "서명",
        "received by",
        "notes",
        "bemerkungen",
        "uwagi",
        "napomena",
        "비고",
        "net",
        "netto",
        "vat",
        "mwst",
        "pdv",
        "delivery date",
        "lieferdatum",
        "payment terms",
        "zahlungsbedingungen",
        "warunki platnosci",
        "uvjeti placanja",
        "결제조건",
        "carrier",
        "spediteur",
        "przewoznik",
        "prijevoznik",
        "ship to",
        "lieferadresse",
        "adres dostawy",
        "adresa isporuke",
        "배송지",
    ]
)
_NUMBER = re.compile(r"^[-+]?\d[\d.,\u00a0 ]*$")
_UNIT = re.compile(
    r"^(?:pcs?|pieces?|stk|st|stuck|stück|szt|kom|ea|each|units?|x|kg|m|l|box(?:es)?|sets?|pairs?|pkt|"
    r"개|대|박스|세트|eur|usd|pln|hrk|krw|gbp|chf|€|\$|zł|원|₩|%)\.?$",
    re.IGNORECASE,
)
_POSITION = re.compile(r"^(?:\d{1,3}[.)]?|pos\.?\s*\d+)\s+")
_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+|\s{2,}")
MAX_ROWS = 100


@dataclass(frozen=True)
class Row:
    description: str
    quantity: str
    line: Line


def table_rows(lines: Sequence[Line]) -> list[Row]:
    for index, line in enumerate(lines):
        if _QUANTITY_HEADER.search(line.folded) and not _NUMBER.search(line.text.strip()):
            rows = _rows_after(lines, index)
            if rows:
                return rows
    return []


def _cells(text: str) -> list[str]:
    return [cell for cell in _CELL_SPLIT.split(text.strip().strip("|")) if cell.strip()]


def _rows_after(lines: Sequence[Line], header_index: int) -> list[Row]:
    header = lines[header_index]
    header_cells = _cells(header.text)
    quantity_column = next(
        (position for position, cell in enumerate(header_cells) if _QUANTITY_HEADER.search(cell.lower())),
        None,
    )
    rows: list[Row] = []
    pending: list[str] = []  # a description wrapped onto lines of its own, waiting for its numbers
    for line in lines[header_index + 1 : header_index + 1 + MAX_ROWS]:
        if re.fullmatch(r"[\s|:\-=+]*", line.text):
            continue  # Markdown's |---|---| and rulers
        folded = line.folded.strip(" |*")
        if _STOP.match(folded) or re.match(r"^[^\d]*:", folded):
            break
        row = _row_by_columns(line, header_cells, quantity_column) or _row_by_tail(line)
        if row is None:
            if _is_wrapped_text(line) and len(pending) < 3:
                pending.append(line.text.strip(" |"))
                continue
            if rows:
                break
            continue
        if pending:
            row = Row(_join_wrapped([*pending, row.description]), row.quantity, row.line)
            pending = []
        rows.append(row)
    return rows


def _is_wrapped_text(line: Line) -> bool:
    text = line.text.strip(" |")
    return bool(re.search(r"[^\W\d_]", text)) and not re.search(r"\d[.,]\d{2}\b", text) and len(text) <= 60


def _join_wrapped(pieces: list[str]) -> str:
    """'Tonerkartusche' + 'TN-2420' -> 'Tonerkartusche TN-2420'; Hangul split mid-word joins without a space."""
    joined = pieces[0]
    for piece in pieces[1:]:
        hangul_split = re.search(r"[\uac00-\ud7a3]$", joined) and re.match(r"[\uac00-\ud7a3]", piece)
        joined = f"{joined}{piece}" if hangul_split else f"{joined} {piece}"
    return joined


def _row_by_columns(line: Line, header_cells: list[str], quantity_column: int | None) -> Row | None:
    cells = _cells(line.text)
    if quantity_column is None or len(cells) != len(header_cells) or len(cells) < 2:
        return None
    quantity = (
        normalise_quantity(cells[quantity_column])
        if _NUMBER.match(re.sub(r"\s*[^\d.,\s].*$", "", cells[quantity_column]))
        else None
    )
    descriptions = [
        cell
        for position, cell in enumerate(cells)
        if position != quantity_column and re.search(r"[^\W\d_]{2,}", cell) and not _UNIT.match(cell)
    ]
    if quantity is None or not descriptions:
        return None
    return Row(max(descriptions, key=len).strip(), quantity, line)


def _row_by_tail(line: Line) -> Row | None:
    text = _POSITION.sub("", line.text.strip().strip("|").strip())
    tokens = [token for token in re.split(r"\s*\|\s*|\s+", text) if token]
    tail_start = len(tokens)
    while tail_start > 0 and (_NUMBER.match(tokens[tail_start - 1]) or _UNIT.match(tokens[tail_start - 1])):
        tail_start -= 1
    description = " ".join(tokens[:tail_start]).strip(" |-")
    numbers = [token for token in tokens[tail_start:] if _NUMBER.match(token)]
    if not numbers or not re.search(r"[^\W\d_]{2,}", description):
        return None
    quantity = normalise_quantity(numbers[0])
    if quantity is None:
        return None
    return Row(description, quantity, line)
