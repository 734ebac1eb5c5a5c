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
own words and (times `expansion_weight`) the glossary's; for the passages shown, `coverage` is the
idf-weighted share of the groups a passage contains and `concept_counts` how many concepts it contains.
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
class _Group:
    passages: tuple[NDArray[np.int32], ...]  # per token of the group: the passages containing it (sorted)
    weight: float  # idf of the group (the union of its tokens)
    share: float  # the share of passages that contain it (approximately)
    concept: bool  # a glossary concept (not one of the question's own words)


@dataclass(frozen=True)
class KeywordScores:
    """BM25 for every passage (ranking); coverage and concept counts for the few passages asked about."""

    bm25: NDArray[np.float32]
    groups: tuple[_Group, ...]

    def _present(self, group: _Group, positions: NDArray[np.intp]) -> NDArray[np.bool_]:
        present = np.zeros(len(positions), dtype=bool)
        for passages in group.passages:
            if len(passages):
                found = np.minimum(np.searchsorted(passages, positions), len(passages) - 1)
                present |= passages[found] == positions
        return present

    def coverage(self, positions: NDArray[np.intp]) -> NDArray[np.float32]:
        """The share of the question's idf-weighted term groups each passage contains."""
        total = sum(group.weight for group in self.groups)
        matched = np.zeros(len(positions), dtype=np.float32)
        for group in self.groups:
            matched[self._present(group, positions)] += group.weight
        return matched / total if total else matched

    def concept_counts(self, positions: NDArray[np.intp], *, max_share: float = 1.0) -> NDArray[np.int32]:
        """How many of the glossary concepts the question mentions each passage contains; concepts in more
        than `max_share` of the passages (request, approve, order: they are everywhere) do not count."""
        counts = np.zeros(len(positions), dtype=np.int32)
        for group in self.groups:
            if group.concept and group.share <= max_share:
                counts[self._present(group, positions)] += 1
        return counts


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
        self, question: str, *, expansions: Sequence[Sequence[str]] = (), expansion_weight: float = 0.5
    ) -> KeywordScores:
        """BM25 and the term groups; `expansions` are the glossary concepts the question mentions."""
        own = sorted(set(tokenize(question)))
        concept_groups = [
            sorted({token for term in concept for token in tokenize(term)}) for concept in expansions
        ]
        concept_groups = [group for group in concept_groups if group]
        in_concept = {token for group in concept_groups for token in group}
        weighted = [(token, 1.0) for token in own]
        weighted += [(token, expansion_weight) for token in sorted(in_concept - set(own))]
        postings = [(*self._postings(token), weight) for token, weight in weighted]
        postings = [entry for entry in postings if len(entry[0])]
        if postings:  # one pass over every posting: no Python loop over passages
            bm25 = np.bincount(
                np.concatenate([passages for passages, _, _ in postings]),
                weights=np.concatenate([weights * factor for _, weights, factor in postings]),
                minlength=self.size,
            ).astype(np.float32)
        else:
            bm25 = np.zeros(self.size, dtype=np.float32)
        own_groups = [
            [token] for token in own if token not in in_concept and not _absorbed(token, in_concept)
        ]
        groups = []
        for tokens, concept in [(group, False) for group in own_groups] + [
            (group, True) for group in concept_groups
        ]:
            passages = tuple(self._postings(token)[0] for token in tokens)
            # The union's size, approximated by the sum (coverage is shown, not ranked on).
            frequency = min(sum(len(found) for found in passages), self.size)
            weight = math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))
            share = frequency / self.size if self.size else 0.0
            groups.append(_Group(passages=passages, weight=weight, share=share, concept=concept))
        return KeywordScores(bm25=bm25, groups=tuple(groups))


def _absorbed(token: str, concept_tokens: set[str]) -> bool:
    """A question word that a matched glossary concept stands for (its stem is a concept word's, or part of it)."""
    return len(token) >= 3 and any(
        token in other or other in token for other in concept_tokens if len(other) >= 3
    )
