"""Names in a message: the customer, supplier or person it is about, and what product it speaks of.

Names follow marker words ('customer Müller', 'für Anna Müller', 'klienta Nowak', 'kupca Horvat', '김민준 고객');
a product is what is left once the words that only carry the request are removed. Lookups then tolerate
accents, inflection and typos (tools.lookup), so the raw words are passed on.
"""

from __future__ import annotations

import re

from assistant.offline import slots
from assistant.offline.dates import fold_in_place

_NAME_MARKERS = [
    "customer",
    "client",
    "named",
    "called",
    "for",
    "of",
    "from",
    "to",
    "with",
    "customers",
    "clients",
    "supplier",
    "colleague",
    "kunde",
    "kunden",
    "kundin",
    "kunden",
    "namens",
    "für",
    "von",
    "bei",
    "herrn",
    "herr",
    "frau",
    "lieferant",
    "lieferanten",
    "kollegin",
    "kollegen",
    "klient",
    "klienta",
    "klientki",
    "klientka",
    "dla",
    "od",
    "u",
    "do",
    "nazwisku",
    "dostawcy",
    "dostawca",
    "koleżankę",
    "kolegę",
    "kupac",
    "kupca",
    "kupcu",
    "klijent",
    "klijenta",
    "za",
    "kod",
    "dobavljača",
    "dobavljač",
    "kolegicu",
    "kolegu",
    "imenom",
]
_NOT_NAMES = {
    "I",
    "The",
    "A",
    "An",
    "Please",
    "Show",
    "Find",
    "List",
    "What",
    "Which",
    "Where",
    "Who",
    "How",
    "Is",
    "Are",
    "Do",
    "Does",
    "Can",
    "Order",
    "Orders",
    "Zeig",
    "Zeige",
    "Finde",
    "Liste",
    "Welche",
    "Wie",
    "Wo",
    "Wer",
    "Bitte",
    "Kunde",
    "Kunden",
    "Bestellung",
    "Bestellungen",
    "Auftrag",
    "Herrn",
    "Frau",
    "Pokaż",
    "Znajdź",
    "Lista",
    "Jakie",
    "Które",
    "Gdzie",
    "Kto",
    "Czy",
    "Proszę",
    "Pokaži",
    "Pronađi",
    "Popis",
    "Koje",
    "Gdje",
    "Tko",
    "Molim",
    "Hamburg",
    "Warsaw",
    "Warschau",
    "Warszawa",
    "Zagreb",
    "Seoul",
    "SKU",
    "USA",
    "EUR",
    "PLN",
    "KRW",
    "Lager",
    "Urlaub",
    "Rechnung",
    "Rechnungen",
    "Lieferant",
    "Lieferanten",
    "Bestand",
    "Stück",
    "Mai",
    "March",
}
_KO_NAME = re.compile(
    r"((?:[\uac00-\ud7a3]{2,6}\s)?[\uac00-\ud7a3]{2,6})\s*(?:고객|님|씨|공급업체|공급사|직원)"
)
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*"

_FILLER = {
    # English
    "the a an of to is are was for in on at my me show what where how many much please with from do we "
    "have has our and can you which who stock inventory level levels left available quantity check any "
    "is there in-stock find search look up sell catalogue catalog products product called named price "
    "prices variant variants colours colors come does it its units unit warehouse items item sku skus "
    "us there get give list all some tell about of",
    # German
    "der die das den dem des ein eine einen ist sind wo wie viele viel bitte mit von für im in auf mein "
    "meine mir zeig zeige haben wir und kannst du welche welcher wer noch lager lagerbestand bestand "
    "vorrätig vorratig verfügbar verfugbar menge gibt es es suche such durchsuche katalog produkte "
    "produkt namen dem kostet was prüfen prufen stück stuck varianten farben artikel",
    # Polish
    "jest są sa gdzie jak ile proszę prosze z od dla w na mój moj moje mi pokaż pokaz mamy i czy możesz "
    "mozesz które ktore kto stanie stan magazynie magazynowy magazyn zostało zostalo towaru dostępna "
    "dostepna dostępne dostepne ilość ilosc sprawdź sprawdz sprzedajemy znajdź znajdz produkty produkt "
    "nazwie o kosztuje jakie jaki jakich kolorach warianty sztuk zapas zapasie",
    # Croatian
    "je su gdje kako koliko molim s od za u na moj moja mi pokaži pokazi imamo i li možeš mozes koje tko "
    "zalihi zaliha zalihu stanje skladištu skladistu skladište skladiste ima ostalo robe dostupna "
    "količina kolicina provjeri prodajemo pronađi pronadi proizvode proizvod nazivom pod košta kosta "
    "kojim bojama dolazi varijante postoje komada",
    # Korean
    "재고 몇 개 있어 있어? 수량 확인 확인해줘 알려줘 얼마나 남았어 남았어? 가용 창고 제품 찾아줘 팔아 팔아? "
    "검색 검색해줘 가격 얼마야 얼마야? 옵션 종류 보여줘 뭐 카탈로그에서 색상 상품",
}
_KO_PARTICLE = re.compile(r"(?<=[\uac00-\ud7a3])(?:에서|으로|은|는|이|가|을|를|의|에|도|로)$")


# Customer and supplier codes as the company writes them (C-00253, S-004): exact, so they win over names.
_PARTY_CODE = re.compile(r"(?<![\w-])[CS]-\d{3,6}(?![\w-])")


def person_name(text: str) -> str | None:
    """The customer, supplier or colleague named in the message (email, then a code, then a name)."""
    address = slots.email(text)
    if address:
        return address
    code = _PARTY_CODE.search(text)
    if code:
        return code[0]
    korean = _KO_NAME.search(text)
    if korean:
        return korean[1]
    markers = "|".join(sorted((re.escape(marker) for marker in _NAME_MARKERS), key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\w)(?:{markers})\s+((?:{_CAPITALISED})(?:\s+{_CAPITALISED}){{0,2}})", re.IGNORECASE
    )
    for match in pattern.finditer(text):
        words = _leading_capitalised(match[1].split())
        if words:
            return " ".join(words)
    for match in re.finditer(rf"(?<!^)(?<![.!?]\s)\b({_CAPITALISED}(?:\s+{_CAPITALISED})?)", text):
        words = _leading_capitalised(match[1].split())
        if words and not slots.sku_candidates(match[1]) and not slots.ORDER_NUMBER.search(match[1]):
            return " ".join(words)
    return None


def _leading_capitalised(words: list[str]) -> list[str]:
    kept: list[str] = []
    while words and words[0].strip(".,:;!?'’") in _NOT_NAMES:
        words = words[1:]
    for word in words:
        cleaned = word.strip(".,:;!?'’")
        if (
            not cleaned
            or not cleaned[0].isupper()
            or cleaned in _NOT_NAMES
            or (cleaned.isupper() and len(cleaned) <= 3)
        ):
            break
        kept.append(cleaned)
    return kept


def product_words(text: str, *, drop: str | None = None) -> str | None:
    """What the message asks about once request words, numbers, codes, places and `drop` (a name) are removed."""
    cleaned = text
    for pattern in (slots.ORDER_NUMBER, slots.EMAIL, slots.PURCHASE_ORDER_NUMBER, slots.INVOICE_NUMBER):
        cleaned = pattern.sub(" ", cleaned)
    if drop:
        cleaned = cleaned.replace(drop, " ")
    cleaned = re.sub(r"[\d]+\s*(?:개|대|장)?", " ", cleaned)
    cities = {name for names in slots.WAREHOUSE_CITIES.values() for name in names}
    kept = []
    for raw in re.findall(r"[\w'’-]+", cleaned):
        word = _KO_PARTICLE.sub("", raw)
        folded = fold_in_place(word)
        if word.lower() in _FILLER or folded in _FILLER or folded in cities or word in slots.WAREHOUSE_CITIES:
            continue
        if word.lower() in {"w", "u", "z", "s", "i", "o", "a"}:
            continue
        kept.append(word)
    phrase = " ".join(kept).strip()
    return phrase or None
