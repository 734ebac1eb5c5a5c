"""The offline chat model inside minimal conversations: tool calls, replies, questions, refusals."""

from __future__ import annotations

import json
from datetime import date

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from sqlalchemy.orm import Session

from assistant.db.models import Role
from assistant.offline.model import PENDING_KEY, OfflineChatModel
from tests.factories import make_product, make_stock, make_warehouse
from tests.support import MakeContext
from tools.base import Registry
from tools.langchain_tools import as_langchain_tools

TODAY = date(2026, 11, 24)
SYSTEM = SystemMessage(content="You are the back-office assistant.")
READ_AND_WRITE = ["get_order", "find_orders", "get_stock", "cancel_order", "request_leave"]


def model(tools: list[str] = READ_AND_WRITE, locale: str = "en") -> OfflineChatModel:
    offered = [
        {"type": "function", "function": {"name": name, "parameters": {"type": "object"}}} for name in tools
    ]
    bound = OfflineChatModel(locale=locale, clock=lambda: TODAY).bind_tools(offered)
    assert isinstance(bound, OfflineChatModel)
    return bound


def reply(chat: OfflineChatModel, messages: list[BaseMessage]) -> AIMessage:
    message = chat.invoke(messages)
    assert isinstance(message, AIMessage)
    return message


def test_a_question_becomes_one_tool_call_and_the_result_a_reply_in_the_users_language() -> None:
    chat = model()
    messages: list[BaseMessage] = [SYSTEM, HumanMessage(content="Gdzie jest zamówienie SO-100042?")]
    first = reply(chat, messages)
    assert len(first.tool_calls) == 1
    call = first.tool_calls[0]
    assert (call["name"], call["args"]) == ("get_order", {"number": "SO-100042"})
    assert call["id"] == reply(chat, messages).tool_calls[0]["id"]  # deterministic

    result = {
        "number": "SO-100042",
        "status": "shipped",
        "placed_at": "2026-11-20T10:00:00Z",
        "customer_code": "C1",
        "customer_name": "Anna Nowak",
        "total": "120.00",
        "currency": "EUR",
        "items": 2,
        "ship_to": {},
        "lines": [],
        "fulfillments": [{"tracking_numbers": ["TRK123"], "skus": []}],
        "payments": [],
    }
    tool_message = ToolMessage(content=json.dumps(result), tool_call_id=call["id"])
    answer = reply(chat, [*messages, first, tool_message])
    assert not answer.tool_calls
    assert "Zamówienie SO-100042" in answer.text and "TRK123" in answer.text


def test_a_missing_argument_is_asked_for_and_completed_from_the_next_message() -> None:
    chat = model()
    messages: list[BaseMessage] = [SYSTEM, HumanMessage(content="Bitte storniere die Bestellung SO-100042")]
    question = reply(chat, messages)
    assert not question.tool_calls
    assert "storniert" in question.text
    assert question.additional_kwargs[PENDING_KEY]["intent"] == "cancel_order"

    answer = reply(chat, [*messages, question, HumanMessage(content="versehentlich bestellt")])
    assert answer.tool_calls[0]["name"] == "cancel_order"
    assert answer.tool_calls[0]["args"] == {"order": "SO-100042", "reason": "ordered by mistake"}


def test_relative_dates_reach_the_leave_request() -> None:
    call = reply(model(), [SYSTEM, HumanMessage(content="내일 휴가 신청할게")]).tool_calls[0]
    assert call["name"] == "request_leave"
    assert call["args"] == {"start_date": "2026-11-25", "end_date": "2026-11-25"}


def test_a_tool_that_was_not_offered_is_never_called() -> None:
    answer = reply(
        model(tools=["get_order"]), [SYSTEM, HumanMessage(content="cancel SO-100042, ordered by mistake")]
    )
    assert not answer.tool_calls
    assert "role cannot" in answer.text


def test_unsupported_requests_say_how_to_enable_an_llm() -> None:
    answer = reply(model(locale="hr"), [SYSTEM, HumanMessage(content="napiši mi pjesmu o jeseni i kiši")])
    assert not answer.tool_calls
    assert "BACKOFFICE_MODEL_PROVIDER=openai" in answer.text
    assert "Nažalost" in answer.text


def test_refusals_from_tools_are_passed_on_in_plain_words() -> None:
    chat = model()
    messages: list[BaseMessage] = [SYSTEM, HumanMessage(content="where is SO-999999?")]
    call = reply(chat, messages)
    refusal = ToolMessage(content="No order found for 'SO-999999'.", tool_call_id=call.tool_calls[0]["id"])
    assert "No order found" in reply(chat, [*messages, call, refusal]).text


def test_with_real_tools_and_the_database(
    db_session: Session, make_ctx: MakeContext, registry: Registry
) -> None:
    product = make_product(db_session, variants=1)
    sku = product.variants[0].sku
    make_stock(db_session, product.variants[0], make_warehouse(db_session, code="ZAG"), on_hand=7)
    tools = {tool.name: tool for tool in as_langchain_tools(make_ctx(Role.STAFF), registry)}
    chat = OfflineChatModel(session_provider=lambda: db_session, locale="hr", clock=lambda: TODAY).bind_tools(
        list(tools.values())
    )
    messages: list[BaseMessage] = [SYSTEM, HumanMessage(content=f"Koliko imamo {sku} na zalihi u Zagrebu?")]
    first = chat.invoke(messages)
    assert isinstance(first, AIMessage)
    call = first.tool_calls[0]
    assert (call["name"], call["args"]) == ("get_stock", {"sku": sku, "warehouse": "ZAG"})
    result = tools["get_stock"].invoke(call["args"])
    answer = chat.invoke([*messages, first, ToolMessage(content=str(result), tool_call_id=call["id"])])
    assert "Zaliha: 7 na stanju" in answer.text


def test_greeting_help_and_empty_messages_get_a_text_reply() -> None:
    chat = model(locale="de")
    assert "Hallo" in reply(chat, [SYSTEM, HumanMessage(content="Hallo!")]).text
    assert "Ich kann" in reply(chat, [SYSTEM, HumanMessage(content="Was kannst du alles?")]).text
    assert "Ich kann" in reply(chat, [SYSTEM, HumanMessage(content="   ")]).text


def test_a_proposal_says_it_is_not_done_and_who_decides() -> None:
    chat = model()
    messages: list[BaseMessage] = [SYSTEM, HumanMessage(content="SO-100042 주문 취소해줘, 실수로 주문했어")]
    call = reply(chat, messages).tool_calls[0]
    assert call["args"] == {"order": "SO-100042", "reason": "ordered by mistake"}
    proposal = {
        "status": "awaiting_approval",
        "action": {"id": "act-1", "summary": "Cancel SO-100042", "required_roles": ["manager"]},
        "message": "Proposed, not done.",
    }
    tool_message = ToolMessage(content=json.dumps(proposal), tool_call_id=call["id"])
    text = reply(chat, [*messages, AIMessage(content="", tool_calls=[call]), tool_message]).text
    assert "제안됨" in text and "manager" in text and "act-1" in text


def test_a_new_request_instead_of_an_answer_is_handled_as_such() -> None:
    chat = model()
    messages: list[BaseMessage] = [SYSTEM, HumanMessage(content="anuluj zamówienie SO-100042")]
    question = reply(chat, messages)
    assert PENDING_KEY in question.additional_kwargs
    answer = reply(chat, [*messages, question, HumanMessage(content="a gdzie jest SO-100077?")])
    assert answer.tool_calls[0]["name"] == "get_order"
    assert answer.tool_calls[0]["args"] == {"number": "SO-100077"}


def test_leave_balances_name_the_leave_type_in_the_users_language() -> None:
    import json

    from assistant.offline.templates import render_result

    result = json.dumps(
        {"balances": [{"leave_type": "annual", "year": 2026, "remaining_days": "22.0", "pending_days": "0"}]}
    )
    assert render_result("get_my_leave", result, "hr").startswith("Godišnji odmor 2026: preostalo 22.0 dana")
    assert render_result("get_my_leave", result, "ko").startswith("2026년 연차 휴가")
    assert render_result("get_my_leave", result, "en").startswith("Annual leave 2026: 22.0 day(s) left")


def test_report_and_sql_replies() -> None:
    from assistant.offline.templates import render_result

    question = json.dumps({"status": "needs_clarification", "question": "Welcher Zeitraum?", "files": []})
    assert render_result("draft_report", question, "de") == "Welcher Zeitraum?"
    drafted = json.dumps({"status": "drafted", "summary": "Umsatz +4 %.", "files": ["/x/r.pdf", "/x/r.xlsx"]})
    assert render_result("draft_report", drafted, "hr") == "Umsatz +4 %.\nDatoteke:\n- /x/r.pdf\n- /x/r.xlsx"
    rows = json.dumps(
        {"sql": "SELECT sku FROM v_stock LIMIT 100", "columns": ["sku"], "rows": [["A-1"]], "truncated": True}
    )
    reply = render_result("run_analytics_sql", rows, "en")
    assert "SELECT sku FROM v_stock LIMIT 100" in reply and "| A-1 |" in reply and "row limit" in reply
    assert "SQL refused: DELETE" in render_result("run_analytics_sql", "SQL refused: DELETE", "en")
