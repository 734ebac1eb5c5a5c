"""One chat turn as Server-Sent Events: what the model writes as it writes it, the tools it calls, the
proposals the turn made and the final reply.

The turn is the one every adapter runs (`ChatService.turn`: one unit of work, the turn ledger, the same
failure handling), run in a worker thread. While it runs, a LangChain callback handler, attached through a
context variable to every run the turn starts, turns model output into events. Proposals are sent after the
turn's unit of work has committed, so an id a client receives can be approved at once. A client that goes
away does not stop the turn: it completes and can be read back with `GET /conversations/{id}`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from contextvars import ContextVar
from typing import Any, Literal
from uuid import UUID

import anyio
from fastapi.sse import ServerSentEvent
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, GenerationChunk, LLMResult
from langchain_core.tracers.context import register_configure_hook
from pydantic import BaseModel, Field

from adapters.http.problems import Problem
from assistant.agent.service import ChatReply, ChatService
from assistant.confirmations import ActionView
from tools.base import CurrentUser

log = logging.getLogger(__name__)

EventName = Literal["token", "tool_call", "proposal", "reply", "error"]

# The agent's model node; a model called inside a tool (a report narrative, a document read) is not the reply.
AGENT_MODEL_NODE = "model"

_turn_events: ContextVar[TurnEvents | None] = ContextVar("http_turn_events", default=None)


class TokenEvent(BaseModel):
    text: str = Field(description="The next piece of what the assistant writes.")


class ToolCallEvent(BaseModel):
    name: str
    args: dict[str, Any]


class ChatResponse(BaseModel):
    conversation_id: str
    reply: str
    failed: bool = Field(description="True when the model could not answer; `reply` says so in words.")
    proposals: list[ActionView] = Field(description="Actions proposed in this turn, waiting for a decision.")

    @classmethod
    def of(cls, reply: ChatReply) -> ChatResponse:
        return cls(
            conversation_id=reply.conversation_id,
            reply=reply.text,
            failed=reply.failed,
            proposals=reply.proposals,
        )


class TurnEvents(BaseCallbackHandler):
    """LangChain callbacks of one turn's agent model, each handed to `emit` as an event."""

    def __init__(self, emit: Callable[[ServerSentEvent], None]) -> None:
        self._emit = emit
        self._model_runs: set[UUID] = set()
        self._streamed: set[UUID] = set()

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if (metadata or {}).get("langgraph_node") == AGENT_MODEL_NODE:
            self._model_runs.add(run_id)

    def on_llm_new_token(
        self,
        token: str | list[str | dict[str, Any]],
        *,
        chunk: GenerationChunk | ChatGenerationChunk | None = None,
        run_id: UUID,
        **kwargs: Any,
    ) -> None:
        text = token if isinstance(token, str) else chunk.text if chunk is not None else ""
        if text and run_id in self._model_runs:
            self._streamed.add(run_id)
            self._emit(ServerSentEvent(event="token", data=TokenEvent(text=text)))

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        if run_id not in self._model_runs:
            return
        for candidates in response.generations:
            for generation in candidates:
                message = getattr(generation, "message", None)
                if not isinstance(message, AIMessage):
                    continue
                if run_id not in self._streamed and message.text:  # a model that does not stream
                    self._emit(ServerSentEvent(event="token", data=TokenEvent(text=message.text)))
                for call in message.tool_calls:
                    event = ToolCallEvent(name=call["name"], args=dict(call["args"]))
                    self._emit(ServerSentEvent(event="tool_call", data=event))

    # LangChain streams a model's output to handlers that have these two methods (it asks by protocol):
    # with them, a model that can stream does so during the turn, and `on_llm_new_token` sees each piece.
    def tap_output_iter(self, run_id: UUID, output: Iterator[Any]) -> Iterator[Any]:
        return output

    def tap_output_aiter(self, run_id: UUID, output: AsyncIterator[Any]) -> AsyncIterator[Any]:
        return output


register_configure_hook(_turn_events, inheritable=True)

_running: set[asyncio.Task[None]] = set()  # turns whose client left: kept referenced until they finish


async def turn_events(
    chat: ChatService, *, user: CurrentUser, text: str, conversation_id: str | None
) -> AsyncIterator[ServerSentEvent]:
    """The events of one turn; the last is `reply` (or `error` when the turn itself broke)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[ServerSentEvent | None] = asyncio.Queue()

    def emit(event: ServerSentEvent | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server stopped, nobody listens
            loop.call_soon_threadsafe(queue.put_nowait, event)

    def run() -> None:
        token = _turn_events.set(TurnEvents(emit))
        try:
            reply = chat.turn(user=user, text=text, channel="http", conversation_id=conversation_id)
        except Exception:
            log.exception("streamed chat turn failed")
            problem = Problem(
                title="Internal Server Error",
                status=500,
                detail="Something went wrong on our side; the message was not answered.",
            )
            emit(ServerSentEvent(event="error", data=problem))
        else:
            for action in reply.proposals:
                emit(ServerSentEvent(event="proposal", data=action))
            emit(ServerSentEvent(event="reply", data=ChatResponse.of(reply)))
        finally:
            _turn_events.reset(token)
            emit(None)

    task = asyncio.ensure_future(anyio.to_thread.run_sync(run))
    _running.add(task)
    task.add_done_callback(_running.discard)
    while (event := await queue.get()) is not None:
        yield event
    await task
