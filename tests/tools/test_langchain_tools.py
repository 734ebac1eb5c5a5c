"""The tools as the agent sees them: same names, schemas and refusals as everywhere else."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from assistant.db.models import Role
from tests.factories import make_product, make_stock, make_warehouse
from tests.support import MakeContext
from tools.base import Registry
from tools.langchain_tools import as_langchain_tools


def test_only_the_roles_tools_are_offered(make_ctx: MakeContext, registry: Registry) -> None:
    employee_tools = {tool.name for tool in as_langchain_tools(make_ctx(Role.EMPLOYEE), registry)}
    assert "get_stock" in employee_tools and "request_leave" in employee_tools
    assert "adjust_stock" not in employee_tools and "find_invoices" not in employee_tools
    finance_tools = {tool.name for tool in as_langchain_tools(make_ctx(Role.FINANCE), registry)}
    assert "find_invoices" in finance_tools


def test_schema_and_description_come_from_the_tool(make_ctx: MakeContext, registry: Registry) -> None:
    [stock] = [
        tool for tool in as_langchain_tools(make_ctx(Role.STAFF), registry) if tool.name == "get_stock"
    ]
    assert stock.description == registry.get("get_stock").description
    schema = stock.tool_call_schema.model_json_schema()
    assert set(schema["properties"]) == {"sku", "product", "warehouse"}
    assert schema["properties"]["warehouse"]["description"].startswith("Warehouse code")


def test_invoking_reads_and_proposes_and_refuses_in_words(
    db_session: Session, make_ctx: MakeContext, registry: Registry
) -> None:
    product = make_product(db_session, variants=1)
    make_stock(db_session, product.variants[0], make_warehouse(db_session, code="ZAG"), on_hand=7)
    tools = {tool.name: tool for tool in as_langchain_tools(make_ctx(Role.STAFF), registry)}
    sku = product.variants[0].sku

    stock = json.loads(tools["get_stock"].invoke({"sku": sku}))
    assert stock["total_on_hand"] == 7

    proposal = json.loads(
        tools["adjust_stock"].invoke({"sku": sku, "warehouse": "ZAG", "change": -2, "reason": "broken"})
    )
    assert proposal["status"] == "awaiting_approval"
    assert json.loads(tools["get_stock"].invoke({"sku": sku}))["total_on_hand"] == 7  # nothing changed yet

    refusal = tools["adjust_stock"].invoke(
        {"sku": sku, "warehouse": "ZAG", "change": -20, "reason": "broken"}
    )
    assert "would go below zero" in refusal
