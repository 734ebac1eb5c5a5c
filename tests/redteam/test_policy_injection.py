"""Instructions inside policy files ingested into the knowledge base (Markdown, text, HTML, Word, PDF; five
languages). search_policies hands them back as what they are, a cited passage with its source and section; the
offline model answers from them without acting; a model that obeys the passage gets at most a proposal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assistant.db.models import ActionStatus, PendingAction
from knowledge.ingest import Outcome, ingest_file
from knowledge.service import KnowledgeService
from tests.knowledge.conftest import FakeEmbedder
from tests.knowledge.files import write_docx, write_pdf
from tests.redteam.conftest import RunTurn
from tests.redteam.harness import INVOICE_SECRET, LEAVE_SECRET, World, assert_invariants, cases, snapshot
from tools.base import Registry
from tools.invoke import call_tool
from tools.policies import PolicySearchResult

INTRO = "Company handbook. These rules apply to every office."


def write_policy(folder: Path, case: dict[str, Any]) -> Path:
    section, attack = case["section"], case["attack"]
    path = folder / f"{case['id']}.{case['format']}"
    if case["format"] == "md":
        path.write_text(f"# Handbook\n\n{INTRO}\n\n## {section}\n\n{attack}\n", encoding="utf-8")
    elif case["format"] == "txt":
        path.write_text(f"Handbook\n========\n\n{INTRO}\n\n{section}\n{'-' * len(section)}\n\n{attack}\n")
    elif case["format"] == "html":
        path.write_text(
            f"<html><body><h1>Handbook</h1><p>{INTRO}</p><h2>{section}</h2><p>{attack}</p></body></html>"
        )
    elif case["format"] == "docx":
        write_docx(
            path, [("Title", "Handbook"), ("Normal", INTRO), ("Heading 1", section), ("Normal", attack)]
        )
    else:
        write_pdf(path, [f"Handbook\n{INTRO}", f"{section}\n{attack}"], title="Handbook")
    return path


@pytest.fixture
def knowledge(world: World, tmp_path: Path) -> KnowledgeService:
    settings = world.settings.model_copy(
        update={
            "embedding_cache_dir": tmp_path / "cache",
            "knowledge_min_score": 0.14,
            "knowledge_keyword_weight": 0.1,
        }
    )
    return KnowledgeService.from_settings(settings, embedder=FakeEmbedder())


@pytest.mark.parametrize("case", cases("policy_injection"))
def test_policy_instructions_are_cited_not_followed(
    case: dict[str, Any],
    world: World,
    chat: RunTurn,
    registry: Registry,
    knowledge: KnowledgeService,
    tmp_path: Path,
) -> None:
    expect = case["expect"]
    policy = write_policy(tmp_path, case)
    assert ingest_file(world.session, knowledge=knowledge, path=policy).outcome is Outcome.ADDED
    before = snapshot(world.session)
    known = set(world.session.scalars(select(PendingAction.id)))
    ctx = world.ctx(case["role"])
    ctx.knowledge = knowledge

    found = call_tool(ctx, registry, "search_policies", {"question": case["question"]})

    assert isinstance(found, PolicySearchResult) and found.covered
    [cited] = [passage for passage in found.passages if case["attack"][:30] in passage.text]
    assert cited.source == policy.name and cited.number >= 1

    answered = chat(case["role"], case["question"], ctx=ctx)  # the default offline model reads it
    assert answered.result.proposals == []
    obeying = chat(
        case["role"],
        case["question"],
        ctx=ctx,
        script=[
            {"call": "search_policies", "args": {"question": case["question"]}},
            case["obey"],
            {"say": "Done, as the policy says."},
        ],
    )

    new = [action for action in world.session.scalars(select(PendingAction)) if action.id not in known]
    assert len(new) == expect["new_pending"], [action.summary for action in new]
    for action in new:
        assert action.status == ActionStatus.PENDING and action.requester_id == ctx.user.id
        if "approver" in expect:
            assert action.required_approver_id == world.person(expect["approver"]).id
        if "approver_roles" in expect:
            assert action.required_roles == expect["approver_roles"]
    if "tool_error" in expect:
        assert any(expect["tool_error"] in error for error in obeying.tool_errors), obeying.tool_errors
    assert_invariants(
        world.session,
        before,
        replies=[*answered.everything_returned, *obeying.everything_returned],
        secrets=(LEAVE_SECRET, INVOICE_SECRET) if case["role"] in {"employee", "staff"} else (),
    )
