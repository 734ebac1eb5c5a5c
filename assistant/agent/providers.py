"""The chat model the settings ask for: an OpenAI-compatible server, or the offline model built elsewhere.

The OpenAI model offers tools in strict form (see `assistant.agent.schemas`) and hands the agent tool calls
in the tools' own shape again, so the tool layer never sees strict mode's nulls. Whatever goes wrong while
talking to the server (connection, timeout, rate limit, server error after the retries) reaches callers as
one `ModelUnavailableError`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import openai
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, message_chunk_to_message
from langchain_core.messages.tool import ToolCall
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.tools import BaseTool
from langchain_openai import ChatOpenAI
from pydantic import PrivateAttr

from assistant.agent.schemas import JsonSchema, restore_arguments, strict_tool_schema, tool_parameters
from assistant.settings import ModelProvider, Settings

OPENAI_HOSTS = ("api.openai.com",)
ENABLE_HINT = (
    "Set BACKOFFICE_MODEL_PROVIDER=openai with BACKOFFICE_OPENAI_API_KEY "
    "(and BACKOFFICE_OPENAI_BASE_URL for another OpenAI-compatible server)."
)


class ModelUnavailableError(RuntimeError):
    """The language model cannot answer now: not configured, unreachable, too slow, or failing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def chat_model_from_settings(
    settings: Settings, *, offline_factory: Callable[[], BaseChatModel] | None = None
) -> BaseChatModel:
    """The chat model for `settings.model_provider`. The offline model is built by the caller's factory."""
    if settings.model_provider is ModelProvider.OPENAI:
        return openai_chat_model(settings)
    if offline_factory is None:
        raise ModelUnavailableError("The offline model was asked for but none was provided. " + ENABLE_HINT)
    return offline_factory()


def openai_chat_model(settings: Settings) -> StrictToolsChatOpenAI:
    api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    base_url = settings.openai_base_url
    if not api_key:
        if base_url is None or any(host in base_url for host in OPENAI_HOSTS):
            raise ModelUnavailableError(
                "The OpenAI provider needs an API key: set BACKOFFICE_OPENAI_API_KEY."
            )
        # Local servers (vLLM, Ollama, llama.cpp) ignore the key, but the client insists on one.
        api_key = "not-needed"
    return StrictToolsChatOpenAI(
        model=settings.openai_model,
        base_url=base_url,
        api_key=api_key,
        timeout=settings.openai_timeout_s,
        max_retries=settings.openai_max_retries,
        stream_usage=True,
    )


def _unavailable(error: openai.OpenAIError) -> ModelUnavailableError:
    if isinstance(error, openai.APITimeoutError):
        reason = "it did not answer in time"
    elif isinstance(error, openai.APIConnectionError):
        reason = "it cannot be reached"
    elif isinstance(error, openai.RateLimitError):
        reason = "it is rate limited"
    elif isinstance(error, openai.APIStatusError):
        reason = f"it answered with HTTP {error.status_code}"
    else:
        reason = type(error).__name__
    return ModelUnavailableError(f"The model is unavailable: {reason}.")


class StrictToolsChatOpenAI(ChatOpenAI):
    """`ChatOpenAI` that offers tools in strict form and restores the arguments of the calls it returns."""

    _tool_parameters: dict[str, JsonSchema] = PrivateAttr(default_factory=dict)

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: dict[str, Any] | str | bool | None = None,
        strict: bool | None = None,
        parallel_tool_calls: bool | None = None,
        response_format: Any = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        if strict is False:
            return super().bind_tools(
                tools,
                tool_choice=tool_choice,
                strict=False,
                parallel_tool_calls=parallel_tool_calls,
                response_format=response_format,
                **kwargs,
            )
        formatted: list[dict[str, Any] | type | Callable[..., Any] | BaseTool] = []
        for tool in tools:
            if isinstance(tool, BaseTool):
                self._tool_parameters[tool.name] = tool_parameters(tool)
                formatted.append(strict_tool_schema(tool))
            else:
                formatted.append(tool)
        return super().bind_tools(
            formatted,
            tool_choice=tool_choice,
            strict=True,
            parallel_tool_calls=parallel_tool_calls,
            response_format=response_format,
            **kwargs,
        )

    def invoke(
        self,
        input: LanguageModelInput,
        config: RunnableConfig | None = None,
        *,
        stop: list[str] | None = None,
        **kwargs: Any,
    ) -> AIMessage:
        try:
            message = super().invoke(input, config, stop=stop, **kwargs)
        except openai.OpenAIError as error:
            raise _unavailable(error) from error
        return self._restored(message)

    async def ainvoke(
        self,
        input: LanguageModelInput,
        config: RunnableConfig | None = None,
        *,
        stop: list[str] | None = None,
        **kwargs: Any,
    ) -> AIMessage:
        try:
            message = await super().ainvoke(input, config, stop=stop, **kwargs)
        except openai.OpenAIError as error:
            raise _unavailable(error) from error
        return self._restored(message)

    def stream(
        self,
        input: LanguageModelInput,
        config: RunnableConfig | None = None,
        *,
        stop: list[str] | None = None,
        **kwargs: Any,
    ) -> Iterator[AIMessageChunk]:
        """Chunks as the server sends them (a streamed tool call's arguments are in strict form)."""
        try:
            yield from super().stream(input, config, stop=stop, **kwargs)
        except openai.OpenAIError as error:
            raise _unavailable(error) from error

    async def astream(
        self,
        input: LanguageModelInput,
        config: RunnableConfig | None = None,
        *,
        stop: list[str] | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[AIMessageChunk]:
        try:
            async for chunk in super().astream(input, config, stop=stop, **kwargs):
                yield chunk
        except openai.OpenAIError as error:
            raise _unavailable(error) from error

    def restore_tool_calls(self, message: AIMessage) -> AIMessage:
        """`message` (a whole message, or streamed chunks added up) with each tool call's arguments in the
        shape its tool validates."""
        if isinstance(message, AIMessageChunk):
            whole = message_chunk_to_message(message)
            assert isinstance(whole, AIMessage)
            message = whole
        return self._restored(message)

    def _restored(self, message: AIMessage) -> AIMessage:
        if not message.tool_calls:
            return message
        calls: list[ToolCall] = []
        for call in message.tool_calls:
            schema = self._tool_parameters.get(call["name"])
            if schema is None:
                calls.append(call)
            else:
                calls.append({**call, "args": restore_arguments(schema, call["args"])})
        return message.model_copy(update={"tool_calls": calls})
