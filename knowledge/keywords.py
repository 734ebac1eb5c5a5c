"""The keyword channel: BM25 over folded words, so exact terms such as amounts and form names count.

Words are case- and accent-folded and cut to their first five letters, a crude stemmer that works across
the five languages ("hotels"/"hotel", "Genehmigung"/"genehmigen"); numbers are kept whole with their
thousands separators removed ("10,000" = "10.000" = "10000"). Korean words also give their syllable pairs,
because particles attach to nouns ("휴가는", "휴가를").

The index is a plain inverted index in numpy (per term: the passages that contain it and their BM25 weight),
so a question costs a few array operations per term, not a pass over every passage in Python. Passages'
token ids are kept by passage id: after a write, rebuilding tokenizes only the passages that are new.

A question's terms come in groups: each of its own words is a group, and each glossary concept it mentions
(knowledge/glossary.py) is one group holding the concept's words in every language. BM25 sums the question's
own words and, with a lower weight, the glossary's; `coverage` is the idf-weighted share of the groups a
passage contains (a word no passage contains is as informative as the rarest one: it counts against it).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

STEM_CHARS = 5
K1 = 1.5
B = 0.75
_THOUSANDS = re.compile(r"(?<=\d)[.,\s\u00a0'](?=\d{3}\b)")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_UNDECOMPOSED = str.maketrans({"ł": "l", "ß": "ss", "đ": "d", "ø": "o", "æ": "ae"})


def fold(text: str) -> str:
    text = text.casefold().translate(_UNDECOMPOSED)
    if text.isascii() or _HANGUL.search(text):  # NFKD would split Hangul syllables into jamo
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    for word in _TOKEN.findall(_THOUSANDS.sub("", fold(text))):
        if word[0].isdigit():
            tokens.append(word.replace(",", "."))
        elif _HANGUL.search(word):
            tokens.append(word)
            tokens.extend(word[index : index + 2] for index in range(len(word) - 1))
        elif len(word) > 1:
            tokens.append(word[:STEM_CHARS])
    return tokens


@dataclass(frozen=True)
class KeywordScores:
    """Per passage: BM25 (ranking), the share of the question's idf-weighted term groups it contains
    (coverage), and how many of the glossary concepts the question mentions it contains."""

    bm25: NDArray[np.float32]
    coverage: NDArray[np.float32]
    concept_counts: NDArray[np.int32]


class Vocabulary:
    """Token ids, shared by successive indexes of one reader, with each passage's ids cached by passage id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.passages: dict[str, NDArray[np.int32]] = {}

    def passage(self, key: str, text: str) -> NDArray[np.int32]:
        cached = self.passages.get(key)
        if cached is None:
            ids = self.ids
            cached = np.fromiter(
                (ids.setdefault(token, len(ids)) for token in tokenize(text)), dtype=np.int32
            )
            self.passages[key] = cached
        return cached

    def forget_except(self, keys: Iterable[str]) -> None:
        keep = set(keys)
        self.passages = {key: value for key, value in self.passages.items() if key in keep}


class KeywordIndex:
    def __init__(
        self,
        texts: Sequence[str],
        *,
        keys: Sequence[str] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.size = len(texts)
        self.vocabulary = vocabulary or Vocabulary()
        keys = keys if keys is not None else [str(index) for index in range(self.size)]
        per_passage = [self.vocabulary.passage(key, text) for key, text in zip(keys, texts, strict=True)]
        self.vocabulary.forget_except(keys)
        terms = len(self.vocabulary.ids)
        lengths = np.fromiter((len(ids) for ids in per_passage), dtype=np.int64, count=self.size)
        if self.size and lengths.sum():
            token_ids = np.concatenate(per_passage).astype(np.int64)
            passages = np.repeat(np.arange(self.size, dtype=np.int64), lengths)
            pairs, frequency = np.unique(token_ids * self.size + passages, return_counts=True)
            term_of = pairs // self.size  # sorted by term, then passage
            passage_of = (pairs % self.size).astype(np.int32)
        else:
            term_of = np.zeros(0, dtype=np.int64)
            passage_of = np.zeros(0, dtype=np.int32)
            frequency = np.zeros(0, dtype=np.int64)
        self._indptr = np.searchsorted(term_of, np.arange(terms + 1))
        self._passages = passage_of
        self._df = np.diff(self._indptr)
        average = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        norm = K1 * (1 - B + B * lengths[passage_of] / average)
        idf = np.log(1 + (self.size - self._df + 0.5) / (self._df + 0.5))
        self._weights = np.asarray(idf[term_of] * frequency * (K1 + 1) / (frequency + norm), dtype=np.float32)

    def _postings(self, token: str) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
        term = self.vocabulary.ids.get(token)
        if term is None or term >= len(self._df):
            return self._passages[:0], self._weights[:0]
        start, end = self._indptr[term], self._indptr[term + 1]
        return self._passages[start:end], self._weights[start:end]

    def score(
        self,
        question: str,
        *,
        expansions: Sequence[Sequence[str]] = (),
        expansion_weight: float = 0.5,
        common_share: float = 1.0,
    ) -> KeywordScores:
        """BM25 and coverage; `expansions` are the glossary concepts the question mentions (their words)."""
        zeros = np.zeros(self.size, dtype=np.float32)
        own = sorted(set(tokenize(question)))
        concept_groups = [
            sorted({token for term in concept for token in tokenize(term)}) for concept in expansions
        ]
        concept_groups = [group for group in concept_groups if group]
        if not self.size or not (own or concept_groups):
            return KeywordScores(
                bm25=zeros, coverage=zeros.copy(), concept_counts=np.zeros(self.size, dtype=np.int32)
            )
        bm25 = zeros.copy()
        for token in own:
            passages, weights = self._postings(token)
            bm25[passages] += weights
        expansion_tokens = {token for group in concept_groups for token in group} - set(own)
        for token in sorted(expansion_tokens):
            passages, weights = self._postings(token)
            bm25[passages] += expansion_weight * weights
        in_concept = {token for group in concept_groups for token in group}
        groups = [[token] for token in own if token not in in_concept and not _absorbed(token, in_concept)]
        first_concept = len(groups)
        groups.extend(concept_groups)
        matched = zeros.copy()
        concept_counts = np.zeros(self.size, dtype=np.int32)
        total_weight = 0.0
        for number, group in enumerate(groups):
            present = np.zeros(self.size, dtype=bool)
            for token in group:
                present[self._postings(token)[0]] = True
            if number >= first_concept:
                concept_counts[present] += 1
            frequency = int(present.sum())
            if frequency > common_share * self.size:
                continue  # a function word ("the", "ich", "czy"): says nothing about coverage
            weight = math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))
            total_weight += weight
            matched[present] += weight
        return KeywordScores(
            bm25=bm25,
            coverage=matched / total_weight if total_weight else zeros,
            concept_counts=concept_counts,
        )


def _absorbed(token: str, concept_tokens: set[str]) -> bool:
    """A question word that a matched glossary concept stands for (its stem is a concept word's, or part of it)."""
    return len(token) >= 3 and any(
        token in other or other in token for other in concept_tokens if len(other) >= 3
    )
