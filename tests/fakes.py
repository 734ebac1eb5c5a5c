"""A strict scripted chat model: replays the replies a test scripts, records what it was sent and offered.

It fails on any call beyond the script. Because the agent turns model exceptions into a friendly reply, an
unexpected call is also recorded, and `assert_exhausted()` reports it even when the exception was swallowed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field

ScriptItem = AIMessage | Exception

_ids = itertools.count(1)


def say(text: str) -> AIMessage:
    """A scripted final answer."""
    return AIMessage(content=text)


def call(name: str, **args: Any) -> AIMessage:
    """A scripted tool call (one per message; enough for these tests)."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{next(_ids)}"}])


class ScriptedChatModel(BaseChatModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    # Typed loosely on purpose: pydantic would try to coerce an Exception into an AIMessage.
    script: list[Any]
    requests: list[list[BaseMessage]] = Field(default_factory=list)
    offered_tools: list[list[str]] = Field(default_factory=list)
    unexpected_calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        self.offered_tools.append([convert_to_openai_tool(tool)["function"]["name"] for tool in tools])
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.requests.append(list(messages))
        if not self.script:
            self.unexpected_calls += 1
            raise AssertionError(f"unexpected model call #{len(self.requests)}: the script is used up")
        item: ScriptItem = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return ChatResult(generations=[ChatGeneration(message=item.model_copy())])

    @property
    def last_request(self) -> list[BaseMessage]:
        return self.requests[-1]

    def assert_exhausted(self) -> None:
        assert self.unexpected_calls == 0, f"{self.unexpected_calls} unexpected model call(s)"
        assert not self.script, f"{len(self.script)} scripted replies were never used: {self.script}"
