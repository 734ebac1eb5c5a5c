"""Tools: the ones the caller's role may use, and calling a read tool with JSON arguments."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel

from adapters.http.deps import ContextDep, CurrentUserDep, Services
from adapters.http.problems import ApiProblem
from adapters.http.routes import examples
from adapters.http.routes.documentation import answers
from assistant.permissions import check_tool_access
from tools.base import ToolKind
from tools.invoke import call_tool

router = APIRouter(tags=["tools"])


class ToolInfo(BaseModel):
    name: str
    kind: ToolKind
    summary: str
    description: str
    arguments: dict[str, Any]


@router.get(
    "/tools",
    summary="The tools your role may use, with their argument schemas",
    responses=answers(401, example=[examples.TOOL_INFO]),
)
def list_tools(user: CurrentUserDep, services: Services) -> list[ToolInfo]:
    return [
        ToolInfo(
            name=tool.name,
            kind=tool.kind,
            summary=tool.summary,
            description=tool.description,
            arguments=tool.args_model.model_json_schema(),
        )
        for tool in services.registry.for_role(user.role)
    ]


@router.post(
    "/tools/{name}",
    summary="Call a read tool with JSON arguments (a write tool is refused with 409: ask for it in chat)",
    responses=answers(401, 403, 404, 409, 422, example=examples.TOOL_RESULT),
)
def call_read_tool(
    name: Annotated[str, Path(max_length=64, description="A tool name from `GET /tools`.")],
    ctx: ContextDep,
    services: Services,
    arguments: Annotated[
        dict[str, Any],
        Body(examples=[{"query": "ergonomic chair", "limit": 5}], description="The arguments."),
    ],
) -> dict[str, Any]:
    tool = services.registry.get(name)
    check_tool_access(ctx.user, tool)
    if tool.kind is not ToolKind.READ:
        raise ApiProblem(
            409, f"{name} changes data: ask for it in chat, where it becomes a proposal.", code="write_tool"
        )
    result: dict[str, Any] = call_tool(ctx, services.registry, name, arguments).model_dump(mode="json")
    return result
