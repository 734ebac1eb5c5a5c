"""Which of the five supported languages a message is in: script for Korean, letters and stopwords for the rest."""

from __future__ import annotations

import re

SUPPORTED = ("en", "de", "pl", "hr", "ko")

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Letters only one of the Latin-script languages uses (ć, š, ž are shared by Polish and Croatian).
_LETTERS = {"pl": set("ąęłńśźżó"), "de": set("äöüß"), "hr": set("čđ")}
# 'lj', 'nj', 'dž', and the ijekavian 'ije'/'vje'/'mje' (izvještaj, mjesec, vrijeme) Polish writes 'ie'/'wie'/'mie'.
_HR_DIGRAPHS = ("lj", "nj", "dž", "ije", "vje", "mje")
_STOPWORDS = {
    "en": {
        "the",
        "a",
        "an",
        "of",
        "to",
        "is",
        "are",
        "was",
        "for",
        "in",
        "on",
        "my",
        "me",
        "show",
        "what",
        "where",
        "how",
        "many",
        "much",
        "please",
        "with",
        "from",
        "do",
        "we",
        "have",
        "our",
        "and",
        "can",
        "you",
        "which",
        "who",
        "order",
        "orders",
        "stock",
        "any",
        "i",
        "it",
        "there",
        "need",
    },
    "de": {
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "ist",
        "sind",
        "wo",
        "wie",
        "viele",
        "viel",
        "bitte",
        "mit",
        "von",
        "für",
        "im",
        "auf",
        "mein",
        "meine",
        "mir",
        "zeig",
        "haben",
        "wir",
        "und",
        "kannst",
        "du",
        "welche",
        "wer",
        "ich",
        "nicht",
        "noch",
        "bis",
        "vom",
        "zum",
        "zur",
        "es",
        "nach",
        "aus",
        "zusammen",
        "hallo",
        "bei",
        "an",
    },
    "pl": {
        "jest",
        "są",
        "gdzie",
        "jak",
        "ile",
        "proszę",
        "z",
        "od",
        "dla",
        "w",
        "na",
        "mój",
        "moje",
        "mi",
        "pokaż",
        "mamy",
        "i",
        "czy",
        "możesz",
        "które",
        "kto",
        "ja",
        "nie",
        "jeszcze",
        "do",
        "się",
        "to",
        "zamówienie",
        "zamówienia",
        "co",
        "jaki",
        "jaka",
        "klienta",
        "wyszukaj",
        "cześć",
        "hej",
    },
    "hr": {
        "je",
        "su",
        "gdje",
        "kako",
        "koliko",
        "molim",
        "s",
        "od",
        "za",
        "u",
        "na",
        "moj",
        "moja",
        "mi",
        "pokaži",
        "imamo",
        "i",
        "li",
        "možeš",
        "koje",
        "tko",
        "ja",
        "ne",
        "još",
        "do",
        "se",
        "to",
        "narudžba",
        "narudžbe",
        "što",
        "koji",
        "koja",
        "koju",
        "kakav",
        "ima",
        "iz",
        "sve",
        "svima",
        "bok",
        "novosti",
        "ga",
        "sam",
        "više",
        "klijenta",
        "potraži",
        "tražim",
        "kupac",
        "kupca",
        "dan",
    },
}


def normalise_locale(locale: str | None) -> str:
    """'de-AT' -> 'de'; anything unsupported -> 'en'."""
    code = (locale or "en").replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else "en"


def detect_language(text: str, default: str = "en") -> str:
    """The language of `text`; `default` (the user's locale) when the text gives no evidence."""
    fallback = normalise_locale(default)
    if _HANGUL.search(text):
        return "ko"
    lowered = text.lower()
    letters = set(lowered)
    scores = dict.fromkeys(("en", "de", "pl", "hr"), 0.0)
    for language, marks in _LETTERS.items():
        scores[language] += 2.0 * len(letters & marks)
    scores["hr"] += 0.5 * sum(lowered.count(digraph) for digraph in _HR_DIGRAPHS)
    for word in _WORD.findall(lowered):
        for language, words in _STOPWORDS.items():
            if word in words:
                scores[language] += 1.0
    best = max(scores.values())
    if best == 0:
        return fallback
    leaders = [language for language, score in scores.items() if score == best]
    return fallback if fallback in leaders else leaders[0]
