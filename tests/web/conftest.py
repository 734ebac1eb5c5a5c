"""Web page harness: the app over the test's own transaction (like tests/http), a browser-like client that signs
in through the sign-in form and keeps the session cookie."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from assistant.api_tokens import create_token
from assistant.db.models import Employee, Role
from assistant.settings import Settings
from tests.factories import make_employee
from tests.http.conftest import Api, open_api
from tests.support import NOW

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


@dataclass
class Web:
    api: Api

    @property
    def client(self) -> Any:
        return self.api.client

    @property
    def session(self) -> Session:
        return self.api.session

    @property
    def settings(self) -> Settings:
        return self.api.settings

    def token(self, employee: Employee) -> str:
        return create_token(self.session, email=employee.email, now=NOW).token

    def sign_in(self, employee: Employee) -> None:
        """Through the sign-in form, like a person: the session cookie is kept for what follows."""
        self.client.cookies.clear()
        form = self.client.get("/app/sign-in")
        response = self.client.post(
            "/app/sign-in",
            data={"token": self.token(employee), "csrf": csrf_of(form.text), "next": "/app"},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text

    def person(self, role: Role = Role.STAFF, **fields: object) -> Employee:
        """A new employee with this role, signed in."""
        employee = make_employee(self.session, role=role, **fields)
        self.sign_in(employee)
        return employee

    def csrf(self, path: str = "/app") -> str:
        return csrf_of(self.client.get(path).text)

    def post(self, path: str, data: dict[str, Any] | None = None, **options: Any) -> httpx.Response:
        """A form POST with the CSRF token of the page the form is on (`form_page`, default the same path)."""
        form_page = options.pop("form_page", "/app")
        fields = {"csrf": self.csrf(form_page), **(data or {})}
        response: httpx.Response = self.client.post(path, data=fields, follow_redirects=False, **options)
        return response


@pytest.fixture
def web(db_session: Session, settings: Settings) -> Iterator[Web]:
    for api in open_api(db_session, settings):
        yield Web(api)


def main_text(response: httpx.Response) -> str:
    """The text of the page's <main>, tags removed: what a reader sees."""
    html = response.text
    start, end = html.find("<main"), html.find("</main>")
    assert start >= 0 and end > start, html[:500]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end])).strip()
