"""Exactly once under concurrency and crashes, on a real database (the run's SQLite or PostgreSQL).

These tests commit for real, so each uses its own fresh database.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant import audit, confirmations
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import (
    ActionStatus,
    AuditRecord,
    OrderStatus,
    OrderTransaction,
    PaymentMethod,
    PaymentMethodKind,
    PendingAction,
    Role,
    SalesOrder,
    StockLevel,
    StockMovement,
    TransactionKind,
    Variant,
)
from assistant.settings import Settings
from tests.crash_approver import EXIT_CODE
from tests.factories import (
    make_customer,
    make_employee,
    make_order,
    make_payment_method,
    make_product,
    make_stock,
    make_warehouse,
)
from tests.support import approve_in_own_transaction
from tools.base import CurrentUser, ToolContext
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry

SKUS = 10
OPENING = 1000
ORDERS = 50
GIFT_CARD_BALANCE = Decimal("100.00")


@dataclass
class World:
    url: str
    factory: sessionmaker[Session]
    settings: Settings
    requester: CurrentUser
    managers: list[CurrentUser]
    manager_emails: list[str]
    skus: list[str]
    orders: list[tuple[str, str, Decimal]]  # pending order number, its gift card, amount paid with it


@pytest.fixture
def world(empty_database_url: str) -> Iterator[World]:
    engine = (
        make_engine(empty_database_url, pool_size=20, max_overflow=40)
        if "postgresql" in empty_database_url
        else make_engine(empty_database_url)
    )
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        requester = make_employee(session, role=Role.STAFF)
        managers = [make_employee(session, role=Role.MANAGER) for _ in range(5)]
        warehouse = make_warehouse(session, code="HAM")
        product = make_product(session, variants=SKUS)
        for variant in product.variants:
            variant.cost = Decimal("10.00")
            make_stock(session, variant, warehouse, on_hand=OPENING)
        skus = [variant.sku for variant in product.variants]
        orders = []
        for index in range(ORDERS):
            customer = make_customer(session)
            gift_card = make_payment_method(
                session,
                customer,
                code=f"gift_card_race{index}",
                kind=PaymentMethodKind.GIFT_CARD,
                brand=None,
                last_four=None,
                balance=GIFT_CARD_BALANCE,
            )
            order = make_order(session, customer, [(product.variants[index % SKUS], 1 + index % 2)])
            session.add(
                OrderTransaction(
                    order_id=order.id,
                    kind=TransactionKind.PAYMENT,
                    amount=order.total,
                    payment_method_id=gift_card.id,
                )
            )
            orders.append((order.number, gift_card.code, order.total))
        world = World(
            url=empty_database_url,
            factory=factory,
            settings=Settings(database_url=empty_database_url),
            requester=CurrentUser.of(requester),
            managers=[CurrentUser.of(manager) for manager in managers],
            manager_emails=[manager.email for manager in managers],
            skus=skus,
            orders=orders,
        )
    yield world
    engine.dispose()


def _propose(world: World, count: int) -> list[tuple[str, str, int]]:
    """`count` stock adjustments spread over the SKUs; returns (action id, sku, change)."""
    proposals = []
    with session_scope(world.factory) as session:
        ctx = ToolContext(session=session, user=world.requester, settings=world.settings)
        for index in range(count):
            sku = world.skus[index % SKUS]
            change = 1 + index % 3
            result = call_tool(
                ctx,
                default_registry(),
                "adjust_stock",
                {"sku": sku, "warehouse": "HAM", "change": change, "reason": f"count {index}"},
            )
            assert isinstance(result, Proposal)
            proposals.append((result.action.id, sku, change))
    return proposals


def _approve_once(world: World, action_id: str, approver: CurrentUser) -> str:
    return approve_in_own_transaction(world.factory, world.settings, action_id, approver)


def _run_threads(jobs: list[list[tuple[str, CurrentUser]]], world: World) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def worker(job: list[tuple[str, CurrentUser]]) -> None:
        start.wait()
        for action_id, approver in job:
            try:
                result = _approve_once(world, action_id, approver)
            except BaseException as error:  # surfaced below; a thread must not die silently
                errors.append(error)
                return
            with lock:
                outcomes[result] += 1

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    return outcomes


def _stock(world: World) -> dict[str, int]:
    with session_scope(world.factory) as session:
        rows = session.execute(select(StockLevel.variant_id, StockLevel.on_hand)).all()

        skus = {row[0]: row[1] for row in session.execute(select(Variant.id, Variant.sku))}
        return {skus[variant_id]: on_hand for variant_id, on_hand in rows}


def test_fifty_threads_approving_one_action_execute_it_once(world: World) -> None:
    [(action_id, sku, change)] = _propose(world, 1)
    jobs = [[(action_id, world.managers[index % 5])] for index in range(50)]
    outcomes = _run_threads(jobs, world)
    assert outcomes == Counter({"executed": 1, "already decided": 49})
    assert _stock(world)[sku] == OPENING + change
    with session_scope(world.factory) as session:
        adjustments = session.scalar(
            select(func.count()).select_from(StockMovement).where(StockMovement.kind == "adjustment")
        )
        assert adjustments == 1
        assert audit.verify(session).ok


def _propose_cancellations(world: World) -> list[str]:
    with session_scope(world.factory) as session:
        ctx = ToolContext(session=session, user=world.requester, settings=world.settings)
        ids = []
        for number, _, _ in world.orders:
            result = call_tool(
                ctx, default_registry(), "cancel_order", {"order": number, "reason": "no longer needed"}
            )
            assert isinstance(result, Proposal)
            ids.append(result.action.id)
        return ids


def test_a_thousand_racing_approvals_over_a_hundred_actions(world: World) -> None:
    adjustments = _propose(world, 50)
    cancellations = _propose_cancellations(world)
    action_ids = [action_id for action_id, _, _ in adjustments] + cancellations
    assert len(set(action_ids)) == 100
    rng = random.Random(5)
    jobs = []
    for thread in range(10):
        order = [(action_id, world.managers[thread % 5]) for action_id in action_ids]
        rng.shuffle(order)
        jobs.append(order)
    outcomes = _run_threads(jobs, world)
    assert outcomes == Counter({"executed": 100, "already decided": 900})

    expected = dict.fromkeys(world.skus, OPENING)
    for _, sku, change in adjustments:
        expected[sku] += change
    assert _stock(world) == expected
    with session_scope(world.factory) as session:
        statuses = Counter(session.scalars(select(PendingAction.status)).all())
        assert statuses == Counter({ActionStatus.EXECUTED: 100})
        ledger = dict(
            session.execute(
                select(StockMovement.variant_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.variant_id
                )
            ).all()
        )
        on_hand = dict(session.execute(select(StockLevel.variant_id, StockLevel.on_hand)).all())
        assert ledger == on_hand  # the movement ledger explains every unit
        for number, gift_card_code, paid in world.orders:
            order = session.scalars(select(SalesOrder).where(SalesOrder.number == number)).one()
            assert order.status is OrderStatus.CANCELLED
            assert [(t.kind, t.amount) for t in order.transactions] == [
                (TransactionKind.PAYMENT, paid),
                (TransactionKind.REFUND, paid),
            ]  # refunded exactly once
            card = session.scalars(select(PaymentMethod).where(PaymentMethod.code == gift_card_code)).one()
            assert card.balance == GIFT_CARD_BALANCE + paid
        report = audit.verify(session)
        assert report.ok, report.problems
        assert report.records == 300  # proposed, approved, executed for each
        assert (
            session.scalar(
                select(func.count()).select_from(AuditRecord).where(AuditRecord.event == "action.executed")
            )
            == 100
        )


def test_worker_killed_mid_approval_leaves_nothing_half_done(world: World) -> None:
    [(action_id, sku, change)] = _propose(world, 1)
    crashed = subprocess.run(
        [sys.executable, "-m", "tests.crash_approver", world.url, action_id, world.manager_emails[0]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert crashed.returncode == EXIT_CODE, crashed.stderr
    assert _stock(world)[sku] == OPENING
    with session_scope(world.factory) as session:
        assert confirmations.get_action(session, action_id).status is ActionStatus.PENDING
        assert audit.verify(session).ok

    outcomes = _run_threads([[(action_id, world.managers[1])], [(action_id, world.managers[2])]], world)
    assert outcomes == Counter({"executed": 1, "already decided": 1})
    assert _stock(world)[sku] == OPENING + change


def test_identical_proposals_racing_end_as_one_pending_action(world: World) -> None:
    ids: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def propose_once() -> None:
        start.wait()
        try:
            with session_scope(world.factory) as session:
                ctx = ToolContext(session=session, user=world.requester, settings=world.settings)
                arguments = {"sku": world.skus[0], "warehouse": "HAM", "change": 1, "reason": "double click"}
                result = call_tool(ctx, default_registry(), "adjust_stock", arguments)
                assert isinstance(result, Proposal)
                with lock:
                    ids.append(result.action.id)
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=propose_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(ids) == 8 and len(set(ids)) == 1
    with session_scope(world.factory) as session:
        assert session.scalar(select(func.count()).select_from(PendingAction)) == 1
        assert audit.verify(session).records == 1
