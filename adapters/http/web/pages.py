"""Rendering a page: the template, the language, the CSRF token, safe headers; failures as pages, not JSON.

`WebRoute` is the route class of every page: what the API answers as a problem document (a ToolError, an
ApiProblem, an invalid form) a page answers as an HTML page with the same status, in the reader's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.http.deps import ApiServices
from adapters.http.problems import ApiProblem, status_of
from adapters.http.web.i18n import LANGUAGE_NAMES, LANGUAGES, Translator, pick_language
from adapters.http.web.session import (
    LANGUAGE_COOKIE,
    PRESESSION_COOKIE,
    CsrfRefused,
    SignInRequired,
    csrf_key,
    csrf_token,
    new_presession_key,
    set_cookie,
)
from tools.base import CurrentUser, ToolError

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=WEB_DIR / "templates")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "–"


def _percent(value: float | None) -> str:
    return f"{value * 100:.0f} %" if value is not None else "–"


templates.env.filters["when"] = _when
templates.env.filters["percent"] = _percent


def translator(request: Request) -> Translator:
    return Translator(
        pick_language(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))
    )


def services_of(request: Request) -> ApiServices:
    services: ApiServices = request.app.state.services
    return services


def page(
    request: Request,
    template: str,
    *,
    user: CurrentUser | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The template rendered for this reader, with the CSRF token its forms carry."""
    t = translator(request)
    key, new_key = csrf_key(request), None
    if key is None:  # a first visit: the forms need a key before there is a session
        key = new_key = new_presession_key()
    response = templates.TemplateResponse(
        request,
        template,
        {
            "t": t,
            "lang": t.language,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            "csrf": csrf_token(key),
            "user": user,
            "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            **context,
        },
        status_code=status,
        headers=SECURITY_HEADERS,
    )
    if new_key is not None:
        set_cookie(response, request, services_of(request).settings, PRESESSION_COOKIE, new_key)
    return response


def error_page(
    request: Request, status: int, detail: str | None = None, *, message_key: str | None = None
) -> HTMLResponse:
    t = translator(request)
    known = status if status in (400, 403, 404, 409, 413, 422, 500, 503, 507) else 400
    return page(
        request,
        "error.html",
        user=getattr(request.state, "web_user", None),
        status=status,
        message=t(message_key or f"error_{known}"),
        detail=detail,
    )


def safe_next(target: str | None) -> str:
    """Where to go after signing in or choosing a language: a page of this app, never another site."""
    if target and target.startswith("/app") and not target.startswith("//") and "\\" not in target:
        return target
    return "/app"


def see_other(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


def to_sign_in(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return see_other(f"/app/sign-in?next={quote(here if request.method == 'GET' else '/app')}")


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        location = ".".join(
            str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path")
        )
        parts.append(f"{location or 'form'}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


class WebRoute(APIRoute):
    """A page route: failures become pages (or a redirect to sign in), never problem JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_page(request: Request) -> Response:
            try:
                return await handle(request)
            except SignInRequired:
                return to_sign_in(request)
            except CsrfRefused:
                return error_page(request, 403, message_key="error_csrf")
            except ToolError as error:
                return error_page(request, status_of(error), error.message)
            except ApiProblem as error:
                return error_page(request, error.status, error.detail)
            except RequestValidationError as error:
                return error_page(request, 422, _validation_detail(error))
            except StarletteHTTPException as error:  # e.g. a body that is not a form at all
                return error_page(request, error.status_code, str(error.detail))
            except Exception:
                log.exception("unhandled error on page %s %s", request.method, request.url.path)
                return error_page(request, 500)

        return handle_page


def web_router() -> APIRouter:
    """A router of pages: under /app, left out of the API's OpenAPI document, failures as pages."""
    return APIRouter(prefix="/app", route_class=WebRoute, include_in_schema=False)
