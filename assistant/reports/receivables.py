"""Receivables aging as of a day, by customer.

Counted: receivable invoices issued on or before `as_of`, not draft or void, whose total less the payments
received on or before `as_of` is above zero. Days past due = `as_of` - due date; the 0-30 bucket holds
invoices not yet due as well.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, select

from assistant.db.models import Customer, Invoice, InvoiceDirection, InvoicePayment, InvoiceStatus
from assistant.reports.headings import Words
from assistant.reports.period_labels import format_day
from assistant.reports.querying import QueryLog, cap_rows, money
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.specs import ReceivablesSpec

BUCKETS = ("0-30", "31-60", "61-90", "90+")


def build_receivables(log: QueryLog, spec: ReceivablesSpec, words: Words) -> ReportBody:
    paid = (
        select(InvoicePayment.invoice_id, func.sum(InvoicePayment.amount).label("paid"))
        .where(InvoicePayment.paid_on <= spec.as_of)
        .group_by(InvoicePayment.invoice_id)
        .subquery()
    )
    outstanding = Invoice.total_amount - func.coalesce(paid.c.paid, 0)
    open_invoices = (
        select(
            Invoice.customer_id.label("customer_id"),
            Invoice.due_date.label("due_date"),
            outstanding.label("outstanding"),
        )
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .where(
            Invoice.direction == InvoiceDirection.RECEIVABLE,
            Invoice.status.not_in((InvoiceStatus.DRAFT, InvoiceStatus.VOID)),
            Invoice.issue_date <= spec.as_of,
            outstanding > 0,
        )
        .subquery()
    )
    due = open_invoices.c.due_date
    amount = open_invoices.c.outstanding
    limits = [spec.as_of - timedelta(days=days) for days in (30, 60, 90)]
    bucket_sums = [
        func.sum(case((due >= limits[0], amount), else_=0)),
        func.sum(case((and_(due < limits[0], due >= limits[1]), amount), else_=0)),
        func.sum(case((and_(due < limits[1], due >= limits[2]), amount), else_=0)),
        func.sum(case((due < limits[2], amount), else_=0)),
    ]
    total = func.sum(amount)
    statement = (
        select(Customer.name, *bucket_sums, total, func.count())
        .join(Customer, Customer.id == open_invoices.c.customer_id)
        .group_by(Customer.id, Customer.name)
        .order_by(total.desc(), Customer.name)
    )
    rows: list[list[Cell]] = []
    totals = [Decimal("0.00")] * 5
    invoices = 0
    customer_totals: list[Decimal] = []
    for name, *sums, customer_total, count in log.rows("Aging by customer", statement):
        amounts = [money(value) for value in (*sums, customer_total)]
        customer_totals.append(amounts[4])
        totals = [running + value for running, value in zip(totals, amounts, strict=True)]
        invoices += int(count)
        rows.append([name, *amounts, int(count)])
    shown, more = cap_rows(rows, spec.top)
    note = None
    if more:
        rest = sum(customer_totals[spec.top :], Decimal("0.00"))
        note = words("aging.note", more=more, rest=words.amount(rest))
    table = Table(
        key="aging",
        title=words("aging.title"),
        columns=[
            Column(key="customer", label=words("customer")),
            *(Column(key=f"days_{bucket}", label=bucket, unit=Unit.MONEY) for bucket in BUCKETS),
            Column(key="total", label=words("total"), unit=Unit.MONEY),
            Column(key="invoices", label=words("invoices"), unit=Unit.COUNT),
        ],
        rows=shown,
        more=more,
        note=note,
    )
    summary = Table(
        key="buckets",
        title=words("buckets.title"),
        columns=[
            Column(key="bucket", label=words("days_past_due")),
            Column(key="amount", label=words("amount"), unit=Unit.MONEY),
        ],
        rows=[[bucket, value] for bucket, value in zip(BUCKETS, totals[:4], strict=True)],
        note=words("buckets.note"),
    )
    grand_total = totals[4]
    over_90_share = round(float(totals[3] / grand_total * 100), 1) if grand_total else 0.0
    figures = [
        Figure(key="outstanding", label=words("outstanding"), value=grand_total, unit=Unit.MONEY),
        Figure(key="over_90", label=words("over_90"), value=totals[3], unit=Unit.MONEY),
        Figure(key="over_90_share", label=words("over_90_share"), value=over_90_share, unit=Unit.PERCENT),
        Figure(key="customers", label=words("customers_owing"), value=len(rows), unit=Unit.COUNT),
        Figure(key="invoices", label=words("open_invoices"), value=invoices, unit=Unit.COUNT),
    ]
    charts = []
    if grand_total:
        charts.append(
            Chart(
                key="aging",
                title=words("aging.chart"),
                kind=ChartKind.BAR,
                categories=list(BUCKETS),
                series={words("outstanding"): [float(value) for value in totals[:4]]},
            )
        )
    return ReportBody(
        title=words("receivables.title"),
        subtitle=words("subtitle.as_of", day=format_day(spec.as_of, words.language)),
        figures=figures,
        tables=[summary, table],
        charts=charts,
        empty=not rows,
    )
