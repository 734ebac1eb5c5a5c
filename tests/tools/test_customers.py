"""Customer tools: forgiving lookups in every language we serve, and financial data only for those allowed."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from assistant.db.models import InvoicePayment, InvoiceStatus, OrderStatus, PaymentMethodKind, Role
from tests.factories import make_customer, make_invoice, make_order, make_payment_method, make_product
from tests.support import MakeContext
from tools.base import InvalidArgumentsError, NotFoundError, PermissionDeniedError, Registry
from tools.customers import CustomerAccount, CustomerList
from tools.invoke import call_tool


@pytest.fixture
def people(db_session: Session) -> None:
    make_customer(
        db_session,
        code="C-MUL",
        name="Jörg Müller",
        email="joerg@mueller.example",
        address={"line1": "Hauptstraße 1", "city": "München", "postal_code": "80331", "country": "DE"},
    )
    make_customer(
        db_session,
        code="C-MUE",
        name="Hans Mueller",
        email="hans@example.test",
        address={"line1": "Ring 2", "city": "Hamburg", "postal_code": "20095", "country": "DE"},
    )
    make_customer(
        db_session,
        code="C-LOD",
        name="Anna Kowalska",
        company_name="Meble Kowalska",
        email="anna@kowalska.example",
        address={"line1": "ul. Piotrkowska 5", "city": "Łódź", "postal_code": "90-001", "country": "PL"},
    )
    make_customer(db_session, code="C-DUR", name="Ivana Đurđević", email="ivana@example.test")
    make_customer(
        db_session,
        code="C-KIM",
        name="김민준",
        email="minjun@example.test",
        address={"line1": "Teheran-ro 1", "city": "Seoul", "postal_code": "06234", "country": "KR"},
    )


def _find(make_ctx: MakeContext, registry: Registry, query: str, role: Role = Role.STAFF) -> CustomerList:
    result = call_tool(make_ctx(role), registry, "find_customers", {"query": query})
    assert isinstance(result, CustomerList)
    return result


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("query", ["anna@KOWALSKA.example", "c-lod"])
def test_exact_email_or_code_finds_one_customer(
    make_ctx: MakeContext, registry: Registry, query: str
) -> None:
    result = _find(make_ctx, registry, query)
    assert [customer.code for customer in result.customers] == ["C-LOD"]
    assert result.customers[0].city == "Łódź"
    assert result.customers[0].country == "PL"


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("muller", {"C-MUL"}),
        ("MÜLLER", {"C-MUL", "C-MUE"}),
        ("Mueller", {"C-MUL", "C-MUE"}),
        ("lodz", {"C-LOD"}),
        ("Durdevic", {"C-DUR"}),
        ("đurđević", {"C-DUR"}),
        ("김민준", {"C-KIM"}),
        ("민준", {"C-KIM"}),
        ("Kowalsak", {"C-LOD"}),
    ],
)
def test_names_match_without_accents_in_any_script(
    make_ctx: MakeContext, registry: Registry, query: str, expected: set[str]
) -> None:
    assert {customer.code for customer in _find(make_ctx, registry, query).customers} == expected


@pytest.mark.usefixtures("people")
def test_unknown_customer_is_not_found(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="No customer found for 'Zebulon Qwxyz'"):
        _find(make_ctx, registry, "Zebulon Qwxyz")


def test_empty_query_is_invalid(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(InvalidArgumentsError, match="query"):
        call_tool(make_ctx(Role.STAFF), registry, "find_customers", {"query": "  "})


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.STAFF])
def test_credit_terms_are_hidden_from_non_financial_roles(
    make_ctx: MakeContext, registry: Registry, role: Role
) -> None:
    result = _find(make_ctx, registry, "C-DUR", role)
    customer = result.customers[0]
    assert customer.credit_limit is None
    assert customer.payment_terms_days is None
    assert customer.credit_hold is (None if role is Role.EMPLOYEE else False)  # back office sees the hold
    assert result.note is not None and "finance" in result.note


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("role", [Role.FINANCE, Role.MANAGER, Role.ADMIN])
def test_credit_terms_are_shown_to_financial_roles(
    make_ctx: MakeContext, registry: Registry, role: Role
) -> None:
    result = _find(make_ctx, registry, "C-DUR", role)
    assert result.customers[0].credit_limit == Decimal("5000.00")
    assert result.customers[0].payment_terms_days == 30
    assert result.note is None


# --- get_customer_account -----------------------------------------------------------------------------------


@pytest.fixture
def account(db_session: Session) -> str:
    customer = make_customer(
        db_session,
        code="C-ACC",
        name="Marta Łukasik",
        email="marta@example.test",
        credit_limit=Decimal("8000.00"),
        credit_hold=True,
        payment_terms_days=14,
    )
    make_payment_method(
        db_session,
        customer,
        code="gift_card_marta",
        kind=PaymentMethodKind.GIFT_CARD,
        brand=None,
        last_four=None,
        balance=Decimal("42.50"),
    )
    make_payment_method(db_session, customer, code="credit_card_marta")
    product = make_product(db_session, variants=1)
    variant = product.variants[0]  # price 10.00
    make_order(db_session, customer, [(variant, 3)], status=OrderStatus.PENDING)
    make_order(db_session, customer, [(variant, 2)], status=OrderStatus.PROCESSED)
    make_order(db_session, customer, [(variant, 9)], status=OrderStatus.DELIVERED)
    make_order(db_session, customer, [(variant, 9)], status=OrderStatus.CANCELLED)
    make_invoice(db_session, customer, Decimal("119.00"), number="INV-OVERDUE", due_date=date(2026, 10, 1))
    partly = make_invoice(
        db_session,
        customer,
        Decimal("238.00"),
        number="INV-PARTLY",
        due_date=date(2026, 11, 1),
        status=InvoiceStatus.PARTIALLY_PAID,
    )
    db_session.add(InvoicePayment(invoice_id=partly.id, paid_on=date(2026, 11, 2), amount=Decimal("100.00")))
    make_invoice(
        db_session,
        customer,
        Decimal("59.50"),
        number="INV-NOTDUE",
        issue_date=date(2026, 11, 20),
        due_date=date(2026, 12, 20),
    )
    make_invoice(db_session, customer, Decimal("10.00"), number="INV-PAID", status=InvoiceStatus.PAID)
    db_session.flush()
    return "marta@example.test"


def _account(make_ctx: MakeContext, registry: Registry, role: Role, customer: str) -> CustomerAccount:
    result = call_tool(make_ctx(role), registry, "get_customer_account", {"customer": customer})
    assert isinstance(result, CustomerAccount)
    return result


@pytest.mark.parametrize("role", [Role.FINANCE, Role.MANAGER, Role.ADMIN])
def test_account_shows_receivables_to_financial_roles(
    make_ctx: MakeContext, registry: Registry, account: str, role: Role
) -> None:
    result = _account(make_ctx, registry, role, account)
    assert result.code == "C-ACC"
    assert result.credit_limit == Decimal("8000.00")
    assert result.credit_hold is True
    assert result.payment_terms_days == 14
    assert result.receivables is not None
    invoices = {invoice.number: invoice for invoice in result.receivables.open_invoices}
    assert list(invoices) == ["INV-OVERDUE", "INV-PARTLY", "INV-NOTDUE"]  # earliest due first; paid left out
    assert invoices["INV-PARTLY"].amount_paid == Decimal("100.00")
    assert invoices["INV-PARTLY"].amount_due == Decimal("138.00")
    assert invoices["INV-OVERDUE"].days_overdue == 54
    assert invoices["INV-NOTDUE"].is_overdue is False
    assert result.receivables.open_amount_due == Decimal("316.50")
    assert result.receivables.overdue_count == 2
    assert result.receivables.overdue_amount_due == Decimal("257.00")
    assert result.note is None


def test_account_for_staff_withholds_invoices_and_says_why(
    make_ctx: MakeContext, registry: Registry, account: str
) -> None:
    result = _account(make_ctx, registry, Role.STAFF, account)
    assert result.receivables is None
    assert result.credit_limit is None
    assert result.note is not None and "finance, managers and admins" in result.note
    # Everything else of the account is there.
    assert result.credit_hold is True
    assert result.open_orders_count == 2
    assert result.open_orders_value == Decimal("50.00")
    assert [address.city for address in result.addresses] == ["Zagreb"]
    methods = {method.code: method for method in result.payment_methods}
    assert methods["gift_card_marta"].gift_card_balance == Decimal("42.50")
    assert methods["credit_card_marta"].gift_card_balance is None
    assert methods["credit_card_marta"].last_four == "4242"


def test_account_by_name_without_diacritics(make_ctx: MakeContext, registry: Registry, account: str) -> None:
    assert _account(make_ctx, registry, Role.STAFF, "marta lukasik").code == "C-ACC"


def test_account_is_not_for_plain_employees(make_ctx: MakeContext, registry: Registry, account: str) -> None:
    with pytest.raises(PermissionDeniedError, match="get_customer_account"):
        _account(make_ctx, registry, Role.EMPLOYEE, account)


@pytest.mark.usefixtures("people")
def test_ambiguous_name_lists_the_candidates(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="single customer") as raised:
        _account(make_ctx, registry, Role.STAFF, "Müller")
    assert any("C-MUL" in option for option in raised.value.suggestions)
    assert any("C-MUE" in option for option in raised.value.suggestions)


@pytest.mark.usefixtures("people")
def test_unknown_account_suggests_close_names(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="Did you mean: Anna Kowalska"):
        _account(make_ctx, registry, Role.STAFF, "Kovalsky")
    with pytest.raises(NotFoundError, match=re.escape("No customer found for 'nobody@nowhere.example'")):
        _account(make_ctx, registry, Role.STAFF, "nobody@nowhere.example")
