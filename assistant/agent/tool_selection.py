"""Offer a language model the tools that fit the question, within a prompt budget, instead of all of them.

Every tool schema is sent with every model call. An administrator may call 25 tools, about 6,000 tokens of
schemas, most of them irrelevant to "where is SO-105990?". Before each model call this middleware ranks the
user's tools by how close the latest message is to each tool's example requests (the offline model's
multilingual embeddings and rules, ~10 ms), and offers them best first until the budget is spent. Tools the
conversation has already called stay offered, so follow-ups ("and cancel it") keep their tool, and a tool
brings the read tools its arguments usually come from (an order change brings `get_order`).

The selection never widens what a user may do: it only narrows the role's tools, which the agent was built
with. A tool left out this call is still known to the agent, so nothing breaks if the model names it anyway.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langchain_core.tools import BaseTool

from assistant.agent.schemas import strict_tool_schema

log = logging.getLogger(__name__)

# Characters per token of a compact JSON tool schema, rounded down from what the cl100k tokenizer gives for
# this project's schemas (4.0-4.8): estimating low keeps the real count under the budget.
CHARS_PER_TOKEN = 4.0

# Read tools whose answers a tool's arguments usually come from.
COMPANIONS: Mapping[str, tuple[str, ...]] = {
    "cancel_order": ("get_order",),
    "modify_order_items": ("get_order", "find_products"),
    "modify_order_address": ("get_order",),
    "modify_order_payment": ("get_order", "get_customer_account"),
    "return_order_items": ("get_order",),
    "exchange_order_items": ("get_order", "find_products"),
    "create_sales_order": ("find_customers", "find_products"),
    "update_customer_address": ("find_customers",),
    "get_customer_account": ("find_customers",),
    "create_purchase_order": ("find_suppliers", "reorder_suggestions"),
    "adjust_stock": ("get_stock",),
    "get_stock": ("find_products",),
    "request_leave": ("get_my_leave",),
    "find_invoices": ("list_payments",),
}

Ranker = Callable[[str], Mapping[str, float]]


def offline_ranker(text: str) -> Mapping[str, float]:
    """Scores per tool name from the offline model's intent classifier."""
    from assistant.offline.classifier import intent_scores

    scores, _boosts = intent_scores(text)
    return scores


def schema_tokens(tool: BaseTool | dict[str, Any]) -> int:
    """Estimated tokens of the tool's strict schema as sent to the model."""
    if isinstance(tool, dict):
        return round(len(json.dumps(tool, separators=(",", ":"), ensure_ascii=False)) / CHARS_PER_TOKEN)
    return round(_tool_chars(tool) / CHARS_PER_TOKEN)


# Rendering a strict schema takes ~1 ms; a tool's schema only changes with its name and description.
_chars_by_tool: dict[tuple[str, str], int] = {}


def _tool_chars(tool: BaseTool) -> int:
    key = (tool.name, tool.description)
    cached = _chars_by_tool.get(key)
    if cached is None:
        rendered = json.dumps(strict_tool_schema(tool), separators=(",", ":"), ensure_ascii=False)
        cached = _chars_by_tool[key] = len(rendered)
    return cached


def select_tools(
    tools: Sequence[BaseTool],
    *,
    question: str,
    earlier_questions: Sequence[str] = (),
    already_called: Sequence[str] = (),
    budget_tokens: int,
    ranker: Ranker = offline_ranker,
) -> list[BaseTool]:
    """The tools to offer for `question`, best first, whose schemas fit in `budget_tokens` together.

    Tools the conversation already called come first; then tools by score, each followed by its companions.
    At least the best-ranked tool is always offered, even when it alone is over the budget.
    """
    by_name = {tool.name: tool for tool in tools}
    scores = dict(ranker(question))
    for earlier in earlier_questions:  # the thread's earlier messages count, a little less
        for name, score in ranker(earlier).items():
            scores[name] = max(scores.get(name, 0.0), score - 0.05)
    ranked = sorted(by_name, key=lambda name: scores.get(name, 0.0), reverse=True)
    wanted: list[str] = [name for name in dict.fromkeys(already_called) if name in by_name]
    for name in ranked:
        wanted += [name, *(companion for companion in COMPANIONS.get(name, ()) if companion in by_name)]
    chosen: list[BaseTool] = []
    spent = 0
    for name in dict.fromkeys(wanted):
        cost = schema_tokens(by_name[name])
        if chosen and spent + cost > budget_tokens:
            continue  # a smaller one further down may still fit
        chosen.append(by_name[name])
        spent += cost
    return chosen


class ToolSelection(AgentMiddleware[Any, Any]):
    """Before each model call, narrow the offered tools to those that fit the conversation (see module doc)."""

    def __init__(self, *, budget_tokens: int, ranker: Ranker = offline_ranker, history: int = 1) -> None:
        super().__init__()
        self.budget_tokens = budget_tokens
        self.ranker = ranker
        self.history = history

    def _narrow(self, request: ModelRequest[Any]) -> ModelRequest[Any]:
        tools = [tool for tool in request.tools if isinstance(tool, BaseTool)]
        questions = _human_texts(request.messages)
        if not questions or len(tools) != len(request.tools):
            return request  # nothing to rank by, or provider-side tools this code does not measure
        selected = select_tools(
            tools,
            question=questions[-1],
            earlier_questions=questions[-1 - self.history : -1],
            already_called=_called_tools(request.messages),
            budget_tokens=self.budget_tokens,
            ranker=self.ranker,
        )
        log.debug("offering %d of %d tools: %s", len(selected), len(tools), [t.name for t in selected])
        return request.override(tools=list(selected))

    def wrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], ModelResponse[Any]],
    ) -> ModelResponse[Any]:
        return handler(self._narrow(request))

    async def awrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], Awaitable[ModelResponse[Any]]],
    ) -> ModelResponse[Any]:
        return await handler(self._narrow(request))


def _human_texts(messages: Sequence[AnyMessage]) -> list[str]:
    return [message.text for message in messages if isinstance(message, HumanMessage) and message.text]


def _called_tools(messages: Sequence[AnyMessage]) -> list[str]:
    return [
        call["name"] for message in messages if isinstance(message, AIMessage) for call in message.tool_calls
    ]
