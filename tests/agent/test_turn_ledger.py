"""Every turn is recorded: who, which model, how it ended, model calls and tokens; `backoffice usage` sums it."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.conversation import get_or_create_conversation
from assistant.agent.service import ChatService
from assistant.agent.stats import percentile, turn_stats
from assistant.agent.usage import usage_summary
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import ConversationTurn, Role
from assistant.db.types import utcnow
from assistant.observability import ContextFilter, JsonFormatter, request_scope
from assistant.settings import ModelProvider, Settings
from tests import fake_openai_server
from tests.factories import make_employee, make_product, make_stock, make_warehouse
from tests.fake_openai_server import FakeOpenAIServer, error, text, tool_call
from tools.base import CurrentUser
from tools.registry import default_registry

openai_server = fake_openai_server.openai_server


@pytest.fixture
def shop(
    empty_database_url: str, tmp_path: Path, openai_server: FakeOpenAIServer
) -> Iterator[tuple[ChatService, CurrentUser, str]]:
    engine = make_engine(empty_database_url)
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        staff = CurrentUser.of(make_employee(session, role=Role.STAFF, locale="de"))
        product = make_product(session, variants=1)
        make_stock(session, product.variants[0], make_warehouse(session, code="HAM"), on_hand=9)
        sku = product.variants[0].sku
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=empty_database_url,
        model_provider=ModelProvider.OPENAI,
        openai_base_url=openai_server.base_url,
        openai_model="gpt-test",
        openai_max_retries=0,
        openai_timeout_s=5.0,
    )
    with open_checkpointer(
        settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'cp.db'}"})
    ) as saver:
        yield (
            ChatService(
                settings=settings, sessions=sessions, registry=default_registry(), checkpointer=saver
            ),
            staff,
            sku,
        )
    engine.dispose()


def turns(service: ChatService) -> list[ConversationTurn]:
    with session_scope(service.sessions) as session:
        rows = list(session.scalars(select(ConversationTurn).order_by(ConversationTurn.id)))
        session.expunge_all()
    return rows


def test_an_answered_turn_records_model_calls_tokens_and_tools(
    shop: tuple[ChatService, CurrentUser, str], openai_server: FakeOpenAIServer
) -> None:
    service, staff, sku = shop
    openai_server.script(
        tool_call("get_stock", {"sku": sku, "warehouse": None}),
        text("9 on hand.", prompt_tokens=900, completion_tokens=12),
    )

    reply = service.turn(user=staff, text=f"How many {sku}?", channel="cli")

    assert reply.text == "9 on hand."
    [turn] = turns(service)
    assert turn.conversation_id == reply.conversation_id and turn.employee_id == staff.id
    assert (turn.outcome, turn.model) == ("answered", "openai-chat:gpt-test")
    assert (turn.model_calls, turn.tool_calls, turn.proposals) == (2, 1, 0)
    assert (turn.input_tokens, turn.output_tokens) == (30 + 900, 7 + 12)  # both calls, as the server reported
    assert turn.duration_ms >= 0


def test_a_failed_and_a_refused_turn_are_recorded_too(
    shop: tuple[ChatService, CurrentUser, str], openai_server: FakeOpenAIServer
) -> None:
    service, staff, _sku = shop
    openai_server.script(error(500))

    down = service.turn(user=staff, text="Wie viele Stühle haben wir?", channel="cli")
    empty = service.turn(user=staff, text="   ", channel="cli")

    assert down.failed and "nicht erreichbar" in down.text  # German message, German reply
    assert "leer" in empty.text  # no words to go by: the user's locale (de)
    failed, refused = turns(service)
    assert (failed.outcome, failed.model_calls, failed.failed_model_calls) == ("failed", 0, 1)
    assert (refused.outcome, refused.model_calls, refused.input_tokens) == ("refused", 0, 0)


def test_usage_sums_per_person_and_model(
    shop: tuple[ChatService, CurrentUser, str], openai_server: FakeOpenAIServer
) -> None:
    service, staff, _sku = shop
    for _ in range(2):
        openai_server.script(text("Hallo!", prompt_tokens=100, completion_tokens=5))
        service.turn(user=staff, text="Hallo", channel="cli")
    with session_scope(service.sessions) as session:
        [row] = usage_summary(session, since=utcnow() - timedelta(days=1))
        assert (row.employee_email, row.model, row.turns, row.model_calls) == (
            staff.email,
            "openai-chat:gpt-test",
            2,
            2,
        )
        assert (row.input_tokens, row.output_tokens) == (200, 10)
        assert usage_summary(session, since=utcnow() + timedelta(minutes=1)) == []
        other = make_employee(session, role=Role.STAFF)
        assert usage_summary(session, since=utcnow() - timedelta(days=1), employee_id=other.id) == []


def test_a_turn_keeps_its_trace_and_logs_json_lines_with_its_ids(
    shop: tuple[ChatService, CurrentUser, str], openai_server: FakeOpenAIServer
) -> None:
    service, staff, sku = shop
    openai_server.script(
        tool_call("get_stock", {"sku": "NO-SUCH-SKU", "warehouse": None}),
        tool_call("get_stock", {"sku": sku, "warehouse": None}),
        text("9 on hand."),
    )
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        with request_scope("req-0001", channel="http"):
            service.turn(user=staff, text=f"How many {sku}?", channel="http")
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)

    [turn] = turns(service)
    assert turn.request_id == "req-0001" and turn.turn_id
    assert [(span["tool"], span["outcome"]) for span in turn.trace or []] == [
        ("get_stock", "not_found"),
        ("get_stock", "ok"),
    ]
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    tool_lines = [record for record in records if record["msg"] == "tool call"]
    assert [(line["tool"], line["outcome"]) for line in tool_lines] == [
        ("get_stock", "not_found"),
        ("get_stock", "ok"),
    ]
    assert {(line["request_id"], line["turn_id"]) for line in tool_lines} == {("req-0001", turn.turn_id)}
    [summary] = [record for record in records if record["msg"] == "turn"]
    assert summary["turn_id"] == turn.turn_id and summary["request_id"] == "req-0001"
    assert summary["outcome"] == "answered" and summary["tools"] == ["get_stock", "get_stock"]
    assert summary["level"] == "info" and summary["ts"].endswith("+00:00")


def test_stats_summarise_outcomes_latency_and_each_tools_calls(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        person = make_employee(session, role=Role.STAFF)
        conversation = get_or_create_conversation(
            session, employee_id=person.id, channel="cli", external_key=None
        )
        started = utcnow()
        for index, (ms, outcome, trace) in enumerate(
            [
                (100, "answered", [{"tool": "get_stock", "outcome": "ok", "ms": 4.0}]),
                (300, "answered", [{"tool": "get_stock", "outcome": "not_found", "ms": 2.0}]),
                (200, "failed", []),
                (900, "answered", [{"tool": "cancel_order", "outcome": "proposed", "ms": 9.0}]),
            ]
        ):
            session.add(
                ConversationTurn(
                    conversation_id=conversation.id,
                    employee_id=person.id,
                    started_at=started + timedelta(seconds=index),
                    duration_ms=ms,
                    model="offline",
                    outcome=outcome,
                    trace=trace,
                )
            )
    with session_scope(sessions) as session:
        everything = turn_stats(session, last=10)
        latest_two = turn_stats(session, last=2)
    engine.dispose()

    assert everything.turns == 4 and everything.outcomes == {"answered": 3, "failed": 1}
    assert (everything.p50_ms, everything.p95_ms) == (200, 900)
    assert [(t.name, t.calls, t.failures, t.proposals) for t in everything.tools] == [
        ("get_stock", 2, 1, 0),
        ("cancel_order", 1, 0, 1),
    ]
    assert latest_two.turns == 2 and latest_two.outcomes == {"answered": 1, "failed": 1}  # the newest first
    assert percentile([], 0.5) == 0.0 and percentile([5.0], 0.99) == 5.0
