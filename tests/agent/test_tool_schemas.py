"""Every tool's schema is valid for OpenAI strict function calling, and strict arguments come back usable."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.agent.schemas import (
    SUPPORTED_FORMATS,
    TOOL_NAME_PATTERN,
    restore_arguments,
    strict_tool_schema,
)
from assistant.db.models import Role
from tests.support import MakeContext
from tools.base import Tool
from tools.langchain_tools import as_langchain_tools
from tools.registry import default_registry

TOOLS = list(default_registry())

# Keywords strict mode accepts; anything else (default, title, minLength, maxLength, $ref, ...) is an error.
STRUCTURAL = {
    "type",
    "description",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "anyOf",
}
CONSTRAINTS = {
    "const",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
}
TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
MAX_DEPTH = 5


def assert_strict(schema: dict[str, Any], path: str, depth: int = 0) -> None:
    unsupported = set(schema) - STRUCTURAL - CONSTRAINTS
    assert not unsupported, f"{path}: unsupported keywords {sorted(unsupported)}"
    assert depth <= MAX_DEPTH, f"{path}: nested deeper than {MAX_DEPTH}"
    if "format" in schema:
        assert schema["format"] in SUPPORTED_FORMATS, f"{path}: format {schema['format']!r}"
    if "anyOf" in schema:
        assert "type" not in schema, f"{path}: anyOf beside type"
        for index, branch in enumerate(schema["anyOf"]):
            assert "description" not in branch, f"{path}.anyOf[{index}]: description inside a branch"
            assert_strict(branch, f"{path}.anyOf[{index}]", depth)
        return
    kinds = schema["type"] if isinstance(schema.get("type"), list) else [schema.get("type")]
    assert set(kinds) <= TYPES, f"{path}: type {schema.get('type')!r}"
    if "object" in kinds:
        properties = schema["properties"]
        assert schema["additionalProperties"] is False, f"{path}: additionalProperties must be false"
        assert schema["required"] == list(properties), f"{path}: every property must be required"
        for name, property_schema in properties.items():
            assert_strict(property_schema, f"{path}.{name}", depth + 1)
    if "array" in kinds:
        assert_strict(schema["items"], f"{path}[]", depth + 1)


def accepts_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return (
        kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or any(accepts_null(branch) for branch in schema.get("anyOf", []))
    )


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: tool.name)
def test_every_tool_schema_is_strict(tool: Tool[Any, Any]) -> None:
    definition = strict_tool_schema(tool)
    function = definition["function"]

    assert definition["type"] == "function"
    assert TOOL_NAME_PATTERN.fullmatch(function["name"])
    assert function["strict"] is True
    assert function["description"].strip()
    parameters = function["parameters"]
    assert parameters["type"] == "object"
    assert_strict(parameters, function["name"])


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: tool.name)
def test_optional_arguments_are_nullable_and_every_property_is_described(tool: Tool[Any, Any]) -> None:
    original = tool.args_model.model_json_schema()
    parameters = strict_tool_schema(tool)["function"]["parameters"]
    for name, property_schema in parameters["properties"].items():
        assert property_schema.get("description"), f"{tool.name}.{name} has no description"
        if name not in original.get("required", []):
            assert accepts_null(property_schema), f"{tool.name}.{name} is optional but not nullable"


def sample(schema: dict[str, Any], *, fill_optional: bool = False) -> Any:
    """A value a strict model could send: required fields filled, optional ones null."""
    if "anyOf" in schema:
        return sample(next(branch for branch in schema["anyOf"] if branch.get("type") != "null"))
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    kind = next(kind for kind in kinds if kind != "null")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {
            name: sample(property_schema) if not accepts_null(property_schema) or fill_optional else None
            for name, property_schema in schema["properties"].items()
        }
    if kind == "array":
        return [sample(schema["items"])]
    if kind == "string":
        return "2026-11-24" if schema.get("format") == "date" else "sample"
    if kind in ("integer", "number"):
        return 1
    return False


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: tool.name)
def test_strict_arguments_restore_to_what_the_tool_validates(tool: Tool[Any, Any]) -> None:
    parameters = strict_tool_schema(tool)["function"]["parameters"]
    strict_arguments = sample(parameters)

    restored = restore_arguments(tool.args_model.model_json_schema(), strict_arguments)

    tool.args_model.model_validate(restored)  # raises if a strict null or pair list slipped through


def test_optional_nulls_fall_back_to_the_argument_models_defaults() -> None:
    tool = default_registry().get("find_products")
    restored = restore_arguments(
        tool.args_model.model_json_schema(),
        {
            "query": "chair",
            "options": [{"key": "color", "value": "black"}, {"key": "size", "value": "M"}],
            "only_available": None,
            "limit": None,
        },
    )

    assert restored == {"query": "chair", "options": {"color": "black", "size": "M"}}
    arguments = tool.args_model.model_validate(restored)
    assert arguments.model_dump()["limit"] == 10


def test_nested_optional_fields_are_restored_too() -> None:
    tool = default_registry().get("create_sales_order")
    address = {"line1": "Ilica 1", "line2": None, "city": "Zagreb", "state": None}
    restored = restore_arguments(
        tool.args_model.model_json_schema(),
        {
            "customer": "ana@example.com",
            "lines": [{"sku": "CHAIR-1", "quantity": 2}],
            "ship_to": {**address, "postal_code": "10000", "country": "HR"},
            "payment_method": None,
            "warehouse": None,
            "currency": None,
            "notes": None,
        },
    )

    assert restored["ship_to"] == {
        "line1": "Ilica 1",
        "city": "Zagreb",
        "postal_code": "10000",
        "country": "HR",
    }
    assert "payment_method" in restored  # its model allows null, so the null is kept as sent
    tool.args_model.model_validate(restored)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_langchain_tools_get_the_same_strict_schema_as_the_registry(
    role: Role, make_ctx: MakeContext
) -> None:
    registry = default_registry()
    for langchain_tool in as_langchain_tools(make_ctx(role), registry):
        assert strict_tool_schema(langchain_tool) == strict_tool_schema(registry.get(langchain_tool.name))
