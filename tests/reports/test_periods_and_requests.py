"""Periods and report requests as managers write them, in five languages; unclear requests get a question."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.reports.periods import parse_period_request
from assistant.reports.requests import Clarification, request_to_spec
from assistant.reports.specs import (
    HrSpec,
    InventorySpec,
    PipelineSpec,
    PurchasingSpec,
    ReceivablesSpec,
    SalesGrouping,
    SalesSpec,
)

TODAY = date(2026, 11, 24)
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.mark.parametrize(
    ("words", "language", "expected"),
    [
        ("Q3", "en", Q3),
        ("Q3 2026", "en", Q3),
        ("sales for Q3 2025", "en", (date(2025, 7, 1), date(2025, 9, 30))),
        ("last month", "en", OCTOBER),
        ("October", "en", OCTOBER),
        ("December", "en", (date(2025, 12, 1), date(2025, 12, 31))),  # the latest December that has begun
        ("this year", "en", (date(2026, 1, 1), TODAY)),
        ("this quarter", "en", (date(2026, 10, 1), TODAY)),
        ("last 30 days", "en", (date(2026, 10, 26), TODAY)),
        ("2026-01-01 to 2026-03-31", "en", (date(2026, 1, 1), date(2026, 3, 31))),
        ("letzten Monat", "de", OCTOBER),
        ("Umsatz im Oktober", "de", OCTOBER),
        ("letztes Quartal", "de", Q3),
        ("ostatni kwartał", "pl", Q3),
        ("ostatni miesiąc", "pl", OCTOBER),
        ("sprzedaż w październiku", "pl", OCTOBER),
        ("sprzedaż w listopadzie 2025", "pl", (date(2025, 11, 1), date(2025, 11, 30))),
        ("prošli mjesec", "hr", OCTOBER),
        ("prodaja u listopadu", "hr", OCTOBER),  # Croatian listopad is October
        ("지난달", "ko", OCTOBER),
        ("3분기", "ko", Q3),
        ("2025년 3분기", "ko", (date(2025, 7, 1), date(2025, 9, 30))),
        ("올해", "ko", (date(2026, 1, 1), TODAY)),
    ],
)
def test_periods_in_five_languages(words: str, language: str, expected: tuple[date, date]) -> None:
    request = parse_period_request(words, today=TODAY, language=language)
    assert request is not None and (request.period.start, request.period.end) == expected


@pytest.mark.parametrize(
    ("words", "language", "period", "compared"),
    [
        ("sales by region for Q3 compared with Q2", "en", Q3, Q2),
        ("Q3 vs. previous period", "en", Q3, Q2),
        ("October vs last year", "en", OCTOBER, (date(2025, 10, 1), date(2025, 10, 31))),
        ("Umsatz Q3 im Vergleich zu Q2", "de", Q3, Q2),
        ("sprzedaż Q3 w porównaniu z Q2", "pl", Q3, Q2),
        ("prodaja Q3 u usporedbi s Q2", "hr", Q3, Q2),
        ("2분기 대비 3분기 매출", "ko", Q3, Q2),
        ("3분기 매출 전년 대비", "ko", Q3, (date(2025, 7, 1), date(2025, 9, 30))),
    ],
)
def test_comparisons(
    words: str, language: str, period: tuple[date, date], compared: tuple[date, date]
) -> None:
    request = parse_period_request(words, today=TODAY, language=language)
    assert request is not None and request.compare_to is not None
    assert (request.period.start, request.period.end) == period
    assert (request.compare_to.start, request.compare_to.end) == compared


@pytest.mark.parametrize(
    "words", ["may I have the sales report?", "sales by region", "AR aging as of 2026-11-01"]
)
def test_no_period_is_invented(words: str) -> None:
    assert parse_period_request(words, today=TODAY) is None


@pytest.mark.parametrize(
    ("words", "language", "kind", "grouping"),
    [
        ("sales by region for Q3 compared with Q2", "en", SalesSpec, SalesGrouping.REGION),
        ("Sales report by region for Q3 compared with Q2", "en", SalesSpec, SalesGrouping.REGION),
        ("sales report for October by sales rep", "en", SalesSpec, SalesGrouping.SALESPERSON),
        ("Umsatz nach Kategorie im Oktober", "de", SalesSpec, SalesGrouping.CATEGORY),
        ("raport sprzedaży za ostatni miesiąc", "pl", SalesSpec, SalesGrouping.REGION),
        ("prodaja po kupcima prošli mjesec", "hr", SalesSpec, SalesGrouping.CUSTOMER),
        ("지난달 제품별 매출 상위 5", "ko", SalesSpec, SalesGrouping.PRODUCT),
        ("which SKUs are dead stock?", "en", InventorySpec, None),
        ("AR aging as of today", "en", ReceivablesSpec, None),
        ("미수금 연령 보고서", "ko", ReceivablesSpec, None),
        ("late shipments", "en", PipelineSpec, None),
        ("Lieferanten und offene Bestellungen", "de", PurchasingSpec, None),
        ("headcount and leave", "en", HrSpec, None),
    ],
)
def test_requests_become_specs(words: str, language: str, kind: type, grouping: SalesGrouping | None) -> None:
    spec = request_to_spec(words, today=TODAY, language=language)
    assert isinstance(spec, kind)
    if grouping is not None:
        assert isinstance(spec, SalesSpec) and spec.group_by is grouping


def test_top_n_is_read() -> None:
    spec = request_to_spec("top 5 customers by sales in October", today=TODAY)
    assert isinstance(spec, SalesSpec) and spec.top == 5 and spec.group_by is SalesGrouping.CUSTOMER


@pytest.mark.parametrize(
    ("words", "language", "missing", "asked"),
    [
        ("hello, can you help?", "en", "kind", "Which report"),
        ("Bericht bitte", "de", "kind", "Welchen Bericht"),
        ("sales by region", "en", "period", "For which period"),
        ("Umsatz nach Region", "de", "period", "Für welchen Zeitraum"),
        ("sprzedaż według regionów", "pl", "period", "Za jaki okres"),
        ("prodaja po regijama", "hr", "period", "Za koje razdoblje"),
        ("지역별 매출", "ko", "period", "어느 기간"),
    ],
)
def test_unclear_requests_get_a_question(words: str, language: str, missing: str, asked: str) -> None:
    answer = request_to_spec(words, today=TODAY, language=language)
    assert isinstance(answer, Clarification) and answer.missing == missing and asked in answer.question
