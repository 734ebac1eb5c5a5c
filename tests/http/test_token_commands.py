"""`backoffice tokens create|list|revoke` and `backoffice serve`, run in-process against a fresh database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rich.console import Console
from typer.testing import CliRunner, Result

from adapters.cli import deps
from adapters.cli.main import app
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import Role
from assistant.settings import get_settings
from tests.factories import make_employee

Invoke = Callable[..., Result]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, empty_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Invoke]:
    monkeypatch.setattr(deps, "console", Console(width=250))
    monkeypatch.setattr(deps, "errors", Console(width=250, stderr=True))
    monkeypatch.setenv("BACKOFFICE_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("BACKOFFICE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        get_settings.cache_clear()
        return runner.invoke(app, list(args), catch_exceptions=False)

    assert invoke("db", "upgrade").exit_code == 0
    engine = make_engine(empty_database_url)
    with session_scope(make_session_factory(engine)) as session:
        make_employee(session, email="ana@example.test", role=Role.MANAGER)
        make_employee(session, email="gone@example.test", is_active=False)
    engine.dispose()
    yield invoke
    get_settings.cache_clear()


def test_a_token_is_printed_once_listed_by_prefix_revoked_and_only_for_active_people(cli: Invoke) -> None:
    created = cli("tokens", "create", "ANA@example.test", "--label", "intranet")
    assert created.exit_code == 0, created.output
    token = created.output.strip().splitlines()[-1]
    prefix, _, secret = token.partition(".")
    assert prefix.startswith("bo_") and len(secret) >= 40

    listed = cli("tokens", "list")
    assert prefix in listed.output and "ana@example.test" in listed.output and secret not in listed.output

    revoked = cli("tokens", "revoke", prefix)
    assert revoked.exit_code == 0 and f"Revoked {prefix}" in revoked.output
    assert cli("tokens", "revoke", "bo_nothing").exit_code == 1

    unknown = cli("tokens", "create", "nobody@example.test")
    assert unknown.exit_code == 1 and "No employee found" in unknown.output
    inactive = cli("tokens", "create", "gone@example.test")
    assert inactive.exit_code == 1 and "not an active employee" in inactive.output


def test_serve_runs_the_api_with_the_configured_address(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: dict[str, Any] = {}

    def fake_run(application: FastAPI, *, host: str, port: int, log_config: object) -> None:
        served.update(host=host, port=port, log_config=log_config)
        token = cli("tokens", "create", "ana@example.test").output.strip().splitlines()[-1]
        with TestClient(application) as client:
            served["ready"] = client.get("/ready").json()
            served["me"] = client.get("/tools", headers={"Authorization": f"Bearer {token}"}).status_code

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr("assistant.agent.service.open_knowledge", lambda settings: None)  # not under test
    monkeypatch.setenv("BACKOFFICE_HTTP_PORT", "8123")
    assert cli("serve").exit_code == 0
    assert served["ready"]["status"] == "ready" and served["me"] == 200
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert served["log_config"] is None  # uvicorn's lines go through our (JSON) handler, not its own


def test_the_uvicorn_factory_builds_the_api_from_the_environment(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.http.app import app_from_environment

    monkeypatch.setattr("assistant.agent.service.open_knowledge", lambda settings: None)  # not under test
    token = cli("tokens", "create", "ana@example.test").output.strip().splitlines()[-1]
    get_settings.cache_clear()
    with TestClient(app_from_environment()) as client:
        assert client.get("/ready").json()["database"] == "ok"
        tools = client.get("/tools", headers={"Authorization": f"Bearer {token}"})
        assert tools.status_code == 200 and tools.json()
