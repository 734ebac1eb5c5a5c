"""Finance tools: what is open, overdue and paid, both ways, and only for finance, managers and admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assistant.db.models import Invoice, InvoiceDirection, InvoicePayment, InvoiceStatus, Role
from tests.factories import make_customer, make_invoice, make_supplier
from tests.support import MakeContext
from tools.base import InvalidArgumentsError, NotFoundError, PermissionDeniedError, RefusedError, Registry
from tools.finance import FindInvoicesArgs, InvoiceList, PaymentList, find_invoices
from tools.invoke import call_tool


@dataclass
class Books:
    customer_code: str
    supplier_code: str


def _pay(session: Session, invoice: Invoice, amount: str, paid_on: date, reference: str) -> None:
    session.add(
        InvoicePayment(invoice_id=invoice.id, paid_on=paid_on, amount=Decimal(amount), reference=reference)
    )
    session.flush()


@pytest.fixture
def books(db_session: Session) -> Books:
    """NOW is 2026-11-24: two overdue receivables, one not yet due, one paid, one open payable."""
    customer = make_customer(db_session, code="C-FIN", name="Ana Horvat")
    other = make_customer(db_session, code="C-OTH", name="Other Customer")
    supplier = make_supplier(db_session, code="S-FIN", name="Tkanina Łódź Sp. z o.o.")
    make_invoice(db_session, customer, Decimal("119.00"), number="INV-2026-0001", due_date=date(2026, 10, 1))
    partly = make_invoice(
        db_session,
        customer,
        Decimal("238.00"),
        number="INV-2026-0002",
        due_date=date(2026, 11, 1),
        status=InvoiceStatus.PARTIALLY_PAID,
    )
    _pay(db_session, partly, "100.00", date(2026, 11, 3), "TR-1")
    make_invoice(
        db_session,
        customer,
        Decimal("59.50"),
        number="INV-2026-0003",
        issue_date=date(2026, 11, 20),
        due_date=date(2026, 12, 20),
    )
    paid = make_invoice(
        db_session, other, Decimal("10.00"), number="INV-2026-0004", status=InvoiceStatus.PAID
    )
    _pay(db_session, paid, "10.00", date(2026, 1, 15), "TR-2")
    payable = Invoice(
        direction=InvoiceDirection.PAYABLE,
        number="FV/2026/77",
        supplier_id=supplier.id,
        issue_date=date(2026, 11, 1),
        due_date=date(2026, 11, 30),
        net_amount=Decimal("1000.00"),
        tax_amount=Decimal("230.00"),
        total_amount=Decimal("1230.00"),
        status=InvoiceStatus.OPEN,
    )
    db_session.add(payable)
    db_session.flush()
    _pay(db_session, payable, "230.00", date(2026, 11, 10), "OUT-1")
    return Books(customer_code=customer.code, supplier_code=supplier.code)


def _invoices(
    make_ctx: MakeContext, registry: Registry, role: Role = Role.FINANCE, **args: Any
) -> InvoiceList:
    result = call_tool(make_ctx(role), registry, "find_invoices", args)
    assert isinstance(result, InvoiceList)
    return result


def _payments(
    make_ctx: MakeContext, registry: Registry, role: Role = Role.FINANCE, **args: Any
) -> PaymentList:
    result = call_tool(make_ctx(role), registry, "list_payments", args)
    assert isinstance(result, PaymentList)
    return result


@pytest.mark.usefixtures("books")
def test_overdue_receivables_with_days_and_amounts_due(make_ctx: MakeContext, registry: Registry) -> None:
    result = _invoices(make_ctx, registry, direction="receivable", status="overdue")
    assert [(i.number, i.days_overdue, i.amount_due) for i in result.invoices] == [
        ("INV-2026-0001", 54, Decimal("119.00")),
        ("INV-2026-0002", 23, Decimal("138.00")),
    ]
    first = result.invoices[0]
    assert (first.party, first.party_code, first.issue_date) == ("Ana Horvat", "C-FIN", date(2026, 1, 1))
    assert result.invoices[1].amount_paid == Decimal("100.00")
    assert result.total_matches == 2
    assert result.total_amount == Decimal("357.00")
    assert result.total_amount_due == Decimal("257.00")


@pytest.mark.usefixtures("books")
def test_status_filters(make_ctx: MakeContext, registry: Registry) -> None:
    open_numbers = [i.number for i in _invoices(make_ctx, registry, status="open").invoices]
    assert open_numbers == ["INV-2026-0001", "INV-2026-0002", "FV/2026/77", "INV-2026-0003"]
    paid = _invoices(make_ctx, registry, status="paid").invoices
    assert [(i.number, i.amount_due, i.is_overdue) for i in paid] == [
        ("INV-2026-0004", Decimal("0.00"), False)
    ]
    assert _invoices(make_ctx, registry).total_matches == 5


@pytest.mark.usefixtures("books")
def test_payables_by_supplier_name(make_ctx: MakeContext, registry: Registry) -> None:
    result = _invoices(make_ctx, registry, role=Role.MANAGER, supplier="tkanina lodz")
    assert [(i.number, i.direction, i.party_code) for i in result.invoices] == [
        ("FV/2026/77", InvoiceDirection.PAYABLE, "S-FIN")
    ]
    assert result.invoices[0].amount_due == Decimal("1000.00")
    assert result.invoices[0].is_overdue is False


@pytest.mark.usefixtures("books")
def test_by_customer_number_and_due_range(make_ctx: MakeContext, registry: Registry) -> None:
    assert _invoices(make_ctx, registry, customer="ana horvat").total_matches == 3
    assert [i.number for i in _invoices(make_ctx, registry, number="inv-2026-0003").invoices] == [
        "INV-2026-0003"
    ]
    ranged = _invoices(make_ctx, registry, role=Role.ADMIN, due_from="2026-11-01", due_to="2026-11-30")
    assert [i.number for i in ranged.invoices] == ["INV-2026-0002", "FV/2026/77"]


@pytest.mark.usefixtures("books")
def test_limit_keeps_totals_over_all_matches(make_ctx: MakeContext, registry: Registry) -> None:
    result = _invoices(make_ctx, registry, status="open", limit=1)
    assert len(result.invoices) == 1
    assert result.total_matches == 4
    assert result.total_amount_due == Decimal("1316.50")
    assert result.note is not None and "Showing 1 of 4" in result.note


@pytest.mark.usefixtures("books")
def test_unknown_invoice_number_suggests_close_ones(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="INV-2026-0001"):
        _invoices(make_ctx, registry, number="INV-2025-0001")


@pytest.mark.usefixtures("books")
def test_unknown_customer_and_bad_arguments(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="customer"):
        _invoices(make_ctx, registry, customer="nobody@nowhere.example")
    with pytest.raises(RefusedError, match="swap the dates"):
        _invoices(make_ctx, registry, due_from="2026-12-01", due_to="2026-11-01")
    with pytest.raises(RefusedError, match="either a customer or a supplier"):
        _invoices(make_ctx, registry, customer="C-FIN", supplier="S-FIN")
    with pytest.raises(InvalidArgumentsError, match="status"):
        _invoices(make_ctx, registry, status="late")


@pytest.mark.usefixtures("books")
@pytest.mark.parametrize("role", [Role.STAFF, Role.EMPLOYEE])
@pytest.mark.parametrize("tool", ["find_invoices", "list_payments"])
def test_non_financial_roles_are_denied(
    make_ctx: MakeContext, registry: Registry, role: Role, tool: str
) -> None:
    with pytest.raises(PermissionDeniedError, match=tool):
        call_tool(make_ctx(role), registry, tool, {})


def test_row_rule_holds_even_when_the_tool_is_called_directly(make_ctx: MakeContext) -> None:
    assert find_invoices.run is not None
    with pytest.raises(PermissionDeniedError, match="Only finance, managers and admins"):
        find_invoices.run(make_ctx(Role.STAFF), FindInvoicesArgs())


@pytest.mark.usefixtures("books")
def test_payments_by_invoice_customer_and_dates(make_ctx: MakeContext, registry: Registry) -> None:
    by_invoice = _payments(make_ctx, registry, invoice="INV-2026-0002")
    assert [(p.invoice_number, p.amount, p.reference, p.party) for p in by_invoice.payments] == [
        ("INV-2026-0002", Decimal("100.00"), "TR-1", "Ana Horvat")
    ]
    everything = _payments(make_ctx, registry)
    assert [p.reference for p in everything.payments] == ["OUT-1", "TR-1", "TR-2"]  # newest first
    assert everything.total_amount == Decimal("340.00")
    november = _payments(
        make_ctx, registry, paid_from="2026-11-01", paid_to="2026-11-30", direction="receivable"
    )
    assert [p.reference for p in november.payments] == ["TR-1"]
    assert _payments(make_ctx, registry, customer="C-FIN").total_matches == 1
    supplier = _payments(make_ctx, registry, supplier="S-FIN")
    assert [(p.direction, p.party) for p in supplier.payments] == [
        (InvoiceDirection.PAYABLE, "Tkanina Łódź Sp. z o.o.")
    ]


@pytest.mark.usefixtures("books")
def test_payments_refusals(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="invoice"):
        _payments(make_ctx, registry, invoice="NOPE-1")
    with pytest.raises(RefusedError, match="swap the dates"):
        _payments(make_ctx, registry, paid_from="2026-12-01", paid_to="2026-01-01")
    empty = _payments(make_ctx, registry, paid_from="2020-01-01", paid_to="2020-12-31")
    assert empty.payments == [] and empty.total_amount == Decimal("0.00") and empty.note
