"""Built-in descriptions of each document type, in the five languages, for embedding similarity.

They describe what such a document looks like; a reviewer's corrected documents (exemplars) add to them.
"""

from __future__ import annotations

from assistant.db.models.documents import DocumentType

PROTOTYPES: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.INVOICE: (
        "Invoice. Invoice number, invoice date, due date, seller and buyer with VAT ids, line items, net amount, "
        "VAT, total amount due, bank transfer to IBAN.",
        "Rechnung. Rechnungsnummer, Rechnungsdatum, Fälligkeitsdatum, USt-IdNr., Nettobetrag, MwSt., "
        "Rechnungsbetrag, zahlbar bis, Bankverbindung IBAN.",
        "Faktura VAT. Numer faktury, data wystawienia, termin płatności, sprzedawca, nabywca, NIP, netto, VAT, "
        "brutto, do zapłaty, przelew na rachunek.",
        "Račun. Broj računa, datum računa, datum dospijeća, prodavatelj, kupac, OIB, iznos bez PDV-a, PDV, "
        "ukupno za platiti, IBAN.",
        "세금계산서. 공급자, 공급받는자, 사업자등록번호, 작성일자, 공급가액, 세액, 합계금액, 청구.",
    ),
    DocumentType.RECEIPT: (
        "Receipt from a shop: store name, date and time, items bought, subtotal, tax, total paid by card or "
        "cash, change, thank you for shopping.",
        "Kassenbon: Filiale, Datum, Artikel, Summe, MwSt., bar bezahlt, Rückgeld, vielen Dank für Ihren Einkauf.",
        "Paragon fiskalny: sklep, data, pozycje, suma, PTU, gotówka, karta, reszta, dziękujemy za zakupy.",
        "Fiskalni račun iz trgovine: blagajnik, artikli, ukupno, PDV, gotovina, kartica, JIR, ZKI, hvala.",
        "영수증: 가맹점, 거래일시, 품목, 합계, 부가세, 카드 결제, 승인번호, 감사합니다.",
    ),
    DocumentType.PURCHASE_ORDER: (
        "Purchase order from a buyer to a supplier: PO number, order date, requested delivery date, items with "
        "quantities and unit prices, order total, ship to address.",
        "Bestellung an den Lieferanten: Bestellnummer, Bestelldatum, Liefertermin, Positionen, Menge, "
        "Einzelpreis, Gesamtbetrag, Lieferadresse.",
        "Zamówienie do dostawcy: numer zamówienia, data zamówienia, termin dostawy, pozycje, ilość, cena "
        "jednostkowa, wartość zamówienia.",
        "Narudžbenica dobavljaču: broj narudžbe, datum narudžbe, rok isporuke, stavke, količina, jedinična "
        "cijena, ukupno.",
        "발주서: 발주번호, 발주일, 공급업체, 품목, 수량, 단가, 금액, 납기일, 납품 장소.",
    ),
    DocumentType.DELIVERY_NOTE: (
        "Delivery note accompanying a shipment: delivery note number, order reference, delivery date, items and "
        "quantities delivered, carrier, packages, received by signature.",
        "Lieferschein: Lieferscheinnummer, Ihre Bestellung, Lieferdatum, Artikel, Liefermenge, Spediteur, "
        "Ware erhalten, Unterschrift.",
        "Dowód dostawy WZ: numer, zamówienie, data dostawy, towar, ilość wydana, przewoźnik, odebrał.",
        "Otpremnica: broj otpremnice, narudžba, datum isporuke, roba, isporučena količina, prijevoznik, primio.",
        "납품서: 납품번호, 주문번호, 납품일, 품목, 수량, 운송, 인수자 서명.",
    ),
    DocumentType.CONTRACT: (
        "Agreement between two parties: effective date, term, obligations, payment, confidentiality, "
        "termination, governing law, signatures.",
        "Vertrag zwischen den Parteien: Inkrafttreten, Laufzeit, Pflichten, Vergütung, Kündigung, "
        "anwendbares Recht, Gerichtsstand, Unterschriften.",
        "Umowa zawarta pomiędzy stronami: data wejścia w życie, okres obowiązywania, zobowiązania, "
        "wynagrodzenie, wypowiedzenie, prawo właściwe, podpisy.",
        "Ugovor između ugovornih strana: stupanje na snagu, trajanje, obveze, naknada, raskid, mjerodavno "
        "pravo, potpisi.",
        "계약서: 갑과 을, 계약기간, 효력 발생일, 의무, 대금, 비밀유지, 해지, 준거법, 서명.",
    ),
    DocumentType.RESUME: (
        "Curriculum vitae of a person: name, email, phone, work experience with years, education, skills, "
        "languages.",
        "Lebenslauf: Name, E-Mail, Telefon, Berufserfahrung, Ausbildung, Kenntnisse, Sprachen.",
        "CV, życiorys: imię i nazwisko, e-mail, telefon, doświadczenie zawodowe, wykształcenie, umiejętności.",
        "Životopis: ime i prezime, e-mail, telefon, radno iskustvo, obrazovanje, vještine, jezici.",
        "이력서: 성명, 이메일, 연락처, 경력, 학력, 보유 기술, 자격증.",
    ),
    DocumentType.POLICY: (
        "Company policy for employees: purpose, scope, rules employees must follow, procedures, approvals, "
        "violations, version and effective date.",
        "Richtlinie für Mitarbeitende: Zweck, Geltungsbereich, Regeln, Verfahren, Genehmigung, Verstöße.",
        "Polityka firmy, regulamin dla pracowników: cel, zakres, zasady, procedura, naruszenia.",
        "Pravilnik tvrtke za zaposlenike: svrha, područje primjene, pravila, postupak, kršenja.",
        "회사 규정, 정책: 목적, 적용 범위, 임직원 준수 사항, 절차, 승인, 위반 시 조치.",
    ),
    DocumentType.BANK_STATEMENT: (
        "Bank account statement: account holder, IBAN, statement period, opening balance, transactions with "
        "dates, debits and credits, closing balance.",
        "Kontoauszug: Kontoinhaber, IBAN, Zeitraum, alter Kontostand, Buchungen, Soll, Haben, neuer Kontostand.",
        "Wyciąg bankowy: posiadacz rachunku, numer rachunku, okres, saldo początkowe, operacje, uznania, "
        "obciążenia, saldo końcowe.",
        "Izvod po računu: vlasnik računa, IBAN, razdoblje, početno stanje, promet, duguje, potražuje, "
        "završno stanje.",
        "은행 거래내역서: 예금주, 계좌번호, 조회기간, 기초잔액, 입금, 출금, 거래일, 기말잔액.",
    ),
    DocumentType.OTHER: (
        "Meeting notes, agenda and action items.",
        "A letter or email to a colleague about an event, a newsletter, an announcement.",
        "Besprechungsprotokoll, Tagesordnung, ein Brief, ein Rundschreiben.",
        "Notatka ze spotkania, list, ogłoszenie, newsletter.",
        "Zapisnik sa sastanka, pismo, obavijest.",
        "회의록, 안건, 공지사항, 안내문, 편지.",
    ),
}
