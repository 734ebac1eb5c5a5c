"""Calling a tool by name, the one way every adapter and the agent do it: check access, parse, run or propose."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from assistant.confirmations import ActionView, propose
from assistant.observability import tool_span
from assistant.permissions import check_tool_access
from tools.base import Registry, ToolContext, ToolKind


class Proposal(BaseModel):
    """What a write tool returns: nothing has changed yet; this is waiting for a decision."""

    status: str = "awaiting_approval"
    action: ActionView
    message: str


def call_tool(
    ctx: ToolContext, registry: Registry, name: str, arguments: dict[str, Any] | BaseModel
) -> BaseModel:
    """Run a read tool, or turn a write tool's call into a pending action. Raises ToolError with a message.

    Each call is a span of the current turn's trace (assistant/observability.py): name, outcome, time."""
    with tool_span(name) as span:
        return _call_tool(ctx, registry, name, arguments, span)


def _call_tool(
    ctx: ToolContext,
    registry: Registry,
    name: str,
    arguments: dict[str, Any] | BaseModel,
    span: dict[str, str],
) -> BaseModel:
    tool = registry.get(name)
    check_tool_access(ctx.user, tool)
    if tool.kind is ToolKind.READ:
        assert tool.run is not None
        result: BaseModel = tool.run(ctx, tool.parse(arguments))
        return result
    action = propose(ctx, tool, arguments)
    span["outcome"] = "proposed"
    who = (
        f"employee #{action.required_approver_id}"
        if action.required_approver_id
        else " or ".join(action.required_roles)
    )
    return Proposal(
        action=action,
        message=f"Proposed, not done: {action.summary}. Waiting for approval by {who} (action {action.id}).",
    )
