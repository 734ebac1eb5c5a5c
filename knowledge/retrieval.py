"""Policy search: language-fair hybrid ranking (vectors + BM25 with glossary expansion) and "not covered".

Why it looks like this (docs/BENCHMARKS.md has the numbers, all from the development questions in
knowledge/handbook_calibration.yaml; the test set is never used to tune):

- e5-small vectors carry the text's language as much as its meaning: a Polish question scores every Polish
  passage high. So every passage loses the mean vector of the passages in its language, the question the mean
  of the passages in the question's language, and what is left is compared (the "centred cosine").
- Ranking standardises that cosine *within each document language* (z-score over all passages of that
  language), so the best German passage and the best English passage compete on equal terms, and adds the
  BM25 score (z-scored over all passages) times `keyword_weight`. The keyword channel sees the question plus
  the glossary's words for the concepts it mentions in the other four languages (knowledge/glossary.py):
  "Dienstreise" also looks for "business trip", "podróż służbowa", "službeni put", "출장".
- A question that names an office ("Hamburg", "w Warszawie", "서울", the glossary's place concepts) lifts the
  passages of every document whose title names the same place by `PLACE_BOOST` (in z-score units): the local
  rules, not the group policy, are what an employee there asks about. Titles are document metadata; nothing
  here knows file names.
- Candidates: the store's 100 nearest vectors to the centred question (one Chroma query, ids only) and the
  100 best BM25 scores over every passage (numpy inverted index). They are scored from the reader's
  in-memory copy of the centred vectors (~150 MB at 100k chunks); each language's mean and spread of the
  cosine come from per-language moments of those vectors, so they are exact over all passages.
- Abstention does not use the ranking score (z-scores always make *something* the best). The evidence is
  the best centred cosine among the `EVIDENCE_POOL` best-ranked passages plus concept evidence: for each
  glossary topic concept of the question that a shown hit contains, `CONCEPT_BONUS` times its rarity
  (1 for a concept in at most `CONCEPT_FULL_SHARE` of the passages, falling with log(1/share): "request" or
  "approve", found everywhere, add little), at most `CONCEPT_CAP` concepts' worth; places (where, not what)
  add nothing. Below `min_score` the search says "not covered". `min_score` and `keyword_weight` come from
  bench/calibrate_retrieval.py; a hit's `score` is its own cosine plus its own concept bonus.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from knowledge.embedders import Embedder, Vectors
from knowledge.glossary import Expansion, Glossary, default_glossary
from knowledge.keywords import KeywordIndex, Vocabulary
from knowledge.parsing import document_language
from knowledge.store import PolicyStore, StoredChunk

# How often a reader checks whether another process changed the collection (its snapshot is rebuilt).
REVISION_CHECK_S = 5.0
CANDIDATES = 100  # from each channel: the store's nearest vectors, the best BM25 scores
EVIDENCE_POOL = 50  # the best-ranked passages whose cosine counts as evidence
CONCEPT_BONUS = 0.07  # evidence per rare glossary concept of the question a passage contains ...
CONCEPT_CAP = 2  # ... counting at most this many concepts' worth
CONCEPT_FULL_SHARE = 0.05  # a concept in at most this share of the passages counts fully, commoner ones less
PLACE_BOOST = 3.0  # added to the rank score of passages whose document title names a place the question names
EXPANSION_WEIGHT = 1.0  # BM25 weight of the glossary's words relative to the question's own


@dataclass(frozen=True)
class PolicyHit:
    chunk_id: str
    source: str
    title: str
    section: str
    page: int | None
    score: float  # evidence: centred cosine + concept bonus (what min_score is compared with)
    similarity: float  # centred cosine
    keyword_coverage: float
    text: str
    language: str


@dataclass(frozen=True)
class SearchResult:
    question: str
    hits: list[PolicyHit]
    covered: bool
    best_score: float
    threshold: float


@dataclass(frozen=True)
class Ranking:
    hits: list[PolicyHit]  # best first, by the fused rank score
    evidence: float  # best centred cosine in the pool + the concept bonus of the best hit shown


class _Snapshot:
    """What a reader derives from the whole store: passages, centred vectors, language groups, keyword index.
    It takes ownership of `vectors` and centres them in place."""

    def __init__(
        self,
        chunks: list[StoredChunk],
        vectors: Vectors,
        revision: str,
        vocabulary: Vocabulary,
    ) -> None:
        self.chunks = chunks
        self.revision = revision
        self.positions = {chunk.id: index for index, chunk in enumerate(chunks)}
        names = sorted({chunk.language for chunk in chunks})
        code_of = {language: code for code, language in enumerate(names)}
        self.language_codes = np.fromiter(
            (code_of[chunk.language] for chunk in chunks), dtype=np.intp, count=len(chunks)
        )
        self.language_counts = np.maximum(np.bincount(self.language_codes, minlength=len(names)), 1)
        self.groups: dict[str, NDArray[np.intp]] = {
            language: np.flatnonzero(self.language_codes == code) for code, language in enumerate(names)
        }
        self.centroids: dict[str, Vectors] = {
            language: np.asarray(vectors[members].mean(axis=0), dtype=np.float32)
            for language, members in self.groups.items()
        }
        self.overall: Vectors = np.asarray(
            np.mean(np.stack(list(self.centroids.values())), axis=0)
            if self.centroids
            else np.zeros(vectors.shape[1] if vectors.ndim == 2 else 0),
            dtype=np.float32,
        )
        centred = vectors  # in place: at 100k chunks every copy of the matrix is 150 MB
        for language, members in self.groups.items():
            centred[members] -= self.centroids[language]
        norms = np.linalg.norm(centred, axis=1, keepdims=True)
        centred /= np.where(norms == 0, 1.0, norms)
        self.centred: Vectors = centred
        # Per language: the mean centred vector and the second moment, so the mean and spread of the question's
        # cosine over all of a language's passages are exact without scoring them all.
        self.moments: dict[int, tuple[Vectors, Vectors]] = {}
        for code, language in enumerate(names):
            rows = centred[self.groups[language]]
            self.moments[code] = (
                np.asarray(rows.mean(axis=0), dtype=np.float32),
                np.asarray(rows.T @ rows / max(len(rows), 1), dtype=np.float32),
            )
        # Per document title: the glossary places it names (filled by the retriever, which owns the glossary).
        self.title_places: dict[str, frozenset[tuple[str, ...]]] = {
            chunk.title: frozenset() for chunk in chunks
        }
        self.index = KeywordIndex(
            [f"{chunk.section}\n{chunk.text}" for chunk in chunks],
            keys=[chunk.id for chunk in chunks],
            vocabulary=vocabulary,
        )
        self.checked_at = time.monotonic()


class PolicyRetriever:
    def __init__(
        self,
        *,
        store: PolicyStore,
        embedder: Embedder,
        min_score: float,
        keyword_weight: float,
        glossary: Glossary | None = None,
        place_boost: float = PLACE_BOOST,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.min_score = min_score
        self.keyword_weight = keyword_weight
        self.glossary = glossary if glossary is not None else default_glossary()
        self.place_boost = place_boost
        self._snapshot: _Snapshot | None = None
        self._vocabulary = Vocabulary()
        # By chunk id, kept across snapshots so a rebuild reads only new ids; vectors as float16 (half the memory).
        self._rows: dict[str, tuple[StoredChunk, NDArray[np.float16]]] = {}
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Forget the snapshot (this process just wrote to the store); the next search rebuilds it."""
        with self._lock:
            self._snapshot = None

    def _current(self) -> _Snapshot:
        with self._lock:
            snapshot = self._snapshot
            if snapshot is not None and time.monotonic() - snapshot.checked_at < REVISION_CHECK_S:
                return snapshot
            revision = self.store.revision()
            if snapshot is None or snapshot.revision != revision:
                snapshot = self._build(revision)
            snapshot.checked_at = time.monotonic()
            self._snapshot = snapshot
            return snapshot

    def _build(self, revision: str) -> _Snapshot:
        """Read what changed since the last snapshot (new ids only), then derive the rest in memory."""
        ids = self.store.ids()
        missing = [chunk_id for chunk_id in ids if chunk_id not in self._rows]
        for hit in self.store.get_with_vectors(missing):
            self._rows[hit.chunk.id] = (hit.chunk, hit.vector.astype(np.float16))
        present = set(ids)
        self._rows = {chunk_id: row for chunk_id, row in self._rows.items() if chunk_id in present}
        ordered = sorted(self._rows)
        chunks = [self._rows[chunk_id][0] for chunk_id in ordered]
        vectors = (
            np.stack([self._rows[chunk_id][1] for chunk_id in ordered]).astype(np.float32)
            if ordered
            else np.zeros((0, self.embedder.dimension), dtype=np.float32)
        )
        snapshot = _Snapshot(chunks, vectors, revision, self._vocabulary)
        for title in snapshot.title_places:
            expansion = self.glossary.expand(title)
            snapshot.title_places[title] = frozenset(
                concept for concept, place in zip(expansion.concepts, expansion.places, strict=True) if place
            )
        return snapshot

    def search(self, *, question: str, k: int = 5) -> SearchResult:
        """The k best passages, or none with covered=False when the evidence stays below min_score."""
        question = " ".join(question.split())
        ranking = self.ranking(question=question, k=k)
        covered = bool(ranking.hits) and ranking.evidence >= self.min_score
        return SearchResult(
            question=question,
            hits=ranking.hits if covered else [],
            covered=covered,
            best_score=ranking.evidence,
            threshold=self.min_score,
        )

    def rank(self, *, question: str, k: int) -> list[PolicyHit]:
        """The k best passages whatever the threshold."""
        return self.ranking(question=question, k=k).hits

    def ranking(self, *, question: str, k: int) -> Ranking:
        """The k best passages and the evidence that the policies cover the question (calibration uses it)."""
        snapshot = self._current()
        size = len(snapshot.chunks)
        if not size or k <= 0:
            return Ranking(hits=[], evidence=0.0)
        expansion = self.glossary.expand(question)
        query = self.embedder.embed_query(question)
        centroid = snapshot.centroids.get(document_language(question), snapshot.overall)
        probe = _unit(query - centroid)
        keywords = snapshot.index.score(
            question, expansions=expansion.concepts, expansion_weight=EXPANSION_WEIGHT
        )
        limit = max(CANDIDATES, 3 * k)
        from_vectors = [
            snapshot.positions[chunk_id]
            for chunk_id in self.store.nearest_ids(probe, limit=min(limit, size))
            if chunk_id in snapshot.positions  # written since the snapshot: seen after the next check
        ]
        from_keywords = np.argpartition(-keywords.bm25, min(limit, size) - 1)[:limit]
        from_keywords = from_keywords[keywords.bm25[from_keywords] > 0]
        candidates = np.union1d(np.asarray(from_vectors, dtype=np.intp), from_keywords.astype(np.intp))
        if not len(candidates):
            return Ranking(hits=[], evidence=0.0)
        cosine = snapshot.centred[candidates] @ probe
        # z-score within each document language, with that language's mean and spread over all its passages
        codes = snapshot.language_codes[candidates]
        means = np.zeros(len(snapshot.moments), dtype=np.float32)
        spreads = np.ones(len(snapshot.moments), dtype=np.float32)
        for code, (mean_vector, second) in snapshot.moments.items():
            means[code] = float(probe @ mean_vector)
            spreads[code] = max(float(probe @ second @ probe) - means[code] ** 2, 0.0) ** 0.5 or 1.0
        fused = (cosine - means[codes]) / spreads[codes]
        bm25_spread = float(keywords.bm25.std()) or 1.0
        fused += self.keyword_weight * (keywords.bm25[candidates] - float(keywords.bm25.mean())) / bm25_spread
        places = {
            concept for concept, place in zip(expansion.concepts, expansion.places, strict=True) if place
        }
        if places and self.place_boost:
            fused += self.place_boost * np.fromiter(
                (
                    bool(places & snapshot.title_places[snapshot.chunks[position].title])
                    for position in candidates
                ),
                dtype=np.float32,
                count=len(candidates),
            )
        order = np.lexsort((candidates, -fused))  # by score, ties by position: deterministic
        best, cosine = candidates[order], cosine[order]
        pool = min(EVIDENCE_POOL, len(best))
        bonus = CONCEPT_BONUS * np.minimum(
            _concept_evidence(snapshot.index, expansion, best[:k]), CONCEPT_CAP
        )
        evidence = cosine[:k] + bonus
        coverage = keywords.coverage(best[:k])
        # The closest passage anywhere in the pool, plus the concepts the passages shown contain.
        best_evidence = float(cosine[:pool].max()) + float(bonus.max())
        hits = [
            PolicyHit(
                chunk_id=snapshot.chunks[position].id,
                source=snapshot.chunks[position].source,
                title=snapshot.chunks[position].title,
                section=snapshot.chunks[position].section,
                page=snapshot.chunks[position].page,
                score=round(float(evidence[rank]), 4),
                similarity=round(float(cosine[rank]), 4),
                keyword_coverage=round(float(coverage[rank]), 4),
                text=snapshot.chunks[position].text,
                language=snapshot.chunks[position].language,
            )
            for rank, position in enumerate(best[:k])
        ]
        return Ranking(hits=hits, evidence=round(best_evidence, 4))


def _concept_evidence(index: KeywordIndex, expansion: Expansion, positions: NDArray[np.intp]) -> Vectors:
    """Per passage: the question's topic concepts it contains, each weighted by its rarity in the store."""
    evidence = np.zeros(len(positions), dtype=np.float32)
    full = math.log(1 / CONCEPT_FULL_SHARE)
    for concept, place in zip(expansion.concepts, expansion.places, strict=True):
        if place:
            continue
        scores = index.score("", expansions=[concept])  # one group: the concept's words in every language
        if scores.groups:
            rarity = min(1.0, math.log(1 / max(scores.groups[0].share, 1e-9)) / full)
            evidence += rarity * (scores.concept_counts(positions) > 0)
    return evidence


def _unit(vector: Vectors) -> Vectors:
    norm = float(np.linalg.norm(vector))
    return np.asarray(vector / norm if norm else vector, dtype=np.float32)
