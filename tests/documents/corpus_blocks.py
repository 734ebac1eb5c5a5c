"""The neutral shape of a generated document (headings, paragraphs, label/value pairs, tables) and the parties,
people and goods it names. Renderers turn a Body into PDF, DOCX, text, Markdown or a scan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tests.documents.corpus_values import make_iban, make_vat_id


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Pairs:
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Pairs | Table


@dataclass
class Body:
    language: str
    blocks: list[Block]
    fields: dict[str, Any] = field(default_factory=dict)

    def plain_lines(self) -> list[str]:
        """The document as lines of text (used for txt files and scans)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                lines += ["", block.text.upper() if block.text.isascii() else block.text, ""]
            elif isinstance(block, Paragraph):
                lines += [*block.text.split("\n"), ""]
            elif isinstance(block, Pairs):
                width = max(len(label) for label, _ in block.rows) + 2
                lines += [f"{label + ':':<{width}} {value}" for label, value in block.rows]
                lines.append("")
            else:
                lines += table_lines(block)
                lines.append("")
        while lines and not lines[0]:
            lines.pop(0)
        return lines


def table_lines(table: Table) -> list[str]:
    widths = [
        max(len(row[column]) for row in (table.header, *table.rows)) for column in range(len(table.header))
    ]
    return ["   ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in (table.header, *table.rows)]  # fmt: skip


# --- who and what the documents name ------------------------------------------------------------------------

COUNTRY = {"en": "GB", "de": "DE", "pl": "PL", "hr": "HR", "ko": "KR"}

COMPANIES = {
    "en": (
        ("Northwind Supplies Ltd", "14 Mill Road, Leeds LS1 4AB"),
        ("Harbour Lane Trading Ltd", "7 Quay Street, Bristol BS1 4DJ"),
        ("Bluefield Office Products Ltd", "250 Deansgate, Manchester M3 4EN"),
        ("Crescent Foods Ltd", "31 King Street, Glasgow G1 5RB"),
        ("Maple & Stone Hardware Ltd", "9 Albion Place, Norwich NR1 3JD"),
        ("Silverline Logistics Ltd", "88 Wharf Road, London N1 7GR"),
    ),
    "de": (
        ("Müller Bürotechnik GmbH", "Hauptstraße 12, 20095 Hamburg"),
        ("Schneider & Söhne KG", "Lindenallee 5, 50667 Köln"),
        ("Nordlicht Logistik GmbH", "Am Sandtorkai 40, 20457 Hamburg"),
        ("Bergmann Metallbau AG", "Industriestraße 88, 70565 Stuttgart"),
        ("Weber Feinkost GmbH", "Marktplatz 3, 80331 München"),
        ("Hansa Druckerei GmbH", "Bahnhofstraße 21, 28195 Bremen"),
    ),
    "pl": (
        ("Kowalski i Wspólnicy Sp. z o.o.", "ul. Marszałkowska 84, 00-514 Warszawa"),
        ("Hurtownia Wisła S.A.", "ul. Długa 17, 31-147 Kraków"),
        ("Biuro Plus Sp. z o.o.", "ul. Piotrkowska 120, 90-006 Łódź"),
        ("Zielona Dolina Sp. j.", "ul. Ogrodowa 5, 61-821 Poznań"),
        ("Mazowiecka Drukarnia Sp. z o.o.", "al. Jerozolimskie 65, 00-697 Warszawa"),
        ("Bałtyk Logistyka Sp. z o.o.", "ul. Portowa 9, 81-350 Gdynia"),
    ),
    "hr": (
        ("Jadran Trgovina d.o.o.", "Ilica 45, 10000 Zagreb"),
        ("Kvarner Logistika d.o.o.", "Riva 12, 51000 Rijeka"),
        ("Slavonija Agro d.d.", "Trg slobode 8, 31000 Osijek"),
        ("Uredska Oprema Horvat d.o.o.", "Vukovarska 58, 21000 Split"),
        ("Dalmacija Pekarna d.o.o.", "Obala kneza Branimira 4, 23000 Zadar"),
        ("Zagorje Tisak d.o.o.", "Ulica grada Vukovara 269, 10000 Zagreb"),
    ),
    "ko": (
        ("한빛상사 주식회사", "서울특별시 강남구 테헤란로 152"),
        ("대한물류 주식회사", "부산광역시 해운대구 센텀중앙로 79"),
        ("서울오피스 주식회사", "서울특별시 중구 세종대로 110"),
        ("미래전자 주식회사", "경기도 성남시 분당구 판교로 235"),
        ("푸른식품 주식회사", "대구광역시 수성구 달구벌대로 2450"),
        ("동해인쇄 주식회사", "인천광역시 연수구 컨벤시아대로 165"),
    ),
}

PEOPLE = {
    "en": ("Emily Carter", "James Whitfield", "Olivia Bennett", "Daniel Hughes", "Sophie Turner"),
    "de": ("Katrin Hoffmann", "Jonas Becker", "Lena Schäfer", "Tobias Wagner", "Miriam Krause"),
    "pl": ("Agnieszka Nowak", "Piotr Wiśniewski", "Magdalena Zielińska", "Tomasz Lewandowski", "Anna Wójcik"),
    "hr": ("Ivana Kovačević", "Marko Babić", "Petra Jurić", "Luka Horvat", "Ana Marić"),
    "ko": ("김민준", "이서연", "박지훈", "최유진", "정하늘"),
}

GOODS = {
    "en": ("A4 copy paper, 500 sheets", "Toner cartridge TN-2420", "Office chair ErgoPro", "USB-C docking station",
           "Desk lamp LED", "Lever arch file"),
    "de": ("Kopierpapier A4, 500 Blatt", "Tonerkartusche TN-2420", "Bürostuhl ErgoPro", "USB-C Dockingstation",
           "Schreibtischlampe LED", "Aktenordner breit"),
    "pl": ("Papier ksero A4, 500 arkuszy", "Toner TN-2420", "Krzesło biurowe ErgoPro", "Stacja dokująca USB-C",
           "Lampa biurkowa LED", "Segregator A4"),
    "hr": ("Papir za kopiranje A4, 500 listova", "Toner TN-2420", "Uredska stolica ErgoPro",
           "USB-C priključna stanica", "Stolna LED svjetiljka", "Registrator A4"),
    "ko": ("A4 복사용지 500매", "토너 카트리지 TN-2420", "사무용 의자 에르고프로", "USB-C 도킹 스테이션",
           "LED 스탠드", "A4 바인더"),
}  # fmt: skip

# Unit prices in the document's currency (won prices are whole thousands).
PRICES = (
    Decimal("24.90"),
    Decimal("89.00"),
    Decimal("249.00"),
    Decimal("129.50"),
    Decimal("39.99"),
    Decimal("4.75"),
)
PRICES_KRW = (Decimal("25000"), Decimal("98000"), Decimal("320000"), Decimal("150000"), Decimal("45000"),
              Decimal("6000"))  # fmt: skip


@dataclass(frozen=True)
class Party:
    name: str
    address: str
    vat_id: str
    iban: str | None
    email: str


def pick_parties(rng: random.Random, language: str, count: int = 2) -> list[Party]:
    country = COUNTRY[language]
    chosen = rng.sample(COMPANIES[language], count)
    parties = []
    for name, address in chosen:
        domain = "".join(
            character for character in name.split()[0].lower() if character.isascii() and character.isalnum()
        )
        parties.append(
            Party(
                name=name,
                address=address,
                vat_id=make_vat_id(rng, country),
                iban=None if country == "KR" else make_iban(rng, country),
                email=f"office@{domain or 'firma'}.example",
            )
        )
    return parties


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


def pick_lines(rng: random.Random, language: str, currency: str, count: int) -> list[Line]:
    indexes = rng.sample(range(len(GOODS[language])), count)
    prices = PRICES_KRW if currency == "KRW" else PRICES
    return [
        Line(GOODS[language][index], Decimal(rng.choice((1, 2, 3, 5, 10, 12, 25))), prices[index])
        for index in indexes
    ]
