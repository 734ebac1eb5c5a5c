"""How the API describes itself: each operation's success example and error statuses (`answers`), and the
finishing touches on the OpenAPI document (`complete_openapi`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.routing import APIRoute, iter_route_contexts

from adapters.http.problems import Problem, problem_responses


def answers(
    *errors: int,
    example: Any = None,
    status: int = 200,
    media_type: str = "application/json",
    description: str | None = None,
) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: its success `example` (merged with the schema FastAPI derives from the return
    type) and the error statuses it may answer, each an application/problem+json Problem."""
    documented = problem_responses(*errors)
    success: dict[str, Any] = {}
    if example is not None:
        success["content"] = {media_type: {"example": example}}
    if description:
        success["description"] = description
    if success:
        documented[status] = success
    return documented


def complete_openapi(app: FastAPI) -> None:
    """The document FastAPI generates, plus: the Problem schema the error responses refer to (FastAPI's own 422
    schema is not used: validation errors are problems too), 400 wherever a body is read, and the examples as
    written (FastAPI drops their null values, which would make them fail their own schemas)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        for name in ("HTTPValidationError", "ValidationError"):
            if not _refers_to(schema["paths"], f"#/components/schemas/{name}"):
                components.pop(name, None)
        _restore_examples(app, schema)
        for item in schema["paths"].values():
            for operation in item.values():
                if "requestBody" in operation:  # a body that cannot be read at all (not UTF-8, not multipart)
                    operation["responses"].setdefault("400", problem_responses(400)[400])
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _restore_examples(app: FastAPI, schema: dict[str, Any]) -> None:
    for route in iter_route_contexts(app.routes):  # the routes as mounted, with their full paths
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for status, response in route.responses.items():
            for media_type, media in response.get("content", {}).items():
                if "example" not in media:
                    continue
                for method in route.methods or ():
                    operation = schema["paths"][route.path_format][method.lower()]
                    content = operation["responses"][str(status)]["content"][media_type]
                    content["example"] = jsonable_encoder(media["example"])


def _refers_to(node: Any, ref: str) -> bool:
    if isinstance(node, dict):
        return node.get("$ref") == ref or any(_refers_to(value, ref) for value in node.values())
    if isinstance(node, list):
        return any(_refers_to(value, ref) for value in node)
    return False
