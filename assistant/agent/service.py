"""One chat turn as every adapter runs it: a unit of work, the user's context, the model, the agent, the result.

Adapters (CLI, Slack, HTTP) hold a ChatService for their lifetime and call `turn` per message; the service
opens a session per turn, commits on success and rolls back on failure, so a turn's proposals and its
conversation record land together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from langchain_core.language_models import BaseChatModel
from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.orm import Session, sessionmaker

from assistant import confirmations
from assistant.agent.conversation import get_or_create_conversation, run_turn
from assistant.agent.factory import build_agent
from assistant.agent.providers import chat_model_from_settings
from assistant.confirmations import ActionView
from assistant.db.engine import session_scope
from assistant.db.types import utcnow
from assistant.settings import ModelProvider, Settings
from tools.base import CurrentUser, Registry, ToolContext

ModelFactory = Callable[[ToolContext], BaseChatModel]


def default_model(settings: Settings) -> ModelFactory:
    """The configured model: OpenAI-compatible when set up, else the offline model reading this turn's session."""

    def build(ctx: ToolContext) -> BaseChatModel:
        def offline() -> BaseChatModel:
            from assistant.offline.model import OfflineChatModel

            return OfflineChatModel(
                session_provider=lambda: ctx.session, locale=ctx.user.locale, clock=lambda: ctx.now().date()
            )

        return chat_model_from_settings(settings, offline_factory=offline)

    return build


def tool_budget(settings: Settings) -> int | None:
    """Schema budget per model call for a language model; the offline model reads no schemas, so it has none."""
    if settings.model_provider is ModelProvider.OPENAI and settings.tool_prompt_budget_tokens > 0:
        return settings.tool_prompt_budget_tokens
    return None


@dataclass(frozen=True)
class ChatReply:
    conversation_id: str
    text: str
    proposals: list[ActionView] = field(default_factory=list)
    failed: bool = False


@dataclass
class ChatService:
    settings: Settings
    sessions: sessionmaker[Session]
    registry: Registry
    checkpointer: BaseCheckpointSaver[Any]
    model_factory: ModelFactory | None = None
    clock: Callable[[], datetime] = utcnow  # evals and tests pin "today"

    def turn(
        self,
        *,
        user: CurrentUser,
        text: str,
        channel: str,
        external_key: str | None = None,
        conversation_id: str | None = None,
    ) -> ChatReply:
        """Answer one message in a conversation (found by id, by external key, or started anew)."""
        build_model = self.model_factory or default_model(self.settings)
        with session_scope(self.sessions) as session:
            if conversation_id is None:
                conversation = get_or_create_conversation(
                    session, employee_id=user.id, channel=channel, external_key=external_key
                )
                conversation_id = conversation.id
            ctx = ToolContext(
                session=session,
                user=user,
                settings=self.settings,
                conversation_id=conversation_id,
                clock=utcnow,
            )
            agent = build_agent(
                model=build_model(ctx),
                ctx=ctx,
                registry=self.registry,
                checkpointer=self.checkpointer,
                tool_budget_tokens=tool_budget(self.settings),
            )
            result = run_turn(agent=agent, conversation_id=conversation_id, text=text)
            proposals = [confirmations.get_action(session, action_id) for action_id in result.proposals]
        return ChatReply(
            conversation_id=conversation_id, text=result.reply, proposals=proposals, failed=result.failed
        )
