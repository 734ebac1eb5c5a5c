"""The schema as users of the database meet it: exact money, UTC times, constraints that refuse bad rows."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pytest_socket import SocketConnectBlockedError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from assistant.db import models as m
from tests.conftest import network_guard_installed
from tests.factories import make_customer, make_invoice, make_order, make_product


def test_money_round_trips_exactly(db_session: Session) -> None:
    product = make_product(db_session, variants=1)
    variant = product.variants[0]
    variant.price = Decimal("1234567.89")
    db_session.commit()
    db_session.expire_all()
    stored = db_session.scalar(select(m.Variant.price).where(m.Variant.id == variant.id))
    assert stored == Decimal("1234567.89")
    assert isinstance(stored, Decimal)


def test_money_refuses_float(db_session: Session) -> None:
    product = make_product(db_session, variants=1)
    product.variants[0].price = 10.1  # type: ignore[assignment]
    with pytest.raises(StatementError, match="never float"):
        db_session.flush()


def test_timestamps_come_back_aware_in_utc(db_session: Session) -> None:
    customer = make_customer(db_session)
    product = make_product(db_session, variants=1)
    warsaw = timezone(timedelta(hours=1))
    order = make_order(
        db_session,
        customer,
        [(product.variants[0], 1)],
        placed_at=datetime(2026, 3, 1, 12, 30, tzinfo=warsaw),
    )
    db_session.commit()
    db_session.expire_all()
    placed = db_session.scalar(select(m.SalesOrder.placed_at).where(m.SalesOrder.id == order.id))
    assert placed == datetime(2026, 3, 1, 11, 30, tzinfo=UTC)
    assert placed is not None and placed.utcoffset() == timedelta(0)


def test_naive_timestamp_is_refused(db_session: Session) -> None:
    customer = make_customer(db_session)
    product = make_product(db_session, variants=1)
    with pytest.raises(StatementError, match="naive datetime"):
        make_order(db_session, customer, [(product.variants[0], 1)], placed_at=datetime(2026, 3, 1))  # noqa: DTZ001


def test_negative_stock_is_refused(db_session: Session) -> None:
    product = make_product(db_session, variants=1)
    warehouse = m.Warehouse(code="WX", name="X", country="DE", city="Berlin")
    db_session.add(warehouse)
    db_session.flush()
    db_session.add(m.StockLevel(variant_id=product.variants[0].id, warehouse_id=warehouse.id, on_hand=-1))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_invoice_total_must_equal_net_plus_tax(db_session: Session) -> None:
    customer = make_customer(db_session)
    with pytest.raises(IntegrityError):
        make_invoice(db_session, customer, total=Decimal("100.00"), tax_amount=Decimal("1.00"))


def test_order_line_quantity_must_be_positive(db_session: Session) -> None:
    customer = make_customer(db_session)
    product = make_product(db_session, variants=1)
    with pytest.raises(IntegrityError):
        make_order(db_session, customer, [(product.variants[0], 0)])


def test_foreign_keys_are_enforced(db_session: Session) -> None:
    db_session.add(m.CustomerAddress(customer_id=999_999, line1="x", city="y", postal_code="1", country="DE"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_each_test_starts_from_an_empty_company(db_session: Session) -> None:
    # The savepoint fixture rolled back whatever earlier tests committed.
    assert db_session.scalar(select(m.Customer.id).where(m.Customer.email.like("%@example.test"))) is None


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_network_outside_loopback_is_blocked() -> None:
    assert network_guard_installed(), "pytest-socket must guard socket.connect in every test"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(SocketConnectBlockedError):
        sock.connect(("203.0.113.7", 443))  # TEST-NET-3: refused by the guard before any packet leaves
