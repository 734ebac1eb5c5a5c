"""The OpenAPI document is complete: every operation has a summary and an example, documents each error status
as an RFC 9457 problem, and every example still validates against its schema."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.http.conftest import Api

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in schema["paths"].items() for method, op in item.items()]


def _validate(schema: dict[str, Any], instance: Any, document: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator({**schema, "components": document["components"]})
    return [error.message for error in validator.iter_errors(instance)]


@pytest.fixture
def document(api: Api) -> dict[str, Any]:
    schema: dict[str, Any] = api.client.get("/openapi.json").json()
    return schema


def test_every_operation_has_a_summary_an_example_and_problem_errors(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        responses = operation["responses"]
        successes = [status for status in responses if status.startswith("2")]
        assert successes, where
        examples = [
            media
            for status in successes
            for media_type, media in responses[status].get("content", {}).items()
            if media.get("schema", {}).get("format") != "binary" and media_type != "text/event-stream"
        ]
        assert all("example" in media for media in examples), where
        errors = {status: response for status, response in responses.items() if status[0] in "45"}
        for status, response in errors.items():
            assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}, (where, status)
        if operation.get("security"):
            assert "401" in errors, where
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in errors, where
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_every_example_validates_against_its_schema(document: dict[str, Any]) -> None:
    checked = 0
    for method, path, operation in _operations(document):
        for status, response in operation["responses"].items():
            for media_type, media in response.get("content", {}).items():
                if "example" in media and "schema" in media and media_type.endswith("json"):
                    errors = _validate(media["schema"], media["example"], document)
                    assert not errors, (method, path, status, errors)
                    checked += 1
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        schema = body.get("schema", {})
        model = document["components"]["schemas"].get(schema.get("$ref", "").rpartition("/")[2], schema)
        for example in model.get("examples", []):
            assert not _validate(schema, example, document), (method, path, example)
            checked += 1
    assert checked >= 30


def test_the_problem_schema_is_what_errors_look_like(api: Api, document: dict[str, Any]) -> None:
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"title", "status", "detail"}
    for response in (
        api.client.get("/tools"),
        api.client.get("/nowhere"),
        api.client.post("/chat", headers={"Authorization": "Bearer bo_x.y"}, json={}),
    ):
        assert response.headers["content-type"] == "application/problem+json"
        assert not _validate(PROBLEM, response.json(), document), response.json()
