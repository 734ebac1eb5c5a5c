"""Tools: the ones the caller's role may use, and calling a read tool with JSON arguments; policy search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel

from adapters.http.deps import ContextDep, CurrentUserDep, Services
from adapters.http.problems import ApiProblem
from assistant.permissions import check_tool_access
from tools.base import ToolKind
from tools.invoke import call_tool
from tools.policies import PolicySearchResult

router = APIRouter(tags=["tools"])


class ToolInfo(BaseModel):
    name: str
    kind: ToolKind
    summary: str
    description: str
    arguments: dict[str, Any]


@router.get("/tools", summary="The tools your role may use, with their argument schemas")
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
    summary="Call a read tool with JSON arguments",
    responses={409: {"description": "A write tool: ask for it in chat, where it becomes a proposal"}},
)
def call_read_tool(
    name: str, ctx: ContextDep, services: Services, arguments: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    tool = services.registry.get(name)
    check_tool_access(ctx.user, tool)
    if tool.kind is not ToolKind.READ:
        raise ApiProblem(
            409, f"{name} changes data: ask for it in chat, where it becomes a proposal.", code="write_tool"
        )
    result: dict[str, Any] = call_tool(ctx, services.registry, name, arguments).model_dump(mode="json")
    return result


@router.get("/policies/search", summary="Search the company policies; passages with their source")
def search_policies(
    ctx: ContextDep,
    services: Services,
    q: Annotated[str, Query(min_length=2, max_length=500, description="The question.")],
    k: Annotated[int, Query(ge=1, le=10)] = 5,
) -> PolicySearchResult:
    result = call_tool(ctx, services.registry, "search_policies", {"question": q, "k": k})
    assert isinstance(result, PolicySearchResult)
    return result
