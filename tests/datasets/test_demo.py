"""The demo company as a user meets it: believable volumes, consistent books, the cases reports should find.

Building takes a few seconds, so the module builds three times in one transaction on the run's database:
twice inside savepoints that are rolled back (seeds 7 and 8, for the determinism test), then once more with
seed 7 for every other test. The whole transaction is rolled back at the end of the module.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assistant.datasets.demo import DemoSummary, build_demo_company
from assistant.db import models as m

AS_OF = date(2026, 3, 16)
NOW = datetime.combine(AS_OF, time(), tzinfo=UTC)  # the demo's "now": midnight starting as_of
SEED = 7
OTHER_SEED = 8
VAT = {"DE": Decimal("0.19"), "PL": Decimal("0.23"), "HR": Decimal("0.25"), "KR": Decimal("0.10")}
OPEN = (m.OrderStatus.PENDING, m.OrderStatus.PROCESSED)
UNPAID = (m.InvoiceStatus.OPEN, m.InvoiceStatus.PARTIALLY_PAID)
DIGESTED = (
    m.Customer,
    m.SalesOrder,
    m.SalesOrderLine,
    m.Fulfillment,
    m.Invoice,
    m.InvoicePayment,
    m.OrderTransaction,
    m.StockLevel,
    m.StockMovement,
    m.PurchaseOrderLine,
    m.LeaveRequest,
)


@dataclass(frozen=True)
class Demo:
    session: Session
    summary: DemoSummary
    digests: dict[int, str]


def _digest(session: Session) -> str:
    sha = hashlib.sha256()
    for model in DIGESTED:
        table: Any = model.__table__
        for row in session.execute(select(table).order_by(table.c.id)):
            sha.update(repr(tuple(row)).encode())
    return sha.hexdigest()


@pytest.fixture(scope="module")
def demo(engine: Engine) -> Iterator[Demo]:
    with engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, expire_on_commit=False)
        try:
            digests: dict[int, str] = {}
            for seed in (SEED, OTHER_SEED):
                savepoint = session.begin_nested()
                build_demo_company(session, seed=seed, as_of=AS_OF)
                digests[seed] = _digest(session)
                savepoint.rollback()
            summary = build_demo_company(session, seed=SEED, as_of=AS_OF)
            digests[0] = _digest(session)
            yield Demo(session, summary, digests)
        finally:
            session.close()
            outer.rollback()


@pytest.fixture
def db(demo: Demo) -> Session:
    return demo.session


def _count(db: Session, model: type[m.Base]) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_the_company_has_the_size_of_a_mid_size_distributor(demo: Demo) -> None:
    summary, db = demo.summary, demo.session
    assert summary.employees == 40
    assert summary.departments == 6
    assert summary.customers == 300
    assert summary.warehouses == 4
    assert 10 <= summary.suppliers <= 14
    assert 50 <= summary.products <= 70
    assert 150 <= summary.variants <= 250
    assert 5500 <= summary.orders <= 6500
    assert 2 * summary.orders <= summary.order_lines <= 4 * summary.orders
    assert 70 <= summary.purchase_orders <= 90
    assert 55 <= summary.leave_requests <= 65
    assert summary.invoices > 0.9 * summary.orders
    assert summary.first_order_on is not None and summary.last_order_on is not None
    assert summary.first_order_on >= AS_OF - timedelta(days=731)
    assert summary.last_order_on < AS_OF
    # The summary tells the truth about the database.
    assert summary.orders == _count(db, m.SalesOrder)
    assert summary.order_lines == _count(db, m.SalesOrderLine)
    assert summary.variants == _count(db, m.Variant)
    assert summary.invoices == _count(db, m.Invoice)


def test_the_same_seed_builds_the_same_company_and_another_seed_a_different_one(demo: Demo) -> None:
    assert demo.digests[SEED] == demo.digests[0]
    assert demo.digests[OTHER_SEED] != demo.digests[SEED]


def test_the_stock_ledger_explains_every_stock_level(db: Session) -> None:
    ledger = {
        (variant_id, warehouse_id): total
        for variant_id, warehouse_id, total in db.execute(
            select(
                m.StockMovement.variant_id, m.StockMovement.warehouse_id, func.sum(m.StockMovement.quantity)
            ).group_by(m.StockMovement.variant_id, m.StockMovement.warehouse_id)
        )
    }
    levels = {
        (level.variant_id, level.warehouse_id): level.on_hand for level in db.scalars(select(m.StockLevel))
    }
    assert set(ledger) <= set(levels), "every movement belongs to a stock level"
    assert all(ledger.get(pair, 0) == on_hand for pair, on_hand in levels.items())
    kinds = set(db.scalars(select(m.StockMovement.kind).distinct()))
    assert {
        m.MovementKind.OPENING,
        m.MovementKind.RECEIPT,
        m.MovementKind.SHIPMENT,
        m.MovementKind.ADJUSTMENT,
    } <= kinds


def test_no_running_stock_balance_goes_below_zero(db: Session) -> None:
    balance: Counter[tuple[int, int]] = Counter()
    movements = db.execute(
        select(m.StockMovement.variant_id, m.StockMovement.warehouse_id, m.StockMovement.quantity).order_by(
            m.StockMovement.occurred_at, m.StockMovement.id
        )
    )
    for variant_id, warehouse_id, quantity in movements:
        balance[(variant_id, warehouse_id)] += quantity
        assert balance[(variant_id, warehouse_id)] >= 0


def test_reserved_stock_is_what_open_orders_hold_and_never_more_than_on_hand(db: Session) -> None:
    held: Counter[tuple[int, int | None]] = Counter()
    open_lines = db.execute(
        select(m.SalesOrderLine.variant_id, m.SalesOrder.warehouse_id, m.SalesOrderLine.quantity)
        .join(m.SalesOrder, m.SalesOrder.id == m.SalesOrderLine.order_id)
        .where(m.SalesOrder.status.in_(OPEN))
    )
    for variant_id, warehouse_id, quantity in open_lines:
        held[(variant_id, warehouse_id)] += quantity
    levels = list(db.scalars(select(m.StockLevel)))
    assert sum(held.values()) > 0
    for level in levels:
        assert level.reserved == held[(level.variant_id, level.warehouse_id)]
        assert 0 <= level.reserved <= level.on_hand


def _dead_stock(db: Session) -> set[int]:
    recently_sold = (
        select(m.SalesOrderLine.variant_id)
        .join(m.SalesOrder, m.SalesOrder.id == m.SalesOrderLine.order_id)
        .where(
            m.SalesOrder.placed_at >= NOW - timedelta(days=180),
            m.SalesOrder.status != m.OrderStatus.CANCELLED,
        )
    )
    return set(
        db.scalars(
            select(m.StockLevel.variant_id)
            .where(m.StockLevel.variant_id.not_in(recently_sold))
            .group_by(m.StockLevel.variant_id)
            .having(func.sum(m.StockLevel.on_hand) > 0)
        )
    )


def _below_safety_stock(db: Session) -> set[int]:
    return set(
        db.scalars(
            select(m.Variant.id)
            .join(m.StockLevel, m.StockLevel.variant_id == m.Variant.id)
            .group_by(m.Variant.id, m.Variant.safety_stock)
            .having(func.sum(m.StockLevel.on_hand - m.StockLevel.reserved) < m.Variant.safety_stock)
        )
    )


def test_reports_find_a_handful_of_dead_stock_skus(demo: Demo) -> None:
    dead = _dead_stock(demo.session)
    assert 8 <= len(dead) <= 12
    assert demo.summary.dead_stock_skus == len(dead)
    # Dead by any reading: not even a cancelled order in the last 180 days, yet sold before.
    lines = (
        select(func.count())
        .select_from(m.SalesOrderLine)
        .join(m.SalesOrder)
        .where(m.SalesOrderLine.variant_id.in_(dead))
    )
    assert demo.session.scalar(lines.where(m.SalesOrder.placed_at >= NOW - timedelta(days=181))) == 0
    assert (demo.session.scalar(lines) or 0) > 0


def test_reports_find_a_handful_of_skus_below_safety_stock_with_goods_on_order(demo: Demo) -> None:
    db = demo.session
    below = _below_safety_stock(db)
    assert 8 <= len(below) <= 12
    assert demo.summary.below_safety_stock_skus == len(below)
    assert not below & _dead_stock(db)
    # Read per warehouse (as the stock tool shows it), the same SKUs and no others are short.
    short_somewhere = set(
        db.scalars(
            select(m.StockLevel.variant_id)
            .join(m.Variant, m.Variant.id == m.StockLevel.variant_id)
            .where(m.StockLevel.on_hand - m.StockLevel.reserved < m.Variant.safety_stock)
        )
    )
    assert short_somewhere == below
    on_order = set(
        db.scalars(
            select(m.PurchaseOrderLine.variant_id)
            .join(m.PurchaseOrder)
            .where(m.PurchaseOrder.status == m.PurchaseOrderStatus.ORDERED)
        )
    )
    assert below <= on_order


def test_catalog_prices_costs_and_availability(db: Session) -> None:
    variants = list(db.scalars(select(m.Variant)))
    assert all(variant.cost is not None and 0 < variant.cost < variant.price for variant in variants)
    assert all(variant.reorder_point >= variant.safety_stock for variant in variants)
    assert 3 <= sum(not variant.is_available for variant in variants) <= 15
    assert all(variant.options for variant in variants)
    assert len({variant.sku for variant in variants}) == len(variants)
    assert (
        db.scalar(select(func.count()).select_from(m.Product).where(m.Product.default_supplier_id.is_(None)))
        == 0
    )
    categories = set(db.scalars(select(m.Product.category).distinct()))
    assert {"Office Furniture", "Office Supplies", "IT Accessories", "Warehouse Equipment"} <= categories


def test_receivables_include_overdue_invoices_some_more_than_90_days(demo: Demo) -> None:
    db = demo.session
    receivable = (m.Invoice.direction == m.InvoiceDirection.RECEIVABLE, m.Invoice.status.in_(UNPAID))
    unpaid = list(db.scalars(select(m.Invoice).where(*receivable)))
    overdue = [invoice for invoice in unpaid if invoice.due_date < AS_OF]
    assert demo.summary.overdue_invoices == len(overdue)
    assert 0.08 <= len(overdue) / len(unpaid) <= 0.15
    assert sum(1 for invoice in overdue if (AS_OF - invoice.due_date).days > 90) >= 3
    on_hold = set(db.scalars(select(m.Customer.id).where(m.Customer.credit_hold)))
    assert 1 <= len(on_hold) <= 20
    assert on_hold <= {invoice.customer_id for invoice in overdue}


def test_invoices_split_totals_into_net_and_vat(db: Session) -> None:
    rows = db.execute(
        select(m.Invoice, m.CustomerAddress.country)
        .join(
            m.CustomerAddress,
            (m.CustomerAddress.customer_id == m.Invoice.customer_id) & m.CustomerAddress.is_default,
        )
        .where(m.Invoice.direction == m.InvoiceDirection.RECEIVABLE)
    ).all()
    assert rows
    for invoice, country in rows:
        assert invoice.total_amount == invoice.net_amount + invoice.tax_amount
        expected_tax = invoice.net_amount * VAT.get(country, Decimal(0))
        assert abs(invoice.tax_amount - expected_tax) <= Decimal("0.12"), invoice.number
        assert invoice.due_date >= invoice.issue_date
    assert all(re.fullmatch(r"INV-\d{4}-\d{5}", invoice.number) for invoice, _country in rows)


def test_each_shipped_order_is_invoiced_on_its_ship_date_for_its_total(db: Session) -> None:
    totals = dict(
        db.execute(
            select(
                m.SalesOrderLine.order_id, func.sum(m.SalesOrderLine.unit_price * m.SalesOrderLine.quantity)
            ).group_by(m.SalesOrderLine.order_id)
        ).all()
    )
    last_shipped = dict(
        db.execute(
            select(m.Fulfillment.order_id, func.max(m.Fulfillment.shipped_at)).group_by(
                m.Fulfillment.order_id
            )
        ).all()
    )
    invoices = db.execute(
        select(m.Invoice, m.Customer.payment_terms_days)
        .join(m.Customer, m.Customer.id == m.Invoice.customer_id)
        .where(m.Invoice.direction == m.InvoiceDirection.RECEIVABLE)
    ).all()
    assert {invoice.sales_order_id for invoice, _terms in invoices} == set(last_shipped)
    for invoice, terms in invoices:
        assert invoice.sales_order_id is not None
        shipped_at = last_shipped[invoice.sales_order_id]
        assert invoice.total_amount == Decimal(totals[invoice.sales_order_id]).quantize(Decimal("0.01"))
        assert shipped_at is not None and invoice.issue_date == shipped_at.date()
        assert invoice.due_date == invoice.issue_date + timedelta(days=terms)


def test_paid_orders_are_paid_exactly_their_total_with_the_customers_own_methods(db: Session) -> None:
    totals = {
        order_id: Decimal(total).quantize(Decimal("0.01"))
        for order_id, total in db.execute(
            select(
                m.SalesOrderLine.order_id, func.sum(m.SalesOrderLine.unit_price * m.SalesOrderLine.quantity)
            ).group_by(m.SalesOrderLine.order_id)
        )
    }
    paid: defaultdict[int, Decimal] = defaultdict(Decimal)
    refunded: defaultdict[int, Decimal] = defaultdict(Decimal)
    transactions = db.execute(
        select(m.OrderTransaction, m.SalesOrder.customer_id, m.PaymentMethod.customer_id)
        .join(m.SalesOrder, m.SalesOrder.id == m.OrderTransaction.order_id)
        .join(m.PaymentMethod, m.PaymentMethod.id == m.OrderTransaction.payment_method_id)
    ).all()
    for transaction, order_customer, method_customer in transactions:
        assert order_customer == method_customer
        target = paid if transaction.kind is m.TransactionKind.PAYMENT else refunded
        target[transaction.order_id] += transaction.amount
    paid_orders = {
        order_id
        for order_id in db.scalars(
            select(m.Invoice.sales_order_id).where(
                m.Invoice.status == m.InvoiceStatus.PAID, m.Invoice.direction == m.InvoiceDirection.RECEIVABLE
            )
        )
        if order_id is not None
    }
    assert len(paid_orders) > 4000
    for order_id in paid_orders:
        assert paid[order_id] == totals[order_id]
    assert all(amount <= totals[order_id] for order_id, amount in paid.items())
    assert all(refunded[order_id] == paid[order_id] for order_id in refunded)
    statuses = dict(
        db.execute(select(m.SalesOrder.id, m.SalesOrder.status).where(m.SalesOrder.id.in_(refunded))).all()
    )
    assert set(statuses.values()) == {m.OrderStatus.CANCELLED}


def test_order_statuses_fit_their_age(db: Session) -> None:
    orders = list(db.scalars(select(m.SalesOrder)))
    by_status = Counter(order.status for order in orders)
    assert by_status[m.OrderStatus.DELIVERED] > 0.85 * len(orders)
    for status in (m.OrderStatus.CANCELLED, m.OrderStatus.SHIPPED, m.OrderStatus.RETURN_REQUESTED):
        assert by_status[status] >= 5, status
    assert by_status[m.OrderStatus.PENDING] + by_status[m.OrderStatus.PROCESSED] >= 3
    assert 0.01 <= by_status[m.OrderStatus.CANCELLED] / len(orders) <= 0.06
    fulfillments: defaultdict[int, list[m.Fulfillment]] = defaultdict(list)
    for fulfillment in db.scalars(select(m.Fulfillment)):
        fulfillments[fulfillment.order_id].append(fulfillment)
    for order in orders:
        age = NOW - order.placed_at
        shipped = fulfillments[order.id]
        if order.status in OPEN:
            assert age < timedelta(days=5) and not shipped
        elif order.status is m.OrderStatus.CANCELLED:
            assert order.cancel_reason in ("no longer needed", "ordered by mistake") and not shipped
        elif order.status is m.OrderStatus.SHIPPED:
            assert age < timedelta(days=20)
            assert shipped and all(f.shipped_at and f.delivered_at is None for f in shipped)
        else:
            assert shipped and all(f.shipped_at and f.delivered_at and f.delivered_at <= NOW for f in shipped)
        assert all(f.shipped_at is None or order.placed_at < f.shipped_at for f in shipped)
    assert re.fullmatch(r"SO-\d{6}", orders[0].number)


def test_parcels_carry_every_ordered_unit_and_unique_tracking_numbers(db: Session) -> None:
    ordered = Counter(
        {
            (order_id, variant_id): quantity
            for order_id, variant_id, quantity in db.execute(
                select(m.SalesOrderLine.order_id, m.SalesOrderLine.variant_id, m.SalesOrderLine.quantity)
                .join(m.SalesOrder)
                .where(
                    m.SalesOrder.status.in_(
                        (m.OrderStatus.SHIPPED, m.OrderStatus.DELIVERED, m.OrderStatus.RETURN_REQUESTED)
                    )
                )
            )
        }
    )
    shipped: Counter[tuple[int, int]] = Counter()
    for order_id, variant_id, quantity in db.execute(
        select(m.Fulfillment.order_id, m.FulfillmentItem.variant_id, m.FulfillmentItem.quantity).join(
            m.Fulfillment
        )
    ):
        shipped[(order_id, variant_id)] += quantity
    assert shipped == ordered
    numbers = list(db.scalars(select(m.FulfillmentTracking.tracking_number)))
    assert len(numbers) == len(set(numbers)) >= _count(db, m.Fulfillment)
    assert (
        db.scalar(select(func.count()).select_from(m.Fulfillment).where(m.Fulfillment.carrier.is_(None))) == 0
    )


def test_purchase_orders_match_their_receipts_and_supplier_invoices(db: Session) -> None:
    purchases = list(db.scalars(select(m.PurchaseOrder)))
    statuses = Counter(purchase.status for purchase in purchases)
    assert statuses[m.PurchaseOrderStatus.RECEIVED] > statuses[m.PurchaseOrderStatus.ORDERED] > 0
    assert (
        statuses[m.PurchaseOrderStatus.PARTIALLY_RECEIVED] > 0
        and statuses[m.PurchaseOrderStatus.CANCELLED] > 0
    )
    receipts: Counter[tuple[str | None, int]] = Counter()
    for reference, variant_id, quantity in db.execute(
        select(m.StockMovement.reference, m.StockMovement.variant_id, m.StockMovement.quantity).where(
            m.StockMovement.kind == m.MovementKind.RECEIPT
        )
    ):
        receipts[(reference, variant_id)] += quantity
    numbers = {purchase.id: purchase.number for purchase in purchases}
    for purchase in purchases:
        received = [line.received_quantity for line in purchase.lines]
        assert all(line.unit_cost > 0 for line in purchase.lines)
        if purchase.status is m.PurchaseOrderStatus.RECEIVED:
            assert all(line.received_quantity == line.quantity for line in purchase.lines)
        elif purchase.status is m.PurchaseOrderStatus.PARTIALLY_RECEIVED:
            assert any(line.received_quantity < line.quantity for line in purchase.lines) and any(received)
        else:
            assert not any(received)
        for line in purchase.lines:
            assert receipts[(numbers[purchase.id], line.variant_id)] == line.received_quantity
    payables = list(db.scalars(select(m.Invoice).where(m.Invoice.direction == m.InvoiceDirection.PAYABLE)))
    received_ids = {
        purchase.id
        for purchase in purchases
        if purchase.status in (m.PurchaseOrderStatus.RECEIVED, m.PurchaseOrderStatus.PARTIALLY_RECEIVED)
    }
    assert {invoice.purchase_order_id for invoice in payables} == received_ids
    assert all(invoice.supplier_id and invoice.customer_id is None for invoice in payables)
    assert len({(invoice.supplier_id, invoice.number) for invoice in payables}) == len(payables)


def test_suppliers_have_vat_ids_and_valid_ibans(db: Session) -> None:
    suppliers = list(db.scalars(select(m.Supplier)))
    assert {supplier.country for supplier in suppliers} >= {"DE", "PL", "HR", "KR"}
    assert all(supplier.vat_id and supplier.lead_time_days > 0 for supplier in suppliers)
    for supplier in suppliers:
        if supplier.country == "KR":  # Korea does not use IBANs
            continue
        assert supplier.iban and supplier.iban.startswith(supplier.country)
        rearranged = supplier.iban[4:] + supplier.iban[:4]
        assert int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1, supplier.iban


def test_customers_are_mostly_companies_with_an_address_a_salesperson_and_ways_to_pay(db: Session) -> None:
    customers = list(db.scalars(select(m.Customer)))
    assert len({customer.email for customer in customers}) == len(customers)
    assert all(re.fullmatch(r"C-\d{5}", customer.code) for customer in customers)
    assert sum(customer.company_name is not None for customer in customers) > 0.8 * len(customers)
    assert {customer.region for customer in customers} == {
        "DACH",
        "Poland",
        "Adriatic",
        "Korea",
        "Rest of EU",
    }
    assert {customer.payment_terms_days for customer in customers} == {0, 14, 30, 60}
    sales_staff = set(
        db.scalars(
            select(m.Employee.id)
            .join(m.Department)
            .where(m.Department.code == "SALES", m.Employee.role == m.Role.STAFF)
        )
    )
    country_of_region = {
        "DACH": {"DE", "AT", "CH"},
        "Poland": {"PL"},
        "Adriatic": {"HR", "SI"},
        "Korea": {"KR"},
    }
    for customer in customers:
        assert customer.salesperson_id in sales_staff
        defaults = [address for address in customer.addresses if address.is_default]
        assert len(defaults) == 1
        if customer.region in country_of_region:
            assert defaults[0].country in country_of_region[customer.region]
        assert 1 <= len(customer.payment_methods) <= 2
        if customer.payment_terms_days:
            assert any(
                method.kind is m.PaymentMethodKind.BANK_TRANSFER for method in customer.payment_methods
            )
    methods = list(db.scalars(select(m.PaymentMethod)))
    assert len({method.code for method in methods}) == len(methods)
    cards = [method for method in methods if method.kind is m.PaymentMethodKind.CREDIT_CARD]
    assert cards and all(card.brand and card.last_four and len(card.last_four) == 4 for card in cards)
    gift_cards = [method for method in methods if method.kind is m.PaymentMethodKind.GIFT_CARD]
    assert gift_cards and all(card.balance is not None and card.balance > 0 for card in gift_cards)


def test_names_and_addresses_speak_german_polish_croatian_and_korean(db: Session) -> None:
    text = " ".join(
        itertools.chain(
            db.scalars(select(m.Customer.name)),
            db.scalars(select(m.Employee.name)),
            db.scalars(select(m.CustomerAddress.city)),
            db.scalars(select(m.Product.name)),
        )
    )
    assert re.search("[äöüßÄÖÜ]", text), "German"
    assert re.search("[ąęłńśźżŁŚŻ]", text), "Polish"
    assert re.search("[čćđšžĐČŠŽ]", text), "Croatian"
    assert re.search("[\uac00-\ud7a3]", text), "Korean Hangul"
    assert "Đurđević" in text


def test_orders_follow_the_seasons(db: Session) -> None:
    per_month = Counter(
        placed_at.strftime("%Y-%m") for placed_at in db.scalars(select(m.SalesOrder.placed_at))
    )
    full_months = [month for month in per_month if month not in (min(per_month), max(per_month))]

    def average(months: set[int]) -> float:
        counts = [per_month[month] for month in full_months if int(month[5:]) in months]
        return sum(counts) / len(counts)

    assert average({10, 11, 12}) > 1.25 * average({7, 8})
    assert average({9}) > average({7, 8})
    # Growth: the last twelve full months sold more than the twelve before.
    ordered = sorted(full_months)
    assert sum(per_month[month] for month in ordered[-12:]) > sum(
        per_month[month] for month in ordered[-24:-12]
    )


def test_staff_have_roles_managers_offices_and_leave(db: Session) -> None:
    employees = list(db.scalars(select(m.Employee)))
    roles = Counter(employee.role for employee in employees)
    assert roles[m.Role.ADMIN] >= 2 and roles[m.Role.FINANCE] >= 3 and roles[m.Role.MANAGER] >= 5
    assert roles[m.Role.STAFF] > 0 and roles[m.Role.EMPLOYEE] > 0
    assert sum(employee.manager_id is None for employee in employees) == 1
    assert {employee.locale for employee in employees} == {"de", "pl", "hr", "ko", "en"}
    assert len({employee.email for employee in employees}) == len(employees)
    slack_ids = [employee.slack_user_id for employee in employees if employee.slack_user_id]
    assert 20 <= len(slack_ids) < len(employees) and all(
        re.fullmatch(r"U0DEMO\d{3}", id_) for id_ in slack_ids
    )
    departments = set(db.scalars(select(m.Department.name)))
    assert {"Sales", "Finance", "Human Resources", "Purchasing"} <= departments

    balances = Counter(
        (balance.employee_id, balance.year)
        for balance in db.scalars(select(m.LeaveBalance))
        if balance.leave_type is m.LeaveType.ANNUAL
    )
    assert set(balances) == {
        (employee.id, year) for employee in employees for year in (AS_OF.year - 1, AS_OF.year)
    }
    entitled = {
        balance.entitled_days
        for balance in db.scalars(
            select(m.LeaveBalance).where(m.LeaveBalance.leave_type == m.LeaveType.ANNUAL)
        )
    }
    assert min(entitled) >= 20 and max(entitled) <= 30

    requests = list(db.scalars(select(m.LeaveRequest)))
    assert all(request.days > 0 and request.end_date >= request.start_date for request in requests)
    hired = {employee.id: employee.hired_on for employee in employees}
    assert all(request.start_date > (hired[request.employee_id] or date.min) for request in requests)
    pending = [request for request in requests if request.status is m.LeaveStatus.PENDING]
    assert pending and all(
        request.start_date > AS_OF and request.decided_by_id is None for request in pending
    )
    approved = [request for request in requests if request.status is m.LeaveStatus.APPROVED]
    assert sum(request.end_date < AS_OF for request in approved) >= 20
    assert all(
        request.decided_by_id and request.decided_at and request.decided_at < NOW for request in approved
    )


def test_the_books_stop_at_as_of(db: Session) -> None:
    happened = [
        m.SalesOrder.placed_at,
        m.SalesOrder.updated_at,
        m.Fulfillment.shipped_at,
        m.Fulfillment.delivered_at,
        m.StockMovement.occurred_at,
        m.OrderTransaction.occurred_at,
        m.PurchaseOrder.ordered_at,
        m.Invoice.created_at,
        m.InvoicePayment.created_at,
        m.LeaveRequest.created_at,
        m.LeaveRequest.decided_at,
        m.Customer.created_at,
        m.Employee.created_at,
    ]
    for column in happened:
        latest = db.scalar(select(func.max(column)))
        assert latest is not None and latest < NOW, column
    assert (db.scalar(select(func.max(m.InvoicePayment.paid_on))) or AS_OF) < AS_OF
    # What lies ahead: purchase orders still due, leave still to take.
    assert (db.scalar(select(func.max(m.PurchaseOrder.expected_on))) or AS_OF) > AS_OF
    assert (db.scalar(select(func.max(m.LeaveRequest.start_date))) or AS_OF) > AS_OF


def test_ids_chosen_by_the_demo_leave_room_for_new_rows(db: Session) -> None:
    # On PostgreSQL the id sequences must have been moved past the demo's explicit ids.
    savepoint = db.begin_nested()
    department = m.Department(code="NEW", name="New department")
    db.add(department)
    db.flush()
    assert department.id > 6
    savepoint.rollback()
