"""One chat turn: a message in, the reply, the conversation id and any proposals out; or the same as
Server-Sent Events while the assistant writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field

from adapters.http.deps import CurrentUserDep, Services
from adapters.http.routes import examples
from adapters.http.routes.chat_events import ChatResponse, turn_events
from adapters.http.routes.documentation import answers
from assistant.db.engine import session_scope
from assistant.ownership import require_own_conversation

router = APIRouter(tags=["chat"])


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"message": "How many ergonomic chairs are in stock?"},
                {"message": "and in Warsaw?", "conversation_id": "0b7f3c52-5d1e-4a7c-9a43-2f1d0c8e9b11"},
            ]
        }
    )

    message: str = Field(min_length=1, max_length=4000, description="What the user says.")
    conversation_id: str | None = Field(
        default=None, max_length=36, description="Continue this conversation (yours); omit to start one."
    )


def own_chat_request(body: ChatRequest, user: CurrentUserDep, services: Services) -> ChatRequest:
    """The request, once its conversation (if named) is known to be the caller's: checked before a stream
    starts, so a wrong id is a 404 and not an event."""
    if body.conversation_id is not None:
        with session_scope(services.sessions) as session:
            require_own_conversation(session, conversation_id=body.conversation_id, user=user)
    return body


OwnChatRequest = Annotated[ChatRequest, Depends(own_chat_request)]

STREAM_DESCRIPTION = """Server-Sent Events, in this order:

- `token` `{"text": ...}`: the next piece of the assistant's text (a model that does not stream sends each
  message whole);
- `tool_call` `{"name": ..., "args": {...}}`: a tool the assistant calls;
- `proposal`: an action this turn proposed (as in `GET /actions/{id}`), sent once it is stored;
- `reply`: the final answer, the same body as `POST /chat` answers; the last event;
- `error`: a problem (RFC 9457) when the turn itself broke; the last event then.
"""


@router.post(
    "/chat",
    summary="Send a message to the assistant and get its reply",
    responses=answers(401, 404, 422, example=examples.CHAT_RESPONSE),
)
def chat(body: OwnChatRequest, user: CurrentUserDep, services: Services) -> ChatResponse:
    assert services.chat is not None, "the app has not started"
    reply = services.chat.turn(
        user=user, text=body.message, channel="http", conversation_id=body.conversation_id
    )
    return ChatResponse.of(reply)


@router.post(
    "/chat/stream",
    summary="Send a message and receive the reply as Server-Sent Events while it is written",
    response_class=EventSourceResponse,
    responses=answers(
        401,
        404,
        422,
        example=examples.CHAT_STREAM,
        media_type="text/event-stream",
        description=STREAM_DESCRIPTION,
    ),
)
async def chat_stream(
    body: OwnChatRequest, user: CurrentUserDep, services: Services
) -> AsyncIterator[ServerSentEvent]:
    assert services.chat is not None, "the app has not started"
    async for event in turn_events(
        services.chat, user=user, text=body.message, conversation_id=body.conversation_id
    ):
        yield event
