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
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DataError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tools.base import InvalidArgumentsError, NotFoundError, PermissionDeniedError, RefusedError, ToolError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_REF = "#/components/schemas/Problem"

# What each error status means in this API, for the OpenAPI description of every operation that can answer it.
STATUS_MEANINGS: dict[int, str] = {
    400: "The body cannot be read (not UTF-8 text, not multipart form data)",
    401: "No API token, or one that is unknown, revoked or whose owner is inactive",
    403: "Your role may not do this",
    404: "Not found, or not yours to see",
    409: "Refused by the rules, or already decided",
    413: "Larger than the upload limit",
    422: "The request does not validate (see `errors`)",
    503: "Not ready: the database (or the policy library) does not answer",
}


class ValidationProblem(BaseModel):
    loc: list[str | int] = Field(description="Where: e.g. ['body', 'message'] or ['query', 'limit'].")
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details: every error the API answers has this shape."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not Found",
                    "status": 404,
                    "detail": "No action found for 'no-such-action'.",
                    "code": "not_found",
                }
            ]
        }
    )

    type: str = Field(
        default="about:blank", description="Always 'about:blank': `title` is the status phrase."
    )
    title: str = Field(description="The HTTP status phrase.")
    status: int = Field(description="The HTTP status code, repeated.")
    detail: str = Field(description="What went wrong, written for people.")
    code: str | None = Field(default=None, description="A stable machine-readable reason, when there is one.")
    errors: list[ValidationProblem] | None = Field(default=None, description="422 only: each invalid field.")


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries for these error statuses, each an application/problem+json Problem."""
    return {
        status: {
            "description": STATUS_MEANINGS.get(status, HTTPStatus(status).phrase),
            "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
        }
        for status in statuses
    }


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
    # the server's side, not the request's: try again later
    return {"knowledge_unavailable": 503, "storage_full": 507}.get(error.code, 400)


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
    code = "too_large" if error.status_code == 413 else None
    return problem_response(error.status_code, detail, code=code, headers=error.headers)


async def _on_data_error(request: Request, error: Exception) -> JSONResponse:
    # The database refused a value that passed validation (a NUL character, a number out of its column's range):
    # the request's unit of work is rolled back; the value was the caller's.
    log.info("database refused a value on %s %s: %s", request.method, request.url.path, error)
    return problem_response(
        422,
        "The request holds a value the database cannot store (e.g. a NUL character).",
        code="invalid_value",
    )


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(500, "Something went wrong on our side; nothing was changed.")


class BodySizeLimit:
    """ASGI middleware: a request body larger than `max_bytes` is refused with a 413 problem as it arrives, by its
    Content-Length before anything is read, or as soon as a body sent without one passes the limit; nothing
    of it is parsed or spooled to disk."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _detail(self) -> str:
        return f"The request body is larger than the {self.max_bytes:,} bytes allowed."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            await problem_response(413, self._detail(), code="too_large")(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:  # an HTTPException passes the body parser to the handlers
                    raise StarletteHTTPException(413, self._detail())
            return message

        await self.app(scope, limited, send)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _on_api_problem)
    app.add_exception_handler(ToolError, _on_tool_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(DataError, _on_data_error)
    app.add_exception_handler(Exception, _on_unexpected)
