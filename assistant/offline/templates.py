"""Replies of the offline model in the five languages: from tool results, clarifying questions, fallbacks."""

from __future__ import annotations

import json
from typing import Any

# Leave types as people say them, per language (the tools use the enum values).
LEAVE_TYPES: dict[str, dict[str, str]] = {
    "annual": {"en": "Annual leave", "de": "Urlaub", "pl": "Urlop wypoczynkowy", "hr": "Godišnji odmor",
               "ko": "연차 휴가"},
    "sick": {"en": "Sick leave", "de": "Krankheitstage", "pl": "Zwolnienie chorobowe", "hr": "Bolovanje",
             "ko": "병가"},
    "unpaid": {"en": "Unpaid leave", "de": "Unbezahlter Urlaub", "pl": "Urlop bezpłatny",
               "hr": "Neplaćeni dopust", "ko": "무급 휴가"},
    "other": {"en": "Other leave", "de": "Sonstige Abwesenheit", "pl": "Inna nieobecność", "hr": "Ostalo odsustvo",
              "ko": "기타 휴가"},
}  # fmt: skip

LLM_HINT = "BACKOFFICE_MODEL_PROVIDER=openai + BACKOFFICE_OPENAI_API_KEY / BACKOFFICE_OPENAI_BASE_URL"

_TEXT: dict[str, dict[str, str]] = {
    "greeting": {
        "en": "Hello! Ask me about orders, stock, products, customers, invoices, suppliers or your leave.",
        "de": "Hallo! Fragen Sie mich nach Bestellungen, Lager, Produkten, Kunden, Rechnungen, Lieferanten "
        "oder Urlaub.",
        "pl": "Cześć! Zapytaj o zamówienia, stany, produkty, klientów, faktury, dostawców lub urlop.",
        "hr": "Bok! Pitajte me o narudžbama, zalihama, proizvodima, kupcima, računima, dobavljačima "
        "ili godišnjem.",
        "ko": "안녕하세요! 주문, 재고, 상품, 고객, 청구서, 공급업체, 휴가에 대해 물어보세요.",
    },
    "help": {
        "en": "I can look up orders, stock, products, customers, invoices, payments, suppliers, purchase orders, "
        "colleagues, your leave and the company policies, and propose changes (cancel or change orders, returns, "
        "stock corrections, new orders, leave requests) for a person to approve. For open questions an LLM can be "
        "enabled with {hint}.",
        "de": "Ich kann Bestellungen, Lager, Produkte, Kunden, Rechnungen, Zahlungen, Lieferanten, "
        "Einkaufsbestellungen, Kollegen, Ihren Urlaub und die Firmenrichtlinien nachschlagen und Änderungen "
        "vorschlagen (Stornos, Retouren, Bestandskorrekturen, neue Aufträge, Urlaubsanträge), über die eine Person "
        "entscheidet. Für offene Fragen: {hint}.",
        "pl": "Mogę sprawdzić zamówienia, stany, produkty, klientów, faktury, płatności, dostawców, zamówienia zakupu, "
        "współpracowników, Twój urlop i zasady firmy oraz zaproponować zmiany (anulowanie, zwroty, korekty stanów, "
        "nowe zamówienia, wnioski urlopowe) do zatwierdzenia. Aby włączyć model LLM: {hint}.",
        "hr": "Mogu pronaći narudžbe, zalihe, proizvode, kupce, račune, uplate, dobavljače, narudžbenice, kolege, vaš "
        "godišnji i pravila tvrtke te predložiti promjene (otkazivanje, povrate, ispravke zaliha, nove narudžbe, "
        "zahtjeve za godišnji) koje odobrava osoba. Za otvorena pitanja uključite LLM: {hint}.",
        "ko": "주문, 재고, 상품, 고객, 청구서, 결제, 공급업체, 발주, 동료, 휴가, 회사 규정을 조회하고 "
        "변경(취소, 반품, 재고 조정, 새 주문, "
        "휴가 신청)을 제안해 승인받을 수 있어요. 자유로운 질문에는 LLM을 켜세요: {hint}.",
    },
    "unsupported": {
        "en": "Sorry, I can't help with that: I am the offline assistant and only handle back-office tasks "
        "(orders, stock, products, customers, invoices, suppliers, leave, policies, reports). "
        "To enable an LLM, set {hint}.",
        "de": "Dabei kann ich leider nicht helfen: Ich bin der Offline-Assistent und erledige nur Backoffice-Aufgaben "
        "(Bestellungen, Lager, Produkte, Kunden, Rechnungen, Lieferanten, Urlaub, Richtlinien, Berichte). "
        "Für ein LLM setzen Sie {hint}.",
        "pl": "Niestety w tym nie pomogę: jestem asystentem offline i obsługuję tylko zadania back-office "
        "(zamówienia, stany, produkty, klienci, faktury, dostawcy, urlopy, zasady firmy, raporty). "
        "Aby włączyć LLM, ustaw {hint}.",
        "hr": "Nažalost, u tome ne mogu pomoći: ja sam izvanmrežni asistent i radim samo back-office poslove "
        "(narudžbe, zalihe, proizvodi, kupci, računi, dobavljači, godišnji, pravila, izvještaji). "
        "Za LLM postavite {hint}.",
        "ko": "죄송하지만 그건 도와드릴 수 없어요. 오프라인 비서는 백오피스 업무(주문, 재고, 상품, "
        "고객, 청구서, 공급업체, "
        "휴가, 회사 규정, 보고서)만 처리합니다. LLM을 쓰려면 {hint}를 설정하세요.",
    },
    "not_allowed": {
        "en": "Your role cannot do that ({tool}); please ask a colleague who can.",
        "de": "Mit Ihrer Rolle ist das nicht möglich ({tool}); bitte wenden Sie sich an eine berechtigte Kollegin.",
        "pl": "Twoja rola na to nie pozwala ({tool}); poproś osobę z uprawnieniami.",
        "hr": "Vaša uloga to ne dopušta ({tool}); zamolite kolegu koji to smije.",
        "ko": "현재 역할로는 할 수 없는 작업입니다({tool}). 권한이 있는 동료에게 요청하세요.",
    },
    "failed": {
        "en": "That did not work: {message}",
        "de": "Das hat nicht geklappt: {message}",
        "pl": "Nie udało się: {message}",
        "hr": "To nije uspjelo: {message}",
        "ko": "처리하지 못했어요: {message}",
    },
    "document": {
        "en": "Document #{id} ({filename}): {type}, confidence {confidence}, review: {review}.",
        "de": "Dokument #{id} ({filename}): {type}, Sicherheit {confidence}, Prüfung: {review}.",
        "pl": "Dokument #{id} ({filename}): {type}, pewność {confidence}, weryfikacja: {review}.",
        "hr": "Dokument #{id} ({filename}): {type}, pouzdanost {confidence}, pregled: {review}.",
        "ko": "문서 #{id} ({filename}): {type}, 신뢰도 {confidence}, 검토: {review}.",
    },
    "document_failed": {
        "en": "Document #{id} ({filename}) could not be read: {reason}",
        "de": "Dokument #{id} ({filename}) konnte nicht gelesen werden: {reason}",
        "pl": "Nie udało się odczytać dokumentu #{id} ({filename}): {reason}",
        "hr": "Dokument #{id} ({filename}) nije moguće pročitati: {reason}",
        "ko": "문서 #{id} ({filename})를 읽을 수 없습니다: {reason}",
    },
    "document_missing": {
        "en": "Missing: {fields}.",
        "de": "Fehlt: {fields}.",
        "pl": "Brakuje: {fields}.",
        "hr": "Nedostaje: {fields}.",
        "ko": "누락: {fields}.",
    },
    "proposal": {
        "en": "Proposed, not done yet: {summary}. Waiting for a decision by {who} (action {id}).",
        "de": "Vorgeschlagen, noch nicht ausgeführt: {summary}. Entscheidung durch {who} (Aktion {id}).",
        "pl": "Zaproponowano, jeszcze nie wykonano: {summary}. Czeka na decyzję: {who} (akcja {id}).",
        "hr": "Predloženo, još nije izvršeno: {summary}. Čeka odluku: {who} (radnja {id}).",
        "ko": "제안됨, 아직 실행되지 않음: {summary}. {who}의 승인을 기다립니다(작업 {id}).",
    },
    "none": {
        "en": "Nothing found.",
        "de": "Nichts gefunden.",
        "pl": "Nic nie znaleziono.",
        "hr": "Ništa nije pronađeno.",
        "ko": "찾은 결과가 없어요.",
    },
    "found": {
        "en": "Found {count}:",
        "de": "{count} gefunden:",
        "pl": "Znaleziono {count}:",
        "hr": "Pronađeno {count}:",
        "ko": "{count}건을 찾았어요:",
    },
    "order": {
        "en": "Order {number} ({customer}): {status}, {items} item(s), total {total} {currency}, placed {placed}.",
        "de": "Bestellung {number} ({customer}): {status}, {items} Artikel, Summe {total} {currency}, vom {placed}.",
        "pl": "Zamówienie {number} ({customer}): {status}, pozycji: {items}, razem {total} {currency}, "
        "z dnia {placed}.",
        "hr": "Narudžba {number} ({customer}): {status}, stavki: {items}, ukupno {total} {currency}, od {placed}.",
        "ko": "주문 {number} ({customer}): {status}, 품목 {items}개, 합계 {total} {currency}, 주문일 {placed}.",
    },
    "tracking": {
        "en": "Tracking: {tracking}.",
        "de": "Sendungsnummer: {tracking}.",
        "pl": "Numer przesyłki: {tracking}.",
        "hr": "Praćenje: {tracking}.",
        "ko": "송장 번호: {tracking}.",
    },
    "stock": {
        "en": "Stock: {on_hand} on hand, {available} available.",
        "de": "Bestand: {on_hand} vorhanden, {available} verfügbar.",
        "pl": "Stan: {on_hand} w magazynie, {available} dostępne.",
        "hr": "Zaliha: {on_hand} na stanju, {available} dostupno.",
        "ko": "재고: 보유 {on_hand}개, 가용 {available}개.",
    },
    "stock_row": {
        "en": "{sku} {name} in {warehouse}: {available} available ({on_hand} on hand)",
        "de": "{sku} {name} in {warehouse}: {available} verfügbar ({on_hand} vorhanden)",
        "pl": "{sku} {name} w {warehouse}: {available} dostępne ({on_hand} w magazynie)",
        "hr": "{sku} {name} u {warehouse}: {available} dostupno ({on_hand} na stanju)",
        "ko": "{sku} {name} ({warehouse}): 가용 {available}개 (보유 {on_hand}개)",
    },
    "leave": {
        "en": "{type} {year}: {remaining} day(s) left, {pending} pending.",
        "de": "{type} {year}: noch {remaining} Tag(e), {pending} beantragt.",
        "pl": "{type} {year}: pozostało {remaining} dni, {pending} oczekuje.",
        "hr": "{type} {year}: preostalo {remaining} dana, {pending} na čekanju.",
        "ko": "{year}년 {type}: 남은 일수 {remaining}일, 대기 {pending}일.",
    },
    "report_files": {
        "en": "Files:",
        "de": "Dateien:",
        "pl": "Pliki:",
        "hr": "Datoteke:",
        "ko": "파일:",
    },
    "sql_ran": {
        "en": "The SQL that ran:",
        "de": "Ausgeführtes SQL:",
        "pl": "Wykonane zapytanie SQL:",
        "hr": "Izvršeni SQL:",
        "ko": "실행한 SQL:",
    },
    "sql_rows": {
        "en": "{count} row(s){more}:",
        "de": "{count} Zeile(n){more}:",
        "pl": "Wierszy: {count}{more}:",
        "hr": "Redaka: {count}{more}:",
        "ko": "{count}행{more}:",
    },
    "sql_truncated": {
        "en": " (cut at the row limit)",
        "de": " (beim Zeilenlimit abgeschnitten)",
        "pl": " (ucięto na limicie wierszy)",
        "hr": " (skraćeno na ograničenju redaka)",
        "ko": " (행 제한에서 잘림)",
    },
    "done": {
        "en": "Done.",
        "de": "Erledigt.",
        "pl": "Gotowe.",
        "hr": "Gotovo.",
        "ko": "완료했어요.",
    },
}

_QUESTIONS: dict[str, dict[str, str]] = {
    "document_id": {"en": "Which document (its number, e.g. 42)?", "de": "Welches Dokument (Nummer, z. B. 42)?",
                    "pl": "Który dokument (numer, np. 42)?", "hr": "Koji dokument (broj, npr. 42)?",
                    "ko": "어떤 문서인가요? (번호, 예: 42)"},
    "path": {"en": "Which uploaded file (its name, e.g. scan.pdf)?",
             "de": "Welche hochgeladene Datei (Name, z. B. scan.pdf)?",
             "pl": "Który wgrany plik (nazwa, np. scan.pdf)?", "hr": "Koja učitana datoteka (naziv, npr. scan.pdf)?",
             "ko": "어떤 업로드 파일인가요? (파일명, 예: scan.pdf)"},
    "number": {"en": "Which order number?", "de": "Welche Bestellnummer?", "pl": "Jaki numer zamówienia?",
               "hr": "Koji broj narudžbe?", "ko": "주문 번호가 무엇인가요?"},
    "order": {"en": "Which order (e.g. SO-100042 or #W1234567)?", "de": "Welche Bestellung (z. B. SO-100042)?",
              "pl": "Które zamówienie (np. SO-100042)?", "hr": "Koja narudžba (npr. SO-100042)?",
              "ko": "어떤 주문인가요? (예: SO-100042)"},
    "reason": {"en": "What is the reason?", "de": "Was ist der Grund?", "pl": "Jaki jest powód?",
               "hr": "Koji je razlog?", "ko": "사유가 무엇인가요?"},
    "cancel_reason": {
        "en": "Why does the customer cancel: 'no longer needed' or 'ordered by mistake'?",
        "de": "Warum storniert der Kunde: 'nicht mehr benötigt' oder 'versehentlich bestellt'?",
        "pl": "Dlaczego klient anuluje: 'już niepotrzebne' czy 'zamówione przez pomyłkę'?",
        "hr": "Zašto kupac otkazuje: 'više ne treba' ili 'naručeno greškom'?",
        "ko": "취소 사유가 '더 이상 필요 없음'인가요, '실수로 주문함'인가요?",
    },
    "query": {"en": "What should I look for?", "de": "Wonach soll ich suchen?", "pl": "Czego mam szukać?",
              "hr": "Što da potražim?", "ko": "무엇을 찾을까요?"},
    "product": {"en": "Which product or SKU?", "de": "Welches Produkt oder welche SKU?",
                "pl": "Jaki produkt lub SKU?", "hr": "Koji proizvod ili SKU?", "ko": "어떤 상품 또는 SKU인가요?"},
    "customer": {"en": "Which customer (name, email or code)?", "de": "Welcher Kunde (Name, E-Mail oder Code)?",
                 "pl": "Który klient (nazwa, e-mail lub kod)?", "hr": "Koji kupac (ime, e-mail ili šifra)?",
                 "ko": "어느 고객인가요? (이름, 이메일 또는 코드)"},
    "supplier": {"en": "Which supplier?", "de": "Welcher Lieferant?", "pl": "Który dostawca?",
                 "hr": "Koji dobavljač?", "ko": "어느 공급업체인가요?"},
    "dates": {"en": "From which day to which day?", "de": "Von wann bis wann?", "pl": "Od kiedy do kiedy?",
              "hr": "Od kada do kada?", "ko": "언제부터 언제까지인가요?"},
    "lines": {"en": "Which SKUs and how many of each?", "de": "Welche SKUs und wie viele jeweils?",
              "pl": "Jakie SKU i ile sztuk każdego?", "hr": "Koji SKU-ovi i koliko komada?",
              "ko": "어떤 SKU를 몇 개씩 할까요?"},
    "items": {"en": "Which SKU should change to which new SKU (e.g. 'CHR-001 to CHR-002')?",
              "de": "Welche SKU soll gegen welche neue SKU getauscht werden (z. B. 'CHR-001 zu CHR-002')?",
              "pl": "Które SKU zamienić na jakie nowe (np. 'CHR-001 na CHR-002')?",
              "hr": "Koji SKU zamijeniti kojim novim (npr. 'CHR-001 u CHR-002')?",
              "ko": "어떤 SKU를 어떤 새 SKU로 바꿀까요? (예: 'CHR-001 → CHR-002')"},
    "skus": {"en": "Which SKUs should be returned?", "de": "Welche SKUs werden zurückgegeben?",
             "pl": "Które SKU są zwracane?", "hr": "Koji SKU-ovi se vraćaju?", "ko": "어떤 SKU를 반품하나요?"},
    "payment_method": {"en": "Which payment method (its code, e.g. credit_card_1234567)?",
                       "de": "Welche Zahlungsart (Code, z. B. credit_card_1234567)?",
                       "pl": "Jaka metoda płatności (kod, np. credit_card_1234567)?",
                       "hr": "Koji način plaćanja (šifra, npr. credit_card_1234567)?",
                       "ko": "어떤 결제 수단인가요? (코드, 예: credit_card_1234567)"},
    "address": {"en": "What is the new address (street, postal code city, country)?",
                "de": "Wie lautet die neue Adresse (Straße, PLZ Ort, Land)?",
                "pl": "Jaki jest nowy adres (ulica, kod miasto, kraj)?",
                "hr": "Koja je nova adresa (ulica, poštanski broj grad, država)?",
                "ko": "새 주소를 알려주세요 (도로명, 우편번호 도시, 국가)."},
    "country": {"en": "In which country is that address?", "de": "In welchem Land liegt die Adresse?",
                "pl": "W jakim kraju jest ten adres?", "hr": "U kojoj je državi ta adresa?",
                "ko": "그 주소는 어느 나라인가요?"},
    "sku": {"en": "Which SKU?", "de": "Welche SKU?", "pl": "Które SKU?", "hr": "Koji SKU?", "ko": "어떤 SKU인가요?"},
    "warehouse": {"en": "Which warehouse (HAM, WAW, ZAG, SEL)?", "de": "Welches Lager (HAM, WAW, ZAG, SEL)?",
                  "pl": "Który magazyn (HAM, WAW, ZAG, SEL)?", "hr": "Koje skladište (HAM, WAW, ZAG, SEL)?",
                  "ko": "어느 창고인가요? (HAM, WAW, ZAG, SEL)"},
    "change": {"en": "By how many units (e.g. +5 or -3)?", "de": "Um wie viele Stück (z. B. +5 oder -3)?",
               "pl": "O ile sztuk (np. +5 lub -3)?", "hr": "Za koliko komada (npr. +5 ili -3)?",
               "ko": "몇 개를 조정할까요? (예: +5 또는 -3)"},
}  # fmt: skip

# Keys of tool results that hold the list of found things, and the fields naming each thing.
_LISTS = {
    "customers": ("name", "code", "city"),
    "products": ("name", "code"),
    "invoices": ("number", "party", "status", "total", "due_date"),
    "payments": ("invoice_number", "party", "amount", "paid_on"),
    "purchase_orders": ("number", "supplier_name", "status", "total"),
    "suppliers": ("name", "code", "country"),
    "suggestions": ("sku", "product_name", "suggested_quantity"),
    "employees": ("name", "title", "email"),
    "people": ("name", "title", "email"),
}
MAX_LISTED = 5
# A SQL result is shown as a compact table of its first rows, each cell cut to this width.
SQL_ROWS_SHOWN = 10
SQL_CELL_CHARS = 24


def text(key: str, language: str, **values: Any) -> str:
    table = _TEXT[key]
    return table.get(language, table["en"]).format(hint=LLM_HINT, **values)


def question(intent: str, slot: str, language: str) -> str:
    key = "cancel_reason" if intent == "cancel_order" and slot == "reason" else slot
    table = _QUESTIONS.get(key, _QUESTIONS["query"])
    return table.get(language, table["en"])


def _order_line(order: dict[str, Any], language: str) -> str:
    return text(
        "order",
        language,
        number=order.get("number"),
        customer=order.get("customer_name"),
        status=order.get("status"),
        items=order.get("items"),
        total=order.get("total"),
        currency=order.get("currency"),
        placed=str(order.get("placed_at", ""))[:10],
    )


def _listing(items: list[dict[str, Any]], fields: tuple[str, ...], language: str) -> str:
    if not items:
        return text("none", language)
    lines = [text("found", language, count=len(items))]
    for item in items[:MAX_LISTED]:
        lines.append(
            "- " + ", ".join(str(item[field]) for field in fields if item.get(field) not in (None, ""))
        )
    if len(items) > MAX_LISTED:
        lines.append(f"(+{len(items) - MAX_LISTED})")
    return "\n".join(lines)


def render_result(tool_name: str, content: str, language: str, *, question: str = "") -> str:
    """A short reply from a tool message: a JSON result, or the plain text of a refusal."""
    try:
        data = json.loads(content)
    except ValueError:
        return text("failed", language, message=content.strip())
    if not isinstance(data, dict):
        return text("done", language)
    if tool_name == "search_policies" and isinstance(data.get("passages"), list):
        return _policy_answer(data, question, language)
    if tool_name == "draft_report":
        return _report_reply(data, language)
    if tool_name == "run_analytics_sql" and isinstance(data.get("sql"), str):
        return _sql_reply(data, language)
    if data.get("status") == "awaiting_approval" and isinstance(data.get("action"), dict):
        action = data["action"]
        who = (
            f"#{action['required_approver_id']}"
            if action.get("required_approver_id")
            else " / ".join(action.get("required_roles", []))
        )
        return text("proposal", language, summary=action.get("summary"), who=who, id=action.get("id"))
    if isinstance(data.get("document"), dict):
        return _document_reply(data["document"], language, data.get("message"))
    if isinstance(data.get("documents"), list):
        documents = data["documents"]
        if not documents:
            return text("none", language)
        lines = [text("found", language, count=len(documents))]
        lines += [
            f"- #{item.get('id')} {item.get('filename')}: {item.get('doc_type') or '?'} ({item.get('review_status')})"
            for item in documents[:MAX_LISTED]
        ]
        if len(documents) > MAX_LISTED:
            lines.append(f"(+{len(documents) - MAX_LISTED})")
        return "\n".join(lines)
    if "orders" in data:
        orders = data["orders"]
        if not orders:
            return text("none", language)
        lines = [text("found", language, count=data.get("total_matches", len(orders)))]
        lines += ["- " + _order_line(order, language) for order in orders[:MAX_LISTED]]
        return "\n".join(lines)
    if "lines" in data and "ship_to" in data:
        reply = _order_line(data, language)
        tracking = [
            number for item in data.get("fulfillments", []) for number in item.get("tracking_numbers", [])
        ]
        if tracking:
            reply += " " + text("tracking", language, tracking=", ".join(tracking))
        return reply
    if "rows" in data:
        rows = data["rows"]
        if not rows:
            return text("none", language)
        lines = [
            text("stock", language, on_hand=data.get("total_on_hand"), available=data.get("total_available"))
        ]
        for row in rows[:MAX_LISTED]:
            lines.append(
                "- "
                + text(
                    "stock_row",
                    language,
                    sku=row["sku"],
                    name=row["product_name"],
                    warehouse=row["warehouse"],
                    available=row["available"],
                    on_hand=row["on_hand"],
                )
            )
        return "\n".join(lines)
    if "balances" in data:
        lines = [
            text(
                "leave",
                language,
                type=LEAVE_TYPES.get(balance["leave_type"], {}).get(language, balance["leave_type"]),
                year=balance["year"],
                remaining=balance["remaining_days"] if balance["remaining_days"] is not None else "?",
                pending=balance["pending_days"],
            )
            for balance in data["balances"]
        ]
        return "\n".join(lines) or text("none", language)
    for key, fields in _LISTS.items():
        if isinstance(data.get(key), list):
            return _listing(data[key], fields, language)
    return text("done", language)


def _document_reply(document: dict[str, Any], language: str, message: Any) -> str:
    """One document: its type, confidence and review state, then the fields found (values only, never its text)."""
    if document.get("status") == "failed" or document.get("failure_reason"):
        return text(
            "document_failed",
            language,
            id=document.get("id"),
            filename=document.get("filename"),
            reason=document.get("failure_reason") or document.get("status"),
        )
    confidence = document.get("confidence")
    lines = [
        text(
            "document",
            language,
            id=document.get("id"),
            filename=document.get("filename"),
            type=document.get("doc_type") or "?",
            confidence=f"{confidence:.0%}" if isinstance(confidence, int | float) else "?",
            review=document.get("review_status"),
        )
    ]
    fields = document.get("fields")
    if isinstance(fields, dict):
        for name, entry in list(fields.items())[:12]:
            value = entry.get("value") if isinstance(entry, dict) else entry
            lines.append(f"- {name}: {value}")
    missing = document.get("missing_fields")
    if missing:
        lines.append(text("document_missing", language, fields=", ".join(str(name) for name in missing)))
    if isinstance(message, str) and message:
        lines.append(message)
    return "\n".join(lines)


def _policy_answer(data: dict[str, Any], question: str, language: str) -> str:
    """The extractive answer: the best passage cut to the sentences nearest the question, with its source."""
    from knowledge.answers import extractive_answer, not_covered
    from tools.policies import search_result_from_payload

    result = search_result_from_payload(data, question=question)
    if result is None:  # not the tool's shape: say nothing the policies do not say
        return not_covered(language)
    return extractive_answer(result, locale=language).text


def _report_reply(data: dict[str, Any], language: str) -> str:
    """A clarifying question as the tool asked it; otherwise the summary and where the files are."""
    if data.get("status") == "needs_clarification":
        return str(data.get("question") or text("failed", language, message="?"))
    lines = [str(data.get("summary") or data.get("title") or text("done", language))]
    files = [str(path) for path in data.get("files") or []]
    if files:
        lines.append(text("report_files", language))
        lines += [f"- {path}" for path in files]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    shown = "" if value is None else str(value).replace("\n", " ").replace("|", "/")
    return shown if len(shown) <= SQL_CELL_CHARS else shown[: SQL_CELL_CHARS - 1] + "…"


def _sql_reply(data: dict[str, Any], language: str) -> str:
    """The SQL that ran, then its first rows as a small pipe table."""
    columns = [str(column) for column in data.get("columns") or []]
    rows = [row for row in data.get("rows") or [] if isinstance(row, list)]
    lines = [text("sql_ran", language), "```sql", str(data["sql"]), "```"]
    if not rows:
        lines.append(text("none", language))
        return "\n".join(lines)
    more = text("sql_truncated", language) if data.get("truncated") else ""
    lines.append(text("sql_rows", language, count=len(rows), more=more))
    lines.append("| " + " | ".join(_cell(column) for column in columns) + " |")
    lines.append("|" + "---|" * len(columns))
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows[:SQL_ROWS_SHOWN]]
    if len(rows) > SQL_ROWS_SHOWN:
        lines.append(f"(+{len(rows) - SQL_ROWS_SHOWN})")
    return "\n".join(lines)
