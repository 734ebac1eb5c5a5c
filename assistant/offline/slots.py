"""Pieces of a message a tool needs: order numbers, SKUs, quantities, money, warehouses, names and codes.

Everything here reads text; the functions that take a Session only confirm candidates against the database
(exact SKUs, warehouse codes). Dates live in `dates.py`; assembling a tool's arguments in `arguments.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import Variant, Warehouse
from assistant.offline.dates import fold_in_place
from tools.lookup import normalise_order_number

# Codes end where ASCII letters and digits end: Korean particles join them ('SO-105999에서', 'IT-KB-KR로').
ORDER_NUMBER = re.compile(r"(?<![A-Za-z0-9_-])(#?W\d{7}|SO-\d{3,})(?![A-Za-z0-9_-])", re.IGNORECASE)
# PO-2025-0021 (the demo company's year and count) or PO-000123[-2] (one created by the purchasing tools).
PURCHASE_ORDER_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_-])PO-(?:\d{4}-\d{3,}|\d{3,}(?:-\d{1,3})?)(?![A-Za-z0-9_-])", re.IGNORECASE
)
INVOICE_NUMBER = re.compile(r"(?<![A-Za-z0-9_-])INV-\d{4}-\d{3,}(?![A-Za-z0-9_-])", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PAYMENT_METHOD = re.compile(
    r"(?<![A-Za-z0-9_-])(?:credit_card|gift_card|paypal|bank_transfer|invoice)_\d+(?![A-Za-z0-9_-])"
)
_SKU_CANDIDATE = re.compile(r"(?<![A-Za-z0-9_#-])([A-Za-z0-9]+(?:-[A-Za-z0-9]+)+|\d{10})(?![A-Za-z0-9_-])")
_CODE_PREFIXES = ("SO-", "PO-", "INV-", "SUP-")
# A customer's code (C-00090) names a party, not goods.
_PARTY_CODE = re.compile(r"[CS]-\d{3,6}")

_QUANTITY = re.compile(
    # A sentence's comma or full stop may follow a count ("by -3, damaged"); a decimal or a date may not.
    r"(?<![\w.,:/#-])([+-]?\d{1,6})(?!\d|[.,:/-]\d)\s*(?:x\s+|×\s*)?(개|대|장|박스|세트|pcs\b)?"
)
_MONEY = re.compile(
    r"(?:(€|\$|₩)\s*(\d+(?:[.,]\d{1,2})?))|(?:(\d+(?:[.,]\d{1,2})?)\s*(€|eur\b|euro\b|zł|pln\b|kn\b|원|krw\b|usd\b))",
    re.IGNORECASE,
)

# Warehouse codes and how people name their cities.
WAREHOUSE_CITIES = {
    "HAM": ("hamburg", "hamburgu", "함부르크"),
    "WAW": ("warsaw", "warschau", "warszaw", "varsav", "바르샤바"),  # stems: do Warszawy, u Varšavi
    "ZAG": ("zagreb", "zagrebu", "zagrzeb", "zagrzebiu", "자그레브"),
    "SEL": ("seoul", "seul", "seulu", "서울"),
}
_CANCEL_REASONS = {
    "ordered by mistake": (
        "mistake", "by accident", "accidentally", "wrong order", "versehen", "falsch bestellt", "verbestellt", "pomyl",
        "przez przypadek", "omylk", "greskom", "pogresno", "slucajno", "실수", "잘못",
    ),
    "no longer needed": (
        "no longer", "not needed", "don't need", "do not need", "doesn't need", "anymore", "nicht mehr",
        "brauch", "niepotrzeb", "juz nie", "nie potrzeb", "vise ne", "ne treba", "ne trebaju", "필요 없", "필요없",
    ),
}  # fmt: skip
_LEAVE_TYPES = {
    "sick": ("sick", "ill", "krank", "chor", "zwolnien", "bolest", "bolovanj", "병가", "아파"),
    "unpaid": ("unpaid", "unbezahlt", "bezplatn", "neplacen", "무급"),
}
_ORDER_STATUSES = {
    "cancelled": ("cancelled", "canceled", "storniert", "anulowan", "otkazan", "취소된"),
    "delivered": (
        "delivered",
        "geliefert",
        "zugestellt",
        "dostarczon",
        "isporucen",
        "dostavljen",
        "배송 완료",
    ),
    "shipped": ("shipped", "versendet", "verschickt", "wyslan", "poslan", "배송된", "발송된"),
    "pending": (
        "pending",
        "offen",
        "open",
        "oczekuj",
        "czekaj",
        "otwart",
        "na cekanju",
        "otvoren",
        "대기",
        "not yet shipped",
        "noch nicht versendet",
        "nie wyslan",
        "nisu poslan",
        "미발송",
    ),
    "processed": ("processed", "bearbeitet", "przetworzon", "obraden", "처리된"),
    "return requested": (
        "return requested",
        "returns requested",
        "rucksendung angefordert",
        "rucksendung angefragt",
        "rucksendung beantragt",
        "zgloszony zwrot",
        "zgloszonym zwrotem",
        "zatrazen povrat",
        "zatrazenim povratom",
        "반품 요청",
    ),
    "exchange requested": (
        "exchange requested",
        "umtausch angefordert",
        "zgloszona wymiana",
        "zatrazena zamjena",
        "교환 요청",
    ),
}
_INVOICE_STATUSES = {
    "overdue": ("overdue", "past due", "po terminie", "기한 지난", "uberfallig", "przetermin", "zaleg",
                "dospjel", "kasn", "연체"),
    "paid": ("paid invoices", "bezahlte", "oplacone", "placeni racuni", "결제 완료"),
    "open": ("open", "offen", "unpaid", "unbezahlt", "nieoplac", "niezaplac", "otvoren", "neplacen", "미결제",
             "미지급", "미납", "미수", "안 낸", "안낸", "안 냈", "아직 안 들어온"),
}  # fmt: skip
_PAYABLE = (
    "supplier",
    "lieferant",
    "dostawc",
    "dobavlja",
    "공급",
    "payable",
    "we owe",
    "made to",
    "paid out",
    # what we buy or are billed for: incoming invoices, purchase invoices
    "eingangsrechnung",
    "purchase invoice",
    "vendor bill",
    "faktury zakup",
    "ulazn",
    "매입",
    "지급해야",
)
# Money we sent: 'what did we transfer to X', 'was haben wir an X überwiesen', 'ile przelaliśmy', '송금한'.
_WE_SENT = re.compile(
    r"\b(?:we (?:paid|sent|transferred|wired)|(?:did|have) we (?:pay|paid|send|sent|transfer\w*))\b"
    # what we still owe: 'do we still owe X', 'bills from X', 'schulden wir', 'jesteśmy winni', 'dugujemo'
    r"|\bwe (?:\w+ )?owe\b|\b(?:bills?|invoices?) from\b|\bschulden wir\b|\bwir schulden\b"
    r"|\b(?:jestesmy|jestem) (?:\w+ )?winn|\bdugujemo\b|매입채무|줘야 할|줘야할"
    r"|\bwir\b[^.?!]{0,40}\b(?:uberwiesen|bezahlt|gezahlt)\b|\b(?:uberwiesen|zahlten) wir\b"
    r"|(?:zaplacil|przelal|wyslal)\w*smy|(?:platili|uplatili|poslali|prebacili) smo|송금했|송금한|보낸 돈"
)
_RECEIVABLE = ("customer", "kunde", "klient", "kupac", "kupc", "고객", "received", "incoming", "eingegangen",
               "zahlungseing", "otrzyman", "wplyw", "wplat", "primljen", "입금",
               # money that came to us: 'pay us', 'uns gezahlt', 'zapłacił nam', 'platio nam', 'primili', 'AR'
               "pay us", "paid us", "pays us", "owe us", "owes us", "uns bezahlt", "uns gezahlt", "an uns",
               "zaplacil nam", "zaplacili nam", "przelal nam", "platio nam", "platili nam", "uplatio nam",
               "uplatili nam", "primili", "primljeno", "dobili smo", "otrzymalismy", "receivable", "forderung",
               "naleznosc", "potrazivanj", "매출채권", "미수", "받은", "받을", "들어온")  # fmt: skip


def fold_text(text: str) -> str:
    return fold_in_place(text)


def _any(folded: str, needles: tuple[str, ...]) -> bool:
    return any(needle in folded for needle in needles)


# An order's number written without its prefix after the word: 'order 105943', 'Bestellung 105943', '주문 105943'.
_BARE_ORDER = re.compile(
    r"(?i:\b(?:order|bestellung|auftrag|zam[oó]wieni\w*|narud[zž]b\w*)\s*(?:no\.?|nr\.?|br\.?|#)?\s*)(\d{6})\b"
    r"|주문\s*(\d{6})\b"
)


def order_numbers(text: str) -> list[str]:
    found = [normalise_order_number(match) for match in ORDER_NUMBER.findall(text)]
    if not found:
        found = [f"SO-{match[0] or match[1]}" for match in _BARE_ORDER.findall(text)]
    return found


def purchase_order_number(text: str) -> str | None:
    match = PURCHASE_ORDER_NUMBER.search(text)
    return match[0].upper() if match else None


def invoice_number(text: str) -> str | None:
    match = INVOICE_NUMBER.search(text)
    return match[0].upper() if match else None


def email(text: str) -> str | None:
    match = EMAIL.search(text)
    return match[0] if match else None


def payment_method(text: str) -> str | None:
    match = PAYMENT_METHOD.search(text)
    return match[0] if match else None


def sku_candidates(text: str) -> list[str]:
    """Tokens shaped like a SKU (letters and digits joined by hyphens, or tau2's ten-digit item ids)."""
    found = []
    for token in _SKU_CANDIDATE.findall(text):
        upper = token.upper()
        coded = any(char.isdigit() for char in token) or (token.isupper() and len(token) >= 5)
        if upper.startswith(_CODE_PREFIXES) or not coded or _PARTY_CODE.fullmatch(upper):
            continue
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", token) or (
            re.fullmatch(r"[\d-]+", token) and len(token) != 10
        ):
            continue
        found.append(token if token.isdigit() else upper)
    return found


_UNIT = r"(?:x|×|stk\.?|stuck|szt\.?|sztuk\w*|kom\.?|komad\w*|pcs\.?|pieces?|units?|개|대|장|박스|세트)"
_COUNT_BEFORE = re.compile(rf"(?<![\w.,:/#-])(\d{{1,6}})\s*(?:{_UNIT}\s*)?(?:of\s+)?[:]?\s*$", re.IGNORECASE)
_COUNT_AFTER = re.compile(rf"^\s*(?:x|×|:|=)?\s*(\d{{1,6}})(?![\d.,:/-]\d)\s*(?:{_UNIT})?", re.IGNORECASE)


def sku_counts(text: str) -> list[tuple[str, int | None]]:
    """Each SKU candidate with the count written next to it: '20 Stk A, 12 B', '3x A', 'A 10개', 'A x 2'.

    A message writes its counts on one side of the SKUs; the side that binds more of them is taken, so a count
    is never given to the neighbouring SKU.
    """
    text = numerals(text)
    spans = [
        (match.start(1), match.end(1), match[1])
        for match in _SKU_CANDIDATE.finditer(text)
        if sku_candidates(match[1])
    ]
    befores: list[int | None] = []
    afters: list[int | None] = []
    for index, (start, end, _) in enumerate(spans):
        previous_end = spans[index - 1][1] if index else 0
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        before = _COUNT_BEFORE.search(text[previous_end:start])
        after = _COUNT_AFTER.match(text[end:next_start])
        befores.append(int(before[1]) if before else None)
        afters.append(int(after[1]) if after else None)
    side = befores if sum(c is not None for c in befores) >= sum(c is not None for c in afters) else afters
    return [
        (token if token.isdigit() else token.upper(), count)
        for (_, _, token), count in zip(spans, side, strict=True)
    ]


def skus(text: str, session: Session | None = None) -> list[str]:
    """SKUs in the message, in order, repeats kept; confirmed by exact match when a session is given."""
    candidates = sku_candidates(text)
    if session is None or not candidates:
        return candidates
    known = set(session.scalars(select(Variant.sku).where(Variant.sku.in_(set(candidates)))))
    return [candidate for candidate in candidates if candidate in known]


# Counts written as words ('twelve', 'fünf', 'pięć', 'dvije', '스무 개'). German 'ein/eine' is left out: it is
# the article far more often than a count.
_NUMBER_WORDS = {
    1: "one jeden jedna jedną jedno jedan jednu",
    2: "two zwei dwa dwie dwóch dwu dva dvije",
    3: "three drei trzy trzech tri",
    4: "four vier cztery czterech četiri",
    5: "five fünf pięć pięciu pet",
    6: "six sechs sześć sześciu šest",
    7: "seven sieben siedem sedam",
    8: "eight acht osiem osam",
    9: "nine neun dziewięć devet",
    10: "ten zehn dziesięć dziesięciu deset",
    11: "eleven elf jedenaście jedanaest",
    12: "twelve zwölf dwanaście dvanaest dozen",
    15: "fifteen fünfzehn piętnaście petnaest",
    20: "twenty zwanzig dwadzieścia dvadeset",
}
_WORD_VALUES = {word: value for value, words in _NUMBER_WORDS.items() for word in words.split()}
_NUMBER_WORD = re.compile(
    rf"(?<![\w-])({'|'.join(sorted(_WORD_VALUES, key=len, reverse=True))})(?![\w-])", re.IGNORECASE
)
_KO_NUMBER_WORDS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
                    "열두": 12, "스무": 20}  # fmt: skip
_KO_NUMBER_WORD = re.compile(
    rf"(?<![\uac00-\ud7a3])({'|'.join(sorted(_KO_NUMBER_WORDS, key=len, reverse=True))})\s*(?=개|대|장|박스|세트|켤레)"
)


def numerals(text: str) -> str:
    """The text with counts written as words turned into digits: 'twelve PP-A4' -> '12 PP-A4', '스무 개' -> '20개'."""
    text = _NUMBER_WORD.sub(lambda match: str(_WORD_VALUES[match[1].lower()]), text)
    return _KO_NUMBER_WORD.sub(lambda match: str(_KO_NUMBER_WORDS[match[1]]), text)


def quantities(text: str) -> list[int]:
    """Counts of things: '20 chairs', '20 Stühle', '20 krzeseł', '2 x CHR-001', '의자 20개', '-3', 'five chairs'."""
    masked = numerals(text)
    for pattern in (
        ORDER_NUMBER,
        PURCHASE_ORDER_NUMBER,
        INVOICE_NUMBER,
        EMAIL,
        _SKU_CANDIDATE,
        PAYMENT_METHOD,
    ):
        masked = pattern.sub(lambda match: " " * len(match[0]), masked)
    masked = re.sub(
        r"\d{1,4}[.-]\d{1,2}[.-]\d{0,4}\.?|\d+\s*(?:월|일)|\d+:\d+", lambda m: " " * len(m[0]), masked
    )
    masked = _MONEY.sub(lambda match: " " * len(match[0]), masked)
    found = []
    for match in _QUANTITY.finditer(masked):
        after = masked[match.end() : match.end() + 12].lower()
        # '3. studenog', '3. März' (an ordinal: a day) and '3 days' are not counts of things
        if re.match(r"\s*(?:\.\s*\w|(?:days?|tage?|dni|dan|dana|일|march|marca|ozujka|marz)\b)", after):
            continue
        found.append(int(match[1]))
    return found


def money(text: str) -> Decimal | None:
    match = _MONEY.search(text)
    if not match:
        return None
    raw = match[2] or match[3]
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None


def warehouse(text: str, session: Session | None = None) -> str | None:
    """A warehouse code written as such (HAM) or as its city ('in Hamburg', 'w Warszawie', '서울 창고')."""
    codes = set(WAREHOUSE_CITIES)
    if session is not None:
        codes |= set(session.scalars(select(Warehouse.code)))
    for token in re.findall(r"(?<![\w-])[A-Z]{3}(?![A-Za-z0-9_-])", text):  # 'SEL에': a particle may follow
        if token in codes:
            return str(token)
    folded = fold_text(text)
    for code, names in WAREHOUSE_CITIES.items():
        if any(re.search(rf"(?<!\w){re.escape(name)}", folded) for name in names):
            return code
    return None


def cancel_reason(text: str) -> str | None:
    folded = fold_text(text)
    for reason, needles in _CANCEL_REASONS.items():
        if _any(folded, needles):
            return reason
    return None


def leave_type(text: str) -> str:
    folded = fold_text(text)
    if re.search(r"\bl4\b", folded):
        return "sick"  # Polish 'L4': the doctor's sick note
    for kind, needles in _LEAVE_TYPES.items():
        if _any(folded, needles):
            return kind
    return "annual"


# Annual leave named as such: 'annual leave', 'Urlaub', 'urlop wypoczynkowy', 'godišnji', '연차'.
_ANNUAL = ("annual leave", "vacation", "holiday", "urlaub", "urlop wypoczynkowy", "wypoczynkow", "godisnj",
           "연차")  # fmt: skip


def names_annual_leave(text: str) -> bool:
    return _any(fold_text(text), _ANNUAL)


# A status denied is not the one asked for: 'shipped but not delivered yet', 'noch nicht geliefert'.
_NOT_BEFORE = re.compile(r"(?:\bnot|\bnoch nicht|\bnicht|\bnie|\bnije|\bnisu|\bjos nije|n't)\s+(?:\w+\s+)?$")


def order_status(text: str) -> str | None:
    folded = fold_text(text)
    found: list[tuple[int, str]] = []
    for status, needles in _ORDER_STATUSES.items():
        for needle in needles:
            for match in re.finditer(re.escape(needle), folded):
                if not _NOT_BEFORE.search(folded[: match.start()]):
                    found.append((match.start(), status))
    return min(found)[1] if found else None


# The due date has passed: 'past the due date', 'Frist abgelaufen', 'minął termin', 'prošao rok', '기한이 지난'.
_OVERDUE = re.compile(
    r"\b(?:due date (?:has |is )?(?:passed|gone)|past (?:the |their )?due|(?:frist|zahlungsziel|falligkeit)\w* "
    r"(?:ist )?(?:abgelaufen|uberschritten|verstrichen)|(?:minal|uplynal|przekroczon\w*) termin|termin\w* "
    r"(?:minal|uplynal)|(?:prosao|istekao|probijen)\w* rok|rok\w*(?: placanja)? (?:je )?(?:prosao|istekao))"
    r"|기한이? ?(?:지난|넘은|지났)"
)
# 'not (fully) paid', 'nicht (vollständig) bezahlt', 'nie (w pełni) zapłacone', 'nisu (u cijelosti) plaćeni'.
_NOT_PAID = re.compile(
    r"(?:\b(?:not|nicht|noch nicht|nie|nisu|nije|ni)|n't)\s+(?:\w+\s+){0,3}?"
    r"(?:paid|settled|bezahlt|beglichen|zaplac\w*|oplac\w*|splac\w*|placen\w*|podmiren\w*)"
    r"|(?:paid|bezahlt|zaplac\w*|oplac\w*|placen\w*)\s+(?:\w+\s+)?(?:nicht|nie|nisu|nije)\b"
    r"|\b(?:ne|nie)(?:za|o|s)?plac|\bunpaid|\bunbezahlt|\bniezaplac|\bnieoplac"
    r"|(?:결제|지급|입금|납부)\S* ?안 ?(?:된|한|했|됐)|(?:결제|지급|입금|납부)(?:되|하)지 ?않"
)


def invoice_status(text: str) -> str | None:
    folded = fold_text(text)
    if _OVERDUE.search(folded) or _any(folded, _INVOICE_STATUSES["overdue"]):
        return "overdue"  # 'fell due and not paid' is overdue
    if _NOT_PAID.search(folded):
        return "open"
    for status, needles in _INVOICE_STATUSES.items():
        if _any(folded, needles):
            return status
    return None


def direction(text: str) -> str | None:
    folded = fold_text(text)
    if _any(folded, _PAYABLE) or _WE_SENT.search(folded):
        return "payable"
    if _any(folded, _RECEIVABLE):
        return "receivable"
    return None


# --- documents -------------------------------------------------------------------------------------------------

# 'document #42', 'doc 8', 'Dokument Nr. 17', 'dokumentu 12', 'dokumenta br. 5', '문서 42번', '42번 문서', '#42'.
_DOCUMENT_NUMBER = re.compile(
    r"(?i:\b(?:documents?|docs?|dokument\w*|dok\.?|upload)\s*(?:#|no\.?|nr\.?|br\.?|number|nummer|numer|broj)?\s*"
    r"#?(\d{1,7})\b)|(?<![\w#])(\d{1,7})\s*번\s*문서|문서\s*#?(\d{1,7})\s*번?"
)
# An uploaded file as its name: 'scan_0412.pdf', 'beleg taxi.jpg' is not (no spaces), 'inbox/a.docx'.
_FILE_NAME = re.compile(
    r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.(?:pdf|png|jpe?g|tiff?|docx|txt|md|markdown|xml))(?![\w-])",
    re.IGNORECASE,
)
# The nine document types as people name them, folded; the first type whose words match wins.
_DOCUMENT_TYPES = {
    "bank_statement": ("bank statement", "statement of account", "kontoauszug", "wyciag", "izvod", "은행 거래",
                       "입출금", "거래내역"),
    "delivery_note": ("delivery note", "packing slip", "despatch", "dispatch note", "lieferschein", "dowod dostawy",
                      "dowodem dostawy", "wz", "otpremnic", "납품서", "거래명세서"),
    "purchase_order": ("purchase order", "einkaufsbestellung", "bestellschein", "zamowienie zakupu",
                       "zamowieniem zakupu", "narudzbenic", "발주서", "구매 주문서"),
    "receipt": ("receipt", "quittung", "kassenbon", "kassenzettel", "beleg", "paragon", "potvrd", "blagajnick",
                "영수증"),
    "invoice": ("invoice", "rechnung", "faktur", "racun", "인보이스", "청구서", "세금계산서", "송장"),
    "contract": ("contract", "agreement", "vertrag", "umow", "ugovor", "계약서"),
    "resume": ("resume", "cv", "curriculum", "lebenslauf", "zyciorys", "zivotopis", "이력서"),
    "policy": ("policy", "richtlinie", "polityk", "regulamin", "pravilnik", "politik", "정책", "규정"),
    "other": ("other document", "sonstiges", "inny dokument", "ostalo", "기타 문서"),
}  # fmt: skip
# 'not an invoice', 'keine Rechnung', 'nie faktura', 'ne račun', '인보이스가 아니라': the type denied, not meant.
# The type a message narrows to: 'nur Rechnungen', 'only receipts', 'tylko faktury', 'samo račune'.
_ONLY_BEFORE = re.compile(r"\b(?:nur|only|just|tylko|samo|jedino)\s+(?:\w+\s+)?$")
_DENIED = re.compile(r"(?:\bnot (?:an? )?|\bkeine?n? |\bnie |\bne |\bnije )(\w+)|(\S+?)(?:가|이) 아니")
_NEEDS_REVIEW = ("review", "prufung", "prufen", "gepruft", "unsicher", "unklar", "weryfikac", "sprawdz", "niejasn",
                 "pregled", "provjer", "nejasn", "검토", "확인 기다", "불확실", "애매")  # fmt: skip
_FAILED = (
    "failed",
    "fehlgeschlagen",
    "nie wczytal",
    "nieudan",
    "nisu uspjel",
    "nije uspjel",
    "neuspjel",
    "실패",
)


def document_number(text: str) -> int | None:
    match = _DOCUMENT_NUMBER.search(text)
    if not match:
        return None
    return int(next(group for group in match.groups() if group))


def file_name(text: str) -> str | None:
    match = _FILE_NAME.search(text)
    return match[1] if match else None


def document_type(text: str) -> str | None:
    """The document type a message names (the one it denies left out: 'a receipt, not an invoice')."""
    folded = fold_text(text)
    denied = {fold_text(group) for match in _DENIED.finditer(folded) for group in match.groups() if group}
    found: list[tuple[int, str]] = []
    for doc_type, needles in _DOCUMENT_TYPES.items():
        for needle in needles:
            for match in re.finditer(rf"(?<![a-z]){re.escape(needle)}", folded):
                word = folded[match.start() :].split()[0] if folded[match.start() :].split() else needle
                if word.startswith("belege"):
                    continue  # 'Belege' are documents of any kind; one 'Beleg' is a receipt
                if not any(word.startswith(item) or item.startswith(needle) for item in denied):
                    found.append((match.start(), doc_type))
    only = [(start, kind) for start, kind in found if _ONLY_BEFORE.search(folded[:start])]
    return min(only or found)[1] if found else None


def document_review_wanted(text: str) -> bool:
    return _any(fold_text(text), _NEEDS_REVIEW)


def document_failed_wanted(text: str) -> bool:
    return _any(fold_text(text), _FAILED)


# --- people ----------------------------------------------------------------------------------------------------

# Departments as people name them, folded, to the name the directory matches (a code, or words of the name).
_DEPARTMENTS = {
    "Purchasing": ("purchasing", "procurement", "einkauf", "beschaffung", "zakup", "zaopatrzen", "nabav", "구매팀",
                   "구매부", "구매 부서"),
    "Finance": ("finance", "accounting", "finanz", "buchhaltung", "finans", "ksiegowos", "financij", "racunovodstv",
                "재무", "회계"),
    "HR": ("human resources", "\\bhr\\b", "personalabteilung", "\\bpersonal\\b", "\\bkadr", "kadrovsk", "ljudsk\\w* "
           "potencijal", "인사팀", "인사부", "인사 부서"),
    "Sales": ("\\bsales\\b", "vertrieb", "verkauf", "sprzedaz", "prodaj", "영업"),
    "Warehouse": ("warehouse team", "logistics", "logistik", "logistyk", "logistik", "물류"),
}  # fmt: skip
# A department named as where people work: 'in purchasing', 'in der Finanzabteilung', 'w dziale HR', 'u nabavi'.
_IN_DEPARTMENT = re.compile(
    r"\b(?:in|from|im|in der|aus der|aus dem|w|z|u|iz)\s+(?:the\s+|dziale\s+|odjelu\s+|dzialu\s+|odjela\s+)?\S"
    r"|abteilung|dzial|odjel|department|\bdept\b|팀|부서"
)


def department(text: str) -> str | None:
    """The department a message names as a place people work ('who's in purchasing', 'kto pracuje w dziale HR')."""
    folded = fold_text(text)
    if not _IN_DEPARTMENT.search(folded):
        return None
    for name, needles in _DEPARTMENTS.items():
        if any(re.search(needle, folded) for needle in needles):
            return name
    return None


# --- invoices and purchase orders --------------------------------------------------------------------------------

# A supplier's own invoice number after the word invoice: 'Eingangsrechnung 1946/2026', 'faktura nr FV/12/2026'.
_WRITTEN_INVOICE_NUMBER = re.compile(
    r"(?i:(?:invoice|rechnung|faktur\w*|ra[cč]un\w*|bill)\s*(?:no\.?|nr\.?|br\.?|#|number|nummer|numer|broj)?\s*)"
    r"([A-Za-z]{0,6}[/-]?\d[\w]*(?:[/-]\w+)+|\d{5,})(?![\w/-])"
    r"|(?<![\w/-])([A-Za-z]{0,6}[/-]?\d[\w]*(?:[/-]\w+)+)\s*(?:번\s*)?(?:송장|인보이스|청구서)"
)
_DUE = re.compile(
    r"\bdue\b|fallig|platn\w* do|termin platnos|dospije|dospijec|rok placanja|만기|지급 ?기한|기한"
)
# Due dates asked up to a day, not within a period: 'due by the end of November', 'fällig bis', 'płatne do'.
_DUE_LIMIT = re.compile(r"\b(?:by|until|till|before|bis|vor|do|przed|prije)\b|까지")
_PO_STATUSES = {
    "partially_received": ("partially", "partly", "teilweise", "teilgeliefert", "czesciow", "djelomic", "djelomicn",
                           "부분"),
    "draft": ("draft", "entwurf", "szkic", "wersj\\w* robocz", "nacrt", "초안"),
    "received": ("fully received", "vollstandig (?:geliefert|eingegangen)", "w calosci przyjet", "u cijelosti "
                 "zaprimljen", "입고 완료"),
}  # fmt: skip


def written_invoice_number(text: str) -> str | None:
    for match in _WRITTEN_INVOICE_NUMBER.finditer(text):
        number = match[1] or match[2]
        shaped = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})(?:[./-]\d{2,4})?", number)
        if not (shaped and int(shaped[1]) <= 31 and int(shaped[2]) <= 12):  # a date is not a number
            return number
    return None


def names_due_date(text: str) -> bool:
    return _DUE.search(fold_text(text)) is not None


def names_due_limit(text: str) -> bool:
    return _DUE_LIMIT.search(fold_text(text)) is not None


def purchase_order_status(text: str) -> str | None:
    folded = fold_text(text)
    for status, needles in _PO_STATUSES.items():
        if any(re.search(needle, folded) for needle in needles):
            return status
    return None
