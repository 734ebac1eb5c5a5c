"""The scale-out store: a real Chroma server (`chroma run`) on loopback, reached through HttpClient."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from assistant.settings import Settings
from knowledge.ingest import Outcome, ingest_paths
from knowledge.service import KnowledgeService
from knowledge.store import EmbedderMismatchError
from tests.chroma_server import running_chroma_server
from tests.knowledge.conftest import FakeEmbedder


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    with running_chroma_server(tmp_path / "server") as port:
        yield port


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(
    chroma_server: int, knowledge_settings: Settings, db_session: Session, policy_folder: Path
) -> None:
    server_settings = knowledge_settings.model_copy(
        update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server}
    )
    service = KnowledgeService.from_settings(server_settings, embedder=FakeEmbedder())
    report = ingest_paths(db_session, knowledge=service, paths=[policy_folder])
    assert {item.outcome for item in report.files} == {Outcome.ADDED}
    assert not knowledge_settings.effective_chroma_path.exists(), "nothing may be written locally"

    reopened = KnowledgeService.from_settings(server_settings, embedder=FakeEmbedder())
    try:
        hits = reopened.search(question="hotel limit per night", k=3).hits
        assert (hits[0].source, hits[0].section) == ("travel.md", "Travel and Expenses > Hotels")
        with pytest.raises(EmbedderMismatchError, match="--rebuild"):
            KnowledgeService.from_settings(server_settings, embedder=FakeEmbedder(name="other", dimension=16))
    finally:
        reopened.close()
        service.close()
