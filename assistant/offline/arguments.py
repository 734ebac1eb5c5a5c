"""A tool's arguments from a message: which slots each tool needs, how they are filled, which are missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from assistant.offline import names, slots
from assistant.offline.dates import find_period, fold_in_place
from assistant.offline.sql import analytics_sql

# Slots a tool cannot do without; a slot may stand for several arguments ('address', 'lines', 'dates').
REQUIRED: dict[str, tuple[str, ...]] = {
    "get_order": ("number",),
    "find_products": ("query",),
    "get_stock": ("product",),
    "find_customers": ("query",),
    "get_customer_account": ("customer",),
    "request_leave": ("dates",),
    "create_sales_order": ("customer", "lines"),
    "cancel_order": ("order", "reason"),
    "modify_order_items": ("order", "items", "payment_method"),
    "exchange_order_items": ("order", "items", "payment_method"),
    "modify_order_address": ("order", "address", "country"),
    "modify_order_payment": ("order", "payment_method"),
    "return_order_items": ("order", "skus", "payment_method"),
    "update_customer_address": ("customer", "address", "country"),
    "adjust_stock": ("sku", "warehouse", "change", "reason"),
    "create_purchase_order": ("supplier", "lines", "warehouse"),
    "draft_report": ("request",),
    "run_analytics_sql": ("sql",),
    "submit_document": ("path",),
    "get_document": ("document_id",),
    "correct_document": ("document_id",),
    "file_document": ("document_id",),
}
# Slots whose answer may be taken word for word when nothing more specific is found in it.
FREE_TEXT = frozenset({"query", "product", "customer", "supplier", "reason"})

# Country stems: the noun in its cases ('Polen', 'z Polski', 'iz Italije') and the adjective ('polnischen',
# 'polscy', 'talijanski', 'Italian'), folded.
_COUNTRIES = {
    "PL": ("poland", "polish", "polen", "polnisch", "polsk", "polsc", "poljsk", "폴란드"),
    "DE": ("germany", "german", "deutschland", "deutsch", "niemiec", "niemcy", "niemcz", "niemieck", "njemack",
           "독일"),
    "AT": ("austria", "osterreich", "austrij", "austrii", "austriac", "austrijsk", "오스트리아"),
    "CH": ("switzerland", "swiss", "schweiz", "szwajcar", "svicarsk", "스위스"),
    "HR": ("croatia", "croatian", "kroatien", "kroatisch", "chorwac", "hrvatsk", "크로아티아"),
    "SI": ("slovenia", "slovenian", "slowenien", "slowenisch", "slowenii", "slowensk", "slovenij", "slovensk",
           "슬로베니아"),
    "KR": ("korea", "korean", "koreanisch", "koreja", "korej", "korei", "koreansk", "한국"),
    "NL": ("netherlands", "dutch", "niederland", "holland", "holandi", "holendersk", "nizozem", "네덜란드"),
    "CZ": ("czech", "tschechi", "czesk", "cesk", "체코"),
    "IT": ("italy", "italian", "italien", "wloch", "wlosk", "italij", "talijansk", "이탈리아"),
    "FR": ("france", "french", "frankreich", "franzosisch", "francj", "francusk", "프랑스"),
    "SE": ("sweden", "swedish", "schweden", "schwedisch", "szwecj", "szwedzk", "svedsk", "스웨덴"),
}  # fmt: skip
_ADJUST_REASONS = {
    "damaged": ("damage", "broken", "smashed", "shattered", "zerbroch", "beschadig", "kaputt", "uszkodz", "zepsut",
    "ostec", "ostet", "razbij", "slomlj",
                "파손", "깨진", "망가"),
    "stock count": ("count", "inventur", "inwentaryz", "stocktak", "stock-tak", "재고 조사", "실사"),
    "found goods": ("found", "gefunden", "znalez", "nasli", "발견"),
}  # fmt: skip
# Words that make a stock correction a loss or a gain when the count is written without a sign: damaged, missing,
# lost or written-off goods leave the stock; found or extra goods join it.
_REMOVE_WORDS = ("write off", "remove", "ausbuchen", "spisz", "spisac", "otpis", "차감", "lost", "verloren",
                 *_ADJUST_REASONS["damaged"], "missing", "fehl", "brakuje", "brak ", "zgubi", "zagin", "nedostaj",
                 "izgublj", "nestal", "fali", "fale", "stolen", "gestohlen", "skradzi", "ukraden", "분실", "없어", "빼",
                 "누락",
                 "defekt", "defect", "zniszcz", "unich",
                 # a count that came out short: 'o 5 sztuk mniej', '5 weniger', '3 fewer', 'manje', '적게'
                 "mniej", "less", "fewer", "short", "부족", "verschwund", "schwund",
                 "znikn", "weniger", "manje", "short by", "적게", "모자",
                 "smashed", "shattered", "zerbroch", "zbit", "rozbit", "razbijen")  # fmt: skip
_ADD_WORDS = ("found", "gefunden", "znalez", "nasli", "pronas", "발견", "extra", "zusatzlich", "dodatkow",
              "dodaj", "add ", "book them in", "turned up", "aufgetaucht", "추가")  # fmt: skip
# A category named after its word: 'category Office Supplies', 'z kategorii Warehouse Equipment', 'Kategorie X'.
_CATEGORY = re.compile(
    r"(?i:categor\w*|kategori\w*|warengruppe\w*|grupa produktow)\s+[\"'„“]?([A-Z][\w&-]*(?:\s+(?:&\s+)?[A-Z][\w&-]*)*)"
)
# Goods come from a supplier: 'from X', 'bei X', 'od X', 'kod X', 'supplier X'.
_SUPPLIER_MARK = re.compile(
    r"(?i:\b(?:from|von|vom|bei|beim|od|kod|supplier|vendor|lieferant\w*|dostawc\w*|dobavlja\w*)\s+)[A-Z\u0160\u017d\u010c\u0106\u0141\u015a]"
)
# draft_report's `request` holds at most this many characters.
REQUEST_CHARS = 500
_POSTAL = re.compile(r"(?<![\w/-])(\d{5}|\d{2}-\d{3})(?![\d/-])")


@dataclass(frozen=True)
class Extraction:
    """The arguments found for a tool and the slots still missing, in the order they should be asked for."""

    arguments: dict[str, Any]
    missing: tuple[str, ...]


def _slot_filled(slot: str, arguments: dict[str, Any]) -> bool:
    if slot == "dates":
        return "start_date" in arguments and "end_date" in arguments
    if slot == "address":
        return all(key in arguments for key in ("line1", "city", "postal_code"))
    if slot == "product":
        return "product" in arguments or "sku" in arguments
    return arguments.get(slot) not in (None, "", [])


def missing_slots(intent: str, arguments: dict[str, Any]) -> tuple[str, ...]:
    return tuple(slot for slot in REQUIRED.get(intent, ()) if not _slot_filled(slot, arguments))


def _country(text: str) -> str | None:
    folded = fold_in_place(text)
    for code, needles in _COUNTRIES.items():
        if any(needle in folded for needle in needles):
            return code
    return None


def parse_address(text: str) -> dict[str, str]:
    """'... to 12 Elm Street, Boston 02110, USA' -> line1, city, postal_code, country: what of them is written.

    The postal code anchors it: the street is the part before its comma, the city the words beside the code, the
    country the part after it (or a country named anywhere). A missing country is left out, to be asked for.
    """
    parts = [part.strip(" .") for part in text.split(",")]
    for index, part in enumerate(parts):
        postal = _POSTAL.search(part)
        if not postal or index == 0:
            continue
        # the street follows the last 'to'/'auf'/'na'/'u'/':'/'를' before it
        street = re.split(
            r"(?i)\b(?:to|auf|na|u|in|into|nach|is|now|ist|jetzt|sofort|je|jest)\s+|:\s+|(?<=[를을])\s+",
            parts[index - 1],
        )[-1]
        before = part[: postal.start()].strip(" ,")
        after = re.split(r"[.;!?()]|\s[-–]\s", part[postal.end() :])[0]
        after = re.sub(r"^(?:으로|로|에|까지)\S*", "", after.strip()).strip()
        city = before or " ".join(after.split()[:2] if after[:1].isupper() else after.split()[:1])
        if re.match(r"^[\uac00-\ud7a3]", street.strip()) and not before:
            city = street.split()[0]  # Korean writes the city first: '서울 강남구 테헤란로 152, 06236'
        address = {"line1": street.strip(), "postal_code": postal[0]}
        if city and not re.search(r"[\uac00-\ud7a3]{2,}(?:주세요|줘|요)$", city):
            address["city"] = city.strip(" ,.")
        following = parts[index + 1].split() if index + 1 < len(parts) else []
        word = following[0].strip(".,;:!?()") if following else ""
        country = word if word and (_country(word) or re.fullmatch(r"[A-Z]{2,3}", word)) else None
        country = country or _country(text)
        if country:
            address["country"] = country
        if street.strip():
            return address
    return {}


def _adjust_reason(text: str) -> str | None:
    folded = fold_in_place(text)
    for reason, needles in _ADJUST_REASONS.items():
        if any(needle in folded for needle in needles):
            return reason
    return None


def _lines(text: str, session: Session | None, product_hint: str | None) -> list[dict[str, Any]]:
    found_skus = slots.skus(text, session)
    counts = [count for count in slots.quantities(text) if count > 0]
    if not found_skus and session is not None and product_hint:
        found_skus = _single_sku_for(session, product_hint)
    if not found_skus:
        return []
    beside = slots.sku_counts(text)
    if beside and all(count for _, count in beside):
        # every SKU has its own count written next to it: bind each count to its SKU
        bound = [(sku, count) for sku, count in beside if sku in found_skus]
        if [sku for sku, _ in bound] == found_skus:
            return [{"sku": sku, "quantity": count} for sku, count in bound]
    return [
        {"sku": sku, "quantity": counts[index] if index < len(counts) else 1}
        for index, sku in enumerate(found_skus)
    ]


# How many units of one item a return names, written before its SKU with up to two words between ('both coat
# stands (FN-COAT-BLK)', '2 Tische DK-BASIC-140-WHT', '3 paravana FN-...').
_UNIT_WORDS = {"both": 2, "beide": 2, "beiden": 2, "oba": 2, "obie": 2, "obydwa": 2, "obydwie": 2, "obje": 2,
               "two": 2, "zwei": 2, "dwa": 2, "dwie": 2, "dva": 2, "dvije": 2, "three": 3, "drei": 3, "trzy": 3,
               "tri": 3}  # fmt: skip
_UNITS_BEFORE = re.compile(
    rf"(?<![\w.,:/#-])(\d{{1,2}}|{'|'.join(_UNIT_WORDS)})\s+(?:[^\W\d]+\s+){{0,2}}\(?\s*$", re.IGNORECASE
)
# 'one of the two tables', 'einen der', 'jedną z': one unit of several.
_ONE_OF = re.compile(r"(?i:\b(?:one|1) of\b|\beine[nr]? der\b|\bjedn\w* z\b|\bjedan od\b|\bjednu od\b)")
_MOST_UNITS = 20
# With one item returned, the one count written anywhere in the message ('beide ... aus SO-1 zurück (SKU)').
_UNITS_ANYWHERE = re.compile(
    rf"(?<![\w.,:/#-])(\d{{1,2}}|{'|'.join(_UNIT_WORDS)})(?:(?=\s?(?:개|대|장|세트|박스))|(?![\w.,:/-]))",
    re.IGNORECASE,
)


def _mask_codes(text: str) -> str:
    """Order numbers, payment methods and SKUs blanked: their digits are not counts."""
    for pattern in (slots.ORDER_NUMBER, slots.PURCHASE_ORDER_NUMBER, slots.PAYMENT_METHOD):
        text = pattern.sub(" ", text)
    return re.sub(r"(?<![\w-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+", " ", text)


# An end written without a start: 'until Friday', 'bis Freitag', 'do petka', 'do piątku', '금요일까지'.
_UNTIL_ONLY = re.compile(r"\b(?:until|till|bis|do)\s+\S|까지")


def _returned_units(text: str, found_skus: list[str]) -> list[str]:
    """The SKUs of a return, each repeated once per unit sent back: a return lists items, not lines."""
    beside = slots.sku_counts(text)
    if [sku for sku, _ in beside] != found_skus:
        return found_skus
    if len(beside) == 1 and beside[0][1] is None:
        return [beside[0][0]] * (_one_written_count(text) or 1)
    units: list[str] = []
    previous_end = 0
    for sku, count in beside:
        start = text.upper().find(sku, previous_end)
        if count is None and start >= 0 and _ONE_OF.search(text[previous_end:start]):
            count = 1
        elif count is None and start >= 0:
            loose = _UNITS_BEFORE.search(slots.numerals(text[previous_end:start]))
            if loose:
                word = loose[1].lower()
                count = int(word) if word.isdigit() else _UNIT_WORDS[word]
        previous_end = start + len(sku) if start >= 0 else previous_end
        units += [sku] * (count if count and 0 < count <= _MOST_UNITS else 1)
    return units


def _one_written_count(text: str) -> int | None:
    """The count a message writes once, anywhere, codes aside ('zwei davon', 'two of the black chairs', '2개를')."""
    if _ONE_OF.search(text):
        return 1  # 'einen der beiden': one of them, whatever the other count says
    written_counts = _UNITS_ANYWHERE.findall(slots.numerals(_mask_codes(text)))
    if len(written_counts) != 1:
        return None
    word = written_counts[0].lower()
    written = int(word) if word.isdigit() else _UNIT_WORDS[word]
    return written if 0 < written <= _MOST_UNITS else None


def _single_sku_for(session: Session, product: str) -> list[str]:
    from tools.lookup import find_products

    products = find_products(session, product, limit=2)
    if len(products) == 1 and len(products[0].variants) == 1:
        return [products[0].variants[0].sku]
    return []


def _drop_none(arguments: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in arguments.items() if value not in (None, "", [])}


def extract(
    intent: str, text: str, *, today: date, language: str = "en", session: Session | None = None
) -> Extraction:
    """The arguments of `intent`'s tool found in `text`, and what is still missing."""
    arguments = _drop_none(_extract(intent, text, today=today, language=language, session=session))
    return Extraction(arguments, missing_slots(intent, arguments))


def _extract(
    intent: str, text: str, *, today: date, language: str, session: Session | None
) -> dict[str, Any]:
    numbers = slots.order_numbers(text)
    order = numbers[0] if numbers else None
    # Orders placed and payments made look back: 'since Monday' is last Monday to today.
    looks_back = intent in ("find_orders", "list_payments")
    period = find_period(text, today, language, past=looks_back)
    person = names.person_name(text)
    found_skus = slots.skus(text, session)
    if intent == "find_orders":
        return {
            "number": order,
            "customer": person,
            "status": slots.order_status(text),
            "placed_from": period[0].isoformat() if period else None,
            "placed_to": period[1].isoformat() if period else None,
            "sku": found_skus[0] if found_skus else None,
        }
    if intent == "get_order":
        return {"number": order}
    if intent == "draft_report":
        return {"request": text.strip()[:REQUEST_CHARS]}  # the report service reads the words themselves
    if intent == "run_analytics_sql":
        return {"sql": analytics_sql(text)}
    if intent == "search_policies":
        return {"question": text.strip()}
    if intent == "find_products":
        return {"query": found_skus[0] if found_skus else names.product_words(text)}
    if intent == "get_stock":
        if found_skus:
            return {"sku": found_skus[0], "warehouse": slots.warehouse(text, session)}
        return {"product": names.product_words(text), "warehouse": slots.warehouse(text, session)}
    if intent == "find_customers":
        return {"query": person or names.product_words(text), "country": _country(text)}
    if intent == "get_customer_account":
        return {"customer": person}
    if intent == "find_invoices":
        number = slots.invoice_number(text) or slots.written_invoice_number(text)
        kind = slots.direction(text)
        due = period if period and slots.names_due_date(text) else None
        return {
            "number": number,
            "status": None if number else slots.invoice_status(text),
            "direction": kind,
            "customer": None if number or kind == "payable" else person,
            "supplier": None if number or kind != "payable" else person,
            "due_from": due[0].isoformat() if due and not slots.names_due_limit(text) else None,
            "due_to": due[1].isoformat() if due else None,
        }
    if intent == "list_payments":
        kind = slots.direction(text)
        return {
            "invoice": slots.invoice_number(text),
            "direction": kind,
            "customer": person if kind != "payable" else None,
            "supplier": person if kind == "payable" else None,
            "paid_from": period[0].isoformat() if period else None,
            "paid_to": period[1].isoformat() if period else None,
        }
    if intent == "find_purchase_orders":
        return {
            "number": slots.purchase_order_number(text),
            "supplier": person,
            "sku": found_skus[0] if found_skus else None,
            "status": slots.purchase_order_status(text),
        }
    if intent == "reorder_suggestions":
        named = _CATEGORY.search(text)
        marked = _SUPPLIER_MARK.search(text)
        return {
            "category": named[1].strip() if named else None,
            "supplier": None
            if named
            else names.party_name(text, "supplier")
            if marked
            else names.korean_company(text),  # '세빛전자 품목 중에 ...': Korean names a company by its ending
        }
    if intent == "find_suppliers":
        return {"query": None if person and _country(person) else person, "country": _country(text)}
    if intent == "find_employees":
        return {"query": person, "department": slots.department(text)}
    if intent == "get_my_leave":
        year = re.search(r"\b(20\d\d)\b", text)
        return {"year": int(year[1]) if year else None}
    if intent == "request_leave":
        leave = slots.leave_type(text)
        if (
            period
            and period[0] == period[1]
            and _UNTIL_ONLY.search(fold_in_place(text))
            and period[0] > today
        ):
            period = (today, period[1])  # 'sick, not coming in until Friday': from today to that day
        return {
            "start_date": period[0].isoformat() if period else None,
            "end_date": period[1].isoformat() if period else None,
            "leave_type": leave if leave != "annual" or slots.names_annual_leave(text) else None,
        }
    if intent == "create_sales_order":
        buyer = names.party_name(text, "customer")
        return {
            "customer": buyer,
            "lines": _lines(text, session, names.product_words(text, drop=buyer)),
            "warehouse": slots.warehouse(text, session),
        }
    if intent == "cancel_order":
        return {"order": order, "reason": slots.cancel_reason(text)}
    if intent in ("modify_order_items", "exchange_order_items"):
        # each unit is one item to swap: 'both X for Y', 'all 6 X for Y', 'dwie X na Y' repeat the pair
        units = _returned_units(text, found_skus)
        pairs = []
        for index in range(0, len(found_skus) - 1, 2):
            old_sku, new_sku = found_skus[index], found_skus[index + 1]
            count = max(1, units.count(old_sku) - found_skus.count(old_sku) + 1)
            pairs += [{"sku": old_sku, "new_sku": new_sku}] * count
        if len(found_skus) == 2 and len(pairs) == 1:
            pairs *= _one_written_count(text) or 1  # one pair, its count written away from the codes
        return {"order": order, "items": pairs, "payment_method": slots.payment_method(text)}
    if intent == "modify_order_address":
        return {"order": order, **parse_address(text)}
    if intent == "modify_order_payment":
        return {"order": order, "payment_method": slots.payment_method(text)}
    if intent == "return_order_items":
        return {
            "order": order,
            "skus": _returned_units(text, found_skus),
            "payment_method": slots.payment_method(text),
        }
    if intent == "update_customer_address":
        return {"customer": person, **parse_address(text)}
    if intent == "adjust_stock":
        counts = slots.quantities(text)
        change = counts[0] if counts else None
        folded = fold_in_place(text)
        signed = re.search(r"(?<![\w-])[+-]\d", text) is not None
        removing = any(word in folded for word in _REMOVE_WORDS) and not any(
            word in folded for word in _ADD_WORDS
        )
        if change is not None and change > 0 and removing and not signed:
            change = -change
        return {
            "sku": found_skus[0] if found_skus else None,
            "warehouse": slots.warehouse(text, session),
            "change": change,
            "reason": _adjust_reason(text),
        }
    if intent == "get_document":
        return {"document_id": slots.document_number(text)}
    if intent == "file_document":
        return {
            "document_id": slots.document_number(text),
            "purchase_order": slots.purchase_order_number(text),
            "supplier": names.party_name(text, "supplier")
            if _SUPPLIER_MARK.search(text)
            else names.korean_company(text),
        }
    if intent == "correct_document":
        return {"document_id": slots.document_number(text), "doc_type": slots.document_type(text)}
    if intent == "submit_document":
        return {"path": slots.file_name(text)}
    if intent == "list_documents":
        return {
            "doc_type": slots.document_type(text),
            "status": "failed" if slots.document_failed_wanted(text) else None,
            "review_status": "needs_review" if slots.document_review_wanted(text) else None,
        }
    if intent == "list_review_queue":
        return {"doc_type": slots.document_type(text)}
    if intent == "create_purchase_order":
        seller = names.party_name(text, "supplier")
        return {
            "supplier": seller,
            "lines": _lines(text, session, names.product_words(text, drop=seller)),
            "warehouse": slots.warehouse(text, session),
            # the one day a purchase order names is when the goods are due ('Liefertermin 10.12.')
            "expected_on": period[0].isoformat() if period and period[0] == period[1] else None,
        }
    return {}


def complete(
    intent: str,
    known: dict[str, Any],
    answer: str,
    *,
    today: date,
    language: str = "en",
    session: Session | None = None,
) -> Extraction:
    """Fill what is still missing from the answer to a clarifying question; what was known stays."""
    wanted = missing_slots(intent, known)
    found = extract(intent, answer, today=today, language=language, session=session).arguments
    merged = dict(known)
    for key, value in found.items():
        merged.setdefault(key, value)
    text = answer.strip()
    for slot in wanted:
        if _slot_filled(slot, merged):
            continue
        if slot in FREE_TEXT and text and not (slot == "reason" and intent == "cancel_order"):
            merged[slot] = text
        elif slot == "reason" and intent == "cancel_order":
            reason = slots.cancel_reason(text)
            if reason:
                merged[slot] = reason
        elif slot == "country":
            country = _country(text) or (text.upper() if re.fullmatch(r"[A-Za-z]{2}", text) else None)
            if country:
                merged[slot] = country
        elif slot == "order":
            numbers = slots.order_numbers(text)
            if numbers:
                merged[slot] = numbers[0]
        elif slot == "document_id":
            digits = re.fullmatch(r"#?\s*(\d{1,7})", text) or re.search(r"#(\d{1,7})", text)
            number = slots.document_number(text) or (int(digits[1]) if digits else None)
            if number:
                merged[slot] = number
        elif slot == "path":
            name = slots.file_name(text)
            if name:
                merged[slot] = name
    if intent == "get_stock" and "sku" in merged:
        merged.pop("product", None)
    return Extraction(merged, missing_slots(intent, merged))
