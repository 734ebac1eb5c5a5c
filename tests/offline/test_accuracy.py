"""Intent and argument accuracy of the offline model on the labelled set (not the examples it is built from)."""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from assistant.offline.arguments import extract
from assistant.offline.classifier import classify, warm_up
from assistant.offline.intents import exemplars
from assistant.offline.language import detect_language
from assistant.reports.requests import request_to_spec
from tools.lookup import fold

LABELLED = Path(__file__).with_name("labelled.yaml")
HELDOUT = Path(__file__).with_name("heldout.yaml")
BLIND = Path(__file__).with_name("blind.yaml")
# What blind.yaml reached after its misses were read and their causes fixed, less a small margin for noise.
BLIND_INTENT_FLOOR = 0.93
BLIND_ARGUMENT_FLOOR = 0.92
INTENT_TARGET = 0.95
ARGUMENT_TARGET = 0.90
MIN_PER_LANGUAGE = 30


def matches(expected: Any, actual: Any) -> bool:
    """Strings match as a case- and accent-insensitive part of the value; numbers, lists and dicts exactly."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            matches(value, actual.get(key)) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(matches(want, got) for want, got in zip(expected, actual, strict=True))
        )
    if isinstance(expected, int) and not isinstance(expected, bool):
        return bool(actual == expected)
    return actual is not None and fold(str(expected)) in fold(str(actual))


@pytest.fixture(scope="module")
def labelled() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    warm_up()
    return data


def test_labelled_set_has_enough_per_language(labelled: dict[str, Any]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for case in labelled["cases"]:
        counts[case["lang"]] += 1
    assert set(counts) == {"en", "de", "pl", "hr", "ko"}
    assert min(counts.values()) >= MIN_PER_LANGUAGE


def test_labelled_messages_are_not_the_examples(labelled: dict[str, Any]) -> None:
    examples = {fold(text) for _, _, text in exemplars()}
    assert not [case["text"] for case in labelled["cases"] if fold(case["text"]) in examples]


def _measure(data: dict[str, Any]) -> tuple[dict[str, list[int]], list[float], list[str]]:
    """Per language: [cases, intents right, cases with arguments, arguments right]; timings; the misses."""
    today: date = data["today"]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    timings: list[float] = []
    misses: list[str] = []
    for case in data["cases"]:
        started = time.perf_counter()
        predicted = classify(case["text"]).intent
        timings.append(time.perf_counter() - started)
        row = totals[case["lang"]]
        row[0] += 1
        row[1] += predicted == case["intent"]
        expected_args = case.get("args") or {}
        if predicted != case["intent"]:
            misses.append(f"{case['lang']}: {case['text']!r} -> {predicted} (want {case['intent']})")
        if expected_args:
            language = detect_language(case["text"], case["lang"])
            found = extract(predicted, case["text"], today=today, language=language).arguments
            if predicted == "draft_report" and "request" in found:
                found = {**found, **_report_spec(found["request"], today=today, language=language)}
            row[2] += 1
            right = all(matches(value, found.get(key)) for key, value in expected_args.items())
            row[3] += right
            if not right:
                misses.append(f"{case['lang']}: {case['text']!r} args {found} (want {expected_args})")
    timings.sort()
    return totals, timings, misses


def _report_spec(request: str, *, today: date, language: str) -> dict[str, Any]:
    """What draft_report makes of its `request` (kind, period, grouping): the report's real arguments, since the
    tool reads the words itself (assistant/reports/requests.py)."""
    spec = request_to_spec(request, today=today, language=language)
    return spec.model_dump(mode="json") if isinstance(spec, BaseModel) else {}


def _report(title: str, totals: dict[str, list[int]], timings: list[float], misses: list[str]) -> None:
    lines = ["", title, "language  cases  intent   arguments"]
    for language in ("en", "de", "pl", "hr", "ko"):
        cases, intents, with_args, args = totals[language]
        lines.append(f"{language:8}  {cases:5}  {intents / cases:6.1%}  {args / with_args:8.1%}")
    lines.append(f"classification p50 {timings[len(timings) // 2] * 1000:.1f} ms")
    lines += [f"  miss {miss}" for miss in misses]
    sys.stdout.write("\n".join(lines) + "\n")


def _rates(totals: dict[str, list[int]]) -> tuple[float, float]:
    cases = sum(row[0] for row in totals.values())
    with_args = sum(row[2] for row in totals.values())
    return sum(row[1] for row in totals.values()) / cases, sum(row[3] for row in totals.values()) / with_args


def _measured_rates(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[float, float]:
    """Intent and argument accuracy on one labelled file, its table and misses printed; the file's messages must
    not be the examples the model is built from."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    warm_up()
    examples = {fold(text) for _, _, text in exemplars()}
    assert not [case["text"] for case in data["cases"] if fold(case["text"]) in examples]
    totals, timings, misses = _measure(data)
    with capsys.disabled():
        _report(path.name, totals, timings, misses)
    return _rates(totals)


def test_intent_and_argument_accuracy(labelled: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    totals, timings, misses = _measure(labelled)
    with capsys.disabled():
        _report("labelled.yaml", totals, timings, misses)
    intents, arguments = _rates(totals)
    assert intents >= INTENT_TARGET
    assert arguments >= ARGUMENT_TARGET


def test_heldout_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The second set, written blind (tests/offline/heldout.yaml), measured the same way.

    Before the generalisation pass it scored intent 80.0 % / arguments 67.5 %; after it, 100 % / 100 %. Its misses
    were read while fixing their causes (with tests in other words, in test_generalisation.py), so it is now a
    development set: these numbers overstate accuracy on unseen messages, and a fresh blind set is the honest
    measure. The issue's targets are asserted here.
    """
    intents, arguments = _measured_rates(HELDOUT, capsys)
    assert intents >= INTENT_TARGET
    assert arguments >= ARGUMENT_TARGET


def test_blind_set_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The third set (tests/offline/blind.yaml), written blind by a session that never read assistant/offline/.

    It scored intent 87.3 % / arguments 74.1 % when first measured. Its misses were then read and their causes
    fixed (with tests in other words in test_generalisation.py); after that it scored 95.3 % / 94.0 %. It is now a
    development set like heldout.yaml: it guards against regressions and no longer measures generalisation. The
    floors are what was reached less a small margin; the issue's targets (95 % / 90 %) are asserted as well
    because they were reached.
    """
    intents, arguments = _measured_rates(BLIND, capsys)
    assert intents >= max(BLIND_INTENT_FLOOR, INTENT_TARGET)
    assert arguments >= max(BLIND_ARGUMENT_FLOOR, ARGUMENT_TARGET)


BLIND2 = Path(__file__).with_name("blind2.yaml")


def test_blind2_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The fourth set (tests/offline/blind2.yaml), written blind by a helper that never read assistant/offline.

    First measurement, 2026-11-24 (session 2): intent 91.9 %, arguments 81.2 % (en 87.5/73.9, de 93.8/83.3,
    pl 93.8/87.0, hr 93.8/91.3, ko 90.6/70.8). In session 3 its misses were read and their causes fixed (with
    tests in other words in test_generalisation.py); it then scored 100 % / 100 %. It is a development set now,
    like the three above, and the issue's targets are asserted on it; blind3.yaml measured the fixes.
    """
    intents, arguments = _measured_rates(BLIND2, capsys)
    assert intents >= INTENT_TARGET
    assert arguments >= ARGUMENT_TARGET


BLIND3 = Path(__file__).with_name("blind3.yaml")


def test_blind3_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The fifth set (tests/offline/blind3.yaml, 200 messages, 80 % with arguments), written blind by a helper that
    never read assistant/offline or the other sets, after the blind2 fixes.

    First measurement, 2026-11-24 (session 3): intent 82.5 %, arguments 68.8 % (en 82.5/59.4, de 85.0/72.7,
    pl 80.0/67.7, hr 80.0/71.9, ko 85.0/71.9) — well below the issue's 95 % / 90 %. It asked more of the
    arguments than the earlier sets (item swaps with payment methods, counts written as words, customer-address
    changes without the word 'customer', codes with Korean particles attached, SQL after a lead-in). Its misses
    were then read and their causes fixed (tests in other words in test_generalisation.py): 98.5 % / 91.9 %.
    It is a development set now; blind4.yaml measures the result.
    """
    intents, arguments = _measured_rates(BLIND3, capsys)
    assert intents >= INTENT_TARGET
    assert arguments >= ARGUMENT_TARGET


BLIND4 = Path(__file__).with_name("blind4.yaml")
# What blind4.yaml reached after its misses were read and their causes fixed, less a small margin.
BLIND4_INTENT_FLOOR = 0.92
BLIND4_ARGUMENT_FLOOR = 0.91


def test_blind4_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The sixth set (tests/offline/blind4.yaml, 200 messages, 80 % with arguments, the document tools included),
    written blind by a helper that never read assistant/offline or the other sets, after the blind3 fixes and
    the offline document intents.

    First measurement, 2026-11-24 (session 3): intent 87.5 %, arguments 82.6 % (en 82.5/81.8, de 85.0/81.8,
    pl 90.0/78.1, hr 95.0/90.6, ko 85.0/80.6) — below the issue's 95 % / 90 %: the honest number for unseen
    messages. Its misses were then read and their causes fixed (tests in other words in test_generalisation.py):
    94.0 % / 93.8 %. It is a development set now; the next fresh blind set measures those fixes.
    """
    intents, arguments = _measured_rates(BLIND4, capsys)
    assert intents >= BLIND4_INTENT_FLOOR
    assert arguments >= BLIND4_ARGUMENT_FLOOR


BLIND5 = Path(__file__).with_name("blind5.yaml")
# What blind5.yaml reached after its misses were read and their causes fixed, less a small margin.
BLIND5_INTENT_FLOOR = 0.97
BLIND5_ARGUMENT_FLOOR = 0.97


def test_blind5_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The seventh set (tests/offline/blind5.yaml, 200 messages, 82 % with arguments), written blind by a helper
    that never read assistant/offline or the other sets, after the blind4 fixes.

    First measurement, 2026-11-24 (session 3): intent 91.0 %, arguments 83.6 % (en 77.5/78.1, de 90.0/75.8,
    pl 95.0/88.2, hr 97.5/94.3, ko 95.0/80.6) — below the issue's 95 % / 90 %. Session 4 read its misses and
    fixed their causes (tests in other words in test_generalisation.py; a draft_report's arguments are now the
    spec the report service reads from its words): 99.5 % / 100 %. A development set now; blind6 measures.
    """
    intents, arguments = _measured_rates(BLIND5, capsys)
    assert intents >= BLIND5_INTENT_FLOOR
    assert arguments >= BLIND5_ARGUMENT_FLOOR


BLIND6 = Path(__file__).with_name("blind6.yaml")
# blind6.yaml's first measurement less a small margin: a regression guard (see the docstring below).
BLIND6_INTENT_FLOOR = 0.85
BLIND6_ARGUMENT_FLOOR = 0.76


def test_blind6_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The eighth set (tests/offline/blind6.yaml, 200 messages, 82 % with arguments), written blind by a helper
    that never read assistant/offline or the other sets, after the blind5 fixes: the honest measure on unseen
    messages.

    First measurement, 2026-11-24 (session 4): intent 87.5 %, arguments 78.5 % (en 75.0/64.5, de 90.0/81.8,
    pl 87.5/73.5, hr 87.5/82.4, ko 97.5/90.3) — below the issue's 95 % / 90 %, and below blind5's first 91.0 /
    83.6: fixing each set's causes lifts the sets before it, not the next one. Session 5 printed its misses while
    comparing a learned classifier (nothing in assistant/offline was changed after reading them).
    """
    intents, arguments = _measured_rates(BLIND6, capsys)
    assert intents >= BLIND6_INTENT_FLOOR
    assert arguments >= BLIND6_ARGUMENT_FLOOR


BLIND7 = Path(__file__).with_name("blind7.yaml")
# blind7.yaml's first measurement less a small margin: a regression guard (see the docstring below).
BLIND7_INTENT_FLOOR = 0.83
BLIND7_ARGUMENT_FLOOR = 0.77


def test_blind7_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """The ninth set (tests/offline/blind7.yaml, 200 messages, 84.5 % with arguments), written blind by a helper
    that never read assistant/offline or the other sets; nothing was changed in the model between blind6's
    first measurement and this one.

    First measurement, 2026-11-24 (session 5): intent 85.5 %, arguments 79.3 % (en 80.0/79.4, de 85.0/76.5,
    pl 87.5/85.3, hr 87.5/82.9, ko 87.5/71.9) — the sixth fresh set in a row between 82.5 % and 91.9 % intent,
    below the issue's 95 % / 90 %.
    """
    intents, arguments = _measured_rates(BLIND7, capsys)
    assert intents >= BLIND7_INTENT_FLOOR
    assert arguments >= BLIND7_ARGUMENT_FLOOR
