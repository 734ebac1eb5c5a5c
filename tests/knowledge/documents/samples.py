"""Small hand-written documents in the five languages, one per type and language where it matters."""

from __future__ import annotations

from assistant.db.models.documents import DocumentType

INVOICE_DE = """Müller Bürotechnik GmbH
Hauptstraße 12, 20095 Hamburg
USt-IdNr.: DE123456789

RECHNUNG

Rechnungsnummer: RE-2025-114
Rechnungsdatum: 31.12.2025
Fällig am: 30.01.2026
Ihre Bestellung: PO-7781

Rechnungsempfänger: Beispiel AG
USt-IdNr.: DE 987 654 321

Nettobetrag: 1.000,00 EUR
MwSt. 19 %: 190,00 EUR
Gesamtbetrag: 1.190,00 EUR
IBAN: DE89 3704 0044 0532 0130 00
"""

INVOICE_PL = """FAKTURA VAT
Numer faktury: FV/2025/12/031
Data wystawienia: 5 grudnia 2025
Termin płatności: 19.12.2025
Sprzedawca: Biuro Plus Sp. z o.o.
NIP: PL5260250274
Nabywca: Hurtownia Wisła S.A.
NIP: 6770065406
Wartość netto: 2 000,00 zł
Kwota VAT: 460,00 zł
Do zapłaty: 2 460,00 zł
"""

RECEIPT_HR = """Dalmacija Pekarna d.o.o.
Obala kneza Branimira 4, Zadar
Datum: 14.03.2025. 08:12
Kruh 2 x 1,20 2,40
Kroasan 3 x 1,50 4,50
PDV 25%: 1,38
UKUPNO: 6,90 EUR
Način plaćanja: gotovina
JIR: 1234abcd-5678
ZKI: 9f8e7d6c
Hvala na kupnji!
"""

RECEIPT_KO = """영수증
가맹점명: 푸른식품 주식회사
거래일시: 2025년 3월 14일 12:30
김밥 2 7,000
라면 1 5,000
부가세: 1,091원
합계: 12,000원
카드 승인번호: 30012345
감사합니다
"""

PURCHASE_ORDER_EN = """PURCHASE ORDER
PO number: PO-2025-0456
Order date: 12 March 2025
Buyer: Northwind Supplies Ltd
Supplier: Bluefield Office Products Ltd

Item                    Qty   Unit price   Amount
Ergonomic office chair  10    120.00       1,200.00
Standing desk           2.5   450.00       1,125.00

Total: 2,325.00 GBP
"""

DELIVERY_NOTE_PL = """DOWÓD DOSTAWY WZ
Numer WZ: WZ/2025/03/118
Zamówienie nr: ZAM-2025-77
Data dostawy: 14.03.2025
Lp. | Towar | Ilość
1 | Krzesło biurowe | 4
2 | Lampa biurkowa | 2
Odebrał: Jan Nowak
"""

CONTRACT_EN = """SERVICE AGREEMENT
This Service Agreement is made between Northwind Supplies Ltd (the "Client")
and Silverline Logistics Ltd (the "Provider").
Effective date: 1 February 2025
Term: 24 months
1. The Provider shall deliver the services described in Annex A.
Governing law: the laws of England and Wales
Signed by both parties.
"""

CONTRACT_HR = """UGOVOR O DJELU
Ugovorne strane:
Naručitelj: Jadran Trgovina d.o.o., Ilica 45, Zagreb
Izvršitelj: Zagorje Tisak d.o.o., Zagreb
Datum stupanja na snagu: 1. ožujka 2025.
Trajanje: 12 mjeseci
Mjerodavno pravo: pravo Republike Hrvatske
"""

RESUME_DE = """LEBENSLAUF
Name: Katrin Hoffmann
E-Mail: katrin.hoffmann@example.de
Telefon: +49 40 1234567
Berufserfahrung: 8 Jahre Berufserfahrung in der Buchhaltung
Kenntnisse: DATEV, SAP FI, Excel
Ausbildung: Bachelor BWL, Universität Hamburg
"""

BANK_STATEMENT_HR = """IZVOD PO RAČUNU
Vlasnik računa: Kvarner Logistika d.o.o.
IBAN: HR12 1001 0051 8630 0016 0
Razdoblje: 01.02.2025. - 28.02.2025.
Početno stanje: 12.500,00 EUR
03.02.2025. Uplata kupca 3.000,00
10.02.2025. Plaća -4.250,00
Završno stanje: 11.250,00 EUR
"""

POLICY_KO = """출장 규정
1. 목적
이 규정은 임직원의 국내외 출장에 관한 기준을 정한다.
2. 적용 범위
전 임직원에게 적용한다.
3. 절차
출장 신청은 사전에 부서장의 승인을 받아야 한다.
"""

OTHER_EN = """Minutes of the team meeting
Attendees: Anna, Tom, Priya
We discussed the summer party and the new coffee machine.
Next meeting on Thursday."""

BY_TYPE: list[tuple[str, DocumentType, str]] = [
    ("invoice_de", DocumentType.INVOICE, INVOICE_DE),
    ("invoice_pl", DocumentType.INVOICE, INVOICE_PL),
    ("receipt_hr", DocumentType.RECEIPT, RECEIPT_HR),
    ("receipt_ko", DocumentType.RECEIPT, RECEIPT_KO),
    ("purchase_order_en", DocumentType.PURCHASE_ORDER, PURCHASE_ORDER_EN),
    ("delivery_note_pl", DocumentType.DELIVERY_NOTE, DELIVERY_NOTE_PL),
    ("contract_en", DocumentType.CONTRACT, CONTRACT_EN),
    ("contract_hr", DocumentType.CONTRACT, CONTRACT_HR),
    ("resume_de", DocumentType.RESUME, RESUME_DE),
    ("bank_statement_hr", DocumentType.BANK_STATEMENT, BANK_STATEMENT_HR),
    ("policy_ko", DocumentType.POLICY, POLICY_KO),
    ("other_en", DocumentType.OTHER, OTHER_EN),
]
