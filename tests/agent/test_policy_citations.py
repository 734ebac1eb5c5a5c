"""A language model's policy answers keep only citations of passages it was given, or say "not covered"."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from assistant.db.models import Role
from assistant.settings import Settings
from knowledge.answers import not_covered
from knowledge.ingest import ingest_paths
from knowledge.service import KnowledgeService
from tests.agent.conftest import Chat, StartChat
from tests.fakes import ScriptItem, call, say
from tests.knowledge.conftest import LEAVE_MD, TRAVEL_MD, FakeEmbedder
from tests.support import MakeContext


@pytest.fixture
def library(db_session: Session, settings: Settings, tmp_path: Path) -> KnowledgeService:
    folder = tmp_path / "handbook"
    folder.mkdir()
    (folder / "travel.md").write_text(TRAVEL_MD, encoding="utf-8")
    (folder / "leave.md").write_text(LEAVE_MD, encoding="utf-8")
    knowledge = KnowledgeService.from_settings(
        settings.model_copy(update={"embedding_cache_dir": tmp_path / "cache", "knowledge_min_score": 0.18}),
        embedder=FakeEmbedder(),
    )
    ingest_paths(db_session, knowledge=knowledge, paths=[folder])
    return knowledge


def chat_with(
    start_chat: StartChat,
    make_ctx: MakeContext,
    library: KnowledgeService,
    script: list[ScriptItem],
    *,
    checked: bool = True,
    locale: str = "en",
) -> Chat:
    ctx = replace(make_ctx(Role.EMPLOYEE, locale=locale), knowledge=library)
    return start_chat(script, ctx=ctx, check_policy_citations=checked)


def test_a_citation_of_a_passage_not_given_is_removed_and_sources_are_listed(
    start_chat: StartChat, make_ctx: MakeContext, library: KnowledgeService, caplog: pytest.LogCaptureFixture
) -> None:
    chat = chat_with(
        start_chat,
        make_ctx,
        library,
        [
            call("search_policies", question="hotel limit per night in Germany", k=2),
            say("The hotel limit in Germany is 150 EUR per night [1]; breakfast is free [7]."),
        ],
    )
    with caplog.at_level(logging.WARNING):
        reply = chat.say("What is the hotel limit per night in Germany?").reply

    assert "150 EUR per night [1]" in reply
    assert "[7]" not in reply
    assert "Sources: [1] Travel and Expenses > Hotels, travel.md" in reply
    assert any("[7]" in record.getMessage() for record in caplog.records)
    chat.model.assert_exhausted()


def test_when_the_policies_do_not_cover_it_the_model_cannot_guess(
    start_chat: StartChat, make_ctx: MakeContext, library: KnowledgeService
) -> None:
    chat = chat_with(
        start_chat,
        make_ctx,
        library,
        [
            call("search_policies", question="Gibt es vierteljährlich Yoga?"),
            say("Ja, Yoga ist jeden Freitag um 17 Uhr [1]."),
        ],
    )

    reply = chat.say("Gibt es vierteljährlich Yoga?").reply

    assert reply == not_covered("de")
    chat.model.assert_exhausted()


def test_the_offline_path_is_left_as_written(
    start_chat: StartChat, make_ctx: MakeContext, library: KnowledgeService
) -> None:
    written = "The hotel limit in Germany is 150 EUR per night [1] [9]."
    chat = chat_with(
        start_chat,
        make_ctx,
        library,
        [call("search_policies", question="hotel limit per night in Germany"), say(written)],
        checked=False,
    )
    assert chat.say("hotel limit?").reply == written


def test_answers_from_other_tools_are_not_touched(
    start_chat: StartChat, make_ctx: MakeContext, library: KnowledgeService
) -> None:
    chat = chat_with(start_chat, make_ctx, library, [say("Hello! Ask me anything.")])
    assert chat.say("hi").reply == "Hello! Ask me anything."
