"""`backoffice ask` and `backoffice chat` with the offline model, as a person at a terminal uses them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import Role
from tests.cli.conftest import Invoke
from tests.factories import make_employee, make_product, make_stock, make_warehouse


@pytest.fixture
def company(cli: Invoke, empty_database_url: str) -> Iterator[dict[str, str]]:
    assert cli("init").exit_code == 0
    engine = make_engine(empty_database_url)
    with session_scope(make_session_factory(engine)) as session:
        staff = make_employee(session, role=Role.STAFF, email="ana@example.test", locale="de")
        product = make_product(session, variants=1, name="Konferenzstuhl")
        product.variants[0].sku = "CHAIR-KONF"
        make_stock(session, product.variants[0], make_warehouse(session, code="HAM"), on_hand=17)
        names = {"staff": staff.email, "sku": product.variants[0].sku}
    yield names
    engine.dispose()


def test_ask_answers_from_the_database_in_the_users_language(cli: Invoke, company: dict[str, str]) -> None:
    result = cli("ask", f"Wie viele {company['sku']} haben wir auf Lager?", "--as", company["staff"])
    assert result.exit_code == 0, result.output
    assert "17 vorhanden" in result.output


def test_ask_proposes_and_says_nothing_was_done(cli: Invoke, company: dict[str, str]) -> None:
    sku = company["sku"]
    result = cli("ask", f"adjust stock of {sku} in HAM by -2, broken", "--as", company["staff"])
    assert result.exit_code == 0, result.output
    assert "Proposed (nothing done yet)" in result.output
    stock = cli("ask", f"How many {sku} are in stock?", "--as", company["staff"])
    assert "17" in stock.output  # unchanged until a manager approves


def test_chat_without_a_terminal_runs_a_short_scripted_conversation(
    cli: Invoke, company: dict[str, str]
) -> None:
    result = cli("chat", "--as", company["staff"])
    assert result.exit_code == 0, result.output
    assert "scripted conversation" in result.output
    assert result.output.count("assistant") >= 5
    assert "BACKOFFICE_MODEL_PROVIDER=openai" in result.output  # the off-topic question is declined plainly


def test_ask_needs_an_identity(cli: Invoke, company: dict[str, str]) -> None:
    result = cli("ask", "hello")
    assert result.exit_code == 2
    assert "say who you are" in result.output
