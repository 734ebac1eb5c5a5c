"""Words that give a document's type away, in English, German, Polish, Croatian and Korean.

Cues are written accent-free and lower case (they are matched against `fold_in_place` text, which keeps Hangul).
A *title* cue names the document ("Rechnung", "Umowa", "이력서") and counts more near the top of the page;
a *support* cue is a label such documents carry ("Rechnungsnummer", "saldo początkowe", "승인번호").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.db.models.documents import DocumentType
from knowledge.documents.locate import phrase_pattern


@dataclass(frozen=True)
class Cue:
    doc_type: DocumentType
    phrase: str
    weight: float
    title: bool
    pattern: re.Pattern[str]


def _compile(phrase: str) -> re.Pattern[str]:
    return re.compile(phrase_pattern(phrase))


# fmt: off
_TITLES: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.INVOICE: (
        "invoice", "tax invoice", "commercial invoice", "credit note", "rechnung", "gutschrift", "faktura",
        "faktura vat", "faktura korygujaca", "e-racun", "racun", "r1 racun", "세금계산서", "계산서", "청구서",
        "인보이스",
    ),
    DocumentType.RECEIPT: (
        "receipt", "sales receipt", "till receipt", "kassenbon", "kassenbeleg", "quittung", "paragon",
        "paragon fiskalny", "fiskalni racun", "racun", "fiskalizirani racun", "영수증", "카드영수증",
        "현금영수증", "매출전표",
    ),
    DocumentType.PURCHASE_ORDER: (
        "purchase order", "bestellung", "bestellschein", "einkaufsbestellung", "zamowienie",
        "zamowienie zakupu", "narudzbenica", "narudzba", "발주서", "구매주문서", "주문서",
    ),
    DocumentType.DELIVERY_NOTE: (
        "delivery note", "delivery slip", "packing slip", "despatch note", "dispatch note", "despatch advice",
        "goods received note", "lieferschein", "warenbegleitschein", "lieferung nr", "otpremnica br",
        "dowod wydania", "납품 확인서", "dowod dostawy", "wydanie zewnetrzne", "otpremnica", "dostavnica",
        "납품서", "거래명세서", "출고증", "배송명세서", "인수증",
    ),
    DocumentType.CONTRACT: (
        "agreement", "contract", "service agreement", "vertrag", "dienstleistungsvertrag", "vereinbarung",
        "rahmenvertrag", "umowa", "umowa o", "ugovor", "ugovor o", "계약서", "용역계약서",
    ),
    DocumentType.RESUME: (
        "curriculum vitae", "resume", "cv", "lebenslauf", "zyciorys", "zivotopis", "이력서",
    ),
    DocumentType.POLICY: (
        "policy", "richtlinie", "betriebsvereinbarung", "polityka", "regulamin", "pravilnik", "politika",
        "규정", "정책", "지침", "내규",
    ),
    DocumentType.BANK_STATEMENT: (
        "bank statement", "account statement", "statement of account", "kontoauszug", "wyciag bankowy",
        "wyciag z rachunku", "izvod", "izvadak", "izvod po racunu", "거래내역서", "입출금내역",
        "은행 거래내역", "계좌 거래내역",
    ),
}
# fmt: on

# fmt: off
_SUPPORT: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.INVOICE: (
        "invoice number", "racun br", "송장 번호", "송장", "invoice no", "invoice date", "due date",
        "payment due", "amount due", "bill to", "vat id", "vat reg", "rechnungsnummer", "rechnungsdatum",
        "rechnungsbetrag", "zahlbar bis", "fallig", "falligkeitsdatum", "ust-idnr", "steuernummer",
        "numer faktury", "data wystawienia", "termin platnosci", "nabywca", "sprzedawca", "do zaplaty",
        "broj racuna", "datum racuna", "rok placanja", "datum dospijeca", "oib", "pdv", "kupac", "공급가액",
        "세액", "공급자", "공급받는자", "사업자등록번호", "납부기한", "청구금액", "mwst", "netto", "brutto",
        "net amount", "subtotal",
    ),
    DocumentType.RECEIPT: (
        "cashier", "datum i vrijeme", "zadrzite racun", "od toga pdv", "nacin placanja", "blagajna",
        "operater", "bon", "kasa", "paragon nr", "kassen-nr", "bonnummer", "gegeben", "zuruck",
        "card payment", "paid by card", "visa", "mastercard", "가맹점번호", "카드", "현금", "거스름돈",
        "change", "cash", "card", "thank you for your purchase", "thank you for shopping", "kassierer",
        "ruckgeld", "bar", "gegeben", "vielen dank fur ihren einkauf", "kasjer", "reszta", "gotowka", "karta",
        "dziekujemy", "blagajnik", "gotovina", "kartica", "jir", "zki", "hvala na kupnji", "hvala",
        "승인번호", "가맹점", "카드번호", "감사합니다", "합계", "terminal", "pos", "till", "store", "filiale",
        "sklep", "trgovina", "total paid",
    ),
    DocumentType.PURCHASE_ORDER: (
        "po number", "po no", "order number", "order date", "supplier", "vendor", "ship to", "please supply",
        "requested delivery", "bestellnummer", "bestelldatum", "lieferant", "liefertermin", "wir bestellen",
        "numer zamowienia", "dostawca", "termin dostawy", "zamawiajacy", "broj narudzbe", "dobavljac",
        "rok isporuke", "narucitelj", "발주번호", "발주처", "발주", "회신", "공급업체", "납기", "납품기한",
        "발주일", "unit price", "einzelpreis", "cena jednostkowa", "jedinicna cijena", "단가",
    ),
    DocumentType.DELIVERY_NOTE: (
        "delivered", "erhalten", "unbeschadigt", "odebrano", "zaprimljeno", "received by", "goods received",
        "shipment", "carrier", "quantity delivered", "delivery date", "order reference", "geliefert",
        "empfangen", "sendung", "spediteur", "liefermenge", "lieferdatum", "ihre bestellung", "dostarczono",
        "odebral", "przesylka", "przewoznik", "data dostawy", "isporuceno", "primio", "preuzeo", "posiljka",
        "prijevoznik", "datum isporuke", "인수자", "수령", "배송", "출고", "납품일", "packages", "pakete",
        "paczki", "paketi", "signature of recipient",
    ),
    DocumentType.CONTRACT: (
        "parties", "between", "governing law", "term", "effective date", "termination", "hereby", "whereas",
        "signed", "zwischen", "anwendbares recht", "gerichtsstand", "laufzeit", "inkrafttreten", "kundigung",
        "vertragsparteien", "pomiedzy", "zawarta", "prawo wlasciwe", "okres obowiazywania", "wypowiedzenie",
        "strony", "izmedu", "mjerodavno pravo", "trajanje", "stupa na snagu", "raskid", "ugovorne strane",
        "당사자", "준거법", "계약기간", "효력", "해지", "obligations", "pflichten", "zobowiazania", "obveze",
        "의무", "confidentiality", "vertraulichkeit", "poufnosc", "povjerljivost", "비밀유지",
    ),
    DocumentType.RESUME: (
        "work experience", "professional experience", "experience", "education", "skills", "languages",
        "berufserfahrung", "ausbildung", "kenntnisse", "fahigkeiten", "sprachen", "doswiadczenie zawodowe",
        "doswiadczenie", "wyksztalcenie", "umiejetnosci", "jezyki", "radno iskustvo", "iskustvo",
        "obrazovanje", "vjestine", "jezici", "경력", "학력", "기술", "보유기술", "자격증", "어학",
        "references", "hobbies", "date of birth", "geburtsdatum", "data urodzenia", "datum rodenja",
        "생년월일", "linkedin",
    ),
    DocumentType.POLICY: (
        "purpose", "scope", "applies to", "employees must", "employees", "must", "shall", "procedure",
        "violation", "approved by", "zweck", "geltungsbereich", "gilt fur", "mitarbeiter", "mitarbeitende",
        "verfahren", "verstoss", "cel", "zakres", "dotyczy", "pracownicy", "procedura", "naruszenie", "svrha",
        "opseg", "podrucje primjene", "odnosi se", "zaposlenici", "postupak", "krsenje", "목적", "적용 범위",
        "적용범위", "직원", "절차", "위반", "임직원", "version", "fassung", "wersja", "verzija", "버전",
    ),
    DocumentType.BANK_STATEMENT: (
        "opening balance", "closing balance", "statement period", "balance", "transactions", "debit",
        "credit", "account number", "anfangssaldo", "endsaldo", "alter kontostand", "neuer kontostand",
        "kontostand", "buchungstag", "soll", "haben", "umsatze", "saldo poczatkowe", "saldo koncowe", "saldo",
        "uznania", "obciazenia", "numer rachunku", "pocetno stanje", "zavrsno stanje", "konacno stanje",
        "stanje", "duguje", "potrazuje", "promet", "기초잔액", "기말잔액", "이월잔액", "잔액", "입금", "출금",
        "조회기간", "거래일", "계좌번호", "bic", "swift", "wertstellung", "valuta",
    ),
}
# fmt: on


def _build() -> tuple[Cue, ...]:
    cues: list[Cue] = []
    for doc_type, phrases in _TITLES.items():
        for phrase in phrases:
            # Longer titles are more specific ("faktura vat" beats "faktura" for the same line).
            cues.append(Cue(doc_type, phrase, 2.0 + 0.25 * (len(phrase.split()) - 1), True, _compile(phrase)))
    for doc_type, phrases in _SUPPORT.items():
        for phrase in phrases:
            weight = 0.35 if len(phrase) <= 3 and not re.search(r"[\uac00-\ud7a3]", phrase) else 0.6
            cues.append(Cue(doc_type, phrase, weight, False, _compile(phrase)))
    return tuple(cues)


CUES = _build()
