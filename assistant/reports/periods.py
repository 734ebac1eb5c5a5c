"""The periods managers name, in English, German, Polish, Croatian and Korean: 'Q3', 'Q3 2026', 'last month',
'October', 'this year', 'letzten Monat', 'im Oktober', 'ostatni kwartał', 'prošli mjesec', '지난달', '3분기',
explicit dates, and the comparison ('compared with Q2', 'vs. previous period', '전년 대비').

A period without a year is the latest one that has begun by `today`; 'this month/quarter/year' ends today.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.offline.dates import find_dates, fold_in_place
from assistant.reports.specs import Period


def _forms(*groups: str) -> dict[str, int]:
    return {form: number for number, group in enumerate(groups, start=1) for form in group.split()}


# Nominative, genitive and locative forms ('im Oktober', 'w październiku', 'u listopadu'), accents folded.
MONTH_WORDS = _forms(
    "january jan januar janner styczen stycznia styczniu sijecanj sijecnja sijecnju",
    "february feb februar luty lutego lutym veljaca veljace veljaci",
    "march mar marz marzec marca marcu ozujak ozujka ozujku",
    "april apr kwiecien kwietnia kwietniu travanj travnja travnju",
    "may mai maj maja maju svibanj svibnja svibnju",
    "june jun juni czerwiec czerwca czerwcu lipanj lipnja lipnju",
    "july jul juli lipiec lipca lipcu srpanj srpnja srpnju",
    "august aug sierpien sierpnia sierpniu kolovoz kolovoza kolovozu",
    "september sep sept wrzesien wrzesnia wrzesniu rujan rujna rujnu",
    "october oct oktober okt pazdziernik pazdziernika pazdzierniku listopad listopada listopadu",
    "november nov listopadzie studeni studenoga studenog studenom",
    "december dec dezember dez grudzien grudnia grudniu prosinac prosinca prosincu",
)
# 'listopad' is November in Polish and October in Croatian: the requester's language decides.
_CROATIAN_ONLY = {"listopad": 10, "listopada": 10, "listopadu": 10}
_POLISH_ONLY = {"listopad": 11, "listopada": 11, "listopadu": 11}

_UNIT_WORDS = {
    "month": (
        r"month|monat|monats|miesiac|miesiaca|miesiacu|mjesec|mjeseca|mjesecu",
        r"달|월",
    ),
    "quarter": (r"quarter|quartal|quartals|kwartal|kwartale|kwartalu|kvartal|kvartala|kvartalu", r"분기"),
    "year": (r"year|jahr|jahres|rok|roku|godina|godine|godini", r"해|년|연도"),
    "week": (r"week|woche|tydzien|tygodnia|tygodniu|tjedan|tjedna|tjednu", r"주"),
}
_LAST = (
    r"last|previous|prior|past|letzten|letzter|letztes|letzte|vorigen|voriger|voriges|vorige|vergangenen"
    r"|vergangener|vergangenes|ostatni|ostatniego|ostatnim|poprzedni|poprzedniego|poprzednim|zeszly|zeszlego"
    r"|zeszlym|ubiegly|ubieglego|ubieglym|prosli|proslog|proslom|prosle|prosla|protekli|proteklog|zadnji|zadnjeg"
)
_THIS = (
    r"this|current|dieses|diesen|dieser|diese|laufenden|laufendes|aktuellen|ten|tego|tym|biezacy|biezacego"
    r"|obecny|ovaj|ovog|ovom|ove|ova|tekuci|tekuceg"
)
_KO_LAST = r"지난|저번|전"
_KO_THIS = r"이번|올|금"

_QUARTER = re.compile(r"\bq([1-4])\b(?:\s*[/-]?\s*(\d{4})\b)?|\b([1-4])\.?\s*(?:quartal|kwartal|kvartal)\w*")
_KO_QUARTER = re.compile(r"(?:(\d{4})\s*년\s*)?([1-4])\s*분기")
_KO_MONTH = re.compile(r"(?:(\d{4})\s*년\s*)?(1[0-2]|[1-9])\s*월(?!\s*\d{1,2}\s*일)")
_YEAR = re.compile(r"\b(20\d\d)\b")
_LAST_N_DAYS = re.compile(
    r"\b(?:last|past|letzten|vergangenen|ostatnich|ostatnie|zadnjih|proteklih|poslednjih)\s+(\d{1,4})\s*"
    r"(?:days|tage|tagen|dni|dana)\b"
)
_KO_LAST_N_DAYS = re.compile(r"(?:최근|지난)\s*(\d{1,4})\s*일")

# The comparison: the words after the marker name the period compared with ('Q3 vs Q2').
_COMPARE_AFTER = re.compile(
    r"\b(?:compared (?:with|to)|compare (?:with|to)|versus|vs\.?|against|verglichen mit|im vergleich (?:zu|mit)"
    r"|vergleich mit|gegenuber|w porownaniu (?:z|do)|porownanie z|wzgledem|u usporedbi s|usporedba s"
    r"|naspram|prema)(?=\s|$)"
)
# Korean names the base first: '2분기 대비 3분기', '2분기와 비교한 3분기'.
_KO_COMPARE_BEFORE = re.compile(r"대비|(?:와|과)\s*비교")
_PREVIOUS_PERIOD = re.compile(
    r"\b(?:previous|prior|last|preceding) period\b|\bvorperiode\b"
    r"|\b(?:vorherigen|vorigen|letzten) (?:zeitraum|periode)\b"
    r"|\bpoprzedni(?:m)? okres(?:em)?\b|\bprethodn\w* razdobl\w*\b|\bprethodn\w* period\w*\b"
)
_KO_PREVIOUS_PERIOD = re.compile(r"이전\s*기간|전기")
_PREVIOUS_YEAR = re.compile(
    r"\b(?:last year|previous year|prior year|year over year|year-over-year|yoy)\b|\bvorjahr\w*\b"
    r"|\brok (?:do|wczesniej) roku\b|\br/r\b|\bpoprzedni(?:m)? rok\w*\b|\bprethodn\w* godin\w*\b"
)
_KO_PREVIOUS_YEAR = re.compile(r"전년|작년")


@dataclass(frozen=True)
class PeriodRequest:
    """The period a request names and, when it asks for one, the period to compare it with."""

    period: Period
    compare_to: Period | None = None


def month_period(year: int, month: int, today: date, label: str | None = None) -> Period:
    last = calendar.monthrange(year, month)[1]
    end = min(date(year, month, last), today) if (year, month) == (today.year, today.month) else None
    return Period(
        start=date(year, month, 1),
        end=end or date(year, month, last),
        label=label or f"{calendar.month_name[month]} {year}",
    )


def quarter_period(year: int, quarter: int, today: date) -> Period:
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    end = date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
    if start <= today <= end:
        end = today
    return Period(start=start, end=end, label=f"Q{quarter} {year}")


def year_period(year: int, today: date) -> Period:
    end = min(date(year, 12, 31), today) if year == today.year else date(year, 12, 31)
    return Period(start=date(year, 1, 1), end=end, label=str(year))


def _latest_year_for_month(month: int, today: date) -> int:
    return today.year if month <= today.month else today.year - 1


def _latest_year_for_quarter(quarter: int, today: date) -> int:
    return today.year if 3 * (quarter - 1) + 1 <= today.month else today.year - 1


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _relative(unit: str, last: bool, today: date) -> Period:
    if unit == "month":
        if not last:
            return month_period(today.year, today.month, today)
        previous = today.replace(day=1) - timedelta(days=1)
        return month_period(previous.year, previous.month, today)
    if unit == "quarter":
        quarter, year = _quarter_of(today), today.year
        if last:
            quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
        return quarter_period(year, quarter, today)
    if unit == "year":
        return year_period(today.year - 1 if last else today.year, today)
    monday = today - timedelta(days=today.weekday())
    if last:
        return Period(start=monday - timedelta(days=7), end=monday - timedelta(days=1), label="last week")
    return Period(start=monday, end=today, label="this week")


def _relative_period(folded: str, text: str, today: date) -> Period | None:
    for unit, (words, korean) in _UNIT_WORDS.items():
        for qualifier, last in ((_LAST, True), (_THIS, False)):
            if re.search(rf"\b(?:{qualifier})\s+(?:{words})\b", folded):
                return _relative(unit, last, today)
        for qualifier, last in ((_KO_LAST, True), (_KO_THIS, False)):
            if re.search(rf"(?:{qualifier})\s*(?:{korean})", text):
                return _relative(unit, last, today)
    for word, last in (("작년", True), ("지난해", True), ("올해", False), ("금년", False)):
        if word in text:
            return _relative("year", last, today)
    return None


# Words that are also everyday words or names ('may I...', 'Jan Kowalski') count as a month only after 'in',
# 'for', 'of', 'since' or 'during', or before a year.
_AMBIGUOUS_MONTHS = {"may", "jan", "mar"}


def _month_word(folded: str, language: str) -> tuple[int, str] | None:
    table = {**MONTH_WORDS, **(_CROATIAN_ONLY if language == "hr" else _POLISH_ONLY)}
    for match in re.finditer(r"[a-z]+", folded):
        word, rest = match[0], folded[match.end() :]
        if word not in table:
            continue
        if word in _AMBIGUOUS_MONTHS:
            before = folded[: match.start()].split()
            if not (before and before[-1] in {"in", "for", "of", "since", "during"}) and not re.match(
                r"\s*,?\s*20\d\d\b", rest
            ):
                continue
        return table[word], rest
    return None


def _named_period(folded: str, text: str, today: date, language: str) -> Period | None:
    quarter = _QUARTER.search(folded)
    if quarter:
        number = int(quarter[1] or quarter[3])
        following_year = _YEAR.match(folded[quarter.end() :].lstrip())
        written_year = quarter[2] or (following_year[1] if following_year else None)
        year = int(written_year) if written_year else _latest_year_for_quarter(number, today)
        return quarter_period(year, number, today)
    ko_quarter = _KO_QUARTER.search(text)
    if ko_quarter:
        number = int(ko_quarter[2])
        year = int(ko_quarter[1]) if ko_quarter[1] else _latest_year_for_quarter(number, today)
        return quarter_period(year, number, today)
    ko_month = _KO_MONTH.search(text)
    if ko_month:
        month = int(ko_month[2])
        year = int(ko_month[1]) if ko_month[1] else _latest_year_for_month(month, today)
        return month_period(year, month, today)
    month_word = _month_word(folded, language)
    if month_word:
        month, rest = month_word
        year_match = re.match(r"\s*,?\s*(20\d\d)\b", rest)
        year = int(year_match[1]) if year_match else _latest_year_for_month(month, today)
        return month_period(year, month, today)
    return None


def parse_single_period(text: str, *, today: date, language: str = "en") -> Period | None:
    """The one period a piece of text names, or None when it names none."""
    folded = fold_in_place(text)
    days = _LAST_N_DAYS.search(folded) or _KO_LAST_N_DAYS.search(text)
    if days:
        count = int(days[1])
        if count < 1:
            return None
        return Period(start=today - timedelta(days=count - 1), end=today, label=f"last {count} days")
    explicit = find_dates(text, today, language)
    if len(explicit) >= 2 and explicit[-1] >= explicit[0]:
        return Period(start=explicit[0], end=explicit[-1])
    named = _named_period(folded, text, today, language) or _relative_period(folded, text, today)
    if named:
        return named
    year = None if explicit else _YEAR.search(folded)  # '2026-11-01' is a day, not the year 2026
    if year:
        return year_period(int(year[1]), today)
    return None


def previous_period(period: Period, today: date) -> Period:
    """The period of the same kind just before: the previous month or quarter, else the same length earlier."""
    start, end = period.start, period.end
    if start.day == 1 and (end.month - start.month) in (0, 2) and end.year == start.year:
        months = end.month - start.month + 1
        if months == 1:
            before = start - timedelta(days=1)
            return month_period(before.year, before.month, today)
        if (start.month - 1) % 3 == 0:
            quarter = _quarter_of(start)
            year = start.year
            quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
            return quarter_period(year, quarter, today)
    if start == date(start.year, 1, 1) and end.year == start.year and end.month == 12 and end.day == 31:
        return year_period(start.year - 1, today)
    return Period(start=start - timedelta(days=period.days), end=start - timedelta(days=1))


def same_period_last_year(period: Period) -> Period:
    def shift(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    label = period.label
    year = re.search(r"20\d\d", label)
    if year:
        label = label.replace(year[0], str(int(year[0]) - 1))
    return Period(start=shift(period.start), end=shift(period.end), label=label)


def comparison_period(words: str, primary: Period, today: date, language: str) -> Period | None:
    """The period `words` name to compare `primary` with: the previous year's, the previous period, or a named
    one; the previous period when the words name none."""
    folded = fold_in_place(words)
    if _PREVIOUS_YEAR.search(folded) or _KO_PREVIOUS_YEAR.search(words):
        return same_period_last_year(primary)
    if _PREVIOUS_PERIOD.search(folded) or _KO_PREVIOUS_PERIOD.search(words):
        return previous_period(primary, today)
    named = parse_single_period(words, today=today, language=language)
    return named or previous_period(primary, today)  # 'compared with before' and the like


def parse_period_request(text: str, *, today: date, language: str = "en") -> PeriodRequest | None:
    """The period (and comparison period) a report request names; None when it names no period."""
    folded = fold_in_place(text)
    marker = _COMPARE_AFTER.search(folded)
    if marker:
        primary = parse_single_period(text[: marker.start()], today=today, language=language)
        if primary is None:
            return None
        return PeriodRequest(primary, comparison_period(text[marker.end() :], primary, today, language))
    korean = _KO_COMPARE_BEFORE.search(text)
    if korean:
        before, after = text[: korean.start()], text[korean.end() :]
        primary = parse_single_period(after, today=today, language=language)
        if primary is None:
            # '전년 대비' / '전기 대비' with the period before it: 'Q3 전년 대비'.
            primary = parse_single_period(before, today=today, language=language)
            if primary is None:
                return None
            return PeriodRequest(primary, comparison_period(before, primary, today, language))
        return PeriodRequest(primary, comparison_period(before, primary, today, language))
    primary = parse_single_period(text, today=today, language=language)
    return PeriodRequest(primary) if primary else None
