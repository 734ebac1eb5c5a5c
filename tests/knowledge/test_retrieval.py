"""Ranking rules of the policy retriever that the question sets measure only in aggregate."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from knowledge.ingest import ingest_paths
from knowledge.service import KnowledgeService

GROUP_MD = """# Remote Work Policy

## Remote days

Remote work is possible on two days per week for office staff, agreed with the manager.

## Equipment

The company provides a laptop and a headset for remote work.
"""

LOCAL_MD = """# Regulamin pracy zdalnej – biuro Warszawa

## Praca hybrydowa

Praca zdalna jest możliwa przez trzy dni w tygodniu.
"""


@pytest.fixture
def offices(db_session: Session, knowledge: KnowledgeService, tmp_path: Path) -> KnowledgeService:
    folder = tmp_path / "offices"
    folder.mkdir()
    (folder / "remote-work.md").write_text(GROUP_MD, encoding="utf-8")
    (folder / "praca-zdalna.md").write_text(LOCAL_MD, encoding="utf-8")
    ingest_paths(db_session, knowledge=knowledge, paths=[folder])
    return knowledge


def test_a_question_naming_an_office_prefers_the_document_whose_title_names_it(
    offices: KnowledgeService,
) -> None:
    question = "How many remote work days per week are allowed in Warsaw?"
    retriever = offices.retriever
    retriever.place_boost = 0.0
    assert retriever.rank(question=question, k=1)[0].source == "remote-work.md"  # the words asked are English
    retriever.place_boost = 3.0
    assert retriever.rank(question=question, k=1)[0].source == "praca-zdalna.md"


def test_a_question_naming_no_office_is_ranked_as_before(offices: KnowledgeService) -> None:
    hits = offices.retriever.rank(question="How many remote work days per week are allowed?", k=1)
    assert hits[0].source == "remote-work.md"
