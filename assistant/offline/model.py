"""The offline chat model: a deterministic LangChain chat model that needs no LLM.

A human message is classified (classifier.py), its tool's arguments are read from the text and the database
(arguments.py); a missing argument is asked for and completed from the next message; otherwise exactly one
call of an offered tool is emitted. A tool message is turned into a short reply (templates.py) in the language
of the conversation. It never calls a tool it was not offered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict
from sqlalchemy.orm import Session

from assistant.offline import templates
from assistant.offline.arguments import Extraction, complete, extract, missing_slots
from assistant.offline.classifier import classify
from assistant.offline.intents import GREETING, HELP, UNSUPPORTED
from assistant.offline.language import detect_language, normalise_locale

# Where a clarifying question keeps the intent and the arguments found so far, for the answer to complete.
PENDING_KEY = "offline_pending"
# Classify at most this much of a message: long pastes are not requests the offline model can serve.
MAX_CHARS = 2000


def _today() -> date:
    return datetime.now(UTC).date()


def _content(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else message.text


def _tool_name(tool: dict[str, Any] | type | Callable[..., Any] | BaseTool) -> str:
    """The tool's name without rendering its whole JSON schema (that costs ~1 ms per tool, twice a turn)."""
    if isinstance(tool, BaseTool):
        return tool.name
    if isinstance(tool, dict):
        function = tool.get("function")
        name = function.get("name") if isinstance(function, dict) else tool.get("name")
        if isinstance(name, str):
            return name
    return str(convert_to_openai_tool(tool)["function"]["name"])


class OfflineChatModel(BaseChatModel):
    """Deterministic multilingual chat model over the back-office tools (no network, no weights to fetch).

    `session_provider` returns a live Session the model may read from (owned by the caller, not closed here);
    `locale` is the user's language when a message gives no evidence of its own.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    session_provider: Callable[[], Session] | None = None
    locale: str = "en"
    offered_tools: tuple[str, ...] = ()
    clock: Callable[[], date] = _today

    @property
    def _llm_type(self) -> str:
        return "backoffice-offline"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        names = tuple(_tool_name(tool) for tool in tools)
        return self.model_copy(update={"offered_tools": names})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.respond(messages))])

    # --- the decision ------------------------------------------------------------------------------------------

    def respond(self, messages: Sequence[BaseMessage]) -> AIMessage:
        """The next AI message for a conversation."""
        language = self._language(messages)
        if not messages:
            return AIMessage(content=templates.text("help", language))
        last = messages[-1]
        if isinstance(last, ToolMessage):
            name, arguments = self._tool_call_of(messages, last)
            question = arguments.get("question")
            return AIMessage(
                content=templates.render_result(
                    name, _content(last), language, question=question if isinstance(question, str) else ""
                )
            )
        if not isinstance(last, HumanMessage):
            return AIMessage(content=templates.text("help", language))
        text = _content(last).strip()[:MAX_CHARS]
        if not text:
            return AIMessage(content=templates.text("help", language))
        pending = self._pending(messages)
        if pending is not None:
            intent, known = pending
            with_answer = complete(
                intent, known, text, today=self.clock(), language=language, session=self._session()
            )
            if with_answer.missing != missing_slots(intent, known):
                return self._act(intent, with_answer, language, messages)
            # The message answered nothing that was asked: a new request, or the question again.
            fresh = classify(text, self._session()).intent
            if fresh == UNSUPPORTED:
                return self._act(intent, with_answer, language, messages)
            return self._handle(fresh, text, language, messages)
        return self._handle(classify(text, self._session()).intent, text, language, messages)

    def _handle(self, intent: str, text: str, language: str, messages: Sequence[BaseMessage]) -> AIMessage:
        if intent == GREETING:
            return AIMessage(content=templates.text("greeting", language))
        if intent == HELP:
            return AIMessage(content=templates.text("help", language))
        if intent == UNSUPPORTED:
            return AIMessage(content=templates.text("unsupported", language))
        found = extract(intent, text, today=self.clock(), language=language, session=self._session())
        return self._act(intent, found, language, messages)

    def _act(
        self, intent: str, found: Extraction, language: str, messages: Sequence[BaseMessage]
    ) -> AIMessage:
        if intent not in self.offered_tools:
            return AIMessage(content=templates.text("not_allowed", language, tool=intent))
        if found.missing:
            return AIMessage(
                content=templates.question(intent, found.missing[0], language),
                additional_kwargs={PENDING_KEY: {"intent": intent, "arguments": found.arguments}},
            )
        arguments = _tool_arguments(intent, found.arguments)
        digest = hashlib.sha256(
            json.dumps([len(messages), intent, arguments], sort_keys=True, default=str).encode()
        ).hexdigest()[:16]
        return AIMessage(
            content="",
            tool_calls=[{"name": intent, "args": arguments, "id": f"call_{digest}", "type": "tool_call"}],
        )

    # --- reading the conversation ------------------------------------------------------------------------------

    def _language(self, messages: Sequence[BaseMessage]) -> str:
        default = normalise_locale(self.locale)
        for message in reversed(messages):
            if isinstance(message, HumanMessage):
                return detect_language(_content(message), default)
        return default

    @staticmethod
    def _pending(messages: Sequence[BaseMessage]) -> tuple[str, dict[str, Any]] | None:
        """The intent and arguments of a clarifying question asked just before the last human message."""
        if len(messages) < 2 or not isinstance(messages[-2], AIMessage):
            return None
        pending = messages[-2].additional_kwargs.get(PENDING_KEY)
        if not isinstance(pending, dict) or not isinstance(pending.get("intent"), str):
            return None
        arguments = pending.get("arguments")
        return pending["intent"], dict(arguments) if isinstance(arguments, dict) else {}

    @staticmethod
    def _tool_call_of(
        messages: Sequence[BaseMessage], tool_message: ToolMessage
    ) -> tuple[str, dict[str, Any]]:
        """The name and arguments of the call a tool message answers."""
        for message in reversed(messages):
            if isinstance(message, AIMessage):
                for call in message.tool_calls:
                    if call.get("id") == tool_message.tool_call_id:
                        return call["name"], dict(call["args"])
        return tool_message.name or "", {}

    def _session(self) -> Session | None:
        return self.session_provider() if self.session_provider is not None else None


def _tool_arguments(intent: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Slots to the tool's argument shape (an address is nested for a new sales order, flat elsewhere)."""
    shaped = dict(arguments)
    if intent == "get_stock" and "sku" in shaped:
        shaped.pop("product", None)
    return shaped
