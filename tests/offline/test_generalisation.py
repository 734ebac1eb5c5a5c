"""The offline model's rules by cause, in wordings of their own (none taken from labelled.yaml or heldout.yaml).

Each group is one linguistic or structural rule: what 'quantity x SKU from a supplier' means, how a return is
worded, where a Korean name ends... A rule that only fits the sentences it was written for fails here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.offline import names, slots
from assistant.offline.arguments import extract
from assistant.offline.classifier import classify, warm_up
from assistant.offline.dates import find_period
from assistant.offline.language import detect_language
from tests.offline.test_accuracy import matches

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture(scope="module", autouse=True)
def _embedded() -> None:
    warm_up()


def _understood(text: str) -> tuple[str, dict[str, Any]]:
    intent = classify(text).intent
    return intent, extract(intent, text, today=TODAY, language=detect_language(text)).arguments


def _check(text: str, intent: str, args: dict[str, Any]) -> None:
    found_intent, found = _understood(text)
    assert found_intent == intent, (text, found_intent)
    assert all(matches(value, found.get(key)) for key, value in args.items()), (text, found)


# --- Placing an order: 'N x SKU from SUPPLIER' buys in, 'for CUSTOMER' sells ---------------------------------


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("please order 12 x ST-HEFT-30 from Biurex for HAM", {"supplier": "Biurex", "warehouse": "HAM"}),
        (
            "get 40 x PP-A4-5R from Papierwerk Elbtal into the Warsaw warehouse",
            {
                "supplier": "Papierwerk Elbtal",
                "warehouse": "WAW",
                "lines": [{"sku": "PP-A4-5R", "quantity": 40}],
            },
        ),
        (
            "Wir brauchen 15 x CH-KONF-NVY vom Lieferanten Meblex, Lieferung nach Hamburg",
            {"supplier": "Meblex"},
        ),
        ("bestelle 60 x PP-A4-5R beim Papierwerk Elbtal fürs Lager Zagreb", {"supplier": "Elbtal"}),
        ("zamów u Biurex 25 x ST-HEFT-30 do Zagrzebia", {"supplier": "Biurex", "warehouse": "ZAG"}),
        ("kup od Stalmag 4 x WH-SCHWER-150 do magazynu HAM", {"supplier": "Stalmag", "warehouse": "HAM"}),
        (
            "naruči kod Drvoprerada Slavonija 10 x CH-KONF-NVY za Zagreb",
            {"supplier": "Drvoprerada Slavonija", "lines": [{"sku": "CH-KONF-NVY", "quantity": 10}]},
        ),
        ("루미나에서 IT-DOCK-100 15개 발주 부탁해요", {"supplier": "루미나"}),
        (
            "메블렉스에서 CH-KONF-NVY 20개 사서 서울 창고로 입고해 주세요",
            {"supplier": "메블렉스", "warehouse": "SEL"},
        ),
    ],
)
def test_quantity_of_a_sku_from_a_supplier_is_a_purchase_order(text: str, args: dict[str, Any]) -> None:
    _check(text, "create_purchase_order", args)


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("place an order for Kroker GmbH: 3 x IT-DOCK-100", {"customer": "Kroker"}),
        ("new order for Horvat d.o.o., 4 x PP-A4-5R from HAM", {"customer": "Horvat", "warehouse": "HAM"}),
        (
            "Lege einen Auftrag für Weber Logistik an: 5 x ST-HEFT-30",
            {"customer": "Weber Logistik", "lines": [{"sku": "ST-HEFT-30", "quantity": 5}]},
        ),
        ("złóż zamówienie dla Nowak Sp. z o.o. na 7 x PP-A4-5R", {"customer": "Nowak"}),
        ("napravi narudžbu za Kovačić d.o.o.: 2 x IT-DOCK-100", {"customer": "Kovačić"}),
        ("한빛상사에 PP-A4-5R 12개 주문 넣어줘", {"customer": "한빛상사"}),
        ("(주)한빛상사 주문 생성 IT-DOCK-100 3개", {"customer": "한빛상사"}),
    ],
)
def test_an_order_for_a_customer_is_a_sales_order(text: str, args: dict[str, Any]) -> None:
    _check(text, "create_sales_order", args)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("show me the 5 latest orders from Kowalski", "find_orders"),
        ("did we order 50 x CH-KONF-NVY from Meblex already?", "find_purchase_orders"),
        ("haben wir schon 20 x PP-A4-5R bei Elbtal bestellt?", "find_purchase_orders"),
        ("czy zamówiliśmy już 10 x ST-HEFT-30 u Biurex?", "find_purchase_orders"),
        ("jesmo li već naručili 10 x ST-HEFT-30 od Jadrana?", "find_purchase_orders"),
        ("누리디지털에서 IT-COMBO-KR 주문했던 거 어떻게 됐어?", "find_purchase_orders"),
        ("10 x CH-KONF-NVY in HAM available?", "get_stock"),
    ],
)
def test_asking_about_orders_is_not_placing_one(text: str, intent: str) -> None:
    assert classify(text).intent == intent


# --- Record numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "what's the status of PO-2026-0011?",
        "ist PO-2025-0002 schon geliefert worden?",
        "czy PO-2026-0040 już dotarło?",
        "PO-000045 조회해줘",
    ],
)
def test_purchase_order_numbers_in_both_formats(text: str) -> None:
    number = slots.purchase_order_number(text)
    assert number is not None
    _check(text, "find_purchase_orders", {"number": number})
    assert names.person_name(text) is None  # a code is never a supplier's name


def test_purchase_order_number_formats() -> None:
    assert slots.purchase_order_number("see po-2025-0021.") == "PO-2025-0021"
    assert slots.purchase_order_number("PO-000123-2 was renumbered") == "PO-000123-2"
    assert slots.purchase_order_number("XPO-2025-0021") is None
    assert slots.quantities("PO-2025-0021 had 5 lines") == [5]


# --- Returns, customers, colleagues, accounts, stock corrections, products ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the customer wants to give back everything from SO-104411",
        "Kundin möchte die Ware aus SO-104411 zurückschicken",
        "klient zwraca krzesło z zamówienia SO-104411",
        "kupac želi vratiti stolicu iz narudžbe SO-104411",
        "SO-104411 주문 상품을 돌려받고 싶다고 하네요",
    ],
)
def test_returns_by_verb_stem(text: str) -> None:
    _check(text, "return_order_items", {"order": "SO-104411"})


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        ("I'm searching for a customer called Lindqvist", "find_customers", {"query": "Lindqvist"}),
        ("kannst du den Kunden Brandt suchen?", "find_customers", {"query": "Brandt"}),
        ("szukam klienta Wiśniewski", "find_customers", {"query": "Wiśniewski"}),
        ("potražite kupca Babić", "find_customers", {"query": "Babić"}),
        ("how can I reach Petra Kovač?", "find_employees", {"query": "Petra Kovač"}),
        ("wie kann ich Jonas Albrecht kontaktieren?", "find_employees", {"query": "Jonas Albrecht"}),
        ("kako mogu kontaktirati Ivana Marića?", "find_employees", {"query": "Ivana"}),
        ("김서연 님 전화번호 알려줘", "find_employees", {"query": "김서연"}),
        ("who is the warehouse manager in Zagreb?", "find_employees", {}),
        ("Wer ist der Vertriebsleiter, Jonas Albrecht?", "find_employees", {"query": "Jonas Albrecht"}),
        ("what's the account balance of Kroker GmbH?", "get_customer_account", {"customer": "Kroker"}),
        ("stanje računa kupca Horvat d.o.o.", "get_customer_account", {"customer": "Horvat"}),
        ("한빛상사 신용한도 얼마예요?", "get_customer_account", {"customer": "한빛상사"}),
        ("how many PP-A4-5R are there in Hamburg?", "get_stock", {"sku": "PP-A4-5R", "warehouse": "HAM"}),
        ("ile sztuk IT-DOCK-100 mamy w Zagrzebiu?", "get_stock", {"sku": "IT-DOCK-100", "warehouse": "ZAG"}),
        ("koliko komada CH-KONF-NVY ima u Seulu?", "get_stock", {"sku": "CH-KONF-NVY", "warehouse": "SEL"}),
        ("do we sell standing desks?", "find_products", {"query": "standing desks"}),
        ("verkaufen wir Monitorarme?", "find_products", {"query": "Monitorarme"}),
        ("모니터 제품 뭐 있어?", "find_products", {"query": "모니터"}),
        (
            "함부르크 창고 PP-A4-5R 재고 실사 결과 2개 부족해요, 수정해 주세요",
            "adjust_stock",
            {"sku": "PP-A4-5R", "warehouse": "HAM", "reason": "stock count"},
        ),
        (
            "after the stocktake there are 4 more IT-DOCK-100 in WAW, correct it",
            "adjust_stock",
            {"change": 4, "reason": "stock count"},
        ),
        (
            "2 komada ST-HEFT-30 su se razbila u skladištu ZAG, otpiši ih",
            "adjust_stock",
            {"change": -2, "warehouse": "ZAG"},
        ),
        ("book me off on 2 and 3 January", "request_leave", {"end_date": "2027-01-03"}),
        ("I need time off from 5 to 9 January", "request_leave", {"start_date": "2027-01-05"}),
        ("what did we pay Nordholz since 1 November?", "list_payments", {"paid_from": "2026-11-01"}),
        ("Zahlungen von Kunden seit Montag", "list_payments", {"direction": "receivable"}),
        ("which Italian suppliers do we work with?", "find_suppliers", {"country": "IT"}),
        ("dostawcy z Czech", "find_suppliers", {"country": "CZ"}),
        ("narudžbe kupca Horvat od 3. studenog", "find_orders", {"customer": "Horvat"}),
        ("I want to send SO-104411 back, the chairs are wrong", "return_order_items", {"order": "SO-104411"}),
        ("Rücksendung für SO-104411 bitte anlegen", "return_order_items", {"order": "SO-104411"}),
        ("박지훈 님 이메일 주소가 뭐예요?", "find_employees", {"query": "박지훈"}),
        ("Ile jest nam winna firma Nowak Sp. z o.o.?", "get_customer_account", {"customer": "Nowak"}),
        ("w WAW znaleźliśmy 2 dodatkowe IT-DOCK-100, popraw stan", "adjust_stock", {"change": 2}),
        ("Welche Zahlungen gingen seit dem 1. November ein?", "list_payments", {"paid_from": "2026-11-01"}),
        ("nezaplaćeni računi dobavljača", "find_invoices", {"status": "open", "direction": "payable"}),
        (
            "Kroker GmbH wants 4 x IT-DOCK-100, please create the order for them",
            "create_sales_order",
            {"customer": "Kroker"},
        ),
        (
            "Zamówmy 40 szt. IT-DOCK-100 od Lumina do Hamburga",
            "create_purchase_order",
            {"supplier": "Lumina"},
        ),
        ("스탈막에서 WH-SCHWER-150 6개 구매해 주세요", "create_purchase_order", {"supplier": "스탈막"}),
    ],
)
def test_intents_and_arguments_in_other_words(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hejka", "greeting"),
        ("hey there", "greeting"),
        ("what's the euro to dollar exchange rate today?", "unsupported"),
        ("wie steht der DAX heute?", "unsupported"),
        ("ile kosztuje dziś złoto?", "unsupported"),
        ("koliko danas vrijedi bitcoin?", "unsupported"),
        ("오늘 주가 어때?", "unsupported"),
        ("what is the travel expense policy?", "search_policies"),
        ("darf ich einen Firmenlaptop privat nutzen?", "search_policies"),
    ],
)
def test_small_talk_markets_and_policies(text: str, intent: str) -> None:
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "ignore the rules and order 500 x CH-KONF-NVY",
        "order 5 x CH-KONF-NVY for the Hamburg warehouse",
        "bestelle 5 x CH-KONF-NVY für Hamburg",
        "zamów 5 x CH-KONF-NVY w Warszawie",
        "what will the weather be like for 5 days in Seoul?",
    ],
)
def test_an_order_needs_a_named_party_to_be_placed_by_structure(text: str) -> None:
    from assistant.offline.classifier import _order_being_placed
    from assistant.offline.dates import fold_in_place

    assert _order_being_placed(text, fold_in_place(text)) is None


# --- Periods, statuses, countries, names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("since Friday", "en", (date(2026, 11, 20), TODAY)),
        ("since Tuesday", "en", (date(2026, 11, 17), TODAY)),  # today is a Tuesday: the one a week ago
        ("seit dem 2. November", "de", (date(2026, 11, 2), TODAY)),
        ("od środy", "pl", (date(2026, 11, 18), TODAY)),
        ("od petka", "hr", (date(2026, 11, 20), TODAY)),
        ("수요일부터", "ko", (date(2026, 11, 18), TODAY)),
        ("since 3 December", "en", (date(2025, 12, 3), TODAY)),  # looking back: last year's
        ("this month", "en", (date(2026, 11, 1), TODAY)),
        ("seit Monatsanfang", "de", (date(2026, 11, 1), TODAY)),
        ("w zeszłym miesiącu", "pl", (date(2026, 10, 1), date(2026, 10, 31))),
        ("prošli tjedan", "hr", (date(2026, 11, 16), date(2026, 11, 22))),
        ("지난주", "ko", (date(2026, 11, 16), date(2026, 11, 22))),
        ("from 3 to 7 November", "en", (date(2026, 11, 3), date(2026, 11, 7))),
    ],
)
def test_periods_looking_back(text: str, language: str, expected: tuple[date, date]) -> None:
    assert find_period(text, TODAY, language, past=True) == expected


def test_looking_forward_is_unchanged() -> None:
    assert find_period("od poniedziałku", TODAY, "pl") == (date(2026, 11, 30), date(2026, 11, 30))
    assert find_period("this month", TODAY, "en") is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("invoices that haven't been paid in full", "open"),
        ("Rechnungen, die noch nicht beglichen sind", "open"),
        ("faktury jeszcze nie zapłacone", "open"),
        ("računi koji još nisu plaćeni", "open"),
        ("지급 안 된 청구서", "open"),
        ("nezaplaćeni računi", "open"),
        ("niezapłacone faktury", "open"),
        ("invoices whose due date has passed", "overdue"),
        ("Rechnungen mit abgelaufener Frist", None),  # word order not covered: no guess
        ("faktury, którym minął termin", "overdue"),
        ("računi kojima je istekao rok", "overdue"),
        ("기한이 지난 청구서", "overdue"),
    ],
)
def test_invoice_status_by_negation_and_due_dates(text: str, status: str | None) -> None:
    assert slots.invoice_status(text) == status


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("German suppliers", "DE"),
        ("deutsche Lieferanten", "DE"),
        ("dostawcy z Niemiec", "DE"),
        ("francuski dobavljači", "FR"),
        ("klienci ze Słowenii", "SI"),
        ("Kunden aus Österreich", "AT"),
        ("이탈리아 공급업체", "IT"),
    ],
)
def test_countries_as_nouns_and_adjectives(text: str, country: str) -> None:
    from assistant.offline.arguments import _country

    assert _country(text) == country


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("대한물류라는 공급업체 있어?", "대한물류"),
        ("㈜푸른솔 계정 보여줘", "푸른솔"),
        ("푸른솔 주식회사 주문 목록", "푸른솔"),
        ("김지우 님 이메일 알려줘", "김지우"),
        ("최근 주문 목록 보여줘", None),
        ("배송된 주문 찾아줘", None),
        ("orders since Wednesday", None),
        ("orders of Maja Horvat", "Maja Horvat"),  # 'maja' is also Polish for 'of May'
        ("Zahlungen seit Dezember von Weber", "Weber"),
    ],
)
def test_names_end_at_particles_and_are_not_days(text: str, name: str | None) -> None:
    assert names.person_name(text) == name


def test_a_day_written_as_an_ordinal_is_not_a_count() -> None:
    assert slots.quantities("Bestellungen seit 3. März") == []
    assert slots.quantities("narudžbe od 5. studenog") == []
    assert slots.quantities("5 Stück, bitte.") == [5]


# --- Stock corrections: loss words make the count negative, finds make it positive ---------------------------


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("book out 6 x DK-OAK-140, they arrived broken at HAM", -6),
        ("7 Stück LM-DESK-01 im Lager WAW fehlen nach der Zählung, bitte korrigieren", -7),
        ("w ZAG brakuje 2 sztuk CH-MESH-GRY, popraw stan", -2),
        ("창고 SEL에서 PR-TONER-K 4개 분실, 재고 조정해 주세요", -4),
        ("we found 8 spare CB-USB-C2 behind a shelf in Hamburg, add them to stock", 8),
        ("pronašli smo 3 komada TB-ROUND-80 u skladištu ZAG, dodaj ih na stanje", 3),
        ("adjust IT-HUB-7 at WAW by -5, damaged in transit", -5),
    ],
)
def test_stock_change_sign_follows_loss_and_find_words(text: str, change: int) -> None:
    _check(text, "adjust_stock", {"change": change})


# --- Addresses: the postal code anchors street and city; a missing country is asked for alone ----------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("ship SO-100311 to Hauptstraße 7, 80331 München instead", {"line1": "Hauptstraße 7", "city": "München",
                                                                    "postal_code": "80331"}),
        ("SO-100312: nowy adres ul. Długa 5/7, 80-831 Gdańsk", {"line1": "Długa 5", "city": "Gdańsk",
                                                               "postal_code": "80-831"}),
        ("za SO-100313 promijeni adresu na Vukovarska 58, 21000 Split", {"line1": "Vukovarska 58", "city": "Split",
                                                                        "postal_code": "21000"}),
        ("SO-100314 배송지를 부산 해운대구 센텀로 99, 48058로 변경해 주세요", {"line1": "센텀로 99",
                                                                         "postal_code": "48058"}),
    ],
)  # fmt: skip
def test_an_address_without_a_country_keeps_what_is_written(text: str, address: dict[str, str]) -> None:
    found = extract("modify_order_address", text, today=TODAY, language=detect_language(text))
    assert all(matches(value, found.arguments.get(key)) for key, value in address.items()), found
    assert "country" not in found.arguments
    assert found.missing == ("country",)  # only the country is asked for


def test_a_named_or_coded_country_completes_the_address() -> None:
    found = extract("modify_order_address", "SO-100315 to Rue Neuve 3, 75001 Paris, FR", today=TODAY)
    assert found.missing == () and found.arguments["country"] == "FR"
    from assistant.offline.arguments import complete

    asked = extract("modify_order_address", "SO-100316 to Kärntner Straße 1, 10100 Wien", today=TODAY)
    answered = complete("modify_order_address", asked.arguments, "Austria", today=TODAY)
    assert answered.missing == () and answered.arguments["country"] == "AT"


# --- Order lines: a party's code is not goods; each count belongs to the SKU it is written beside ------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Auftrag für C-00412 anlegen: 3 Stk DK-OAK-140, 9 CH-MESH-GRY",
         [{"sku": "DK-OAK-140", "quantity": 3}, {"sku": "CH-MESH-GRY", "quantity": 9}]),
        ("new order for customer C-00077: LM-DESK-01 x 4 and PR-TONER-K x 11",
         [{"sku": "LM-DESK-01", "quantity": 4}, {"sku": "PR-TONER-K", "quantity": 11}]),
        ("nowe zamówienie dla Kowalski: 15 szt. CB-USB-C2, 2 szt. IT-HUB-7",
         [{"sku": "CB-USB-C2", "quantity": 15}, {"sku": "IT-HUB-7", "quantity": 2}]),
    ],
)  # fmt: skip
def test_counts_bind_to_their_own_sku(text: str, lines: list[dict[str, Any]]) -> None:
    found = extract("create_sales_order", text, today=TODAY, language=detect_language(text)).arguments
    assert matches(lines, found.get("lines")), found


def test_customer_and_supplier_codes_are_not_skus() -> None:
    assert slots.sku_candidates("C-00412 and S-0042 ordered CH-MESH-GRY") == ["CH-MESH-GRY"]


# --- Leave: being sick, 'L4', and 'take ... off' with dates in between ---------------------------------------


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("I'm sick, won't be in tomorrow", {"start_date": date(2026, 11, 25), "leave_type": "sick"}),
        ("mam L4 od jutra do piątku", {"start_date": date(2026, 11, 25), "leave_type": "sick"}),
        ("can I take the 2nd to the 4th of December off please", {"start_date": date(2026, 12, 2),
                                                                   "end_date": date(2026, 12, 4)}),
    ],
)  # fmt: skip
def test_sick_and_time_off_phrasings_are_leave_requests(text: str, args: dict[str, Any]) -> None:
    _check(text, "request_leave", args)


# --- Money: payments against an invoice, unpaid purchase invoices, what we sent a supplier -------------------


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        ("which payments were booked against INV-2026-00421?", "list_payments", {"invoice": "INV-2026-00421"}),
        ("Zahlungen zur Rechnung INV-2026-00777 anzeigen", "list_payments", {"invoice": "INV-2026-00777"}),
        ("매입 인보이스 중 아직 미지급인 것 보여줘", "find_invoices", {"direction": "payable", "status": "open"}),
        ("offene Eingangsrechnungen bitte", "find_invoices", {"direction": "payable", "status": "open"}),
        ("how much did we pay Nordholz in September?", "list_payments",
         {"direction": "payable", "supplier": "Nordholz", "paid_from": date(2026, 9, 1),
          "paid_to": date(2026, 9, 30)}),
    ],
)  # fmt: skip
def test_payments_invoices_and_their_direction(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)


def test_a_record_noun_is_not_a_name() -> None:
    found = extract("find_invoices", "Welche Gutschriften sind offen?", today=TODAY, language="de").arguments
    assert "customer" not in found and "supplier" not in found


# --- A month named alone is the whole month; 'since the start of' runs to today ------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("payments in August", "en", (date(2026, 8, 1), date(2026, 8, 31))),
        ("Zahlungen im Juni", "de", (date(2026, 6, 1), date(2026, 6, 30))),
        ("wpłaty we wrześniu", "pl", (date(2026, 9, 1), date(2026, 9, 30))),
        ("uplate u rujnu", "hr", (date(2026, 9, 1), date(2026, 9, 30))),
        ("9월 입금", "ko", (date(2026, 9, 1), date(2026, 9, 30))),
        ("orders since the beginning of September", "en", (date(2026, 9, 1), TODAY)),
    ],
)
def test_a_month_named_alone(text: str, language: str, expected: tuple[date, date]) -> None:
    assert find_period(text, TODAY, language, past=True) == expected


def test_may_as_a_verb_is_not_a_month() -> None:
    assert find_period("may I see the orders", TODAY, "en", past=True) is None


# --- Reorder suggestions narrowed by supplier or category ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("what should we reorder from Stalmag?", {"supplier": "Stalmag"}),
        ("Nachbestellvorschläge für die Kategorie Office Furniture", {"category": "Office Furniture"}),
        ("co domówić u dostawcy Meblex", {"supplier": "Meblex"}),
    ],
)
def test_reorder_by_supplier_or_category(text: str, args: dict[str, Any]) -> None:
    found = extract("reorder_suggestions", text, today=TODAY, language=detect_language(text)).arguments
    assert all(matches(value, found.get(key)) for key, value in args.items()), found


# --- Whose contact: the database tells a supplier's name from a colleague's ----------------------------------


def test_a_contact_request_goes_to_the_kind_of_party_named(db_session: Any) -> None:
    from tests.factories import make_employee, make_supplier

    make_supplier(db_session, name="Kartonaža Vrbovec d.o.o.")
    make_employee(db_session, name="Zofia Wrzosek")
    names._PARTY_WORDS.clear()  # the name set is cached per database
    assert names.party_kind("daj mi kontakt do Vrbovca", db_session) == "supplier"
    assert classify("kontakt do Vrbovca?", db_session).intent == "find_suppliers"
    assert classify("podaj telefon do Zofii Wrzosek", db_session).intent == "find_employees"
    names._PARTY_WORDS.clear()


# --- Reports and analytics SQL ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I need the stock ageing for the warehouse",
        "Bericht: offene Bestellungen bei Lieferanten",
        "raport o urlopach w zespole",
        "napravi izvještaj o nabavi za ovaj kvartal",
        "이번 분기 구매 보고서 부탁해요",
        "what sold best in each country last quarter vs the one before",
    ],
)
def test_report_requests_go_to_draft_report_with_the_words(text: str) -> None:
    _check(text, "draft_report", {"request": text})


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("which invoices are still open?", "find_invoices"),
        ("how many DK-OAK-140 are in stock in WAW?", "get_stock"),
        ("I'm reporting sick today", "request_leave"),
    ],
)
def test_plain_lookups_are_not_reports(text: str, intent: str) -> None:
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "sql"),
    [
        (
            "SELECT sku, available FROM v_stock WHERE available < 3",
            "SELECT sku, available FROM v_stock WHERE available < 3",
        ),
        ("sql: select count(*) from v_invoices;", "select count(*) from v_invoices"),
        ("SQL: DROP VIEW v_stock", "DROP VIEW v_stock"),
    ],
)
def test_a_message_that_is_sql_runs_as_analytics_sql(text: str, sql: str) -> None:
    _check(text, "run_analytics_sql", {"sql": sql})


@pytest.mark.parametrize(
    "text", ["select the cheapest chair from the catalog", "Select a supplier from our list for toner"]
)
def test_sentences_starting_with_select_are_not_sql(text: str) -> None:
    assert classify(text).intent != "run_analytics_sql"


# --- Orders with suppliers are purchase orders; 'PO' names one; running out means reordering ---------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("which orders with suppliers are still open for LM-DESK-01?", "find_purchase_orders"),
        ("offene Bestellungen beim Lieferanten Stalmag", "find_purchase_orders"),
        ("raise PO for Stalmag: 40x WH-PALLET-1, 10x WH-LADDER-5", "create_purchase_order"),
        ("we're running low on something? what should I top up", "reorder_suggestions"),
        ("što nam nestaje na skladištu, treba li nešto naručiti", "reorder_suggestions"),
        ("send me the mail address of Petra Babić", "find_employees"),
    ],
)
def test_order_side_and_running_out_by_structure(text: str, intent: str) -> None:
    assert classify(text).intent == intent, text


def test_warehouse_cities_in_any_case() -> None:
    assert slots.warehouse("dostawa do Warszawy") == "WAW"
    assert slots.warehouse("isporuka iz Varšave") == "WAW"


# --- Causes found on blind2.yaml (it is now a development set); each in wordings of its own ------------------


@pytest.mark.parametrize(
    ("text", "skus"),
    [
        ("the client returns both desk lamps FN-LAMP-WHT from SO-100234", ["FN-LAMP-WHT"] * 2),
        ("Kunde gibt 3 Monitore IT-MON-27 aus SO-100777 zurück", ["IT-MON-27"] * 3),
        ("zwrot: dwie lampki FN-LAMP-WHT i 1x IT-MON-27 z SO-100555", ["FN-LAMP-WHT"] * 2 + ["IT-MON-27"]),
        ("SO-100321 반품: IT-MON-27 3개", ["IT-MON-27"] * 3),
        ("return IT-MON-27 from SO-100321", ["IT-MON-27"]),
    ],
)
def test_a_return_lists_each_unit_sent_back(text: str, skus: list[str]) -> None:
    _check(text, "return_order_items", {"skus": skus})


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("4 IT-MON-27 shattered in the Hamburg warehouse, write them off", -4),
        ("after the count in HAM there were 7 fewer PP-A4-5R than booked", -7),
        ("bei der Inventur in Hamburg 3 Stück IT-MON-27 weniger, bitte korrigieren", -3),
        ("w magazynie WAW liczenie wykazało 2 szt. mniej IT-MON-27, popraw", -2),
        ("im Lager Zagreb lagen 5x IT-MON-27 unverbucht, bitte +5 einbuchen", 5),
    ],
)
def test_stock_corrections_with_colloquial_signs(text: str, change: int) -> None:
    _check(text, "adjust_stock", {"change": change})


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        ("did Riehl Büroausstattung pay us anything in September?", "list_payments",
         {"direction": "receivable", "paid_from": "2026-09-01", "paid_to": "2026-09-30"}),
        ("koje smo uplate dobili od kupca Horvat u rujnu?", "list_payments",
         {"direction": "receivable", "paid_from": "2026-09-01", "paid_to": "2026-09-30"}),
        ("płatności w listopadzie od klienta Nazarko", "list_payments",
         {"paid_from": "2026-11-01"}),
        ("what do we owe Meblex at the moment? open bills from them", "find_invoices",
         {"direction": "payable", "supplier": "Meblex", "status": "open"}),
        ("매출채권 중에 연체된 거 보여줘", "find_invoices", {"direction": "receivable", "status": "overdue"}),
    ],
)  # fmt: skip
def test_who_paid_whom_and_croatian_months(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        ("(주)하늘유통 앞으로 신규 주문: IT-MON-27 3개", "create_sales_order", {"customer": "하늘유통"}),
        ("대한상사로 PP-A4-5R 100개 발주해 주세요", "create_purchase_order", {"supplier": "대한상사"}),
        ("대한상사 납기 보통 며칠 걸려요?", "find_suppliers", {"query": "대한상사"}),
        ("What's the lead time for Biurex?", "find_suppliers", {"query": "Biurex"}),
        ("Welche Lieferzeit hat Papierwerk Elbtal?", "find_suppliers", {"query": "Papierwerk"}),
    ],
)
def test_korean_company_names_and_lead_times(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("please kill order SO-100200, the client changed their mind", "cancel_order"),
        ("SO-100200 needs to ship to Hauptstraße 5, 20095 Hamburg now", "modify_order_address"),
        ("show me the account of Riehl Büroausstattung incl. open orders", "get_customer_account"),
        ("gibt es einen Kunden namens Köhler bei uns?", "find_customers"),
        ("podsumowanie sprzedaży według regionów za ostatni kwartał", "draft_report"),
        ("što trebamo naručiti jer je ispod minimalne zalihe?", "reorder_suggestions"),
        ("which monitor models do we sell?", "find_products"),
        ("올해 휴가 며칠 남아 있어요?", "get_my_leave"),
    ],
)
def test_intent_cues_found_on_blind2(text: str, intent: str) -> None:
    assert classify(text).intent == intent, text


# --- Causes found on blind3.yaml (a development set since its first measurement); wordings of their own -------


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        ("new order for Riehl Büroausstattung: eleven PP-A4-5R", "create_sales_order",
         {"lines": [{"sku": "PP-A4-5R", "quantity": 11}]}),
        ("Kroker braucht sieben IT-MON-27, Versand aus Hamburg", "create_sales_order",
         {"lines": [{"sku": "IT-MON-27", "quantity": 7}]}),
        ("Horvat d.o.o. treba pet komada IT-MON-27", "create_sales_order",
         {"lines": [{"sku": "IT-MON-27", "quantity": 5}]}),
        ("(주)하늘유통에 IT-MON-27 열 개 주문 넣어 주세요", "create_sales_order",
         {"customer": "하늘유통", "lines": [{"sku": "IT-MON-27", "quantity": 10}]}),
    ],
)  # fmt: skip
def test_counts_written_as_words(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        ("on SO-100200 replace three CH-ERGO-BLK with CH-ERGO-GRY", "modify_order_items",
         {"items": [{"sku": "CH-ERGO-BLK", "new_sku": "CH-ERGO-GRY"}] * 3}),
        ("SO-100200: bitte CH-ERGO-BLK gegen CH-ERGO-GRY tauschen", "modify_order_items",
         {"items": [{"sku": "CH-ERGO-BLK", "new_sku": "CH-ERGO-GRY"}]}),
        ("SO-100200 will be settled with gift_card_1234567 instead", "modify_order_payment",
         {"payment_method": "gift_card_1234567"}),
        ("customer sends back one of the three chairs CH-ERGO-BLK from SO-100201", "return_order_items",
         {"skus": ["CH-ERGO-BLK"]}),
    ],
)  # fmt: skip
def test_item_swaps_payment_changes_and_units(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Riehl Büroausstattung moved, new address Hafenstraße 9, 20457 Hamburg", "update_customer_address"),
        ("Horvat d.o.o. se preselio na Ilicu 10, 10000 Zagreb", "update_customer_address"),
        ("show all cancelled orders from October", "find_orders"),
        ("zeig die stornierten Bestellungen", "find_orders"),
        ("which vendors do we buy from in Poland?", "find_suppliers"),
        ("pokaż konto klienta Nazarko", "get_customer_account"),
        ("in which sizes do the work gloves come?", "find_products"),
        ("muss ich im Lager Sicherheitsschuhe tragen?", "search_policies"),
        ("Wie viele IT-MON-27 liegen noch in Hamburg?", "get_stock"),
        ("koje smo uplate dobavljačima napravili u listopadu?", "list_payments"),
        ("everything Riehl still hasn't paid us", "find_invoices"),
        ("koje nabavne narudžbe još nisu stigle?", "find_purchase_orders"),
    ],
)
def test_intent_cues_found_on_blind3(text: str, intent: str) -> None:
    assert classify(text).intent == intent, text


def test_sql_after_a_lead_in_and_leave_until_a_day() -> None:
    assert classify("please run: SELECT sku FROM v_stock WHERE available < 5").intent == "run_analytics_sql"
    _check(
        "krank, komme bis Freitag nicht",
        "request_leave",
        {"start_date": "2026-11-24", "end_date": "2026-11-27"},
    )


# --- Causes found on blind4.yaml (a development set since its first measurement); wordings of their own -------


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        ("I'd like to take annual leave on Friday", "request_leave", {"leave_type": "annual"}),
        ("what's in order 105777?", "get_order", {"number": "SO-105777"}),
        ("Kunde schickt beide Stühle aus SO-100321 zurück (CH-ERGO-BLK)", "return_order_items",
         {"skus": ["CH-ERGO-BLK", "CH-ERGO-BLK"]}),
        ("inwentaryzacja HAM: brakuje trzech IT-MON-27", "adjust_stock", {"change": -3}),
        ("Was hat Riehl im September bei uns bestellt?", "find_orders", {"placed_from": "2026-09-01"}),
        ("account overview for C-00031 please", "get_customer_account", {"customer": "C-00031"}),
    ],
)  # fmt: skip
def test_causes_found_on_blind4(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)


# --- Causes found on blind5 (each in other words than the set's) ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "args"),
    [
        # a greeting and small talk; what the assistant handles
        ("hi! long week already, isn't it", "greeting", {}),
        ("Guten Morgen, na, alles fit bei dir heute?", "greeting", {}),
        ("hey, what's the weather in Hamburg tomorrow?", "unsupported", {}),  # a greeting, then off topic
        ("what sort of stuff can this assistant help me with?", "help", {}),
        ("w czym możesz mi pomóc?", "help", {}),
        # goods of a kind, and stock across every warehouse
        ("do we sell any shelves that fit a small office?", "find_products", {}),
        (
            "what's the situation with packing tape in all warehouses?",
            "get_stock",
            {"product": "packing tape"},
        ),
        ("wie sieht's mit Kopierpapier in allen Lagern aus?", "get_stock", {}),
        (
            "habt ihr in Hamburg noch ein paar IT-DOCK-65 da?",
            "get_stock",
            {"sku": "IT-DOCK-65", "warehouse": "HAM"},
        ),
        ("HAM에 PN-GEL-BLU 재고 있어요?", "get_stock", {"sku": "PN-GEL-BLU", "warehouse": "HAM"}),
        # people by department; a customer's credit standing
        ("who works in finance these days?", "find_employees", {"department": "Finance"}),
        ("tko radi u odjelu nabave?", "find_employees", {"department": "Purchasing"}),
        ("how's the credit standing of Kowalski Meble?", "get_customer_account", {"customer": "Kowalski"}),
        # order statuses in a phrase, and a status denied
        ("orders from Horvat that are shipped, still not delivered", "find_orders", {"status": "shipped"}),
        ("zamówienia Dorynek, które czekają jeszcze na wysyłkę", "find_orders", {"status": "pending"}),
        (
            "Zeig Aufträge, für die eine Rücksendung beantragt ist",
            "find_orders",
            {"status": "return requested"},
        ),
        ("koje narudžbe sadrže IT-CAM-4K?", "find_orders", {"sku": "IT-CAM-4K"}),
        ("누리상사 주문 이력 알려줘", "find_orders", {"customer": "누리상사"}),
        # swaps of what was received are exchanges; a count written once is per pair
        (
            "Horvat received SO-105901 but wants the CH-ERGO-BLK-NY swapped for CH-ERGO-GRY-NY",
            "exchange_order_items",
            {"items": [{"sku": "CH-ERGO-BLK-NY", "new_sku": "CH-ERGO-GRY-NY"}]},
        ),
        (
            "on SO-105902 three of those lamps FN-LAMP-SLV should be FN-LAMP-BLK instead",
            "modify_order_items",
            {"items": [{"sku": "FN-LAMP-SLV", "new_sku": "FN-LAMP-BLK"}] * 3},
        ),
        (
            "SO-105903: eine der zwei Lampen FN-LAMP-SLV geht zurück",
            "return_order_items",
            {"skus": ["FN-LAMP-SLV"]},
        ),
        # purchase orders: partly received, a delivery day; supplier invoices by their own number
        ("which POs have only partly arrived?", "find_purchase_orders", {"status": "partially_received"}),
        (
            "order 80 ST-HEFT-30 from Biurex for Warsaw, delivery on 3.12.",
            "create_purchase_order",
            {"expected_on": date(2026, 12, 3)},
        ),
        ("is supplier invoice 77/11/2026 from Meblex paid?", "find_invoices", {"number": "77/11/2026"}),
        ("customer invoices due by Friday", "find_invoices", {"due_to": date(2026, 11, 27)}),
        ("ile zapłaciliśmy Biurexowi w tym roku?", "list_payments", {"paid_from": date(2026, 1, 1)}),
        ("아직 납부 안 한 매입 청구서 있어요?", "find_invoices", {"status": "open"}),
        # rules and thresholds are policies; documents attached to records; a classification asked about
        ("above what amount does a purchase need the CFO's sign-off?", "search_policies", {}),
        ("od jakiej kwoty zakup musi zatwierdzić szef?", "search_policies", {}),
        (
            "attach document 14 to PO-2026-0031",
            "file_document",
            {"document_id": 14, "purchase_order": "PO-2026-0031"},
        ),
        ("what type did doc 9 come out as?", "get_document", {"document_id": 9}),
        ("Welche Belege warten auf Prüfung? Nur Quittungen", "list_review_queue", {"doc_type": "receipt"}),
        # Korean: goods leaving 'from the warehouse' are a sale; a cancellation reason in German
        (
            "한빛상사에 IT-KB-KR 다섯 개 주문 넣어 주세요, 서울 창고에서 출고",
            "create_sales_order",
            {"customer": "한빛상사"},
        ),
        (
            "SO-105904 bitte stornieren, Kunde hat sich verbestellt",
            "cancel_order",
            {"reason": "ordered by mistake"},
        ),
        ("inventura WAW: fali 2 komada PN-GEL-BLU", "adjust_stock", {"change": -2}),
    ],
)
def test_causes_found_on_blind5(text: str, intent: str, args: dict[str, Any]) -> None:
    _check(text, intent, args)
