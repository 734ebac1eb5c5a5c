"""A person's conversations as they can read them back: the list, and one conversation's messages and turns.

The messages come from the checkpointer (the conversation's LangGraph thread), the turns from the ledger
(`conversation_turns`: when, how long, how it ended, tools and proposals). Only the owner reads a conversation;
anyone else is told it does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.base import BaseCheckpointSaver
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.agent.conversation import proposed_action_id, thread_config
from assistant.db.models import Conversation, ConversationTurn
from tools.base import CurrentUser, NotFoundError

MAX_MESSAGE_CHARS = 8000  # a longer stored message is cut: the history is for reading back, not for export


class ConversationSummary(BaseModel):
    id: str
    channel: str = Field(description="Where it was held: http, slack, cli or web.")
    created_at: datetime
    last_turn_at: datetime | None = Field(description="When the last message was answered (none yet: null).")
    turns: int = Field(description="Messages answered so far.")


class TurnView(BaseModel):
    started_at: datetime
    duration_ms: int
    outcome: str = Field(description="answered, refused (never reached a model) or failed.")
    model: str
    tool_calls: int
    proposals: int


class ToolCallView(BaseModel):
    name: str
    args: dict[str, Any]


class MessageView(BaseModel):
    role: Literal["user", "assistant", "tool"]
    text: str = Field(description="What was said; empty for a tool result (its data is not repeated here).")
    tool_calls: list[ToolCallView] = Field(
        default_factory=list, description="Assistant messages: tools called."
    )
    tool_name: str | None = Field(default=None, description="Tool results: which tool answered.")
    action_id: str | None = Field(default=None, description="Tool results: the action it proposed, if any.")


class ConversationView(ConversationSummary):
    messages: list[MessageView]
    turn_log: list[TurnView] = Field(description="The ledger of the turns, oldest first.")


def list_conversations(session: Session, *, user: CurrentUser, limit: int = 50) -> list[ConversationSummary]:
    """The caller's conversations, the most recently active first."""
    turns = (
        select(
            ConversationTurn.conversation_id.label("conversation_id"),
            func.count().label("turns"),
            func.max(ConversationTurn.started_at).label("last_turn_at"),
        )
        .where(ConversationTurn.employee_id == user.id)  # only the caller's turns are counted, not everyone's
        .group_by(ConversationTurn.conversation_id)
        .subquery()
    )
    last_active = func.coalesce(turns.c.last_turn_at, Conversation.created_at)
    rows = session.execute(
        select(Conversation, turns.c.turns, turns.c.last_turn_at)
        .outerjoin(turns, turns.c.conversation_id == Conversation.id)
        .where(Conversation.employee_id == user.id)
        .order_by(last_active.desc(), Conversation.id)
        .limit(limit)
    )
    return [_summary(conversation, count or 0, last) for conversation, count, last in rows]


def tools_used(session: Session, *, conversation_id: str) -> set[str]:
    """Every tool any turn of the conversation called (from the ledger's traces), failed calls included."""
    traces = session.scalars(
        select(ConversationTurn.trace).where(ConversationTurn.conversation_id == conversation_id)
    )
    return {str(span.get("tool")) for trace in traces for span in trace or []}


def get_conversation(
    session: Session, *, checkpointer: BaseCheckpointSaver[Any], conversation_id: str, user: CurrentUser
) -> ConversationView:
    """One of the caller's conversations with its messages and turns; NotFoundError for anyone else's."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.employee_id != user.id:
        raise NotFoundError("conversation", conversation_id)
    ledger = list(
        session.scalars(
            select(ConversationTurn)
            .where(ConversationTurn.conversation_id == conversation_id)
            .order_by(ConversationTurn.started_at, ConversationTurn.id)
        )
    )
    summary = _summary(conversation, len(ledger), ledger[-1].started_at if ledger else None)
    return ConversationView(
        **summary.model_dump(),
        messages=[
            view for message in stored_messages(checkpointer, conversation_id) if (view := _view(message))
        ],
        turn_log=[
            TurnView(
                started_at=turn.started_at,
                duration_ms=turn.duration_ms,
                outcome=turn.outcome,
                model=turn.model,
                tool_calls=turn.tool_calls,
                proposals=turn.proposals,
            )
            for turn in ledger
        ],
    )


def stored_messages(checkpointer: BaseCheckpointSaver[Any], conversation_id: str) -> list[BaseMessage]:
    """The messages of the conversation's thread as last checkpointed (none when nothing was said yet)."""
    saved = checkpointer.get_tuple(thread_config(conversation_id))
    if saved is None:
        return []
    messages = saved.checkpoint.get("channel_values", {}).get("messages", [])
    return [message for message in messages if isinstance(message, BaseMessage)]


def _summary(conversation: Conversation, turns: int, last_turn_at: datetime | None) -> ConversationSummary:
    return ConversationSummary(
        id=conversation.id,
        channel=conversation.channel,
        created_at=conversation.created_at,
        last_turn_at=last_turn_at,
        turns=turns,
    )


def _view(message: BaseMessage) -> MessageView | None:
    if isinstance(message, HumanMessage):
        return MessageView(role="user", text=message.text[:MAX_MESSAGE_CHARS])
    if isinstance(message, AIMessage):
        calls = [ToolCallView(name=call["name"], args=dict(call["args"])) for call in message.tool_calls]
        return MessageView(role="assistant", text=message.text[:MAX_MESSAGE_CHARS], tool_calls=calls)
    if isinstance(message, ToolMessage):
        return MessageView(
            role="tool", text="", tool_name=message.name, action_id=proposed_action_id(message)
        )
    return None  # system prompts and the like are not part of what was said
