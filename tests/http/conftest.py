"""HTTP API harness: the app over the test's own transaction (rolled back afterwards), tokens per role."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy.orm import Session, sessionmaker

from adapters.http.app import create_app
from assistant.api_tokens import create_token
from assistant.db.models import Employee, Role
from assistant.settings import Settings
from tests.documents.service_support import quick_pipeline
from tests.factories import make_employee
from tests.support import NOW


@dataclass
class Api:
    client: TestClient
    session: Session
    settings: Settings

    def token_for(self, employee: Employee) -> dict[str, str]:
        issued = create_token(self.session, email=employee.email, now=NOW)
        return {"Authorization": f"Bearer {issued.token}"}

    def person(self, role: Role = Role.STAFF, **fields: object) -> tuple[Employee, dict[str, str]]:
        """A new employee with this role and the headers that authenticate them."""
        employee = make_employee(self.session, role=role, **fields)
        return employee, self.token_for(employee)


def open_api(db_session: Session, settings: Settings, **overrides: Any) -> Iterator[Api]:
    """The app over the test's transaction: every request's unit of work is a savepoint in it, so commits are
    real to the app and gone after the test, on SQLite and PostgreSQL alike."""
    sessions = sessionmaker(
        bind=db_session.get_bind(), join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    options: dict[str, Any] = {
        "sessions": sessions,
        "checkpointer": InMemorySaver(),
        "pipeline": quick_pipeline(),
        "open_policy_library": False,
        **overrides,
    }
    with TestClient(create_app(settings, **options)) as client:
        yield Api(client=client, session=db_session, settings=settings)


@pytest.fixture
def api(db_session: Session, settings: Settings) -> Iterator[Api]:
    yield from open_api(db_session, settings)


def server_sent_events(body: str) -> list[tuple[str, Any]]:
    """(event name, decoded data) of each event in a text/event-stream body; keep-alive comments left out."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if line and not line.startswith(":"))
        if "data" in fields:
            events.append((fields.get("event", "message"), json.loads(fields["data"])))
    return events


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body
