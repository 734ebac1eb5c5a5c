"""The conversation with the assistant: history from the checkpointer, one turn per POST, proposals decidable here.

A turn is a POST that redirects to the conversation (so a reload does not send the message twice); the history
shown is what the checkpointer keeps for the conversation: the person's messages and the assistant's replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import HTMLResponse
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from adapters.http.deps import Services
from adapters.http.web.actions import decidable_ids
from adapters.http.web.pages import page, see_other, web_router
from adapters.http.web.session import FormUser, WebContext
from assistant import confirmations
from assistant.agent.conversation import thread_config
from assistant.agent.service import ChatService
from assistant.db.engine import session_scope
from assistant.ownership import require_own_conversation

router = web_router()

MAX_MESSAGE = 4000


@dataclass(frozen=True)
class Line:
    speaker: str  # "you" or "assistant"
    text: str


def _text(message: BaseMessage) -> str:
    content: Any = message.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def history(chat: ChatService, conversation_id: str) -> list[Line]:
    """What was said, in order: tool calls and their results are the assistant's working, not shown."""
    saved = chat.checkpointer.get_tuple(thread_config(conversation_id))
    messages: list[BaseMessage] = saved.checkpoint["channel_values"].get("messages", []) if saved else []
    lines = []
    for message in messages:
        if isinstance(message, HumanMessage):
            lines.append(Line("you", _text(message)))
        elif isinstance(message, AIMessage) and not message.tool_calls and _text(message).strip():
            lines.append(Line("assistant", _text(message)))
    return lines


@router.get("/chat")
def conversation(request: Request, ctx: WebContext, services: Services, c: str | None = None) -> HTMLResponse:
    assert services.chat is not None, "the app has not started"
    lines, proposals = [], []
    if c is not None:
        require_own_conversation(ctx.session, conversation_id=c, user=ctx.user)
        lines = history(services.chat, c)
        mine = confirmations.list_actions(ctx.session, requester_id=ctx.user.id, limit=200)
        proposals = [action for action in mine if action.conversation_id == c]
        proposals.reverse()  # in the order they were proposed, like the conversation
    return page(
        request,
        "chat.html",
        user=ctx.user,
        conversation_id=c,
        lines=lines,
        proposals=proposals,
        decidable=decidable_ids(ctx.session, ctx.user, proposals),
    )


@router.post("/chat")
def send(
    user: FormUser,
    services: Services,
    message: Annotated[str, Form(min_length=1, max_length=MAX_MESSAGE)],
    conversation_id: Annotated[str | None, Form(max_length=36)] = None,
) -> Response:
    assert services.chat is not None, "the app has not started"
    if conversation_id:
        with session_scope(services.sessions) as session:
            require_own_conversation(session, conversation_id=conversation_id, user=user)
    reply = services.chat.turn(
        user=user, text=message, channel="http", conversation_id=conversation_id or None
    )
    return see_other(f"/app/chat?c={reply.conversation_id}#latest")
