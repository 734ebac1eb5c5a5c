"""The real OpenAI client path, through `chat_model_from_settings`, against the fake server on loopback."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.tools import BaseTool

from assistant.agent.factory import build_agent
from assistant.agent.providers import ModelUnavailableError, StrictToolsChatOpenAI, chat_model_from_settings
from assistant.agent.schemas import strict_tool_schema
from assistant.agent.usage import TurnUsage, UsageRecorder
from assistant.db.models import Role
from assistant.settings import ModelProvider, Settings
from tests import fake_openai_server
from tests.fake_openai_server import FakeOpenAIServer, error, slow, text, tool_call
from tests.support import MakeContext
from tools.langchain_tools import as_langchain_tools
from tools.registry import default_registry

openai_server = fake_openai_server.openai_server


def openai_settings(settings: Settings, server: FakeOpenAIServer, **overrides: Any) -> Settings:
    return settings.model_copy(
        update={
            "model_provider": ModelProvider.OPENAI,
            "openai_base_url": server.base_url,
            "openai_model": "gpt-test",
            "openai_timeout_s": 5.0,
            "openai_max_retries": 2,
            **overrides,
        }
    )


@pytest.fixture
def model(settings: Settings, openai_server: FakeOpenAIServer) -> StrictToolsChatOpenAI:
    built = chat_model_from_settings(openai_settings(settings, openai_server))
    assert isinstance(built, StrictToolsChatOpenAI)
    return built


def staff_tools(make_ctx: MakeContext) -> list[BaseTool]:
    return as_langchain_tools(make_ctx(Role.STAFF), default_registry())


def test_plain_answer(model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer) -> None:
    openai_server.script(text("Hello! How can I help?", prompt_tokens=21, completion_tokens=6))

    reply = model.invoke([HumanMessage("Hi")])

    assert reply.content == "Hello! How can I help?"
    assert reply.usage_metadata is not None
    assert (reply.usage_metadata["input_tokens"], reply.usage_metadata["output_tokens"]) == (21, 6)
    (request,) = openai_server.requests
    assert request["model"] == "gpt-test"
    assert request["messages"] == [{"role": "user", "content": "Hi"}]
    assert "tools" not in request


def test_tool_call_is_parsed_and_the_request_carries_strict_tool_schemas(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer, make_ctx: MakeContext
) -> None:
    tools = staff_tools(make_ctx)
    openai_server.script(
        tool_call("find_products", {"query": "chair", "options": None, "only_available": True, "limit": None})
    )

    reply = model.bind_tools(tools).invoke([HumanMessage("Which chairs are available?")])

    (call,) = reply.tool_calls
    assert call["name"] == "find_products"
    assert call["id"] == "call_1"
    assert call["args"] == {"query": "chair", "only_available": True}  # strict nulls dropped: defaults apply
    (request,) = openai_server.requests
    assert request["tools"] == [strict_tool_schema(tool) for tool in tools]
    assert {tool["function"]["name"] for tool in request["tools"]} == {tool.name for tool in tools}
    assert all(tool["function"]["strict"] is True for tool in request["tools"])

    by_name = {tool.name: tool for tool in tools}
    result = by_name["find_products"].invoke(call)
    assert result.status == "success", result.content


def test_streaming_text_arrives_in_chunks_that_join_into_the_answer(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer
) -> None:
    answer = "Stock of CHAIR-1 in Hamburg: 12 units."
    openai_server.script(text(answer, prompt_tokens=40, completion_tokens=11))

    chunks = list(model.stream([HumanMessage("How many chairs in HAM?")]))

    assert len([chunk for chunk in chunks if chunk.content]) > 3
    assert "".join(str(chunk.content) for chunk in chunks) == answer
    joined = sum(chunks[1:], chunks[0])
    assert isinstance(joined, AIMessageChunk)
    assert joined.usage_metadata is not None and joined.usage_metadata["total_tokens"] == 51
    (request,) = openai_server.requests
    assert request["stream"] is True
    assert request["stream_options"] == {"include_usage": True}


def test_a_tool_call_streamed_in_pieces(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer, make_ctx: MakeContext
) -> None:
    arguments = {"query": "muller", "country": "DE", "limit": None}
    openai_server.script(tool_call("find_customers", arguments, call_id="call_find"))

    chunks = list(model.bind_tools(staff_tools(make_ctx)).stream([HumanMessage("Find Müller in Germany")]))

    assert all(isinstance(chunk, AIMessageChunk) for chunk in chunks)
    pieces = [
        piece
        for chunk in chunks
        if isinstance(chunk, AIMessageChunk)
        for piece in chunk.tool_call_chunks
        if piece.get("args")
    ]
    assert len(pieces) > 3
    joined = sum(chunks[1:], chunks[0])
    assert isinstance(joined, AIMessageChunk)
    (call,) = joined.tool_calls
    assert (call["name"], call["id"], call["args"]) == ("find_customers", "call_find", arguments)
    assert model.restore_tool_calls(joined).tool_calls[0]["args"] == {"query": "muller", "country": "DE"}


@pytest.mark.parametrize("status", [429, 500])
def test_a_transient_error_is_retried(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer, status: int
) -> None:
    openai_server.script(error(status), text("Done."))

    reply = model.invoke([HumanMessage("Hi")])

    assert reply.content == "Done."
    assert len(openai_server.requests) == 2
    assert openai_server.requests[0] == openai_server.requests[1]


def test_a_server_that_keeps_failing_surfaces_after_the_retries(
    settings: Settings, openai_server: FakeOpenAIServer
) -> None:
    model = chat_model_from_settings(openai_settings(settings, openai_server, openai_max_retries=1))
    openai_server.script(error(500), error(500), text("never sent"))

    with pytest.raises(ModelUnavailableError, match="HTTP 500"):
        model.invoke([HumanMessage("Hi")])

    assert len(openai_server.requests) == 2  # max_retries + 1 attempts
    assert openai_server.remaining == 1


def test_a_failing_stream_surfaces_as_model_unavailable(
    settings: Settings, openai_server: FakeOpenAIServer
) -> None:
    model = chat_model_from_settings(openai_settings(settings, openai_server, openai_max_retries=0))
    openai_server.script(error(503))

    with pytest.raises(ModelUnavailableError, match="HTTP 503"):
        list(model.stream([HumanMessage("Hi")]))


def test_a_slow_server_times_out(settings: Settings, openai_server: FakeOpenAIServer) -> None:
    model = chat_model_from_settings(
        openai_settings(settings, openai_server, openai_timeout_s=0.3, openai_max_retries=0)
    )
    openai_server.script(slow(text("too late"), delay_s=3.0))

    with pytest.raises(ModelUnavailableError, match="in time"):
        model.invoke([HumanMessage("Hi")])

    assert len(openai_server.requests) == 1


def test_usage_is_recorded_per_turn(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer, make_ctx: MakeContext
) -> None:
    bound = model.bind_tools(staff_tools(make_ctx))
    openai_server.script(
        tool_call("get_stock", {"sku": "CHAIR-1", "product": None, "warehouse": None}),
        text("12 in stock.", prompt_tokens=55, completion_tokens=4),
        text("Next turn.", prompt_tokens=70, completion_tokens=3),
    )
    recorder = UsageRecorder()
    messages: list[BaseMessage] = [HumanMessage("Stock of CHAIR-1?")]

    first = bound.invoke(messages, config={"callbacks": [recorder]})
    second = bound.invoke([*messages, first], config={"callbacks": [recorder]})
    bound.invoke([HumanMessage("Another turn")])  # not recorded: a turn has its own recorder

    assert recorder.usage == TurnUsage(model_calls=2, input_tokens=85, output_tokens=11)
    assert recorder.usage.total_tokens == 96
    assert TurnUsage.from_messages([messages[0], first, second]) == recorder.usage


def test_the_openai_provider_needs_a_key_for_openai_itself(settings: Settings) -> None:
    keyless = settings.model_copy(
        update={"model_provider": ModelProvider.OPENAI, "openai_api_key": None, "openai_base_url": None}
    )

    with pytest.raises(ModelUnavailableError, match="API key"):
        chat_model_from_settings(keyless)


def test_a_local_server_needs_no_key(settings: Settings, openai_server: FakeOpenAIServer) -> None:
    keyless = openai_settings(settings, openai_server, openai_api_key=None)
    openai_server.script(text("ok"))

    assert chat_model_from_settings(keyless).invoke("Hi").content == "ok"


def test_the_offline_provider_uses_the_factory_given(settings: Settings) -> None:
    offline = FakeListChatModel(responses=["offline"])

    assert chat_model_from_settings(settings, offline_factory=lambda: offline) is offline
    with pytest.raises(ModelUnavailableError, match="offline model"):
        chat_model_from_settings(settings)


def test_nothing_unexpected_reached_the_server(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer
) -> None:
    with pytest.raises(ModelUnavailableError, match="HTTP 400"):
        model.invoke("unscripted")

    assert [body["messages"] for body in openai_server.unexpected] == [
        [{"role": "user", "content": "unscripted"}]
    ]


def test_the_agent_loop_runs_a_strict_tool_call_in_two_model_calls(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer, make_ctx: MakeContext
) -> None:
    ctx = make_ctx(Role.STAFF)
    openai_server.script(
        tool_call("find_customers", {"query": "nobody-like-this", "country": None, "limit": None}),
        text("I found no such customer."),
    )
    agent = build_agent(model=model, ctx=ctx, registry=default_registry(), checkpointer=None)
    recorder = UsageRecorder()

    state = agent.invoke(
        {"messages": [HumanMessage("Find customer nobody-like-this")]}, {"callbacks": [recorder]}
    )

    assert state["messages"][-1].content == "I found no such customer."
    assert recorder.usage.model_calls == 2
    first, second = openai_server.requests
    assert first["messages"][0]["role"] == "system"
    tool_reply = second["messages"][-1]
    assert (tool_reply["role"], tool_reply["tool_call_id"]) == ("tool", "call_1")
    assert "Invalid arguments" not in tool_reply["content"]


def test_the_async_path_restores_tool_calls_and_reports_failures(
    model: StrictToolsChatOpenAI, openai_server: FakeOpenAIServer, make_ctx: MakeContext
) -> None:
    bound = model.bind_tools(staff_tools(make_ctx))
    openai_server.script(
        tool_call("find_customers", {"query": "muller", "country": None, "limit": None}),
        error(500),
        error(500),
        error(500),
    )

    async def ask_twice() -> tuple[AIMessage, BaseException | None]:
        reply = await bound.ainvoke([HumanMessage("Find Müller")])
        try:
            await bound.ainvoke([HumanMessage("Again")])
        except ModelUnavailableError as failure:
            return reply, failure
        return reply, None

    reply, failure = asyncio.run(ask_twice())

    assert reply.tool_calls[0]["args"] == {"query": "muller", "country": None}
    assert isinstance(failure, ModelUnavailableError)
    assert len(openai_server.requests) == 4
