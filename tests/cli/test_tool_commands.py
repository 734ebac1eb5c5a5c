"""`backoffice tools`, `call`, `actions` and `audit` as a person at a terminal uses them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import update
from typer.testing import Result

from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import AuditRecord, Role
from tests.cli.conftest import Invoke
from tests.factories import make_employee, make_product, make_stock, make_warehouse


@pytest.fixture
def company(cli: Invoke, empty_database_url: str) -> Iterator[dict[str, str]]:
    assert cli("init").exit_code == 0
    engine = make_engine(empty_database_url)
    with session_scope(make_session_factory(engine)) as session:
        staff = make_employee(session, role=Role.STAFF, email="ana@example.test")
        manager = make_employee(session, role=Role.MANAGER, email="boss@example.test")
        make_employee(session, role=Role.ADMIN, email="root@example.test")
        make_employee(session, role=Role.STAFF, email="other@example.test")
        product = make_product(session, variants=1)
        warehouse = make_warehouse(session, code="HAM")
        make_stock(session, product.variants[0], warehouse, on_hand=10)
        sku = product.variants[0].sku
        names = {"staff": staff.email, "manager": manager.email, "sku": sku}
    yield names
    engine.dispose()


def _adjust(cli: Invoke, company: dict[str, str], change: str, reason: str) -> Result:
    """Staff propose a stock adjustment of the company's SKU in HAM, as typed at a terminal."""
    return cli(
        "call", "adjust_stock", "--sku", company["sku"], "--warehouse", "HAM", "--change", change,
        "--reason", reason, "--as", company["staff"],
    )  # fmt: skip


def _action_id(output: str) -> str:
    match = re.search(r'"id": "([0-9a-f-]{36})"', output)
    assert match, output
    return match.group(1)


def test_tools_lists_and_filters_by_role(cli: Invoke) -> None:
    everything = cli("tools")
    assert "adjust_stock" in everything.output and "get_stock" in everything.output
    for_employees = cli("tools", "--role", "employee")
    assert "get_stock" in for_employees.output
    assert "adjust_stock" not in for_employees.output
    matrix = cli("tools", "--matrix")
    assert matrix.output.startswith("| tool | kind | employee | staff |")


def test_call_a_read_tool(cli: Invoke, company: dict[str, str]) -> None:
    result = cli("call", "get_stock", "--sku", company["sku"], "--as", company["staff"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total_on_hand"] == 10
    assert data["rows"][0]["warehouse"] == "HAM"


def test_call_needs_an_identity_and_a_known_tool(cli: Invoke, company: dict[str, str]) -> None:
    anonymous = cli("call", "get_stock", "--sku", company["sku"])
    assert anonymous.exit_code == 2
    assert "say who you are" in anonymous.output
    stranger = cli("call", "get_stock", "--sku", company["sku"], "--as", "nobody@example.test")
    assert "No employee with the email" in stranger.output
    typo = cli("call", "get_stok", "--sku", company["sku"], "--as", company["staff"])
    assert typo.exit_code == 1
    assert "Did you mean: get_stock," in typo.output


def test_help_tool_lists_arguments(cli: Invoke) -> None:
    result = cli("call", "adjust_stock", "--help-tool")
    assert (
        "--warehouse" in result.output and "--change" in result.output and "needs approval" in result.output
    )


def test_propose_approve_once_and_verify_audit(cli: Invoke, company: dict[str, str]) -> None:
    proposed = _adjust(cli, company, "-3", "count difference")
    assert proposed.exit_code == 0, proposed.output
    assert "awaiting_approval" in proposed.output
    action_id = _action_id(proposed.output)
    assert action_id in cli("actions", "list", "--as", company["manager"]).output  # may decide it
    assert action_id in cli("actions", "list", "--as", company["staff"]).output  # asked for it
    assert action_id not in cli("actions", "list", "--as", "other@example.test").output  # neither
    hidden = cli("actions", "show", action_id, "--as", "other@example.test")
    assert hidden.exit_code == 1 and "neither yours nor one you may decide" in hidden.output

    by_staff = cli("actions", "approve", action_id, "--as", company["staff"], "--yes")
    assert by_staff.exit_code == 1
    assert "needs the role manager" in by_staff.output

    approved = cli("actions", "approve", action_id, "--as", company["manager"], "--yes", "--note", "ok")
    assert approved.exit_code == 0, approved.output
    assert "Executed" in approved.output
    stock = json.loads(cli("call", "get_stock", "--sku", company["sku"], "--as", company["staff"]).output)
    assert stock["total_on_hand"] == 7

    again = cli("actions", "approve", action_id, "--as", company["manager"], "--yes")
    assert again.exit_code == 1
    assert "already executed" in again.output
    shown = cli("actions", "show", action_id, "--as", company["staff"]).output
    assert json.loads(shown)["status"] == "executed"

    verified = cli("audit", "verify")
    assert verified.exit_code == 0
    assert "3 records" in verified.output
    refused = cli("audit", "export", "--as", company["manager"])
    assert refused.exit_code == 1 and "only admins" in refused.output
    exported_text = cli("audit", "export", "--as", "root@example.test").output
    exported = [json.loads(line) for line in exported_text.splitlines()]
    assert [line["event"] for line in exported] == ["action.proposed", "action.approved", "action.executed"]


def test_reject_and_withdraw_from_the_cli(cli: Invoke, company: dict[str, str]) -> None:
    first = _action_id(_adjust(cli, company, "2", "found a box").output)
    rejected = cli("actions", "reject", first, "--as", company["manager"], "--note", "recount")
    assert "Rejected" in rejected.output
    second = _action_id(_adjust(cli, company, "1", "found another").output)
    assert "Withdrawn" in cli("actions", "withdraw", second, "--as", company["staff"]).output
    assert "Expired 0" in cli("actions", "expire").output


def test_audit_verify_fails_on_tampering(
    cli: Invoke, company: dict[str, str], empty_database_url: str
) -> None:
    _adjust(cli, company, "2", "found a box")
    engine = make_engine(empty_database_url)
    with engine.begin() as connection:
        connection.execute(update(AuditRecord).values(event="action.forged"))
    engine.dispose()
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "content does not match its hash" in result.output


def test_force_init_keeps_a_non_empty_audit_log_unless_told(cli: Invoke, company: dict[str, str]) -> None:
    _adjust(cli, company, "1", "found")
    refused = cli("init", "--force")
    assert refused.exit_code == 1
    assert "audit log of 1 records" in refused.output and "--discard-audit-log" in refused.output
    assert cli("init", "--force", "--discard-audit-log").exit_code == 0
    assert "0 records" in cli("audit", "verify").output
