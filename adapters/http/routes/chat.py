"""One chat turn: a message in, the reply, the conversation id and any proposals out."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from adapters.http.deps import CurrentUserDep, Services
from assistant.confirmations import ActionView
from assistant.db.engine import session_scope
from assistant.ownership import require_own_conversation

router = APIRouter(tags=["chat"])


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=4000, description="What the user says.")
    conversation_id: str | None = Field(
        default=None, max_length=36, description="Continue this conversation (yours); omit to start one."
    )


class ChatResponse(BaseModel):
    conversation_id: str
    reply: str
    failed: bool = Field(description="True when the model could not answer; `reply` says so in words.")
    proposals: list[ActionView] = Field(description="Actions proposed in this turn, waiting for a decision.")


@router.post("/chat", summary="Send a message to the assistant and get its reply")
def chat(body: ChatRequest, user: CurrentUserDep, services: Services) -> ChatResponse:
    assert services.chat is not None, "the app has not started"
    if body.conversation_id is not None:
        with session_scope(services.sessions) as session:
            require_own_conversation(session, conversation_id=body.conversation_id, user=user)
    reply = services.chat.turn(
        user=user, text=body.message, channel="http", conversation_id=body.conversation_id
    )
    return ChatResponse(
        conversation_id=reply.conversation_id,
        reply=reply.text,
        failed=reply.failed,
        proposals=reply.proposals,
    )
