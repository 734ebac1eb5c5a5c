"""Run as a separate process: approve an action and die (os._exit) after executing, before the commit.

Used by the fault tests to prove that a worker killed mid-approval leaves nothing half-done.
"""

from __future__ import annotations

import dataclasses
import os
import sys
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


def main(database_url: str, action_id: str, approver_email: str) -> None:
    registry = default_registry()
    tool = registry.get("adjust_stock")
    real_execute = tool.execute
    assert real_execute is not None

    def execute_then_die(ctx: ToolContext, args: Any) -> Any:
        real_execute(ctx, args)
        ctx.session.flush()  # the change has reached the database, uncommitted
        os._exit(EXIT_CODE)

    crashing = Registry([dataclasses.replace(tool, execute=execute_then_die)])
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        approver = session.scalars(select(Employee).where(Employee.email == approver_email)).one()
        confirmations.approve(
            session,
            registry=crashing,
            settings=Settings(database_url=database_url),
            action_id=action_id,
            approver=CurrentUser.of(approver),
            now=utcnow(),
        )
    sys.exit(0)  # not reached


if __name__ == "__main__":
    main(*sys.argv[1:4])
