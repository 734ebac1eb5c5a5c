"""ChatService: the turn every adapter runs — its own unit of work, proposals returned, memory kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.service import ChatService
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import ActionStatus, Conversation, Role
from assistant.settings import Settings
from tests.factories import make_employee, make_product, make_stock, make_warehouse
from tests.fakes import ScriptedChatModel, call, say
from tools.base import CurrentUser, ToolContext
from tools.registry import default_registry


@pytest.fixture
def world(
    empty_database_url: str, tmp_path: Path
) -> Iterator[tuple[ChatService, CurrentUser, str, ScriptedChatModel]]:
    engine = make_engine(empty_database_url)
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        staff = CurrentUser.of(make_employee(session, role=Role.STAFF))
        product = make_product(session, variants=1)
        make_stock(session, product.variants[0], make_warehouse(session, code="HAM"), on_hand=9)
        sku = product.variants[0].sku
    model = ScriptedChatModel(
        script=[
            call("get_stock", sku=sku),
            say("9 on hand."),
            call("adjust_stock", sku=sku, warehouse="HAM", change=-2, reason="broken"),
            say("Proposed; a manager decides."),
        ]
    )
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'unused.db'}")

    def model_for(ctx: ToolContext) -> ScriptedChatModel:
        return model

    with open_checkpointer(settings) as checkpointer:
        yield (
            ChatService(
                settings=settings,
                sessions=sessions,
                registry=default_registry(),
                checkpointer=checkpointer,
                model_factory=model_for,
            ),
            staff,
            sku,
            model,
        )
    engine.dispose()


def test_turns_commit_their_proposals_and_keep_the_conversation(
    world: tuple[ChatService, CurrentUser, str, ScriptedChatModel],
) -> None:
    service, staff, _sku, model = world
    first = service.turn(user=staff, text="How many?", channel="cli")
    assert first.text == "9 on hand." and first.proposals == [] and not first.failed
    second = service.turn(
        user=staff, text="Remove two broken ones", channel="cli", conversation_id=first.conversation_id
    )
    assert second.conversation_id == first.conversation_id
    [proposal] = second.proposals
    assert proposal.status is ActionStatus.PENDING and proposal.tool_name == "adjust_stock"
    assert proposal.conversation_id == first.conversation_id
    model.assert_exhausted()
    # the second turn's model saw the first turn (memory), and everything was committed
    assert any("How many?" in str(message.content) for message in model.requests[-1])
    with session_scope(service.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1
        assert session.get(Conversation, first.conversation_id) is not None


def test_a_failing_model_answers_in_words_and_changes_nothing(
    world: tuple[ChatService, CurrentUser, str, ScriptedChatModel],
) -> None:
    service, staff, _, _ = world
    broken = ScriptedChatModel(script=[RuntimeError("connection reset")])
    service.model_factory = lambda ctx: broken
    reply = service.turn(user=staff, text="How many?", channel="cli")
    assert reply.failed and "unavailable" in reply.text
    assert reply.proposals == []
