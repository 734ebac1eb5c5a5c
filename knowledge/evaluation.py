"""Question sets for policy retrieval (YAML) and how they are scored: recall@k and abstention.

Used by bench/calibrate_retrieval.py on knowledge/handbook_calibration.yaml and by tests/knowledge/test_recall.py
on the held-out tests/knowledge/policy_questions.yaml (never used to tune).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.chunking import SECTION_SEPARATOR
from knowledge.retrieval import PolicyHit


@dataclass(frozen=True)
class PolicyQuestion:
    id: str
    lang: str
    question: str
    source: str | None
    section: str | None
    answerable: bool


def load_questions(path: Path) -> list[PolicyQuestion]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        PolicyQuestion(
            id=str(item["id"]),
            lang=str(item["lang"]),
            question=str(item["question"]),
            source=item.get("source"),
            section=item.get("section"),
            answerable=bool(item.get("answerable", True)),
        )
        for item in data["questions"]
    ]


def section_matches(expected: str, section_path: str) -> bool:
    """The expected section (a heading, or a path "Travel > Hotels") is a suffix of the hit's heading path."""
    wanted = [part.strip().casefold() for part in expected.split(">")]
    actual = [part.strip().casefold() for part in section_path.split(SECTION_SEPARATOR.strip())]
    return len(wanted) <= len(actual) and actual[-len(wanted) :] == wanted


def is_expected_hit(question: PolicyQuestion, hit: PolicyHit) -> bool:
    if question.source is None or hit.source != question.source:
        return False
    return question.section is None or section_matches(question.section, hit.section)


def found_in(question: PolicyQuestion, hits: Sequence[PolicyHit]) -> bool:
    return any(is_expected_hit(question, hit) for hit in hits)
