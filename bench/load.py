"""Mixed load on the scale-out layout's API (a benchmark, bounded in count and time; loopback only).

Builds a fresh PostgreSQL database with the demo company (bench/api.py's helpers), starts the API with
several uvicorn worker processes, then runs one mixed workload with `--concurrency` requests in flight:

- chat turns of the offline model (a stock question: one tool call);
- stock look-ups and order look-ups through `POST /tools/{name}` (read tools);
- proposals made in chat by a staff member (cancelling pending orders "ordered by mistake", stock found in a
  count);
- approvals by a manager of proposals made before and during the run (stock adjustments and cancellations);
- document uploads (small text receipts, each different).

Operations are interleaved in a fixed, seeded order. Afterwards it checks what must hold whatever the load:
every stock level equals its ledger, every approval that answered 200 executed its action exactly once,
every cancelled order's refunds equal its payments, and the audit chain verifies. Prints a Markdown table
(throughput and p50/p99 per operation) and the checks, for docs/BENCHMARKS.md.

    .venv/bin/python bench/load.py [--workers 2] [--operations 600] [--concurrency 8] [--max-seconds 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import RECEIPT, Company, build_company, fresh_database, propose, serve

from assistant import audit
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import (
    ActionStatus,
    AuditRecord,
    OrderStatus,
    PendingAction,
    SalesOrder,
    StockLevel,
    StockMovement,
    TransactionKind,
)

# Share of each operation in the mix (they add up to 1).
MIX = {
    "chat": 0.30,
    "stock lookup": 0.20,
    "order lookup": 0.15,
    "proposal (chat)": 0.10,
    "approval": 0.15,
    "upload": 0.10,
}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    approved: list[str] = field(default_factory=list)  # actions whose approval answered 200
    cancelled_orders: set[str] = field(default_factory=set)


def pending_orders(company: Company) -> list[str]:
    engine = make_engine(company.settings.effective_database_url)
    with session_scope(make_session_factory(engine)) as session:
        numbers = list(
            session.scalars(
                select(SalesOrder.number)
                .where(SalesOrder.status == OrderStatus.PENDING)
                .order_by(SalesOrder.number)
                .limit(200)
            )
        )
    engine.dispose()
    return numbers


async def run_mix(base: str, company: Company, args: argparse.Namespace, seeded: list[str]) -> Tally:
    """The mixed workload: a seeded schedule of operations, `concurrency` in flight, stops at the time cap."""
    rng = random.Random(20261124)
    names = list(MIX)
    schedule = rng.choices(names, weights=[MIX[name] for name in names], k=args.operations)
    orders = pending_orders(company)  # each cancelled at most once (popped)
    known_orders = list(orders)  # looked up any number of times
    approvable = list(seeded)  # proposals waiting for the manager, filled further by chat proposals
    tally = Tally()
    deadline = time.monotonic() + args.max_seconds
    position = 0
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        def chat(index: int) -> Awaitable[httpx.Response]:
            sku, warehouse = company.stock[index % len(company.stock)]
            return client.post(
                "/chat",
                headers=company.staff,
                json={"message": f"How many {sku} are in stock in {warehouse}?"},
            )

        def stock_lookup(index: int) -> Awaitable[httpx.Response]:
            sku, _ = company.stock[index % len(company.stock)]
            return client.post("/tools/get_stock", headers=company.staff, json={"sku": sku})

        def order_lookup(index: int) -> Awaitable[httpx.Response]:
            number = known_orders[index % len(known_orders)]
            return client.post("/tools/get_order", headers=company.staff, json={"number": number})

        async def proposal(index: int) -> httpx.Response:
            number = orders.pop() if orders and index % 2 else None
            if number:
                message = f"Please cancel {number}, the customer ordered by mistake"
            else:
                sku, warehouse = company.stock[index % len(company.stock)]
                message = f"We found 2 extra {sku} in {warehouse} during the count, please book them in"
            response = await client.post("/chat", headers=company.staff, json={"message": message})
            if response.is_success:
                for action in response.json().get("proposals", []):
                    approvable.append(action["id"])
                    if number:
                        tally.cancelled_orders.add(number)
            return response

        async def approval(index: int) -> httpx.Response:
            if not approvable:
                return await stock_lookup(index)
            action_id = approvable.pop()  # the newest first: chat proposals get decided during the run too
            response = await client.post(
                f"/actions/{action_id}/approve", headers=company.manager, json={"note": "load test"}
            )
            if response.status_code == 200:
                tally.approved.append(action_id)
            return response

        def upload(index: int) -> Awaitable[httpx.Response]:
            body = RECEIPT.format(number=f"load-{index}-{time.time_ns()}", amount=f"{40 + index % 60}.00")
            files = {"file": (f"receipt-load-{index}.txt", body.encode(), "text/plain")}
            return client.post("/documents", headers=company.staff, files=files)

        operations: dict[str, Callable[[int], Awaitable[httpx.Response]]] = {
            "chat": chat,
            "stock lookup": stock_lookup,
            "order lookup": order_lookup,
            "proposal (chat)": proposal,
            "approval": approval,
            "upload": upload,
        }

        async def worker() -> None:
            nonlocal position
            while position < len(schedule) and time.monotonic() < deadline:
                index, position = position, position + 1
                name = schedule[index]
                started = time.perf_counter()
                response = await operations[name](index)
                tally.latencies[name].append(time.perf_counter() - started)
                if not response.is_success:
                    tally.errors[name] += 1
                    if tally.errors[name] <= 2:
                        print(f"  {name}: {response.status_code} {response.text[:160]}", file=sys.stderr)

        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    return tally


def check(company: Company, tally: Tally) -> list[str]:
    """What must hold after the load; returns the lines to print (raises when something does not hold)."""
    engine = make_engine(company.settings.effective_database_url)
    problems: list[str] = []
    with session_scope(make_session_factory(engine)) as session:
        ledger = {
            (variant_id, warehouse_id): total
            for variant_id, warehouse_id, total in session.execute(
                select(
                    StockMovement.variant_id, StockMovement.warehouse_id, func.sum(StockMovement.quantity)
                ).group_by(StockMovement.variant_id, StockMovement.warehouse_id)
            )
        }
        levels = session.scalars(select(StockLevel)).all()
        off = [
            level
            for level in levels
            if ledger.get((level.variant_id, level.warehouse_id), 0) != level.on_hand
        ]
        if off:
            problems.append(f"{len(off)} stock levels differ from their ledger")
        statuses = dict(
            session.execute(
                select(PendingAction.id, PendingAction.status).where(PendingAction.id.in_(tally.approved))
            ).all()
        )
        not_executed = [
            action for action in tally.approved if statuses.get(action) is not ActionStatus.EXECUTED
        ]
        if not_executed:
            problems.append(f"{len(not_executed)} approved actions did not execute")
        executions = audit_executions(session, tally.approved)
        twice = [action for action, count in executions.items() if count != 1]
        if twice:
            problems.append(f"{len(twice)} actions executed other than once")
        refunds_off = 0
        cancelled = session.scalars(
            select(SalesOrder).where(
                SalesOrder.number.in_(tally.cancelled_orders), SalesOrder.status == OrderStatus.CANCELLED
            )
        ).all()
        for order in cancelled:
            paid = sum(
                (t.amount for t in order.transactions if t.kind is TransactionKind.PAYMENT), Decimal(0)
            )
            refunded = sum(
                (t.amount for t in order.transactions if t.kind is TransactionKind.REFUND), Decimal(0)
            )
            refunds_off += paid != refunded
        if refunds_off:
            problems.append(f"{refunds_off} cancelled orders are not refunded exactly")
        report = audit.verify(session)
        if not report.ok:
            problems.append(f"audit chain: {report.problems}")
    engine.dispose()
    if problems:
        raise SystemExit("inconsistent after the load: " + "; ".join(problems))
    return [
        f"- {len(levels):,} stock levels equal their ledger;",
        f"- {len(tally.approved):,} approvals answered 200, each action executed exactly once (audit);",
        f"- {len(cancelled):,} orders cancelled under load, each refunded exactly what was paid;",
        f"- audit chain of {report.records:,} records verified.",
    ]


def audit_executions(session: Session, action_ids: list[str]) -> dict[str, int]:
    """How many 'executed' audit records each action has."""
    counts = dict(
        session.execute(
            select(AuditRecord.subject_id, func.count())
            .where(AuditRecord.subject_id.in_(action_ids), AuditRecord.event == "action.executed")
            .group_by(AuditRecord.subject_id)
        ).all()
    )
    return {action: int(counts.get(action, 0)) for action in action_ids}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--operations", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--seeded-proposals", type=int, default=60)
    parser.add_argument("--port", type=int, default=8775)
    args = parser.parse_args()

    started = time.perf_counter()
    load_before = os.getloadavg()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        with fresh_database(args.server_url) as url:
            company = build_company(url, data_dir)
            seeded = propose(company, args.seeded_proposals, run=0)
            with serve(company, args.workers, args.port) as base:
                run_started = time.perf_counter()
                tally = asyncio.run(run_mix(base, company, args, seeded))
                wall = time.perf_counter() - run_started
            checks = check(company, tally)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    load_after = os.getloadavg()
    total = sum(len(values) for values in tally.latencies.values())
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()} ({os.cpu_count()} cores, Python "
        f"{platform.python_version()}), PostgreSQL at {make_url(args.server_url).host}; {args.workers} uvicorn "
        f"workers, concurrency {args.concurrency}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} "
        f"after; {total} operations in {wall:.1f} s = {total / wall:.1f}/s overall; total run "
        f"{time.perf_counter() - started:.0f} s."
    )
    print()
    print("| operation | count | errors | per second | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in MIX:
        values = sorted(tally.latencies.get(name, []))
        if not values:
            continue
        p50 = values[len(values) // 2] * 1000
        p99 = values[min(len(values) - 1, int(0.99 * len(values)))] * 1000
        print(
            f"| {name} | {len(values)} | {tally.errors.get(name, 0)} | {len(values) / wall:.1f} | {p50:.0f} | "
            f"{p99:.0f} |"
        )
    print()
    print("\n".join(checks))


if __name__ == "__main__":
    main()
