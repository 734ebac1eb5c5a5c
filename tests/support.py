"""Shared test constants and types (fixtures live in conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from assistant import confirmations
from assistant.confirmations import ActionDecisionError
from assistant.db.engine import run_in_transaction
from assistant.db.types import utcnow
from assistant.settings import Settings
from tools.base import CurrentUser, ToolContext
from tools.registry import default_registry

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

MakeContext = Callable[..., ToolContext]


def approve_in_own_transaction(
    factory: sessionmaker[Session], settings: Settings, action_id: str, approver: CurrentUser
) -> str:
    """What one worker does with one click: approve in a unit of work of its own, retried on deadlock.

    Returns the outcome ('executed', 'failed') or 'already decided' when another worker won.
    """

    def work(session: Session) -> str:
        try:
            outcome = confirmations.approve(
                session,
                registry=default_registry(),
                settings=settings,
                action_id=action_id,
                approver=approver,
                now=utcnow(),
            )
        except ActionDecisionError:
            return "already decided"
        return outcome.status.value

    return run_in_transaction(factory, work, attempts=10)


def tau2_dataset_path() -> Path:
    """The tau2-bench retail db.json: $TAU2_DATASET, else ../shared/datasets/tau2-retail/db.json beside the checkout."""
    import pytest

    default = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "tau2-retail" / "db.json"
    path = Path(os.environ.get("TAU2_DATASET", default))
    if not path.is_file():
        pytest.fail(f"tau2 retail dataset missing at {path} (set TAU2_DATASET to its db.json)")
    return path
