"""Cross-language query expansion from a small policy glossary (knowledge/glossary.yaml).

e5-small ranks passages in the question's language first and BM25 only matches words that are written the
same, so a German question about the English travel policy finds neither channel's answer. The glossary maps
each recurring policy concept ("hotel", "per diem", "carry-over", "purchase requisition", ...) to its words
in English, German, Polish, Croatian and Korean; a question that contains one of them gets the others added.

Matching works on folded text (case and accents, as the keyword index folds it):

- a one-word term matches a question word that starts with it, so stems cover inflection ("urlop" matches
  "urlopu", "dnevnic" matches "dnevnice");
- German terms of five letters or more also match inside a word (compounds: "urlaub" in "Jahresurlaub");
- Korean terms match anywhere (particles attach to nouns: "연차는", "병가를");
- a term of several words matches when each of its words does.

A concept marked `kind: place` (an office's city) expands the query like any other, but the retriever uses it
only to prefer the documents whose title names that place: it says where, not what, so it is no evidence that
the policies answer the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.keywords import fold

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")
LANGUAGES = ("en", "de", "pl", "hr", "ko")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
COMPOUND_MIN_CHARS = 5


@dataclass(frozen=True)
class _Term:
    text: str  # as written in the glossary
    words: tuple[str, ...]  # folded
    language: str


@dataclass(frozen=True)
class Expansion:
    concepts: tuple[tuple[str, ...], ...]  # each concept the question mentions: all its terms, every language
    places: tuple[bool, ...]  # per concept: a place (an office's city), which says where, not what
    terms: tuple[str, ...]  # the terms of those concepts the question does not contain itself


class Glossary:
    def __init__(self, concepts: list[dict[str, object]]) -> None:
        self._concepts: list[list[_Term]] = []
        self._places: list[bool] = []
        for concept in concepts:
            terms = []
            for language in LANGUAGES:
                for text in _strings(concept.get(language)):
                    words = tuple(_WORD.findall(fold(str(text))))
                    if words:
                        terms.append(_Term(text=str(text), words=words, language=language))
            if terms:
                self._concepts.append(terms)
                self._places.append(concept.get("kind") == "place")
        # Which concepts a question can match, by the first word of their terms (or: a German compound or
        # a Korean term, which match inside words and are always tried).
        self._by_first_word: dict[str, set[int]] = {}
        self._always: list[tuple[int, _Term]] = []
        for number, terms in enumerate(self._concepts):
            for term in terms:
                if (term.language == "ko" and _HANGUL.search(term.text)) or term.language == "de":
                    self._always.append((number, term))
                else:
                    self._by_first_word.setdefault(term.words[0], set()).add(number)

    @classmethod
    def load(cls, path: Path = GLOSSARY_FILE) -> Glossary:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(list(data.get("concepts", [])))

    def __len__(self) -> int:
        return len(self._concepts)

    def expand(self, question: str) -> Expansion:
        """The words of every concept the question mentions, except those already in the question."""
        folded = fold(question)
        words = _WORD.findall(folded)
        prefixes = {word[:end] for word in words for end in range(1, len(word) + 1)}
        added: dict[str, None] = {}
        concepts: list[tuple[str, ...]] = []
        places: list[bool] = []
        candidates = {number for number, term in self._always if _matches(term, prefixes, folded)}
        for prefix in prefixes:
            candidates |= self._by_first_word.get(prefix, set())
        for number in sorted(candidates):
            terms = self._concepts[number]
            matched = [term for term in terms if _matches(term, prefixes, folded)]
            if not matched:
                continue
            concepts.append(tuple(term.text for term in terms))
            places.append(self._places[number])
            for term in terms:
                if term not in matched:
                    added.setdefault(term.text, None)
        return Expansion(concepts=tuple(concepts), places=tuple(places), terms=tuple(added))


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _matches(term: _Term, prefixes: set[str], folded: str) -> bool:
    """`prefixes`: every prefix of every word of the question; `folded`: the whole folded question."""
    if term.language == "ko" and _HANGUL.search(term.text):
        return " ".join(term.words) in folded
    compound = term.language == "de"
    return all(
        part in prefixes or (compound and len(part) >= COMPOUND_MIN_CHARS and part in folded)
        for part in term.words
    )


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return Glossary.load()
