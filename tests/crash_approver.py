"""Run as a separate process: approve an action, execute it, and stop before the commit.

    python -m tests.crash_approver DATABASE_URL ACTION_ID APPROVER_EMAIL [die|hang]

`die` (the default) ends the process at once (os._exit) after the change reached the database, uncommitted.
`hang` prints EXECUTED on stdout and waits there, holding the action's row lock, for the test to kill it
(SIGKILL, as the OOM killer or a lost container would) while other workers wait on that lock. Either way the claim
and the change were made in a transaction that never commits: nothing may be half-done.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from typing import Any

from sqlalchemy import select

from assistant import confirmations
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import Employee
from assistant.db.types import utcnow
from assistant.settings import Settings
from tools.base import CurrentUser, Registry, ToolContext
from tools.registry import default_registry

EXIT_CODE = 17
EXECUTED = "executed, not committed"


def main(database_url: str, action_id: str, approver_email: str, mode: str = "die") -> None:
    tool = default_registry().get("adjust_stock")
    real_execute = tool.execute
    assert real_execute is not None and mode in ("die", "hang")

    def execute_then_stop(ctx: ToolContext, args: Any) -> Any:
        real_execute(ctx, args)
        ctx.session.flush()  # the change has reached the database, uncommitted
        if mode == "die":
            os._exit(EXIT_CODE)
        sys.stdout.write(EXECUTED + "\n")  # the test's cue to kill this process
        sys.stdout.flush()
        time.sleep(600)  # killed here

    stopping = Registry([dataclasses.replace(tool, execute=execute_then_stop)])
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        approver = session.scalars(select(Employee).where(Employee.email == approver_email)).one()
        confirmations.approve(
            session,
            registry=stopping,
            settings=Settings(database_url=database_url),
            action_id=action_id,
            approver=CurrentUser.of(approver),
            now=utcnow(),
        )
    sys.exit(0)  # not reached


if __name__ == "__main__":
    main(*sys.argv[1:5])
