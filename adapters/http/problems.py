"""Errors as RFC 9457 problem details: every failure the API answers is `{type, title, status, detail}`.

A ToolError's kind decides the status (not found 404, permission 403, invalid arguments 422, a refusal by the
rules or a decision already taken 409); its message, written for people, is the detail.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tools.base import InvalidArgumentsError, NotFoundError, PermissionDeniedError, RefusedError, ToolError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class ApiProblem(Exception):
    """Raised by routes and dependencies for an answer that is not a ToolError (401, 413, ...)."""

    def __init__(
        self, status: int, detail: str, *, code: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.headers = dict(headers or {})


def unauthorized(detail: str) -> ApiProblem:
    return ApiProblem(401, detail, code="unauthorized", headers={"WWW-Authenticate": "Bearer"})


def problem_response(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if code:
        body["code"] = code
    body.update(extra or {})
    return JSONResponse(
        jsonable_encoder(body), status_code=status, headers=dict(headers or {}), media_type=PROBLEM_JSON
    )


def status_of(error: ToolError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, PermissionDeniedError):
        return 403
    if isinstance(error, InvalidArgumentsError):
        return 422
    if isinstance(error, RefusedError):
        return 409
    return 400


def _validation_detail(errors: Sequence[Any]) -> str:
    parts = []
    for item in errors:
        location = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "request"
        parts.append(f"{location}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "The request is not valid."


async def _on_api_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiProblem)
    return problem_response(error.status, error.detail, code=error.code, headers=error.headers)


async def _on_tool_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ToolError)
    return problem_response(status_of(error), error.message, code=error.code)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = list(error.errors())
    problems = [{"loc": list(item.get("loc", ())), "msg": item.get("msg", "")} for item in errors]
    return problem_response(
        422, _validation_detail(errors), code="invalid_request", extra={"errors": problems}
    )


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
    return problem_response(error.status_code, detail, headers=error.headers)


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(500, "Something went wrong on our side; nothing was changed.")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _on_api_problem)
    app.add_exception_handler(ToolError, _on_tool_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
