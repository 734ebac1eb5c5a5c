"""Time per report type on the demo company and on one with 10x the sales orders (SQLite files).

The 10x database copies every sales order and its lines nine times under new ids and numbers (the demo
builder has no scale option): sales, inventory and pipeline reports read 10x the rows; receivables,
purchasing and HR read the same rows as the demo.

    .venv/bin/python bench/reports.py [--runs 3]

Prints a Markdown table: median compute time (SQL), median compute + render (narrative, charts, PDF and
XLSX) per report type and database, and the median time to check every number of a narrative against the
result (what an LLM-drafted narrative goes through; measured on the German template narrative).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from assistant.datasets.demo import build_demo_company
from assistant.db.engine import make_engine
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import SalesOrder, SalesOrderLine
from assistant.reports.compute import compute_report
from assistant.reports.narrative import narrate
from assistant.reports.number_check import supported_numbers, unsupported_numbers
from assistant.reports.service import ReportFormat, build_document, render_files
from assistant.reports.specs import (
    HrSpec,
    InventorySpec,
    Period,
    PipelineSpec,
    PurchasingSpec,
    ReceivablesSpec,
    ReportSpec,
    SalesGrouping,
    SalesSpec,
)

AS_OF = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
SPECS: dict[str, ReportSpec] = {
    "sales by region, Q3 vs Q2": SalesSpec(
        period=Period(start=date(2026, 7, 1), end=date(2026, 9, 30), label="Q3 2026"),
        compare_to=Period(start=date(2026, 4, 1), end=date(2026, 6, 30), label="Q2 2026"),
    ),
    "sales by product, 12 months": SalesSpec(
        period=Period(start=date(2025, 11, 25), end=AS_OF), group_by=SalesGrouping.PRODUCT
    ),
    "inventory health": InventorySpec(as_of=AS_OF),
    "receivables aging": ReceivablesSpec(as_of=AS_OF),
    "order pipeline, 30 days": PipelineSpec(period=Period(start=date(2026, 10, 26), end=AS_OF), as_of=AS_OF),
    "purchasing": PurchasingSpec(as_of=AS_OF),
    "hr": HrSpec(year=2026, as_of=AS_OF),
}


def build(path: Path, copies: int) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    with Session(engine) as session:
        build_demo_company(session, seed=7, as_of=AS_OF)
        if copies > 1:
            _multiply_orders(session, copies)
        session.commit()
    return engine


def _multiply_orders(session: Session, copies: int) -> None:
    orders = [dict(row._mapping) for row in session.execute(select(SalesOrder.__table__))]
    lines = [dict(row._mapping) for row in session.execute(select(SalesOrderLine.__table__))]
    order_offset = (session.scalar(select(func.max(SalesOrder.id))) or 0) + 1
    line_offset = (session.scalar(select(func.max(SalesOrderLine.id))) or 0) + 1
    for copy in range(1, copies):
        session.execute(
            insert(SalesOrder.__table__),
            [
                {**row, "id": row["id"] + copy * order_offset, "number": f"{row['number']}-{copy}"}
                for row in orders
            ],
        )
        session.execute(
            insert(SalesOrderLine.__table__),
            [
                {
                    **row,
                    "id": row["id"] + copy * line_offset,
                    "order_id": row["order_id"] + copy * order_offset,
                }
                for row in lines
            ],
        )


def _median(work: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(engine: Engine, runs: int, out: Path) -> dict[str, tuple[float, float, float]]:
    results: dict[str, tuple[float, float, float]] = {}
    with Session(engine) as session:
        for name, spec in SPECS.items():

            def compute(spec: ReportSpec = spec) -> Any:
                return compute_report(session, spec=spec, requested_by="bench", now=NOW)

            def draft(spec: ReportSpec = spec, name: str = name) -> None:
                document = build_document(compute(spec), language="en", currency="EUR")
                render_files(document, out / name.replace(" ", "_"), [ReportFormat.PDF, ReportFormat.XLSX])

            computed = compute()  # warm caches (statement compilation, fonts) before timing
            draft()
            narrative = narrate(computed, language="de")

            def check(computed: Any = computed, narrative: str = narrative) -> None:
                assert not unsupported_numbers(narrative, supported_numbers(computed), language="de")

            results[name] = (_median(compute, runs), _median(draft, runs), _median(check, runs))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        measured = {}
        sizes = {}
        for label, copies in (("demo", 1), ("10x orders", 10)):
            started = time.perf_counter()
            engine = build(root / f"{copies}.db", copies)
            with Session(engine) as session:
                sizes[label] = session.scalar(select(func.count()).select_from(SalesOrder)) or 0
            print(f"built {label}: {sizes[label]:,} orders in {time.perf_counter() - started:.1f} s")
            measured[label] = measure(engine, args.runs, root / "files")
            engine.dispose()
    print()
    print(
        f"{date.today().isoformat()}, {platform.platform()}, {platform.processor() or platform.machine()}, "  # noqa: DTZ011
        f"Python {platform.python_version()}, SQLite; median of {args.runs} runs"
    )
    print()
    print(
        "| report | demo: SQL | demo: SQL + PDF/XLSX | 10x: SQL | 10x: SQL + PDF/XLSX | number check (10x) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name in SPECS:
        demo_sql, demo_all, _ = measured["demo"][name]
        big_sql, big_all, big_check = measured["10x orders"][name]
        print(
            f"| {name} | {demo_sql * 1000:.0f} ms | {demo_all * 1000:.0f} ms "
            f"| {big_sql * 1000:.0f} ms | {big_all * 1000:.0f} ms | {big_check * 1000:.1f} ms |"
        )
    print(f"\norders: demo {sizes['demo']:,}, 10x {sizes['10x orders']:,}")


if __name__ == "__main__":
    main()
