"""Signing in and out, choosing the language, and the home page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from adapters.http.deps import Services, SessionDep
from adapters.http.web.i18n import as_language
from adapters.http.web.pages import error_page, page, safe_next, see_other, web_router
from adapters.http.web.session import (
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    FormUser,
    WebUser,
    authenticate_token,
    check_csrf,
    clear_session,
    set_cookie,
)
from assistant import confirmations
from assistant.api_tokens import InvalidTokenError
from assistant.db.models import ActionStatus

router = web_router()

NOTICES = {"signed_out"}


@router.get("/sign-in")
def sign_in_page(
    request: Request,
    next_page: Annotated[str | None, Query(alias="next", max_length=500)] = None,
    notice: str | None = None,
) -> HTMLResponse:
    return page(
        request,
        "sign_in.html",
        user=None,
        next=safe_next(next_page),
        notice=notice if notice in NOTICES else None,
    )


@router.post("/sign-in")
def sign_in(
    request: Request,
    services: Services,
    token: Annotated[str, Form(max_length=200)] = "",
    next_page: Annotated[str, Form(alias="next", max_length=500)] = "/app",
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    check_csrf(request, csrf)
    try:
        authenticate_token(services, token)
    except InvalidTokenError:
        return page(request, "sign_in.html", user=None, status=401, next=safe_next(next_page), failed=True)
    response = see_other(safe_next(next_page))
    set_cookie(response, request, services.settings, SESSION_COOKIE, token.strip())
    return response


@router.post("/sign-out")
def sign_out(request: Request, user: FormUser, services: Services) -> Response:
    response = see_other("/app/sign-in?notice=signed_out")
    clear_session(response, request, services.settings)
    return response


@router.post("/language")
def choose_language(
    request: Request,
    services: Services,
    language: Annotated[str, Form(max_length=5)],
    next_page: Annotated[str, Form(alias="next", max_length=500)] = "/app",
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    check_csrf(request, csrf)
    response = see_other(safe_next(next_page))
    if (chosen := as_language(language)) is not None:
        set_cookie(response, request, services.settings, LANGUAGE_COOKIE, chosen)
    return response


@router.get("")
def home(request: Request, user: WebUser, session: SessionDep) -> HTMLResponse:
    pending = confirmations.list_actions(session, status=ActionStatus.PENDING, limit=500)
    waiting = confirmations.decidable_by(session, user, pending)
    return page(request, "home.html", user=user, waiting=len(waiting))


fallback = web_router()  # included last: any other address under /app is a page that does not exist


@fallback.api_route("/{rest:path}", methods=["GET", "POST"])
def not_found(request: Request, rest: str) -> Response:
    if rest == "":
        return see_other("/app")
    return error_page(request, 404)
