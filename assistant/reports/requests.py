"""From a manager's words to a report spec, without a language model: the report kind and grouping from
keywords in five languages, the period from assistant.reports.periods. When the kind or a needed period is
unclear the answer is a question in the requester's language, never a guess.

Defaults that are not guesses, because the report is defined that way: inventory, receivables and purchasing
are 'as of today' unless a day is named; the pipeline covers orders placed in the last 30 days; HR covers the
current year; sales are grouped by region unless a grouping is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.offline.dates import find_dates, fold_in_place
from assistant.reports.periods import parse_period_request
from assistant.reports.specs import (
    HrSpec,
    InventorySpec,
    Period,
    PipelineSpec,
    PurchasingSpec,
    ReceivablesSpec,
    ReportKind,
    ReportSpec,
    SalesGrouping,
    SalesSpec,
)

# Checked in this order: 'receivables' before 'sales' (매출채권 holds 매출), 'purchasing' before 'pipeline'.
KIND_WORDS: list[tuple[ReportKind, str, str]] = [
    (
        ReportKind.RECEIVABLES,
        r"receivables?|\bar\b|aging|ageing|overdue invoices|unpaid invoices|forderung\w*|offene posten"
        r"|altersstruktur|naleznosci|naleznosc|wiekowanie|przeterminowan\w* faktur\w*|potrazivanj\w*"
        r"|dospjel\w* racun\w*",
        r"미수금|매출채권|채권\s*연령|연체\s*송장",
    ),
    (
        ReportKind.HR,
        r"headcount|leave|vacation|holidays? taken|employees|staff numbers|mitarbeit\w*|urlaub\w*|personal"
        r"|zatrudnien\w*|pracownik\w*|urlop\w*|zaposlen\w*|godisnj\w* odmor\w*|bolovanj\w*",
        r"인원|휴가|직원|연차|인사",
    ),
    (
        ReportKind.PURCHASING,
        r"purchas\w*|\bpos\b|suppliers?|lead times?|einkauf\w*|lieferant\w*|beschaffung|zakup\w*|dostawc\w*"
        r"|zaopatrzen\w*|nabav\w*|dobavljac\w*|narudzbenic\w*",
        r"구매|발주|공급업체|리드\s*타임",
    ),
    (
        ReportKind.INVENTORY,
        r"inventory|stock|\babc\b|dead stock|reorder|warehouse|lager\w*|bestand\w*|ladenhuter|zapas\w*|magazyn\w*"
        r"|zalih\w*|skladist\w*",
        r"재고|창고|악성\s*재고|안전\s*재고",
    ),
    (
        ReportKind.PIPELINE,
        r"pipeline|order status|orders? by status|late shipments?|backlog|shipping delays?|auftragsbestand"
        r"|lieferverzug|verspatet\w*|bestellstatus|status zamowien|opoznion\w*|zamowienia w toku|status narudzb\w*"
        r"|kasnjenj\w*|kasn\w* isporuk\w*",
        r"주문\s*현황|배송\s*지연|지연\s*배송|주문\s*상태|파이프라인",
    ),
    (
        ReportKind.SALES,
        r"sales|revenue|turnover|sold|umsatz\w*|verkauf\w*|erlos\w*|sprzedaz\w*|przychod\w*|obrot\w*|prodaj\w*"
        r"|prihod\w*|promet\w*",
        r"매출|판매|영업\s*실적",
    ),
]
GROUP_WORDS: list[tuple[SalesGrouping, str, str]] = [
    (
        SalesGrouping.SALESPERSON,
        # "sales rep", never "sales report"
        r"salesperson|sales ?reps?\b|sales ?representatives?|verkaufer\w*|handlowc\w*|sprzedawc\w*"
        r"|prodavac\w*|komercijalist\w*",
        r"영업\s*사원|담당자별|영업사원",
    ),
    (SalesGrouping.REGION, r"regions?|regionen|region\w*|regij\w*", r"지역"),
    (SalesGrouping.COUNTRY, r"countr\w*|land|landern|lander|kraj\w*|krajow|drzav\w*|zemlj\w*", r"국가|나라"),
    (
        SalesGrouping.CATEGORY,
        r"categor\w*|kategori\w*|warengruppe\w*|grupa produktow",
        r"카테고리|분류|품목군",
    ),
    (SalesGrouping.CUSTOMER, r"customers?|kunde\w*|klient\w*|kupc\w*|kupac\w*", r"고객"),
    (SalesGrouping.PRODUCT, r"products?|produkt\w*|artikel\w*|proizvod\w*|artikl\w*", r"제품|상품"),
]
_TOP = re.compile(r"\btop\s*(\d{1,3})\b|\b(\d{1,3})\s+(?:najlepsz\w*|najwiekszych|najvec\w*|best\w*)")
_KO_TOP = re.compile(r"상위\s*(\d{1,3})")
_DEAD_DAYS = re.compile(r"\b(\d{1,4})\s*(?:days|tage|tagen|dni|dana)\b")

QUESTIONS = {
    "kind": {
        "en": "Which report would you like: sales, inventory, receivables aging, order pipeline, purchasing or HR?",
        "de": "Welchen Bericht möchten Sie: Umsatz, Lager, Forderungen (Altersstruktur), Auftragsstatus, Einkauf "
        "oder Personal?",
        "pl": "Jaki raport przygotować: sprzedaż, zapasy, wiekowanie należności, status zamówień, zakupy czy HR?",
        "hr": "Koji izvještaj želite: prodaja, zalihe, starost potraživanja, status narudžbi, nabava ili "
        "kadrovski?",
        "ko": "어떤 보고서가 필요하신가요? 매출, 재고, 미수금 연령, 주문 현황, 구매, 인사 중에서 골라 주세요.",
    },
    "period": {
        "en": "For which period? For example 'Q3', 'last month', 'October' or '2026-01-01 to 2026-03-31'.",
        "de": "Für welchen Zeitraum? Zum Beispiel 'Q3', 'letzten Monat', 'im Oktober' oder "
        "'1.1.2026 bis 31.3.2026'.",
        "pl": "Za jaki okres? Na przykład 'Q3', 'ostatni miesiąc', 'październik' lub '2026-01-01 do 2026-03-31'.",
        "hr": "Za koje razdoblje? Na primjer 'Q3', 'prošli mjesec', 'listopad' ili '2026-01-01 do 2026-03-31'.",
        "ko": "어느 기간의 보고서가 필요하신가요? 예: '3분기', '지난달', '10월', '2026-01-01 ~ 2026-03-31'.",
    },
}


@dataclass(frozen=True)
class Clarification:
    """What is missing and the question to ask, in the requester's language."""

    missing: str
    question: str


def detect_kind(text: str) -> ReportKind | None:
    folded = fold_in_place(text)
    for kind, words, korean in KIND_WORDS:
        if re.search(rf"(?:{words})", folded) or re.search(korean, text):
            return kind
    return None


def detect_grouping(text: str) -> SalesGrouping | None:
    folded = fold_in_place(text)
    for grouping, words, korean in GROUP_WORDS:
        if re.search(rf"\b(?:{words})\b", folded) or re.search(korean, text):
            return grouping
    return None


def detect_top(text: str) -> int | None:
    match = _TOP.search(fold_in_place(text)) or _KO_TOP.search(text)
    if not match:
        return None
    value = int(next(group for group in match.groups() if group))
    return min(max(value, 1), 100)


def _as_of(text: str, today: date, language: str) -> date:
    dates = find_dates(text, today, language)
    return dates[-1] if dates else today


def request_to_spec(text: str, *, today: date, language: str = "en") -> ReportSpec | Clarification:
    """The report spec the words ask for, or the question to ask when the kind or a needed period is unclear."""
    language = language if language in QUESTIONS["kind"] else "en"
    kind = detect_kind(text)
    if kind is None:
        return Clarification("kind", QUESTIONS["kind"][language])
    top = detect_top(text)
    extra = {"top": top} if top else {}
    if kind is ReportKind.SALES:
        periods = parse_period_request(text, today=today, language=language)
        if periods is None:
            return Clarification("period", QUESTIONS["period"][language])
        return SalesSpec(
            period=periods.period,
            compare_to=periods.compare_to,
            group_by=detect_grouping(text) or SalesGrouping.REGION,
            **extra,
        )
    if kind is ReportKind.PIPELINE:
        periods = parse_period_request(text, today=today, language=language)
        period = (
            periods.period
            if periods
            else Period(start=today - timedelta(days=29), end=today, label="last 30 days")
        )
        return PipelineSpec(period=period, as_of=today, **extra)
    if kind is ReportKind.INVENTORY:
        dead_days = _DEAD_DAYS.search(fold_in_place(text))
        days = {"dead_after_days": int(dead_days[1])} if dead_days and 0 < int(dead_days[1]) <= 1095 else {}
        return InventorySpec(as_of=_as_of(text, today, language), **days, **extra)
    if kind is ReportKind.RECEIVABLES:
        return ReceivablesSpec(as_of=_as_of(text, today, language), **extra)
    if kind is ReportKind.PURCHASING:
        return PurchasingSpec(as_of=_as_of(text, today, language), **extra)
    periods = parse_period_request(text, today=today, language=language)
    year = periods.period.start.year if periods else today.year
    return HrSpec(year=year, as_of=today, **extra)
