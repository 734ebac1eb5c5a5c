"""The number checker: numbers as five languages write them, rounding as shown, percentages kept apart, and
every template narrative passing it on the demo company while invented numbers do not."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from assistant.reports.compute import compute_report
from assistant.reports.narrative import LANGUAGES, narrate
from assistant.reports.number_check import (
    SupportedNumbers,
    find_numbers,
    supported_numbers,
    unsupported_numbers,
)
from assistant.reports.results import ReportResult
from assistant.reports.specs import (
    HrSpec,
    InventorySpec,
    Period,
    PipelineSpec,
    PurchasingSpec,
    ReceivablesSpec,
    ReportSpec,
    SalesSpec,
)
from tests.reports.conftest import AS_OF, NOW

Q3 = Period(start=date(2026, 7, 1), end=date(2026, 9, 30), label="Q3 2026")
Q2 = Period(start=date(2026, 4, 1), end=date(2026, 6, 30), label="Q2 2026")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("1,234.56 EUR", "en", [Decimal("1234.56")]),
        ("1.234,56 EUR", "de", [Decimal("1234.56")]),
        ("1 234,56 zł", "pl", [Decimal("1234.56")]),
        ("1\u00a0234,56 EUR", "hr", [Decimal("1234.56")]),
        ("1,234,567", "en", [Decimal("1234567")]),
        ("12,5", "de", [Decimal("12.5")]),
        ("1,2 mln", "pl", [Decimal("1200000")]),
        ("3.4 million", "en", [Decimal("3400000")]),
        ("120만 원", "ko", [Decimal("1200000")]),
        ("주문 40건", "ko", [Decimal("40")]),
    ],
)
def test_numbers_as_each_language_writes_them(text: str, language: str, expected: list[Decimal]) -> None:
    (mention,) = find_numbers(text, language=language)
    assert [reading.value for reading in mention.readings][:1] == expected


def test_a_lone_separator_before_three_digits_is_read_both_ways() -> None:
    (mention,) = find_numbers("1,234", language="en")
    assert {reading.value for reading in mention.readings} == {Decimal("1.234"), Decimal("1234")}


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("on 2026-07-01", "en", date(2026, 7, 1)),
        ("am 1.7.2026", "de", date(2026, 7, 1)),
        ("dnia 01.07.2026", "pl", date(2026, 7, 1)),
        ("1. 7. 2026.", "hr", date(2026, 7, 1)),
        ("2026. 7. 1.", "ko", date(2026, 7, 1)),
    ],
)
def test_dates_are_read_as_dates_not_as_decimals(text: str, language: str, day: date) -> None:
    (mention,) = find_numbers(text, language=language)
    assert mention.day == day


def test_percentages_and_scales_are_marked() -> None:
    mentions = find_numbers("up 12,5 % to 1.2 Mio.", language="de")
    assert [(mention.text, mention.percent) for mention in mentions] == [
        ("12,5 %", True),
        ("1.2 Mio.", False),
    ]


def _supported() -> SupportedNumbers:
    supported = SupportedNumbers()
    supported.add(Decimal("1234567.89"))
    supported.add(40)
    supported.add(12.34, percent=True)
    supported.add_date(date(2026, 7, 1))
    return supported


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Revenue was 1,234,567.89 EUR.", "en"),
        ("Revenue was about 1,234,568 EUR, or 1.23 million.", "en"),
        ("Umsatz 1.234.567,89 EUR, rund 1,2 Mio. EUR, plus 12,3 %.", "de"),
        ("Sprzedaż 1 234 567,89 zł (40 zamówień), wzrost o 12%.", "pl"),
        ("Prihod od 1.234.567,89 EUR od 1. 7. 2026.", "hr"),
        ("매출은 약 123만 유로(1,234,567.89 EUR)이며 주문은 40건입니다.", "ko"),
        ("Q3 2026 started on 2026-07-01.", "en"),
    ],
)
def test_supported_numbers_pass_as_written_and_rounded(text: str, language: str) -> None:
    assert unsupported_numbers(text, _supported(), language=language) == []


@pytest.mark.parametrize(
    ("text", "language", "unsupported"),
    [
        ("Revenue was 1,234,999.00 EUR.", "en", ["1,234,999.00"]),
        ("Revenue grew 15.0%.", "en", ["15.0%"]),
        ("40% of orders", "en", ["40%"]),  # 40 is a count, not a percentage
        ("41 Bestellungen", "de", ["41"]),
        ("1,3 mln zł", "pl", ["1,3 mln"]),
        ("od 2. 7. 2026.", "hr", ["2. 7. 2026."]),
        ("주문 41건", "ko", ["41"]),
    ],
)
def test_invented_numbers_are_caught(text: str, language: str, unsupported: list[str]) -> None:
    assert unsupported_numbers(text, _supported(), language=language) == unsupported


def _specs() -> list[ReportSpec]:
    return [
        SalesSpec(period=Q3, compare_to=Q2),
        InventorySpec(as_of=AS_OF),
        ReceivablesSpec(as_of=AS_OF),
        PipelineSpec(
            period=Period(start=AS_OF - timedelta(days=29), end=AS_OF, label="last 30 days"), as_of=AS_OF
        ),
        PurchasingSpec(as_of=AS_OF),
        HrSpec(year=2026, as_of=AS_OF),
    ]


@pytest.fixture
def results(demo: Session) -> list[ReportResult]:
    return [compute_report(demo, spec=spec, requested_by="test", now=NOW) for spec in _specs()]


def test_every_template_narrative_passes_the_checker(results: list[ReportResult]) -> None:
    for result in results:
        supported = supported_numbers(result)
        for language in LANGUAGES:
            text = narrate(result, language=language)
            assert unsupported_numbers(text, supported, language=language) == [], (
                result.kind,
                language,
                text,
            )


def test_a_sales_draft_with_an_invented_change_is_caught(results: list[ReportResult]) -> None:
    sales = results[0]
    supported = supported_numbers(sales)
    revenue = sales.figure("revenue")
    change = revenue.change_percent
    assert change is not None
    honest = f"Revenue for Q3 2026 was {revenue.value:,.2f} EUR, {change:+.1f}% on Q2 2026."
    assert unsupported_numbers(honest, supported, language="en") == []
    invented = f"Revenue for Q3 2026 was {revenue.value:,.2f} EUR, {change + 3:+.1f}% on Q2 2026."
    assert unsupported_numbers(invented, supported, language="en") == [f"{change + 3:+.1f}%".lstrip("+")]
