"""Tool-argument injection: SQL-looking text and LIKE wildcards are literal text, paths stay inside the documents
inbox (traversal, absolute paths, '~', links, NUL bytes, encodings), oversized fields and impossible numbers are
refused before anything is planned, smuggled fields ('approved': true) are an error, guarded SQL reads only the
analytics views, and an upload's file name cannot place a file outside the inbox."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.api_tokens import create_token
from assistant.db.models import Document, PendingAction
from tests.documents.service_support import CAFE_RECEIPT
from tests.http.conftest import open_api
from tests.redteam.conftest import RunTurn
from tests.redteam.harness import World, assert_invariants, cases, snapshot
from tests.support import NOW
from tools.base import Registry, ToolError
from tools.invoke import Proposal, call_tool

HUGE = "A" * 100_000


def prepare(case: dict[str, Any], world: World, tmp_path: Path) -> None:
    world.values["100k"] = HUGE
    world.values["300a"] = "a" * 300  # longer than any file system allows for one name
    if case.get("setup") == "symlink_out_of_inbox":
        outside = tmp_path / "outside-secret.txt"
        outside.write_text("not for the assistant")
        inbox = world.settings.effective_documents_inbox_dir
        inbox.mkdir(parents=True, exist_ok=True)
        (inbox / "innocent.txt").symlink_to(outside)


@pytest.mark.parametrize("case", [c for c in cases("tool_arguments") if c.values[0].get("kind") is None])
def test_tool_arguments_are_validated(
    case: dict[str, Any], world: World, registry: Registry, tmp_path: Path
) -> None:
    expect = case["expect"]
    prepare(case, world, tmp_path)
    before = snapshot(world.session)
    known = set(world.session.scalars(select(PendingAction.id)))

    code: str | None = None
    try:
        result = call_tool(world.ctx(case["role"]), registry, case["tool"], world.fill(case["args"]))
    except ToolError as error:
        outcome, code, returned = "error", error.code, error.message
    else:
        outcome, code, returned = "answered", None, result.model_dump_json()

    if expect["outcome"] == "error":
        assert outcome == "error", returned[:300]
        assert len(returned) < 2_000, "a refusal must not echo a huge argument back"
        if "error" in expect:
            assert code == expect["error"], returned
    elif expect["outcome"] == "no_match":  # literal text: matches nothing, lists nobody
        assert code in (None, "not_found"), returned
        for planted in (world.customer.email, world.order.number, world.customer.name):
            assert planted not in returned
    elif expect["outcome"] == "pinned_proposal":  # fuzzy match: the proposal names exactly who it resolved to
        assert isinstance(result, Proposal), returned
        assert result.action.arguments["customer"] in (world.customer.code, world.customer.email)
        assert world.customer.name in result.action.summary or world.customer.code in result.action.summary
    new = [action for action in world.session.scalars(select(PendingAction)) if action.id not in known]
    assert len(new) == (1 if expect["outcome"] == "pinned_proposal" else 0)
    assert_invariants(world.session, before)


def test_an_oversized_chat_message_never_reaches_the_model(world: World, chat: RunTurn) -> None:
    [case] = [c.values[0] for c in cases("tool_arguments") if c.values[0].get("kind") == "chat"]
    before = snapshot(world.session)
    world.values["100k"] = HUGE

    turn = chat(case["role"], world.fill(case["attack"]), script=[])  # any model call would fail the script

    assert turn.result.refused and case["expect"]["reply"] in turn.result.reply
    assert_invariants(world.session, before)


@pytest.mark.parametrize(
    "case", [c for c in cases("tool_arguments") if c.values[0].get("kind") == "http_upload"]
)
def test_an_upload_name_cannot_place_a_file_outside_the_inbox(
    case: dict[str, Any], world: World, db_session: Session, tmp_path: Path
) -> None:
    escape = Path("/tmp/redteam-escape.txt")
    escape.unlink(missing_ok=True)
    before = snapshot(world.session)
    with contextmanager(open_api)(db_session, world.settings, clock=lambda: NOW) as api:
        token = create_token(world.session, email=world.person(case["role"]).email, now=NOW).token
        response = api.client.post(
            "/documents",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": (case["filename"], CAFE_RECEIPT.encode(), "text/plain")},
        )

    assert response.status_code == 201, response.text
    assert response.json()["document"]["filename"] == "redteam-escape.txt"
    assert not escape.exists()
    stored = world.session.scalars(select(Document)).one()
    documents = world.settings.effective_documents_dir.resolve()
    kept = (documents / stored.storage_path).resolve()
    assert kept.is_relative_to(documents) and kept.read_bytes() == CAFE_RECEIPT.encode()
    assert_invariants(world.session, before)
