"""`POST /chat/stream`: the turn as Server-Sent Events, from a model that streams and from one that does not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.agent.service import ChatService
from assistant.db.models import ActionStatus, ConversationTurn, PendingAction, Role
from assistant.settings import Settings
from tests.factories import make_product, make_stock, make_warehouse
from tests.fakes import ScriptedChatModel, call, say
from tests.http.conftest import Api, assert_problem, open_api, server_sent_events
from tools.base import ToolContext


class StreamingScriptedModel(ScriptedChatModel):
    """The scripted model, streaming each scripted message word by word (tool calls in the last chunk)."""

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._generate(messages, stop, run_manager, **kwargs).generations[0].message
        words = message.text.split(" ") if message.text else []
        for index, word in enumerate(words):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word if index == 0 else f" {word}"))
        if message.tool_calls:
            calls = [
                {"name": tool["name"], "args": json.dumps(tool["args"]), "id": tool["id"], "index": number}
                for number, tool in enumerate(message.tool_calls)
            ]
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=calls))


def _stocked(api: Api) -> None:
    product = make_product(api.session, variants=1)
    product.variants[0].sku = "IT-DOCK-100"
    make_stock(api.session, product.variants[0], make_warehouse(api.session, code="WAW"), on_hand=10)
    api.session.flush()


@pytest.fixture
def scripted(db_session: Session, settings: Settings) -> Iterator[tuple[Api, StreamingScriptedModel]]:
    model = StreamingScriptedModel(script=[])

    def factory(ctx: ToolContext) -> StreamingScriptedModel:
        return model

    for api in open_api(db_session, settings, model_factory=factory):
        yield api, model


def test_a_streaming_model_sends_its_words_then_the_proposal_then_the_reply(
    scripted: tuple[Api, StreamingScriptedModel],
) -> None:
    api, model = scripted
    staff_member, staff = api.person(Role.STAFF)
    _stocked(api)
    model.script = [
        call("adjust_stock", sku="IT-DOCK-100", warehouse="WAW", change=4, reason="stocktake"),
        say("I proposed the correction; a manager decides it."),
    ]
    response = api.client.post("/chat/stream", headers=staff, json={"message": "4 more IT-DOCK-100 in WAW"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    events = server_sent_events(response.text)
    names = [name for name, _ in events]

    assert names[0] == "tool_call" and events[0][1] == {
        "name": "adjust_stock",
        "args": {"sku": "IT-DOCK-100", "warehouse": "WAW", "change": 4, "reason": "stocktake"},
    }
    tokens = [data["text"] for name, data in events if name == "token"]
    assert len(tokens) == 8 and "".join(tokens) == "I proposed the correction; a manager decides it."
    assert names[-2:] == ["proposal", "reply"]
    proposal, reply = events[-2][1], events[-1][1]
    assert proposal["tool_name"] == "adjust_stock" and proposal["status"] == "pending"
    assert reply["reply"] == "I proposed the correction; a manager decides it." and not reply["failed"]
    assert [item["id"] for item in reply["proposals"]] == [proposal["id"]]
    model.assert_exhausted()

    # Stored before the client saw the id: a manager can decide it at once; the turn is in the ledger.
    stored = api.session.get(PendingAction, proposal["id"])
    assert stored is not None and stored.status is ActionStatus.PENDING
    assert stored.requester_id == staff_member.id
    turn = api.session.scalars(
        select(ConversationTurn).where(ConversationTurn.conversation_id == reply["conversation_id"])
    ).one()
    assert turn.outcome == "answered" and turn.proposals == 1


def test_the_offline_model_streams_whole_messages(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _stocked(api)
    response = api.client.post(
        "/chat/stream", headers=staff, json={"message": "how many IT-DOCK-100 are in stock in WAW?"}
    )
    events = server_sent_events(response.text)
    assert [name for name, _ in events] == ["tool_call", "token", "reply"]
    assert events[0][1]["name"] == "get_stock"
    assert events[1][1]["text"] == events[2][1]["reply"] and "10" in events[2][1]["reply"]

    again = api.client.post(
        "/chat/stream",
        headers=staff,
        json={"message": "and in WAW?", "conversation_id": events[2][1]["conversation_id"]},
    )
    assert server_sent_events(again.text)[-1][1]["conversation_id"] == events[2][1]["conversation_id"]


def test_a_failing_model_ends_with_a_failed_reply_and_a_broken_turn_with_an_error_event(
    scripted: tuple[Api, StreamingScriptedModel], monkeypatch: pytest.MonkeyPatch
) -> None:
    api, model = scripted
    _, staff = api.person(Role.STAFF)
    model.script = [RuntimeError("the model server fell over")]
    events = server_sent_events(api.client.post("/chat/stream", headers=staff, json={"message": "hi"}).text)
    assert [name for name, _ in events] == ["reply"]
    assert events[0][1]["failed"] and events[0][1]["reply"]

    def broken_turn(self: ChatService, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ChatService, "turn", broken_turn)
    events = server_sent_events(api.client.post("/chat/stream", headers=staff, json={"message": "hi"}).text)
    [(name, problem)] = events
    assert name == "error" and problem["status"] == 500 and "not answered" in problem["detail"]


def test_stream_refusals_come_before_the_stream(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, other = api.person(Role.STAFF)
    mine = api.client.post("/chat", headers=staff, json={"message": "hello"}).json()["conversation_id"]
    assert_problem(
        api.client.post("/chat/stream", headers=other, json={"message": "hi", "conversation_id": mine}), 404
    )
    assert_problem(api.client.post("/chat/stream", json={"message": "hi"}), 401)
    assert_problem(api.client.post("/chat/stream", headers=staff, json={"message": ""}), 422)
    assert_problem(api.client.post("/chat/stream", headers=staff, json={"text": "hi"}), 422)
    assert_problem(
        api.client.post("/chat/stream", headers={**staff, "Content-Type": "application/json"}, content=b"{'"),
        422,
    )
