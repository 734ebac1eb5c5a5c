"""Fault: PostgreSQL restarts in the middle of a load of proposals, racing approvals, stock reads and chat
turns (the offline model) through the real services.

How the outage is made: a PostgreSQL server of the test's own (initdb in a temporary directory, on a free
loopback port; tests/faults/servers.py) is stopped with a fast shutdown, as `pg_ctlcluster ... restart` does,
kept down for OUTAGE_S and started again: every client connection is cut and new ones are refused meanwhile.
Restarting the shared server instead would break every other database's users (other test runs, other
workers); where no PostgreSQL binaries are installed the test falls back to doing to its own database on the
run's server what a restart does to its clients: refuse new connections (ALLOW_CONNECTIONS false) and
terminate every backend (pg_terminate_backend), for the same window.

Expected: requests during the outage fail cleanly (a database error, retried by the caller) and nothing else;
no action is executed twice or lost; every approval that reported success executed exactly once; each
action ends executed, never half-done; the stock ledger equals stock on hand; the audit chain verifies; every
kind of request succeeds again after the restart without any repair. Figures are printed (pytest -s) for
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.service import ChatService
from assistant.db.engine import run_in_transaction
from assistant.db.models import ActionStatus
from assistant.settings import Settings
from tests.conftest import throwaway_database
from tests.faults.servers import PrivatePostgres, postgres_bin, save_figures, wait_until
from tests.faults.world import OPENING, World, build_world, check_invariants, propose
from tests.support import approve_in_own_transaction
from tools.invoke import call_tool
from tools.registry import default_registry

T = TypeVar("T")

PROPOSALS = 60
APPROVERS = 3
OUTAGE_S = 1.0
DEADLINE_S = 30.0
KINDS = ("propose", "approve", "read")
CLEAN_ERRORS = (DBAPIError, psycopg.Error)  # what a client may see while the server is away


class Outage(Protocol):
    how: str
    url: str

    def down(self) -> None: ...
    def up(self) -> None: ...


@dataclass
class RealRestart:
    server: PrivatePostgres
    url: str
    how: str = "real restart of a private PostgreSQL server (pg_ctl stop -m fast, start)"

    def down(self) -> None:
        self.server.stop()

    def up(self) -> None:
        self.server.start()


@dataclass
class TerminatedBackends:
    admin_url: str
    url: str
    how: str = "ALLOW_CONNECTIONS false + pg_terminate_backend on the test's database (shared server)"

    def _execute(self, statement: str) -> None:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(statement))
        finally:
            admin.dispose()

    def down(self) -> None:
        name = make_url(self.url).database
        self._execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        self._execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' "
            "AND pid <> pg_backend_pid()"
        )

    def up(self) -> None:
        self._execute(f'ALTER DATABASE "{make_url(self.url).database}" ALLOW_CONNECTIONS true')


@contextmanager
def private_server() -> Iterator[RealRestart]:
    bin_dir = postgres_bin()
    assert bin_dir is not None
    server = PrivatePostgres(Path(tempfile.mkdtemp(prefix="bo-faults-pg-")), bin_dir)
    try:
        server.init()
        server.start()
        admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text('CREATE DATABASE "faults"'))
        admin.dispose()
        yield RealRestart(
            server=server, url=make_url(server.url).set(database="faults").render_as_string(False)
        )
    finally:
        server.close()


@pytest.fixture
def outage(database_url: str) -> Iterator[Outage]:
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("a PostgreSQL server restart: the PostgreSQL pass")
    if postgres_bin() is not None:
        with private_server() as restart:
            yield restart
    else:
        with throwaway_database(database_url, "bo_faults") as url:
            yield TerminatedBackends(admin_url=database_url, url=url)


@dataclass
class Load:
    """What every client saw: each attempt's kind, when it ended, and whether it worked."""

    attempts: list[tuple[str, float, bool]] = field(default_factory=list)
    unexpected: list[BaseException] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    restarted: threading.Event = field(default_factory=threading.Event)

    def record(self, kind: str, ok: bool) -> None:
        with self.lock:
            self.attempts.append((kind, time.monotonic(), ok))

    def retry(self, kind: str, work: Callable[[], T], *, within: float = DEADLINE_S) -> T:
        """What a client does: try, and on a database error try again shortly, until the deadline."""
        deadline = time.monotonic() + within
        while True:
            try:
                result = work()
            except CLEAN_ERRORS:
                self.record(kind, False)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
                continue
            self.record(kind, True)
            return result

    def succeeded(self, kind: str, after: float = 0.0) -> int:
        with self.lock:
            return sum(1 for name, at, ok in self.attempts if name == kind and ok and at > after)


def _thread(load: Load, work: Callable[[], None]) -> threading.Thread:
    def guarded() -> None:
        try:
            work()
        except BaseException as error:  # surfaced by the test
            load.unexpected.append(error)

    thread = threading.Thread(target=guarded)
    thread.start()
    return thread


@pytest.fixture
def world(outage: Outage, tmp_path: Path) -> Iterator[World]:
    built = build_world(outage.url, Settings(data_dir=tmp_path / "data", database_url=outage.url))
    yield built
    built.dispose()


def test_postgres_restart_under_load_loses_and_duplicates_nothing(outage: Outage, world: World) -> None:
    load = Load()
    proposed: dict[str, int] = {}
    queue: list[str] = []
    reported: Counter[str] = Counter()
    executed_reported: set[str] = set()

    def proposer() -> None:
        for index in range(PROPOSALS):
            if index == PROPOSALS // 2:
                load.restarted.wait(timeout=DEADLINE_S)  # the second half after the restart
            action_id = load.retry(
                "propose",
                lambda index=index: run_in_transaction(
                    world.factory, lambda session: propose(world, session, index)
                ),
            )
            with load.lock:
                proposed[action_id] = index
                queue.append(action_id)

    def approver(number: int) -> None:
        manager, position = world.managers[number], 0
        while True:
            with load.lock:
                ready = queue[position] if position < len(queue) else None
            if ready is None:
                if not proposing.is_alive() and position >= len(queue):
                    return
                time.sleep(0.01)
                continue
            outcome = load.retry(
                "approve",
                lambda ready=ready: approve_in_own_transaction(world.factory, world.settings, ready, manager),
            )
            with load.lock:
                reported[outcome] += 1
                if outcome == "executed":
                    executed_reported.add(ready)
            position += 1

    def reader() -> None:
        def read(session: Session) -> object:
            return call_tool(world.ctx(session), default_registry(), "get_stock", {"sku": world.skus[0]})

        while not load.done.is_set():
            load.retry("read", lambda: run_in_transaction(world.factory, read))

    proposing = _thread(load, proposer)
    others = [_thread(load, lambda n=n: approver(n)) for n in range(APPROVERS)]
    others.append(_thread(load, reader))
    try:
        wait_until(
            lambda: load.succeeded("approve") >= 10 and load.succeeded("read") >= 5,
            timeout=DEADLINE_S,
            what="the load running",
        )
        went_down = time.monotonic()
        outage.down()
        stopped = time.monotonic()
        time.sleep(OUTAGE_S)  # the outage itself: what the load meets is measured, not assumed
        outage.up()
        back = time.monotonic()
        load.restarted.set()
        try:
            recovered = wait_until(
                lambda: all(load.succeeded(kind, after=back) >= 2 for kind in KINDS),
                timeout=DEADLINE_S,
                what="every kind of request succeeding after the restart",
            )
        except TimeoutError:
            since = {kind: load.succeeded(kind, after=back) for kind in KINDS}
            raise AssertionError(f"successes per kind after the restart: {since}") from None
        proposing.join(timeout=DEADLINE_S)
        for thread in others[:APPROVERS]:
            thread.join(timeout=DEADLINE_S)
    finally:
        load.done.set()
        proposing.join(timeout=DEADLINE_S)
        for thread in others:
            thread.join(timeout=DEADLINE_S)
    assert not load.unexpected, load.unexpected
    assert len(proposed) == PROPOSALS
    invariants = check_invariants(world, proposed)
    assert invariants.statuses == Counter({ActionStatus.EXECUTED: PROPOSALS})
    assert executed_reported <= invariants.executed_ids  # reported done -> done, once (counted in the ledger)
    assert reported["executed"] == len(executed_reported)
    assert set(reported) <= {"executed", "already decided"}

    failed = Counter(kind for kind, _, ok in load.attempts if not ok)
    first_after = min(at for _, at, ok in load.attempts if ok and at > back)
    last_before = max(at for _, at, ok in load.attempts if ok and at < went_down)
    save_figures(
        "postgres_restart",
        {
            "how": outage.how,
            "operations": dict(Counter(kind for kind, _, _ in load.attempts)),
            "failed_cleanly": dict(failed),
            "stop_s": round(stopped - went_down, 3),
            "held_down_s": OUTAGE_S,
            "start_s": round(back - stopped - OUTAGE_S, 3),
            "first_success_after_the_server_was_back_s": round(first_after - back, 3),
            "every_kind_succeeding_again_after_s": round(recovered, 3),
            "client_visible_gap_s": round(first_after - last_before, 3),
            "actions_executed_once": PROPOSALS,
            "audit_records": invariants.audit_records,
        },
    )


def test_chat_turns_recover_after_a_postgres_restart(outage: Outage, world: World) -> None:
    """Conversations live in the database too (LangGraph's checkpointer): after the restart a turn must work
    again without restarting the process."""
    settings = world.settings
    load = Load()
    question = f"How many {world.skus[1]} are in stock?"
    with open_checkpointer(settings) as checkpointer:
        chat = ChatService(
            settings=settings,
            sessions=world.factory,
            registry=default_registry(),
            checkpointer=checkpointer,
        )

        def ask() -> str:
            reply = chat.turn(user=world.requester, text=question, channel="cli")
            if reply.failed:  # the turn's own words for a failure ("unavailable"): a failed attempt
                raise DBAPIError("chat turn", None, RuntimeError(reply.text))
            return reply.text

        assert str(OPENING) in load.retry("chat", ask)
        outage.down()
        time.sleep(OUTAGE_S)  # the outage itself
        outage.up()
        back = time.monotonic()
        answer = load.retry("chat", ask, within=10)
    assert str(OPENING) in answer
    failed = sum(1 for _, _, ok in load.attempts if not ok)
    first_after = min(at for _, at, ok in load.attempts if ok and at > back)
    save_figures(
        "postgres_restart_chat",
        {"failed_turns": failed, "first_answer_after_s": round(first_after - back, 3)},
    )
