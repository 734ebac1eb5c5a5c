"""A small back office on a fresh database, committed for real, and the invariants every fault must keep."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant import audit
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import (
    ActionStatus,
    AuditRecord,
    MovementKind,
    PendingAction,
    Role,
    StockLevel,
    StockMovement,
    Variant,
)
from assistant.settings import Settings
from tests.factories import make_employee, make_product, make_stock, make_warehouse
from tools.base import CurrentUser, ToolContext
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry

SKUS = 5
OPENING = 1000
WAREHOUSE = "HAM"


@dataclass
class World:
    url: str
    engine: Engine
    factory: sessionmaker[Session]
    settings: Settings
    requester: CurrentUser
    managers: list[CurrentUser]
    skus: list[str]

    def ctx(self, session: Session, user: CurrentUser | None = None) -> ToolContext:
        return ToolContext(session=session, user=user or self.requester, settings=self.settings)

    def dispose(self) -> None:
        self.engine.dispose()


def build_world(url: str, settings: Settings) -> World:
    engine = make_engine(url, pool_size=10, max_overflow=20)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        requester = make_employee(session, role=Role.STAFF)
        managers = [make_employee(session, role=Role.MANAGER) for _ in range(4)]
        warehouse = make_warehouse(session, code=WAREHOUSE)
        product = make_product(session, variants=SKUS)
        for variant in product.variants:
            variant.cost = Decimal("10.00")
            make_stock(session, variant, warehouse, on_hand=OPENING)
        return World(
            url=url,
            engine=engine,
            factory=factory,
            settings=settings,
            requester=CurrentUser.of(requester),
            managers=[CurrentUser.of(manager) for manager in managers],
            skus=[variant.sku for variant in product.variants],
        )


def adjustment(index: int, skus: list[str]) -> dict[str, object]:
    """The index-th stock correction of a load: its reason names it, so its movement can be counted."""
    return {
        "sku": skus[index % len(skus)],
        "warehouse": WAREHOUSE,
        "change": 1 + index % 3,
        "reason": f"fault {index}",
    }


def propose(world: World, session: Session, index: int) -> str:
    result = call_tool(world.ctx(session), default_registry(), "adjust_stock", adjustment(index, world.skus))
    assert isinstance(result, Proposal)
    return result.action.id


@dataclass(frozen=True)
class Invariants:
    statuses: Counter[ActionStatus]
    executed_ids: set[str]
    audit_records: int


def check_invariants(world: World, proposed: dict[str, int]) -> Invariants:
    """`proposed`: action id -> index of the adjustment. Every action is pending or executed (never approved
    and left, never failed); each executed one moved stock exactly once, a pending one not at all; the stock
    ledger explains every unit on hand; the audit chain verifies and has one record per step."""
    with session_scope(world.factory) as session:
        actions = {action.id: action for action in session.scalars(select(PendingAction))}
        assert set(actions) == set(proposed), "an action was lost, or one nobody proposed appeared"
        statuses = Counter(action.status for action in actions.values())
        assert set(statuses) <= {ActionStatus.PENDING, ActionStatus.EXECUTED}, statuses
        movements = Counter(
            session.scalars(
                select(StockMovement.reason).where(StockMovement.kind == MovementKind.ADJUSTMENT)
            ).all()
        )
        expected = dict.fromkeys(world.skus, OPENING)
        for action_id, index in proposed.items():
            args = adjustment(index, world.skus)
            times = 1 if actions[action_id].status is ActionStatus.EXECUTED else 0
            assert movements[args["reason"]] == times, (action_id, args["reason"], movements[args["reason"]])
            expected[str(args["sku"])] += int(args["change"]) * times  # type: ignore[call-overload]
        assert sum(movements.values()) == statuses[ActionStatus.EXECUTED]
        ledger = dict(
            session.execute(
                select(StockMovement.variant_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.variant_id
                )
            ).all()
        )
        on_hand = dict(session.execute(select(StockLevel.variant_id, StockLevel.on_hand)).all())
        assert ledger == on_hand, "the movement ledger does not explain the stock on hand"
        sku_of = dict(session.execute(select(Variant.id, Variant.sku)).all())
        assert {sku_of[variant]: units for variant, units in on_hand.items()} == expected
        report = audit.verify(session)
        assert report.ok, report.problems
        events = Counter(session.scalars(select(AuditRecord.event)).all())
        assert events["action.proposed"] == len(proposed)
        assert events["action.executed"] == statuses[ActionStatus.EXECUTED] == events["action.approved"]
        executed = {
            action_id for action_id, action in actions.items() if action.status is ActionStatus.EXECUTED
        }
        return Invariants(statuses=statuses, executed_ids=executed, audit_records=report.records)
