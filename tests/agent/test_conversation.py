"""Conversations: memory across turns and processes, bad input, model failures, streaming."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from sqlalchemy.orm import Session

from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.conversation import (
    BINARY_REPLY,
    EMPTY_REPLY,
    MAX_MESSAGE_CHARS,
    NO_ANSWER_REPLY,
    TOO_LONG_REPLY,
    UNAVAILABLE_REPLY,
    get_or_create_conversation,
    stream_turn,
)
from assistant.agent.factory import LOOP_CAP_REPLY, MAX_MODEL_CALLS_PER_TURN
from assistant.agent.replies import Fixed, fixed_reply
from assistant.settings import Settings
from tests.agent.conftest import StartChat, Stocked
from tests.factories import make_employee
from tests.fakes import call, say
from tools.base import PermissionDeniedError


@pytest.fixture(params=["sqlite", "postgresql"])
def checkpoint_settings(request: pytest.FixtureRequest, tmp_path: Path, settings: Settings) -> Settings:
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'memory.db'}")
    if not settings.effective_database_url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    return settings


def test_a_second_turn_sees_the_first_even_from_a_new_process(
    start_chat: StartChat, checkpoint_settings: Settings
) -> None:
    with open_checkpointer(checkpoint_settings) as checkpointer:
        first = start_chat([say("Hello Ana, 12 chairs.")], checkpointer=checkpointer)
        assert first.say("How many chairs?").reply == "Hello Ana, 12 chairs."
    # A new checkpointer and agent, as after a restart or in another worker.
    with open_checkpointer(checkpoint_settings) as checkpointer:
        second = start_chat(
            [say("Still 12.")],
            ctx=first.ctx,
            checkpointer=checkpointer,
            conversation_id=first.conversation_id,
        )
        assert second.say("And now?").reply == "Still 12."

    sent = second.model.requests[0]
    assert [type(message) for message in sent] == [SystemMessage, HumanMessage, AIMessage, HumanMessage]
    assert [message.text for message in sent[1:]] == ["How many chairs?", "Hello Ana, 12 chairs.", "And now?"]


def test_conversations_do_not_share_memory(start_chat: StartChat, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with open_checkpointer(settings) as checkpointer:
        start_chat([say("one")], checkpointer=checkpointer).say("secret for conversation one")
        other = start_chat([say("two")], checkpointer=checkpointer)
        other.say("hello")
    assert all("secret" not in message.text for message in other.model.requests[0])


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("", EMPTY_REPLY),
        ("  \n\t ", EMPTY_REPLY),
        ("\x00\x00", BINARY_REPLY),
        ("x" * (MAX_MESSAGE_CHARS + 1), TOO_LONG_REPLY),
        ("\x00\x01\x02\x03PNG\x1a\x1b\x7f", BINARY_REPLY),
    ],
)
def test_bad_input_gets_a_clear_reply_without_calling_the_model(
    start_chat: StartChat, text: str, reply: str
) -> None:
    chat = start_chat([])

    turn = chat.say(text)

    assert turn.reply == reply
    assert chat.model.requests == []
    assert turn.tool_calls == []


def test_a_stray_control_character_is_removed_before_the_model_sees_it(start_chat: StartChat) -> None:
    chat = start_chat([say("ok")])

    chat.say("stock\x00 of chairs\x07 please")

    assert chat.model.requests[0][-1].text == "stock of chairs please"


def test_a_model_failure_is_a_clear_reply_and_the_conversation_goes_on(
    start_chat: StartChat, stocked: Stocked, tmp_path: Path
) -> None:
    with open_checkpointer(Settings(data_dir=tmp_path)) as checkpointer:
        chat = start_chat(
            [
                call("get_stock", sku=stocked.sku),
                ConnectionError("connection refused"),
                say("12 available."),
            ],
            checkpointer=checkpointer,
        )
        failed = chat.say("How many chairs?")
        recovered = chat.say("Try again please.")

    assert failed.failed
    assert failed.reply == UNAVAILABLE_REPLY
    assert recovered.reply == "12 available."
    history = chat.model.last_request
    # The failed turn's finished steps are kept, and every tool call still has its result.
    assert [type(message) for message in history[1:]] == [HumanMessage, AIMessage, ToolMessage, HumanMessage]
    chat.model.assert_exhausted()


def test_stream_turn_yields_the_reply(start_chat: StartChat, stocked: Stocked) -> None:
    chat = start_chat([call("get_stock", sku=stocked.sku), say("12 available.")])

    chunks = list(stream_turn(agent=chat.agent, conversation_id=chat.conversation_id, text="chairs?"))

    assert "".join(chunks) == "12 available."
    chat.model.assert_exhausted()


def test_stream_turn_reports_bad_input_and_failures(start_chat: StartChat) -> None:
    chat = start_chat([RuntimeError("HTTP 500")])

    assert list(stream_turn(agent=chat.agent, conversation_id=chat.conversation_id, text="")) == [EMPTY_REPLY]
    assert list(stream_turn(agent=chat.agent, conversation_id=chat.conversation_id, text="hi")) == [
        UNAVAILABLE_REPLY
    ]


def test_get_or_create_conversation_by_external_key(db_session: Session) -> None:
    owner = make_employee(db_session)
    found = get_or_create_conversation(
        db_session, employee_id=owner.id, channel="slack", external_key="T1/C1/1.0"
    )
    again = get_or_create_conversation(
        db_session, employee_id=owner.id, channel="slack", external_key="T1/C1/1.0"
    )
    fresh = get_or_create_conversation(db_session, employee_id=owner.id, channel="cli", external_key=None)

    assert again.id == found.id
    assert fresh.id != found.id
    with pytest.raises(PermissionDeniedError):
        get_or_create_conversation(
            db_session, employee_id=make_employee(db_session).id, channel="slack", external_key="T1/C1/1.0"
        )


def test_a_failure_after_a_proposal_still_reports_the_proposal(
    start_chat: StartChat, stocked: Stocked, tmp_path: Path
) -> None:
    with open_checkpointer(Settings(data_dir=tmp_path)) as checkpointer:
        chat = start_chat(
            [
                call(
                    "adjust_stock",
                    sku=stocked.sku,
                    warehouse=stocked.warehouse.code,
                    change=1,
                    reason="found",
                ),
                TimeoutError("read timed out"),
            ],
            checkpointer=checkpointer,
        )
        turn = chat.say("add one chair")

    assert turn.failed
    [action_id] = turn.proposals
    assert turn.reply.startswith(UNAVAILABLE_REPLY)
    assert action_id in turn.reply
    chat.model.assert_exhausted()


def test_an_empty_final_answer_still_gets_a_reply(start_chat: StartChat) -> None:
    chat = start_chat([say("")])

    assert chat.say("hm").reply == NO_ANSWER_REPLY


def test_stream_turn_ends_with_the_loop_cap_reply(start_chat: StartChat, stocked: Stocked) -> None:
    chat = start_chat([call("get_stock", sku=stocked.sku) for _ in range(MAX_MODEL_CALLS_PER_TURN)])

    chunks = list(stream_turn(agent=chat.agent, conversation_id=chat.conversation_id, text="stock?"))

    assert "".join(chunks) == LOOP_CAP_REPLY
    chat.model.assert_exhausted()


def test_fixed_replies_speak_the_message_language_or_else_the_users(
    start_chat: StartChat, stocked: Stocked
) -> None:
    chat = start_chat([ConnectionError("down"), ConnectionError("down")], locale="ko")

    assert chat.say("").reply == fixed_reply(Fixed.EMPTY, "ko")  # no words: the user's locale
    assert chat.say("\x00\x01\x02\x03").reply == fixed_reply(Fixed.BINARY, "ko")
    assert chat.say("Wie viele Stühle haben wir auf Lager?").reply == fixed_reply(Fixed.UNAVAILABLE, "de")
    assert chat.say("재고가 얼마나 있어요?").reply == fixed_reply(Fixed.UNAVAILABLE, "ko")
    assert "zu lang" in chat.say("Bitte prüfen Sie die Bestellung. " * 700).reply
    chat.model.assert_exhausted()


def test_the_loop_cap_reply_is_in_the_users_language(start_chat: StartChat, stocked: Stocked) -> None:
    chat = start_chat([call("get_stock", sku=stocked.sku) for _ in range(MAX_MODEL_CALLS_PER_TURN)])

    turn = chat.say("ile jest krzeseł na stanie w magazynie?")

    assert turn.reply == fixed_reply(Fixed.LOOP_CAP, "pl")
    assert turn.model_calls == MAX_MODEL_CALLS_PER_TURN
    chat.model.assert_exhausted()


@pytest.mark.parametrize("kind", list(Fixed))
def test_every_fixed_reply_exists_in_all_five_languages(kind: Fixed) -> None:
    texts = {language: fixed_reply(kind, language) for language in ("en", "de", "pl", "hr", "ko")}
    assert len(set(texts.values())) == 5
    assert fixed_reply(kind, "fr") == texts["en"] and fixed_reply(kind, "de-AT") == texts["de"]
