"""One turn of a conversation: check the message, run the agent on the conversation's thread, report.

Whatever goes wrong inside a turn (the model is down, the network fails), the user gets a plain reply and
the conversation stays usable: the stored thread only ever holds complete steps.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.agent.factory import RECURSION_LIMIT, Agent
from assistant.agent.replies import MAX_MESSAGE_CHARS, Fixed, fixed_reply, is_fixed, reply_language
from assistant.agent.usage import TurnUsage, UsageRecorder
from assistant.db.models import Conversation
from tools.base import PermissionDeniedError

log = logging.getLogger(__name__)

# C0 controls except tab, newline and carriage return, plus DEL: never meaningful in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Above this share of control characters the "message" is binary data, not text with a stray byte.
_BINARY_SHARE = 0.1

# The English texts, for callers and tests that name them.
EMPTY_REPLY = fixed_reply(Fixed.EMPTY, "en")
TOO_LONG_REPLY = fixed_reply(Fixed.TOO_LONG, "en")
BINARY_REPLY = fixed_reply(Fixed.BINARY, "en")
NO_ANSWER_REPLY = fixed_reply(Fixed.NO_ANSWER, "en")
UNAVAILABLE_REPLY = fixed_reply(Fixed.UNAVAILABLE, "en")


@dataclass(frozen=True)
class ToolCallRecord:
    name: str
    args: dict[str, Any]


@dataclass
class TurnResult:
    reply: str
    proposals: list[str] = field(default_factory=list)  # ids of the pending actions proposed in this turn
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    model_calls: int = 0
    failed: bool = False  # the model or the loop failed; the reply says so
    refused: bool = False  # the message never reached the model (empty, too long, binary)
    usage: TurnUsage = field(default_factory=TurnUsage)


def clean_message(text: str, locale: str = "en") -> tuple[str | None, str | None]:
    """(cleaned text, None) when the message may go to the model, else (None, the reply to give instead)."""
    if len(text) > MAX_MESSAGE_CHARS:
        return None, fixed_reply(Fixed.TOO_LONG, reply_language(text, locale))
    cleaned, removed = _CONTROL.subn("", text)
    if text and removed / len(text) > _BINARY_SHARE:
        return None, fixed_reply(Fixed.BINARY, locale)
    cleaned = cleaned.strip()
    if not cleaned:
        return None, fixed_reply(Fixed.EMPTY, locale)
    return cleaned, None


def thread_config(conversation_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": conversation_id}, "recursion_limit": RECURSION_LIMIT}


def _stored_messages(agent: Agent, config: RunnableConfig) -> int:
    if agent.checkpointer is None:
        return 0
    return len(agent.get_state(config).values.get("messages", []))


def run_turn(*, agent: Agent, conversation_id: str, text: str, locale: str = "en") -> TurnResult:
    """Answer one message. `locale` is the user's: fixed replies use it when the message shows no language."""
    cleaned, refusal = clean_message(text, locale)
    if refusal is not None or cleaned is None:
        return TurnResult(reply=refusal or fixed_reply(Fixed.EMPTY, locale), refused=True)
    language = reply_language(cleaned, locale)
    config = thread_config(conversation_id)
    usage = UsageRecorder()
    config["callbacks"] = [usage]
    before = 0
    try:
        before = _stored_messages(agent, config)
        state = agent.invoke({"messages": [HumanMessage(cleaned)]}, config)
    except Exception:  # any model, network or loop failure: the user gets words, the log gets the trace
        log.exception("agent turn failed in conversation %s", conversation_id)
        failed = _failed_turn(agent, config, before, language)
        failed.usage = usage.usage
        return failed
    # The input message is part of the new ones; it is skipped by type below.
    result = summarise_turn(state["messages"][before:])
    result.usage = usage.usage
    if not result.reply:  # a model may end on an empty message; the user must still see something
        result.reply = fixed_reply(Fixed.NO_ANSWER, language)
    return result


def _failed_turn(agent: Agent, config: RunnableConfig, before: int, language: str) -> TurnResult:
    """What the turn did before it failed (a proposal may already be waiting), with the failure as reply."""
    try:
        done = summarise_turn(agent.get_state(config).values.get("messages", [])[before:])
    except Exception:  # the store itself may be what failed
        done = TurnResult(reply="")
    done.failed, done.reply = True, fixed_reply(Fixed.UNAVAILABLE, language)
    if done.proposals:
        done.reply += f" {fixed_reply(Fixed.STILL_WAITING, language)} {', '.join(done.proposals)}."
    return done


def summarise_turn(messages: Sequence[BaseMessage]) -> TurnResult:
    result = TurnResult(reply="")
    for message in messages:
        if isinstance(message, AIMessage):
            # The cap's closing message is written by the loop, not by a model call.
            result.model_calls += not is_fixed(Fixed.LOOP_CAP, message.text)
            result.tool_calls += [
                ToolCallRecord(call["name"], dict(call["args"])) for call in message.tool_calls
            ]
            if message.text:
                result.reply = message.text
        elif isinstance(message, ToolMessage):
            action_id = proposed_action_id(message)
            if action_id:
                result.proposals.append(action_id)
    return result


def proposed_action_id(message: ToolMessage) -> str | None:
    """The action id when this tool result is a Proposal (see tools.invoke), else None."""
    if message.status == "error" or not isinstance(message.content, str):
        return None
    try:
        payload = json.loads(message.content)
    except ValueError:
        return None
    if isinstance(payload, dict) and payload.get("status") == "awaiting_approval":
        action = payload.get("action")
        action_id = action.get("id") if isinstance(action, dict) else None
        if isinstance(action_id, str):
            return action_id
    return None


def stream_turn(*, agent: Agent, conversation_id: str, text: str, locale: str = "en") -> Iterator[str]:
    """The reply as it is written: text chunks from the model, a plain reply for refusals and failures."""
    cleaned, refusal = clean_message(text, locale)
    if refusal is not None or cleaned is None:
        yield refusal or fixed_reply(Fixed.EMPTY, locale)
        return
    try:
        for chunk, _metadata in agent.stream(
            {"messages": [HumanMessage(cleaned)]}, thread_config(conversation_id), stream_mode="messages"
        ):
            if isinstance(chunk, AIMessageChunk | AIMessage) and chunk.text:
                yield chunk.text
    except Exception:
        log.exception("agent turn failed in conversation %s", conversation_id)
        yield fixed_reply(Fixed.UNAVAILABLE, reply_language(cleaned, locale))


def get_or_create_conversation(
    session: Session, *, employee_id: int, channel: str, external_key: str | None
) -> Conversation:
    """The conversation behind a Slack thread / web chat / CLI session; a new one when there is no key.

    A conversation belongs to the employee who started it: another person's key is refused, so nobody reads
    someone else's thread through the assistant. Flushes; the caller's unit of work commits.
    """
    if external_key is not None:
        found = session.scalars(select(Conversation).where(Conversation.external_key == external_key)).first()
        if found is not None:
            if found.employee_id != employee_id:
                raise PermissionDeniedError("This conversation belongs to someone else.")
            return found
    conversation = Conversation(employee_id=employee_id, channel=channel, external_key=external_key)
    session.add(conversation)
    session.flush()
    return conversation
