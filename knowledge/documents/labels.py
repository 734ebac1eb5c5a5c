"""Field labels as documents print them, accent-free and lower case, in English, German, Polish, Croatian
and Korean. The extractors in fields.py look for values after these."""

from __future__ import annotations

from knowledge.documents.locate import label_pattern

# fmt: off
L_INVOICE_NUMBER = label_pattern([
    "invoice number", "송장 번호", "송장번호", "invoice no.", "invoice no", "invoice #", "invoice nr",
    "invoice id", "credit note no", "credit note number", "rechnungsnummer", "rechnung nr", "rechnungs-nr",
    "rechnung", "gutschrift nr", "numer faktury", "faktura vat nr", "faktura nr", "nr faktury",
    "faktura vat", "faktura", "broj racuna", "racun broj", "racun br", "racun", "계산서 번호",
    "세금계산서 번호", "인보이스 번호", "청구서 번호", "문서번호", "invoice",
])

L_ISSUE_DATE = label_pattern([
    "invoice date", "date of issue", "issue date", "issued on", "date", "rechnungsdatum",
    "ausstellungsdatum", "datum", "data wystawienia", "data faktury", "data", "datum racuna",
    "datum izdavanja", "작성일자", "발행일", "작성일", "청구일", "일자",
])

L_DUE_DATE = label_pattern([
    "due date", "payment due", "due by", "due", "pay by", "zahlbar bis", "fallig am", "falligkeitsdatum",
    "fallig", "zahlungsziel", "지급 기한", "지급기한", "payment due date", "termin platnosci", "platne do",
    "rok placanja", "datum dospijeca", "dospijece", "납부기한", "지급기한", "결제기한", "납기일",
])

L_SELLER = label_pattern([
    "seller", "supplier", "vendor", "from", "issued by", "verkaufer", "lieferant", "rechnungssteller",
    "absender", "sprzedawca", "wystawca", "prodavatelj", "prodavac", "dobavljac", "izdavatelj", "공급자",
    "판매자",
])

L_BUYER = label_pattern([
    "buyer", "bill to", "billed to", "customer", "client", "to", "kaufer", "rechnungsempfanger", "kunde",
    "empfanger", "nabywca", "odbiorca", "kupac", "primatelj", "공급받는자", "구매자", "고객",
])

L_VAT = label_pattern([
    "vat id", "vat no", "vat number", "vat reg no", "vat registration", "tax id", "ust-idnr", "ust-id",
    "ust id", "ust-id-nr", "uid", "umsatzsteuer-id", "steuernummer", "nip", "oib", "pdv id", "pdv broj",
    "사업자등록번호", "사업자번호", "등록번호",
])

L_CURRENCY = label_pattern([
    "currency", "wahrung", "waluta", "valuta", "통화",
])

L_NET = label_pattern([
    "net amount", "net total", "total net", "subtotal", "sub-total", "net", "nettobetrag", "summe netto",
    "netto", "zwischensumme", "wartosc netto", "razem netto", "kwota netto", "iznos bez pdv-a",
    "iznos bez pdv", "osnovica", "ukupno bez pdv-a", "공급가액", "소계",
])

L_TAX = label_pattern([
    "vat amount", "total vat", "vat", "sales tax", "tax", "mwst", "mehrwertsteuer", "umsatzsteuer", "ust",
    "kwota vat", "podatek vat", "ptu", "pdv", "iznos pdv-a", "세액", "부가세", "부가가치세",
])

L_TOTAL = label_pattern([
    "ukupna vrijednost", "총 발주 금액", "발주 금액", "order total", "bestellwert", "wartosc zamowienia",
    "razem do zaplaty", "total due", "amount due", "grand total", "total amount", "invoice total",
    "balance due", "total", "amount payable", "gesamtbetrag", "rechnungsbetrag", "gesamtsumme", "zu zahlen",
    "endbetrag", "bruttobetrag", "summe", "gesamt", "razem do zaplaty", "do zaplaty", "razem brutto",
    "wartosc brutto", "kwota brutto", "suma", "razem", "ukupno za platiti", "ukupno za placanje",
    "sveukupno", "za platiti", "ukupan iznos", "ukupno", "합계금액", "총 합계", "총합계", "합계", "총액",
    "청구금액", "결제금액", "받을금액", "brutto",
])

L_NOT_TOTAL = label_pattern([
    "subtotal", "sub-total", "net", "netto", "nettobetrag", "zwischensumme", "vat", "tax", "mwst", "ust",
    "ptu", "pdv", "bez pdv", "공급가액", "세액", "부가세", "소계", "osnovica",
])

L_PO_REFERENCE = label_pattern([
    "po number", "po no", "po #", "po", "purchase order", "your order", "order no", "order number",
    "order reference", "order ref", "ihre bestellung", "bestellnummer", "bestell-nr", "bestellung",
    "numer zamowienia", "zamowienie nr", "nr zamowienia", "zamowienie", "broj narudzbe", "narudzba br",
    "narudzbenica", "narudzba", "발주번호", "주문번호",
])

L_MERCHANT = label_pattern([
    "merchant", "store", "shop", "geschaft", "filiale", "sklep", "trgovina", "가맹점명", "가맹점", "상호",
])

L_RECEIPT_DATE = label_pattern([
    "date", "datum", "data", "datum i vrijeme", "거래일시", "일시", "거래일자", "날짜",
])

TITLE_WORDS = label_pattern([
    "receipt", "sales receipt", "kassenbon", "kassenbeleg", "quittung", "beleg", "paragon fiskalny",
    "paragon", "fiskalni racun", "racun", "영수증", "카드영수증", "현금영수증", "매출전표", "invoice",
])

L_PO_NUMBER = label_pattern([
    "po number", "po no", "po #", "purchase order no", "purchase order number", "order number", "order no",
    "purchase order", "bestellnummer", "bestell-nr", "bestellung nr", "bestellung", "numer zamowienia",
    "zamowienie nr", "nr zamowienia", "zamowienie", "broj narudzbe", "narudzbenica br", "narudzbenica broj",
    "narudzbenica", "narudzba br", "narudzba", "발주번호", "주문번호", "발주서 번호",
])

L_PO_BUYER = label_pattern([
    "buyer", "ordered by", "purchaser", "customer", "from", "bill to", "besteller", "auftraggeber",
    "kaufer", "zamawiajacy", "kupujacy", "nabywca", "narucitelj", "kupac", "naručitelj", "발주자", "발주처",
    "구매자", "주문자",
])

L_PO_SUPPLIER = label_pattern([
    "supplier", "vendor", "to", "seller", "lieferant", "auftragnehmer", "an", "dostawca", "sprzedawca",
    "wykonawca", "dobavljac", "isporucitelj", "prodavatelj", "공급업체", "공급자", "수주처", "거래처",
])

L_DELIVERY_NUMBER = label_pattern([
    "delivery note no", "delivery note number", "delivery note", "delivery no", "packing slip no",
    "despatch note no", "lieferschein-nr", "lieferscheinnummer", "lieferschein nr", "lieferschein",
    "numer wz", "wz nr", "dowod dostawy nr", "dowod dostawy", "nr dokumentu", "broj otpremnice",
    "otpremnica br", "otpremnica broj", "dostavnica br", "dostavnica broj", "dostavnica", "명세서 번호",
    "lieferung nr", "lieferungsnummer", "delivery number", "dispatch note no", "otpremnica", "납품번호",
    "납품서 번호", "출고번호", "문서번호",
])

L_ORDER_REFERENCE = label_pattern([
    "order reference", "order ref", "your order", "order no", "order number", "purchase order", "po number",
    "po no", "po", "ihre bestellung", "bestellnummer", "bestell-nr", "bestellung", "auftragsnummer",
    "dotyczy zamowienia", "po narudzbi", "prema narudzbi", "zu bestellung", "주문 번호", "numer zamowienia",
    "zamowienie nr", "zamowienie", "broj narudzbe", "narudzba br", "narudzba", "narudzbenica", "주문번호",
    "발주번호",
])

L_PARTY_ROLE = label_pattern([
    "party a", "party b", "client", "contractor", "service provider", "customer", "supplier", "employer",
    "employee", "landlord", "tenant", "licensor", "licensee", "auftraggeber", "auftragnehmer",
    "arbeitgeber", "arbeitnehmer", "vermieter", "mieter", "zleceniodawca", "zleceniobiorca", "zamawiajacy",
    "wykonawca", "pracodawca", "pracownik", "wynajmujacy", "najemca", "narucitelj", "izvrsitelj",
    "poslodavac", "zaposlenik", "najmodavac", "najmoprimac", "갑", "을",
])

L_EFFECTIVE = label_pattern([
    "effective date", "effective as of", "effective from", "commencement date", "start date",
    "in force from", "inkrafttreten", "gultig ab", "beginn", "vertragsbeginn", "wirksam ab",
    "data wejscia w zycie", "obowiazuje od", "wchodzi w zycie", "data rozpoczecia",
    "datum stupanja na snagu", "stupa na snagu", "pocetak", "vrijedi od", "효력 발생일", "효력발생일",
    "계약 시작일", "계약시작일", "시행일", "계약일", "dated", "made on", "vom", "z dnia", "dana", "date",
])

L_TERM = label_pattern([
    "term", "duration", "contract term", "laufzeit", "vertragsdauer", "laufzeit des vertrags",
    "vertragslaufzeit", "dauer", "okres obowiazywania", "okres", "czas trwania", "trajanje", "rok trajanja",
    "razdoblje", "계약기간", "계약 기간", "기간",
])

L_LAW = label_pattern([
    "governing law", "applicable law", "anwendbares recht", "geltendes recht", "rechtswahl",
    "prawo wlasciwe", "prawo wlasciwe dla umowy", "mjerodavno pravo", "primjenjivo pravo", "준거법",
])

L_NAME = label_pattern([
    "name", "full name", "imie i nazwisko", "ime i prezime", "성명", "이름",
])

L_PHONE = label_pattern([
    "phone", "tel", "telephone", "mobile", "mob", "telefon", "handy", "telefon kom", "tel kom", "mobitel",
    "연락처", "전화번호", "전화", "휴대폰",
])

L_SKILLS = label_pattern([
    "kompetencje", "kompetencije", "competences", "competencies", "skills", "technical skills",
    "key skills", "kenntnisse", "fahigkeiten", "kompetenzen", "umiejetnosci", "vjestine", "znanja",
    "보유 기술", "보유기술", "기술 스택", "기술", "skills & tools",
])

SECTION_HEADING = label_pattern([
    "experience", "work experience", "education", "languages", "berufserfahrung", "ausbildung", "sprachen",
    "doswiadczenie", "wyksztalcenie", "jezyki", "radno iskustvo", "obrazovanje", "jezici", "경력", "학력",
    "어학", "references", "certifications", "zertifikate", "certyfikaty", "certifikati", "자격증",
    "interests",
])

L_PERIOD = label_pattern([
    "statement period", "period", "zeitraum", "abrechnungszeitraum", "auszugszeitraum", "okres",
    "okres wyciagu", "razdoblje", "za razdoblje", "조회기간", "거래기간", "기간",
])

L_OPENING = label_pattern([
    "opening balance", "previous balance", "balance brought forward", "anfangssaldo", "alter kontostand",
    "alter saldo", "saldo poczatkowe", "saldo otwarcia", "pocetno stanje", "prethodno stanje",
    "pocetni saldo", "기초잔액", "이월잔액", "전일잔액",
])

L_CLOSING = label_pattern([
    "closing balance", "new balance", "ending balance", "endsaldo", "neuer kontostand", "neuer saldo",
    "saldo koncowe", "saldo zamkniecia", "zavrsno stanje", "konacno stanje", "novo stanje", "zavrsni saldo",
    "기말잔액", "최종잔액", "현재잔액",
])

L_FROM = label_pattern([
    "from", "von", "vom", "od", "od dana", "시작일", "부터",
])

L_TO = label_pattern([
    "to", "until", "bis", "do", "do dana", "종료일", "까지",
])
# fmt: on
