"""Period labels and dates in the requester's language, in the narrative and on their own."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from assistant.reports.compute import compute_report
from assistant.reports.narrative import narrate
from assistant.reports.period_labels import describe_period, format_day, localise_label
from assistant.reports.periods import parse_period_request
from assistant.reports.specs import Period, PipelineSpec, SalesSpec
from tests.reports.conftest import AS_OF, NOW

LABELS = {
    "Q3 2026": {
        "en": "Q3 2026",
        "de": "3. Quartal 2026",
        "pl": "III kwartał 2026",
        "hr": "3. tromjesečje 2026.",
        "ko": "2026년 3분기",
    },
    "October 2026": {
        "en": "October 2026",
        "de": "Oktober 2026",
        "pl": "październik 2026",
        "hr": "listopad 2026.",
        "ko": "2026년 10월",
    },
    "2025": {"en": "2025", "de": "2025", "pl": "2025 r.", "hr": "2025.", "ko": "2025년"},
    "last 30 days": {
        "en": "last 30 days",
        "de": "letzte 30 Tage",
        "pl": "ostatnie 30 dni",
        "hr": "zadnjih 30 dana",
        "ko": "최근 30일",
    },
    "last week": {
        "en": "last week",
        "de": "letzte Woche",
        "pl": "ostatni tydzień",
        "hr": "prošli tjedan",
        "ko": "지난주",
    },
}
LANGUAGES = ("en", "de", "pl", "hr", "ko")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("label", list(LABELS))
def test_labels_in_five_languages(label: str, language: str) -> None:
    assert localise_label(label, language) == LABELS[label][language]


@pytest.mark.parametrize(
    ("words", "language", "label"),
    [
        ("letzten Monat", "de", "Oktober 2026"),
        ("ostatni kwartał", "pl", "III kwartał 2026"),
        ("prošli mjesec", "hr", "listopad 2026."),
        ("지난달", "ko", "2026년 10월"),
        ("this year", "en", "2026"),
    ],
)
def test_the_periods_code_labels_localise(words: str, language: str, label: str) -> None:
    request = parse_period_request(words, today=AS_OF, language=language)
    assert request is not None and localise_label(request.period.label, language) == label


def test_an_unknown_label_is_kept_and_an_unlabelled_period_is_named_by_its_dates() -> None:
    assert localise_label("fiscal H2", "de") == "fiscal H2"
    span = Period(start=date(2026, 1, 5), end=date(2026, 2, 3))
    assert describe_period(span, "de") == "05.01.2026 – 03.02.2026"
    assert describe_period(span, "hr") == "5. 1. 2026. – 3. 2. 2026."
    assert describe_period(span, "ko") == "2026. 1. 5. – 2026. 2. 3."
    assert format_day(date(2026, 11, 24), "en") == "2026-11-24"


@pytest.mark.parametrize("language", ["de", "pl", "hr", "ko"])
def test_no_english_period_words_in_other_narratives(demo: Session, language: str) -> None:
    month = Period(start=date(2026, 10, 1), end=date(2026, 10, 31), label="October 2026")
    pipeline = Period(start=date(2026, 10, 26), end=AS_OF, label="last 30 days")
    texts = [
        narrate(compute_report(demo, spec=spec, requested_by="t", now=NOW), language=language)
        for spec in (SalesSpec(period=month), PipelineSpec(period=pipeline, as_of=AS_OF))
    ]
    assert LABELS["October 2026"][language] in texts[0] and LABELS["last 30 days"][language] in texts[1]
    for english in ("October", "last 30 days", "2026-10-01"):
        assert all(english not in narrative for narrative in texts)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "There is no data for Q1 2020 (2020-01-01 – 2020-03-31)"),
        ("de", "Für den Zeitraum 1. Quartal 2020 (01.01.2020 – 31.03.2020)"),
        ("pl", "Brak danych za okres I kwartał 2020"),
        ("hr", "Za razdoblje 1. tromjesečje 2020."),
        ("ko", "2020년 1분기"),
    ],
)
def test_an_empty_report_names_its_period_in_the_language(
    demo: Session, language: str, expected: str
) -> None:
    spec = SalesSpec(period=Period(start=date(2020, 1, 1), end=date(2020, 3, 31), label="Q1 2020"))
    result = compute_report(demo, spec=spec, requested_by="t", now=NOW)
    assert result.empty and narrate(result, language=language).startswith(expected)
