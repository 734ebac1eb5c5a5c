"""Contracts, résumés, policies and "other" documents (meeting notes, newsletters, memos, price lists,
letters) in five languages. Policies are written in binding language on purpose (a confuser for contracts);
price lists and letters carry amounts and company names (confusers for invoices and orders).
"""

from __future__ import annotations

import random
from typing import Any

from tests.documents.corpus_blocks import (
    PEOPLE,
    Body,
    Heading,
    Pairs,
    Paragraph,
    Table,
    pick_lines,
    pick_parties,
)
from tests.documents.corpus_business import CURRENCIES, _date, _pick
from tests.documents.corpus_values import format_amount, random_date

CONTRACT_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "title": ("SERVICE AGREEMENT", "Supply Agreement", "Maintenance Contract"),
        "between": 'This Agreement is made between {a}, {a_address} (the "Client") and {b}, {b_address} '
        '(the "Contractor").',
        "party": ("Party A", "Party B"),
        "effective": ("Effective date", "Commencement date"),
        "term": ("Term", "Duration"),
        "terms": ("12 months", "24 months", "36 months", "2 years"),
        "law": ("Governing law", "Applicable law"),
        "laws": ("England and Wales", "State of New York"),
        "law_prose": "This Agreement shall be governed by the laws of {law}.",
        "clauses": (
            "The Contractor shall provide the services described in Annex 1.",
            "Fees are invoiced monthly and payable within 30 days.",
            "Either party may terminate this Agreement with three months' written notice.",
            "Both parties shall keep confidential information secret.",
        ),
        "sign": "Signed for and on behalf of the parties:",
    },
    "de": {
        "title": ("DIENSTLEISTUNGSVERTRAG", "Liefervertrag", "Wartungsvertrag"),
        "between": "zwischen {a}, {a_address} – nachfolgend „Auftraggeber“ – und {b}, {b_address} – nachfolgend "
        "„Auftragnehmer“ – wird folgender Vertrag geschlossen.",
        "party": ("Auftraggeber", "Auftragnehmer"),
        "effective": ("Vertragsbeginn", "Inkrafttreten"),
        "term": ("Laufzeit", "Vertragsdauer"),
        "terms": ("12 Monate", "24 Monate", "36 Monate", "3 Jahre"),
        "law": ("Anwendbares Recht", "Rechtswahl"),
        "laws": ("Bundesrepublik Deutschland", "Deutschland"),
        "law_prose": "Es gilt das Recht der {law}.",
        "clauses": (
            "Der Auftragnehmer erbringt die in Anlage 1 beschriebenen Leistungen.",
            "Die Vergütung wird monatlich abgerechnet und ist innerhalb von 30 Tagen fällig.",
            "Der Vertrag kann mit einer Frist von drei Monaten schriftlich gekündigt werden.",
            "Die Parteien verpflichten sich zur Verschwiegenheit.",
        ),
        "sign": "Ort, Datum, Unterschriften der Vertragsparteien:",
    },
    "pl": {
        "title": ("UMOWA O ŚWIADCZENIE USŁUG", "Umowa dostawy", "Umowa serwisowa"),
        "between": "zawarta pomiędzy {a}, {a_address}, zwaną dalej „Zamawiającym”, a {b}, {b_address}, zwaną dalej "
        "„Wykonawcą”.",
        "party": ("Zamawiający", "Wykonawca"),
        "effective": ("Data wejścia w życie", "Data zawarcia umowy"),
        "term": ("Okres obowiązywania", "Czas trwania umowy"),
        "terms": ("12 miesięcy", "24 miesiące", "36 miesięcy", "3 lata"),
        "law": ("Prawo właściwe", "Prawo właściwe dla umowy"),
        "laws": ("prawo polskie", "Rzeczpospolita Polska"),
        "law_prose": "Prawem właściwym dla umowy jest {law}.",
        "clauses": (
            "Wykonawca zobowiązuje się świadczyć usługi opisane w załączniku nr 1.",
            "Wynagrodzenie płatne jest miesięcznie w terminie 30 dni od doręczenia faktury.",
            "Każda ze stron może wypowiedzieć umowę z zachowaniem trzymiesięcznego okresu wypowiedzenia.",
            "Strony zobowiązują się do zachowania poufności.",
        ),
        "sign": "Podpisy stron:",
    },
    "hr": {
        "title": ("UGOVOR O PRUŽANJU USLUGA", "Ugovor o isporuci", "Ugovor o održavanju"),
        "between": "sklopljen između {a}, {a_address} (dalje: Naručitelj) i {b}, {b_address} (dalje: Izvršitelj).",
        "party": ("Naručitelj", "Izvršitelj"),
        "effective": ("Datum stupanja na snagu", "Početak primjene"),
        "term": ("Trajanje ugovora", "Rok trajanja"),
        "terms": ("12 mjeseci", "24 mjeseca", "36 mjeseci", "3 godine"),
        "law": ("Mjerodavno pravo", "Primjenjivo pravo"),
        "laws": ("Republika Hrvatska", "pravo Republike Hrvatske"),
        "law_prose": "Na ovaj ugovor primjenjuje se {law}.",
        "clauses": (
            "Izvršitelj se obvezuje pružati usluge opisane u Prilogu 1.",
            "Naknada se obračunava mjesečno i plaća u roku od 30 dana.",
            "Svaka strana može otkazati ugovor uz otkazni rok od tri mjeseca.",
            "Ugovorne strane obvezuju se čuvati poslovnu tajnu.",
        ),
        "sign": "Potpisi ugovornih strana:",
    },
    "ko": {
        "title": ("용역 계약서", "물품 공급 계약서", "유지보수 계약서"),
        "between": '{a}(이하 "갑", 주소: {a_address})와 {b}(이하 "을", 주소: {b_address})는 '
        "다음과 같이 계약을 체결한다.",
        "party": ("갑", "을"),
        "effective": ("계약 시작일", "효력 발생일"),
        "term": ("계약 기간", "계약 기간"),
        "terms": ("12개월", "24개월", "36개월", "3년"),
        "law": ("준거법", "준거법"),
        "laws": ("대한민국 법", "대한민국 법률"),
        "law_prose": "본 계약은 {law}에 따라 해석된다.",
        "clauses": (
            "을은 별첨 1에 기재된 용역을 제공한다.",
            "대금은 매월 청구하며 30일 이내에 지급한다.",
            "각 당사자는 3개월 전 서면 통지로 계약을 해지할 수 있다.",
            "양 당사자는 업무상 비밀을 유지한다.",
        ),
        "sign": "계약 당사자 서명:",
    },
}


def build_contract(rng: random.Random, language: str, variant: int) -> Body:
    words = CONTRACT_WORDS[language]
    first, second = pick_parties(rng, language)
    effective = random_date(rng)
    term = _pick(words["terms"], variant + rng.randint(0, 3))
    law = _pick(words["laws"], variant)
    fields: dict[str, Any] = {
        "parties": [first.name, second.name],
        "effective_date": effective.isoformat(),
        "term": term,
        "governing_law": law,
    }
    between = words["between"].format(
        a=first.name, a_address=first.address, b=second.name, b_address=second.address
    )
    clauses = [f"§ {index}. {clause}" for index, clause in enumerate(words["clauses"], start=1)]
    key_terms = Pairs((
        (_pick(words["effective"], variant), _date(rng, language, effective, variant)),
        (_pick(words["term"], variant), term),
    ))  # fmt: skip
    blocks: list[Any] = [Heading(_pick(words["title"], variant))]
    if variant % 3 == 1:
        blocks.append(Pairs(((words["party"][0], first.name), (words["party"][1], second.name))))
        blocks.append(Paragraph(f"{first.address}\n{second.address}"))
    else:
        blocks.append(Paragraph(between))
    blocks.append(key_terms)
    blocks.append(Paragraph("\n".join(clauses)))
    if variant % 3 == 2:
        blocks.append(Paragraph(words["law_prose"].format(law=law)))
    else:
        blocks.append(Pairs(((_pick(words["law"], variant), law),)))
    blocks.append(Paragraph(f"{words['sign']}\n{first.name}                {second.name}"))
    return Body(language, blocks, fields)


RESUME_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "title": ("Curriculum Vitae", "Résumé", "CV"),
        "email": "Email",
        "phone": ("Phone", "Mobile"),
        "skills": ("Skills", "Key skills"),
        "experience": ("Work experience", "Professional experience"),
        "years": "{n} years of experience",
        "years_label": "Total experience",
        "education": "Education",
        "degree": "BSc Business Administration, University of Leeds",
        "roles": ("Accountant", "Logistics coordinator", "Office manager"),
        "skill_pool": ("SAP FI", "Excel", "IFRS", "Payroll", "Team leadership", "Power BI", "Negotiation"),
        "phones": ("+44 20 7946 0321", "+44 7700 900123"),
        "summary": "Profile",
    },
    "de": {
        "title": ("Lebenslauf", "LEBENSLAUF", "Lebenslauf"),
        "email": "E-Mail",
        "phone": ("Telefon", "Mobil"),
        "skills": ("Kenntnisse", "Fähigkeiten"),
        "experience": ("Berufserfahrung", "Beruflicher Werdegang"),
        "years": "{n} Jahre Berufserfahrung",
        "years_label": "Berufserfahrung gesamt",
        "education": "Ausbildung",
        "degree": "B.A. Betriebswirtschaftslehre, Universität Hamburg",
        "roles": ("Finanzbuchhaltung", "Disposition", "Büroleitung"),
        "skill_pool": (
            "DATEV",
            "SAP FI",
            "Excel",
            "Lohnbuchhaltung",
            "Englisch",
            "Projektmanagement",
            "Power BI",
        ),
        "phones": ("+49 40 1234567", "+49 170 5550123"),
        "summary": "Profil",
    },
    "pl": {
        "title": ("Życiorys", "CV", "Curriculum Vitae"),
        "email": "E-mail",
        "phone": ("Telefon", "Tel."),
        "skills": ("Umiejętności", "Kompetencje"),
        "experience": ("Doświadczenie zawodowe", "Przebieg pracy"),
        "years": "{n} lat doświadczenia",
        "years_label": "Staż pracy",
        "education": "Wykształcenie",
        "degree": "Magister ekonomii, Uniwersytet Warszawski",
        "roles": ("Specjalista ds. księgowości", "Specjalista ds. logistyki", "Kierownik biura"),
        "skill_pool": ("Symfonia", "Excel", "Kadry i płace", "Język angielski", "SAP", "Prawo jazdy kat. B"),
        "phones": ("+48 601 234 567", "+48 22 555 01 23"),
        "summary": "Profil zawodowy",
    },
    "hr": {
        "title": ("Životopis", "ŽIVOTOPIS", "CV"),
        "email": "E-pošta",
        "phone": ("Telefon", "Mobitel"),
        "skills": ("Vještine", "Znanja i vještine"),
        "experience": ("Radno iskustvo", "Profesionalno iskustvo"),
        "years": "{n} godina radnog iskustva",
        "years_label": "Ukupno radno iskustvo",
        "education": "Obrazovanje",
        "degree": "Magistra ekonomije, Ekonomski fakultet Zagreb",
        "roles": ("Računovođa", "Koordinator logistike", "Voditelj ureda"),
        "skill_pool": ("Excel", "SAP", "Engleski jezik", "Obračun plaća", "Vozačka dozvola B", "Power BI"),
        "phones": ("+385 91 234 5678", "+385 1 4567 890"),
        "summary": "Profil",
    },
    "ko": {
        "title": ("이력서", "이력서", "경력기술서"),
        "email": "이메일",
        "phone": ("연락처", "휴대전화"),
        "skills": ("보유 기술", "기술 및 자격"),
        "experience": ("경력 사항", "경력"),
        "years": "경력 {n}년",
        "years_label": "총 경력",
        "education": "학력",
        "degree": "연세대학교 경영학과 졸업",
        "roles": ("회계 담당", "물류 코디네이터", "총무 팀장"),
        "skill_pool": ("엑셀", "SAP", "전산회계 1급", "영어", "ERP", "데이터 분석"),
        "phones": ("010-1234-5678", "010-9876-5432"),
        "summary": "자기소개",
    },
}

LATIN_NAMES = {"김민준": "minjun.kim", "이서연": "seoyeon.lee", "박지훈": "jihoon.park", "최유진": "yujin.choi",
               "정하늘": "haneul.jung"}  # fmt: skip


def _email_for(name: str) -> str:
    if name in LATIN_NAMES:
        return f"{LATIN_NAMES[name]}@mail.example"
    table = str.maketrans("äöüłśżźćńóąęčšžđ", "aoulszzcnoaecszd")
    return ".".join(name.lower().translate(table).split()) + "@mail.example"


def build_resume(rng: random.Random, language: str, variant: int) -> Body:
    words = RESUME_WORDS[language]
    name = _pick(PEOPLE[language], variant + rng.randint(0, 4))
    email = _email_for(name)
    phone = _pick(words["phones"], variant)
    skills = rng.sample(words["skill_pool"], 4)
    years = rng.randint(3, 15)
    companies = pick_parties(rng, language, 2)
    fields: dict[str, Any] = {"name": name, "email": email, "phone": phone, "skills": skills}
    role = _pick(words["roles"], variant)
    history = (
        f"{2025 - years // 2}–2025  {role}, {companies[0].name}\n"
        f"{2025 - years}–{2025 - years // 2}  {_pick(words['roles'], variant + 1)}, {companies[1].name}"
    )
    blocks: list[Any] = [Heading(name) if variant % 2 == 0 else Heading(_pick(words["title"], variant))]
    if variant % 2 == 1:
        blocks.append(Paragraph(name))
    blocks.append(Pairs(((words["email"], email), (_pick(words["phone"], variant), phone))))
    if variant % 3 == 0:
        fields["experience_years"] = str(years)
        blocks.append(Paragraph(f"{words['summary']}: {role}, {words['years'].format(n=years)}."))
    elif variant % 3 == 1:
        fields["experience_years"] = str(years)
        blocks.append(Pairs(((words["years_label"], words["years"].format(n=years)),)))
    blocks.append(Heading(_pick(words["experience"], variant)))
    blocks.append(Paragraph(history))
    blocks.append(Heading(words["education"]))
    blocks.append(Paragraph(words["degree"]))
    if variant % 2 == 0:
        blocks.append(Pairs(((_pick(words["skills"], variant), ", ".join(skills)),)))
    else:
        blocks.append(Heading(_pick(words["skills"], variant)))
        blocks.append(Paragraph("\n".join(f"- {skill}" for skill in skills)))
    return Body(language, blocks, fields)


POLICIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "en": (
        (
            "Travel and Expense Policy",
            (
                "This policy applies to all employees who travel on company business.",
                "Employees shall book economy class for flights under six hours.",
                "Receipts must be submitted within 30 days of the trip.",
                "Managers approve expenses; Finance audits a sample each quarter.",
            ),
        ),
        (
            "Remote Work Policy",
            (
                "Employees may work remotely up to three days a week with their manager's consent.",
                "Company equipment shall be used for all work and kept secure.",
                "Core hours are 10:00 to 15:00 in the employee's office time zone.",
                "This policy does not form part of any employment contract and may be changed by the company.",
            ),
        ),
        (
            "Information Security Policy",
            (
                "All staff shall lock their screens when leaving their desk.",
                "Passwords must be at least 14 characters and never shared.",
                "Suspected incidents are reported to the IT service desk without delay.",
                "Breaches of this policy may lead to disciplinary action.",
            ),
        ),
    ),
    "de": (
        (
            "Reisekostenrichtlinie",
            (
                "Diese Richtlinie gilt für alle Beschäftigten auf Dienstreisen.",
                "Bahnfahrten sind in der 2. Klasse zu buchen.",
                "Belege sind innerhalb von 30 Tagen einzureichen.",
                "Die Führungskraft genehmigt die Abrechnung.",
            ),
        ),
        (
            "Richtlinie zur mobilen Arbeit",
            (
                "Beschäftigte können bis zu drei Tage pro Woche mobil arbeiten.",
                "Dienstgeräte sind sorgfältig zu behandeln.",
                "Die Kernarbeitszeit liegt zwischen 10 und 15 Uhr.",
                "Diese Richtlinie ist nicht Bestandteil des Arbeitsvertrags.",
            ),
        ),
        (
            "IT-Sicherheitsrichtlinie",
            (
                "Bildschirme sind beim Verlassen des Arbeitsplatzes zu sperren.",
                "Passwörter müssen mindestens 14 Zeichen lang sein.",
                "Sicherheitsvorfälle sind sofort zu melden.",
                "Verstöße können arbeitsrechtliche Folgen haben.",
            ),
        ),
    ),
    "pl": (
        (
            "Polityka podróży służbowych",
            (
                "Polityka dotyczy wszystkich pracowników odbywających podróże służbowe.",
                "Przeloty krótsze niż sześć godzin rezerwuje się w klasie ekonomicznej.",
                "Rachunki należy złożyć w ciągu 30 dni od powrotu.",
                "Wydatki zatwierdza przełożony.",
            ),
        ),
        (
            "Regulamin pracy zdalnej",
            (
                "Pracownik może wykonywać pracę zdalnie do trzech dni w tygodniu.",
                "Sprzęt służbowy należy zabezpieczyć przed dostępem osób trzecich.",
                "Godziny dostępności to 10:00–15:00.",
                "Regulamin nie stanowi części umowy o pracę.",
            ),
        ),
        (
            "Polityka bezpieczeństwa informacji",
            (
                "Pracownicy blokują ekran przy opuszczaniu stanowiska.",
                "Hasło musi mieć co najmniej 14 znaków.",
                "Incydenty zgłasza się niezwłocznie do działu IT.",
                "Naruszenie polityki może skutkować karą porządkową.",
            ),
        ),
    ),
    "hr": (
        (
            "Pravilnik o službenim putovanjima",
            (
                "Pravilnik se primjenjuje na sve zaposlenike na službenom putu.",
                "Letovi kraći od šest sati rezerviraju se u ekonomskom razredu.",
                "Račune treba predati u roku od 30 dana.",
                "Troškove odobrava nadređeni.",
            ),
        ),
        (
            "Politika rada na daljinu",
            (
                "Zaposlenici mogu raditi na daljinu do tri dana tjedno.",
                "Službena oprema mora biti zaštićena.",
                "Obvezno radno vrijeme je od 10 do 15 sati.",
                "Ova politika nije dio ugovora o radu.",
            ),
        ),
        (
            "Politika informacijske sigurnosti",
            (
                "Zaposlenici zaključavaju zaslon kad napuštaju radno mjesto.",
                "Lozinka mora imati najmanje 14 znakova.",
                "Sigurnosni incidenti prijavljuju se odmah IT službi.",
                "Kršenje politike može dovesti do stegovnih mjera.",
            ),
        ),
    ),
    "ko": (
        (
            "출장비 규정",
            (
                "본 규정은 업무상 출장을 가는 모든 임직원에게 적용된다.",
                "6시간 미만 항공편은 일반석을 이용한다.",
                "영수증은 출장 후 30일 이내에 제출한다.",
                "경비는 소속 부서장이 승인한다.",
            ),
        ),
        (
            "재택근무 정책",
            (
                "임직원은 부서장 승인 하에 주 3일까지 재택근무를 할 수 있다.",
                "회사 장비는 안전하게 관리한다.",
                "집중 근무 시간은 10시부터 15시까지이다.",
                "본 정책은 근로계약의 일부가 아니다.",
            ),
        ),
        (
            "정보보안 정책",
            (
                "자리를 비울 때에는 화면을 잠근다.",
                "비밀번호는 14자 이상이어야 한다.",
                "보안 사고는 즉시 IT 지원팀에 보고한다.",
                "본 정책 위반 시 징계를 받을 수 있다.",
            ),
        ),
    ),
}

POLICY_HEADINGS = {
    "en": ("1. Purpose and scope", "2. Rules", "Effective from", "Owner", "Human Resources"),
    "de": (
        "1. Zweck und Geltungsbereich",
        "2. Regelungen",
        "Gültig ab",
        "Verantwortlich",
        "Personalabteilung",
    ),
    "pl": ("1. Cel i zakres", "2. Zasady", "Obowiązuje od", "Właściciel", "Dział Kadr"),
    "hr": ("1. Svrha i područje primjene", "2. Pravila", "Vrijedi od", "Vlasnik", "Ljudski potencijali"),
    "ko": ("1. 목적 및 적용 범위", "2. 세부 규정", "시행일", "담당 부서", "인사팀"),
}


def build_policy(rng: random.Random, language: str, variant: int) -> Body:
    title, rules = _pick(POLICIES[language], variant)
    purpose, rules_heading, valid_from, owner, department = POLICY_HEADINGS[language]
    company = pick_parties(rng, language, 1)[0]
    blocks: list[Any] = [
        Paragraph(company.name),
        Heading(title),
        Pairs(((valid_from, _date(rng, language, random_date(rng), variant)), (owner, department))),
        Heading(purpose),
        Paragraph(rules[0]),
        Heading(rules_heading),
        Paragraph("\n".join(f"2.{index} {rule}" for index, rule in enumerate(rules[1:], start=1))),
    ]
    return Body(language, blocks, {})


OTHER_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "minutes": "Minutes of the weekly operations meeting",
        "present": "Present",
        "agenda": "Agenda",
        "items": (
            "Warehouse move to the new site in March",
            "Open supplier invoices to be checked by Finance",
            "Summer party budget",
        ),
        "actions": "Action items",
        "newsletter": "Company newsletter - autumn edition",
        "news": (
            "Welcome to our new colleagues in the Leeds office.",
            "The canteen reopens on Monday with a new menu.",
            "Remember to book your holidays for December by the end of the month.",
        ),
        "memo": "MEMO",
        "memo_pairs": ("To", "From", "Subject"),
        "memo_subject": "Parking during the building works",
        "memo_text": "The car park will be closed for two weeks. Please use the public garage on Mill Road.",
        "prices": "Price list 2026",
        "price_columns": ("Item", "Price"),
        "prices_note": "Prices exclude VAT and are valid until further notice.",
        "letter": "Dear Ms {name},",
        "letter_text": "Thank you for visiting our stand at the trade fair. We enclose our "
        "catalogue and would be glad to arrange a meeting.",
        "regards": "Kind regards",
    },
    "de": {
        "minutes": "Protokoll der Abteilungsbesprechung",
        "present": "Anwesend",
        "agenda": "Tagesordnung",
        "items": (
            "Umzug des Lagers im März",
            "Offene Lieferantenrechnungen prüfen",
            "Budget für das Sommerfest",
        ),
        "actions": "Aufgaben",
        "newsletter": "Mitarbeiter-Newsletter Herbst",
        "news": (
            "Wir begrüßen unsere neuen Kolleginnen und Kollegen in Hamburg.",
            "Die Kantine öffnet am Montag wieder.",
            "Bitte tragen Sie Ihren Urlaub für Dezember bis Monatsende ein.",
        ),
        "memo": "AKTENNOTIZ",
        "memo_pairs": ("An", "Von", "Betreff"),
        "memo_subject": "Parken während der Bauarbeiten",
        "memo_text": "Der Parkplatz ist zwei Wochen gesperrt. Bitte nutzen Sie das Parkhaus in der Hauptstraße.",
        "prices": "Preisliste 2026",
        "price_columns": ("Artikel", "Preis"),
        "prices_note": "Alle Preise zzgl. MwSt., gültig bis auf Widerruf.",
        "letter": "Sehr geehrte Frau {name},",
        "letter_text": "vielen Dank für Ihren Besuch auf unserem Messestand. "
        "Anbei erhalten Sie unseren Katalog.",
        "regards": "Mit freundlichen Grüßen",
    },
    "pl": {
        "minutes": "Protokół z zebrania działu",
        "present": "Obecni",
        "agenda": "Porządek obrad",
        "items": (
            "Przeprowadzka magazynu w marcu",
            "Weryfikacja otwartych faktur od dostawców",
            "Budżet imprezy letniej",
        ),
        "actions": "Zadania",
        "newsletter": "Biuletyn firmowy - jesień",
        "news": (
            "Witamy nowych pracowników w biurze w Łodzi.",
            "Stołówka zostanie ponownie otwarta w poniedziałek.",
            "Prosimy o zaplanowanie urlopów grudniowych do końca miesiąca.",
        ),
        "memo": "NOTATKA SŁUŻBOWA",
        "memo_pairs": ("Do", "Od", "Temat"),
        "memo_subject": "Parking w czasie remontu",
        "memo_text": "Parking będzie zamknięty przez dwa tygodnie. Prosimy korzystać z parkingu miejskiego.",
        "prices": "Cennik 2026",
        "price_columns": ("Produkt", "Cena"),
        "prices_note": "Ceny netto, obowiązują do odwołania.",
        "letter": "Szanowna Pani {name},",
        "letter_text": "dziękujemy za odwiedzenie naszego stoiska na targach. "
        "W załączeniu przesyłamy katalog.",
        "regards": "Z poważaniem",
    },
    "hr": {
        "minutes": "Zapisnik sa sastanka odjela",
        "present": "Prisutni",
        "agenda": "Dnevni red",
        "items": (
            "Preseljenje skladišta u ožujku",
            "Provjera otvorenih računa dobavljača",
            "Proračun za ljetnu zabavu",
        ),
        "actions": "Zaduženja",
        "newsletter": "Interni bilten - jesen",
        "news": (
            "Dobrodošlica novim kolegama u uredu u Splitu.",
            "Kantina ponovno radi od ponedjeljka.",
            "Molimo prijavite godišnji odmor za prosinac do kraja mjeseca.",
        ),
        "memo": "SLUŽBENA BILJEŠKA",
        "memo_pairs": ("Za", "Od", "Predmet"),
        "memo_subject": "Parkiranje tijekom radova",
        "memo_text": "Parkiralište je zatvoreno dva tjedna. Molimo koristite javnu garažu.",
        "prices": "Cjenik 2026",
        "price_columns": ("Proizvod", "Cijena"),
        "prices_note": "Cijene su bez PDV-a i vrijede do opoziva.",
        "letter": "Poštovana gospođo {name},",
        "letter_text": "zahvaljujemo na posjetu našem štandu na sajmu. U prilogu šaljemo katalog.",
        "regards": "S poštovanjem",
    },
    "ko": {
        "minutes": "주간 운영 회의록",
        "present": "참석자",
        "agenda": "안건",
        "items": ("3월 물류창고 이전", "미결 매입 송장 재무팀 확인", "하계 행사 예산"),
        "actions": "조치 사항",
        "newsletter": "사내 소식지 가을호",
        "news": (
            "판교 사무소에 새로 합류한 동료들을 환영합니다.",
            "구내식당이 월요일부터 다시 운영됩니다.",
            "12월 휴가 계획을 이달 말까지 등록해 주십시오.",
        ),
        "memo": "업무 연락",
        "memo_pairs": ("수신", "발신", "제목"),
        "memo_subject": "공사 기간 중 주차 안내",
        "memo_text": "2주간 주차장이 폐쇄됩니다. 인근 공영 주차장을 이용해 주십시오.",
        "prices": "2026년 가격표",
        "price_columns": ("품목", "가격"),
        "prices_note": "부가세 별도, 별도 공지 시까지 유효합니다.",
        "letter": "{name} 님께",
        "letter_text": "전시회 부스를 방문해 주셔서 감사합니다. 제품 카탈로그를 동봉합니다.",
        "regards": "감사합니다",
    },
}


def build_other(rng: random.Random, language: str, variant: int) -> Body:
    words = OTHER_WORDS[language]
    company = pick_parties(rng, language, 1)[0]
    people = rng.sample(PEOPLE[language], 3)
    day = random_date(rng)
    kind = variant % 5
    blocks: list[Any]
    if kind == 0:
        blocks = [
            Heading(words["minutes"]),
            Pairs(((words["present"], ", ".join(people)),)),
            Heading(words["agenda"]),
            Paragraph("\n".join(f"{index}. {item}" for index, item in enumerate(words["items"], start=1))),
            Heading(words["actions"]),
            Paragraph(f"- {people[0]}: {words['items'][1]}\n- {people[1]}: {words['items'][0]}"),
        ]
    elif kind == 1:
        blocks = [
            Paragraph(company.name),
            Heading(words["newsletter"]),
            *(Paragraph(text) for text in words["news"]),
        ]
    elif kind == 2:
        blocks = [
            Heading(words["memo"]),
            Pairs(tuple(zip(words["memo_pairs"], (", ".join(people[:2]), people[2], words["memo_subject"]),
                            strict=True))),
            Paragraph(words["memo_text"]),
        ]  # fmt: skip
    elif kind == 3:
        currency = _pick(CURRENCIES[language], variant)
        lines = pick_lines(rng, language, currency, 5)
        blocks = [
            Paragraph(f"{company.name}\n{company.address}"),
            Heading(words["prices"]),
            Table(words["price_columns"], tuple(
                (line.description, format_amount(line.unit_price, language, currency)) for line in lines
            )),
            Paragraph(words["prices_note"]),
        ]  # fmt: skip
    else:
        surname = people[0].split()[-1] if language != "ko" else people[0]
        blocks = [
            Paragraph(f"{company.name}\n{company.address}"),
            Paragraph(_date(rng, language, day, variant)),
            Paragraph(words["letter"].format(name=surname)),
            Paragraph(words["letter_text"]),
            Paragraph(f"{words['regards']}\n{people[1]}"),
        ]
    return Body(language, blocks, {})
