"""Typed fields per document type from text: label-anchored in five languages, values normalised.

Each extractor returns {field name: ExtractedField}; a field that cannot be found is simply absent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.db.models.documents import DocumentType
from knowledge.documents.labels import (
    L_BUYER,
    L_CLOSING,
    L_CURRENCY,
    L_DELIVERY_NUMBER,
    L_DUE_DATE,
    L_EFFECTIVE,
    L_FROM,
    L_INVOICE_NUMBER,
    L_ISSUE_DATE,
    L_LAW,
    L_MERCHANT,
    L_NAME,
    L_NET,
    L_NOT_TOTAL,
    L_OPENING,
    L_ORDER_REFERENCE,
    L_PARTY_ROLE,
    L_PERIOD,
    L_PHONE,
    L_PO_BUYER,
    L_PO_NUMBER,
    L_PO_REFERENCE,
    L_PO_SUPPLIER,
    L_RECEIPT_DATE,
    L_SELLER,
    L_SKILLS,
    L_TAX,
    L_TERM,
    L_TO,
    L_TOTAL,
    L_VAT,
    SECTION_HEADING,
    TITLE_WORDS,
)
from knowledge.documents.locate import (
    GUESS_CONFIDENCE,
    Found,
    Line,
    after_label,
    document_lines,
    find_labelled,
    label_length,
)
from knowledge.documents.model import ExtractedField
from knowledge.documents.normalise import (
    AMOUNT_PATTERN,
    DATE_PATTERN,
    compact_identifier,
    find_currency,
    find_iban,
    format_amount,
    normalise_date,
    normalise_quantity,
    parse_amount,
    parse_date,
)
from knowledge.documents.tables import table_rows

Fields = dict[str, ExtractedField]

_REFERENCE = re.compile(r"(?<![\w-])[A-Za-z0-9][A-Za-z0-9\-/._]*\d[A-Za-z0-9\-/_]*(?:\.\d+)*")
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
_AMOUNT = re.compile(rf"(?:{AMOUNT_PATTERN})(?!\s*%)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d ()/.\-]{6,}\d")
_VAT = re.compile(
    r"\b(?:[A-Z]{2}[ ]?)?(?:U)?\d[\dA-Z]{1,3}(?:[ .\-]?[\dA-Z]{2,5}){1,5}\b|\b[A-Z]{2}\d{8,12}\b"
)

# --- labels, accent-free and lower case, in English, German, Polish, Croatian, Korean ----------------------


_NOT_TAX = re.compile(f"{L_NET.pattern}|{L_VAT.pattern}")
_COMPANY = re.compile(
    r"(?<![^\W_])(?:gmbh|ag|kg|ohg|se|ltd|limited|llc|inc|plc|corp|co|s\.?a|sp\.? z o\.?o|sp\.? j|d\.?o\.?o|d\.?d|"
    r"j\.?d\.?o\.?o|s\.?r\.?o)\.?(?![^\W_])|주식회사|\(주\)|㈜",
    re.IGNORECASE,
)

# --- small helpers -------------------------------------------------------------------------------------------


def _field(value: object, found: Found, confidence: float | None = None) -> ExtractedField:
    return ExtractedField(
        value, confidence if confidence is not None else found.confidence, found.line.source()
    )


def _last_amount(text: str) -> str | None:
    amounts = [match.group(0) for match in _AMOUNT.finditer(text)]
    return amounts[-1] if amounts else None


def _labelled_amount(
    lines: Sequence[Line], labels: re.Pattern[str], *, skip: re.Pattern[str] | None = None
) -> tuple[str, Found] | None:
    """The amount under the most specific label; the last amount on the line ("MwSt. 19 %: 190,00")."""
    best: tuple[int, str, Found] | None = None
    for index, line in enumerate(lines):
        if skip is not None and _skip_line(line, labels, skip):
            continue
        rest = after_label(line, labels)
        if rest is None:
            continue
        raw = _last_amount(rest)
        source, confidence = line, 0.9
        if raw is None and not rest.strip(" :") and index + 1 < len(lines):
            raw = _last_amount(lines[index + 1].text)
            source, confidence = lines[index + 1], 0.8
        value = parse_amount(raw) if raw else None
        if raw is None or value is None:
            continue
        length = label_length(line, labels)
        if best is None or length > best[0]:
            best = (length, format_amount(value), Found(raw, source, confidence, index))
    return (best[1], best[2]) if best else None


def _skip_line(line: Line, wanted: re.Pattern[str], unwanted: re.Pattern[str]) -> bool:
    """A total line that also names net or tax ("Total net", "Summe MwSt") is not the total."""
    wanted_match = wanted.search(line.folded)
    unwanted_match = unwanted.search(line.folded)
    if unwanted_match is None or wanted_match is None:
        return False
    return not (wanted_match.start() <= unwanted_match.start() and wanted_match.end() >= unwanted_match.end())


def _put_amount(
    fields: Fields, name: str, lines: Sequence[Line], labels: re.Pattern[str], **kw: object
) -> None:
    result = _labelled_amount(lines, labels, **kw)  # type: ignore[arg-type]
    if result is not None:
        fields[name] = _field(result[0], result[1])


def _put_date(
    fields: Fields, name: str, lines: Sequence[Line], labels: re.Pattern[str], language: str | None
) -> None:
    found = find_labelled(lines, labels, _DATE)
    if found is not None:
        value = normalise_date(found.raw, language)
        if value:
            fields[name] = _field(value, found)


def _put_reference(fields: Fields, name: str, lines: Sequence[Line], labels: re.Pattern[str]) -> None:
    found = find_labelled(lines, labels, _REFERENCE)
    if found is not None and not _DATE.fullmatch(found.raw):
        fields[name] = _field(found.raw.rstrip(".,;"), found)


_NAME_END = re.compile(r"\s{3,}|\s+\|\s+|\t|,\s*(?=\d)|\s+(?:VAT|USt|NIP|OIB|IBAN|Tel)\b", re.I)


def _party(lines: Sequence[Line], labels: re.Pattern[str]) -> tuple[str, Found] | None:
    found = find_labelled(lines, labels, None)
    if found is None:
        return None
    name = _NAME_END.split(found.raw, maxsplit=1)[0].strip(" :,;")
    if not re.search(r"[^\W\d_]", name) or len(name) > 80:
        return None
    return name, found


def _put_party(fields: Fields, name: str, lines: Sequence[Line], labels: re.Pattern[str]) -> None:
    result = _party(lines, labels)
    if result is not None:
        fields[name] = _field(result[0], result[1], result[1].confidence - 0.05)


def _currency(fields: Fields, lines: Sequence[Line], text: str) -> None:
    found = find_labelled(lines, L_CURRENCY, re.compile(r"[A-Za-z]{3}|[€$£₩]|zł|원"))
    if found is not None:
        labelled = find_currency(found.raw) or found.raw.upper()
        if len(labelled) == 3:
            fields["currency"] = _field(labelled, found)
            return
    total = fields.get("total")
    for line in lines:
        code = find_currency(line.text)
        if code and total is not None and line.source() == total.source:
            fields["currency"] = ExtractedField(code, 0.85, line.source())
            return
    for line in lines:
        code = find_currency(line.text)
        if code:
            fields["currency"] = ExtractedField(code, 0.7, line.source())
            return


def _iban(fields: Fields, lines: Sequence[Line], name: str = "iban") -> None:
    for line in lines:
        if iban := find_iban(line.text):
            fields[name] = ExtractedField(iban, 0.95, line.source())
            return


def _vat_ids(fields: Fields, lines: Sequence[Line]) -> None:
    """VAT ids belong to the party whose block they are printed in (the nearest party label above)."""
    seller_at = _first_index(lines, L_SELLER)
    buyer_at = _first_index(lines, L_BUYER)
    found: list[tuple[int, str, Line]] = []
    for index, line in enumerate(lines):
        rest = after_label(line, L_VAT)
        if rest is None:
            continue
        match = _VAT.search(rest.upper())
        if match:
            found.append((index, compact_identifier(match.group(0)), line))
    if not found:
        return
    assigned: dict[str, tuple[str, Line]] = {}
    for index, value, line in found:
        role = _role_at(index, seller_at, buyer_at)
        if role is None:
            role = "seller_vat_id" if "seller_vat_id" not in assigned else "buyer_vat_id"
        assigned.setdefault(role, (value, line))
    for role, (value, line) in assigned.items():
        fields[role] = ExtractedField(value, 0.85, line.source())


def _first_index(lines: Sequence[Line], labels: re.Pattern[str]) -> int | None:
    return next((index for index, line in enumerate(lines) if labels.search(line.folded)), None)


def _role_at(index: int, seller_at: int | None, buyer_at: int | None) -> str | None:
    candidates = [
        (at, role)
        for at, role in ((seller_at, "seller_vat_id"), (buyer_at, "buyer_vat_id"))
        if at is not None
    ]
    above = [(at, role) for at, role in candidates if at <= index]
    if not above:
        return None
    return max(above)[1]


# --- per type ---------------------------------------------------------------------------------------------------


def invoice_fields(lines: Sequence[Line], text: str, language: str | None) -> Fields:
    fields: Fields = {}
    _put_reference(fields, "number", lines, L_INVOICE_NUMBER)
    _put_date(fields, "issue_date", lines, L_ISSUE_DATE, language)
    _put_date(fields, "due_date", lines, L_DUE_DATE, language)
    _put_party(fields, "seller", lines, L_SELLER)
    _put_party(fields, "buyer", lines, L_BUYER)
    if "seller" not in fields:
        _letterhead(fields, "seller", lines, fields.get("buyer"))
    _vat_ids(fields, lines)
    _iban(fields, lines)
    _put_amount(fields, "net", lines, L_NET)
    _put_amount(fields, "tax", lines, L_TAX, skip=_NOT_TAX)
    _put_amount(fields, "total", lines, L_TOTAL, skip=L_NOT_TOTAL)
    _currency(fields, lines, text)
    _put_reference(fields, "po_reference", lines, L_PO_REFERENCE)
    if "issue_date" not in fields:
        _first_date(fields, "issue_date", lines, language)
    return fields


def _letterhead(fields: Fields, name: str, lines: Sequence[Line], other: ExtractedField | None) -> None:
    """Invoices often print the seller only as a letterhead: a company name near the top."""
    for line in lines[:8]:
        if other is not None and line.source() == other.source:
            continue
        candidate = _NAME_END.split(line.text.strip(), maxsplit=1)[0].strip(" -*#|:")
        if _COMPANY.search(candidate) and len(candidate) <= 80 and not _DATE.search(candidate):
            fields[name] = ExtractedField(candidate, 0.7, line.source())
            return


def _first_date(fields: Fields, name: str, lines: Sequence[Line], language: str | None) -> None:
    for line in lines:
        match = _DATE.search(line.text)
        if match and (value := normalise_date(match.group(0), language)):
            fields[name] = ExtractedField(value, GUESS_CONFIDENCE, line.source())
            return


def receipt_fields(lines: Sequence[Line], text: str, language: str | None) -> Fields:
    fields: Fields = {}
    merchant = _party(lines, L_MERCHANT)
    if merchant is not None and not _ends_label(
        merchant[1].line.text, _label_end(merchant[1].line, L_MERCHANT)
    ):
        merchant = None  # "Sklep Papierniczy Ołówek" is a name that starts with the word for shop
    if merchant is not None:
        fields["merchant"] = _field(merchant[0], merchant[1])
    else:
        for line in lines[:5]:
            stripped = TITLE_WORDS.sub("", line.folded).strip(" -:*=#|")
            if len(re.findall(r"[^\W\d_]", stripped)) >= 3 and not _DATE.search(line.text):
                fields["merchant"] = ExtractedField(line.text.strip(" -*=#|"), 0.7, line.source())
                break
    _put_date(fields, "date", lines, L_RECEIPT_DATE, language)
    if "date" not in fields:
        _first_date(fields, "date", lines, language)
    _put_amount(fields, "total", lines, L_TOTAL, skip=L_NOT_TOTAL)
    _put_amount(fields, "tax", lines, L_TAX, skip=_NOT_TAX)
    _currency(fields, lines, text)
    return fields


def _put_line_items(fields: Fields, name: str, lines: Sequence[Line]) -> None:
    """The document's item table as [{description, quantity}], sourced from its first row."""
    rows = table_rows(lines)
    if rows:
        fields[name] = ExtractedField(
            [{"description": row.description, "quantity": row.quantity} for row in rows],
            0.75,
            f"{rows[0].line.source()} and {len(rows) - 1} more line(s)"
            if len(rows) > 1
            else rows[0].line.source(),
        )


def purchase_order_fields(lines: Sequence[Line], text: str, language: str | None) -> Fields:
    fields: Fields = {}
    _put_reference(fields, "number", lines, L_PO_NUMBER)
    _put_party(fields, "buyer", lines, L_PO_BUYER)
    _put_party(fields, "supplier", lines, L_PO_SUPPLIER)
    _put_line_items(fields, "lines", lines)
    _put_amount(fields, "total", lines, L_TOTAL, skip=L_NOT_TOTAL)
    return fields


def delivery_note_fields(lines: Sequence[Line], text: str, language: str | None) -> Fields:
    fields: Fields = {}
    _put_reference(fields, "number", lines, L_DELIVERY_NUMBER)
    _put_reference(fields, "order_reference", lines, L_ORDER_REFERENCE)
    _put_line_items(fields, "items", lines)
    return fields


# Contract ---------------------------------------------------------------------------------------------------------

_BETWEEN = re.compile(
    r"(?:between|zwischen|pomi[eę]dzy|izme[dđ]u|između)\s*:?\s+(?P<first>.+?)\s*"
    r"(?:\((?:[^()]*)\)\s*)?(?:\s+|\s*,\s*)(?:and|und|a|oraz|i)\s+(?P<second>.+?)(?=\s*(?:\(|,|;|\.\s+(?![a-zß-ÿāăąćčďđēėęěīįłńňōőřśšťūůűųźżž])|\.$|$))",
    re.IGNORECASE | re.DOTALL,
)
_PARTY_TRIM = re.compile(
    r"\s*(?:,|\(|hereinafter|im folgenden|nachfolgend|zwan\w+|u daljnjem|dalje|\bwith\b|\bmit\b|\bz siedzib\w*|"
    r"\bsa sjedi\w*|registered|having).*$",
    re.IGNORECASE | re.DOTALL,
)
_ARTICLE = re.compile(
    r"^(?:the|der|die|das|dem|den|firma|firmą|spółką|tvrtke|tvrtka|tvrtkom)\s+", re.IGNORECASE
)
_TERM_VALUE = re.compile(
    r"\d+\s*(?:\(\w+\)\s*)?(?:months?|years?|weeks?|days?|monate?n?|jahre?n?|wochen|tage?n?|miesi[aą]c[ey]?|"
    r"miesi[eę]cy|lat|lata|rok|tygodni|dni|mjesec[ia]?|godin[aeu]?|tjed[ana]+|dana|개월|년|주|일)",
    re.IGNORECASE,
)
_LAW_PHRASE = re.compile(
    r"(?:governed by (?:and construed in accordance with )?(?:the )?laws? of (?:the )?(?P<en>[^.,;\n]+))|"
    r"(?:unterliegt (?:dem |ausschließlich dem )?(?P<de>[^.,;\n]*recht[^.,;\n]*))|"
    r"(?:(?P<de2>deutsche[mn]? recht|österreichische[mn]? recht|schweizer recht))|"
    r"(?:(?P<pl>prawo polskie|prawa polskiego|prawu polskiemu))|"
    r"(?:(?P<hr>pravo republike hrvatske|hrvatsko pravo|zakonodavstvo republike hrvatske))|"
    r"(?:(?P<ko>대한민국\s*법(?:률)?))",
    re.IGNORECASE,
)


def contract_fields(lines: Sequence[Line], text: str, language: str | None) -> Fields:
    fields: Fields = {}
    parties = _parties(lines, text)
    if parties:
        fields["parties"] = parties
    found = find_labelled(lines, L_EFFECTIVE, _DATE)
    if found is not None and (value := normalise_date(found.raw, language)):
        fields["effective_date"] = _field(value, found, 0.85)
    else:
        _first_date(fields, "effective_date", lines, language)
    term = find_labelled(lines, L_TERM, _TERM_VALUE)
    if term is None:
        term = _search_lines(
            lines,
            re.compile(
                r"(?:for a (?:fixed )?(?:term|period) of|na okres|na razdoblje od|für die dauer von|auf)\s+"
                + _TERM_VALUE.pattern,
                re.IGNORECASE,
            ),
        )
        if term is not None:
            term = Found(_TERM_VALUE.search(term.raw).group(0), term.line, 0.75, term.index)  # type: ignore[union-attr]
    if term is not None:
        fields["term"] = _field(" ".join(term.raw.split()), term)
    law = find_labelled(lines, L_LAW, None)
    if law is not None:
        fields["governing_law"] = _field(law.raw.strip(" .;:"), law, 0.85)
    else:
        phrase = _search_lines(lines, _LAW_PHRASE)
        if phrase is not None:
            fields["governing_law"] = _field(phrase.raw.strip(" .;:"), phrase, 0.75)
    return fields


def _tidy_name(name: str) -> str:
    """Trim separators and a sentence's full stop, keeping the dot of 'd.o.o.', 'S.A.' or 'Inc.'."""
    name = name.strip(" ;:,")
    last_word = name.rsplit(" ", 1)[-1]
    if name.endswith(".") and "." not in last_word[:-1] and len(last_word) > 4:
        name = name[:-1]
    return name.strip()


def _search_lines(lines: Sequence[Line], pattern: re.Pattern[str]) -> Found | None:
    for index, line in enumerate(lines):
        match = pattern.search(line.text)
        if match:
            groups = [value for value in match.groupdict().values() if value] if match.groupdict() else []
            return Found(groups[0] if groups else match.group(0), line, 0.75, index)
    return None


def _label_end(line: Line, labels: re.Pattern[str]) -> int:
    match = labels.search(line.folded)
    return match.end() if match else 0


def _ends_label(text: str, end: int) -> bool:
    """A label stands alone: a colon, a '|' cell border or a run of spaces follows it (not 'Client agrees')."""
    return bool(re.match(r"\s*[:|]|\s{2,}|\t", text[end:]))


_KOREAN_PARTY = re.compile(r"(?:^|\s|[)])((?:[^\s()]+\s)?[^\s()]+?)\s*\(이하\s*[\"“'‘]?\s*[갑을]")


def _korean_parties(lines: Sequence[Line]) -> ExtractedField | None:
    """'한빛상사 주식회사(이하 "갑")와 미래전자 주식회사(이하 "을")는 ...' (the parties named as 갑 and 을)."""
    joined = " ".join(line.text.strip() for line in lines[:12])
    names = []
    for match in _KOREAN_PARTY.finditer(joined):
        name = re.sub(r"^[^\w]*(?:와|과|및)?\s*", "", match.group(1)).strip()
        words = name.split()
        if (
            len(words) == 2
            and words[1] not in ("주식회사", "(주)", "㈜")
            and not words[0].startswith(("주식회사", "(주)"))
        ):
            name = words[1]
        if name and name not in names:
            names.append(name)
    if len(names) >= 2:
        return ExtractedField(names[:2], 0.75, lines[0].source())
    return None


def _parties(lines: Sequence[Line], text: str) -> ExtractedField | None:
    names: list[str] = []
    sources: list[str] = []
    for index, line in enumerate(lines):
        rest = after_label(line, L_PARTY_ROLE)
        if rest is None or not re.match(r"^[^\W\d_]", rest):
            continue
        label_end = L_PARTY_ROLE.search(line.folded)
        if label_end is None or label_end.start() > 3 or not _ends_label(line.text, label_end.end()):
            continue
        name = _tidy_name(_PARTY_TRIM.sub("", rest))
        if name and name not in names and len(name) <= 80:
            names.append(name)
            sources.append(lines[index].source())
    if len(names) >= 2:
        return ExtractedField(names, 0.8, sources[0])
    korean = _korean_parties(lines)
    if korean is not None:
        return korean
    for index, line in enumerate(lines):
        window = " ".join(candidate.text for candidate in lines[index : index + 3])
        match = _BETWEEN.search(window)
        if match:
            first = _tidy_name(_ARTICLE.sub("", _PARTY_TRIM.sub("", match.group("first"))))
            second = _tidy_name(_ARTICLE.sub("", _PARTY_TRIM.sub("", match.group("second"))))
            if first and second:
                return ExtractedField([first, second], 0.75, line.source())
    return None


# Resume ------------------------------------------------------------------------------------------------------------

_YEARS = re.compile(
    r"(\d{1,2})\+?\s*(?:years?|yrs|jahre?n?|lat|lata|godin[aeu]?|년)\b[^\n]{0,40}?"
    r"(?:experience|erfahrung|berufserfahrung|do[sś]wiadczeni|iskustv|경력)"
    r"|(?:experience|erfahrung|do[sś]wiadczenie|iskustvo|경력)\D{0,20}?(\d{1,2})\+?\s*(?:years?|jahre?n?|lat|lata|godin[aeu]?|년)",
    re.IGNORECASE,
)


def resume_fields(lines: Sequence[Line], text: str, language: str | None) -> Fields:
    fields: Fields = {}
    name = _party(lines, L_NAME)
    if name is not None:
        fields["name"] = _field(_person_name(name[0]), name[1])
    else:
        for line in lines[:3]:
            candidate = re.sub(
                r"(?i)curriculum vitae|resume|lebenslauf|życiorys|zyciorys|životopis|이력서|\bcv\b",
                "",
                line.text,
            )
            candidate = candidate.strip(" -:|*#")
            if 2 <= len(candidate) <= 60 and not _EMAIL.search(candidate) and not re.search(r"\d", candidate):
                fields["name"] = ExtractedField(_person_name(candidate), 0.7, line.source())
                break
    for line in lines:
        if match := _EMAIL.search(line.text):
            fields["email"] = ExtractedField(match.group(0), 0.95, line.source())
            break
    phone = find_labelled(lines, L_PHONE, _PHONE)
    if phone is not None:
        fields["phone"] = _field(phone.raw.strip(), phone)
    else:
        for line in lines:
            if (
                not _EMAIL.search(line.text)
                and (match := _PHONE.search(line.text))
                and not _DATE.search(line.text)
            ):
                fields["phone"] = ExtractedField(match.group(0).strip(), 0.6, line.source())
                break
    skills = _skills(lines)
    if skills is not None:
        fields["skills"] = skills
    for line in lines:
        if match := _YEARS.search(line.text):
            fields["experience_years"] = ExtractedField(match.group(1) or match.group(2), 0.85, line.source())
            break
    return fields


def _person_name(name: str) -> str:
    """A name set in capitals as a heading ('OLIVIA BENNETT') is written as a name."""
    return name.title() if name.isupper() else name


def _skills(lines: Sequence[Line]) -> ExtractedField | None:
    for index, line in enumerate(lines):
        rest = after_label(line, L_SKILLS)
        if rest is None:
            continue
        match = L_SKILLS.search(line.folded)
        if match is None or match.start() > 3:
            continue
        # "Skills: SQL, Excel" lists on the line; a heading ("Znanja i vještine") lists on the lines below.
        items = _split_list(rest) if _ends_label(line.text, match.end()) else []
        if not items:
            for following in lines[index + 1 : index + 15]:
                if SECTION_HEADING.match(following.folded.strip(" #*-")) and len(following.text) < 40:
                    break
                items.extend(_split_list(following.text))
        if items:
            return ExtractedField(items, 0.8, line.source())
    return None


def _split_list(text: str) -> list[str]:
    pieces = re.split(r"[,;•·|]|\s+-\s+", text)
    return [piece.strip(" -*•·.") for piece in pieces if piece.strip(" -*•·.")]


# Bank statement -----------------------------------------------------------------------------------------------------


def _period_from_to(fields: Fields, lines: Sequence[Line], language: str | None) -> None:
    """A period printed as two labelled lines: 'od 1. lipnja 2025.' / 'do 30. lipnja 2025.'."""
    for name, labels in (("period_start", L_FROM), ("period_end", L_TO)):
        for line in lines:
            match = labels.match(line.folded.strip())
            if match is None:
                continue
            date_match = _DATE.search(line.text)
            value = normalise_date(date_match.group(0), language) if date_match else None
            if value:
                fields[name] = ExtractedField(value, 0.8, line.source())
                break


def bank_statement_fields(lines: Sequence[Line], text: str, language: str | None) -> Fields:
    fields: Fields = {}
    _iban(fields, lines)
    for index, line in enumerate(lines):
        rest = after_label(line, L_PERIOD)
        if rest is None:
            continue
        if not rest and index + 1 < len(lines):
            rest, line = lines[index + 1].text, lines[index + 1]
        dates = [normalise_date(match.group(0), language) for match in _DATE.finditer(rest)]
        dates = [value for value in dates if value]
        if len(dates) >= 2:
            fields["period_start"] = ExtractedField(dates[0], 0.9, line.source())
            fields["period_end"] = ExtractedField(dates[1], 0.9, line.source())
            break
    if "period_start" not in fields:
        _period_from_to(fields, lines, language)
    _put_amount(fields, "opening_balance", lines, L_OPENING)
    _put_amount(fields, "closing_balance", lines, L_CLOSING)
    return fields


EXTRACTORS: dict[DocumentType, Callable[[Sequence[Line], str, str | None], Fields]] = {
    DocumentType.INVOICE: invoice_fields,
    DocumentType.RECEIPT: receipt_fields,
    DocumentType.PURCHASE_ORDER: purchase_order_fields,
    DocumentType.DELIVERY_NOTE: delivery_note_fields,
    DocumentType.CONTRACT: contract_fields,
    DocumentType.RESUME: resume_fields,
    DocumentType.BANK_STATEMENT: bank_statement_fields,
}


def extract_fields(doc_type: DocumentType, pages: Sequence[str], language: str | None) -> Fields:
    extractor = EXTRACTORS.get(doc_type)
    if extractor is None:
        return {}
    lines = document_lines(pages)
    text = "\n".join(pages)
    return extractor(lines, text, _date_dialect(text, language))


_SLASH_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?!\d)")


def _date_dialect(text: str, language: str | None) -> str | None:
    """English documents write 12/31/2025 (US) or 31/12/2025 (UK): one unambiguous date tells which."""
    if language not in (None, "en"):
        return language
    for match in _SLASH_DATE.finditer(text):
        first, second = int(match[1]), int(match[2])
        if first > 12 >= second:
            return "en-GB"
        if second > 12 >= first:
            return "en"
    return language


__all__ = ["extract_fields", "normalise_quantity", "parse_date"]
