"""Dates, quantities, codes and languages read from messages in the five languages."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.offline import slots
from assistant.offline.arguments import complete, extract, parse_address
from assistant.offline.dates import find_dates, find_period
from assistant.offline.language import detect_language

TODAY = date(2026, 11, 24)  # a Tuesday
TOMORROW = date(2026, 11, 25)
NEXT_TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("today", "en", TODAY),
        ("tomorrow", "en", TOMORROW),
        ("next Tuesday", "en", NEXT_TUESDAY),
        ("heute", "de", TODAY),
        ("morgen", "de", TOMORROW),
        ("nächsten Dienstag", "de", NEXT_TUESDAY),
        ("dziś", "pl", TODAY),
        ("jutro", "pl", TOMORROW),
        ("w przyszły wtorek", "pl", NEXT_TUESDAY),
        ("danas", "hr", TODAY),
        ("sutra", "hr", TOMORROW),
        ("sljedeći utorak", "hr", NEXT_TUESDAY),
        ("오늘", "ko", TODAY),
        ("내일", "ko", TOMORROW),
        ("다음 주 화요일", "ko", NEXT_TUESDAY),
        ("3.3.2026", "de", date(2026, 3, 3)),
        ("2026-03-03", "en", date(2026, 3, 3)),
        ("3. ožujka 2026", "hr", date(2026, 3, 3)),
    ],
)
def test_single_dates(text: str, language: str, expected: date) -> None:
    assert find_dates(text, TODAY, language)[0] == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("3-7 March", "en"),
        ("from 3 to 7 March", "en"),
        ("3.-7. März", "de"),
        ("vom 3. bis 7. März", "de"),
        ("od 3 do 7 marca", "pl"),
        ("od 3. do 7. ožujka", "hr"),
        ("3월 3일부터 7일까지", "ko"),
    ],
)
def test_ranges_pick_the_nearest_year(text: str, language: str) -> None:
    assert find_period(text, TODAY, language) == (date(2027, 3, 3), date(2027, 3, 7))


def test_next_week_is_monday_to_friday() -> None:
    assert find_period("next week", TODAY) == (date(2026, 11, 30), date(2026, 12, 4))
    assert find_period("nothing here", TODAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 chairs", [20]),
        ("20 Stühle", [20]),
        ("20 krzeseł", [20]),
        ("20 stolica", [20]),
        ("의자 20개", [20]),
        ("2 x CHR-001 and 3 x LMP-002", [2, 3]),
        ("change CHR-001 in HAM by -3", [-3]),
        ("order SO-100042 on 3.3.2026, 5 lamps", [5]),
    ],
)
def test_quantities(text: str, expected: list[int]) -> None:
    assert slots.quantities(text) == expected


def test_codes_money_and_places() -> None:
    assert slots.order_numbers("where are SO-100042 and w1234567?") == ["SO-100042", "#W1234567"]
    assert slots.sku_candidates("2 x chr-001, TSH-RED-M and 1234567890") == [
        "CHR-001",
        "TSH-RED-M",
        "1234567890",
    ]
    assert slots.money("at 12,50 € each") == slots.money("€12.50") == slots.money("12.50 EUR")
    assert slots.warehouse("w magazynie w Warszawie") == "WAW"
    assert slots.warehouse("서울 창고") == "SEL"
    assert slots.cancel_reason("zamówione przez pomyłkę") == "ordered by mistake"
    assert slots.cancel_reason("više im ne treba") == "no longer needed"
    assert slots.leave_type("병가 신청") == "sick"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where is my order?", "en"),
        ("Wo ist meine Bestellung?", "de"),
        ("Gdzie jest moje zamówienie?", "pl"),
        ("Gdje je moja narudžba?", "hr"),
        ("내 주문 어디 있어?", "ko"),
        ("Łódź", "pl"),
        ("Đurđevac", "hr"),
    ],
)
def test_language_detection(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_language_defaults_to_the_locale() -> None:
    assert detect_language("SO-100042", "hr-HR") == "hr"
    assert detect_language("SO-100042", "fr") == "en"


def test_address_and_completion_over_two_turns() -> None:
    assert parse_address("update the address to 12 Elm Street, Boston 02110, USA") == {
        "line1": "12 Elm Street",
        "city": "Boston",
        "postal_code": "02110",
        "country": "USA",
    }
    first = extract("cancel_order", "cancel SO-100042 please", today=TODAY)
    assert first.missing == ("reason",)
    second = complete("cancel_order", first.arguments, "ordered by mistake", today=TODAY)
    assert second.missing == ()
    assert second.arguments == {"order": "SO-100042", "reason": "ordered by mistake"}


def test_a_count_followed_by_punctuation_is_still_a_count() -> None:
    from assistant.offline import slots

    assert slots.quantities("adjust stock of CHR-001 in HAM by -3, damaged") == [-3]
    assert slots.quantities("order 20 Stühle, bitte") == [20]
    assert slots.quantities("20 chairs at 12.50 EUR on 3.3.2026") == [20]
