"""Every number in a drafted narrative checked against the numbers a computed report supports.

A language model may word the narrative, never supply a number. `supported_numbers` collects what a result
supports: the figures, their previous values, differences and changes, every numeric table cell, the numbers in
titles, notes and the spec (periods, thresholds, labels such as 'last 30 days'), and the dates in the period.
`unsupported_numbers` reads the numbers a text states — '1,234.56', '1.234,56', '1 234,56' (Polish, with a
space), '12.5%', '12,5 %', '1.2 million', '1,234만', ISO and dotted dates — and returns the ones no supported
number explains. A number is explained when a supported one rounds to it at the precision it is written with
('1,235 EUR' for 1,234.56; '12%' for 12.3). Percentages must match a percentage. Where a separator could be
either ('1,234' is 1234 in English and 1.234 in German) both readings are tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from assistant.reports.results import ReportResult, Unit

# Words that scale the number before them ('1.2 million', '3,4 Mio.', '120만').
_SCALES: dict[str, Decimal] = {
    **dict.fromkeys(("thousand", "tsd", "tsd.", "tys", "tys.", "tis", "tis.", "k"), Decimal(1_000)),
    **dict.fromkeys(
        ("million", "millions", "mio", "mio.", "millionen", "mln", "mln.", "milijun", "milijuna", "milijuni"),
        Decimal(1_000_000),
    ),
    **dict.fromkeys(
        ("billion", "bn", "mrd", "mrd.", "milliarden", "mld", "mld.", "milijardi"), Decimal(10**9)
    ),
    "만": Decimal(10_000),
    "억": Decimal(100_000_000),
}
_SCALE_PATTERN = "|".join(
    re.escape(word) for word in sorted(_SCALES, key=len, reverse=True) if word not in {"만", "억"}
)
_PERCENT_WORDS = r"%|percent\b|per cent\b|prozent\b|procent\w*|posto\b|퍼센트"

# Dates first, so that '1.10.2026' is not read as the decimal 1.10 and the year 2026.
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?(?!\d)")
_KOREAN_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?!\d)")
_SLASHED_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def _number_pattern(group_separators: str) -> re.Pattern[str]:
    """Digits with optional thousands groups (`group_separators` or ',' '.') and an optional decimal part,
    then an optional scale word and an optional percent sign."""
    groups = f"[,.{group_separators}]"
    return re.compile(
        rf"(?<![\d])(?<!\d[.,])"
        rf"(?P<digits>\d{{1,3}}(?:(?P<sep>{groups})\d{{3}})(?:(?P=sep)\d{{3}})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
        rf"(?![\d])"
        rf"(?:\s?(?P<scale>(?:{_SCALE_PATTERN})(?![\w])|만|억))?"
        rf"(?P<percent>\s?(?:{_PERCENT_WORDS}))?",
        re.IGNORECASE,
    )


_NARROW_SPACES = "\u00a0\u202f\u2009'’"
_NUMBERS = _number_pattern(_NARROW_SPACES)
_NUMBERS_WITH_SPACES = _number_pattern(_NARROW_SPACES + " ")  # Polish writes '1 234,56'


@dataclass(frozen=True)
class Reading:
    """One way to read a written number: its value and how far a supported value may be from it."""

    value: Decimal
    tolerance: Decimal


@dataclass(frozen=True)
class Mention:
    text: str
    readings: tuple[Reading, ...]
    percent: bool = False
    day: date | None = None


@dataclass
class SupportedNumbers:
    """The numbers (absolute values), percentages and dates a narrative may state."""

    values: set[Decimal] = field(default_factory=set)
    percentages: set[Decimal] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)

    def add(self, value: Decimal | int | float | None, *, percent: bool = False) -> None:
        if value is None or isinstance(value, bool):
            return
        number = abs(Decimal(str(value)))
        self.values.add(number)
        if percent:
            self.percentages.add(number)

    def add_date(self, day: date) -> None:
        self.dates.add(day)
        for part in (day.year, day.month, day.day, (day.month - 1) // 3 + 1):
            self.add(part)

    def add_text(self, text: str) -> None:
        """The numbers written in a title, note or label; a number with a percent sign is a percentage too."""
        for mention in find_numbers(text, language="en"):
            if mention.day is not None:
                self.add_date(mention.day)
                continue
            for reading in mention.readings:
                self.add(reading.value, percent=mention.percent)

    def supports(self, mention: Mention) -> bool:
        if mention.day is not None:
            return mention.day in self.dates
        pool = self.percentages if mention.percent else self.values
        return any(
            abs(supported - reading.value) <= reading.tolerance
            for reading in mention.readings
            for supported in pool
        )


def _readings(digits: str, scale: Decimal) -> tuple[Reading, ...]:
    """The values `digits` can stand for: one, or two when a single ',' or '.' precedes three digits."""
    plain = re.sub(rf"[{_NARROW_SPACES} ]", "", digits)
    separators = [character for character in plain if character in ",."]
    candidates: list[str] = []
    if not separators:
        candidates.append(plain)
    elif len(set(separators)) == 2:  # '1,234.56' or '1.234,56': the last one is the decimal point
        decimal_mark = separators[-1]
        candidates.append(plain.replace("," if decimal_mark == "." else ".", "").replace(decimal_mark, "."))
    elif len(separators) > 1:  # '1,234,567' or '1.234.567'
        candidates.append(plain.replace(separators[0], ""))
    else:
        whole, fraction = re.split(r"[.,]", plain)
        candidates.append(f"{whole}.{fraction}")
        if len(fraction) == 3 and whole != "0":  # '1,234' (English) or '1.234' (German): either
            candidates.append(whole + fraction)
    readings = []
    for candidate in candidates:
        try:
            value = Decimal(candidate)
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            continue
        decimals = len(candidate.partition(".")[2])
        readings.append(Reading(value * scale, Decimal(5) * scale / Decimal(10) ** (decimals + 1)))
    return tuple(readings)


def _dates(text: str) -> Iterator[tuple[re.Match[str], tuple[date, ...]]]:
    def valid(year: str, month: str, day: str) -> tuple[date, ...]:
        try:
            return (date(int(year), int(month), int(day)),)
        except ValueError:
            return ()

    for match in _ISO_DATE.finditer(text):
        yield match, valid(match[1], match[2], match[3])
    for match in _KOREAN_DOTTED_DATE.finditer(text):
        yield match, valid(match[1], match[2], match[3])
    for match in _DOTTED_DATE.finditer(text):
        yield match, valid(match[3], match[2], match[1])
    for match in _SLASHED_DATE.finditer(text):  # 10/01/2026: either order
        yield match, valid(match[3], match[1], match[2]) + valid(match[3], match[2], match[1])


def find_numbers(text: str, *, language: str) -> list[Mention]:
    """The numbers and dates `text` states: dates first, then the other numbers in order."""
    mentions: list[Mention] = []
    taken = [False] * len(text)
    for match, days in _dates(text):
        if any(taken[match.start() : match.end()]):  # part of a date found already
            continue
        taken[match.start() : match.end()] = [True] * (match.end() - match.start())
        # a date-shaped string that is no date ('2026-13-45') is a mention nothing supports
        mentions += [Mention(text=match[0], readings=(), day=day) for day in days] or [Mention(match[0], ())]
    remaining = "".join(" " if gone else character for character, gone in zip(text, taken, strict=True))
    pattern = _NUMBERS_WITH_SPACES if language == "pl" else _NUMBERS
    for match in pattern.finditer(remaining):
        scale = _SCALES.get((match["scale"] or "").lower(), Decimal(1))
        mentions.append(
            Mention(
                text=match[0].strip(),
                readings=_readings(match["digits"], scale),
                percent=bool(match["percent"]),
            )
        )
    return mentions


def unsupported_numbers(text: str, supported: SupportedNumbers, *, language: str) -> list[str]:
    """The numbers in `text` that nothing in `supported` explains, as written; empty when all are supported."""
    found = find_numbers(text, language=language)
    unsupported: list[str] = []
    by_text: dict[str, bool] = {}
    for mention in found:
        # an ambiguous slashed date is listed twice: supported when either reading is
        by_text[mention.text] = by_text.get(mention.text, False) or supported.supports(mention)
    for mention in found:
        if not by_text[mention.text] and mention.text not in unsupported:
            unsupported.append(mention.text)
    return unsupported


def supported_numbers(result: ReportResult) -> SupportedNumbers:
    """Every number a narrative of `result` may state (see the module docstring)."""
    supported = SupportedNumbers()
    for figure in result.figures:
        percent = figure.unit is Unit.PERCENT
        supported.add(figure.value, percent=percent)
        supported.add(figure.previous, percent=percent)
        if figure.value is not None and figure.previous is not None:
            supported.add(Decimal(str(figure.value)) - Decimal(str(figure.previous)))
        change = figure.change_percent
        if change is not None:
            supported.add(Decimal(str(round(change, 1))), percent=True)
        supported.add_text(figure.label)
    for table in result.tables:
        supported.add(len(table.rows))
        supported.add(table.more)
        for text in (table.title, table.note or "", *(column.label for column in table.columns)):
            supported.add_text(text)
        for row in table.rows:
            for cell, column in zip(row, table.columns, strict=True):
                if isinstance(cell, date):
                    supported.add_date(cell)
                elif isinstance(cell, str):
                    supported.add_text(cell)
                else:
                    supported.add(cell, percent=column.unit is Unit.PERCENT)
    for text in (result.title, result.subtitle):
        supported.add_text(text)
    _add_spec(supported, result.provenance.spec)
    supported.add_date(result.provenance.data_as_of.date())
    return supported


def _add_spec(supported: SupportedNumbers, value: object) -> None:
    """Numbers, dates and labels of the spec; shares (0.8) are percentages (80) as well."""
    if isinstance(value, dict):
        if {"start", "end"} <= value.keys():
            start, end = date.fromisoformat(str(value["start"])), date.fromisoformat(str(value["end"]))
            supported.add((end - start).days + 1)  # the period's length in days
        for item in value.values():
            _add_spec(supported, item)
    elif isinstance(value, list):
        for item in value:
            _add_spec(supported, item)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int | float):
        supported.add(value)
        if isinstance(value, float) and 0 < value < 1:
            supported.add(Decimal(str(value)) * 100, percent=True)
    elif isinstance(value, str):
        try:
            supported.add_date(date.fromisoformat(value))
        except ValueError:
            supported.add_text(value)
