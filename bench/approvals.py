"""Approvals per second on PostgreSQL with several worker processes (a benchmark, not a test).

Creates a throwaway database, proposes N stock adjustments spread over a few SKUs (so workers contend for the
same stock rows and the audit chain, as real approvals do), then W processes approve them concurrently, each
in its own transaction through the real engine (claim, re-plan, execute, audit). The baseline in the same run
is the bare claim: one conditional UPDATE per transaction with the same workers, which is the floor any
exactly-once approval pays. Prints a Markdown row for docs/BENCHMARKS.md.

    .venv/bin/python bench/approvals.py [--actions 3000] [--workers 4] [--server-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import platform
import statistics
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from assistant import audit, confirmations
from assistant.confirmations import ActionDecisionError
from assistant.db.engine import make_engine, make_session_factory, run_in_transaction, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import (
    ActionStatus,
    Employee,
    MovementKind,
    PendingAction,
    Product,
    Role,
    StockLevel,
    StockMovement,
    Variant,
    Warehouse,
)
from assistant.db.types import utcnow
from assistant.settings import Settings
from tools.base import CurrentUser, ToolContext
from tools.invoke import call_tool
from tools.registry import default_registry

SKUS = 20


def seed(url: str, actions: int) -> list[str]:
    engine = make_engine(url)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        staff = Employee(email="staff@bench.test", name="Bench Staff", role=Role.STAFF)
        managers = [
            Employee(email=f"m{n}@bench.test", name=f"Manager {n}", role=Role.MANAGER) for n in range(4)
        ]
        warehouse = Warehouse(code="HAM", name="Hamburg", country="DE", city="Hamburg")
        product = Product(code="BENCH", name="Bench chair")
        for index in range(SKUS):
            product.variants.append(
                Variant(sku=f"B-{index}", price=Decimal("20.00"), cost=Decimal("10.00"), position=index)
            )
        session.add_all([staff, *managers, warehouse, product])
        session.flush()
        for variant in product.variants:
            session.add(StockLevel(variant_id=variant.id, warehouse_id=warehouse.id, on_hand=100_000))
            session.add(
                StockMovement(
                    variant_id=variant.id,
                    warehouse_id=warehouse.id,
                    quantity=100_000,
                    kind=MovementKind.OPENING,
                )
            )
        session.flush()
        ctx = ToolContext(session=session, user=CurrentUser.of(staff), settings=Settings(database_url=url))
        ids = []
        for index in range(actions):
            proposal = call_tool(
                ctx,
                default_registry(),
                "adjust_stock",
                {"sku": f"B-{index % SKUS}", "warehouse": "HAM", "change": 1, "reason": f"bench {index}"},
            )
            ids.append(proposal.action.id)  # type: ignore[attr-defined]
    engine.dispose()
    return ids


def approve_worker(url: str, action_ids: list[str], approver_email: str, ready: object, go: object) -> None:
    engine = make_engine(
        url, pool_size=1, max_overflow=0, pool_pre_ping=os.environ.get("BENCH_PRE_PING", "1") == "1"
    )
    factory = make_session_factory(engine)
    settings = Settings(database_url=url)
    registry = default_registry()
    with session_scope(factory) as session:
        approver = CurrentUser.of(
            session.scalars(select(Employee).where(Employee.email == approver_email)).one()
        )
    ready.release()  # type: ignore[attr-defined]
    go.wait()  # type: ignore[attr-defined]
    for action_id in action_ids:

        def work(session: object, action_id: str = action_id) -> None:
            with contextlib.suppress(ActionDecisionError):  # another worker got there first
                confirmations.approve(
                    session,
                    registry=registry,
                    settings=settings,  # type: ignore[arg-type]
                    action_id=action_id,
                    approver=approver,
                    now=utcnow(),
                )

        run_in_transaction(factory, work, attempts=20)  # type: ignore[arg-type]
    engine.dispose()


def claim_worker(url: str, action_ids: list[str], ready: object, go: object) -> None:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    ready.release()  # type: ignore[attr-defined]
    go.wait()  # type: ignore[attr-defined]
    for action_id in action_ids:
        with engine.begin() as connection:
            connection.execute(
                update(PendingAction)
                .where(PendingAction.id == action_id, PendingAction.status == ActionStatus.PENDING)
                .values(status=ActionStatus.WITHDRAWN)
            )
    engine.dispose()


def run_phase(target: object, jobs: list[tuple[object, ...]]) -> float:
    """Start one process per job, release them together, return the wall time until the last one ends."""
    context = multiprocessing.get_context("spawn")
    ready = context.Semaphore(0)
    go = context.Event()
    processes = [context.Process(target=target, args=(*job, ready, go)) for job in jobs]  # type: ignore[arg-type]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    started = time.perf_counter()
    go.set()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"worker failed with exit code {process.exitcode}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=1000, help="approvals per round (and as many claims)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the median is reported")
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 4])
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
    )
    options = parser.parse_args()

    server = make_url(options.server_url)
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        per_setting = 2 * options.actions * options.rounds
        ids = seed(url, per_setting * len(options.workers))
        today = datetime.now(UTC).date().isoformat()
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        for setting, workers in enumerate(options.workers):
            pool = ids[setting * per_setting : (setting + 1) * per_setting]
            rates, base_rates = [], []
            for round_index in range(options.rounds):
                chunk = pool[round_index * 2 * options.actions : (round_index + 1) * 2 * options.actions]
                measured, baseline = chunk[: options.actions], chunk[options.actions :]
                jobs = [(url, measured[i::workers], f"m{i % 4}@bench.test") for i in range(workers)]
                rates.append(len(measured) / run_phase(approve_worker, jobs))
                claims = [(url, baseline[i::workers]) for i in range(workers)]
                base_rates.append(len(baseline) / run_phase(claim_worker, claims))
            rate, base = statistics.median(rates), statistics.median(base_rates)
            print(
                f"| {today} | {machine} | {workers} processes | {options.rounds} x {options.actions} "
                f"| **{rate:.0f}/s** (min {min(rates):.0f}, max {max(rates):.0f}) | {base:.0f}/s "
                f"| {rate / base:.2f} |",
                flush=True,
            )
        _check(url, executed=options.actions * options.rounds * len(options.workers))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _check(url: str, *, executed: int) -> None:
    """Every measured approval executed exactly once and the audit chain holds."""
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        count = len(
            session.scalars(
                select(PendingAction.id).where(PendingAction.status == ActionStatus.EXECUTED)
            ).all()
        )
        report = audit.verify(session)
    engine.dispose()
    if count != executed or not report.ok:
        raise SystemExit(f"inconsistent: {count} executed of {executed}; audit problems: {report.problems}")
    print(f"checked: {count} approvals executed once each; audit chain of {report.records} records verified")


if __name__ == "__main__":
    main()
