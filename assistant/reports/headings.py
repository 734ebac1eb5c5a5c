"""Every heading, title and label a report shows, in English, German, Polish, Croatian and Korean.

The report builders (sales.py, inventory.py, ...) name their titles, figures, columns, notes and charts from here
in the requester's language, and the renderers their own headings ('Headline', 'Provenance', sheet names). Only
what is displayed changes with the language: keys of figures, tables and columns stay the same. An unknown
language gets English. Query titles in the provenance stay English: they describe SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.reports.number_format import format_amount, report_language
from assistant.reports.specs import SalesGrouping

# key: (en, de, pl, hr, ko). Placeholders in braces are filled by the caller.
_TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    # the renderers
    "ui.headline": ("Headline", "Kennzahlen", "Najważniejsze liczby", "Ključni pokazatelji", "주요 지표"),
    "ui.provenance": (
        "Provenance",
        "Herkunft der Daten",
        "Pochodzenie danych",
        "Podrijetlo podataka",
        "데이터 출처",
    ),
    "ui.previous": (
        "previous {previous}, {change} %",
        "zuvor {previous}, {change} %",
        "poprzednio {previous}, {change} %",
        "prije {previous}, {change} %",
        "이전 {previous}, {change}%",
    ),
    "ui.no_rows": ("No rows.", "Keine Zeilen.", "Brak wierszy.", "Nema redaka.", "행이 없습니다."),
    "ui.query": (
        "Query {number}: {title}",
        "Abfrage {number}: {title}",
        "Zapytanie {number}: {title}",
        "Upit {number}: {title}",
        "쿼리 {number}: {title}",
    ),
    "ui.requested_by": ("Requested by", "Angefordert von", "Zlecający", "Zatražio", "요청자"),
    "ui.data_read_at": (
        "Data read at",
        "Daten gelesen am",
        "Dane odczytano",
        "Podaci očitani",
        "데이터 조회 시각",
    ),
    "ui.latest_record": (
        "Latest record",
        "Neuester Datensatz",
        "Najnowszy rekord",
        "Najnoviji zapis",
        "최신 기록",
    ),
    "ui.database": ("Database", "Datenbank", "Baza danych", "Baza podataka", "데이터베이스"),
    "ui.spec": ("Spec", "Spezifikation", "Specyfikacja", "Specifikacija", "명세"),
    "ui.note": ("Note", "Hinweis", "Uwaga", "Napomena", "참고"),
    "ui.summary": ("Summary", "Übersicht", "Podsumowanie", "Sažetak", "요약"),
    "ui.figure": ("Figure", "Kennzahl", "Wskaźnik", "Pokazatelj", "지표"),
    "ui.value": ("Value", "Wert", "Wartość", "Vrijednost", "값"),
    "ui.previous_value": ("Previous", "Vorher", "Poprzednio", "Prethodno", "이전"),
    "ui.text": ("Text", "Text", "Tekst", "Tekst", "텍스트"),
    "ui.query_column": ("Query", "Abfrage", "Zapytanie", "Upit", "쿼리"),
    "ui.axis_count": ("Number", "Anzahl", "Liczba", "Broj", "개수"),
    "ui.axis_days": ("Days", "Tage", "Dni", "Dani", "일수"),
    "ui.yes": ("yes", "ja", "tak", "da", "예"),
    "ui.period": ("Period", "Zeitraum", "Okres", "Razdoblje", "기간"),
    "ui.comparison": ("Comparison", "Vergleich", "Porównanie", "Usporedba", "비교 기간"),
    "subtitle.as_of": ("as of {day}", "Stand: {day}", "stan na {day}", "stanje na dan {day}", "{day} 기준"),
    # sales
    "group.region": ("Region", "Region", "Region", "Regija", "지역"),
    "group.country": ("Country", "Land", "Kraj", "Zemlja", "국가"),
    "group.category": ("Category", "Kategorie", "Kategoria", "Kategorija", "카테고리"),
    "group.product": ("Product", "Produkt", "Produkt", "Proizvod", "제품"),
    "group.customer": ("Customer", "Kunde", "Klient", "Kupac", "고객"),
    "group.salesperson": ("Salesperson", "Vertriebsmitarbeiter", "Handlowiec", "Prodavač", "영업 담당자"),
    "by.region": ("by region", "nach Region", "według regionu", "po regijama", "지역별"),
    "by.country": ("by country", "nach Land", "według kraju", "po zemljama", "국가별"),
    "by.category": ("by category", "nach Kategorie", "według kategorii", "po kategorijama", "카테고리별"),
    "by.product": ("by product", "nach Produkt", "według produktu", "po proizvodima", "제품별"),
    "by.customer": ("by customer", "nach Kunde", "według klienta", "po kupcima", "고객별"),
    "by.salesperson": (
        "by salesperson",
        "nach Vertriebsmitarbeiter",
        "według handlowca",
        "po prodavačima",
        "영업 담당자별",
    ),
    "sales.title": ("Sales {by}", "Verkäufe {by}", "Sprzedaż {by}", "Prodaja {by}", "{by} 매출"),
    "sales.table": ("Revenue {by}", "Umsatz {by}", "Przychód {by}", "Prihod {by}", "{by} 매출액"),
    "sales.compared": (
        "{period} compared with {previous}",
        "{period} im Vergleich zu {previous}",
        "{period} w porównaniu z {previous}",
        "{period} u usporedbi s {previous}",
        "{period}, 비교: {previous}",
    ),
    "sales.note": (
        "and {more} more {group} groups with {rest} revenue ({share}%)",
        "und {more} weitere Gruppen ({group}) mit {rest} Umsatz ({share} %)",
        "oraz {more} kolejnych grup ({group}) z przychodem {rest} ({share}%)",
        "i još {more} skupina ({group}) s prihodom {rest} ({share}%)",
        "외 {more}개 그룹({group}), 매출 {rest}({share}%)",
    ),
    "revenue": ("Revenue", "Umsatz", "Przychód", "Prihod", "매출"),
    "orders": ("Orders", "Bestellungen", "Zamówienia", "Narudžbe", "주문 수"),
    "average_order": (
        "Average order value",
        "Durchschnittlicher Bestellwert",
        "Średnia wartość zamówienia",
        "Prosječna vrijednost narudžbe",
        "평균 주문 금액",
    ),
    "units_sold": ("Units sold", "Verkaufte Einheiten", "Sprzedane sztuki", "Prodane jedinice", "판매 수량"),
    "units": ("Units", "Einheiten", "Sztuki", "Jedinice", "수량"),
    "share": ("Share %", "Anteil %", "Udział %", "Udio %", "비중 %"),
    "previous_revenue": (
        "Previous revenue",
        "Umsatz im Vergleichszeitraum",
        "Przychód w okresie porównawczym",
        "Prihod u usporednom razdoblju",
        "비교 기간 매출",
    ),
    "change": ("Change %", "Veränderung %", "Zmiana %", "Promjena %", "변동 %"),
    # inventory
    "inventory.title": ("Inventory health", "Lagerzustand", "Stan magazynu", "Stanje zaliha", "재고 현황"),
    "abc.title": (
        "ABC classes by revenue",
        "ABC-Klassen nach Umsatz",
        "Klasy ABC według przychodu",
        "ABC klase prema prihodu",
        "매출 기준 ABC 등급",
    ),
    "abc.note": (
        "Revenue over the {days} days to {day}. A: the SKUs making the first {a}% of revenue; B: up to {b}%; "
        "C: the rest and SKUs without sales.",
        "Umsatz der {days} Tage bis {day}. A: die Artikel, die die ersten {a} % des Umsatzes bringen; B: bis "
        "{b} %; C: der Rest und Artikel ohne Verkäufe.",
        "Przychód z {days} dni do {day}. A: SKU dające pierwsze {a}% przychodu; B: do {b}%; C: pozostałe i SKU "
        "bez sprzedaży.",
        "Prihod u {days} dana do {day}. A: artikli koji čine prvih {a}% prihoda; B: do {b}%; C: ostali i "
        "artikli bez prodaje.",
        "{day}까지 {days}일간의 매출 기준. A: 매출의 처음 {a}%를 차지하는 SKU, B: {b}%까지, C: 나머지와 판매가 "
        "없는 SKU.",
    ),
    "abc.chart": (
        "Revenue share by ABC class",
        "Umsatzanteil nach ABC-Klasse",
        "Udział w przychodzie według klasy ABC",
        "Udio u prihodu po ABC klasi",
        "ABC 등급별 매출 비중",
    ),
    "class": ("Class", "Klasse", "Klasa", "Klasa", "등급"),
    "skus": ("SKUs", "Artikel", "SKU", "Artikli", "SKU 수"),
    "sku": ("SKU", "Artikelnummer", "SKU", "Šifra artikla", "SKU"),
    "dead.title": (
        "Dead stock: on hand, no sales in {days} days",
        "Ladenhüter: auf Lager, seit {days} Tagen kein Verkauf",
        "Zapasy martwe: na stanie, bez sprzedaży od {days} dni",
        "Mrtve zalihe: na skladištu, bez prodaje {days} dana",
        "악성 재고: 재고 보유, {days}일간 판매 없음",
    ),
    "on_hand": ("On hand", "Bestand", "Na stanie", "Na zalihi", "보유 수량"),
    "value_at_cost": (
        "Value at cost",
        "Wert zum Einstandspreis",
        "Wartość wg kosztu",
        "Vrijednost po nabavnoj cijeni",
        "원가 기준 금액",
    ),
    "last_sold": ("Last sold", "Zuletzt verkauft", "Ostatnia sprzedaż", "Zadnja prodaja", "마지막 판매일"),
    "more_skus": (
        "and {more} more SKUs",
        "und {more} weitere Artikel",
        "oraz {more} kolejnych SKU",
        "i još {more} artikala",
        "외 {more}개 SKU",
    ),
    "below.title": (
        "Below safety stock, with reorder suggestions",
        "Unter Sicherheitsbestand, mit Bestellvorschlägen",
        "Poniżej zapasu bezpieczeństwa, z propozycjami zamówień",
        "Ispod sigurnosne zalihe, s prijedlozima narudžbe",
        "안전 재고 미달 및 재주문 제안",
    ),
    "below.note": (
        "Suggested order = ceil(lead time x average daily demand over {days} days) + safety stock - available "
        "- on order.",
        "Bestellvorschlag = aufgerundet(Lieferzeit x durchschnittlicher Tagesbedarf der {days} Tage) + "
        "Sicherheitsbestand - verfügbar - bestellt.",
        "Sugerowane zamówienie = zaokrąglenie w górę(czas dostawy x średni dzienny popyt z {days} dni) + "
        "zapas bezpieczeństwa - dostępne - zamówione.",
        "Predložena narudžba = zaokruženo naviše(rok isporuke x prosječna dnevna potražnja u {days} dana) + "
        "sigurnosna zaliha - dostupno - naručeno.",
        "제안 발주량 = 올림(리드타임 x {days}일 평균 일 수요) + 안전 재고 - 가용 수량 - 발주 중 수량.",
    ),
    "below.more": (
        " And {more} more SKUs.",
        " Und {more} weitere Artikel.",
        " Oraz {more} kolejnych SKU.",
        " I još {more} artikala.",
        " 외 {more}개 SKU.",
    ),
    "product": ("Product", "Produkt", "Produkt", "Proizvod", "제품"),
    "available": ("Available", "Verfügbar", "Dostępne", "Dostupno", "가용 수량"),
    "safety_stock": (
        "Safety stock",
        "Sicherheitsbestand",
        "Zapas bezpieczeństwa",
        "Sigurnosna zaliha",
        "안전 재고",
    ),
    "lead_time": (
        "Lead time (days)",
        "Lieferzeit (Tage)",
        "Czas dostawy (dni)",
        "Rok isporuke (dani)",
        "리드타임(일)",
    ),
    "daily_demand": ("Daily demand", "Tagesbedarf", "Dzienny popyt", "Dnevna potražnja", "일평균 수요"),
    "on_order": ("On order", "Bestellt", "Zamówione", "Naručeno", "발주 중"),
    "suggested": (
        "Suggested order",
        "Bestellvorschlag",
        "Sugerowane zamówienie",
        "Predložena narudžba",
        "제안 발주량",
    ),
    "class_a_skus": ("Class A SKUs", "A-Artikel", "SKU klasy A", "Artikli klase A", "A등급 SKU"),
    "dead_stock_skus": (
        "Dead-stock SKUs",
        "Ladenhüter (Artikel)",
        "SKU zapasów martwych",
        "Artikli mrtvih zaliha",
        "악성 재고 SKU",
    ),
    "dead_stock_value": (
        "Dead stock at cost",
        "Ladenhüter zum Einstandspreis",
        "Zapasy martwe wg kosztu",
        "Mrtve zalihe po nabavnoj cijeni",
        "악성 재고(원가)",
    ),
    "below_safety_skus": (
        "SKUs below safety stock",
        "Artikel unter Sicherheitsbestand",
        "SKU poniżej zapasu bezpieczeństwa",
        "Artikli ispod sigurnosne zalihe",
        "안전 재고 미달 SKU",
    ),
    # receivables
    "receivables.title": (
        "Receivables aging",
        "Altersstruktur der Forderungen",
        "Wiekowanie należności",
        "Starosna struktura potraživanja",
        "매출채권 연령 분석",
    ),
    "aging.title": (
        "Receivables aging by customer (days past due)",
        "Forderungen nach Kunde (Tage überfällig)",
        "Wiekowanie należności według klientów (dni po terminie)",
        "Potraživanja po kupcima (dani kašnjenja)",
        "고객별 매출채권 연령(연체 일수)",
    ),
    "aging.note": (
        "and {more} more customers owing {rest}",
        "und {more} weitere Kunden mit offenen {rest}",
        "oraz {more} kolejnych klientów z zadłużeniem {rest}",
        "i još {more} kupaca s dugom od {rest}",
        "외 고객 {more}곳, 미수금 {rest}",
    ),
    "customer": ("Customer", "Kunde", "Klient", "Kupac", "고객"),
    "total": ("Total", "Summe", "Razem", "Ukupno", "합계"),
    "invoices": ("Invoices", "Rechnungen", "Faktury", "Računi", "송장 수"),
    "buckets.title": (
        "Outstanding by age",
        "Offene Beträge nach Alter",
        "Należności według wieku",
        "Otvoreni iznosi po starosti",
        "연령별 미수금",
    ),
    "buckets.note": (
        "0-30 includes invoices not yet due.",
        "0-30 enthält noch nicht fällige Rechnungen.",
        "0-30 obejmuje faktury jeszcze niewymagalne.",
        "0-30 uključuje račune koji još nisu dospjeli.",
        "0-30에는 아직 만기가 되지 않은 송장도 포함됩니다.",
    ),
    "days_past_due": ("Days past due", "Tage überfällig", "Dni po terminie", "Dani kašnjenja", "연체 일수"),
    "amount": ("Amount", "Betrag", "Kwota", "Iznos", "금액"),
    "outstanding": ("Outstanding", "Offen", "Do zapłaty", "Nepodmireno", "미수금"),
    "over_90": (
        "More than 90 days past due",
        "Mehr als 90 Tage überfällig",
        "Ponad 90 dni po terminie",
        "Više od 90 dana kašnjenja",
        "90일 초과 연체",
    ),
    "over_90_share": (
        "Share over 90 days",
        "Anteil über 90 Tage",
        "Udział ponad 90 dni",
        "Udio preko 90 dana",
        "90일 초과 비중",
    ),
    "customers_owing": (
        "Customers owing",
        "Kunden mit offenen Beträgen",
        "Klienci z zadłużeniem",
        "Kupci s dugom",
        "미수 고객 수",
    ),
    "open_invoices": (
        "Open invoices",
        "Offene Rechnungen",
        "Otwarte faktury",
        "Otvoreni računi",
        "미결 송장",
    ),
    "aging.chart": (
        "Outstanding by days past due",
        "Offene Beträge nach Tagen Überfälligkeit",
        "Należności według dni po terminie",
        "Nepodmireno po danima kašnjenja",
        "연체 일수별 미수금",
    ),
    # pipeline
    "pipeline.title": (
        "Order pipeline",
        "Auftragspipeline",
        "Realizacja zamówień",
        "Tijek narudžbi",
        "주문 파이프라인",
    ),
    "pipeline.subtitle": (
        "orders placed {period}; late as of {day}",
        "Bestellungen {period}; Verspätungen Stand {day}",
        "zamówienia złożone: {period}; opóźnienia na {day}",
        "narudžbe zaprimljene: {period}; kašnjenja na dan {day}",
        "주문 기간 {period}; 지연 기준 {day}",
    ),
    "orders_placed": (
        "Orders placed",
        "Eingegangene Bestellungen",
        "Złożone zamówienia",
        "Zaprimljene narudžbe",
        "접수 주문",
    ),
    "not_shipped": (
        "Not shipped yet",
        "Noch nicht versandt",
        "Jeszcze niewysłane",
        "Još nije poslano",
        "미출고",
    ),
    "shipped_late": (
        "Shipped more than {days} days after the order",
        "Mehr als {days} Tage nach der Bestellung versandt",
        "Wysłane później niż {days} dni po zamówieniu",
        "Poslano više od {days} dana nakon narudžbe",
        "주문 후 {days}일 넘어 출고",
    ),
    "late_orders": (
        "Late, not shipped yet",
        "Verspätet, noch nicht versandt",
        "Opóźnione, jeszcze niewysłane",
        "Kasni, još nije poslano",
        "지연 미출고",
    ),
    "late_value": (
        "Value of late unshipped orders",
        "Wert verspäteter unversandter Bestellungen",
        "Wartość opóźnionych niewysłanych zamówień",
        "Vrijednost zakašnjelih neposlanih narudžbi",
        "지연 미출고 주문 금액",
    ),
    "by_status": (
        "Orders by status",
        "Bestellungen nach Status",
        "Zamówienia według statusu",
        "Narudžbe po statusu",
        "상태별 주문",
    ),
    "status": ("Status", "Status", "Status", "Status", "상태"),
    "value": ("Value", "Wert", "Wartość", "Vrijednost", "금액"),
    "late.title": (
        "Late, not shipped yet: waiting more than {days} days",
        "Verspätet, noch nicht versandt: länger als {days} Tage offen",
        "Opóźnione, jeszcze niewysłane: oczekują ponad {days} dni",
        "Kasni, još nije poslano: čeka više od {days} dana",
        "지연 미출고: {days}일 넘게 대기",
    ),
    "late.note": (
        "and {more} more late orders",
        "und {more} weitere verspätete Bestellungen",
        "oraz {more} kolejnych opóźnionych zamówień",
        "i još {more} zakašnjelih narudžbi",
        "외 지연 주문 {more}건",
    ),
    "shipped_late.title": (
        "Shipped late: first parcel more than {days} days after the order",
        "Verspätet versandt: erstes Paket mehr als {days} Tage nach der Bestellung",
        "Wysłane z opóźnieniem: pierwsza paczka ponad {days} dni po zamówieniu",
        "Poslano sa zakašnjenjem: prvi paket više od {days} dana nakon narudžbe",
        "지연 출고: 주문 후 {days}일 넘어 첫 출고",
    ),
    "shipped_late.note": (
        "and {more} more orders shipped late",
        "und {more} weitere verspätet versandte Bestellungen",
        "oraz {more} kolejnych zamówień wysłanych z opóźnieniem",
        "i još {more} narudžbi poslanih sa zakašnjenjem",
        "외 지연 출고 주문 {more}건",
    ),
    "order": ("Order", "Bestellung", "Zamówienie", "Narudžba", "주문"),
    "placed": ("Placed", "Bestellt am", "Złożone", "Zaprimljeno", "주문일"),
    "shipped": ("Shipped", "Versandt", "Wysłane", "Poslano", "출고일"),
    "days_waiting": ("Days waiting", "Wartetage", "Dni oczekiwania", "Dani čekanja", "대기 일수"),
    "days_to_ship": (
        "Days to ship",
        "Tage bis Versand",
        "Dni do wysyłki",
        "Dani do slanja",
        "출고 소요 일수",
    ),
    # purchasing
    "purchasing.title": ("Purchasing", "Einkauf", "Zakupy", "Nabava", "구매"),
    "open_pos": (
        "Open purchase orders",
        "Offene Bestellungen bei Lieferanten",
        "Otwarte zamówienia zakupu",
        "Otvorene narudžbenice",
        "미결 발주",
    ),
    "open_value_total": (
        "Value still to receive",
        "Noch ausstehender Wert",
        "Wartość do przyjęcia",
        "Vrijednost za primiti",
        "입고 예정 금액",
    ),
    "overdue_orders": (
        "Past their expected day",
        "Über dem erwarteten Liefertag",
        "Po oczekiwanym terminie",
        "Nakon očekivanog dana",
        "예정일 경과",
    ),
    "suppliers_with_receipts": (
        "Suppliers with receipts",
        "Lieferanten mit Wareneingängen",
        "Dostawcy z przyjęciami",
        "Dobavljači s primkama",
        "입고 실적 공급업체",
    ),
    "po": ("PO", "Bestellung", "Zamówienie", "Narudžbenica", "발주"),
    "supplier": ("Supplier", "Lieferant", "Dostawca", "Dobavljač", "공급업체"),
    "ordered": ("Ordered", "Bestellt", "Zamówiono", "Naručeno", "발주일"),
    "expected": ("Expected", "Erwartet", "Oczekiwane", "Očekivano", "입고 예정일"),
    "open_value": ("Open value", "Offener Wert", "Wartość otwarta", "Otvorena vrijednost", "미입고 금액"),
    "overdue": ("Overdue", "Überfällig", "Po terminie", "Kasni", "지연"),
    "open_pos.note": (
        "and {more} more open purchase orders",
        "und {more} weitere offene Bestellungen",
        "oraz {more} kolejnych otwartych zamówień zakupu",
        "i još {more} otvorenih narudžbenica",
        "외 미결 발주 {more}건",
    ),
    "lead_times.title": (
        "Supplier lead times (days)",
        "Lieferzeiten der Lieferanten (Tage)",
        "Czasy dostaw dostawców (dni)",
        "Rokovi isporuke dobavljača (dani)",
        "공급업체 리드타임(일)",
    ),
    "lead_times.note": (
        "and {more} more suppliers",
        "und {more} weitere Lieferanten",
        "oraz {more} kolejnych dostawców",
        "i još {more} dobavljača",
        "외 공급업체 {more}곳",
    ),
    "lead_times.chart": (
        "Stated and actual lead time (days)",
        "Angegebene und tatsächliche Lieferzeit (Tage)",
        "Deklarowany i rzeczywisty czas dostawy (dni)",
        "Navedeni i stvarni rok isporuke (dani)",
        "명시 및 실제 리드타임(일)",
    ),
    "stated": ("Stated", "Angegeben", "Deklarowany", "Navedeno", "명시"),
    "actual_average": (
        "Actual average",
        "Tatsächlicher Durchschnitt",
        "Rzeczywista średnia",
        "Stvarni prosjek",
        "실제 평균",
    ),
    "longest": ("Longest", "Längste", "Najdłuższy", "Najduže", "최장"),
    "received_pos": (
        "Received POs",
        "Erhaltene Bestellungen",
        "Przyjęte zamówienia",
        "Primljene narudžbenice",
        "입고된 발주",
    ),
    "difference": (
        "Average - stated",
        "Durchschnitt - angegeben",
        "Średnia - deklarowany",
        "Prosjek - navedeno",
        "평균 - 명시",
    ),
    # people
    "hr.title": (
        "People: headcount and leave",
        "Personal: Mitarbeiterzahl und Urlaub",
        "Kadry: zatrudnienie i urlopy",
        "Zaposlenici: broj i odsutnosti",
        "인사: 인원 및 휴가",
    ),
    "hr.subtitle": (
        "{year}, headcount as of {day}",
        "{year}, Mitarbeiterzahl Stand {day}",
        "{year}, zatrudnienie na {day}",
        "{year}, broj zaposlenih na dan {day}",
        "{year}, 인원 기준일 {day}",
    ),
    "active_employees": (
        "Active employees",
        "Aktive Mitarbeitende",
        "Aktywni pracownicy",
        "Aktivni zaposlenici",
        "재직 인원",
    ),
    "annual_entitled": (
        "Annual leave entitled (days)",
        "Urlaubsanspruch (Tage)",
        "Przysługujący urlop (dni)",
        "Pravo na godišnji odmor (dani)",
        "연차 부여(일)",
    ),
    "annual_taken": (
        "Annual leave taken (days)",
        "Genommener Urlaub (Tage)",
        "Wykorzystany urlop (dni)",
        "Iskorišteni godišnji odmor (dani)",
        "연차 사용(일)",
    ),
    "annual_remaining": (
        "Annual leave remaining (days)",
        "Resturlaub (Tage)",
        "Pozostały urlop (dni)",
        "Preostali godišnji odmor (dani)",
        "연차 잔여(일)",
    ),
    "sick_days": ("Sick days", "Krankheitstage", "Dni chorobowe", "Dani bolovanja", "병가 일수"),
    "departments.title": (
        "Headcount and leave {year} by department",
        "Mitarbeiterzahl und Urlaub {year} nach Abteilung",
        "Zatrudnienie i urlopy {year} według działów",
        "Broj zaposlenih i odsutnosti {year} po odjelima",
        "{year} 부서별 인원 및 휴가",
    ),
    "departments.more": (
        "and {more} more departments",
        "und {more} weitere Abteilungen",
        "oraz {more} kolejnych działów",
        "i još {more} odjela",
        "외 부서 {more}곳",
    ),
    "departments.note": (
        "Taken = approved requests starting in the year.",
        "Genommen = genehmigte Anträge mit Beginn im Jahr.",
        "Wykorzystany = zatwierdzone wnioski rozpoczynające się w danym roku.",
        "Iskorišteno = odobreni zahtjevi koji počinju u godini.",
        "사용 = 해당 연도에 시작하는 승인된 신청.",
    ),
    "department": ("Department", "Abteilung", "Dział", "Odjel", "부서"),
    "headcount": ("Headcount", "Mitarbeitende", "Liczba pracowników", "Broj zaposlenih", "인원"),
    "annual_entitled_column": (
        "Annual entitled",
        "Urlaubsanspruch",
        "Urlop przysługujący",
        "Pravo na GO",
        "연차 부여",
    ),
    "annual_taken_column": (
        "Annual taken",
        "Urlaub genommen",
        "Urlop wykorzystany",
        "GO iskorišten",
        "연차 사용",
    ),
    "annual_remaining_column": (
        "Annual remaining",
        "Resturlaub",
        "Urlop pozostały",
        "GO preostao",
        "연차 잔여",
    ),
    "headcount.chart": (
        "Headcount by department",
        "Mitarbeitende nach Abteilung",
        "Zatrudnienie według działów",
        "Broj zaposlenih po odjelima",
        "부서별 인원",
    ),
}
_INDEX = {"en": 0, "de": 1, "pl": 2, "hr": 3, "ko": 4}


@dataclass(frozen=True)
class Words:
    """The catalogue in one language: `words('revenue')` -> 'Umsatz'."""

    language: str = "en"

    def __post_init__(self) -> None:
        object.__setattr__(self, "language", report_language(self.language))

    def __call__(self, key: str, **values: object) -> str:
        text = _TEXTS[key][_INDEX[self.language]]
        return text.format(**values) if values else text

    def grouping(self, grouping: SalesGrouping) -> str:
        return self(f"group.{grouping.value}")

    def by(self, grouping: SalesGrouping) -> str:
        return self(f"by.{grouping.value}")

    def amount(self, value: Decimal) -> str:
        """An amount in the language's format, without the currency (the builders do not know it)."""
        return format_amount(value, self.language)


def catalogue_keys() -> dict[str, tuple[str, str, str, str, str]]:
    """The whole catalogue, for the tests that check every language fills every placeholder."""
    return dict(_TEXTS)
