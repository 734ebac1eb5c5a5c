"""Every role x every tool: who may use what, stated here independently of the tools' own declarations."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.db.models import Role
from assistant.permissions import tool_matrix_markdown
from tests.support import MakeContext
from tools.base import InvalidArgumentsError, PermissionDeniedError, Registry, ToolError
from tools.invoke import call_tool
from tools.registry import default_registry

EVERYONE = set(Role)
BACK_OFFICE = {Role.STAFF, Role.MANAGER, Role.FINANCE, Role.ADMIN}
FINANCE = {Role.FINANCE, Role.MANAGER, Role.ADMIN}
OPERATIONS = {Role.STAFF, Role.MANAGER, Role.ADMIN}

EXPECTED: dict[str, set[Role]] = {
    # documents: anyone may submit and read their own uploads; reviewing and filing are back-office work
    "submit_document": EVERYONE,
    "get_document": EVERYONE,
    "list_documents": EVERYONE,
    "file_document": EVERYONE,
    "list_review_queue": BACK_OFFICE,
    "correct_document": BACK_OFFICE,
    # everyone may look up orders and stock, find colleagues and handle their own leave
    "find_orders": EVERYONE,
    "get_order": EVERYONE,
    "find_products": EVERYONE,
    "get_stock": EVERYONE,
    "find_customers": EVERYONE,
    "find_employees": EVERYONE,
    "get_my_leave": EVERYONE,
    "request_leave": EVERYONE,
    "search_policies": EVERYONE,  # the company's policies are for everyone who works there
    # back-office reading
    "get_customer_account": BACK_OFFICE,
    "find_purchase_orders": BACK_OFFICE,
    "find_suppliers": BACK_OFFICE,
    "reorder_suggestions": BACK_OFFICE,
    "draft_report": BACK_OFFICE,  # which report kinds each role gets: assistant/reports/access.py
    # invoices and payments: finance, managers, admins
    "find_invoices": FINANCE,
    "list_payments": FINANCE,
    "run_analytics_sql": FINANCE,
    # changes to orders, customers, stock and purchasing: operations staff and above
    "create_sales_order": OPERATIONS,
    "cancel_order": OPERATIONS,
    "modify_order_items": OPERATIONS,
    "modify_order_address": OPERATIONS,
    "modify_order_payment": OPERATIONS,
    "return_order_items": OPERATIONS,
    "exchange_order_items": OPERATIONS,
    "update_customer_address": OPERATIONS,
    "adjust_stock": OPERATIONS,
    "create_purchase_order": OPERATIONS,
}

CASES = [(name, role) for name in EXPECTED for role in Role]


def test_the_registry_offers_exactly_the_expected_tools() -> None:
    assert {tool.name for tool in default_registry()} == set(EXPECTED)


@pytest.mark.parametrize(("tool_name", "role"), CASES, ids=[f"{name}-{role.value}" for name, role in CASES])
def test_role_may_or_may_not_call_tool(
    make_ctx: MakeContext, registry: Registry, tool_name: str, role: Role
) -> None:
    ctx = make_ctx(role)
    allowed = role in EXPECTED[tool_name]
    try:
        call_tool(ctx, registry, tool_name, {"__probe__": True})
    except PermissionDeniedError as error:
        assert not allowed, f"{role.value} should be allowed to use {tool_name}: {error}"
        assert role.value in error.message and tool_name in error.message
    except InvalidArgumentsError:
        assert allowed, f"{role.value} got past the access check of {tool_name}"
    except ToolError as error:  # pragma: no cover - the probe argument must fail validation first
        pytest.fail(f"unexpected {type(error).__name__}: {error}")
    else:
        pytest.fail("the probe argument should have been rejected")


def test_every_argument_is_described_for_the_model() -> None:
    for tool in default_registry():
        assert tool.description.strip(), tool.name
        assert tool.summary and "\n" not in tool.summary, tool.name
        for field_name, field in tool.args_model.model_fields.items():
            assert field.description, f"{tool.name}.{field_name} has no description"


def test_permissions_doc_shows_the_current_matrix() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "PERMISSIONS.md").read_text(encoding="utf-8")
    assert tool_matrix_markdown(default_registry()) in doc, "regenerate: backoffice tools --matrix"
