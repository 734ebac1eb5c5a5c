"""Amounts, dates, currencies and identifiers as the five languages print them."""

from __future__ import annotations

import pytest

from knowledge.documents.normalise import (
    find_currency,
    find_iban,
    normalise_amount,
    normalise_date,
    normalise_quantity,
)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1.234,56", "1234.56"),  # de, hr
        ("1,234.56", "1234.56"),  # en
        ("1 234,56", "1234.56"),  # pl
        ("1\u00a0234,56 zł", "1234.56"),  # pl with a no-break space
        ("15,000원", "15000.00"),  # ko
        ("₩1,500,000", "1500000.00"),
        ("€ 12.50", "12.50"),
        ("EUR 1.190,00", "1190.00"),
        ("-3,5", "-3.50"),
        ("12,5", "12.50"),
        ("1.234", "1234.00"),  # one dot and three digits: thousands
        ("1'234.50 CHF", "1234.50"),
        ("no number", None),
    ],
)
def test_amounts(printed: str, expected: str | None) -> None:
    assert normalise_amount(printed) == expected


@pytest.mark.parametrize(
    ("printed", "language", "expected"),
    [
        ("31.12.2025", "de", "2025-12-31"),
        ("2025-12-31", None, "2025-12-31"),
        ("12/31/2025", "en", "2025-12-31"),
        ("31/12/2025", "en", "2025-12-31"),  # the day cannot be a month
        ("01/02/2025", "en", "2025-01-02"),  # US order when ambiguous in English
        ("01/02/2025", "de", "2025-02-01"),
        ("01/02/2025", "en-GB", "2025-02-01"),
        ("December 31, 2025", "en", "2025-12-31"),
        ("3 May 2025", "en", "2025-05-03"),
        ("31. Dezember 2025", "de", "2025-12-31"),
        ("1. März 2026", "de", "2026-03-01"),
        ("31 grudnia 2025", "pl", "2025-12-31"),
        ("5 października 2025 r.", "pl", "2025-10-05"),
        ("31. prosinca 2025.", "hr", "2025-12-31"),
        ("15. siječnja 2026.", "hr", "2026-01-15"),
        ("2025년 12월 31일", "ko", "2025-12-31"),
        ("2025. 12. 31.", "ko", "2025-12-31"),
        ("31.02.2025", "de", None),  # no such day
    ],
)
def test_dates(printed: str, language: str | None, expected: str | None) -> None:
    assert normalise_date(printed, language) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("3", "3"), ("3,00", "3"), ("2.50", "2.5"), ("2,5", "2.5"), ("1.000", "1000"), ("12 pcs", "12")],
)
def test_quantities(printed: str, expected: str) -> None:
    assert normalise_quantity(printed) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Total: 1.190,00 EUR", "EUR"),
        ("Razem 12,00 zł", "PLN"),
        ("합계 15,000원", "KRW"),
        ("Amount due £12.00", "GBP"),
        ("Ukupno: 100,00 €", "EUR"),
        ("Total 5.00 USD", "USD"),
        ("no money here", None),
    ],
)
def test_currency(text: str, expected: str | None) -> None:
    assert find_currency(text) == expected


def test_iban_is_found_compacted_and_checked() -> None:
    assert find_iban("IBAN: DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert find_iban("IBAN: HR12 1001 0051 8630 0016 0") == "HR1210010051863000160"
    assert find_iban("IBAN: DE00 3704 0044 0532 0130 00") is None  # wrong check digits
