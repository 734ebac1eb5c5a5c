"""Where the demo company's customers are: countries, regions, cities with postcodes, carriers, VAT rates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class CountrySpec:
    code: str
    region: str
    faker_locale: str | None  # None: names and streets come from our own lists (Korean)
    customer_locale: str  # the language the assistant uses with this customer
    customers: int
    warehouse: str  # the warehouse that normally serves it
    company_words: tuple[str, ...]
    legal_forms: tuple[str, ...]
    role_mailboxes: tuple[str, ...]
    carriers: tuple[str, ...]


# fmt: off
COUNTRIES = (
    CountrySpec("DE", "DACH", "de_DE", "de", 72, "HAM",
                ("Bürotechnik", "Büroausstattung", "Logistik", "Handel", "Objekteinrichtung",
                 "Versandhandel", "Steuerberatung", "Architekten", "IT-Service", "Druckerei",
                 "Maschinenbau", "Immobilien"),
                ("GmbH", "GmbH", "GmbH & Co. KG", "AG", "KG", "e.K."),
                ("einkauf", "bestellung", "info", "buero"), ("DHL", "DPD", "DB Schenker")),
    CountrySpec("AT", "DACH", "de_AT", "de", 14, "HAM",
                ("Bürotechnik", "Handel", "Logistik", "Baumeister", "Treuhand"), ("GmbH", "KG", "OG"),
                ("einkauf", "office"), ("DHL", "DPD")),
    CountrySpec("CH", "DACH", "de_CH", "de", 9, "HAM",
                ("Treuhand", "Bürotechnik", "Logistik", "Informatik"), ("AG", "GmbH"), ("einkauf", "info"),
                ("DHL", "DPD")),
    CountrySpec("PL", "Poland", "pl_PL", "pl", 70, "WAW",
                ("Biuro Serwis", "Logistyka", "Handel", "Meble Biurowe", "Systemy IT", "Budownictwo",
                 "Doradztwo", "Drukarnia", "Transport"),
                ("Sp. z o.o.", "Sp. z o.o.", "S.A.", "Sp.j.", "Sp.k."), ("zakupy", "biuro", "zamowienia"),
                ("InPost", "DPD Polska", "Raben")),
    CountrySpec("HR", "Adriatic", "hr_HR", "hr", 48, "ZAG",
                ("Ured", "Trgovina", "Logistika", "Informatika", "Gradnja", "Savjetovanje", "Tiskara",
                 "Prijevoz"),
                ("d.o.o.", "d.o.o.", "j.d.o.o.", "d.d."), ("nabava", "ured", "info"),
                ("Hrvatska pošta", "GLS", "Overseas Express")),
    CountrySpec("SI", "Adriatic", "sl_SI", "en", 12, "ZAG",
                ("Trgovina", "Logistika", "Inženiring", "Svetovanje"), ("d.o.o.", "s.p."), ("nabava", "info"),
                ("GLS", "Pošta Slovenije")),
    CountrySpec("KR", "Korea", None, "ko", 40, "SEL", (), (), ("purchase", "order", "admin"),
                ("CJ대한통운", "한진택배", "롯데택배")),
    CountrySpec("NL", "Rest of EU", "nl_NL", "en", 10, "HAM",
                ("Kantoorinrichting", "Logistiek", "Handel", "ICT"), ("B.V.", "N.V."), ("inkoop", "info"),
                ("DHL Express", "UPS", "DB Schenker")),
    CountrySpec("CZ", "Rest of EU", "cs_CZ", "en", 9, "WAW",
                ("Kancelářské potřeby", "Logistika", "Obchod", "Stavby"), ("s.r.o.", "a.s."),
                ("nakup", "info"), ("DHL Express", "DPD", "Raben")),
    CountrySpec("IT", "Rest of EU", "it_IT", "en", 8, "HAM",
                ("Forniture Ufficio", "Logistica", "Commerciale", "Informatica"), ("S.r.l.", "S.p.A."),
                ("acquisti", "info"), ("DHL Express", "UPS", "DB Schenker")),
    CountrySpec("FR", "Rest of EU", "fr_FR", "en", 8, "HAM",
                ("Bureautique", "Logistique", "Distribution", "Informatique"), ("SARL", "SAS", "SA"),
                ("achats", "contact"), ("DHL Express", "UPS", "DB Schenker")),
)
# fmt: on
COUNTRY_BY_CODE = {country.code: country for country in COUNTRIES}

# Each office charges its own VAT; other EU business buyers self-assess it (reverse charge).
VAT_RATES = {"DE": Decimal("0.19"), "PL": Decimal("0.23"), "HR": Decimal("0.25"), "KR": Decimal("0.10")}


@dataclass(frozen=True, slots=True)
class CitySpec:
    name: str
    state: str
    postcodes: str  # a pattern where `#` is a random digit, or `|`-separated codes to choose from
    weight: int


C = CitySpec
# fmt: off
CITIES: dict[str, tuple[CitySpec, ...]] = {
    "DE": (C("Hamburg", "", "22###", 9), C("Berlin", "", "10###", 10), C("München", "", "80###", 8),
           C("Köln", "", "50###", 6), C("Frankfurt am Main", "", "60###", 6), C("Stuttgart", "", "70###", 5),
           C("Düsseldorf", "", "40###", 5), C("Leipzig", "", "04###", 3), C("Dresden", "", "01###", 3),
           C("Hannover", "", "30###", 3), C("Nürnberg", "", "90###", 3), C("Bremen", "", "28###", 3),
           C("Lübeck", "", "235##", 2), C("Münster", "", "48###", 2), C("Kiel", "", "241##", 2)),
    "AT": (C("Wien", "", "1###", 6), C("Graz", "", "80##", 2), C("Linz", "", "40##", 2),
           C("Salzburg", "", "50##", 2), C("Innsbruck", "", "60##", 1)),
    "CH": (C("Zürich", "", "80##", 4), C("Basel", "", "40##", 2), C("Bern", "", "30##", 2),
           C("St. Gallen", "", "90##", 1)),
    "PL": (C("Warszawa", "mazowieckie", "0#-###", 10), C("Łódź", "łódzkie", "9#-###", 6),
           C("Kraków", "małopolskie", "3#-###", 6), C("Wrocław", "dolnośląskie", "5#-###", 5),
           C("Poznań", "wielkopolskie", "6#-###", 5), C("Gdańsk", "pomorskie", "80-###", 4),
           C("Katowice", "śląskie", "40-###", 4), C("Szczecin", "zachodniopomorskie", "70-###", 2),
           C("Lublin", "lubelskie", "20-###", 2), C("Białystok", "podlaskie", "15-###", 2),
           C("Rzeszów", "podkarpackie", "35-###", 2), C("Bydgoszcz", "kujawsko-pomorskie", "85-###", 2)),
    "HR": (C("Zagreb", "Grad Zagreb", "10000|10010|10020|10040|10090|10110", 12),
           C("Split", "Splitsko-dalmatinska", "21000", 5), C("Rijeka", "Primorsko-goranska", "51000", 4),
           C("Osijek", "Osječko-baranjska", "31000", 3), C("Zadar", "Zadarska", "23000", 2),
           C("Pula", "Istarska", "52100", 2), C("Varaždin", "Varaždinska", "42000", 2),
           C("Šibenik", "Šibensko-kninska", "22000", 1), C("Čakovec", "Međimurska", "40000", 1),
           C("Velika Gorica", "Zagrebačka", "10410", 2), C("Đakovo", "Osječko-baranjska", "31400", 1),
           C("Dubrovnik", "Dubrovačko-neretvanska", "20000", 1)),
    "SI": (C("Ljubljana", "", "1000", 6), C("Maribor", "", "2000", 3), C("Celje", "", "3000", 2),
           C("Koper", "", "6000", 1), C("Kranj", "", "4000", 1)),
    "KR": (C("강남구", "서울특별시", "06###", 8), C("서초구", "서울특별시", "06###", 4),
           C("마포구", "서울특별시", "04###", 3), C("영등포구", "서울특별시", "07###", 4),
           C("송파구", "서울특별시", "05###", 3), C("성남시 분당구", "경기도", "13###", 4),
           C("수원시 영통구", "경기도", "16###", 2), C("연수구", "인천광역시", "21###", 2),
           C("해운대구", "부산광역시", "48###", 3), C("수성구", "대구광역시", "42###", 1),
           C("유성구", "대전광역시", "34###", 2)),
    "NL": (C("Amsterdam", "", "10## AB|10## KL|10## SX", 4), C("Rotterdam", "", "30## BC", 3),
           C("Utrecht", "", "35## HG", 2), C("Eindhoven", "", "56## AA", 1)),
    "CZ": (C("Praha", "", "1## ##", 5), C("Brno", "", "6## ##", 3), C("Ostrava", "", "7## ##", 1),
           C("Plzeň", "", "3## ##", 1)),
    "IT": (C("Milano", "MI", "201##", 4), C("Torino", "TO", "101##", 2), C("Bologna", "BO", "401##", 2),
           C("Verona", "VR", "371##", 1)),
    "FR": (C("Paris", "", "750##", 4), C("Lyon", "", "6900#", 2), C("Lille", "", "590##", 1),
           C("Strasbourg", "", "670##", 2)),
}
# fmt: on
del C

# fmt: off
KOREAN_ROADS = ("테헤란로", "강남대로", "세종대로", "올림픽로", "판교역로", "월드컵북로", "해운대로",
                "동대구로", "대학로", "센텀중앙로", "여의대로", "광교중앙로")

# (Hangul, romanisation) pairs: Korean names are built from these so their e-mail addresses can be spelled.
KOREAN_SURNAMES = (("김", "kim"), ("이", "lee"), ("박", "park"), ("최", "choi"), ("정", "jung"),
                   ("강", "kang"), ("조", "cho"), ("윤", "yoon"), ("장", "jang"), ("임", "lim"),
                   ("한", "han"), ("오", "oh"), ("서", "seo"), ("신", "shin"), ("권", "kwon"),
                   ("황", "hwang"), ("안", "ahn"), ("송", "song"))
KOREAN_GIVEN_NAMES = (("민준", "minjun"), ("서연", "seoyeon"), ("지훈", "jihoon"), ("수빈", "subin"),
                      ("현우", "hyunwoo"), ("지민", "jimin"), ("예은", "yeeun"), ("도윤", "doyun"),
                      ("하은", "haeun"), ("준서", "junseo"), ("지우", "jiwoo"), ("서준", "seojun"),
                      ("유진", "yujin"), ("성민", "sungmin"), ("은지", "eunji"), ("태현", "taehyun"),
                      ("혜진", "hyejin"), ("동현", "donghyun"))
KOREAN_COMPANY_STEMS = (("한빛", "hanbit"), ("대한", "daehan"), ("미래", "mirae"), ("태양", "taeyang"),
                        ("동양", "dongyang"), ("세종", "sejong"), ("한강", "hangang"), ("아름", "areum"),
                        ("푸른", "pureun"), ("새한", "saehan"), ("누리", "nuri"), ("청운", "cheongun"),
                        ("하늘", "haneul"), ("다온", "daon"), ("가온", "gaon"), ("으뜸", "eutteum"))
KOREAN_COMPANY_TRADES = (("오피스", "office"), ("상사", "trading"), ("산업", "industry"), ("테크", "tech"),
                         ("물산", "mulsan"), ("솔루션", "solutions"), ("시스템", "systems"),
                         ("유통", "logistics"))
# fmt: on

# Tracking number shapes per carrier: `#` a digit, `@` a capital letter.
TRACKING_FORMATS = {
    "DHL": "00340434########",
    "DPD": "0###########46",
    "DB Schenker": "DE#########",
    "InPost": "6########1",
    "DPD Polska": "0000###########U",
    "Raben": "PL##########",
    "Hrvatska pošta": "RR#########HR",
    "GLS": "###########",
    "Overseas Express": "OE########",
    "Pošta Slovenije": "PS#########SI",
    "CJ대한통운": "6###########",
    "한진택배": "5###########",
    "롯데택배": "2###########",
    "DHL Express": "##########",
    "UPS": "1Z@@@#############",
}

# Days in transit from a warehouse to a customer in the same country, and across a border.
DOMESTIC_TRANSIT_DAYS = (1, 3)
CROSS_BORDER_TRANSIT_DAYS = (2, 6)
INTERCONTINENTAL_TRANSIT_DAYS = (4, 9)  # air freight between Hamburg and Seoul
