"""Amounts, dates, currencies and identifiers as people print them -> one normal form.

Amounts become decimal strings with two decimals ("1234.56"), dates ISO ("2025-12-31"), currencies ISO 4217,
IBANs and VAT ids upper case without spaces, quantities decimals without trailing zeros ("2.5").
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from assistant.offline.dates import MONTH_FORMS, fold_in_place

_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009'’]")
_NUMBER = re.compile(r"[-−–]?\d[\d.,\s\u00a0\u202f\u2009'’]*")

# Pattern for an amount inside a line: digits with optional grouping and decimals (used by the extractors).
AMOUNT_PATTERN = (
    r"(?<![\w.,/-])[-−]?\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})*(?:[.,]\d{1,2})?(?!\d)"
    r"|(?<![\w.,/-])[-−]?\d+(?:[.,]\d{1,2})?(?!\d)"
)


def parse_amount(text: str) -> Decimal | None:
    """'1.234,56' / '1,234.56' / '1 234,56' / '15,000원' / '€ 12.50' / '-3,5' -> Decimal, or None."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    raw = match.group(0).strip().rstrip(".,")
    negative = raw[0] in "-−–"
    digits = _GROUPING.sub("", raw.lstrip("-−–"))
    if not digits:
        return None
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_mark = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        mark = "." if last_dot >= 0 else ","
        tail = len(digits) - digits.rfind(mark) - 1
        # One mark followed by three digits is a thousands separator ("15,000", "1.234"); otherwise decimals.
        decimal_mark = mark if digits.count(mark) == 1 and tail != 3 else ""
    else:
        decimal_mark = ""
    if decimal_mark:
        whole, _, fraction = digits.rpartition(decimal_mark)
        whole = whole.replace(".", "").replace(",", "")
        cleaned = f"{whole or '0'}.{fraction}"
    else:
        cleaned = digits.replace(".", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return -value if negative else value


def format_amount(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def normalise_amount(text: str) -> str | None:
    value = parse_amount(text)
    return None if value is None else format_amount(value)


def normalise_quantity(text: str) -> str | None:
    """'3' / '3,00' / '2.5' / '1.000' (a thousand) -> '3', '3', '2.5', '1000'."""
    value = parse_amount(text)
    if value is None:
        return None
    normal = value.normalize()
    return f"{normal:f}"


_MONTH_NAMES: dict[str, int] = {
    form: number for forms in MONTH_FORMS.values() for form, number in forms.items() if len(form) >= 3
}
_MONTH_ALTERNATIVES = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})[-./]\s?(\d{1,2})[-./]\s?(\d{1,2})(?!\d)")
_KOREAN = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?!\d)")
_DAY_MONTH_NAME = re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s+({_MONTH_ALTERNATIVES})\.?,?\s+(\d{{4}})(?!\d)")
_MONTH_NAME_DAY = re.compile(
    rf"\b({_MONTH_ALTERNATIVES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)"
)

DATE_PATTERN = (
    r"\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일"
    r"|\d{4}[-./]\s?\d{1,2}[-./]\s?\d{1,2}"
    r"|\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?(?:\d{4}|\d{2})(?!\d)"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4}"
    r"|[^\W\d_]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
)


def _make_date(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, language: str | None = None) -> date | None:
    """The first date in `text`: ISO, '31.12.2025', '12/31/2025' (US order only when the language is English
    or the first number cannot be a month), '31 grudnia 2025', '31. prosinca 2025.', '2025년 12월 31일',
    'December 31, 2025', '31. März 2025'."""
    if match := _KOREAN.search(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _ISO.search(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.search(text):
        first, separator, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
        month_first = separator == "/" and language in (None, "en")
        if first > 12:
            month_first = False
        elif second > 12:
            month_first = True
        day, month = (second, first) if month_first else (first, second)
        return _make_date(year, month, day)
    folded = fold_in_place(text)
    if match := _DAY_MONTH_NAME.search(folded):
        return _make_date(int(match[3]), _MONTH_NAMES[match[2]], int(match[1]))
    if match := _MONTH_NAME_DAY.search(folded):
        return _make_date(int(match[3]), _MONTH_NAMES[match[1]], int(match[2]))
    if match := _DAY_WORD_YEAR.search(folded):
        misread = _misread_month(match[2])
        return _make_date(int(match[3]), misread, int(match[1])) if misread else None
    return None


_DAY_WORD_YEAR = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]{4,12})\.?,?\s+(\d{4})(?!\d)")


def _misread_month(word: str) -> int | None:
    """OCR turns 'veljače' into 'veljade': a month name one or two letters off still counts."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, list(_MONTH_NAMES), scorer=fuzz.ratio, score_cutoff=80)
    return _MONTH_NAMES[found[0]] if found else None


def normalise_date(text: str, language: str | None = None) -> str | None:
    parsed = parse_date(text, language)
    return parsed.isoformat() if parsed else None


_CURRENCY_SIGNS = (
    ("€", "EUR"),
    ("£", "GBP"),
    ("₩", "KRW"),
    ("원", "KRW"),
    ("zł", "PLN"),
    ("$", "USD"),
)
_CURRENCY_CODES = ("EUR", "USD", "GBP", "PLN", "CHF", "KRW", "HRK", "CZK", "HUF", "SEK", "DKK", "NOK", "JPY")
_CURRENCY_CODE = re.compile(r"\b(" + "|".join(_CURRENCY_CODES) + r")\b")
_CURRENCY_WORD = re.compile(r"(?<![^\W\d_])(zł|zl|kn|kuna|euro|eura|euros|dollars?|won)(?![^\W\d_])", re.I)
_WORD_CODES = {"zł": "PLN", "zl": "PLN", "kn": "HRK", "kuna": "HRK", "won": "KRW"}


def find_currency(text: str) -> str | None:
    """The ISO code of the first currency named in `text` (code, sign or word)."""
    best: tuple[int, str] | None = None
    if match := _CURRENCY_CODE.search(text):
        best = (match.start(), match[1])
    for sign, code in _CURRENCY_SIGNS:
        position = text.find(sign)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, code)
    if match := _CURRENCY_WORD.search(text):
        word = match[1].lower()
        code = _WORD_CODES.get(word, "USD" if word.startswith("dollar") else "EUR")
        if best is None or match.start() < best[0]:
            best = (match.start(), code)
    return best[1] if best else None


def compact_identifier(text: str) -> str:
    """IBANs and VAT ids: upper case, no spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", text).upper()


_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)\b")


def find_iban(text: str) -> str | None:
    upper = text.upper()
    # OCR reads the check digits' 0 and 1 as O and I/L now and then; the mod-97 check keeps the repair honest.
    repaired = re.sub(
        r"\b([A-Z]{2})([0-9OIL]{2})(?=[ ]?[A-Z0-9]{4})",
        lambda m: m[1] + m[2].translate(_DIGIT_LOOKALIKES),
        upper,
    )
    for source in (upper, repaired):
        for match in _IBAN.finditer(source):
            candidate = compact_identifier(match[1])
            if 15 <= len(candidate) <= 34 and iban_is_valid(candidate):
                return candidate
    return None


_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def iban_is_valid(iban: str) -> bool:
    """The ISO 13616 mod-97 check."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1
