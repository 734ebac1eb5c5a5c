"""The policy chunks in Chroma: a persistent directory by default, a Chroma server when a host is configured.

Chroma never embeds anything here: every vector is computed by our embedder and passed in (its default
embedding function would download a model). The collection's metadata names the embedder and dimension that
built it; opening it with another embedder is refused, because vectors of two models cannot be compared.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.settings import Settings
from knowledge.chunking import Chunk
from knowledge.embedders import Vectors

PAGE_SIZE = 2_000
CONNECT_TIMEOUT_S = 3.0  # a Chroma server that does not accept a connection this fast counts as down
ID_PAGE_SIZE = 20_000


class EmbedderMismatchError(RuntimeError):
    """The collection was built by another embedder; its vectors are not comparable with ours."""


class StoreUnavailableError(RuntimeError):
    """The Chroma server does not answer."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    source: str
    path: str
    title: str
    section: str
    page: int | None
    text: str
    language: str
    file_hash: str


@dataclass(frozen=True)
class VectorHit:
    chunk: StoredChunk
    vector: Vectors


def chroma_client(settings: Settings) -> Any:
    """A Chroma client with telemetry off: the server when a host is configured, else the local directory."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            # chromadb's HTTP client waits on a silent host without a limit; find out quickly first
            socket.create_connection(
                (settings.chroma_host, settings.chroma_port), timeout=CONNECT_TIMEOUT_S
            ).close()
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        except Exception as error:  # connection refused, DNS, TLS: all mean the same to the user
            raise StoreUnavailableError(
                f"the Chroma server at {settings.chroma_host}:{settings.chroma_port} does not answer ({error})"
            ) from error
    path = settings.effective_chroma_path
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def close_client(client: Any) -> None:
    # chromadb 1.5's HTTP client keeps an httpx pool that its close() does not close; close it too.
    session = getattr(getattr(client, "_server", None), "_session", None)
    client.close()
    if session is not None:
        session.close()


class PolicyStore:
    def __init__(self, client: Any, collection: Any, *, embedder_name: str, dimension: int) -> None:
        self._client = client
        self._collection = collection
        self.embedder_name = embedder_name
        self.dimension = dimension

    @classmethod
    def open(
        cls, client: Any, *, name: str, embedder_name: str, dimension: int, rebuild: bool = False
    ) -> PolicyStore:
        """Open (or create) the collection for this embedder; `rebuild` deletes it first."""
        if rebuild and name in {collection.name for collection in client.list_collections()}:
            client.delete_collection(name)
        collection = client.get_or_create_collection(
            name,
            embedding_function=None,
            metadata={"embedder": embedder_name, "dimension": dimension, "revision": uuid.uuid4().hex},
            configuration={"hnsw": {"space": "cosine"}},
        )
        metadata = collection.metadata or {}
        built_by, built_dimension = metadata.get("embedder"), metadata.get("dimension")
        if built_by != embedder_name or built_dimension != dimension:
            raise EmbedderMismatchError(
                f"the policy collection {name!r} was built with {built_by} ({built_dimension} dimensions), "
                f"not {embedder_name} ({dimension}); re-ingest with `backoffice ingest PATH --rebuild` to switch"
            )
        return cls(client, collection, embedder_name=embedder_name, dimension=dimension)

    def close(self) -> None:
        """Release the client's connections (a server's HTTP pool, a directory's handles)."""
        close_client(self._client)

    def count(self) -> int:
        return int(self._collection.count())

    def revision(self) -> str:
        """Changes whenever any process writes; readers rebuild their keyword index when it does."""
        collection = self._client.get_collection(self._collection.name, embedding_function=None)
        return str((collection.metadata or {}).get("revision", ""))

    def _bump_revision(self) -> None:
        self._collection.modify(
            metadata={
                "embedder": self.embedder_name,
                "dimension": self.dimension,
                "revision": uuid.uuid4().hex,
            }
        )

    def add(self, chunks: Sequence[Chunk], vectors: Vectors, *, file_hash: str) -> None:
        """Write a file's chunks (one call when it fits Chroma's batch: a file's chunks land together)."""
        if len(chunks) != len(vectors):
            raise ValueError("one vector per chunk")
        if len(chunks) and vectors.shape[1] != self.dimension:
            raise EmbedderMismatchError(
                f"vectors have {vectors.shape[1]} dimensions, the store {self.dimension}"
            )
        batch = max(int(self._client.get_max_batch_size()), 1)
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            self._collection.upsert(
                ids=[chunk.id for chunk in part],
                embeddings=np.asarray(vectors[start : start + batch], dtype=np.float32),
                documents=[chunk.indexed_text for chunk in part],
                metadatas=[_metadata(chunk, file_hash) for chunk in part],
            )
        self._bump_revision()

    def holds_version(self, path: str, *, file_hash: str) -> bool:
        """Whether the store has the chunks of `path` made from content `file_hash`."""
        result = self._collection.get(
            where={"$and": [{"path": path}, {"file_hash": file_hash}]}, limit=1, include=[]
        )
        return bool(result["ids"])

    def delete_other_versions(self, path: str, *, keep_hash: str) -> None:
        """Remove the chunks of `path` written from any other content than `keep_hash`."""
        self._collection.delete(where={"$and": [{"path": path}, {"file_hash": {"$ne": keep_hash}}]})
        self._bump_revision()

    def delete_path(self, path: str) -> None:
        self._collection.delete(where={"path": path})
        self._bump_revision()

    def query(self, vector: Vectors, *, limit: int) -> list[VectorHit]:
        if limit <= 0 or self.count() == 0:
            return []
        if vector.shape[-1] != self.dimension:
            raise EmbedderMismatchError(
                f"query has {vector.shape[-1]} dimensions, the store {self.dimension}"
            )
        result = self._collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=limit,
            include=["documents", "metadatas", "embeddings"],
        )
        return [
            VectorHit(
                chunk=_stored(chunk_id, document, metadata), vector=np.asarray(vector, dtype=np.float32)
            )
            for chunk_id, document, metadata, vector in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["embeddings"][0],
                strict=True,
            )
        ]

    def nearest_ids(self, vector: Vectors, *, limit: int) -> list[str]:
        """The ids of the `limit` nearest chunks (HNSW, cosine): one query, nothing else fetched."""
        if limit <= 0:
            return []
        if vector.shape[-1] != self.dimension:
            raise EmbedderMismatchError(
                f"query has {vector.shape[-1]} dimensions, the store {self.dimension}"
            )
        result = self._collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=limit,
            include=[],
        )
        return list(result["ids"][0])

    def get_with_vectors(self, ids: Sequence[str]) -> list[VectorHit]:
        hits: list[VectorHit] = []
        for start in range(0, len(ids), PAGE_SIZE):
            result = self._collection.get(
                ids=list(ids[start : start + PAGE_SIZE]), include=["documents", "metadatas", "embeddings"]
            )
            hits.extend(
                VectorHit(
                    chunk=_stored(chunk_id, document, metadata), vector=np.asarray(vector, dtype=np.float32)
                )
                for chunk_id, document, metadata, vector in zip(
                    result["ids"], result["documents"], result["metadatas"], result["embeddings"], strict=True
                )
            )
        return hits

    def ids(self) -> list[str]:
        """Every chunk id (cheap: no documents, metadata or vectors), for readers that sync incrementally."""
        ids: list[str] = []
        offset = 0
        while True:
            result = self._collection.get(include=[], limit=ID_PAGE_SIZE, offset=offset)
            ids.extend(result["ids"])
            if len(result["ids"]) < ID_PAGE_SIZE:
                return ids
            offset += ID_PAGE_SIZE

    def all_chunks(self) -> list[StoredChunk]:
        chunks: list[StoredChunk] = []
        offset = 0
        while True:
            result = self._collection.get(include=["documents", "metadatas"], limit=PAGE_SIZE, offset=offset)
            chunks.extend(
                _stored(chunk_id, document, metadata)
                for chunk_id, document, metadata in zip(
                    result["ids"], result["documents"], result["metadatas"], strict=True
                )
            )
            if len(result["ids"]) < PAGE_SIZE:
                return chunks
            offset += PAGE_SIZE


def _metadata(chunk: Chunk, file_hash: str) -> dict[str, str | int]:
    metadata: dict[str, str | int] = {
        "source": chunk.source,
        "path": chunk.path,
        "title": chunk.title,
        "section": chunk.section,
        "ordinal": chunk.ordinal,
        "language": chunk.language,
        "file_hash": file_hash,
        "heading_chars": len(chunk.indexed_text) - len(chunk.text),
    }
    if chunk.page is not None:
        metadata["page"] = chunk.page
    return metadata


def _stored(chunk_id: str, document: str | None, metadata: Any) -> StoredChunk:
    metadata = dict(metadata or {})
    indexed = document or ""
    page = metadata.get("page")
    return StoredChunk(
        id=chunk_id,
        source=str(metadata.get("source", "")),
        path=str(metadata.get("path", "")),
        title=str(metadata.get("title", "")),
        section=str(metadata.get("section", "")),
        page=int(page) if page is not None else None,
        text=indexed[int(metadata.get("heading_chars", 0)) :],
        language=str(metadata.get("language", "")),
        file_hash=str(metadata.get("file_hash", "")),
    )
