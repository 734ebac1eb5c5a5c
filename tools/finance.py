"""Money owed: receivable and payable invoices (paid, due, overdue) and the payments made against them.

For finance, managers and admins only: every tool checks the role and the row rule (require_financial_access).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, selectinload

from assistant.db.models import Customer, Invoice, InvoiceDirection, InvoicePayment, InvoiceStatus, Supplier
from assistant.db.types import to_money
from assistant.permissions import require_financial_access
from tools.base import (
    FINANCE_ROLES,
    RefusedError,
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    read_tool,
)
from tools.lookup import get_customer_or_raise, get_supplier_or_raise, number_filter_or_raise

OPEN_INVOICE_STATUSES = (InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID)


class InvoiceView(ToolResult):
    number: str
    direction: InvoiceDirection
    status: InvoiceStatus
    party: str = Field(description="Customer (receivable) or supplier (payable) name.")
    party_code: str
    issue_date: date
    due_date: date
    currency: str
    total: Decimal
    amount_paid: Decimal
    amount_due: Decimal
    is_overdue: bool
    days_overdue: int


def is_overdue(invoice: Invoice, today: date) -> bool:
    return invoice.status in OPEN_INVOICE_STATUSES and invoice.due_date < today


def invoice_view(invoice: Invoice, party: str, party_code: str, today: date) -> InvoiceView:
    overdue = is_overdue(invoice, today)
    return InvoiceView(
        number=invoice.number,
        direction=invoice.direction,
        status=invoice.status,
        party=party,
        party_code=party_code,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        total=invoice.total_amount,
        amount_paid=invoice.amount_paid,
        amount_due=invoice.amount_due,
        is_overdue=overdue,
        days_overdue=(today - invoice.due_date).days if overdue else 0,
    )


def _party(
    customer_name: str | None, customer_code: str | None, supplier_name: str | None, supplier_code: str | None
) -> tuple[str, str]:
    if customer_name is not None and customer_code is not None:
        return customer_name, customer_code
    return supplier_name or "", supplier_code or ""


def _invoice_numbers_or_raise(session: Session, number: str) -> ColumnElement[bool]:
    return number_filter_or_raise(session, Invoice.number, number, "invoice")


class InvoiceFilter(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    PAID = "paid"
    ALL = "all"


class FindInvoicesArgs(ToolArgs):
    number: str | None = Field(
        default=None, description="Invoice number, e.g. 'INV-2026-00042'.", max_length=64
    )
    direction: InvoiceDirection | None = Field(
        default=None,
        description="'receivable' (customers owe us) or 'payable' (we owe suppliers); both if empty.",
    )
    status: InvoiceFilter = Field(
        default=InvoiceFilter.ALL,
        description="'open' (not fully paid, overdue included), 'overdue' (open and past the due date), "
        "'paid', or 'all'.",
    )
    customer: str | None = Field(
        default=None, description="Customer email, code or name (receivables).", max_length=200
    )
    supplier: str | None = Field(
        default=None, description="Supplier code or name (payables).", max_length=200
    )
    due_from: date | None = Field(default=None, description="Only invoices due on or after this day.")
    due_to: date | None = Field(default=None, description="Only invoices due on or before this day.")
    limit: int = Field(
        default=50, ge=1, le=200, description="How many invoices to return at most (earliest due first)."
    )


class InvoiceList(ToolResult):
    invoices: list[InvoiceView]
    total_matches: int
    total_amount: Decimal = Field(description="Sum of the invoice totals of all matches.")
    total_amount_due: Decimal = Field(description="Sum still to be paid over all matches.")
    note: str | None = None


def _money(value: Any) -> Decimal:
    return to_money(value if value is not None else 0)


@read_tool(
    name="find_invoices",
    roles=FINANCE_ROLES,
    summary="Find invoices (receivable or payable): open, overdue, paid, by party.",
)
def find_invoices(ctx: ToolContext, args: FindInvoicesArgs) -> InvoiceList:
    """Search invoices. Filter by direction (receivable = customers owe us, payable = we owe suppliers),
    status (open, overdue, paid, all), customer or supplier (name, code or email), due-date range and number.
    An invoice is overdue when it is open or partially paid and its due date is before today. Returns number,
    party, issue and due dates, total, amount paid, amount due and days overdue, earliest due first, plus the
    totals over all matches. Finance, managers and admins only."""
    require_financial_access(ctx.user)
    if args.customer and args.supplier:
        raise RefusedError("An invoice has either a customer or a supplier; filter by one of them.")
    if args.due_from and args.due_to and args.due_from > args.due_to:
        raise RefusedError("due_from is after due_to; swap the dates.")
    today = ctx.now().date()
    conditions: list[ColumnElement[bool]] = []
    if args.number:
        conditions.append(_invoice_numbers_or_raise(ctx.session, args.number))
    if args.direction:
        conditions.append(Invoice.direction == args.direction)
    if args.customer:
        conditions.append(Invoice.customer_id == get_customer_or_raise(ctx.session, args.customer).id)
    if args.supplier:
        conditions.append(Invoice.supplier_id == get_supplier_or_raise(ctx.session, args.supplier).id)
    if args.due_from:
        conditions.append(Invoice.due_date >= args.due_from)
    if args.due_to:
        conditions.append(Invoice.due_date <= args.due_to)
    if args.status is InvoiceFilter.OPEN:
        conditions.append(Invoice.status.in_(OPEN_INVOICE_STATUSES))
    elif args.status is InvoiceFilter.OVERDUE:
        conditions.append(and_(Invoice.status.in_(OPEN_INVOICE_STATUSES), Invoice.due_date < today))
    elif args.status is InvoiceFilter.PAID:
        conditions.append(Invoice.status == InvoiceStatus.PAID)
    matching = select(Invoice.id).where(*conditions)

    count, total = ctx.session.execute(
        select(func.count(Invoice.id), func.sum(Invoice.total_amount)).where(Invoice.id.in_(matching))
    ).one()
    paid = ctx.session.scalar(
        select(func.sum(InvoicePayment.amount)).where(InvoicePayment.invoice_id.in_(matching))
    )
    rows = ctx.session.execute(
        select(Invoice, Customer.name, Customer.code, Supplier.name, Supplier.code)
        .outerjoin(Customer, Customer.id == Invoice.customer_id)
        .outerjoin(Supplier, Supplier.id == Invoice.supplier_id)
        .options(selectinload(Invoice.payments))
        .where(Invoice.id.in_(matching))
        .order_by(Invoice.due_date, Invoice.number, Invoice.id)
        .limit(args.limit)
    ).all()
    views = [
        invoice_view(invoice, *_party(c_name, c_code, s_name, s_code), today)
        for invoice, c_name, c_code, s_name, s_code in rows
    ]
    note = None if views else "No invoices match these filters."
    if count > len(views):
        note = f"Showing {len(views)} of {count} invoices; narrow the filters or raise the limit."
    return InvoiceList(
        invoices=views,
        total_matches=count,
        total_amount=_money(total),
        total_amount_due=_money(total) - _money(paid),
        note=note,
    )


# --- payments -----------------------------------------------------------------------------------------------


class PaymentView(ToolResult):
    invoice_number: str
    direction: InvoiceDirection
    party: str
    party_code: str
    paid_on: date
    amount: Decimal
    currency: str
    method: str
    reference: str | None


class PaymentList(ToolResult):
    payments: list[PaymentView]
    total_matches: int
    total_amount: Decimal = Field(description="Sum of all matching payments.")
    note: str | None = None


class ListPaymentsArgs(ToolArgs):
    invoice: str | None = Field(
        default=None, description="Invoice number whose payments to list.", max_length=64
    )
    customer: str | None = Field(
        default=None, description="Customer email, code or name: payments received.", max_length=200
    )
    supplier: str | None = Field(
        default=None, description="Supplier code or name: payments we made.", max_length=200
    )
    direction: InvoiceDirection | None = Field(
        default=None,
        description="'receivable' (money received) or 'payable' (money paid out); both if empty.",
    )
    paid_from: date | None = Field(default=None, description="Only payments made on or after this day.")
    paid_to: date | None = Field(default=None, description="Only payments made on or before this day.")
    limit: int = Field(
        default=50, ge=1, le=200, description="How many payments to return at most (newest first)."
    )


@read_tool(
    name="list_payments",
    summary="Payments against invoices, by invoice, customer, supplier or date.",
    roles=FINANCE_ROLES,
)
def list_payments(ctx: ToolContext, args: ListPaymentsArgs) -> PaymentList:
    """List payments recorded against invoices: received from customers (receivable) or made to suppliers
    (payable). Filter by invoice number, customer, supplier, direction and payment-date range (inclusive).
    Returns invoice number, party, date, amount, method and reference, newest first, with the total over all
    matches. Finance, managers and admins only."""
    require_financial_access(ctx.user)
    if args.customer and args.supplier:
        raise RefusedError("A payment belongs to either a customer's or a supplier's invoice; filter by one.")
    if args.paid_from and args.paid_to and args.paid_from > args.paid_to:
        raise RefusedError("paid_from is after paid_to; swap the dates.")
    conditions: list[ColumnElement[bool]] = []
    if args.invoice:
        conditions.append(_invoice_numbers_or_raise(ctx.session, args.invoice))
    if args.customer:
        conditions.append(Invoice.customer_id == get_customer_or_raise(ctx.session, args.customer).id)
    if args.supplier:
        conditions.append(Invoice.supplier_id == get_supplier_or_raise(ctx.session, args.supplier).id)
    if args.direction:
        conditions.append(Invoice.direction == args.direction)
    if args.paid_from:
        conditions.append(InvoicePayment.paid_on >= args.paid_from)
    if args.paid_to:
        conditions.append(InvoicePayment.paid_on <= args.paid_to)

    count, total = ctx.session.execute(
        select(func.count(InvoicePayment.id), func.sum(InvoicePayment.amount))
        .select_from(InvoicePayment)
        .join(Invoice, Invoice.id == InvoicePayment.invoice_id)
        .where(*conditions)
    ).one()
    rows = ctx.session.execute(
        select(InvoicePayment, Invoice, Customer.name, Customer.code, Supplier.name, Supplier.code)
        .select_from(InvoicePayment)
        .join(Invoice, Invoice.id == InvoicePayment.invoice_id)
        .outerjoin(Customer, Customer.id == Invoice.customer_id)
        .outerjoin(Supplier, Supplier.id == Invoice.supplier_id)
        .where(*conditions)
        .order_by(InvoicePayment.paid_on.desc(), InvoicePayment.id.desc())
        .limit(args.limit)
    ).all()
    views = [
        PaymentView(
            invoice_number=invoice.number,
            direction=invoice.direction,
            party=_party(c_name, c_code, s_name, s_code)[0],
            party_code=_party(c_name, c_code, s_name, s_code)[1],
            paid_on=payment.paid_on,
            amount=payment.amount,
            currency=invoice.currency,
            method=payment.method,
            reference=payment.reference,
        )
        for payment, invoice, c_name, c_code, s_name, s_code in rows
    ]
    note = None if views else "No payments match these filters."
    if count > len(views):
        note = f"Showing {len(views)} of {count} payments; narrow the filters or raise the limit."
    return PaymentList(payments=views, total_matches=count, total_amount=_money(total), note=note)


TOOLS: list[Tool[Any, Any]] = [find_invoices, list_payments]
