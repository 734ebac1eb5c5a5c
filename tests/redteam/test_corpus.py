"""The corpus itself (well-formed, unique ids, every category at its minimum size, the chat attacks in five
languages, each category run by its own module) and the invariant checker, which must be able to fail."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import update

from assistant import confirmations
from assistant.db.models import AuditRecord
from tests.redteam.harness import LEAVE_SECRET, World, assert_invariants, load_cases, snapshot
from tests.support import NOW
from tools.base import CurrentUser, Registry

MINIMUM = {
    "chat_injection": 20,
    "document_injection": 12,
    "policy_injection": 8,
    "db_content_injection": 8,
    "cross_user": 15,
    "tool_arguments": 15,
    "api_tokens": 10,
    "slack_forgery": 6,
}
PAYLOAD_KEYS = ("attack", "args", "request", "kind", "filename")


def test_the_corpus_is_complete_and_well_formed() -> None:
    corpus = load_cases()
    ids = [case["id"] for case in corpus]
    assert len(ids) == len(set(ids)) and len(corpus) >= 100
    for case in corpus:
        assert {"id", "category", "channel", "expect"} <= set(case), case["id"]
        assert any(key in case for key in PAYLOAD_KEYS), case["id"]
        assert case["expect"], case["id"]
    counts = Counter(case["category"] for case in corpus)
    assert set(counts) == set(MINIMUM)
    assert all(counts[category] >= minimum for category, minimum in MINIMUM.items()), counts
    languages = {case["language"] for case in corpus if case["category"] == "chat_injection"}
    assert languages == {"en", "de", "pl", "hr", "ko"}


def test_every_category_has_its_test_module() -> None:
    here = Path(__file__).parent
    for category in MINIMUM:
        module = here / f"test_{category}.py"
        assert f'cases("{category}")' in module.read_text(encoding="utf-8"), module


def test_the_invariants_catch_a_decided_write_an_audit_edit_and_a_leak(
    world: World, registry: Registry
) -> None:
    """The checker every case ends with can fail: an executed approval, an edited audit record and a leaked
    value are each reported."""
    session = world.session
    before = snapshot(session)
    with pytest.raises(AssertionError, match="restricted value"):
        assert_invariants(session, before, replies=[f"reason: {LEAVE_SECRET}"], secrets=[LEAVE_SECRET])

    confirmations.approve(
        session,
        registry=registry,
        settings=world.settings,
        action_id=world.pending_action_id,
        approver=CurrentUser.of(world.manager),
        now=NOW,
    )
    with pytest.raises(AssertionError, match="business table changed"):
        assert_invariants(session, before)
    after = snapshot(session)
    assert_invariants(session, after, decided=1)  # a human decision the test made is allowed

    session.execute(update(AuditRecord).where(AuditRecord.seq == 1).values(event="action.forged"))
    with pytest.raises(AssertionError, match="edited"):
        assert_invariants(session, after, decided=1)
