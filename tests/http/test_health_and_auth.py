"""Health, readiness, token authentication and the problem format of the API."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select

from adapters.http.deps import SessionDep
from assistant.api_tokens import revoke_token
from assistant.db.models import Employee, Role
from tests.factories import make_employee
from tests.http.conftest import Api, assert_problem
from tests.support import NOW
from tools.base import RefusedError


def test_health_and_readiness_need_no_token(api: Api) -> None:
    assert api.client.get("/health").json() == {"status": "ok"}
    assert api.client.get("/ready").json() == {
        "status": "ready",
        "database": "ok",
        "policy_library": "not configured",
    }


def test_a_missing_malformed_wrong_or_revoked_token_is_401(api: Api) -> None:
    _, headers = api.person(Role.STAFF)
    assert api.client.get("/tools", headers=headers).status_code == 200

    missing = assert_problem(api.client.get("/tools"), 401)
    assert "Bearer" in str(missing["detail"])
    assert api.client.get("/tools").headers["www-authenticate"] == "Bearer"
    assert_problem(api.client.get("/tools", headers={"Authorization": "Bearer nonsense"}), 401)
    assert_problem(api.client.get("/tools", headers={"Authorization": "Basic abc"}), 401)
    token = headers["Authorization"].removeprefix("Bearer ")
    wrong = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    assert_problem(api.client.get("/tools", headers={"Authorization": f"Bearer {wrong}"}), 401)

    revoke_token(api.session, prefix=token.partition(".")[0], now=NOW)
    assert_problem(api.client.get("/tools", headers=headers), 401)


def test_an_inactive_employees_token_stops_working(api: Api) -> None:
    employee, headers = api.person(Role.MANAGER)
    employee.is_active = False
    api.session.flush()
    assert_problem(api.client.get("/actions", headers=headers), 401)


def test_the_role_is_the_employee_records_as_it_is_now(api: Api) -> None:
    employee, headers = api.person(Role.EMPLOYEE)
    names = {tool["name"] for tool in api.client.get("/tools", headers=headers).json()}
    assert "list_review_queue" not in names
    employee.role = Role.STAFF
    api.session.flush()
    names = {tool["name"] for tool in api.client.get("/tools", headers=headers).json()}
    assert "list_review_queue" in names


def test_unknown_routes_and_bad_json_are_problems_too(api: Api) -> None:
    _, headers = api.person()
    assert_problem(api.client.get("/nowhere", headers=headers), 404)
    body = assert_problem(
        api.client.post("/chat", headers={**headers, "Content-Type": "application/json"}, content=b"{"), 422
    )
    assert body["code"] == "invalid_request"


def test_openapi_lists_the_routes_with_summaries(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert all(op.get("summary") for op in operations)
    assert {"/chat", "/actions/{action_id}/approve", "/documents", "/reports", "/tools"} <= set(
        schema["paths"]
    )
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_cors_is_off_unless_origins_are_named(api: Api) -> None:
    response = api.client.options(
        "/health", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in response.headers


def test_a_request_that_fails_leaves_nothing_behind(api: Api) -> None:
    def write_then_refuse(session: SessionDep) -> None:
        make_employee(session, email="half-done@example.test")
        raise RefusedError("Refused after writing.")

    def write(session: SessionDep) -> None:
        make_employee(session, email="done@example.test")

    app = api.client.app
    assert isinstance(app, FastAPI)
    app.add_api_route("/test/refuse", write_then_refuse, methods=["POST"], summary="test")
    app.add_api_route("/test/write", write, methods=["POST"], summary="test")
    assert assert_problem(api.client.post("/test/refuse"), 409)["detail"] == "Refused after writing."
    assert api.client.post("/test/write").status_code == 200
    emails = set(api.session.scalars(select(Employee.email).where(Employee.email.like("%done@example.test"))))
    assert emails == {"done@example.test"}


def test_a_nul_character_is_a_client_error_on_every_database(api: Api) -> None:
    """PostgreSQL cannot store NUL; SQLite can. Either way the caller gets a 4xx problem, never a 500."""
    _, headers = api.person(Role.ADMIN)
    for response in (
        api.client.post("/chat", headers=headers, json={"message": "hi", "conversation_id": "a\x00b"}),
        api.client.post("/chat/stream", headers=headers, json={"message": "hi", "conversation_id": "a\x00b"}),
        api.client.get("/actions/a%00b", headers=headers),
        api.client.post("/actions/a%00b/approve", headers=headers),
        api.client.get("/conversations/a%00b", headers=headers),
        api.client.get("/reports/a%00b", headers=headers),
    ):
        assert_problem(response, response.status_code)
        assert response.status_code in (404, 422), response.text
    search = api.client.post("/tools/find_products", headers=headers, json={"query": "a\x00b"})
    assert search.status_code in (200, 422), search.text  # SQLite searches for it; PostgreSQL refuses it
    nul_token = {"Authorization": "Bearer bo_12345678.a\tb"}
    assert_problem(api.client.get("/tools", headers=nul_token), 401)
