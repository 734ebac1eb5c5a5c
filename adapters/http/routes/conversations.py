"""Conversations: the caller's own, and one of them read back (messages and the turn ledger)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from adapters.http.deps import ContextDep, Services
from adapters.http.routes import examples
from adapters.http.routes.documentation import answers
from assistant.agent.history import (
    ConversationSummary,
    ConversationView,
    get_conversation,
    list_conversations,
)

router = APIRouter(prefix="/conversations", tags=["chat"])

ConversationId = Annotated[str, Path(max_length=36, description="A conversation id from `POST /chat`.")]


@router.get(
    "",
    summary="Your conversations, the most recently active first",
    responses=answers(401, 422, example=[examples.CONVERSATION_SUMMARY]),
)
def list_my_conversations(
    ctx: ContextDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[ConversationSummary]:
    return list_conversations(ctx.session, user=ctx.user, limit=limit)


@router.get(
    "/{conversation_id}",
    summary="One of your conversations: its messages and turns (anyone else's is not found)",
    responses=answers(401, 404, 422, example=examples.CONVERSATION),
)
def show_conversation(
    conversation_id: ConversationId, ctx: ContextDep, services: Services
) -> ConversationView:
    assert services.chat is not None, "the app has not started"
    return get_conversation(
        ctx.session, checkpointer=services.chat.checkpointer, conversation_id=conversation_id, user=ctx.user
    )
