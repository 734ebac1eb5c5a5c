"""The demo company's customers: mostly businesses, each with an address in its country and ways to pay."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from assistant.datasets.demo_model import (
    CustomerInfo,
    DemoContext,
    EmployeeInfo,
    Row,
    ascii_slug,
    at,
    fill_pattern,
)
from assistant.datasets.demo_places import (
    CITIES,
    COUNTRIES,
    KOREAN_COMPANY_STEMS,
    KOREAN_COMPANY_TRADES,
    KOREAN_GIVEN_NAMES,
    KOREAN_ROADS,
    KOREAN_SURNAMES,
    CountrySpec,
)
from assistant.datasets.demo_roster import ACCOUNT_MANAGERS, CUSTOMER_NOTES
from assistant.db.models import Customer, CustomerAddress, PaymentMethod, PaymentMethodKind
from assistant.db.types import to_money

_KOREAN_AREA_CODES = {
    "서울특별시": "02",
    "경기도": "031",
    "인천광역시": "032",
    "부산광역시": "051",
    "대구광역시": "053",
    "대전광역시": "042",
}


@dataclass(slots=True)
class _Draft:
    """A customer before ids are handed out in order of acquisition."""

    country: CountrySpec
    acquired_on: date
    weight: float
    row: Row
    addresses: list[Row]
    methods: list[tuple[PaymentMethodKind, Row]]


def build_customers(ctx: DemoContext, staff: dict[str, EmployeeInfo]) -> list[CustomerInfo]:
    rng = ctx.rng("customers")
    emails: set[str] = set()
    method_codes: set[str] = set()
    korean_companies = list(itertools.product(KOREAN_COMPANY_STEMS, KOREAN_COMPANY_TRADES))
    rng.shuffle(korean_companies)
    drafts = [
        _draft(ctx, rng, country, emails, method_codes, korean_companies)
        for country in COUNTRIES
        for _ in range(country.customers)
    ]
    drafts.sort(key=lambda draft: (draft.acquired_on, draft.row["email"]))

    customers: list[CustomerInfo] = []
    customer_rows: list[Row] = []
    address_rows: list[Row] = []
    method_rows: list[Row] = []
    for customer_id, draft in enumerate(drafts, start=1):
        managers = ACCOUNT_MANAGERS[draft.country.region]
        salesperson = staff[managers[0] if draft.weight > 6 else rng.choice(managers)]
        draft.row.update(id=customer_id, code=f"C-{customer_id:05d}", salesperson_id=salesperson.id)
        customer_rows.append(draft.row)
        for address in draft.addresses:
            address_rows.append({**address, "id": len(address_rows) + 1, "customer_id": customer_id})
        methods: list[tuple[int, PaymentMethodKind]] = []
        for position, (kind, method) in enumerate(draft.methods):
            method_id = len(method_rows) + 1
            method_rows.append({**method, "id": method_id, "customer_id": customer_id, "position": position})
            methods.append((method_id, kind))
        customers.append(
            CustomerInfo(
                id=customer_id,
                code=draft.row["code"],
                name=draft.row["name"],
                country=draft.country.code,
                region=draft.country.region,
                warehouse_code=draft.country.warehouse,
                payment_terms_days=draft.row["payment_terms_days"],
                weight=draft.weight,
                acquired_on=draft.acquired_on,
                salesperson_id=salesperson.id,
                addresses=[_ship_to(draft.row["name"], row) for row in draft.addresses],
                payment_methods=methods,
                row=draft.row,
            )
        )
    ctx.add(Customer, customer_rows)
    ctx.add(CustomerAddress, address_rows)
    ctx.add(PaymentMethod, method_rows)
    return customers


def _draft(
    ctx: DemoContext,
    rng: random.Random,
    country: CountrySpec,
    emails: set[str],
    method_codes: set[str],
    korean_companies: list[tuple[tuple[str, str], tuple[str, str]]],
) -> _Draft:
    is_company = rng.random() < 0.9
    fake = ctx.faker(country.faker_locale) if country.faker_locale else None
    first, last, first_ascii, last_ascii = _person(rng, fake)
    if is_company and fake is None:
        (stem, stem_roman), (trade, trade_roman) = korean_companies.pop()
        company = f"(주){stem}{trade}" if rng.random() < 0.6 else f"{stem}{trade} 주식회사"
        domain = f"{stem_roman}-{trade_roman}.example"
    elif is_company:
        trading_name = f"{last} {rng.choice(country.company_words)}"
        company = f"{trading_name} {rng.choice(country.legal_forms)}"
        domain = f"{ascii_slug(trading_name, umlauts=country.customer_locale == 'de')}.example"
    else:
        company = None
        domain = "post.example"
    person_mailbox = f"{first_ascii}.{last_ascii}"
    local = rng.choice(country.role_mailboxes) if is_company and rng.random() < 0.45 else person_mailbox
    email = _unique(f"{local}@{domain}", emails, rng)

    weight = min(40.0, rng.paretovariate(1.3)) * (1.0 if is_company else 0.3)
    if is_company:
        terms = rng.choices(
            (0, 14, 30, 60), weights=(10, 5, 50, 35) if country.code == "KR" else (18, 22, 45, 15)
        )[0]
        credit_limit = to_money(rng.choice((5000, 10000, 15000, 25000, 50000)) * (1 + int(weight > 5) * 2))
    else:
        terms, credit_limit = 0, to_money(0)
    acquired_on = (
        ctx.start - timedelta(days=rng.randint(30, 3000))
        if rng.random() < 0.7
        else ctx.start + timedelta(days=rng.randint(0, 600))
    )
    addresses = [_address(rng, fake, country, "default", is_default=True)]
    if is_company and rng.random() < 0.12:
        addresses.append(_address(rng, fake, country, "branch", is_default=False))
    row: Row = {
        "name": company or (f"{last}{first}" if fake is None else f"{first} {last}"),
        "first_name": first,
        "last_name": last,
        "company_name": company,
        "email": email,
        "phone": _phone(rng, fake, addresses[0]["state"]),
        "locale": country.customer_locale,
        "region": country.region,
        "credit_limit": credit_limit,
        "credit_hold": False,
        "payment_terms_days": terms,
        "currency": "EUR",
        "notes": rng.choice(CUSTOMER_NOTES[country.customer_locale]) if rng.random() < 0.08 else None,
        "created_at": at(acquired_on, 10, rng.randint(0, 59)),
    }
    return _Draft(country, acquired_on, weight, row, addresses, _payment_methods(rng, terms, method_codes))


def _person(rng: random.Random, fake: Any) -> tuple[str, str, str, str]:
    """First and last name, and their spellings for an e-mail address."""
    if fake is None:
        (last, last_roman), (first, first_roman) = rng.choice(KOREAN_SURNAMES), rng.choice(KOREAN_GIVEN_NAMES)
        return first, last, first_roman, last_roman
    first, last = str(fake.first_name()), str(fake.last_name())
    return first, last, ascii_slug(first, separator=""), ascii_slug(last, separator="")


def _unique(email: str, taken: set[str], rng: random.Random) -> str:
    candidate = email
    while candidate in taken:
        local, domain = email.split("@")
        candidate = f"{local}{rng.randint(2, 99)}@{domain}"
    taken.add(candidate)
    return candidate


def _phone(rng: random.Random, fake: Any, state: str) -> str:
    if fake is None:
        area = _KOREAN_AREA_CODES[state].removeprefix("0")
        return f"+82 {area}-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"
    return str(fake.phone_number())


def _address(rng: random.Random, fake: Any, country: CountrySpec, label: str, *, is_default: bool) -> Row:
    cities = CITIES[country.code]
    city = rng.choices(cities, weights=[city.weight for city in cities])[0]
    if fake is None:
        line1 = f"{rng.choice(KOREAN_ROADS)} {rng.randint(1, 600)}"
        line2 = f"{rng.randint(2, 20)}층" if rng.random() < 0.4 else ""
    else:
        line1, line2 = str(fake.street_address()), ""
    return {
        "label": label,
        "is_default": is_default,
        "line1": line1,
        "line2": line2,
        "city": city.name,
        "state": city.state,
        "postal_code": fill_pattern(rng, city.postcodes),
        "country": country.code,
    }


def _ship_to(name: str, address: Row) -> Row:
    return {
        "ship_to_name": name,
        "ship_to_line1": address["line1"],
        "ship_to_line2": address["line2"],
        "ship_to_city": address["city"],
        "ship_to_state": address["state"],
        "ship_to_postal_code": address["postal_code"],
        "ship_to_country": address["country"],
    }


def _payment_methods(rng: random.Random, terms: int, codes: set[str]) -> list[tuple[PaymentMethodKind, Row]]:
    """Customers on terms pay invoices by bank transfer; the others prepay, mostly by card."""
    kinds: list[PaymentMethodKind] = []
    if terms:
        kinds.append(PaymentMethodKind.BANK_TRANSFER)
        if rng.random() < 0.35:
            kinds.append(PaymentMethodKind.CREDIT_CARD)
    else:
        kinds.append(
            PaymentMethodKind.CREDIT_CARD if rng.random() < 0.75 else PaymentMethodKind.BANK_TRANSFER
        )
        if rng.random() < 0.15:
            kinds.append(PaymentMethodKind.GIFT_CARD)
    methods: list[tuple[PaymentMethodKind, Row]] = []
    for kind in kinds:
        code = f"{kind.value}_{rng.randint(1_000_000, 9_999_999)}"
        while code in codes:
            code = f"{kind.value}_{rng.randint(1_000_000, 9_999_999)}"
        codes.add(code)
        card = kind is PaymentMethodKind.CREDIT_CARD
        methods.append(
            (
                kind,
                {
                    "code": code,
                    "kind": kind,
                    "brand": rng.choices(("visa", "mastercard", "amex"), weights=(50, 40, 10))[0]
                    if card
                    else None,
                    "last_four": f"{rng.randint(0, 9999):04d}" if card else None,
                    "balance": to_money(Decimal(rng.randint(2_000, 50_000)) / 100)
                    if kind is PaymentMethodKind.GIFT_CARD
                    else None,
                    "is_active": True,
                },
            )
        )
    return methods
