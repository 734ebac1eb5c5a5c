"""Two tabs approve the same action at the same moment, over HTTP on a real database (the run's SQLite or
PostgreSQL, committing for real): one executes it, the other is told it was already decided; nothing twice."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import func, select

from adapters.http.app import create_app
from assistant import audit
from assistant.api_tokens import create_token
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import ActionStatus, PendingAction, Role, StockLevel, StockMovement
from assistant.settings import Settings
from tests.documents.service_support import quick_pipeline
from tests.factories import make_employee, make_product, make_stock, make_warehouse
from tests.support import NOW
from tools.base import CurrentUser, ToolContext
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry

ACTIONS = 5
OPENING = 100


@dataclass
class World:
    client: TestClient
    settings: Settings
    actions: list[str]
    tabs: list[dict[str, str]]  # one manager's two tabs: two tokens, same person


@pytest.fixture
def world(empty_database_url: str, tmp_path: Path) -> Iterator[World]:
    settings = Settings(data_dir=tmp_path / "data", database_url=empty_database_url)
    engine = make_engine(empty_database_url)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        requester = CurrentUser.of(make_employee(session, role=Role.STAFF))
        manager = make_employee(session, role=Role.MANAGER)
        product = make_product(session, variants=1)
        make_stock(session, product.variants[0], make_warehouse(session, code="HAM"), on_hand=OPENING)
        ctx = ToolContext(session=session, user=requester, settings=settings)
        actions = []
        for index in range(ACTIONS):
            arguments = {
                "sku": product.variants[0].sku,
                "warehouse": "HAM",
                "change": 1,
                "reason": f"count {index}",
            }
            proposal = call_tool(ctx, default_registry(), "adjust_stock", arguments)
            assert isinstance(proposal, Proposal)
            actions.append(proposal.action.id)
        tabs = [
            {"Authorization": f"Bearer {create_token(session, email=manager.email, now=NOW).token}"}
            for _ in range(2)
        ]
    app = create_app(
        settings,
        sessions=factory,
        checkpointer=InMemorySaver(),
        pipeline=quick_pipeline(),
        open_policy_library=False,
    )
    with TestClient(app) as client:
        yield World(client=client, settings=settings, actions=actions, tabs=tabs)
    engine.dispose()


def _race(world: World, action_id: str) -> list[tuple[int, str]]:
    """Both tabs click approve at once; (status code, action status or problem code) per tab."""
    start = threading.Barrier(2)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def click(headers: dict[str, str]) -> None:
        start.wait()
        response = world.client.post(f"/actions/{action_id}/approve", headers=headers, json={"note": "ok"})
        body = response.json()
        with lock:
            answers.append(
                (response.status_code, body.get("status") if response.status_code == 200 else body["detail"])
            )

    threads = [threading.Thread(target=click, args=(headers,)) for headers in world.tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_two_tabs_approving_at_once_execute_the_action_once(world: World) -> None:
    for action_id in world.actions:
        answers = sorted(_race(world, action_id))
        assert [status for status, _ in answers] == [200, 409], answers
        assert answers[0][1] == "executed" and "already executed" in answers[1][1]

    engine = make_engine(world.settings.effective_database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            statuses = Counter(
                session.scalars(select(PendingAction.status).where(PendingAction.id.in_(world.actions)))
            )
            assert statuses == Counter({ActionStatus.EXECUTED: ACTIONS})
            assert session.scalar(select(StockLevel.on_hand)) == OPENING + ACTIONS
            adjustments = (
                select(func.count()).select_from(StockMovement).where(StockMovement.kind == "adjustment")
            )
            assert session.scalar(adjustments) == ACTIONS
            assert audit.verify(session).ok
    finally:
        engine.dispose()

    shown = world.client.get(f"/actions/{world.actions[0]}", headers=world.tabs[1]).json()
    assert shown["status"] == "executed" and shown["decision_note"] == "ok"
