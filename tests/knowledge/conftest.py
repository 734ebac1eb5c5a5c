"""Knowledge fixtures: a deterministic fake embedder, a temporary Chroma store, policy files to ingest."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import Settings
from knowledge.embedders import Vectors
from knowledge.keywords import tokenize
from knowledge.service import KnowledgeService


class FakeEmbedder:
    """Bag of hashed words: texts sharing words are close, the same text always gives the same vector."""

    def __init__(self, name: str = "fake-words", dimension: int = 64) -> None:
        self.name = name
        self.dimension = dimension
        self.embedded: list[str] = []  # every passage embedded, to check what was (not) re-embedded

    def _vector(self, text: str) -> Vectors:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for token in tokenize(text):
            vector[int(hashlib.sha256(token.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        self.embedded.extend(texts)
        return np.stack([self._vector(text) for text in texts]) if texts else np.zeros((0, self.dimension))

    def embed_query(self, text: str) -> Vectors:
        return self._vector(text)


@pytest.fixture
def knowledge_settings(settings: Settings, tmp_path: Path) -> Settings:
    # Fake-embedder scores are not e5's: on these few passages a question sharing content words with one scores
    # above 0.14, the unanswerable ones below (with so few passages every glossary concept is common, so its
    # rarity-weighted concept bonus stays small).
    return settings.model_copy(
        update={
            "embedding_cache_dir": tmp_path / "cache",
            "knowledge_min_score": 0.14,
            "knowledge_keyword_weight": 0.1,
        }
    )


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def knowledge(knowledge_settings: Settings, fake_embedder: FakeEmbedder) -> KnowledgeService:
    return KnowledgeService.from_settings(knowledge_settings, embedder=fake_embedder)


TRAVEL_MD = """# Travel and Expenses

Business trips need a travel request.

## Hotels

The hotel limit is 150 EUR per night in Germany and 120 EUR elsewhere. Book through the travel desk.

## Meals

Meals are reimbursed up to 40 EUR per day with receipts.
"""

LEAVE_MD = """# Leave Policy

## Annual leave

Every employee has 28 days of annual leave per calendar year. Request leave with form HR-7.
"""


@pytest.fixture
def policy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "handbook"
    folder.mkdir()
    (folder / "travel.md").write_text(TRAVEL_MD, encoding="utf-8")
    (folder / "leave.md").write_text(LEAVE_MD, encoding="utf-8")
    return folder
