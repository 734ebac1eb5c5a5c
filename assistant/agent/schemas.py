"""Tool schemas in the subset of JSON Schema that OpenAI strict function calling accepts, and back.

Strict mode wants every object closed (`additionalProperties: false`), every property listed in `required`
(optional ones as a union with null), no `default`, no `$ref` beside other keywords, and only the type-specific
keywords it documents. The tools' own argument models stay as they are: `strict_parameters` rewrites their
JSON schema for the model, and `restore_arguments` turns what the model sends back into the shape the argument
model validates (a null for an omitted optional field is dropped, so the field's default applies).
"""

from __future__ import annotations

import json
import re
from typing import Any

from langchain_core.tools import BaseTool
from pydantic import BaseModel

from tools.base import Tool

TOOL_NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")

# String formats OpenAI strict mode documents; any other `format` is dropped.
SUPPORTED_FORMATS = frozenset(
    {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
)
# Type-specific keywords kept as they are; everything else not handled below (default, title, minLength,
# maxLength, examples, ...) is left out.
KEPT_CONSTRAINTS = frozenset(
    {
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
    }
)
MAP_KEY = "key"
MAP_VALUE = "value"

JsonSchema = dict[str, Any]


class StrictSchemaError(ValueError):
    """A schema that cannot be expressed for strict mode (a recursive model, a root that is not an object)."""


def strict_tool_schema(tool: Tool[Any, Any] | BaseTool) -> JsonSchema:
    """The OpenAI tool definition (`{"type": "function", "function": {...}}`) of a tool, in strict form."""
    parameters = tool.args_model.model_json_schema() if isinstance(tool, Tool) else tool_parameters(tool)
    if not TOOL_NAME_PATTERN.fullmatch(tool.name):
        raise StrictSchemaError(f"tool name {tool.name!r} does not match {TOOL_NAME_PATTERN.pattern}")
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": strict_parameters(parameters),
            "strict": True,
        },
    }


def tool_parameters(tool: BaseTool) -> JsonSchema:
    """The JSON schema of a LangChain tool's arguments, as the tool itself validates them."""
    schema = tool.args_schema
    if isinstance(schema, dict):
        return schema
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return schema.model_json_schema()
    raise StrictSchemaError(f"tool {tool.name!r} has no JSON schema for its arguments")


def strict_parameters(schema: JsonSchema) -> JsonSchema:
    """Rewrite an argument model's JSON schema (pydantic output, `$defs` allowed) for strict mode."""
    definitions = schema.get("$defs", {})
    converted = _convert(schema, definitions, ())
    if converted.get("type") != "object":
        raise StrictSchemaError("the root of a tool's parameters must be an object")
    return converted


def restore_arguments(schema: JsonSchema, arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments a strict model produced, put back into the shape the original schema describes."""
    restored = _restore(schema, arguments, schema.get("$defs", {}))
    return restored if isinstance(restored, dict) else arguments


def schema_tokens_json(tools: list[JsonSchema]) -> str:
    """The tool definitions as compact JSON, roughly what a request carries (for token estimates)."""
    return json.dumps(tools, ensure_ascii=False, separators=(",", ":"))


# --- schema -> strict --------------------------------------------------------------------------------------------


def _resolve(
    schema: JsonSchema, definitions: JsonSchema, seen: tuple[str, ...]
) -> tuple[JsonSchema, tuple[str, ...]]:
    """Inline a `$ref` (its siblings, such as a description, win over the definition's own keywords)."""
    reference = schema.get("$ref")
    if reference is None:
        return schema, seen
    name = reference.rsplit("/", 1)[-1]
    if name in seen:
        raise StrictSchemaError(f"recursive schema through {name!r} is not supported")
    target = definitions.get(name)
    if target is None:
        raise StrictSchemaError(f"unresolvable reference {reference!r}")
    merged = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
    return _resolve(merged, definitions, (*seen, name))


def _convert(schema: JsonSchema, definitions: JsonSchema, seen: tuple[str, ...]) -> JsonSchema:
    schema, seen = _resolve(schema, definitions, seen)
    converted: JsonSchema = {}
    if "description" in schema:
        converted["description"] = schema["description"]
    if "anyOf" in schema:
        branches: list[JsonSchema] = []
        for branch in schema["anyOf"]:
            branch_schema = _convert(branch, definitions, seen)
            branch_schema.pop("description", None)
            for part in branch_schema.pop("anyOf", [branch_schema]):
                if part not in branches:
                    branches.append(part)
        if all(set(part) == {"type"} and isinstance(part["type"], str) for part in branches):
            converted["type"] = [part["type"] for part in branches]  # the shorter spelling of a plain union
        else:
            converted["anyOf"] = branches
        return converted
    kind = schema.get("type")
    if kind is not None:
        converted["type"] = kind
    if "enum" in schema:
        converted["enum"] = list(schema["enum"])
    if "const" in schema:
        converted["const"] = schema["const"]
    if schema.get("format") in SUPPORTED_FORMATS:
        converted["format"] = schema["format"]
    converted.update({key: value for key, value in schema.items() if key in KEPT_CONSTRAINTS})
    if kind == "array" and "items" in schema:
        converted["items"] = _convert(schema["items"], definitions, seen)
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not schema.get("properties"):
            return _map_as_pairs(converted, extra, definitions, seen)
        _convert_object(schema, converted, definitions, seen)
    return converted


def _convert_object(
    schema: JsonSchema, converted: JsonSchema, definitions: JsonSchema, seen: tuple[str, ...]
) -> None:
    required = set(schema.get("required", []))
    properties: JsonSchema = {}
    for name, property_schema in schema.get("properties", {}).items():
        strict_property = _convert(property_schema, definitions, seen)
        if name not in required:
            strict_property = _nullable(strict_property)
            default = property_schema.get("default")
            if default is not None and default != "":
                note = f"Default: {json.dumps(default, ensure_ascii=False)}."
                text = strict_property.get("description")
                strict_property["description"] = f"{text} {note}" if text else note
        properties[name] = strict_property
    converted["properties"] = properties
    converted["required"] = list(properties)
    converted["additionalProperties"] = False


def _map_as_pairs(
    converted: JsonSchema, value_schema: JsonSchema, definitions: JsonSchema, seen: tuple[str, ...]
) -> JsonSchema:
    """A free-form mapping cannot be closed, so it travels as a list of key/value pairs."""
    pair = {
        "type": "object",
        "properties": {
            MAP_KEY: {"type": "string"},
            MAP_VALUE: _convert(value_schema, definitions, seen),
        },
        "required": [MAP_KEY, MAP_VALUE],
        "additionalProperties": False,
    }
    result: JsonSchema = {"type": "array", "items": pair}
    if "description" in converted:
        result["description"] = converted["description"] + " As a list of key/value pairs."
    return result


def _nullable(schema: JsonSchema) -> JsonSchema:
    if _accepts_null(schema):
        return schema
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    kind = schema.get("type")
    if isinstance(kind, list) and "enum" not in schema and "const" not in schema:
        return {**schema, "type": [*kind, "null"]}
    if isinstance(kind, str) and "enum" not in schema and "const" not in schema:
        return {**schema, "type": [kind, "null"]}
    description = schema.get("description")
    inner = {key: value for key, value in schema.items() if key != "description"}
    wrapped: JsonSchema = {"anyOf": [inner, {"type": "null"}]}
    if description is not None:
        wrapped = {"description": description, **wrapped}
    return wrapped


def _accepts_null(schema: JsonSchema) -> bool:
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(_accepts_null(branch) for branch in schema.get("anyOf", []))


# --- strict arguments -> original shape --------------------------------------------------------------------------


def _restore(schema: JsonSchema, value: Any, definitions: JsonSchema) -> Any:
    schema, _ = _resolve(schema, definitions, ())
    if "anyOf" in schema:
        branch = _branch_for(schema["anyOf"], value, definitions)
        return value if branch is None else _restore(branch, value, definitions)
    kind = schema.get("type")
    if kind == "array" and isinstance(value, list) and "items" in schema:
        return [_restore(schema["items"], item, definitions) for item in value]
    if kind != "object":
        return value
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and not schema.get("properties") and isinstance(value, list):
        return {
            pair[MAP_KEY]: _restore(extra, pair[MAP_VALUE], definitions)
            for pair in value
            if isinstance(pair, dict) and MAP_KEY in pair and MAP_VALUE in pair
        }
    if not isinstance(value, dict):
        return value
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    restored: dict[str, Any] = {}
    for name, item in value.items():
        property_schema = properties.get(name)
        if property_schema is None:
            restored[name] = item  # unknown: left for the argument model to reject
            continue
        resolved, _ = _resolve(property_schema, definitions, ())
        if item is None and name not in required and not _accepts_null(resolved):
            continue  # "not given": the argument model's default applies
        restored[name] = _restore(property_schema, item, definitions)
    return restored


def _branch_for(branches: list[JsonSchema], value: Any, definitions: JsonSchema) -> JsonSchema | None:
    wanted = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else None
    if wanted is None:
        return None
    for branch in branches:
        resolved, _ = _resolve(branch, definitions, ())
        if resolved.get("type") == wanted:
            return resolved
    return None
