"""Every page in the five languages, the language chosen by selector or browser, and labels for every input."""

from __future__ import annotations

import re
import string

import pytest

from adapters.http.web.catalogue import CATALOGUE
from adapters.http.web.i18n import LANGUAGES, Translator, from_accept_language, pick_language
from assistant.db.models import Role
from tests.documents.service_support import HOTEL_RECEIPT
from tests.web.conftest import Web, csrf_of, main_text
from tests.web.support import pending_order

SIGN_IN_WORDS = {"en": "Sign in", "de": "Anmelden", "pl": "Zaloguj", "hr": "Prijava", "ko": "로그인"}
INBOX_WORDS = {
    "en": "Waiting for your decision",
    "de": "Wartet auf Ihre Entscheidung",
    "pl": "Czeka na Twoją decyzję",
    "hr": "Čeka vašu odluku",
    "ko": "결정을 기다리는 요청",
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_every_language_with_the_same_placeholders() -> None:
    assert set(CATALOGUE) == set(LANGUAGES)
    english = CATALOGUE["en"]
    for language in LANGUAGES:
        words = CATALOGUE[language]
        assert set(words) == set(english), language
        for key, text in words.items():
            assert text.strip(), (language, key)
            assert _placeholders(text) == _placeholders(english[key]), (language, key)


def test_a_translator_fills_its_placeholders() -> None:
    assert Translator("de")("home_title", name="Ana") == "Willkommen, Ana"
    assert Translator("ko")("home_pending", count=2) == "결정을 기다리는 요청: 2건"


@pytest.mark.parametrize(
    ("chosen", "header", "expected"),
    [
        (None, None, "en"),
        (None, "hr-HR,hr;q=0.9,en;q=0.5", "hr"),
        (None, "fr-FR,fr;q=0.9,de;q=0.8", "de"),
        (None, "en;q=0.2,ko;q=0.9", "ko"),
        (None, "pl;q=0,fr", "en"),
        (None, "de;q=nonsense, pl", "pl"),
        ("ko", "de", "ko"),
        ("xx", "pl", "pl"),
    ],
)
def test_the_language_comes_from_the_selector_then_the_browser(
    chosen: str | None, header: str | None, expected: str
) -> None:
    assert pick_language(chosen, header) == expected
    assert from_accept_language("") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_render_in_every_language(web: Web, language: str) -> None:
    sign_in = web.client.get("/app/sign-in", headers={"accept-language": language})
    assert f'<html lang="{language}">' in sign_in.text
    assert SIGN_IN_WORDS[language] in main_text(sign_in)
    pending_order(web.session, web.settings)
    web.person(Role.STAFF)
    chosen = web.client.post(
        "/app/language",
        data={"language": language, "next": "/app/actions", "csrf": web.csrf()},
        follow_redirects=False,
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/app/actions"
    inbox = web.client.get("/app/actions")
    assert f'<html lang="{language}">' in inbox.text
    assert INBOX_WORDS[language] in main_text(inbox)
    for path in ["/app", "/app/chat", "/app/documents", "/app/reports", "/app/no-such-page"]:
        page = web.client.get(path)
        assert f'<html lang="{language}">' in page.text, path
        assert CATALOGUE[language]["nav_documents"] in page.text or path.endswith("no-such-page")


def _unlabelled_controls(html: str) -> list[str]:
    """Inputs, selects and textareas (not hidden) without a <label for> naming their id."""
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    missing = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if 'type="hidden"' in tag:
            continue
        found = re.search(r'\bid="([^"]+)"', tag)
        if not found or found.group(1) not in labelled:
            missing.append(tag)
    return missing


def test_every_control_has_a_label_and_the_page_has_landmarks(web: Web) -> None:
    action, _ = pending_order(web.session, web.settings)
    assert not _unlabelled_controls(web.client.get("/app/sign-in").text)
    web.person(Role.STAFF)
    document = web.post(
        "/app/documents",
        files={"file": ("hotel.txt", HOTEL_RECEIPT, "text/plain")},
        form_page="/app/documents",
    ).headers["location"]
    pages = ["/app", "/app/chat", "/app/actions", f"/app/actions/{action.id}", "/app/documents", document]
    for path in [*pages, "/app/reports"]:
        html = web.client.get(path).text
        assert not _unlabelled_controls(html), path
        assert "<header" in html and "<nav" in html and '<main id="main"' in html, path
        assert 'href="#main"' in html, path  # the skip link
        assert html.count("<h1") == 1, path
    assert "<button" in web.client.get(f"/app/actions/{action.id}").text
    assert csrf_of(web.client.get("/app/actions").text)
