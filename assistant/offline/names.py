"""Names in a message: the customer, supplier or person it is about, and what product it speaks of.

Names follow marker words ('customer Müller', 'für Anna Müller', 'klienta Nowak', 'kupca Horvat', '김민준 고객');
a product is what is left once the words that only carry the request are removed. Lookups then tolerate
accents, inflection and typos (tools.lookup), so the raw words are passed on.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from assistant.offline import dates, slots
from assistant.offline.dates import fold_in_place

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    "beim",
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
    # German time nouns are capitalised: 'von letzter Woche' is a period, not a party
    "Woche",
    "Lieferzeit",
    "Lieferzeiten",
    "Vorlaufzeit",
    "Wochen",
    "Monat",
    "Monats",
    "Monaten",
    "Jahr",
    "Jahres",
    "Quartal",
    "Quartals",
    "Tag",
    "Tage",
    "Tagen",
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
    # German nouns of the trade, capitalised like names
    "Zahlung",
    "Zahlungen",
    "Zahlungseingänge",
    "Lieferung",
    "Lieferungen",
    "Ware",
    "Waren",
    "Inventur",
    "Retoure",
    "Rücksendung",
    "Einkaufsbestellung",
    "Einkaufsbestellungen",
    "Kundenkonto",
    "Kreditlimit",
    "Mitarbeiter",
    "Mitarbeiterin",
    "Artikel",
    "Aufträge",
}
# A Korean name before what it names ('김민준 고객', '새한솔루션이라는 고객', '정하은 님'), the whole word.
_KO_NAME = re.compile(
    r"(?<![\uac00-\ud7a3])((?:[\uac00-\ud7a3]{2,6}\s)?[\uac00-\ud7a3]{2,12}?)(?:이라는|라는|이란|란)?\s*"
    r"(?:고객|님|씨|공급업체|공급사|직원)"
)
# Company forms written around a Korean name: (주)다온테크, ㈜다온테크, 다온테크 주식회사.
_KO_COMPANY_FORM = re.compile(r"\(주\)|㈜|\s*주식회사")
_KO_FORMED_COMPANY = re.compile(r"(?:\(주\)|㈜)\s*([\uac00-\ud7a3A-Za-z][\uac00-\ud7a3A-Za-z&]{1,15})")
# The party a Korean request starts with: '한강물산 주문 목록', '미래테크 계정 잔액', '세빛전자에 ... 발주',
# '누리디지털에서 ... 주문'; a name, then a particle or a word about that party's records.
_KO_LEADING_PARTY = re.compile(
    r"^\s*([\uac00-\ud7a3A-Za-z][\uac00-\ud7a3A-Za-z&]{1,15}?)\s*"
    r"(?:(?:에서|에게|한테|이랑|하고|에)\s|(?:의\s*)?(?=(?:주문|계정|발주|거래|신용|잔액|미수금|연락처|전화|결제)))"
)
# Sentence-initial words that are not names (time, quantity, determiners, verbs' adnominal forms).
_KO_NOT_NAMES = {"최근", "대기", "배송", "오늘", "어제", "내일", "지난주", "이번", "지난", "다음", "전체", "모든",
                 "모두", "우리", "내", "제", "저", "그", "이", "고객", "직원", "공급업체", "공급사", "재고", "창고",
                 "신규", "새", "진행", "입고", "미결제", "연체", "이번달", "지난달"}  # fmt: skip
_KO_ADNOMINAL = re.compile(r"(?:된|인|는|던|운|할|한)$")
# Korean company names end in what the company does or is ('한강물산', '세빛전자', '누리디지털', '대한상사'): such a
# word names a party wherever it stands, with any particle after it dropped ('누리디지털로' -> '누리디지털').
_KO_COMPANY_SUFFIXES = ("물산", "전자", "디지털", "상사", "산업", "테크", "무역", "유통", "통상", "물류",
                        "로지스", "건설", "화학", "제약", "식품", "정밀", "시스템", "시스템즈", "솔루션",
                        "에너지", "코리아", "인터내셔널", "네트웍스", "바이오", "소프트", "모터스",
                        "상회", "공업", "제지", "컴퍼니", "그룹", "텍", "닉스", "미디어", "홀딩스",
                        "글로벌", "엔지니어링")  # fmt: skip
_KO_COMPANY_WORD = re.compile(
    rf"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{{1,10}}(?:{'|'.join(sorted(_KO_COMPANY_SUFFIXES, key=len, reverse=True))}))"
    r"(?:에서|에게|한테|으로|이랑|하고|은|는|이|가|을|를|의|에|도|로|와|과)?(?![\uac00-\ud7a3])"
)
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*"

_FILLER = {
    # English
    "the a an of to is are was for in on at my me show what where how many much please with from do we "
    "have has our and can you which who stock inventory level levels left available quantity check any "
    "is there in-stock find search look up sell catalogue catalog products product called named price "
    "prices variant variants colours colors come does it its units unit warehouse items item sku skus "
    "us there get give list all some tell about of doing across sites site locations warehouses got",
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
# One word per entry (the groups above are written as sentences per language).
_FILLER_WORDS = frozenset(word for group in _FILLER for word in group.split())
# Days and months are capitalised in English and German ('since Monday', 'seit Dezember'), so they look like
# names; short or name-like months (May, June, April, Jan) are left to the rest of the message.
_DATE_WORDS = frozenset(
    form
    for language in ("en", "de")
    for table in (dates.WEEKDAY_FORMS[language], dates.MONTH_FORMS[language])
    for form in table
    if len(form) >= 5 and form not in {"april", "august", "june", "july"}
) | frozenset(dates.RELATIVE_DAYS)
# German job titles are capitalised nouns: 'den Lagerleiter' is a role, not a name.
_JOB_TITLE = re.compile(r"(?:leiter|leiterin|chef|chefin|manager|managerin|direktor|direktorin|mitarbeiter"
                        r"|mitarbeiterin|kollege|kollegin|vorgesetzte[rn]?)$")  # fmt: skip
_CITY_STEMS = tuple(name for names in slots.WAREHOUSE_CITIES.values() for name in names if name.isascii())
_KO_PARTICLE = re.compile(r"(?<=[\uac00-\ud7a3])(?:에서|으로|은|는|이|가|을|를|의|에|도|로)$")


# Customer and supplier codes as the company writes them (C-00253, S-004): exact, so they win over names.
_PARTY_CODE = re.compile(r"(?<![\w-])[CS]-\d{3,6}(?![\w-])")


def _explicit_party(text: str) -> tuple[str | None, str]:
    """(an email, a party code or a Korean name in the message, or None; the text with codes masked)."""
    address = slots.email(text)
    if address:
        return address, text
    code = _PARTY_CODE.search(text)
    if code:
        return code[0], text
    text = _mask_codes(text)
    return korean_name(text), text


def person_name(text: str) -> str | None:
    """The customer, supplier or colleague named in the message (email, then a code, then a name)."""
    found, text = _explicit_party(text)
    if found:
        return found
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
            # the sentence's first word belongs to the name when the name starts right after it
            # ('Gertz Logistik moved', 'Kolbusz Handel zamawia'): a request word there is no name word
            first = re.match(rf"\s*({_CAPITALISED})\s+$", text[: match.start()])
            if first and _is_name_word(first[1].strip(".,:;!?")) and words[0] == match[1].split()[0]:
                words = [first[1], *words]
            return " ".join(words)
    return None


def _mask_codes(text: str) -> str:
    """Order, purchase-order and invoice numbers blanked out: a code is never a name."""
    for pattern in (slots.ORDER_NUMBER, slots.PURCHASE_ORDER_NUMBER, slots.INVOICE_NUMBER):
        text = pattern.sub(lambda match: " " * len(match[0]), text)
    return text


def korean_name(text: str) -> str | None:
    """The customer, supplier or colleague a Korean message names ('(주)미래테크 계정', '정하은 님')."""
    plain = _KO_COMPANY_FORM.sub("", text)
    marked = _KO_NAME.search(plain)
    if marked:
        return marked[1]
    leading = _KO_LEADING_PARTY.match(plain)
    if leading:
        word = leading[1]
        cities = {name for names in slots.WAREHOUSE_CITIES.values() for name in names}
        if (
            word not in _KO_NOT_NAMES
            and word not in cities
            and not _KO_ADNOMINAL.search(word)
            and re.search(r"[\uac00-\ud7a3]", word)
        ):
            return word
    return korean_company(text)


def korean_company(text: str) -> str | None:
    """A Korean company name by its form ('(주)아름오피스') or ending ('세빛전자 품목', '누리디지털로'), no particle."""
    formed = _KO_FORMED_COMPANY.search(text)
    if formed:
        return _KO_PARTICLE.sub("", formed[1])
    company = _KO_COMPANY_WORD.search(_KO_COMPANY_FORM.sub("", text))
    return company[1] if company and len(company[1]) >= 3 else None


# Endings of (German, capitalised) nouns that name records rather than parties.
_RECORD_NOUNS = ("rechnung", "rechnungen", "zahlung", "zahlungen", "bestellung", "bestellungen", "auftrag",
                 "auftrage", "lieferung", "lieferungen", "gutschrift", "gutschriften")  # fmt: skip


def _is_name_word(cleaned: str) -> bool:
    """A capitalised word that is not a request word, a day, a month or a warehouse city."""
    if not cleaned or not cleaned[0].isupper() or cleaned in _NOT_NAMES:
        return False
    if cleaned.isupper() and len(cleaned) <= 3:
        return False
    folded = fold_in_place(cleaned)
    if folded.endswith(_RECORD_NOUNS):
        return (
            False  # 'Eingangsrechnungen', 'Bestellungen': a capitalised German noun for records, not a name
        )
    return folded not in _DATE_WORDS and not folded.startswith(_CITY_STEMS) and not _JOB_TITLE.search(folded)


def is_party_word(word: str) -> bool:
    """Whether a word after 'from'/'for'/'bei'/'dla'... starts a company's or person's name."""
    return _is_name_word(word.strip(".,:;!?'’()\""))


def _leading_capitalised(words: list[str]) -> list[str]:
    kept: list[str] = []
    while words and words[0].strip(".,:;!?'’") in _NOT_NAMES:
        words = words[1:]
    for word in words:
        cleaned = word.strip(".,:;!?'’")
        if not _is_name_word(cleaned):
            break
        kept.append(cleaned)
    return kept


# Who supplies (from/bei/od/kod/u/w + name) and who buys (for/für/dla/za + name) in an order.
_SUPPLIER_MARKERS = ("from", "von", "vom", "bei", "beim", "od", "kod", "u", "w", "supplier", "vendor",
                     "lieferant", "lieferanten", "dostawcy", "dostawca", "dobavljača", "dobavljač", "dobavljaca",
                     "dobavljac")  # fmt: skip
_CUSTOMER_MARKERS = ("for", "für", "fur", "dla", "za", "customer", "client", "kunde", "kunden", "kundin", "klienta",
                     "klientki", "klient", "kupca", "kupac", "kupcu", "klijenta", "klijent")  # fmt: skip
# A name may run on over lowercase words ('Uredska oprema Jadran') until one of these, a number or a code.
_SPAN_STOP = {"for", "für", "fur", "from", "to", "into", "in", "ins", "im", "at", "with", "mit", "and", "und",
              "i", "oraz", "dla", "do", "na", "za", "w", "u", "z", "s", "iz", "od", "von", "vom", "bei", "beim",
              "please", "bitte", "proszę", "prosze", "molim", "an", "bestellen", "order", "kaufen"}  # fmt: skip


# The buyer as the subject of wanting: 'Kroker GmbH wants 4 x ...', 'Horvat d.o.o. želi ...'.
_WANTS = re.compile(
    rf"((?:{_CAPITALISED})(?:\s+[\w.&-]+){{0,3}}?)\s+(?:wants?|would like|needs?|möchte|mochte|will|braucht|chce|"
    rf"potrzebuje|želi|zeli|treba)\b"
)


def party_name(text: str, side: str) -> str | None:
    """The supplier (`side` 'supplier') or customer ('customer') of an order being placed, whole.

    'from Sebit Electronics for the Seoul warehouse' -> 'Sebit Electronics';
    'od Uredska oprema Jadran 50 x ...' -> 'Uredska oprema Jadran'; Korean: the name the request starts with.
    """
    found, text = _explicit_party(text)
    if found:
        return found
    if side == "customer":
        wanting = _WANTS.match(text.strip())
        if wanting and _is_name_word(wanting[1].split()[0]):
            return wanting[1]
    markers = _SUPPLIER_MARKERS if side == "supplier" else _CUSTOMER_MARKERS
    pattern = "|".join(sorted((re.escape(marker) for marker in markers), key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w-])(?:{pattern})\s+(\S.*)", text, re.IGNORECASE):
        span = _name_span(match[1])
        if span:
            return span
    return person_name(text)


def _name_span(rest: str) -> str | None:
    words: list[str] = []
    for raw in rest.split():
        cleaned = raw.strip(".,:;!?'’()\"")
        if not cleaned or cleaned.lower() in _SPAN_STOP or any(char.isdigit() for char in cleaned):
            break
        if not words and not _is_name_word(cleaned):
            return None
        if words and cleaned[0].isupper() and not _is_name_word(cleaned):
            break
        words.append(cleaned)
        if raw.rstrip()[-1:] in ",:;!?" or len(words) == 5:
            break
    while words and not words[-1][0].isupper():
        words.pop()  # 'Oderwald Architekten an': a trailing lowercase word is not part of the name
    return " ".join(words) or None


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
        if (
            word.lower() in _FILLER_WORDS
            or folded in _FILLER_WORDS
            or folded in cities
            or word in slots.WAREHOUSE_CITIES
        ):
            continue
        if word.lower() in {"w", "u", "z", "s", "i", "o", "a"}:
            continue
        kept.append(word)
    phrase = " ".join(kept).strip()
    return phrase or None


# --- which kind of party a name belongs to, from the database -------------------------------------------------

# Words in company names that say nothing about which company it is.
_LEGAL_WORDS = frozenset({"gmbh", "d.o.o.", "d.o.o", "doo", "sp.", "z", "o.o.", "o.o", "s.a.", "s.a", "ab", "ltd",
                          "ltd.", "inc", "inc.", "co.", "co", "kg", "ag", "s.r.l.", "srl", "und", "and", "&", "the",
                          "주식회사", "(주)", "systemy", "group", "handel", "trade"})  # fmt: skip
# A legal form in the message: the name is a company's, never a colleague's.
_LEGAL_FORM = re.compile(
    r"\b(?:gmbh|d\.o\.o\.?|sp\. ?z ?o\.o\.?|s\.a\.|s\.r\.l\.|ltd\.?|inc\.?|ag|kg|ab)(?=\W|$)|\(주\)|주식회사",
    re.IGNORECASE,
)
_PARTY_WORDS: dict[str, dict[str, str]] = {}
_PARTY_LOCK = threading.Lock()
_MIN_STEM = 4


def names_a_company(text: str) -> bool:
    return _LEGAL_FORM.search(text) is not None


def _party_words(session: Session) -> dict[str, str]:
    """Distinctive folded words of supplier, customer and employee names -> 'supplier' | 'customer' |
    'employee'; read once per database (the names of a back office change rarely, and a restart refreshes them).
    A word shared by parties of different kinds is dropped: it cannot tell them apart."""
    from sqlalchemy import select

    from assistant.db.models import Customer, Employee, Supplier

    bind = session.get_bind()
    key = str(bind.engine.url)
    with _PARTY_LOCK:
        cached = _PARTY_WORDS.get(key)
        if cached is not None:
            return cached
        found: dict[str, str] = {}
        ambiguous: set[str] = set()
        for kind, column in (
            ("supplier", Supplier.name),
            ("customer", Customer.name),
            ("employee", Employee.name),
        ):
            for name in session.scalars(select(column)):
                for word in fold_in_place(name).split():
                    word = word.strip(".,()\"'")
                    if len(word) < _MIN_STEM or word in _LEGAL_WORDS:
                        continue
                    if found.get(word, kind) != kind:
                        ambiguous.add(word)
                    found[word] = kind
        cached = {word: kind for word, kind in found.items() if word not in ambiguous}
        _PARTY_WORDS[key] = cached
        return cached


def party_kind(text: str, session: Session | None) -> str | None:
    """'supplier', 'customer' or 'employee' when a capitalised word of the message is (an inflected form of) a
    distinctive word of one of their names ('Meblexu' -> Meblex, 'Vrbovca' -> Vrbovec); None when nothing tells."""
    if session is None:
        return None
    known = _party_words(session)
    for raw in re.findall(r"[^\W\d_][\w.-]*", text):
        if not raw[0].isupper() and not ("\uac00" <= raw[0] <= "\ud7a3"):
            continue
        word = fold_in_place(raw).strip(".-")
        if len(word) < _MIN_STEM:
            continue
        if word in known:
            return known[word]
        for name in _by_prefix(session, known).get(word[:_MIN_STEM], ()):
            # an inflected form keeps all but the name's last two letters ('vrbovec' / 'vrbovca', 'meblexu')
            shared = len(_common_prefix(word, name))
            if shared >= max(_MIN_STEM, len(name) - 2) and len(word) <= len(name) + 3:
                return known[name]
    return None


_PREFIXES: dict[int, dict[str, tuple[str, ...]]] = {}


def _by_prefix(session: Session, known: dict[str, str]) -> dict[str, tuple[str, ...]]:
    index = _PREFIXES.get(id(known))
    if index is None:
        grouped: dict[str, list[str]] = {}
        for name in known:
            grouped.setdefault(name[:_MIN_STEM], []).append(name)
        index = {prefix: tuple(words) for prefix, words in grouped.items()}
        _PREFIXES.clear()
        _PREFIXES[id(known)] = index
    return index


def _common_prefix(first: str, second: str) -> str:
    size = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        size += 1
    return first[:size]
