"""The multilingual glossary (query expansion) and the keyword index it feeds."""

from __future__ import annotations

import numpy as np

from knowledge.glossary import LANGUAGES, Glossary, default_glossary
from knowledge.keywords import KeywordIndex, Vocabulary, fold


def _concept_heads(question: str) -> set[str]:
    return {concept[0] for concept in default_glossary().expand(question).concepts}


def test_every_concept_has_words_in_all_five_languages() -> None:
    glossary = default_glossary()
    assert len(glossary) >= 80
    for concept in glossary._concepts:
        assert {term.language for term in concept} == set(LANGUAGES), [term.text for term in concept]


def test_inflected_compound_and_particle_forms_match() -> None:
    assert "annual leave" in _concept_heads("Wie viele Tage Jahresurlaub habe ich?")  # German compound
    assert "annual leave" in _concept_heads("Ile mam dni urlopu?")  # Polish inflection
    assert "per diem" in _concept_heads("Kolike su dnevnice u Njemačkoj?")  # Croatian inflection
    assert "annual leave" in _concept_heads("연차는 며칠인가요?")  # Korean noun with a particle
    assert "hotel" in _concept_heads("What is the hotel limit?")


def test_short_stems_do_not_match_unrelated_words() -> None:
    assert "gift" not in _concept_heads("Darf ich das mitnehmen?")  # Croatian "darov" is not German "darf"
    assert _concept_heads("When is this year's summer party?") == set()


def test_expansion_adds_the_other_languages_but_not_the_words_asked() -> None:
    expansion = Glossary([{"en": ["hotel"], "de": ["Übernachtung"], "ko": ["숙박"]}]).expand("hotel costs")
    assert expansion.terms == ("Übernachtung", "숙박")
    assert expansion.concepts == (("hotel", "Übernachtung", "숙박"),)


def test_a_german_question_finds_the_english_passage_through_the_glossary() -> None:
    texts = ["Hotels: at most EUR 150 per night.", "Trains: second class.", "Receipts are kept."]
    index = KeywordIndex(texts)
    question = "Wie teuer darf die Übernachtung sein?"
    plain = index.score(question)
    expanded = index.score(question, expansions=default_glossary().expand(question).concepts)
    assert plain.bm25[0] == 0
    assert expanded.bm25[0] > 0 and expanded.bm25.argmax() == 0
    assert list(expanded.concept_counts(np.arange(3))) == [1, 0, 0]


def test_rebuilding_tokenizes_only_new_passages() -> None:
    vocabulary = Vocabulary()
    KeywordIndex(["alpha beta", "gamma"], keys=["a", "b"], vocabulary=vocabulary)
    cached = vocabulary.passages["a"]
    index = KeywordIndex(["alpha beta", "delta"], keys=["a", "c"], vocabulary=vocabulary)
    assert vocabulary.passages["a"] is cached and set(vocabulary.passages) == {"a", "c"}
    assert index.score("delta").bm25.argmax() == 1


def test_fold_strips_accents_but_keeps_hangul() -> None:
    assert fold("Übernachtung Łódź ĐAK") == "ubernachtung lodz dak"
    assert fold("휴가는") == "휴가는"


def test_offices_are_place_concepts_in_their_inflected_forms() -> None:
    glossary = default_glossary()
    for question in (
        "Ile dni pracy zdalnej w Warszawie?",
        "Remote work in Warsaw?",
        "바르샤바 사무소 재택근무",
    ):
        expansion = glossary.expand(question)
        places = [
            concept for concept, place in zip(expansion.concepts, expansion.places, strict=True) if place
        ]
        assert [concept[0] for concept in places] == ["warsaw"], question
    assert not any(glossary.expand("How many days of annual leave do I get?").places)
