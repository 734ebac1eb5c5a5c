"""Build the agent for one user: the model, exactly the tools their role may call, the prompt, the memory."""

from __future__ import annotations

from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware, ModelCallLimitMiddleware
from langchain.agents.middleware.model_call_limit import ModelCallLimitState
from langchain.agents.middleware.types import hook_config
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from assistant.agent.citations import CitationCheck
from assistant.agent.prompts import build_system_prompt
from assistant.agent.replies import Fixed, fixed_reply, reply_language
from assistant.agent.tool_selection import ToolSelection
from tools.base import Registry, ToolContext
from tools.langchain_tools import as_langchain_tools

# A question needs one or two tool rounds; a model that keeps calling tools is stuck, and each call costs.
MAX_MODEL_CALLS_PER_TURN = 8
# A backstop under the call cap: each model round is a few graph steps (limit check, model, tools).
RECURSION_LIMIT = 4 * MAX_MODEL_CALLS_PER_TURN + 10

Agent = CompiledStateGraph[Any, Any, Any, Any]

LOOP_CAP_REPLY = fixed_reply(Fixed.LOOP_CAP, "en")


class TurnCallLimit(ModelCallLimitMiddleware[Any, Any]):
    """The library's cap, ending the turn with a message meant for the user instead of its internal one."""

    def __init__(self, *, locale: str, **options: Any) -> None:
        super().__init__(**options)
        self.locale = locale

    @hook_config(can_jump_to=["end"])
    def before_model(self, state: ModelCallLimitState[Any], runtime: Runtime[Any]) -> dict[str, Any] | None:
        update = super().before_model(state, runtime)
        if update is not None:
            asked = [m.text for m in state["messages"] if isinstance(m, HumanMessage)]
            language = reply_language(asked[-1], self.locale) if asked else self.locale
            update["messages"] = [AIMessage(content=fixed_reply(Fixed.LOOP_CAP, language))]
        return update


def build_agent(
    *,
    model: BaseChatModel,
    ctx: ToolContext,
    registry: Registry,
    checkpointer: BaseCheckpointSaver[Any] | None,
    tool_budget_tokens: int | None = None,
    check_policy_citations: bool = False,
) -> Agent:
    """The agent offers only the tools the user's role may call, so the model never sees the others.

    With `tool_budget_tokens`, each model call is offered only the role's tools that fit the question within
    that many tokens of schemas (see `tool_selection`); without, all of them. With `check_policy_citations`
    (for language models), policy answers keep only citations of passages the model was given (`citations`).
    """
    # "end" rather than "error": the turn closes with a message, so the stored conversation stays valid.
    middleware: list[AgentMiddleware[Any, Any]] = [
        TurnCallLimit(locale=ctx.user.locale, run_limit=MAX_MODEL_CALLS_PER_TURN, exit_behavior="end")
    ]
    if tool_budget_tokens is not None:
        middleware.append(ToolSelection(budget_tokens=tool_budget_tokens))
    if check_policy_citations:
        middleware.append(CitationCheck(locale=ctx.user.locale))
    return create_agent(
        model=model,
        tools=as_langchain_tools(ctx, registry),
        system_prompt=build_system_prompt(ctx),
        middleware=middleware,
        checkpointer=checkpointer,
    )
