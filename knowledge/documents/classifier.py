"""Offline classification: label-word cues in five languages + embedding similarity to built-in descriptions
+ reviewers' exemplars. Confidence is a softmax over the type scores; the reason names the deciding cues.

A reviewer's exemplar that is close to the new document (same template, same kind of text) decides on its own:
a correction is meant to fix the next similar document even when the built-in cues point elsewhere.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.db.models.documents import DocumentType
from assistant.offline.dates import fold_in_place
from knowledge.documents.cues import CUES, Cue
from knowledge.documents.model import Exemplar
from knowledge.documents.prototypes import PROTOTYPES
from knowledge.embedders import Embedder, Vectors

HEAD_LINES = 6  # a title cue in the first lines names the document
EMBED_CHARS = 600  # the top of a document says what it is; embedding more only costs time
SUPPORT_CAP = 3.0  # many labels of one type are evidence, but no match for a title
OTHER_BASELINE = 1.4  # what a type must beat to be chosen over "other"
EMBEDDING_WEIGHT = 25.0  # turns the small spread of e5 similarities into score points
TEMPERATURE = 1.0
EXEMPLAR_DECIDES = 0.72  # similarity at which a reviewer's exemplar decides alone
EXEMPLAR_DECIDES_BY_WORDS = 0.8  # word overlap alone that marks the same template
CUES_DECISIVE_MARGIN = 2.5  # a lead this large over the runner-up needs no embedding
EXEMPLAR_HELPS = 0.5  # above this an exemplar adds to its type's score

_TOKEN = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Classification:
    doc_type: DocumentType
    confidence: float
    reason: str


def lexical_vector(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(fold_in_place(text)))


def lexical_similarity(first: Counter[str], second: Counter[str]) -> float:
    if not first or not second:
        return 0.0
    dot = sum(count * second[token] for token, count in first.items() if token in second)
    norm = math.sqrt(sum(v * v for v in first.values())) * math.sqrt(sum(v * v for v in second.values()))
    return dot / norm if norm else 0.0


def _head_end(text: str) -> int:
    """Where the first HEAD_LINES non-empty lines end."""
    seen = 0
    for match in re.finditer(r"[^\n]*\n?", text):
        if match.group(0).strip():
            seen += 1
            if seen == HEAD_LINES:
                return match.end()
    return len(text)


def _quote(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


class OfflineClassifier:
    """Thread-safe; the embedder is built on first use (`embedder` may be an instance or a factory)."""

    def __init__(self, embedder: Embedder | Callable[[], Embedder] | None) -> None:
        self._embedder_source = embedder
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()
        self._prototype_vectors: dict[DocumentType, Vectors] | None = None
        self._exemplar_vectors: dict[str, Vectors] = {}

    def _get_embedder(self) -> Embedder | None:
        with self._lock:
            if self._embedder is None and self._embedder_source is not None:
                source = self._embedder_source
                self._embedder = source if isinstance(source, Embedder) else source()
            return self._embedder

    def _prototypes(self, embedder: Embedder) -> dict[DocumentType, Vectors]:
        with self._lock:
            if self._prototype_vectors is None:
                self._prototype_vectors = {
                    doc_type: embedder.embed_documents(list(texts)) for doc_type, texts in PROTOTYPES.items()
                }
            return self._prototype_vectors

    def _exemplar_vector(self, embedder: Embedder, text: str) -> Vectors:
        key = hashlib.sha256(text[:EMBED_CHARS].encode()).hexdigest()
        with self._lock:
            cached = self._exemplar_vectors.get(key)
        if cached is not None:
            return cached
        vector: Vectors = np.asarray(embedder.embed_documents([text[:EMBED_CHARS]])[0], dtype=np.float32)
        with self._lock:
            if len(self._exemplar_vectors) > 5_000:
                self._exemplar_vectors.clear()
            self._exemplar_vectors[key] = vector
        return vector

    def classify(self, text: str, exemplars: Sequence[Exemplar] = ()) -> Classification:
        scores, evidence = cue_scores(text)
        if exemplars:
            lexical = self._nearest_exemplar(text, None, exemplars)
            if lexical is not None and lexical[0] >= EXEMPLAR_DECIDES_BY_WORDS:
                return _exemplar_decision(*lexical)
        ranked = sorted(scores.values(), reverse=True)
        decisive = ranked[0] - ranked[1] >= CUES_DECISIVE_MARGIN
        document_vector: Vectors | None = None
        # Embedding is the slow part (about 0.1-0.3 s a document on a laptop CPU): skipped when the cues
        # already decide and no reviewer's exemplar needs comparing.
        embedder = self._get_embedder() if (exemplars or not decisive) and text.strip() else None
        if embedder is not None:
            document_vector = embedder.embed_documents([text[:EMBED_CHARS]])[0]
            similarities = {
                doc_type: float(np.max(vectors @ document_vector))
                for doc_type, vectors in self._prototypes(embedder).items()
            }
            mean = sum(similarities.values()) / len(similarities)
            for doc_type, similarity in similarities.items():
                scores[doc_type] += EMBEDDING_WEIGHT * (similarity - mean)
            closest = max(similarities, key=lambda doc_type: similarities[doc_type])
            evidence.setdefault(closest, []).append(
                f"closest description: {closest.value} ({similarities[closest]:.2f})"
            )
        if exemplars:
            decided = self._apply_exemplars(text, document_vector, exemplars, scores, evidence)
            if decided is not None:
                return decided
        return _decide(scores, evidence)

    def match_exemplar(self, text: str, exemplars: Sequence[Exemplar]) -> Classification | None:
        """The reviewer's label of a near-identical document, when there is one (used in LLM mode too)."""
        if not exemplars:
            return None
        embedder = self._get_embedder()
        vector = embedder.embed_documents([text[:EMBED_CHARS]])[0] if embedder is not None else None
        nearest = self._nearest_exemplar(text, vector, exemplars)
        if nearest is None or nearest[0] < EXEMPLAR_DECIDES:
            return None
        return _exemplar_decision(*nearest)

    def _nearest_exemplar(
        self, text: str, document_vector: Vectors | None, exemplars: Sequence[Exemplar]
    ) -> tuple[float, Exemplar] | None:
        """Half word overlap (same template, same wording), half embedding similarity (same kind of text)."""
        embedder = self._get_embedder()
        words = lexical_vector(text)
        best: tuple[float, Exemplar] | None = None
        for exemplar in exemplars:
            similarity = lexical_similarity(words, lexical_vector(exemplar.text))
            if embedder is not None and document_vector is not None:
                semantic = float(self._exemplar_vector(embedder, exemplar.text) @ document_vector)
                similarity = 0.5 * similarity + 0.5 * semantic
            if best is None or similarity > best[0]:
                best = (similarity, exemplar)
        return best

    def _apply_exemplars(
        self,
        text: str,
        document_vector: Vectors | None,
        exemplars: Sequence[Exemplar],
        scores: dict[DocumentType, float],
        evidence: dict[DocumentType, list[str]],
    ) -> Classification | None:
        nearest = self._nearest_exemplar(text, document_vector, exemplars)
        if nearest is None:
            return None
        similarity, exemplar = nearest
        if similarity >= EXEMPLAR_DECIDES:
            return _exemplar_decision(similarity, exemplar)
        if similarity >= EXEMPLAR_HELPS:
            label = exemplar.doc_type.value.replace("_", " ")
            scores[exemplar.doc_type] += 10.0 * (similarity - EXEMPLAR_HELPS)
            evidence.setdefault(exemplar.doc_type, []).append(f"like a reviewed {label} ({similarity:.2f})")
        return None


def _exemplar_decision(similarity: float, exemplar: Exemplar) -> Classification:
    label = exemplar.doc_type.value.replace("_", " ")
    confidence = min(0.97, 0.75 + (similarity - EXEMPLAR_DECIDES))
    reason = f"matches a document a reviewer labelled {label} (similarity {similarity:.2f})"
    return Classification(exemplar.doc_type, round(confidence, 3), reason)


def cue_scores(text: str) -> tuple[dict[DocumentType, float], dict[DocumentType, list[str]]]:
    """Score per type from the cues found, and the quoted cues for the reason.

    The topmost title names the document; a later title in the head is usually a reference to another
    document ("Narudžbenica br. ..." on an invoice) and counts half as much.
    """
    folded = fold_in_place(text)
    head_end = _head_end(folded)
    scores = dict.fromkeys(DocumentType, 0.0)
    scores[DocumentType.OTHER] = OTHER_BASELINE
    support: dict[DocumentType, float] = {}
    evidence: dict[DocumentType, list[str]] = {}
    titles: list[tuple[Cue, re.Match[str]]] = []
    for cue in CUES:
        match = cue.pattern.search(folded)
        if match is None:
            continue
        if cue.title:
            titles.append((cue, match))
        else:
            support[cue.doc_type] = support.get(cue.doc_type, 0.0) + cue.weight
            evidence.setdefault(cue.doc_type, []).append(f"'{_quote(text, match.start(), match.end())}'")
    first_line_end = -1
    head_titles = [match.start() for _, match in titles if match.start() < head_end]
    if head_titles:
        first = min(head_titles)
        first_line_end = folded.find("\n", first) if "\n" in folded[first:] else len(folded)
    title_scores: dict[DocumentType, tuple[float, str]] = {}
    for cue, match in titles:
        if match.start() <= first_line_end:
            weight, where = cue.weight * 2.0, "title"
        elif match.start() < head_end:
            weight, where = cue.weight * 1.0, "title"
        else:
            weight, where = cue.weight * 0.4, "mentions"
        if weight > title_scores.get(cue.doc_type, (0.0, ""))[0]:
            title_scores[cue.doc_type] = (weight, f"{where} '{_quote(text, match.start(), match.end())}'")
    for doc_type, (weight, note) in title_scores.items():
        scores[doc_type] += weight
        evidence[doc_type] = [note, *evidence.get(doc_type, [])]
    for doc_type, value in support.items():
        scores[doc_type] += min(SUPPORT_CAP, value)
    for doc_type, weight, note in layout_cues(text):
        scores[doc_type] += weight
        evidence.setdefault(doc_type, []).append(note)
    return scores, evidence


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_YEAR_RANGE = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s*[–—-]\s*(?:(?:19|20)\d\d(?!\d)|present|today|now|heute|obecnie|danas|현재)",
    re.IGNORECASE,
)
_TIMES_PRICE = re.compile(r"(?<![\w.,])\d{1,3}\s*[x×]\s*\d", re.IGNORECASE)
_DATED_AMOUNT_LINE = re.compile(
    r"^\s*(?:\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+[^\W\d_]+\.?\s+\d{4})\.?\s"
    r".*\d[.,]\d{2}\s*(?:[A-Za-z]{3}|€|zł|원)?\s*$|^\s*\d{4}-\d{2}-\d{2}\s.*\d{1,3}(?:,\d{3})+\s*$",
    re.MULTILINE,
)


def layout_cues(text: str) -> list[tuple[DocumentType, float, str]]:
    """What the shape of the page says: a CV's email and date ranges, a till slip's '2 x 3,50' lines, a
    statement's rows that start with a date and end with an amount."""
    found: list[tuple[DocumentType, float, str]] = []
    if _EMAIL.search(text) and len(_YEAR_RANGE.findall(text)) >= 1:
        found.append((DocumentType.RESUME, 1.0, "email and year ranges"))
    if len(_TIMES_PRICE.findall(text)) >= 2:
        found.append((DocumentType.RECEIPT, 0.8, "quantity x price lines"))
    if len(_DATED_AMOUNT_LINE.findall(text)) >= 3:
        found.append((DocumentType.BANK_STATEMENT, 1.0, "dated transaction lines"))
    return found


def _decide(scores: dict[DocumentType, float], evidence: dict[DocumentType, list[str]]) -> Classification:
    best = max(scores, key=lambda doc_type: scores[doc_type])
    top = max(scores.values())
    exponentials = {doc_type: math.exp((score - top) / TEMPERATURE) for doc_type, score in scores.items()}
    confidence = exponentials[best] / sum(exponentials.values())
    notes = evidence.get(best, [])
    if best is DocumentType.OTHER and not notes:
        runner_up = max((t for t in scores if t is not DocumentType.OTHER), key=lambda t: scores[t])
        reason = f"no strong cue for any type (closest: {runner_up.value})"
    else:
        reason = "; ".join(_dedupe(notes)[:5]) or "weak cues only"
    return Classification(best, round(confidence, 3), reason)


def _dedupe(notes: list[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for note in notes:
        key = note.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(note)
    return kept
