"""The web pages' words in the five languages, and which language a request gets.

The language comes from the selector (a cookie), else the browser's Accept-Language, else English. Every key
exists in every language (tests/web/test_languages.py holds that); `{name}` placeholders are filled by
`Translator`. What the assistant and the engines write (chat replies, summaries, previews) comes in their own
words and is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, get_args

from adapters.http.web.catalogue import CATALOGUE

Language = Literal["en", "de", "pl", "hr", "ko"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "en"
LANGUAGE_NAMES: Final[Mapping[Language, str]] = {
    "en": "English",
    "de": "Deutsch",
    "pl": "Polski",
    "hr": "Hrvatski",
    "ko": "한국어",
}


def as_language(value: str | None) -> Language | None:
    """'de' -> 'de'; anything that is not one of the five -> None."""
    for language in LANGUAGES:
        if value == language:
            return language
    return None


def from_accept_language(header: str | None) -> Language | None:
    """The best of the five that the browser asks for ('hr-HR,hr;q=0.9,en;q=0.5' -> 'hr'), else None."""
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            wanted.append((-quality, position, tag.split("-")[0].strip().lower()))
    for _, _, primary in sorted(wanted):
        if (language := as_language(primary)) is not None:
            return language
    return None


def pick_language(chosen: str | None, accept_language: str | None) -> Language:
    return as_language(chosen) or from_accept_language(accept_language) or DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """`t("key", name=...)` in templates and routes: the words of one language."""

    language: Language

    def __call__(self, key: str, **values: object) -> str:
        text = CATALOGUE[self.language].get(key) or CATALOGUE[DEFAULT_LANGUAGE][key]
        return text.format(**values) if values else text
