"""Money: invoices for shipped orders and received goods, their payments, and each order's payment history.

Prices include VAT, as in the tau2 retail data the project also imports: an order's total is what the
customer pays, and its invoice splits that total into net and tax at the rate of the customer's country.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from assistant.datasets.demo_model import CustomerInfo, DemoContext, OrderInfo, PurchaseInfo, Row, at
from assistant.datasets.demo_places import VAT_RATES
from assistant.db.models import (
    Invoice,
    InvoiceDirection,
    InvoicePayment,
    InvoiceStatus,
    OrderTransaction,
    PaymentMethodKind,
    PurchaseOrderStatus,
    TransactionKind,
)
from assistant.db.types import to_money

ZERO = Decimal("0.00")
# Ranges of days past due and the share of overdue invoices in each: most are a little late, some very late.
OVERDUE_BUCKETS = (((1, 30), 0.5), ((31, 60), 0.2), ((61, 90), 0.12), ((91, 400), 0.18))
MIN_SEVERELY_OVERDUE = 4
CREDIT_HOLD_AFTER_DAYS = 60
# Supplier invoice numbers as each country's bookkeeping writes them.
_SUPPLIER_NUMBER_FORMATS = {
    "DE": "RE-{year}-{seq:05d}",
    "PL": "FV/{seq}/{month:02d}/{year}",
    "HR": "{seq}-1-1",
    "KR": "{year}{month:02d}{day:02d}-{seq:04d}",
    "SE": "F{seq:06d}",
    "IT": "{seq}/{year}",
}


@dataclass(slots=True)
class _Receivable:
    order: OrderInfo
    issue_date: date
    due_date: date
    net: Decimal
    tax: Decimal
    payments: list[tuple[date, Decimal]] = field(default_factory=list)
    number: str = ""

    @property
    def total(self) -> Decimal:
        return self.net + self.tax

    @property
    def status(self) -> InvoiceStatus:
        paid = sum((amount for _day, amount in self.payments), ZERO)
        if paid == self.total:
            return InvoiceStatus.PAID
        return InvoiceStatus.PARTIALLY_PAID if paid else InvoiceStatus.OPEN


def build_finance(
    ctx: DemoContext, orders: list[OrderInfo], customers: list[CustomerInfo], purchases: list[PurchaseInfo]
) -> None:
    rng = ctx.rng("finance")
    # How each customer pays: most on time, some habitually late (days relative to the due date).
    habits = {
        customer.id: rng.choices(((-6, 2), (0, 20), (10, 45)), weights=(60, 30, 10))[0]
        for customer in customers
    }
    receivables = [
        _receivable(ctx, rng, order, habits[order.customer.id]) for order in orders if order.shipments
    ]
    receivables.sort(key=lambda receivable: (receivable.issue_date, receivable.order.id))
    per_year: dict[int, int] = {}
    for receivable in receivables:
        year = receivable.issue_date.year
        per_year[year] = per_year.get(year, 0) + 1
        receivable.number = f"INV-{year}-{per_year[year]:05d}"
    customer_by_id = {customer.id: customer for customer in customers}
    for customer_id in _make_overdue(ctx, rng, receivables):
        customer_by_id[customer_id].row["credit_hold"] = True

    invoice_rows: list[Row] = []
    payment_rows: list[Row] = []
    for receivable in receivables:
        invoice_id = len(invoice_rows) + 1
        order = receivable.order
        invoice_rows.append(
            {
                "id": invoice_id,
                "direction": InvoiceDirection.RECEIVABLE,
                "number": receivable.number,
                "customer_id": order.customer.id,
                "supplier_id": None,
                "sales_order_id": order.id,
                "purchase_order_id": None,
                "issue_date": receivable.issue_date,
                "due_date": receivable.due_date,
                "currency": "EUR",
                "net_amount": receivable.net,
                "tax_amount": receivable.tax,
                "total_amount": receivable.total,
                "status": receivable.status,
                "created_at": at(receivable.issue_date, 17),
            }
        )
        # Prepaid orders were paid with the customer's first method; invoices on terms by bank transfer.
        method = (
            order.customer.payment_methods[0][1]
            if order.customer.prepays
            else PaymentMethodKind.BANK_TRANSFER
        )
        for paid_on, amount in receivable.payments:
            payment_rows.append(
                {
                    "id": len(payment_rows) + 1,
                    "invoice_id": invoice_id,
                    "paid_on": paid_on,
                    "amount": amount,
                    "method": method.value,
                    "reference": order.number if order.customer.prepays else receivable.number,
                    "created_at": at(paid_on, 12),
                }
            )
    _add_payables(ctx, rng, purchases, invoice_rows, payment_rows)
    ctx.add(Invoice, invoice_rows)
    ctx.add(InvoicePayment, payment_rows)
    _add_transactions(ctx, rng, orders, receivables)


def _receivable(
    ctx: DemoContext, rng: random.Random, order: OrderInfo, habit: tuple[int, int]
) -> _Receivable:
    customer = order.customer
    issue_date = order.shipped_on
    assert issue_date is not None
    total = order.total
    net, tax = _split_total(total, VAT_RATES.get(customer.country, ZERO))
    receivable = _Receivable(
        order, issue_date, issue_date + timedelta(days=customer.payment_terms_days), net, tax
    )
    yesterday = ctx.as_of - timedelta(days=1)
    if customer.prepays:
        receivable.payments = [(issue_date, total)]  # paid with the order; the invoice just records it
    elif receivable.due_date < ctx.as_of:
        paid_on = receivable.due_date + timedelta(days=rng.randint(*habit))
        paid_on = max(issue_date, min(paid_on, yesterday))
        if rng.random() < 0.05 and (paid_on - issue_date).days > 10:
            first = to_money(total * Decimal(rng.randint(30, 70)) / 100)
            receivable.payments = [
                (paid_on - timedelta(days=rng.randint(5, 10)), first),
                (paid_on, total - first),
            ]
        else:
            receivable.payments = [(paid_on, total)]
    elif issue_date < ctx.as_of:
        chance = rng.random()
        some_day = issue_date + timedelta(days=rng.randint(0, (yesterday - issue_date).days))
        if chance < 0.18:
            receivable.payments = [(some_day, total)]
        elif chance < 0.24:
            receivable.payments = [(some_day, to_money(total * Decimal(rng.randint(20, 60)) / 100))]
    return receivable


def _split_total(total: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """Net and tax of a VAT-inclusive total; their sum is the total exactly."""
    net = to_money(total / (1 + rate))
    return net, total - net


def _tax_on(net: Decimal, rate: Decimal) -> Decimal:
    return to_money(net * rate)


def _make_overdue(ctx: DemoContext, rng: random.Random, receivables: list[_Receivable]) -> set[int]:
    """Leave some past-due invoices unpaid: about 11 % of what is open, a few of them more than 90 days.

    Returns the customers to put on credit hold: those with an invoice more than 60 days overdue."""
    not_yet_due = sum(
        1
        for receivable in receivables
        if receivable.due_date >= ctx.as_of and receivable.status is not InvoiceStatus.PAID
    )
    share = rng.uniform(0.10, 0.12)
    wanted = max(10, round(not_yet_due * share / (1 - share)))
    on_credit_hold: set[int] = set()
    for (fewest, most), bucket_share in OVERDUE_BUCKETS:
        pool = [
            receivable
            for receivable in receivables
            if not receivable.order.customer.prepays
            and fewest <= (ctx.as_of - receivable.due_date).days <= most
        ]
        count = round(wanted * bucket_share)
        if fewest > 90:
            count = max(count, MIN_SEVERELY_OVERDUE)
        for receivable in rng.sample(pool, min(count, len(pool))):
            receivable.payments = []
            if rng.random() < 0.3:
                last_day = min(ctx.as_of - timedelta(days=1), receivable.due_date + timedelta(days=30))
                paid_on = receivable.issue_date + timedelta(
                    days=rng.randint(0, (last_day - receivable.issue_date).days)
                )
                receivable.payments = [
                    (paid_on, to_money(receivable.total * Decimal(rng.randint(20, 60)) / 100))
                ]
            if fewest > CREDIT_HOLD_AFTER_DAYS:
                on_credit_hold.add(receivable.order.customer.id)
    return on_credit_hold


def _add_transactions(
    ctx: DemoContext, rng: random.Random, orders: list[OrderInfo], receivables: list[_Receivable]
) -> None:
    """Prepaying customers pay when they order (refunded if cancelled); the others as invoices are paid."""
    payments_of = {receivable.order.id: receivable.payments for receivable in receivables}
    rows: list[Row] = []
    for order in orders:
        customer = order.customer
        entries: list[Row] = []
        if customer.prepays:
            method_id = customer.payment_methods[0][0]
            entries.append(
                {
                    "kind": TransactionKind.PAYMENT,
                    "amount": order.total,
                    "payment_method_id": method_id,
                    "occurred_at": order.placed_at + timedelta(seconds=rng.randint(20, 300)),
                }
            )
            if order.cancelled_at is not None:
                cancelled_at = order.cancelled_at
                refunded_at = min(
                    cancelled_at + timedelta(minutes=rng.randint(5, 120)),
                    cancelled_at + (ctx.now - cancelled_at) / 2,
                )
                entries.append(
                    {
                        "kind": TransactionKind.REFUND,
                        "amount": order.total,
                        "payment_method_id": method_id,
                        "occurred_at": refunded_at.replace(microsecond=0),
                    }
                )
        else:
            transfer_id = customer.method(PaymentMethodKind.BANK_TRANSFER)
            assert transfer_id is not None  # customers on payment terms always have a bank account on file
            entries.extend(
                {
                    "kind": TransactionKind.PAYMENT,
                    "amount": amount,
                    "payment_method_id": transfer_id,
                    "occurred_at": at(paid_on, rng.randint(7, 15), rng.randint(0, 59)),
                }
                for paid_on, amount in payments_of.get(order.id, [])
            )
        for position, entry in enumerate(entries):
            rows.append({"id": len(rows) + 1, "order_id": order.id, "position": position, **entry})
    ctx.add(OrderTransaction, rows)


def _add_payables(
    ctx: DemoContext,
    rng: random.Random,
    purchases: list[PurchaseInfo],
    invoice_rows: list[Row],
    payment_rows: list[Row],
) -> None:
    """Suppliers invoice what they delivered; we pay a few days before the due date."""
    next_number: dict[int, int] = {}
    received = (PurchaseOrderStatus.RECEIVED, PurchaseOrderStatus.PARTIALLY_RECEIVED)
    for purchase in sorted(purchases, key=lambda purchase: purchase.received_at or purchase.ordered_at):
        if purchase.status not in received or purchase.received_at is None:
            continue
        supplier = purchase.supplier
        net = sum((line.unit_cost * line.received_quantity for line in purchase.lines), ZERO)
        domestic = supplier.country == purchase.warehouse.country
        tax = _tax_on(net, VAT_RATES[supplier.country]) if domestic else ZERO  # else reverse charge or import
        issue_date = purchase.received_at.date()
        due_date = issue_date + timedelta(days=supplier.payment_terms_days)
        seq = next_number.get(supplier.id, rng.randint(100, 4000)) + rng.randint(3, 40)
        next_number[supplier.id] = seq
        number = _SUPPLIER_NUMBER_FORMATS[supplier.country].format(
            seq=seq, year=issue_date.year, month=issue_date.month, day=issue_date.day
        )
        paid_on = max(issue_date, due_date - timedelta(days=rng.randint(0, 5)))
        paid = paid_on < ctx.as_of
        invoice_id = len(invoice_rows) + 1
        invoice_rows.append(
            {
                "id": invoice_id,
                "direction": InvoiceDirection.PAYABLE,
                "number": number,
                "customer_id": None,
                "supplier_id": supplier.id,
                "sales_order_id": None,
                "purchase_order_id": purchase.id,
                "issue_date": issue_date,
                "due_date": due_date,
                "currency": "EUR",
                "net_amount": net,
                "tax_amount": tax,
                "total_amount": net + tax,
                "status": InvoiceStatus.PAID if paid else InvoiceStatus.OPEN,
                "created_at": at(issue_date, 15),
            }
        )
        if paid:
            payment_rows.append(
                {
                    "id": len(payment_rows) + 1,
                    "invoice_id": invoice_id,
                    "paid_on": paid_on,
                    "amount": net + tax,
                    "method": PaymentMethodKind.BANK_TRANSFER.value,
                    "reference": purchase.number,
                    "created_at": at(paid_on, 11),
                }
            )
