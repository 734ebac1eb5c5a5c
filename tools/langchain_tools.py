"""The same tool definitions as LangChain tools, for the agent: one StructuredTool per tool the user may use."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException

from tools.base import Registry, ToolContext, ToolError
from tools.invoke import call_tool


def as_langchain_tools(ctx: ToolContext, registry: Registry) -> list[BaseTool]:
    """Tools bound to this context (who asks, which session). Only those the user's role may call are offered;
    refusals come back to the model as the tool's message, never as a stack trace."""
    return [_bind(ctx, registry, tool.name) for tool in registry.for_role(ctx.user.role)]


def _bind(ctx: ToolContext, registry: Registry, name: str) -> BaseTool:
    tool = registry.get(name)

    def run(**arguments: Any) -> str:
        try:
            result = call_tool(ctx, registry, name, arguments)
        except ToolError as error:
            raise ToolException(error.message) from error
        return result.model_dump_json()

    return StructuredTool.from_function(
        func=run,
        name=tool.name,
        description=tool.description,
        args_schema=tool.args_model,
        handle_tool_error=True,
    )
