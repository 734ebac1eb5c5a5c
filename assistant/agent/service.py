"""One chat turn as every adapter runs it: a unit of work, the user's context, the model, the agent, the result.

Adapters (CLI, Slack, HTTP) hold a ChatService for their lifetime and call `turn` per message; the service
opens a session per turn, commits on success and rolls back on failure, so a turn's proposals and its
conversation record land together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.orm import Session, sessionmaker

from assistant import confirmations
from assistant.agent.conversation import TurnResult, get_or_create_conversation, run_turn
from assistant.agent.factory import build_agent
from assistant.agent.providers import chat_model_from_settings
from assistant.confirmations import ActionView
from assistant.db.engine import session_scope
from assistant.db.models import ConversationTurn
from assistant.db.types import utcnow
from assistant.observability import TurnTrace, current_ids, turn_scope
from assistant.settings import ModelProvider, Settings
from tools.base import CurrentUser, Registry, ToolContext

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService

log = logging.getLogger(__name__)

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


def open_knowledge(settings: Settings) -> KnowledgeService | None:
    """The policy library for chat turns. When a configured Chroma server does not answer yet (this process
    started first), a service that connects on first use: searches say "unavailable" until the server
    answers, then work without a restart. None (logged) when the store was built by another embedder: the
    assistant still answers everything else, and `search_policies` says the library is not set up."""
    from knowledge.service import KnowledgeService
    from knowledge.store import EmbedderMismatchError, StoreUnavailableError

    try:
        return KnowledgeService.from_settings(settings)
    except StoreUnavailableError as error:
        log.warning("policy search waits for its store: %s", error)
        return KnowledgeService.connecting(settings)
    except EmbedderMismatchError as error:
        log.warning("policy search is off: %s", error)
        return None


def tool_budget(settings: Settings) -> int | None:
    """Schema budget per model call for a language model; the offline model reads no schemas, so it has none."""
    if settings.model_provider is ModelProvider.OPENAI and settings.tool_prompt_budget_tokens > 0:
        return settings.tool_prompt_budget_tokens
    return None


def model_label(model: BaseChatModel) -> str:
    """How the turn ledger names a model: its kind, and the model name when it has one."""
    name = getattr(model, "model_name", None)
    return f"{model._llm_type}:{name}" if isinstance(name, str) and name else model._llm_type


def turn_record(
    result: TurnResult,
    *,
    conversation_id: str,
    employee_id: int,
    model: str,
    started_at: datetime,
    duration_ms: int,
    trace: TurnTrace | None = None,
) -> ConversationTurn:
    outcome = "refused" if result.refused else "failed" if result.failed else "answered"
    return ConversationTurn(
        conversation_id=conversation_id,
        employee_id=employee_id,
        started_at=started_at,
        duration_ms=duration_ms,
        model=model[:120],
        outcome=outcome,
        model_calls=result.usage.model_calls,
        failed_model_calls=result.usage.failed_calls,
        input_tokens=result.usage.input_tokens,
        output_tokens=result.usage.output_tokens,
        tool_calls=len(result.tool_calls),
        proposals=len(result.proposals),
        turn_id=trace.turn_id if trace else None,
        request_id=current_ids().get("request_id"),
        trace=trace.as_json() if trace else None,
    )


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
    knowledge: KnowledgeService | None = None  # the policy library; built once per process by the adapter

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
        started_at, started = self.clock(), time.perf_counter()
        with session_scope(self.sessions) as session:
            if conversation_id is None:
                conversation = get_or_create_conversation(
                    session, employee_id=user.id, channel=channel, external_key=external_key
                )
                conversation_id = conversation.id
            with turn_scope(conversation_id=conversation_id) as trace:
                result, label = self._answer(session, user=user, text=text, conversation_id=conversation_id)
            duration_ms = round((time.perf_counter() - started) * 1000)
            proposals = [confirmations.get_action(session, action_id) for action_id in result.proposals]
            session.add(
                turn_record(
                    result,
                    conversation_id=conversation_id,
                    employee_id=user.id,
                    model=label,
                    started_at=started_at,
                    duration_ms=duration_ms,
                    trace=trace,
                )
            )
            outcome = "refused" if result.refused else "failed" if result.failed else "answered"
            log.info(
                "turn",
                extra={
                    "turn_id": trace.turn_id,
                    "conversation_id": conversation_id,
                    "employee_id": user.id,
                    "channel": channel,
                    "model": label,
                    "outcome": outcome,
                    "ms": duration_ms,
                    "model_calls": result.usage.model_calls,
                    "input_tokens": result.usage.input_tokens,
                    "output_tokens": result.usage.output_tokens,
                    "tools": [span.name for span in trace.spans],
                    "proposals": len(result.proposals),
                },
            )
        return ChatReply(
            conversation_id=conversation_id, text=result.reply, proposals=proposals, failed=result.failed
        )

    def _answer(
        self, session: Session, *, user: CurrentUser, text: str, conversation_id: str
    ) -> tuple[TurnResult, str]:
        """Run the agent on one message in the turn's unit of work: (the result, the model's ledger label)."""
        build_model = self.model_factory or default_model(self.settings)
        ctx = ToolContext(
            session=session,
            user=user,
            settings=self.settings,
            conversation_id=conversation_id,
            clock=self.clock,  # the service's "today" for the model and the tools alike
            knowledge=self.knowledge,
        )
        model = build_model(ctx)
        agent = build_agent(
            model=model,
            ctx=ctx,
            registry=self.registry,
            checkpointer=self.checkpointer,
            tool_budget_tokens=tool_budget(self.settings),
            check_policy_citations=self.settings.model_provider is ModelProvider.OPENAI,
        )
        result = run_turn(agent=agent, conversation_id=conversation_id, text=text, locale=user.locale)
        return result, model_label(model)
