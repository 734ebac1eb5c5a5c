"""HTTP API throughput and latency on PostgreSQL with several uvicorn workers (a benchmark, not a test).

Builds a fresh database (`bench_api_<random>` on the server of --server-url, dropped afterwards) holding the
demo company (`backoffice init --demo`), makes API tokens for a staff member and a manager, then for each
worker count starts
`uvicorn --factory adapters.http.app:app_from_environment --workers W` on loopback and drives it with a bounded
async load (`--concurrency` requests in flight, a fixed number per operation):

- `GET /health`: the baseline in the same run (token-free, no database), so the other rows read as ratios;
- `POST /chat`: one turn of the offline model in a new conversation (a stock question: one tool call);
- `POST /actions/{id}/approve`: stock adjustments proposed beforehand, each approved once (claim, re-plan,
  execute, audit in one transaction);
- `POST /documents`: a small text receipt, different each time (stored, classified, fields read).

Each worker gets warm-up requests first (models load on first use). Prints a Markdown table for
docs/BENCHMARKS.md with requests per second, p50 and p99 per operation and worker count, and the load average.

    .venv/bin/python bench/api.py [--workers 1 2 4] [--concurrency 8] [--server-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from assistant.agent.checkpoints import open_checkpointer
from assistant.api_tokens import create_token
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import ActionStatus, Employee, PendingAction, Role, StockLevel, Variant, Warehouse
from assistant.db.types import utcnow
from assistant.settings import Settings
from tools.base import CurrentUser, ToolContext
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry

ROOT = Path(__file__).resolve().parents[1]
# One database per run (dropped afterwards): two runs at once must not share, or drop, each other's data.
DATABASE = f"bench_api_{uuid.uuid4().hex[:8]}"
CHAT_MESSAGE = "How many CH-ERGO-BLU-NY are in stock in WAW?"
RECEIPT = """RECEIPT
Hotel Adler Hamburg
Receipt no. {number}
Date: 2026-11-20
1 night, single room {amount}
Total: {amount} EUR
VAT 7%: 6.21
Paid by card
"""


@dataclass
class Result:
    operation: str
    workers: int
    count: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.count / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


@dataclass
class Company:
    settings: Settings
    env: dict[str, str]
    staff: dict[str, str]
    manager: dict[str, str]
    requester: CurrentUser
    stock: list[tuple[str, str]]  # (sku, warehouse code) to adjust


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    try:
        yield make_url(server_url).set(database=DATABASE).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        admin.dispose()


def build_company(url: str, data_dir: Path) -> Company:
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("BACKOFFICE_")},
        "BACKOFFICE_DATABASE_URL": url,
        "BACKOFFICE_DATA_DIR": str(data_dir),
        "BACKOFFICE_MODEL_PROVIDER": "offline",
    }
    backoffice = str(Path(sys.executable).parent / "backoffice")
    today = datetime.now(UTC).date().isoformat()
    subprocess.run(  # noqa: S603 (this interpreter's own `backoffice`, fixed arguments)
        [backoffice, "init", "--demo", "--as-of", today],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    settings = Settings(database_url=url, data_dir=data_dir)
    with open_checkpointer(settings):  # its tables once, before several workers start at the same moment
        pass
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:

        def someone(role: Role) -> Employee:
            query = select(Employee).where(Employee.role == role, Employee.is_active).order_by(Employee.id)
            return session.scalars(query).first()  # type: ignore[return-value]

        staff, manager = someone(Role.STAFF), someone(Role.MANAGER)
        now = utcnow()
        tokens = {
            person.email: create_token(session, email=person.email, now=now).token
            for person in (staff, manager)
        }
        stock = session.execute(
            select(Variant.sku, Warehouse.code)
            .join(StockLevel, StockLevel.variant_id == Variant.id)
            .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
            .order_by(Variant.sku, Warehouse.code)
            .limit(40)
        ).all()
        company = Company(
            settings=settings,
            env=env,
            staff={"Authorization": f"Bearer {tokens[staff.email]}"},
            manager={"Authorization": f"Bearer {tokens[manager.email]}"},
            requester=CurrentUser.of(staff),
            stock=[(sku, code) for sku, code in stock],
        )
    engine.dispose()
    return company


def propose(company: Company, count: int, run: int) -> list[str]:
    """`count` stock adjustments by the staff member, spread over 40 stock rows (as real approvals contend)."""
    engine = make_engine(company.settings.effective_database_url)
    ids = []
    with session_scope(make_session_factory(engine)) as session:
        ctx = ToolContext(session=session, user=company.requester, settings=company.settings)
        for index in range(count):
            sku, warehouse = company.stock[index % len(company.stock)]
            arguments = {
                "sku": sku,
                "warehouse": warehouse,
                "change": 1,
                "reason": f"bench run {run} #{index}",
            }
            proposal = call_tool(ctx, default_registry(), "adjust_stock", arguments)
            assert isinstance(proposal, Proposal)
            ids.append(proposal.action.id)
    engine.dispose()
    return ids


def executed(company: Company, action_ids: list[str]) -> int:
    engine = make_engine(company.settings.effective_database_url)
    with session_scope(make_session_factory(engine)) as session:
        statuses = session.scalars(select(PendingAction.status).where(PendingAction.id.in_(action_ids)))
        done = sum(status is ActionStatus.EXECUTED for status in statuses)
    engine.dispose()
    return done


@contextmanager
def serve(company: Company, workers: int, port: int) -> Iterator[str]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "adapters.http.app:app_from_environment",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=company.env, start_new_session=True)  # noqa: S603 (fixed)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the API did not become ready")
            time.sleep(0.5)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


async def drive(base: str, request: Request, count: int, concurrency: int) -> tuple[float, list[float], int]:
    """`count` requests, at most `concurrency` in flight; (wall seconds, latencies, non-2xx answers)."""
    latencies: list[float] = []
    errors = 0
    next_index = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def worker() -> None:
            nonlocal next_index, errors
            while next_index < count:
                index, next_index = next_index, next_index + 1
                started = time.perf_counter()
                response = await request(client, index)
                latencies.append(time.perf_counter() - started)
                if not response.is_success:
                    errors += 1
                    if errors <= 3:
                        print(f"  {response.status_code}: {response.text[:200]}", file=sys.stderr)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


def run_workers(company: Company, workers: int, args: argparse.Namespace, run: int) -> list[Result]:
    actions = propose(company, args.approvals, run)

    def health(client: httpx.AsyncClient, index: int) -> Awaitable[httpx.Response]:
        return client.get("/health")

    def chat(client: httpx.AsyncClient, index: int) -> Awaitable[httpx.Response]:
        return client.post("/chat", headers=company.staff, json={"message": CHAT_MESSAGE})

    def approve(client: httpx.AsyncClient, index: int) -> Awaitable[httpx.Response]:
        return client.post(
            f"/actions/{actions[index]}/approve", headers=company.manager, json={"note": "bench"}
        )

    def upload(client: httpx.AsyncClient, index: int) -> Awaitable[httpx.Response]:
        body = RECEIPT.format(number=f"{run}-{index}-{time.time_ns()}", amount=f"{90 + index % 50}.00")
        files = {"file": (f"receipt-{run}-{index}.txt", body.encode(), "text/plain")}
        return client.post("/documents", headers=company.staff, files=files)

    plan: list[tuple[str, Request, int]] = [
        ("GET /health (baseline)", health, args.health),
        ("POST /chat (offline model)", chat, args.chats),
        ("POST /actions/{id}/approve", approve, len(actions)),
        ("POST /documents (text receipt)", upload, args.uploads),
    ]
    results = []
    with serve(company, workers, args.port) as base:
        warm = 4 * workers
        asyncio.run(drive(base, chat, warm, min(warm, args.concurrency)))  # models load on first use
        asyncio.run(drive(base, upload, warm, min(warm, args.concurrency)))
        for operation, request, count in plan:
            seconds, latencies, errors = asyncio.run(drive(base, request, count, args.concurrency))
            results.append(Result(operation, workers, count, errors, seconds, latencies))
            print(f"  {workers} worker(s) {operation}: {count / seconds:.1f}/s", file=sys.stderr)
    done = executed(company, actions)
    assert done == len(actions), f"{done} of {len(actions)} approvals executed"
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--health", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=150)
    parser.add_argument("--approvals", type=int, default=300)
    parser.add_argument("--uploads", type=int, default=150)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    started = time.perf_counter()
    load_before = os.getloadavg()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    try:
        with fresh_database(args.server_url) as url:
            company = build_company(url, data_dir)
            setup = time.perf_counter() - started
            results = [
                result
                for run, workers in enumerate(args.workers)
                for result in run_workers(company, workers, args, run)
            ]
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    load_after = os.getloadavg()

    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()} ({os.cpu_count()} cores, "
        f"Python {platform.python_version()}), PostgreSQL at {make_url(args.server_url).host}; "
        f"concurrency {args.concurrency}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"setup (demo company) {setup:.0f} s, total {time.perf_counter() - started:.0f} s."
    )
    print()
    print("| operation | workers | requests | errors | req/s | p50 ms | p99 ms | vs /health |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    baselines = {result.workers: result.rps for result in results if "baseline" in result.operation}
    for result in results:
        share = result.rps / baselines[result.workers]
        print(
            f"| {result.operation} | {result.workers} | {result.count} | {result.errors} | {result.rps:.1f} | "
            f"{result.percentile(0.5):.1f} | {result.percentile(0.99):.1f} | {share:.3f} |"
        )


if __name__ == "__main__":
    main()
