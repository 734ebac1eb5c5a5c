"""Fault: an approval worker is killed (SIGKILL) after it claimed and executed an action, before its commit,
while other workers approve other actions and wait on that one's row lock (PostgreSQL).

The claim and the change die with the worker's transaction: the action is still pending, a waiting worker
then executes it exactly once, every other action runs once, and the audit chain verifies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from assistant.db.engine import session_scope
from assistant.db.models import ActionStatus, Employee
from assistant.settings import Settings
from tests.crash_approver import EXECUTED
from tests.faults.servers import save_figures, wait_until
from tests.faults.world import World, build_world, check_invariants, propose
from tests.support import approve_in_own_transaction

ACTIONS = 24
APPROVERS = 4


@pytest.fixture
def world(empty_database_url: str, tmp_path: Path) -> Iterator[World]:
    if make_url(empty_database_url).get_backend_name() != "postgresql":
        pytest.skip("row locks and backends of the PostgreSQL pass")
    built = build_world(
        empty_database_url, Settings(data_dir=tmp_path / "data", database_url=empty_database_url)
    )
    yield built
    built.dispose()


def _waiting_on_locks(world: World) -> int:
    with session_scope(world.factory) as session:
        query = text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(session.scalar(query) or 0)


def test_a_worker_killed_mid_approval_leaves_the_action_to_be_executed_once(world: World) -> None:
    with session_scope(world.factory) as session:
        proposed = {propose(world, session, index): index for index in range(ACTIONS)}
    victim = next(iter(proposed))
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_approver", world.url, victim, _email(world, 0), "hang"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert worker.stdout is not None
        line = worker.stdout.readline()  # blocks until the worker executed (or died trying)
        assert line.strip() == EXECUTED, worker.stderr.read() if worker.stderr else line

        # Approvers race over every action; the victim's row is locked by the hanging worker, so whoever
        # reaches it waits there while the others carry on.
        outcomes: Counter[str] = Counter()
        errors: list[BaseException] = []
        lock = threading.Lock()

        def approve_all(number: int) -> None:
            order = list(proposed)
            order = order[number:] + order[:number]
            for action_id in order:
                try:
                    result = approve_in_own_transaction(
                        world.factory, world.settings, action_id, world.managers[number]
                    )
                except BaseException as error:  # surfaced below
                    errors.append(error)
                    return
                with lock:
                    outcomes[f"{'victim' if action_id == victim else 'other'} {result}"] += 1

        threads = [threading.Thread(target=approve_all, args=(number,)) for number in range(APPROVERS)]
        for thread in threads:
            thread.start()
        waited = wait_until(lambda: _waiting_on_locks(world) >= 1, timeout=60, what="an approver waiting")
        killed_at = time.monotonic()
        os.kill(worker.pid, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=120)
        released = time.monotonic() - killed_at
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=30)
        for stream in (worker.stdout, worker.stderr):
            if stream is not None:
                stream.close()
    assert worker.returncode == -signal.SIGKILL
    assert not errors, errors
    assert outcomes["victim executed"] == 1 and outcomes["victim already decided"] == APPROVERS - 1, outcomes
    assert outcomes["other executed"] == ACTIONS - 1
    invariants = check_invariants(world, proposed)
    assert invariants.statuses == Counter({ActionStatus.EXECUTED: ACTIONS})
    save_figures(
        "worker_killed",
        {
            "actions": ACTIONS,
            "approvers": APPROVERS,
            "approvals": sum(outcomes.values()),
            "approver_waiting_on_the_lock_after_s": round(waited, 3),
            "all_done_after_the_kill_s": round(released, 3),
            "audit_records": invariants.audit_records,
        },
    )


def _email(world: World, index: int) -> str:
    with session_scope(world.factory) as session:
        employee = session.get(Employee, world.managers[index].id)
        assert employee is not None
        return employee.email
