"""Who works at the demo company, and the words they use: departments, the staff roster, leave rules, phrases.

The roster is fixed (the seed varies hiring dates and leave, not people), so guides and tests can log in as
a named person: the admins, the finance team, a manager and their reports are the same in every demo database.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.db.models import Role

COMPANY_DOMAIN = "adriatic-baltic.example"

DEPARTMENTS = (
    ("MGMT", "Management & IT"),
    ("SALES", "Sales"),
    ("FIN", "Finance"),
    ("HR", "Human Resources"),
    ("PUR", "Purchasing"),
    ("WH", "Warehouse & Logistics"),
)

OFFICES = {
    "HAM": ("DE", "Hamburg"),
    "WAW": ("PL", "Warszawa"),
    "ZAG": ("HR", "Zagreb"),
    "SEL": ("KR", "Seoul"),
}


@dataclass(frozen=True, slots=True)
class StaffSpec:
    login: str  # the part of the e-mail address before the @
    name: str
    role: Role
    title: str
    department: str
    manager: str | None  # the manager's login
    locale: str
    office: str
    on_slack: bool = True


S = StaffSpec
# fmt: off
STAFF = (
    S("katharina.weissenberg", "Katharina Weißenberg", Role.ADMIN,
      "Managing Director", "MGMT", None, "de", "HAM"),
    S("tobias.krueger", "Tobias Krüger", Role.ADMIN,
      "Head of IT", "MGMT", "katharina.weissenberg", "de", "HAM"),
    S("daniel.hughes", "Daniel Hughes", Role.STAFF,
      "IT Support Specialist", "MGMT", "tobias.krueger", "en", "HAM"),
    S("sarah.mitchell", "Sarah Mitchell", Role.EMPLOYEE,
      "Executive Assistant", "MGMT", "katharina.weissenberg", "en", "HAM"),
    S("joerg.hoffmann", "Jörg Hoffmann", Role.MANAGER,
      "Head of Sales", "SALES", "katharina.weissenberg", "de", "HAM"),
    S("agnieszka.wroblewska", "Agnieszka Wróblewska", Role.MANAGER,
      "Sales Manager Poland", "SALES", "joerg.hoffmann", "pl", "WAW"),
    S("ivana.durdevic", "Ivana Đurđević", Role.MANAGER,
      "Sales Manager Adriatic", "SALES", "joerg.hoffmann", "hr", "ZAG"),
    S("minjun.kim", "김민준", Role.MANAGER,
      "Sales Manager Korea", "SALES", "joerg.hoffmann", "ko", "SEL"),
    S("lena.schaefer", "Lena Schäfer", Role.STAFF,
      "Account Manager", "SALES", "joerg.hoffmann", "de", "HAM"),
    S("maximilian.gross", "Maximilian Groß", Role.STAFF,
      "Account Manager", "SALES", "joerg.hoffmann", "de", "HAM"),
    S("emily.carter", "Emily Carter", Role.STAFF,
      "Account Manager Export", "SALES", "joerg.hoffmann", "en", "HAM"),
    S("pawel.kowalczyk", "Paweł Kowalczyk", Role.STAFF,
      "Account Manager", "SALES", "agnieszka.wroblewska", "pl", "WAW"),
    S("malgorzata.zielinska", "Małgorzata Zielińska", Role.STAFF,
      "Account Manager", "SALES", "agnieszka.wroblewska", "pl", "WAW"),
    S("marko.kovacevic", "Marko Kovačević", Role.STAFF,
      "Account Manager", "SALES", "ivana.durdevic", "hr", "ZAG"),
    S("petra.babic", "Petra Babić", Role.STAFF,
      "Account Manager", "SALES", "ivana.durdevic", "hr", "ZAG"),
    S("seoyeon.lee", "이서연", Role.STAFF,
      "Account Manager", "SALES", "minjun.kim", "ko", "SEL"),
    S("jihoon.park", "박지훈", Role.STAFF,
      "Account Manager", "SALES", "minjun.kim", "ko", "SEL"),
    S("anja.mueller", "Anja Müller", Role.EMPLOYEE,
      "Customer Service Representative", "SALES", "joerg.hoffmann", "de", "HAM"),
    S("katarzyna.nowak", "Katarzyna Nowak", Role.EMPLOYEE,
      "Customer Service Representative", "SALES", "agnieszka.wroblewska", "pl", "WAW"),
    S("luka.horvat", "Luka Horvat", Role.EMPLOYEE,
      "Marketing Specialist", "SALES", "ivana.durdevic", "hr", "ZAG"),
    S("yujin.choi", "최유진", Role.EMPLOYEE,
      "Office Coordinator", "SALES", "minjun.kim", "ko", "SEL"),
    S("stefan.brueckner", "Stefan Brückner", Role.FINANCE,
      "Head of Finance", "FIN", "katharina.weissenberg", "de", "HAM"),
    S("julia.lehmann", "Julia Lehmann", Role.FINANCE,
      "Accountant", "FIN", "stefan.brueckner", "de", "HAM"),
    S("tomasz.wisniewski", "Tomasz Wiśniewski", Role.FINANCE,
      "Accounts Receivable Specialist", "FIN", "stefan.brueckner", "pl", "WAW"),
    S("ana.juric", "Ana Jurić", Role.FINANCE,
      "Accountant", "FIN", "stefan.brueckner", "hr", "ZAG"),
    S("oliver.bennett", "Oliver Bennett", Role.EMPLOYEE,
      "Accounts Payable Clerk", "FIN", "stefan.brueckner", "en", "HAM", on_slack=False),
    S("monika.lukasiewicz", "Monika Łukasiewicz", Role.MANAGER,
      "HR Manager", "HR", "katharina.weissenberg", "pl", "WAW"),
    S("maja.saric", "Maja Šarić", Role.STAFF,
      "HR Generalist", "HR", "monika.lukasiewicz", "hr", "ZAG"),
    S("henrik.vogel", "Henrik Vogel", Role.MANAGER,
      "Head of Purchasing", "PUR", "katharina.weissenberg", "de", "HAM"),
    S("bartosz.gorski", "Bartosz Górski", Role.STAFF,
      "Buyer", "PUR", "henrik.vogel", "pl", "WAW"),
    S("haeun.jung", "정하은", Role.STAFF,
      "Buyer", "PUR", "henrik.vogel", "ko", "SEL"),
    S("uwe.schroeder", "Uwe Schröder", Role.MANAGER,
      "Head of Logistics", "WH", "katharina.weissenberg", "de", "HAM"),
    S("dennis.kuehn", "Dennis Kühn", Role.STAFF,
      "Warehouse Lead Hamburg", "WH", "uwe.schroeder", "de", "HAM"),
    S("grzegorz.mazur", "Grzegorz Mazur", Role.STAFF,
      "Warehouse Lead Warszawa", "WH", "uwe.schroeder", "pl", "WAW"),
    S("tomislav.peric", "Tomislav Perić", Role.STAFF,
      "Warehouse Lead Zagreb", "WH", "uwe.schroeder", "hr", "ZAG"),
    S("doyun.kang", "강도윤", Role.STAFF,
      "Warehouse Lead Seoul", "WH", "uwe.schroeder", "ko", "SEL"),
    S("mehmet.yilmaz", "Mehmet Yılmaz", Role.EMPLOYEE,
      "Warehouse Operative", "WH", "dennis.kuehn", "de", "HAM", on_slack=False),
    S("sven.lorenz", "Sven Lorenz", Role.EMPLOYEE,
      "Warehouse Operative", "WH", "dennis.kuehn", "de", "HAM", on_slack=False),
    S("krzysztof.dabrowski", "Krzysztof Dąbrowski", Role.EMPLOYEE,
      "Warehouse Operative", "WH", "grzegorz.mazur", "pl", "WAW", on_slack=False),
    S("josip.knezevic", "Josip Knežević", Role.EMPLOYEE,
      "Warehouse Operative", "WH", "tomislav.peric", "hr", "ZAG", on_slack=False),
)
# fmt: on
del S

# Account managers by customer region; the first of each list also looks after the region's largest accounts.
ACCOUNT_MANAGERS = {
    "DACH": ("lena.schaefer", "maximilian.gross"),
    "Rest of EU": ("emily.carter",),
    "Poland": ("pawel.kowalczyk", "malgorzata.zielinska"),
    "Adriatic": ("marko.kovacevic", "petra.babic"),
    "Korea": ("seoyeon.lee", "jihoon.park"),
}
WAREHOUSE_LEADS = {
    "HAM": "dennis.kuehn",
    "WAW": "grzegorz.mazur",
    "ZAG": "tomislav.peric",
    "SEL": "doyun.kang",
}
BUYERS = {"DE": "henrik.vogel", "PL": "bartosz.gorski", "KR": "haeun.jung"}
DEFAULT_BUYER = "bartosz.gorski"
HR_MANAGER = "monika.lukasiewicz"

# Days per year by the office's country: annual leave (statutory or company policy), then paid sick days.
LEAVE_ENTITLEMENT = {"DE": (30, 30), "PL": (26, 33), "HR": (24, 42), "KR": (20, 10)}

LEAVE_REASONS: dict[str, dict[str, tuple[str, ...]]] = {
    "annual": {
        "de": ("Familienurlaub", "Sommerurlaub", "Brückentag"),
        "pl": ("Urlop wypoczynkowy", "Wyjazd rodzinny"),
        "hr": ("Godišnji odmor", "Obiteljski put"),
        "ko": ("여름 휴가", "가족 여행", "개인 사유"),
        "en": ("Holiday", "Family visit"),
    },
    "sick": {
        "de": ("Grippe",),
        "pl": ("Zwolnienie lekarskie",),
        "hr": ("Bolovanje",),
        "ko": ("병가",),
        "en": ("Sick leave",),
    },
    "unpaid": {
        "de": ("Umzug",),
        "pl": ("Sprawy prywatne",),
        "hr": ("Selidba",),
        "ko": ("개인 사정",),
        "en": ("Moving house",),
    },
    "other": {
        "de": ("Hochzeit",),
        "pl": ("Ślub",),
        "hr": ("Vjenčanje",),
        "ko": ("결혼",),
        "en": ("Wedding",),
    },
}

ADJUSTMENT_REASONS = {
    "HAM": ("Inventurdifferenz", "Transportschaden"),
    "WAW": ("Różnica inwentaryzacyjna", "Uszkodzenie w magazynie"),
    "ZAG": ("Inventurna razlika", "Oštećenje pri rukovanju"),
    "SEL": ("재고 실사 차이", "파손"),
}

CUSTOMER_NOTES: dict[str, tuple[str, ...]] = {
    "de": (
        "Anlieferung nur Mo–Fr 8–16 Uhr.",
        "Rechnung bitte per E-Mail an die Buchhaltung.",
        "Lieferung an die Rampe, Hof hinten links.",
    ),
    "pl": ("Dostawa tylko w dni robocze do 15:00.", "Faktury wyłącznie w formie elektronicznej."),
    "hr": ("Dostava samo radnim danom.", "Račune slati na e-mail računovodstva."),
    "ko": ("평일 오전 배송 요청.", "세금계산서는 이메일로 발행."),
    "en": ("Deliveries to the loading dock only.", "Purchase order number required on every invoice."),
}

# The reasons tau2-bench retail accepts, so exported orders stay valid there.
CANCEL_REASONS = ("no longer needed", "ordered by mistake")
