"""search_policies through the registry, and answers: extractive with a citation, LLM citations checked."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from assistant.db.models import Role
from knowledge.answers import SEE_ALSO_MARGIN, check_citations, extractive_answer
from knowledge.ingest import ingest_paths
from knowledge.retrieval import PolicyHit, SearchResult
from knowledge.service import KnowledgeService
from tests.support import MakeContext
from tools.base import RefusedError, Registry
from tools.invoke import call_tool
from tools.policies import PolicySearchResult


@pytest.fixture
def ingested(db_session: Session, knowledge: KnowledgeService, policy_folder: Path) -> KnowledgeService:
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    return knowledge


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_search_the_policies(
    make_ctx: MakeContext, registry: Registry, ingested: KnowledgeService, role: Role
) -> None:
    ctx = replace(make_ctx(role), knowledge=ingested)
    result = call_tool(
        ctx, registry, "search_policies", {"question": "What is the hotel limit in Germany?", "k": 2}
    )
    assert isinstance(result, PolicySearchResult)
    assert result.covered
    first = result.passages[0]
    assert (first.number, first.source, first.section) == (1, "travel.md", "Travel and Expenses > Hotels")
    assert "150 EUR per night" in first.text


def test_a_question_the_policies_do_not_cover_says_so(
    make_ctx: MakeContext, registry: Registry, ingested: KnowledgeService
) -> None:
    ctx = replace(make_ctx(Role.EMPLOYEE), knowledge=ingested)
    result = call_tool(ctx, registry, "search_policies", {"question": "Quarterly yoga sessions?"})
    assert isinstance(result, PolicySearchResult)
    assert (result.covered, result.passages) == (False, [])
    assert result.note and "Not covered" in result.note


def test_without_a_policy_library_the_tool_explains(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(RefusedError, match="backoffice ingest"):
        call_tool(make_ctx(Role.STAFF), registry, "search_policies", {"question": "hotel limit"})


def test_extractive_answer_quotes_the_best_sentences_with_a_citation(ingested: KnowledgeService) -> None:
    answer = extractive_answer(ingested.search(question="hotel limit per night in Germany", k=3))
    assert answer.covered
    assert answer.text.startswith("The hotel limit is 150 EUR per night in Germany")
    assert answer.citations == ["[1] Travel and Expenses > Hotels, travel.md"]
    assert answer.text.endswith("Sources: [1] Travel and Expenses > Hotels, travel.md")


def test_not_covered_answers_in_the_users_language(ingested: KnowledgeService) -> None:
    result = ingested.search(question="Quarterly yoga sessions?", k=3)
    assert extractive_answer(result, locale="de").text == "Dazu steht nichts in den Richtlinien."
    assert check_citations("Yoga is every Friday [1].", result=result, locale="ko").text == (
        "회사 규정에는 이에 대한 내용이 없습니다."
    )


def test_citations_to_passages_not_retrieved_are_removed_and_logged(
    ingested: KnowledgeService, caplog: pytest.LogCaptureFixture
) -> None:
    result = ingested.search(question="hotel limit and meals per day", k=2)
    assert len(result.hits) == 2
    with caplog.at_level(logging.WARNING, logger="knowledge.answers"):
        answer = check_citations(
            "Hotels cost up to 150 EUR [1], meals 40 EUR [2], taxis are free [7].", result=result
        )
    assert answer.text.splitlines()[0] == "Hotels cost up to 150 EUR [1], meals 40 EUR [2], taxis are free."
    assert [citation.split(",")[0] for citation in answer.citations] == [
        f"[1] {result.hits[0].section}",
        f"[2] {result.hits[1].section}",
    ]
    assert "removed citation [7]" in caplog.text


def _hit(section: str, score: float, text: str = "Some policy text.") -> PolicyHit:
    return PolicyHit(
        chunk_id=f"{section}-{score}",
        source="travel-and-expenses.md",
        title="Travel and Expenses Policy",
        section=section,
        page=None,
        score=score,
        similarity=score,
        keyword_coverage=0.0,
        text=text,
        language="en",
    )


def test_the_extractive_answer_names_other_sections_that_score_nearly_as_well() -> None:
    """The quoted passage is the best-ranked one; other sections whose evidence is within SEE_ALSO_MARGIN of it
    (and above the threshold) are named under it, at most SEE_ALSO, each once; weaker ones are not."""
    best = _hit("Travel > Before the trip", 0.40, "The line manager approves trips within Europe.")
    result = SearchResult(
        question="Was ist das Hotellimit auf Dienstreisen?",
        hits=[
            best,
            _hit("Travel > Before the trip", 0.39),  # the same section again: not repeated
            _hit("Travel > Accommodation > Hotels", 0.40 - SEE_ALSO_MARGIN + 0.01),
            _hit("Travel > Meals", 0.40 - SEE_ALSO_MARGIN - 0.01),  # not nearly as good
            _hit("Travel > Car rental", 0.38),
        ],
        covered=True,
        best_score=0.40,
        threshold=0.278,
    )
    answer = extractive_answer(result, locale="de")
    assert answer.text.startswith("The line manager approves trips within Europe. [1]")
    assert answer.citations == [
        "[1] Travel > Before the trip, travel-and-expenses.md",
        "[3] Travel > Accommodation > Hotels, travel-and-expenses.md",
        "[5] Travel > Car rental, travel-and-expenses.md",
    ]
    assert answer.text.endswith(
        "Siehe auch: [3] Travel > Accommodation > Hotels, travel-and-expenses.md; "
        "[5] Travel > Car rental, travel-and-expenses.md"
    )
    # under the threshold, nothing else is named however close
    low = SearchResult(
        question=result.question,
        hits=[_hit("A", 0.30), _hit("B", 0.27)],
        covered=True,
        best_score=0.30,
        threshold=0.278,
    )
    assert extractive_answer(low).citations == ["[1] A, travel-and-expenses.md"]
