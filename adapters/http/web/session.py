"""Who is using the pages: the sign-in token in an HttpOnly cookie, checked on every request like the API's.

The cookie holds the API token itself (HttpOnly, SameSite=Strict, path=/; Secure over https or when
`web_cookie_secure` says so). Each request authenticates it through assistant/api_tokens.py, so the role is
today's on the employee record and a revoked token or a deactivated employee is signed out at once. Nothing
about sessions is stored server-side, so any number of workers agree without sharing a secret.

Forms carry a CSRF token: an HMAC keyed by the session token (or, before sign-in, by a random pre-session
cookie). A page on another site can neither read the cookie nor compute the HMAC, so a POST without the right
token is refused 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, Request, Response

from adapters.http.deps import Services, SessionDep, get_tool_context
from assistant.api_tokens import InvalidTokenError, authenticate
from assistant.db.engine import session_scope
from assistant.settings import Settings
from tools.base import CurrentUser, ToolContext

SESSION_COOKIE = "bo_session"
PRESESSION_COOKIE = "bo_presession"  # keys the CSRF token of the sign-in and language forms before sign-in
LANGUAGE_COOKIE = "bo_lang"
_CSRF_PURPOSE = b"backoffice web form v1"
LANGUAGE_MAX_AGE = 365 * 24 * 3600


class SignInRequired(Exception):
    """No session, or its token no longer opens anything: the page answers with a redirect to sign in."""


class CsrfRefused(Exception):
    """A form POST without the token this session's pages carry."""


def csrf_token(key: str) -> str:
    return hmac.new(key.encode(), _CSRF_PURPOSE, hashlib.sha256).hexdigest()


def csrf_key(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or request.cookies.get(PRESESSION_COOKIE)


def new_presession_key() -> str:
    return secrets.token_urlsafe(32)


def check_csrf(request: Request, submitted: str | None) -> None:
    key = csrf_key(request)
    if not key or not submitted or not hmac.compare_digest(csrf_token(key), submitted):
        raise CsrfRefused


def cookie_is_secure(request: Request, settings: Settings) -> bool:
    if settings.web_cookie_secure is not None:
        return settings.web_cookie_secure
    return request.url.scheme == "https"


def set_cookie(response: Response, request: Request, settings: Settings, name: str, value: str) -> None:
    max_age = LANGUAGE_MAX_AGE if name == LANGUAGE_COOKIE else None  # the session ends with the browser
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        secure=cookie_is_secure(request, settings),
        httponly=True,
        samesite="strict",
    )


def clear_session(response: Response, request: Request, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=cookie_is_secure(request, settings), httponly=True, samesite="strict"
    )


def authenticate_token(services: Services, token: str) -> CurrentUser:
    """The token's employee, in a short unit of work of its own (it records the token's last use)."""
    with session_scope(services.sessions) as session:
        return authenticate(session, token=token.strip(), now=services.clock())


def get_web_user(request: Request, services: Services) -> CurrentUser:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequired
    try:
        user = authenticate_token(services, token)
    except InvalidTokenError as error:
        raise SignInRequired from error
    request.state.web_user = user  # an error page later in the request still shows who is signed in
    return user


WebUser = Annotated[CurrentUser, Depends(get_web_user)]


def get_form_user(request: Request, user: WebUser, csrf: Annotated[str | None, Form()] = None) -> CurrentUser:
    """The signed-in user of a form POST, once its CSRF token checks out."""
    check_csrf(request, csrf)
    return user


FormUser = Annotated[CurrentUser, Depends(get_form_user)]


def get_web_context(user: WebUser, session: SessionDep, services: Services) -> ToolContext:
    return get_tool_context(user, session, services)


def get_form_context(user: FormUser, session: SessionDep, services: Services) -> ToolContext:
    return get_tool_context(user, session, services)


WebContext = Annotated[ToolContext, Depends(get_web_context)]
FormContext = Annotated[ToolContext, Depends(get_form_context)]
