"""Run as a separate process: approve an action, execute it, say so on stdout, then hang before the commit.

The fault test kills it there (SIGKILL, as the OOM killer or a lost container would): the claim and the change
were made in a transaction that never commits, while other workers wait on the action's row lock.
"""

from __future__ import annotations

import dataclasses
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

EXECUTED = "executed, not committed"


def main(database_url: str, action_id: str, approver_email: str) -> None:
    tool = default_registry().get("adjust_stock")
    real_execute = tool.execute
    assert real_execute is not None

    def execute_then_hang(ctx: ToolContext, args: Any) -> Any:
        real_execute(ctx, args)
        ctx.session.flush()  # the change has reached the database, uncommitted
        sys.stdout.write(EXECUTED + "\n")  # the test's cue to kill this process
        sys.stdout.flush()
        time.sleep(600)  # killed here

    hanging = Registry([dataclasses.replace(tool, execute=execute_then_hang)])
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        approver = session.scalars(select(Employee).where(Employee.email == approver_email)).one()
        confirmations.approve(
            session,
            registry=hanging,
            settings=Settings(database_url=database_url),
            action_id=action_id,
            approver=CurrentUser.of(approver),
            now=utcnow(),
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
