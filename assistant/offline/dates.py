"""Dates people write in the five languages: explicit (2026-03-03, 3.3.2026, '3-7 March', '3.-7. März',
'3월 3일'), relative ('tomorrow', 'morgen', 'jutro', 'sutra', '내일') and weekdays ('next Tuesday',
'nächsten Dienstag', 'w przyszły wtorek', 'sljedeći utorak', '다음 주 화요일')."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tools.lookup import fold


def fold_in_place(text: str) -> str:
    """Lower-case, accent-free text of the same length as `text` (Hangul and multi-letter folds left as is)."""
    out = []
    for char in text:
        folded = fold(char)
        out.append(folded if len(folded) == 1 else char.lower())
    return "".join(out)


def _forms(*groups: str) -> dict[str, int]:
    """Month or weekday forms: group i (space-separated forms) maps to i + 1."""
    return {form: index + 1 for index, group in enumerate(groups) for form in group.split()}


_MONTHS: dict[str, dict[str, int]] = {
    "en": _forms(
        "january jan",
        "february feb",
        "march mar",
        "april apr",
        "may",
        "june jun",
        "july jul",
        "august aug",
        "september sep sept",
        "october oct",
        "november nov",
        "december dec",
    ),
    "de": _forms(
        "januar janner jan",
        "februar feb",
        "marz",
        "april apr",
        "mai",
        "juni",
        "juli",
        "august aug",
        "september sept",
        "oktober okt",
        "november nov",
        "dezember dez",
    ),
    "pl": _forms(
        "styczen stycznia",
        "luty lutego",
        "marzec marca",
        "kwiecien kwietnia",
        "maj maja",
        "czerwiec czerwca",
        "lipiec lipca",
        "sierpien sierpnia",
        "wrzesien wrzesnia",
        "pazdziernik pazdziernika",
        "listopad listopada",
        "grudzien grudnia",
    ),
    "hr": _forms(
        "sijecanj sijecnja",
        "veljaca veljace",
        "ozujak ozujka",
        "travanj travnja",
        "svibanj svibnja",
        "lipanj lipnja",
        "srpanj srpnja",
        "kolovoz kolovoza",
        "rujan rujna",
        "listopad listopada",
        "studeni studenoga studenog",
        "prosinac prosinca",
    ),
}
_WEEKDAYS: dict[str, dict[str, int]] = {
    "en": _forms("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "de": _forms("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    "pl": _forms(
        "poniedzialek poniedzialku",
        "wtorek wtorku",
        "sroda srode srody",
        "czwartek czwartku",
        "piatek piatku",
        "sobota sobote soboty",
        "niedziela niedziele niedzieli",
    ),
    "hr": _forms(
        "ponedjeljak ponedjeljka",
        "utorak utorka",
        "srijeda srijedu srijede",
        "cetvrtak cetvrtka",
        "petak petka",
        "subota subotu subote",
        "nedjelja nedjelju nedjelje",
    ),
}
# Public names for the forms above: other modules tell dates from names with them.
MONTH_FORMS = _MONTHS
WEEKDAY_FORMS = _WEEKDAYS
_KO_WEEKDAYS = {"월": 1, "화": 2, "수": 3, "목": 4, "금": 5, "토": 6, "일": 7}

_RELATIVE = {
    "today": 0, "heute": 0, "dzis": 0, "dzisiaj": 0, "danas": 0,
    "tomorrow": 1, "morgen": 1, "jutro": 1, "sutra": 1,
    "jutra": 1,  # 'od jutra': from tomorrow
    "ubermorgen": 2, "pojutrze": 2, "prekosutra": 2,
    "yesterday": -1, "gestern": -1, "wczoraj": -1, "jucer": -1,
}  # fmt: skip
RELATIVE_DAYS = _RELATIVE
_KO_RELATIVE = {"오늘": 0, "내일": 1, "모레": 2, "어제": -1}
_NEXT_WEEK = re.compile(
    r"\b(?:next week|nachste woche|przyszlym tygodniu|przyszly tydzien|sljedeci tjedan|sljedeceg tjedna"
    r"|iduci tjedan|iduceg tjedna)\b"
)

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})?")
_NUMERIC_RANGE = re.compile(r"(?<![\d.])(\d{1,2})\.\s*[-–]\s*(\d{1,2})\.(\d{1,2})\.(\d{4})?")
_DAY = r"(\d{1,2})(?:\.|st\b|nd\b|rd\b|th\b)?"  # '3.', '3rd'
_RANGE_WORD = r"\s*(?:-|–|to|until|till|bis|do)\s*(?:the\s+)?"
_KO_DATE = re.compile(r"(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일(?!요일)")
_KO_NEXT_WEEK = re.compile(r"다음\s*주")


def _month_pattern(language: str) -> re.Pattern[str]:
    names = "|".join(sorted(_MONTHS[language], key=len, reverse=True))
    return re.compile(
        rf"\b(?:{_DAY}{_RANGE_WORD})?{_DAY}\s*(?:of\s+)?({names})\b(?:,?\s*(\d{{4}})\b)?"
        rf"|\b({names})\s+(\d{{1,2}})\b(?:,?\s*(\d{{4}})\b)?"
    )


_MONTH_PATTERNS = {language: _month_pattern(language) for language in _MONTHS}


def _nearest_year(month: int, day: int, today: date, past: bool = False) -> date | None:
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if past:
        candidates = [candidate for candidate in candidates if candidate <= today]
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: (abs((candidate - today).days), candidate < today))


def _make(year: str | None, month: int, day: int, today: date, past: bool = False) -> date | None:
    if year:
        try:
            return date(int(year), month, day)
        except ValueError:
            return None
    return _nearest_year(month, day, today, past)


def _next_weekday(today: date, isoweekday: int, past: bool = False) -> date:
    """The coming `isoweekday` (never today); looking back, the last one before today."""
    if past:
        return today - timedelta(days=(today.isoweekday() - isoweekday) % 7 or 7)
    ahead = (isoweekday - today.isoweekday()) % 7 or 7
    return today + timedelta(days=ahead)


def find_dates(text: str, today: date, language: str = "en", *, past: bool = False) -> list[date]:
    """All dates in `text`, in the order they are written; a written range yields its first and last day.

    `past`: the message looks back (payments made, orders placed), so a weekday or a day without a year is
    the last one before today rather than the next one.
    """
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def add(position: int, end: int, value: date | None) -> None:
        if value is not None and not any(start <= position < stop for start, stop in taken):
            found.append((position, value))
        taken.append((position, end))

    for match in _ISO.finditer(text):
        add(match.start(), match.end(), _make(match[1], int(match[2]), int(match[3]), today, past))
    for match in _NUMERIC_RANGE.finditer(text):
        month = int(match[3])
        add(match.start(), match.start(2), _make(match[4], month, int(match[1]), today, past))
        add(match.start(2), match.end(), _make(match[4], month, int(match[2]), today, past))
    for match in _NUMERIC.finditer(text):
        add(match.start(), match.end(), _make(match[3], int(match[2]), int(match[1]), today, past))

    folded = fold_in_place(text)
    languages = [language] + [other for other in _MONTHS if other != language]
    for code in languages:
        if code not in _MONTHS:
            continue
        for match in _MONTH_PATTERNS[code].finditer(folded):
            if match[3]:
                month = _MONTHS[code][match[3]]
                if match[1]:
                    add(match.start(1), match.start(2), _make(match[4], month, int(match[1]), today, past))
                add(match.start(2), match.end(), _make(match[4], month, int(match[2]), today, past))
            else:
                add(
                    match.start(),
                    match.end(),
                    _make(match[7], _MONTHS[code][match[5]], int(match[6]), today, past),
                )

    month_context: int | None = None
    for match in _KO_DATE.finditer(text):
        if match[1]:
            month_context = int(match[1])
        if month_context is not None:
            add(match.start(), match.end(), _make(None, month_context, int(match[2]), today, past))

    for match in re.finditer(r"[^\W\d_]+", folded):
        word = match[0]
        if word in _RELATIVE:
            add(match.start(), match.end(), today + timedelta(days=_RELATIVE[word]))
            continue
        for code in languages:
            weekday = _WEEKDAYS.get(code, {}).get(word)
            if weekday:
                add(match.start(), match.end(), _next_weekday(today, weekday, past))
                break
    for word, offset in _KO_RELATIVE.items():
        for match in re.finditer(word, text):
            add(match.start(), match.end(), today + timedelta(days=offset))
    for match in re.finditer(r"([월화수목금토일])요일", text):
        weekday = _KO_WEEKDAYS[match[1]]
        if _KO_NEXT_WEEK.search(text[: match.start()]):
            monday_next_week = today + timedelta(days=7 - today.weekday())
            value = monday_next_week + timedelta(days=weekday - 1)
        else:
            value = _next_weekday(today, weekday, past)
        add(match.start(), match.end(), value)

    found.sort(key=lambda item: item[0])
    return [value for _, value in found]


def find_period(
    text: str, today: date, language: str = "en", *, past: bool = False
) -> tuple[date, date] | None:
    """The first and last day a message speaks of: one date is a one-day period; 'next week' is Mon-Fri.

    Looking back (`past`), 'since Monday' / 'seit dem 1.' / 'od poniedziałku' / '월요일부터' run to today, and
    'this month', 'last week' and the like are the calendar periods up to today.
    """
    folded = fold_in_place(text)
    dates = find_dates(text, today, language, past=past)
    if past and len(dates) == 1 and dates[0] <= today and _opens_a_period(folded, text):
        return dates[0], today
    if dates:
        return dates[0], dates[-1] if dates[-1] >= dates[0] else dates[0]
    if past:
        named = _named_past_period(folded, text, today)
        if named:
            return named
    month = _named_month(folded, text, today, past, language)
    if month:
        return month
    if _NEXT_WEEK.search(folded) or _KO_NEXT_WEEK.search(text):
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=4)
    return None


# 'since ...' right before a day, or '...부터' / '...이후' after it, with no end of the period written.
_DAY_WORDS = sorted(
    {form for table in (*_WEEKDAYS.values(), *_MONTHS.values()) for form in table}, key=len, reverse=True
)
_SINCE = re.compile(
    rf"\b(?:since|seit|ab|from|od|starting)\s+(?:(?:the|dem|den|der|le)\s+)?(?:\d|(?:{'|'.join(_DAY_WORDS)})\b)"
)
_UNTIL = re.compile(r"\b(?:to|until|till|bis|do|through)\s+(?:\w+\s+)?\d")
_KO_SINCE = re.compile(r"부터|이후|이래")
_KO_UNTIL = re.compile(r"까지")
_THIS_MONTH = re.compile(
    r"\b(?:this month|start of the month|beginning of the month|(?:diesen|dieses|in diesem) monat|monatsanfang"
    r"|anfang des monats|(?:w )?tym miesiacu|(?:od )?poczatku miesiaca|ovaj mjesec|ovog mjeseca"
    r"|(?:od )?pocetka mjeseca|tego miesiaca)\b"
)
_LAST_MONTH = re.compile(
    r"\b(?:last month|previous month|(?:letzten|letztem|vorigen|vorigem|vergangenen|vergangenem) monat"
    r"|(?:w )?(?:zeszlym|ubieglym|poprzednim) miesiacu|zeszly miesiac|(?:zeszlego|ubieglego|poprzedniego) miesiaca"
    r"|prosli mjesec|proslog mjeseca|prethodnog mjeseca)\b"
)
_THIS_WEEK = re.compile(
    r"\b(?:this week|diese woche|dieser woche|(?:w )?tym tygodniu|tego tygodnia|ovaj tjedan|ovog tjedna)\b"
)
_LAST_WEEK = re.compile(
    r"\b(?:last week|previous week|(?:letzte|letzten|letzter|vergangene|vergangenen|vergangener|vorige|voriger) woche"
    r"|(?:w )?(?:zeszlym|ubieglym|poprzednim) tygodniu|zeszly tydzien|(?:zeszlego|ubieglego|poprzedniego) tygodnia"
    r"|prosli tjedan|proslog tjedna|prethodnog tjedna)\b"
)
# The calendar year to today: 'this year', 'year to date', 'seit Jahresbeginn', 'w tym roku', 'ove godine', '올해'.
_THIS_YEAR = re.compile(
    r"\b(?:this year|so far this year|year to date|ytd|(?:in )?diesem jahr|dieses jahr|seit jahresbeginn"
    r"|seit (?:anfang|beginn) des jahres|(?:w )?tym roku|od poczatku roku|ove godine|ovu godinu"
    r"|od pocetka godine)\b"
)
_LAST_YEAR = re.compile(
    r"\b(?:last year|previous year|(?:im )?(?:letzten|vorigen|vergangenen) jahr|letztes jahr|vorjahr"
    r"|(?:w )?(?:zeszlym|ubieglym|poprzednim) roku|prosle godine|proslu godinu)\b"
)
_KO_PERIODS = (("올해", "this year"), ("금년", "this year"), ("작년", "last year"), ("지난해", "last year"),
               ("이번 달", "this month"), ("이번달", "this month"), ("지난달", "last month"),
               ("지난 달", "last month"), ("이번 주", "this week"), ("이번주", "this week"),
               ("지난주", "last week"), ("지난 주", "last week"))  # fmt: skip


def _opens_a_period(folded: str, text: str) -> bool:
    """'since X' (or 'X부터') with no 'until' after it: the period runs to today."""
    if _KO_SINCE.search(text) and not _KO_UNTIL.search(text):
        return True
    return bool(_SINCE.search(folded)) and not _UNTIL.search(folded)


def _named_past_period(folded: str, text: str, today: date) -> tuple[date, date] | None:
    names = [name for korean, name in _KO_PERIODS if korean in text]
    for pattern, name in (
        (_THIS_MONTH, "this month"),
        (_LAST_MONTH, "last month"),
        (_THIS_WEEK, "this week"),
        (_LAST_WEEK, "last week"),
        (_THIS_YEAR, "this year"),
        (_LAST_YEAR, "last year"),
    ):
        if pattern.search(folded):
            names.append(name)
    if not names:
        return None
    name = names[0]
    if name == "this year":
        return today.replace(month=1, day=1), today
    if name == "last year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if name == "this month":
        return today.replace(day=1), today
    if name == "last month":
        last_day = today.replace(day=1) - timedelta(days=1)
        return last_day.replace(day=1), last_day
    monday = today - timedelta(days=today.weekday())
    if name == "this week":
        return monday, today
    return monday - timedelta(days=7), monday - timedelta(days=1)


# A month named without a day ('in October', 'im Oktober', 'w październiku', 'u listopadu', '10월'): the whole
# month. Long stems take a case ending; short ones ('may', 'mai', 'maj') only after a preposition ('in May').
def _month_stems(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """(long stems, short stems) -> month. Polish and Croatian decline months ('wrzesień', 'we wrześniu', 'u
    rujnu'): their genitive forms lose the last letter to give a stem the other cases share."""
    long: dict[str, int] = {}
    short: dict[str, int] = {}
    for form, number in _MONTHS[language].items():
        stems = [form, form[:-1]] if language in ("pl", "hr") else [form]
        for stem in stems:
            (long if len(stem) >= 5 else short).setdefault(stem, number)
    return long, short


def _alternatives(stems: dict[str, int]) -> str:
    return "|".join(sorted(stems, key=len, reverse=True)) or "(?!)"


_MONTH_STEMS = {language: _month_stems(language) for language in _MONTHS}
_MONTH_ALONE = {
    language: re.compile(
        rf"(?<![\d.])\b(?:({_alternatives(long)})\w{{0,3}}|\b(?:in|im|w|we|u|za|of|seit|since|od)\s+"
        rf"({_alternatives(short)})\w{{0,2}})\b(?!\s*\d{{1,2}}\b)"
    )
    for language, (long, short) in _MONTH_STEMS.items()
}
_KO_MONTH_ALONE = re.compile(r"(?<!\d)(\d{1,2})\s*월(?!\s*\d)")
# 'since the start of October', 'seit Anfang Oktober', 'od początku października': from its first day to today.
# 'od Hrastinski u listopadu' is a party ('from Hrastinski'), so only the start words may stand between.
_FROM_START = re.compile(
    r"\b(?:since|seit|ab|from|od|starting)\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+|(?:dem\s+)?(?:anfang|beginn)"
    r"\s+|poczatku\s+|pocetka\s+)?(?:(?:in|im|w|we|u)\s+)?$"
)


def _named_month(
    folded: str, text: str, today: date, past: bool, language: str = "en"
) -> tuple[date, date] | None:
    number = None
    start_at = -1
    korean = _KO_MONTH_ALONE.search(text)
    if korean and 1 <= int(korean[1]) <= 12:
        number = int(korean[1])
    else:
        # The message's own language first: 'listopad' is November in Polish and October in Croatian.
        order = sorted(_MONTH_ALONE, key=lambda name: name != language)
        for name in order:
            language, pattern = name, _MONTH_ALONE[name]
            match = pattern.search(folded)
            if match and (match[1] or match[2]):
                long, short = _MONTH_STEMS[language]
                number, start_at = (long.get(match[1]) if match[1] else short[match[2]]), match.start()
                break
    if number is None:
        return None
    if past:
        year = today.year if number <= today.month else today.year - 1
    else:
        year = today.year if number >= today.month else today.year + 1
    first = date(year, number, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if past and (last > today or (start_at >= 0 and _FROM_START.search(folded[:start_at]))):
        last = today
    return first, last
