"""Agent test harness: a stocked SKU, and a way to talk to the real agent loop with a scripted model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.orm import Session

from assistant.agent.conversation import TurnResult, get_or_create_conversation, run_turn
from assistant.agent.factory import Agent, build_agent
from assistant.db import models as m
from tests.factories import make_product, make_stock, make_warehouse
from tests.fakes import ScriptedChatModel, ScriptItem
from tests.support import MakeContext
from tools.base import Registry, ToolContext


@dataclass
class Stocked:
    variant: m.Variant
    warehouse: m.Warehouse
    level: m.StockLevel

    @property
    def sku(self) -> str:
        return self.variant.sku


@pytest.fixture
def stocked(db_session: Session) -> Stocked:
    product = make_product(db_session, name="Ergonomic Chair")
    warehouse = make_warehouse(db_session)
    variant = product.variants[0]
    return Stocked(variant, warehouse, make_stock(db_session, variant, warehouse, on_hand=12))


@dataclass
class Chat:
    """One user's conversation with the agent, driven by a scripted model."""

    ctx: ToolContext
    model: ScriptedChatModel
    agent: Agent
    conversation_id: str

    def say(self, text: str) -> TurnResult:
        return run_turn(
            agent=self.agent, conversation_id=self.conversation_id, text=text, locale=self.ctx.user.locale
        )


StartChat = Callable[..., Chat]


@pytest.fixture
def start_chat(db_session: Session, make_ctx: MakeContext, registry: Registry) -> StartChat:
    """start_chat(script, role=..., ctx=None, checkpointer=None, conversation_id=None, tool_budget_tokens=None)."""

    def start(
        script: list[ScriptItem],
        *,
        ctx: ToolContext | None = None,
        checkpointer: BaseCheckpointSaver[Any] | None = None,
        conversation_id: str | None = None,
        tool_budget_tokens: int | None = None,
        check_policy_citations: bool = False,
        **ctx_options: Any,
    ) -> Chat:
        ctx = ctx or make_ctx(**ctx_options)
        if conversation_id is None:
            conversation_id = get_or_create_conversation(
                db_session, employee_id=ctx.user.id, channel="cli", external_key=None
            ).id
        ctx.conversation_id = conversation_id
        model = ScriptedChatModel(script=script)
        agent = build_agent(
            model=model,
            ctx=ctx,
            registry=registry,
            checkpointer=checkpointer,
            tool_budget_tokens=tool_budget_tokens,
            check_policy_citations=check_policy_citations,
        )
        return Chat(ctx, model, agent, conversation_id)

    return start
