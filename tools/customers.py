"""Customers: find them by what people type; one customer's account (addresses, payment, credit, open items).

Credit limits, payment terms and invoices are financial data: only finance, managers and admins see them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from assistant.db.models import (
    Customer,
    Invoice,
    InvoiceDirection,
    OrderStatus,
    PaymentMethodKind,
    SalesOrder,
)
from assistant.permissions import can_see_financials
from tools.base import (
    ALL_ROLES,
    BACK_OFFICE_ROLES,
    NotFoundError,
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    read_tool,
)
from tools.finance import OPEN_INVOICE_STATUSES, InvoiceView, invoice_view
from tools.lookup import best_matches, fold, suggestions

# Orders the customer is still waiting for: placed but not shipped (nor cancelled).
OPEN_ORDER_STATUSES = (OrderStatus.PENDING, OrderStatus.PENDING_ITEMS_MODIFIED, OrderStatus.PROCESSED)
FINANCIALS_HIDDEN = "Credit limit, payment terms and invoices are shown to finance, managers and admins only."

# German spellings without umlauts ('Mueller' for 'Müller'); `fold` alone turns 'ü' into 'u'.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _spellings(text: str) -> list[str]:
    alternative = text.translate(_UMLAUTS)
    return [text] if alternative == text else [text, alternative]


def search_customers(
    session: Session, query: str, *, country: str | None = None, limit: int = 10
) -> list[Customer]:
    """Customers by exact email or code, else by name, company, email, city or postcode (accents, Hangul and
    typos forgiven; 'Mueller' and 'Müller' find each other)."""
    text = query.strip()
    base = select(Customer).options(selectinload(Customer.addresses))
    exact = session.scalars(
        base.where((func.lower(Customer.email) == text.lower()) | (func.lower(Customer.code) == text.lower()))
    ).all()
    candidates: Sequence[Customer] = exact or session.scalars(base).all()
    if country:
        candidates = [
            customer
            for customer in candidates
            if customer.default_address and fold(customer.default_address.country) == fold(country)
        ]
    if exact:
        return list(candidates)[:limit]
    choices: dict[int, str] = {}
    for customer in candidates:
        parts = [customer.name, customer.company_name, customer.email]
        address = customer.default_address
        if address is not None:
            parts += [address.city, address.postal_code]
        joined = " ".join(part for part in parts if part)
        choices[customer.id] = " ".join(_spellings(joined))
    ids: list[int] = []
    for spelling in _spellings(text):
        ids += [key for key in best_matches(spelling, choices, limit=limit) if key not in ids]
    by_id = {customer.id: customer for customer in candidates}
    return [by_id[customer_id] for customer_id in ids[:limit]]


def _near_names(session: Session, query: str) -> list[str]:
    names = session.scalars(select(Customer.name)).all()
    return suggestions(query, names)


def resolve_customer(session: Session, query: str) -> Customer:
    """Exactly one customer for an email, a code or an unambiguous name; otherwise say which are close."""
    matches = search_customers(session, query, limit=5)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError("customer", query, _near_names(session, query))
    same_name = [customer for customer in matches if fold(customer.name) == fold(query)]
    if len(same_name) == 1:
        return same_name[0]
    raise NotFoundError(
        "single customer",
        query,
        [f"{customer.name} <{customer.email}> ({customer.code})" for customer in matches],
    )


# --- find_customers -----------------------------------------------------------------------------------------


class CustomerSummary(ToolResult):
    code: str
    name: str
    company: str | None
    email: str
    country: str | None
    city: str | None
    credit_hold: bool | None = Field(default=None, description="Only for back-office roles.")
    credit_limit: Decimal | None = Field(default=None, description="Only for finance, managers and admins.")
    payment_terms_days: int | None = Field(default=None, description="Only for finance, managers and admins.")


class CustomerList(ToolResult):
    customers: list[CustomerSummary]
    note: str | None = None


class FindCustomersArgs(ToolArgs):
    query: str = Field(
        description="Customer email or code (exact), or part of a name, company, city or postcode; accents, "
        "Korean (Hangul) and small typos are fine, e.g. 'muller', 'lodz', 'Durdevic', '김민준'.",
        min_length=1,
        max_length=200,
    )
    country: str | None = Field(
        default=None,
        description="Only customers whose default address is in this "
        "country (as stored, e.g. 'HR' or 'Croatia').",
        max_length=64,
    )
    limit: int = Field(default=10, ge=1, le=50, description="How many customers to return at most.")


def _summary(customer: Customer, financials: bool, back_office: bool = True) -> CustomerSummary:
    address = customer.default_address or (customer.addresses[0] if customer.addresses else None)
    return CustomerSummary(
        code=customer.code,
        name=customer.name,
        company=customer.company_name,
        email=customer.email,
        country=address.country if address else None,
        city=address.city if address else None,
        credit_hold=customer.credit_hold if back_office else None,
        credit_limit=customer.credit_limit if financials else None,
        payment_terms_days=customer.payment_terms_days if financials else None,
    )


@read_tool(
    name="find_customers",
    roles=ALL_ROLES,
    summary="Find customers by email, code, or part of a name, company or city.",
)
def find_customers(ctx: ToolContext, args: FindCustomersArgs) -> CustomerList:
    """Find customers. An exact email or customer code returns that customer; otherwise the query is matched
    against names, companies, emails, cities and postcodes, forgiving accents (muller -> Müller, lodz -> Łódź,
    Durdevic -> Đurđević), German spellings (Mueller), Hangul and typos. Returns code, name, company, email,
    country, city and whether the customer is on credit hold; credit limit and payment terms only for finance,
    managers and admins. Use get_customer_account for one customer's full account."""
    financials = can_see_financials(ctx.user)
    found = search_customers(ctx.session, args.query, country=args.country, limit=args.limit)
    if not found:
        raise NotFoundError("customer", args.query, _near_names(ctx.session, args.query))
    return CustomerList(
        customers=[_summary(customer, financials, ctx.user.role in BACK_OFFICE_ROLES) for customer in found],
        note=None if financials else FINANCIALS_HIDDEN,
    )


# --- get_customer_account -----------------------------------------------------------------------------------


class AddressEntry(ToolResult):
    label: str
    is_default: bool
    line1: str
    line2: str
    city: str
    state: str
    postal_code: str
    country: str


class PaymentMethodEntry(ToolResult):
    code: str
    kind: PaymentMethodKind
    brand: str | None
    last_four: str | None
    gift_card_balance: Decimal | None = None
    is_active: bool


class ReceivablesSection(ToolResult):
    open_invoices: list[InvoiceView]
    open_amount_due: Decimal
    overdue_count: int
    overdue_amount_due: Decimal


class CustomerAccount(CustomerSummary):
    phone: str | None
    currency: str
    addresses: list[AddressEntry]
    payment_methods: list[PaymentMethodEntry]
    open_orders_count: int
    open_orders_value: Decimal
    receivables: ReceivablesSection | None = Field(
        default=None, description="Open and overdue invoices; only for finance, managers and admins."
    )
    note: str | None = None


class GetCustomerAccountArgs(ToolArgs):
    customer: str = Field(
        description="Customer email, code, or a name identifying one customer (accents and typos forgiven).",
        min_length=1,
        max_length=200,
    )


def _open_orders(session: Session, customer: Customer) -> tuple[int, Decimal]:
    orders = session.scalars(
        select(SalesOrder)
        .options(selectinload(SalesOrder.lines))
        .where(SalesOrder.customer_id == customer.id, SalesOrder.status.in_(OPEN_ORDER_STATUSES))
    ).all()
    return len(orders), sum((order.total for order in orders), Decimal("0.00"))


def _receivables(session: Session, customer: Customer, today: date) -> ReceivablesSection:
    invoices = session.scalars(
        select(Invoice)
        .options(selectinload(Invoice.payments))
        .where(
            Invoice.customer_id == customer.id,
            Invoice.direction == InvoiceDirection.RECEIVABLE,
            Invoice.status.in_(OPEN_INVOICE_STATUSES),
        )
        .order_by(Invoice.due_date, Invoice.number)
    ).all()
    views = [invoice_view(invoice, customer.name, customer.code, today) for invoice in invoices]
    overdue = [view for view in views if view.is_overdue]
    return ReceivablesSection(
        open_invoices=views,
        open_amount_due=sum((view.amount_due for view in views), Decimal("0.00")),
        overdue_count=len(overdue),
        overdue_amount_due=sum((view.amount_due for view in overdue), Decimal("0.00")),
    )


@read_tool(
    name="get_customer_account",
    summary="One customer's account: addresses, payment methods, credit, open orders and invoices.",
    roles=BACK_OFFICE_ROLES,
)
def get_customer_account(ctx: ToolContext, args: GetCustomerAccountArgs) -> CustomerAccount:
    """Show one customer's account: contact details, addresses, payment methods (gift cards with their
    balance), credit hold, and the count and value of open (not yet shipped) orders. For finance, managers and
    admins also the credit limit, payment terms and the open receivable invoices with amounts due, marking the
    overdue ones; for others the reply says these are withheld. If the name matches several customers, the
    error lists them: ask which one, or use the email or code."""
    customer = resolve_customer(ctx.session, args.customer)
    financials = can_see_financials(ctx.user)
    count, value = _open_orders(ctx.session, customer)
    return CustomerAccount(
        **_summary(customer, financials).model_dump(),
        phone=customer.phone,
        currency=customer.currency,
        addresses=[AddressEntry.model_validate(address) for address in customer.addresses],
        payment_methods=[
            PaymentMethodEntry(
                code=method.code,
                kind=method.kind,
                brand=method.brand,
                last_four=method.last_four,
                gift_card_balance=method.balance if method.kind == PaymentMethodKind.GIFT_CARD else None,
                is_active=method.is_active,
            )
            for method in customer.payment_methods
        ],
        open_orders_count=count,
        open_orders_value=value,
        receivables=_receivables(ctx.session, customer, ctx.now().date()) if financials else None,
        note=None if financials else FINANCIALS_HIDDEN,
    )


TOOLS: list[Tool[Any, Any]] = [find_customers, get_customer_account]
