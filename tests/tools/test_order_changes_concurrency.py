"""Many approvals of new orders at once, on a real database (the run's SQLite or PostgreSQL): stock is never
over-reserved, every order either executes or fails for lack of stock (never a deadlock), and each action runs
once. These tests commit for real, so they use a fresh database."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import ActionStatus, PendingAction, Role, SalesOrderLine, StockLevel
from assistant.settings import Settings
from tests.factories import (
    make_customer,
    make_employee,
    make_payment_method,
    make_product,
    make_stock,
    make_warehouse,
)
from tests.support import approve_in_own_transaction
from tools.base import CurrentUser, ToolContext
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry

ON_HAND = 30
ORDERS = 40
THREADS = 8


@dataclass
class World:
    factory: sessionmaker[Session]
    settings: Settings
    requester: CurrentUser
    managers: list[CurrentUser]
    customers: list[tuple[str, str]]  # (email, card code)
    skus: list[str]


@pytest.fixture
def world(empty_database_url: str) -> Iterator[World]:
    postgres = "postgresql" in empty_database_url
    engine = (
        make_engine(empty_database_url, pool_size=20, max_overflow=20)
        if postgres
        else make_engine(empty_database_url)
    )
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        requester = make_employee(session, role=Role.STAFF)
        managers = [make_employee(session, role=Role.MANAGER) for _ in range(4)]
        warehouse = make_warehouse(session, code="HAM", country="HR")
        product = make_product(session, variants=2)
        for variant in product.variants:
            make_stock(session, variant, warehouse, on_hand=ON_HAND)
        customers = []
        for _ in range(12):
            customer = make_customer(session)
            customers.append((customer.email, make_payment_method(session, customer).code))
        world = World(
            factory=factory,
            settings=Settings(database_url=empty_database_url),
            requester=CurrentUser.of(requester),
            managers=[CurrentUser.of(m) for m in managers],
            customers=customers,
            skus=[variant.sku for variant in product.variants],
        )
    yield world
    engine.dispose()


def _propose_orders(world: World) -> list[str]:
    """ORDERS orders of one unit of each SKU, the lines in alternating order: every order needs both rows."""
    ids = []
    with session_scope(world.factory) as session:
        ctx = ToolContext(session=session, user=world.requester, settings=world.settings)
        for index in range(ORDERS):
            email, card = world.customers[index % len(world.customers)]
            skus = world.skus if index % 2 else world.skus[::-1]
            result = call_tool(
                ctx,
                default_registry(),
                "create_sales_order",
                {
                    "customer": email,
                    "payment_method": card,
                    "notes": f"order {index}",
                    "lines": [{"sku": sku, "quantity": 1} for sku in skus],
                },
            )
            assert isinstance(result, Proposal)
            ids.append(result.action.id)
    return ids


def _approve(world: World, action_id: str, approver: CurrentUser) -> str:
    return approve_in_own_transaction(world.factory, world.settings, action_id, approver)


def test_racing_order_approvals_never_oversell(world: World) -> None:
    action_ids = _propose_orders(world)
    rng = random.Random(7)
    outcomes: Counter[str] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(thread: int) -> None:
        order = list(action_ids)
        rng_local = random.Random(rng.random() + thread)
        rng_local.shuffle(order)
        start.wait()
        for action_id in order:
            try:
                result = _approve(world, action_id, world.managers[thread % len(world.managers)])
            except BaseException as error:  # reported below; a thread must not die silently
                errors.append(error)
                return
            with lock:
                outcomes[result] += 1

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors, errors
    assert outcomes == Counter(
        {"executed": ON_HAND, "failed": ORDERS - ON_HAND, "already decided": ORDERS * (THREADS - 1)}
    )
    with session_scope(world.factory) as session:
        reserved = session.scalars(select(StockLevel.reserved)).all()
        assert reserved == [ON_HAND, ON_HAND]
        units = session.scalar(select(func.sum(SalesOrderLine.quantity)))
        assert units == 2 * ON_HAND
        failures = session.scalars(
            select(PendingAction.error).where(PendingAction.status == ActionStatus.FAILED)
        )
        assert {error.split(":")[0] for error in failures if error} == {
            "Warehouse HAM cannot fill this order"  # the warehouse the proposal named
        }
