"""The replies the assistant gives without a model (refusals, failures, the loop cap), in the five languages.

They are chosen by the language of the user's message when it has one, else by the user's locale, so a
Korean speaker whose model is down is told so in Korean.
"""

from __future__ import annotations

from enum import StrEnum

from assistant.offline.language import detect_language, normalise_locale

MAX_MESSAGE_CHARS = 20_000


class Fixed(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    BINARY = "binary"
    NO_ANSWER = "no_answer"
    UNAVAILABLE = "unavailable"
    LOOP_CAP = "loop_cap"
    STILL_WAITING = "still_waiting"  # followed by the ids of proposals made before a failure


_TEXTS: dict[Fixed, dict[str, str]] = {
    Fixed.EMPTY: {
        "en": "Your message was empty. Ask me about orders, stock, customers, invoices, people or policies.",
        "de": "Ihre Nachricht war leer. Fragen Sie mich zu Bestellungen, Lagerbestand, Kunden, Rechnungen, "
        "Personal oder Richtlinien.",
        "pl": "Wiadomość była pusta. Zapytaj mnie o zamówienia, stany magazynowe, klientów, faktury, ludzi "
        "lub zasady firmy.",
        "hr": "Poruka je bila prazna. Pitajte me o narudžbama, zalihama, kupcima, računima, ljudima ili "
        "pravilima tvrtke.",
        "ko": "메시지가 비어 있습니다. 주문, 재고, 고객, 청구서, 직원 또는 회사 규정에 대해 물어보세요.",
    },
    Fixed.TOO_LONG: {
        "en": f"Your message is too long (over {MAX_MESSAGE_CHARS:,} characters). Please send a shorter "
        "question, or upload long text as a document.",
        "de": f"Ihre Nachricht ist zu lang (über {MAX_MESSAGE_CHARS:,} Zeichen). Bitte stellen Sie eine "
        "kürzere Frage oder laden Sie langen Text als Dokument hoch.",
        "pl": f"Wiadomość jest za długa (ponad {MAX_MESSAGE_CHARS:,} znaków). Zadaj krótsze pytanie albo "
        "prześlij długi tekst jako dokument.",
        "hr": f"Poruka je preduga (više od {MAX_MESSAGE_CHARS:,} znakova). Pošaljite kraće pitanje ili "
        "učitajte dugi tekst kao dokument.",
        "ko": f"메시지가 너무 깁니다({MAX_MESSAGE_CHARS:,}자 초과). 더 짧게 질문하거나 긴 글은 문서로 "
        "업로드해 주세요.",
    },
    Fixed.BINARY: {
        "en": "Your message looks like binary data, not text. Please send it as a document upload instead.",
        "de": "Ihre Nachricht sieht nach Binärdaten aus, nicht nach Text. Bitte laden Sie sie als Dokument hoch.",
        "pl": "Wiadomość wygląda na dane binarne, nie tekst. Prześlij ją jako dokument.",
        "hr": "Poruka izgleda kao binarni podaci, a ne tekst. Učitajte je kao dokument.",
        "ko": "메시지가 텍스트가 아닌 바이너리 데이터로 보입니다. 문서로 업로드해 주세요.",
    },
    Fixed.NO_ANSWER: {
        "en": "I have no answer to that. Try asking about one order, product, customer or invoice.",
        "de": "Darauf habe ich keine Antwort. Fragen Sie nach einer Bestellung, einem Produkt, einem Kunden "
        "oder einer Rechnung.",
        "pl": "Nie mam na to odpowiedzi. Zapytaj o konkretne zamówienie, produkt, klienta lub fakturę.",
        "hr": "Na to nemam odgovor. Pitajte o jednoj narudžbi, proizvodu, kupcu ili računu.",
        "ko": "그 질문에는 답할 수 없습니다. 주문, 상품, 고객 또는 청구서 하나에 대해 물어보세요.",
    },
    Fixed.UNAVAILABLE: {
        "en": "Sorry, the model is unavailable right now, so I could not answer. Nothing was changed. "
        "Please try again in a moment.",
        "de": "Das Sprachmodell ist gerade nicht erreichbar, daher konnte ich nicht antworten. Es wurde "
        "nichts geändert. Bitte versuchen Sie es gleich noch einmal.",
        "pl": "Model jest teraz niedostępny, więc nie mogłem odpowiedzieć. Nic nie zostało zmienione. "
        "Spróbuj ponownie za chwilę.",
        "hr": "Model trenutno nije dostupan pa nisam mogao odgovoriti. Ništa nije promijenjeno. "
        "Pokušajte ponovno za trenutak.",
        "ko": "지금은 모델을 사용할 수 없어 답변하지 못했습니다. 변경된 것은 없습니다. 잠시 후 다시 "
        "시도해 주세요.",
    },
    Fixed.LOOP_CAP: {
        "en": "I stopped: this request took too many steps without reaching an answer. Nothing was changed. "
        "Please ask again more specifically.",
        "de": "Ich habe abgebrochen: Die Anfrage brauchte zu viele Schritte ohne Ergebnis. Es wurde nichts "
        "geändert. Bitte fragen Sie genauer.",
        "pl": "Przerwałem: to zapytanie wymagało zbyt wielu kroków bez odpowiedzi. Nic nie zostało "
        "zmienione. Zapytaj bardziej konkretnie.",
        "hr": "Zaustavio sam se: zahtjev je trajao previše koraka bez odgovora. Ništa nije promijenjeno. "
        "Pitajte ponovno, konkretnije.",
        "ko": "중단했습니다. 이 요청은 답을 찾지 못한 채 단계가 너무 많아졌습니다. 변경된 것은 없습니다. "
        "더 구체적으로 다시 물어봐 주세요.",
    },
    Fixed.STILL_WAITING: {
        "en": "Already proposed and waiting for a decision:",
        "de": "Bereits vorgeschlagen und wartet auf eine Entscheidung:",
        "pl": "Już zaproponowane, czeka na decyzję:",
        "hr": "Već predloženo i čeka odluku:",
        "ko": "이미 제안되어 결정을 기다리는 작업:",
    },
}


def fixed_reply(kind: Fixed, language: str) -> str:
    """The reply in `language` (a locale such as 'de' or 'de-AT'), English when the language is not served."""
    return _TEXTS[kind].get(normalise_locale(language), _TEXTS[kind]["en"])


def reply_language(text: str, locale: str) -> str:
    """The language to answer in: the message's own when it shows one, else the user's locale."""
    return detect_language(text[:2_000], locale)


def is_fixed(kind: Fixed, text: str) -> bool:
    """Whether `text` is this fixed reply in any language (the loop cap's message is not a model call)."""
    return text in _TEXTS[kind].values()
