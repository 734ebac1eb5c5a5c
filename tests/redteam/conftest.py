"""Red-team fixtures: the planted world per test (rolled back afterwards) and the real agent loop driven by the
offline model or by a scripted model that obeys whatever injection it reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy.orm import Session

from assistant.agent.conversation import TurnResult, get_or_create_conversation, run_turn, thread_config
from assistant.agent.factory import build_agent
from assistant.offline.model import OfflineChatModel
from assistant.settings import Settings
from tests.fakes import ScriptedChatModel, call, say
from tests.redteam.harness import World, build_world, plant_pending_action
from tools.base import Registry, ToolContext


@pytest.fixture
def world(db_session: Session, settings: Settings) -> World:
    planted = build_world(db_session, settings)
    plant_pending_action(planted)
    return planted


@dataclass
class Turn:
    result: TurnResult
    messages: list[BaseMessage]
    model: BaseChatModel

    @property
    def tool_outputs(self) -> list[str]:
        return [str(message.content) for message in self.messages if isinstance(message, ToolMessage)]

    @property
    def tool_errors(self) -> list[str]:
        """Tool results the model got back as refusals (a ToolError's message, an unknown or bad call)."""
        return [
            str(message.content)
            for message in self.messages
            if isinstance(message, ToolMessage) and message.status == "error"
        ]

    @property
    def everything_returned(self) -> list[str]:
        """The reply and every tool result the model saw: what an attacker could get the model to repeat."""
        return [self.result.reply, *self.tool_outputs]


def scripted_model(script: list[dict[str, Any]], world: World) -> ScriptedChatModel:
    """A model that does what the attack says: `{call: tool, args: {...}}` or `{say: text}` per step."""
    items: list[AIMessage] = []
    for step in world.fill(script):
        items.append(call(step["call"], **step.get("args", {})) if "call" in step else say(step["say"]))
    return ScriptedChatModel(script=items)


RunTurn = Callable[..., Turn]


@pytest.fixture
def chat(world: World, registry: Registry) -> RunTurn:
    """chat(role, text, script=None, ctx=None): one turn through the real agent and tools; the offline model
    unless a script is given."""

    def run(
        role: str, text: str, *, script: list[dict[str, Any]] | None = None, ctx: ToolContext | None = None
    ) -> Turn:
        ctx = ctx or world.ctx(role)
        conversation = get_or_create_conversation(
            world.session, employee_id=ctx.user.id, channel="cli", external_key=None
        )
        ctx.conversation_id = conversation.id
        model: BaseChatModel
        if script is None:
            model = OfflineChatModel(
                session_provider=lambda: world.session, locale=ctx.user.locale, clock=lambda: ctx.now().date()
            )
        else:
            model = scripted_model(script, world)
        checkpointer = InMemorySaver()
        agent = build_agent(model=model, ctx=ctx, registry=registry, checkpointer=checkpointer)
        result = run_turn(agent=agent, conversation_id=conversation.id, text=text, locale=ctx.user.locale)
        messages = list(agent.get_state(thread_config(conversation.id)).values.get("messages", []))
        if isinstance(model, ScriptedChatModel):
            model.assert_exhausted()
        return Turn(result=result, messages=messages, model=model)

    return run
