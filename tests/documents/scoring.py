"""Scores document analyses against the labelled set: type accuracy, field accuracy (matched expected fields over
expected fields, misclassified documents included), a confusion table and every missed field.

How a field matches: text after case folding and collapsing whitespace; amounts and dates exactly (the extractor
normalises them); IBANs and VAT ids ignoring spaces, dots and dashes; lists of strings as sets; order lines and
delivered items by count, quantities in order and descriptions as text. `term` and `governing_law` are "as
printed", which leaves room for how much of the phrase is taken ("laws of England and Wales" vs "England and
Wales"): one containing the other counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from tests.documents.corpus import DOC_TYPES, CorpusDocument
from tests.documents.corpus_values import compact_identifier

AMOUNT_FIELDS = frozenset({"net", "tax", "total", "opening_balance", "closing_balance"})
DATE_FIELDS = frozenset({"issue_date", "due_date", "date", "effective_date", "period_start", "period_end"})
IDENTIFIER_FIELDS = frozenset({"iban", "seller_vat_id", "buyer_vat_id"})
STRING_LIST_FIELDS = frozenset({"parties", "skills"})
LINE_FIELDS = frozenset({"lines", "items"})
PHRASE_FIELDS = frozenset({"term", "governing_law"})
MAX_MISSES_SHOWN = 80


class AnalysisLike(Protocol):
    @property
    def doc_type(self) -> Any: ...

    @property
    def fields(self) -> Mapping[str, Any]: ...


def _fold(value: Any) -> str:
    return " ".join(str(value).casefold().split())


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _lines_match(expected: Sequence[Mapping[str, Any]], actual: Any) -> bool:
    if not isinstance(actual, Sequence) or isinstance(actual, str) or len(actual) != len(expected):
        return False
    for wanted, found in zip(expected, actual, strict=True):
        if not isinstance(found, Mapping):
            return False
        if _as_text(found.get("quantity")) != wanted["quantity"]:
            return False
        if _fold(found.get("description", "")) != _fold(wanted["description"]):
            return False
    return True


def field_matches(name: str, expected: Any, actual: Any) -> bool:
    if actual is None:
        return False
    if name in AMOUNT_FIELDS or name in DATE_FIELDS:
        return bool(_as_text(actual) == expected)
    if name in IDENTIFIER_FIELDS:
        return compact_identifier(_as_text(actual)) == compact_identifier(expected)
    if name in STRING_LIST_FIELDS:
        if isinstance(actual, str) or not isinstance(actual, Sequence):
            return False
        return {_fold(item) for item in actual} == {_fold(item) for item in expected}
    if name in LINE_FIELDS:
        return _lines_match(expected, actual)
    if name in PHRASE_FIELDS:
        wanted, found = _fold(expected), _fold(actual)
        return bool(found) and (wanted in found or found in wanted)
    return _fold(actual) == _fold(expected)


@dataclass(frozen=True)
class FieldMiss:
    document: str
    doc_type: str
    form: str
    language: str
    name: str
    expected: Any
    actual: Any


@dataclass
class Tally:
    documents: int = 0
    type_correct: int = 0
    fields_expected: int = 0
    fields_matched: int = 0

    def type_accuracy(self) -> float:
        return self.type_correct / self.documents if self.documents else 0.0

    def field_accuracy(self) -> float:
        return self.fields_matched / self.fields_expected if self.fields_expected else 1.0


@dataclass
class Score:
    overall: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_form: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_split: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[FieldMiss] = field(default_factory=list)
    field_misses: Counter[str] = field(default_factory=Counter)

    @property
    def type_accuracy(self) -> float:
        return self.overall.type_accuracy()

    @property
    def field_accuracy(self) -> float:
        return self.overall.field_accuracy()

    def table(self) -> str:
        """Markdown: totals, breakdowns, the confusion table, the most-missed fields and each miss."""
        parts = [
            f"type accuracy {self.type_accuracy:.3f} ({self.overall.type_correct}/{self.overall.documents}), "
            f"field accuracy {self.field_accuracy:.3f} "
            f"({self.overall.fields_matched}/{self.overall.fields_expected})",
        ]
        for title, tallies in (
            ("type", self.by_type),
            ("form", self.by_form),
            ("language", self.by_language),
            ("split", self.by_split),
        ):
            parts.append(_breakdown(title, tallies))
        parts.append(self._confusion_table())
        if self.field_misses:
            parts.append("most missed fields: " + ", ".join(f"{name} {count}" for name, count in
                                                           self.field_misses.most_common()))  # fmt: skip
        lines = [
            f"- {miss.document} ({miss.doc_type}, {miss.form}, {miss.language}) {miss.name}: "
            f"expected {miss.expected!r}, got {miss.actual!r}"
            for miss in self.misses[:MAX_MISSES_SHOWN]
        ]
        if len(self.misses) > MAX_MISSES_SHOWN:
            lines.append(f"- ... and {len(self.misses) - MAX_MISSES_SHOWN} more")
        if lines:
            parts.append("\n".join(lines))
        return "\n\n".join(parts)

    def _confusion_table(self) -> str:
        predicted_labels = [*DOC_TYPES, "none"]
        short = {label: label.replace("purchase_order", "po").replace("delivery_note", "dn")
                 .replace("bank_statement", "bank") for label in predicted_labels}  # fmt: skip
        header = "| expected \\ predicted | " + " | ".join(short[label] for label in predicted_labels) + " |"
        rows = [header, "|---|" + "---:|" * len(predicted_labels)]
        for expected in DOC_TYPES:
            cells = [str(self.confusion[(expected, label)] or "") for label in predicted_labels]
            rows.append(f"| {expected} | " + " | ".join(cells) + " |")
        return "\n".join(rows)


def _breakdown(title: str, tallies: Mapping[str, Tally]) -> str:
    rows = [f"| {title} | documents | type accuracy | field accuracy |", "|---|---:|---:|---:|"]
    for key in sorted(tallies):
        tally = tallies[key]
        rows.append(
            f"| {key} | {tally.documents} | {tally.type_accuracy():.2f} | {tally.field_accuracy():.2f} "
            f"({tally.fields_matched}/{tally.fields_expected}) |"
        )
    return "\n".join(rows)


def _value(extracted: Any) -> Any:
    return getattr(extracted, "value", extracted)


def score(records: Sequence[CorpusDocument], analyses: Sequence[AnalysisLike]) -> Score:
    """`analyses[i]` is the pipeline's analysis of `records[i]`."""
    result = Score()
    for record, analysis in zip(records, analyses, strict=True):
        predicted = str(analysis.doc_type) if analysis.doc_type is not None else "none"
        correct = predicted == record.doc_type
        result.confusion[(record.doc_type, predicted)] += 1
        matched = 0
        for name, expected in record.fields.items():
            actual = _value(analysis.fields[name]) if name in analysis.fields else None
            if field_matches(name, expected, actual):
                matched += 1
            else:
                result.field_misses[name] += 1
                result.misses.append(
                    FieldMiss(
                        record.path.name,
                        record.doc_type,
                        record.form,
                        record.language,
                        name,
                        expected,
                        actual,
                    )
                )
        for tally in (
            result.overall,
            result.by_type[record.doc_type],
            result.by_form[record.form],
            result.by_language[record.language],
            result.by_split[record.split],
        ):
            tally.documents += 1
            tally.type_correct += int(correct)
            tally.fields_expected += len(record.fields)
            tally.fields_matched += matched
    return result
