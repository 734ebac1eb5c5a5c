"""The knowledge service: one embedder, one store and one retriever, built from settings and shared by callers.

Adapters build it once per process (`open_knowledge(settings)` in assistant/agent/service.py, which uses
`KnowledgeService.from_settings`) and hand it to tools through `ToolContext.knowledge`; tests build it with a
fake embedder and a temporary store.

A process that starts while its Chroma server is down (restarting, not yet up in a deployment) gets a service
that connects on first use instead of none at all: searches say "unavailable" until the server answers, then
work, without restarting the process (`KnowledgeService.connecting`).
"""

from __future__ import annotations

import threading
import time

import httpx

from assistant.settings import Settings
from knowledge.embedders import Embedder, embedder_from_settings
from knowledge.retrieval import PolicyRetriever, SearchResult
from knowledge.store import (
    EmbedderMismatchError,
    PolicyStore,
    StoreUnavailableError,
    chroma_client,
    close_client,
)

# While the server is down, how long a failed connection attempt is remembered: callers in that window are told
# at once that the store is unavailable instead of each waiting for a refused connection.
RECONNECT_INTERVAL_S = 1.0
CONNECT_WAIT_S = 1.0  # how long a caller waits for another caller's connection attempt


class KnowledgeService:
    def __init__(
        self,
        *,
        settings: Settings,
        embedder: Embedder,
        store: PolicyStore | None = None,
        retriever: PolicyRetriever | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        if (store is None) != (retriever is None):
            raise ValueError("give both the store and its retriever, or neither (connect on first use)")
        self._parts = (store, retriever) if store is not None and retriever is not None else None
        self._lock = threading.Lock()
        self._failed_at: float | None = None
        self._failure = ""
        self._mismatch: EmbedderMismatchError | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, *, embedder: Embedder | None = None, rebuild: bool = False
    ) -> KnowledgeService:
        """Open the configured store for the configured embedder. Raises EmbedderMismatchError when the
        store was built by another embedder (unless `rebuild`, which deletes it) and StoreUnavailableError
        when a configured Chroma server does not answer."""
        embedder = embedder or embedder_from_settings(settings)
        store, retriever = _open(settings, embedder, rebuild=rebuild)
        return cls(settings=settings, embedder=embedder, store=store, retriever=retriever)

    @classmethod
    def connecting(cls, settings: Settings, *, embedder: Embedder | None = None) -> KnowledgeService:
        """A service whose store is opened on first use, and again after each failure (at most once per
        RECONNECT_INTERVAL_S): for a process that starts while its Chroma server does not answer yet."""
        return cls(settings=settings, embedder=embedder or embedder_from_settings(settings))

    @property
    def connected(self) -> bool:
        return self._parts is not None

    @property
    def mismatch(self) -> EmbedderMismatchError | None:
        """Set when the store, reached late, turned out to be another embedder's (re-ingest with --rebuild)."""
        return self._mismatch

    @property
    def store(self) -> PolicyStore:
        """The store; raises StoreUnavailableError while a server that was never reached still does not answer,
        EmbedderMismatchError when it answers with a collection another embedder built."""
        return self._connect()[0]

    @property
    def retriever(self) -> PolicyRetriever:
        return self._connect()[1]

    def _connect(self) -> tuple[PolicyStore, PolicyRetriever]:
        parts = self._parts
        if parts is not None:
            return parts
        if self._mismatch is not None:
            raise self._mismatch  # another embedder's collection: nothing changes that but a re-ingest
        # One attempt at a time; a caller arriving meanwhile waits briefly for its outcome, then is told the store
        # is unavailable rather than queueing behind a slow attempt (chat turns and probes must not pile up).
        if not self._lock.acquire(timeout=CONNECT_WAIT_S):
            raise StoreUnavailableError(self._failure or "the policy store is being connected")
        try:
            if self._parts is not None:
                return self._parts
            if self._failed_at is not None and time.monotonic() - self._failed_at < RECONNECT_INTERVAL_S:
                raise StoreUnavailableError(self._failure)
            try:
                self._parts = _open(self.settings, self.embedder, rebuild=False)
            except StoreUnavailableError as error:
                self._failed_at, self._failure = time.monotonic(), str(error)  # counted from the failure
                raise
            except EmbedderMismatchError as error:
                self._mismatch = error
                raise
            return self._parts
        finally:
            self._lock.release()

    def search(self, *, question: str, k: int = 5) -> SearchResult:
        """Raises StoreUnavailableError while a Chroma server does not answer (stopped, restarting, network);
        the HTTP client reconnects by itself, so the first search after it is back works again."""
        try:
            return self.retriever.search(question=question, k=k)
        except httpx.TransportError as error:
            raise StoreUnavailableError(f"the policy store does not answer ({error})") from error

    def close(self) -> None:
        """Release the store's connections (a later use would open it again)."""
        with self._lock:
            parts, self._parts = self._parts, None
        if parts is not None:
            parts[0].close()


def _open(settings: Settings, embedder: Embedder, *, rebuild: bool) -> tuple[PolicyStore, PolicyRetriever]:
    """Raises EmbedderMismatchError for another embedder's collection and StoreUnavailableError for anything else
    that keeps the store from opening (refused or silent host, a proxy's 5xx, a Chroma error half-way up)."""
    client = chroma_client(settings)
    try:
        store = PolicyStore.open(
            client,
            name=settings.knowledge_collection,
            embedder_name=embedder.name,
            dimension=embedder.dimension,
            rebuild=rebuild,
        )
    except EmbedderMismatchError:
        close_client(client)
        raise
    except Exception as error:
        close_client(client)
        raise StoreUnavailableError(f"the policy store does not open ({error})") from error
    retriever = PolicyRetriever(
        store=store,
        embedder=embedder,
        min_score=settings.knowledge_min_score,
        keyword_weight=settings.knowledge_keyword_weight,
    )
    return store, retriever
