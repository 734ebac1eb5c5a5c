"""`backoffice usage`: managers see everyone's turns and tokens, everyone else only their own."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import Conversation, ConversationTurn, Role
from assistant.db.types import utcnow
from tests.cli.conftest import Invoke
from tests.factories import make_employee


def record_turns(session: Session, employee_id: int, *, turns: int, tokens: int, days_ago: int = 0) -> None:
    conversation = Conversation(employee_id=employee_id, channel="cli")
    session.add(conversation)
    session.flush()
    for _ in range(turns):
        session.add(
            ConversationTurn(
                conversation_id=conversation.id,
                employee_id=employee_id,
                started_at=utcnow() - timedelta(days=days_ago),
                duration_ms=40,
                model="openai-chat:gpt-test",
                outcome="answered",
                model_calls=2,
                input_tokens=tokens,
                output_tokens=10,
            )
        )


def test_usage_for_a_manager_and_for_staff(cli: Invoke, empty_database_url: str) -> None:
    assert cli("init").exit_code == 0
    engine = make_engine(empty_database_url)
    with session_scope(make_session_factory(engine)) as session:
        manager = make_employee(session, role=Role.MANAGER)
        ana = make_employee(session, role=Role.STAFF, email="ana@example.test")
        ivo = make_employee(session, role=Role.STAFF, email="ivo@example.test")
        record_turns(session, ana.id, turns=3, tokens=1_234)
        record_turns(session, ivo.id, turns=1, tokens=50)
        record_turns(session, ivo.id, turns=5, tokens=9_999, days_ago=40)  # outside the default 30 days
        emails = manager.email, ana.email, ivo.email
    engine.dispose()

    everyone = cli("usage", "--as", emails[0])
    assert everyone.exit_code == 0, everyone.output
    lines = everyone.output.splitlines()
    ana_line = next(line for line in lines if "ana@example.test" in line)
    assert "3,702" in ana_line  # 3 turns x 1,234 input tokens
    assert "ivo@example.test" in everyone.output and "9,999" not in everyone.output

    own = cli("usage", "--as", emails[2], "--days", "60")
    assert "ivo@example.test" in own.output and "ana@example.test" not in own.output
    assert "50,045" in own.output  # 50 + 5 x 9,999 input tokens over 60 days


def test_no_turns_is_said_plainly(cli: Invoke, empty_database_url: str) -> None:
    assert cli("init").exit_code == 0
    engine = make_engine(empty_database_url)
    with session_scope(make_session_factory(engine)) as session:
        email = make_employee(session, role=Role.ADMIN).email
    engine.dispose()
    assert "No chat turns in the last 30 days." in cli("usage", "--as", email).output
