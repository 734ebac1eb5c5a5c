"""The knowledge service: one embedder, one store and one retriever, built from settings and shared by callers.

Adapters build it once per process (`KnowledgeService.from_settings(settings)`) and hand it to tools through
`ToolContext.knowledge`; tests build it with a fake embedder and a temporary store.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from assistant.settings import Settings
from knowledge.embedders import Embedder, embedder_from_settings
from knowledge.retrieval import PolicyRetriever, SearchResult
from knowledge.store import PolicyStore, StoreUnavailableError, chroma_client, close_client


@dataclass
class KnowledgeService:
    settings: Settings
    embedder: Embedder
    store: PolicyStore
    retriever: PolicyRetriever

    @classmethod
    def from_settings(
        cls, settings: Settings, *, embedder: Embedder | None = None, rebuild: bool = False
    ) -> KnowledgeService:
        """Open the configured store for the configured embedder. Raises EmbedderMismatchError when the
        store was built by another embedder (unless `rebuild`, which deletes it) and StoreUnavailableError
        when a configured Chroma server does not answer."""
        embedder = embedder or embedder_from_settings(settings)
        client = chroma_client(settings)
        try:
            store = PolicyStore.open(
                client,
                name=settings.knowledge_collection,
                embedder_name=embedder.name,
                dimension=embedder.dimension,
                rebuild=rebuild,
            )
        except Exception:
            close_client(client)
            raise
        retriever = PolicyRetriever(
            store=store,
            embedder=embedder,
            min_score=settings.knowledge_min_score,
            keyword_weight=settings.knowledge_keyword_weight,
        )
        return cls(settings=settings, embedder=embedder, store=store, retriever=retriever)

    def search(self, *, question: str, k: int = 5) -> SearchResult:
        """Raises StoreUnavailableError while a Chroma server does not answer (stopped, restarting, network);
        the HTTP client reconnects by itself, so the first search after it is back works again."""
        try:
            return self.retriever.search(question=question, k=k)
        except httpx.TransportError as error:
            raise StoreUnavailableError(f"the policy store does not answer ({error})") from error

    def close(self) -> None:
        self.store.close()
