"""Periods and days as the requester writes them: 'Q3 2026' is '3. Quartal 2026', 'III kwartał 2026',
'3. tromjesečje 2026.' or '2026년 3분기'; dates are '24.11.2026', '24. 11. 2026.' or '2026. 11. 24.'.

The labels assistant.reports.periods gives are English and come in a few fixed shapes ('Q3 2026',
'October 2026', '2026', 'last 30 days', 'last week', 'this week'); each shape is rewritten here. A label of
any other shape is kept as it is; a period without a label is named by its dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from assistant.reports.specs import Period

# One string per language, split on spaces: a month name per line would take forty lines.
_MONTH_NAMES = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "pl": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
    "hr": "siječanj veljača ožujak travanj svibanj lipanj srpanj kolovoz rujan listopad studeni prosinac",
}
MONTHS = {language: names.split(" ") for language, names in _MONTH_NAMES.items()}
_ROMAN = ("I", "II", "III", "IV")

_QUARTER = re.compile(r"Q([1-4]) (\d{4})")
_MONTH = re.compile(r"([A-Z][a-z]+) (\d{4})")
_YEAR = re.compile(r"\d{4}")
_LAST_DAYS = re.compile(r"last (\d+) days")
_WEEKS = {
    "last week": {"de": "letzte Woche", "pl": "ostatni tydzień", "hr": "prošli tjedan", "ko": "지난주"},
    "this week": {"de": "diese Woche", "pl": "bieżący tydzień", "hr": "ovaj tjedan", "ko": "이번 주"},
}


def format_day(day: date, language: str) -> str:
    if language in ("de", "pl"):
        return f"{day:%d.%m.%Y}"
    if language == "hr":
        return f"{day.day}. {day.month}. {day.year}."
    if language == "ko":
        return f"{day.year}. {day.month}. {day.day}."
    return day.isoformat()


def _quarter(quarter: int, year: int, language: str) -> str:
    return {
        "de": f"{quarter}. Quartal {year}",
        "pl": f"{_ROMAN[quarter - 1]} kwartał {year}",
        "hr": f"{quarter}. tromjesečje {year}.",
        "ko": f"{year}년 {quarter}분기",
    }.get(language, f"Q{quarter} {year}")


def _month(month: int, year: int, language: str) -> str:
    if language == "ko":
        return f"{year}년 {month}월"
    if language == "hr":
        return f"{MONTHS['hr'][month - 1]} {year}."
    if language in MONTHS:
        return f"{MONTHS[language][month - 1]} {year}"
    return f"{calendar.month_name[month]} {year}"


def _year(year: int, language: str) -> str:
    return {"pl": f"{year} r.", "hr": f"{year}.", "ko": f"{year}년"}.get(language, str(year))


def _last_days(count: int, language: str) -> str:
    return {
        "de": f"letzte {count} Tage",
        "pl": f"ostatnie {count} dni",
        "hr": f"zadnjih {count} dana",
        "ko": f"최근 {count}일",
    }.get(language, f"last {count} days")


def localise_label(label: str, language: str) -> str:
    """An English period label from assistant.reports.periods in `language`; other labels unchanged."""
    if language == "en" or not label:
        return label
    if quarter := _QUARTER.fullmatch(label):
        return _quarter(int(quarter[1]), int(quarter[2]), language)
    if (month := _MONTH.fullmatch(label)) and month[1] in calendar.month_name[1:]:
        return _month(list(calendar.month_name).index(month[1]), int(month[2]), language)
    if _YEAR.fullmatch(label):
        return _year(int(label), language)
    if days := _LAST_DAYS.fullmatch(label):
        return _last_days(int(days[1]), language)
    return _WEEKS.get(label, {}).get(language, label)


def describe_period(period: Period, language: str) -> str:
    """The period's label and its dates in `language`: '3. Quartal 2026 (01.07.2026 – 30.09.2026)'."""
    span = f"{format_day(period.start, language)} – {format_day(period.end, language)}"
    label = localise_label(period.label, language)
    return f"{label} ({span})" if label else span
