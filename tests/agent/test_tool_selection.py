"""Tools offered per model call: the ones that fit the question, within the prompt budget, never beyond the role."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.checkpoint.memory import InMemorySaver

from assistant.agent.schemas import strict_tool_schema
from assistant.agent.service import tool_budget
from assistant.agent.tool_selection import CHARS_PER_TOKEN, COMPANIONS, schema_tokens, select_tools
from assistant.db.models import Role
from assistant.offline.classifier import warm_up
from assistant.offline.intents import TOOL_INTENTS
from assistant.settings import ModelProvider, Settings
from tests.agent.conftest import StartChat, Stocked
from tests.fakes import call, say
from tools.base import Registry

LABELLED_SETS = sorted((Path(__file__).parents[1] / "offline").glob("*.yaml"))
BUDGET = 2_600


def as_tools(registry: Registry, role: Role = Role.ADMIN) -> list[BaseTool]:
    return [
        StructuredTool.from_function(
            func=lambda **_: "", name=tool.name, description=tool.description, args_schema=tool.args_model
        )
        for tool in registry.for_role(role)
    ]


def fixed_ranker(scores: Mapping[str, float]) -> Any:
    return lambda _text: scores


def sent_chars(tool: BaseTool) -> int:
    return len(json.dumps(strict_tool_schema(tool), separators=(",", ":"), ensure_ascii=False))


def test_tools_come_best_first_with_their_companions_and_within_the_budget(registry: Registry) -> None:
    tools = as_tools(registry)
    ranker = fixed_ranker({"cancel_order": 0.95, "find_invoices": 0.90, "get_stock": 0.40})
    budget = schema_tokens(next(t for t in tools if t.name == "cancel_order")) + 600

    chosen = [tool.name for tool in select_tools(tools, question="x", budget_tokens=budget, ranker=ranker)]

    assert chosen[:2] == ["cancel_order", "get_order"]  # the order it cancels comes from get_order
    assert sum(schema_tokens(t) for t in tools if t.name in chosen) <= budget
    assert len(chosen) < len(tools)


def test_tools_already_called_stay_offered_whatever_the_new_message_scores(registry: Registry) -> None:
    tools = as_tools(registry)
    chosen = select_tools(
        tools,
        question="and cancel it",
        already_called=["find_invoices"],
        budget_tokens=BUDGET,
        ranker=fixed_ranker({"cancel_order": 0.9}),
    )
    assert [tool.name for tool in chosen][:3] == ["find_invoices", "cancel_order", "get_order"]


def test_the_best_tool_is_offered_even_when_it_alone_is_over_the_budget(registry: Registry) -> None:
    chosen = select_tools(
        as_tools(registry),
        question="new order",
        budget_tokens=10,
        ranker=fixed_ranker({"create_sales_order": 0.9}),
    )
    assert [tool.name for tool in chosen] == ["create_sales_order"]


def test_selection_never_offers_a_tool_outside_the_role(registry: Registry) -> None:
    employee_tools = as_tools(registry, Role.EMPLOYEE)
    chosen = select_tools(
        employee_tools,
        question="cancel SO-100001",
        budget_tokens=100_000,
        ranker=fixed_ranker({"cancel_order": 1.0, "get_my_leave": 0.2}),
    )
    assert {tool.name for tool in chosen} == {tool.name for tool in employee_tools}
    assert "cancel_order" not in {tool.name for tool in chosen}


def test_the_token_estimate_does_not_undercount_the_schemas(registry: Registry) -> None:
    # The budget is kept with an estimate; it must never be below chars / CHARS_PER_TOKEN of what is sent.
    for tool in as_tools(registry):
        assert schema_tokens(tool) >= sent_chars(tool) / CHARS_PER_TOKEN - 1


def test_companions_name_real_tools(registry: Registry) -> None:
    names = {tool.name for tool in registry}
    assert {name for pair in COMPANIONS.items() for name in (pair[0], *pair[1])} <= names


@pytest.mark.slow
def test_the_right_tool_is_offered_for_labelled_messages(registry: Registry) -> None:
    """On every labelled message (the model's own set and the held-out set) the tool it needs is offered."""
    warm_up()
    tools = as_tools(registry)
    missed: list[str] = []
    cases = 0
    for path in LABELLED_SETS:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            if case["intent"] not in TOOL_INTENTS:
                continue
            cases += 1
            offered = {tool.name for tool in select_tools(tools, question=case["text"], budget_tokens=BUDGET)}
            if case["intent"] not in offered:
                missed.append(f"{path.name}: {case['text']!r} needs {case['intent']}")
    assert cases >= 150
    assert len(missed) / cases <= 0.02, missed


def test_the_agent_offers_a_narrowed_set_and_keeps_a_called_tool_for_the_follow_up(
    start_chat: StartChat, stocked: Stocked, registry: Registry
) -> None:
    warm_up()
    chat = start_chat(
        [
            call("get_stock", sku=stocked.sku),
            say("12 chairs."),
            say("Which warehouse do you mean?"),
        ],
        role=Role.ADMIN,
        checkpointer=InMemorySaver(),
        tool_budget_tokens=BUDGET,
    )
    chat.say(f"How many {stocked.sku} are in stock?")
    chat.say("write two of them off as damaged")

    first_call, _after_tool, follow_up = chat.model.offered_tools
    all_tools = {tool.name for tool in registry.for_role(Role.ADMIN)}
    assert "get_stock" in first_call
    assert len(first_call) < len(all_tools)
    assert {"get_stock", "adjust_stock"} <= set(follow_up)  # the stock tool stays, the write is added
    chat.model.assert_exhausted()


def test_only_a_language_model_gets_a_budget() -> None:
    assert tool_budget(Settings(model_provider=ModelProvider.OFFLINE)) is None
    assert tool_budget(Settings(model_provider=ModelProvider.OPENAI, tool_prompt_budget_tokens=0)) is None
    assert tool_budget(Settings(model_provider=ModelProvider.OPENAI)) == Settings().tool_prompt_budget_tokens
