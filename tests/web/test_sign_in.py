"""Signing in and out with a token, the session cookie, CSRF, and what a signed-out reader gets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.api_tokens import revoke_token
from assistant.db.models import Role
from tests.factories import make_employee
from tests.support import NOW
from tests.web.conftest import Web, csrf_of, main_text

PAGES = ["/app", "/app/chat", "/app/actions", "/app/documents", "/app/reports", "/app/documents/1"]


@pytest.mark.parametrize("path", PAGES)
def test_a_signed_out_reader_is_sent_to_sign_in(web: Web, path: str) -> None:
    response = web.client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/app/sign-in?next=")
    assert response.headers["location"].endswith(f"next={path}")


def test_signing_in_with_a_token_opens_the_pages_until_signing_out(web: Web) -> None:
    employee = make_employee(web.session, role=Role.STAFF, name="Ana Kovač")
    form = web.client.get("/app/sign-in?next=/app/documents")
    assert form.status_code == 200 and 'for="token"' in form.text
    response = web.client.post(
        "/app/sign-in",
        data={"token": web.token(employee), "csrf": csrf_of(form.text), "next": "/app/documents"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/app/documents"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("bo_session=bo_")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here; https or web_cookie_secure makes it Secure

    home = web.client.get("/app")
    assert home.status_code == 200 and "Welcome, Ana Kovač" in main_text(home)
    assert "Signed in as Ana Kovač (staff)" in home.text

    signed_out = web.post("/app/sign-out")
    assert (
        signed_out.status_code == 303 and signed_out.headers["location"] == "/app/sign-in?notice=signed_out"
    )
    assert 'bo_session=""' in signed_out.headers["set-cookie"]
    assert "You are signed out." in main_text(web.client.get(signed_out.headers["location"]))
    assert web.client.get("/app", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("token", ["", "nonsense", "bo_12345678.not-the-secret", "bo_1234\x00.x"])
def test_a_wrong_token_is_refused_with_a_clear_message(web: Web, token: str) -> None:
    form = web.client.get("/app/sign-in")
    response = web.client.post("/app/sign-in", data={"token": token, "csrf": csrf_of(form.text)})
    assert response.status_code == 401
    assert "That token is not valid" in main_text(response)
    assert "bo_session" not in response.headers.get("set-cookie", "")


def test_a_revoked_token_or_a_deactivated_employee_is_signed_out_at_once(web: Web) -> None:
    employee = web.person(Role.STAFF)
    assert web.client.get("/app").status_code == 200
    employee.is_active = False
    web.session.flush()
    assert web.client.get("/app", follow_redirects=False).status_code == 303
    employee.is_active = True
    web.session.flush()
    assert web.client.get("/app").status_code == 200
    prefix = web.client.cookies["bo_session"].split(".")[0]
    revoke_token(web.session, prefix=prefix, now=NOW + timedelta(minutes=1))
    assert web.client.get("/app", follow_redirects=False).status_code == 303


def test_the_role_is_read_from_the_employee_record_on_every_request(web: Web) -> None:
    employee = web.person(Role.EMPLOYEE)
    refused = web.client.get("/app/reports")
    assert refused.status_code == 403 and "You may not do this." in main_text(refused)
    assert "Signed in as" in refused.text and 'aria-label="Main"' in refused.text  # still find the way on
    employee.role = Role.STAFF
    web.session.flush()
    assert web.client.get("/app/reports").status_code == 200


def test_a_form_post_without_the_csrf_token_is_refused(web: Web) -> None:
    web.person(Role.STAFF)
    for path in ["/app/sign-out", "/app/chat", "/app/reports", "/app/language"]:
        response = web.client.post(path, data={"message": "hi", "request": "inventory", "language": "de"})
        assert response.status_code == 403, path
        assert "not sent from this site" in main_text(response)
    forged = web.client.post("/app/sign-out", data={"csrf": "0" * 64})
    assert forged.status_code == 403
    assert web.client.get("/app").status_code == 200  # still signed in
    form = web.client.get("/app/sign-in")
    web.client.cookies.clear()  # a form from another browser's page: its token is keyed to that browser
    assert web.client.post("/app/sign-in", data={"token": "x", "csrf": csrf_of(form.text)}).status_code == 403


def test_the_json_api_is_unchanged(web: Web) -> None:
    web.person(Role.STAFF)  # a session cookie does not open the API: it wants the bearer token
    response = web.client.get("/actions")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    paths = web.client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith("/app")]


def test_unknown_pages_and_next_addresses(web: Web) -> None:
    web.person(Role.STAFF)
    missing = web.client.get("/app/no-such-page")
    assert missing.status_code == 404 and "Not found." in main_text(missing)
    assert missing.headers["content-type"].startswith("text/html")
    assert web.client.get("/app/", follow_redirects=False).headers["location"] == "/app"
    form = web.client.get("/app/sign-in")
    employee = make_employee(web.session, role=Role.STAFF)
    response = web.client.post(
        "/app/sign-in",
        data={"token": web.token(employee), "csrf": csrf_of(form.text), "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/app"


def test_pages_send_protective_headers(web: Web) -> None:
    response = web.client.get("/app/sign-in")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    css = web.client.get("/app/static/web.css")
    assert css.status_code == 200 and ":focus-visible" in css.text


def test_the_cookie_is_secure_when_configured(web: Web) -> None:
    web.settings.web_cookie_secure = True
    employee = make_employee(web.session, role=Role.STAFF)
    form = web.client.get("/app/sign-in")
    response = web.client.post(
        "/app/sign-in",
        data={"token": web.token(employee), "csrf": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert "Secure" in response.headers["set-cookie"]
