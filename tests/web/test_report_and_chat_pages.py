"""Reports asked for in words and viewed with their charts; the chat page with its proposals."""

from __future__ import annotations

import base64
import re

from assistant.db.models import Role
from tests.factories import make_product, make_stock, make_warehouse
from tests.web.conftest import Web, main_text
from tests.web.support import recent_sales


def test_a_report_is_asked_for_viewed_with_its_chart_and_downloaded(web: Web) -> None:
    recent_sales(web.session)
    web.person(Role.STAFF)
    assert "No reports yet." in main_text(web.client.get("/app/reports"))
    response = web.post("/app/reports", {"request": "inventory report"}, form_page="/app/reports")
    assert response.status_code == 303, main_text(response)
    location = response.headers["location"]
    report_id = location.split("/")[3].split("?")[0]

    page = web.client.get(location)
    assert page.status_code == 200
    assert "The report is ready." in main_text(page)
    charts = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([^"]+)"', page.text)
    assert charts and all(alt for alt, _ in charts)
    assert base64.b64decode(charts[0][1]).startswith(b"\x89PNG")
    assert "<table>" in page.text and "<th>" in page.text
    assert page.text.count("<h1>") == 1

    listed = main_text(web.client.get("/app/reports"))
    assert "Inventory" in listed
    pdf = web.client.get(f"/app/reports/{report_id}/download/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = web.client.get(f"/app/reports/{report_id}/download/xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert web.client.get(f"/app/reports/{report_id}/download/md").status_code == 404
    assert web.client.get(f"/app/reports/{report_id}/download/exe").status_code == 422

    web.person(Role.STAFF)  # someone else's report is not found
    assert web.client.get(f"/app/reports/{report_id}").status_code == 404
    assert web.client.get(f"/app/reports/{report_id}/download/pdf").status_code == 404
    assert web.client.get("/app/reports/no-such-report").status_code == 404


def test_an_unclear_request_gets_the_question_back(web: Web) -> None:
    web.person(Role.STAFF)
    response = web.post("/app/reports", {"request": "sales"}, form_page="/app/reports")
    assert response.status_code == 200
    text = main_text(response)
    assert "The assistant needs to know more:" in text
    assert 'value="sales"' in response.text
    too_short = web.post("/app/reports", {"request": "x"}, form_page="/app/reports")
    assert too_short.status_code == 422


def test_reports_are_refused_to_roles_that_may_not_draft_them(web: Web) -> None:
    web.person(Role.EMPLOYEE)
    page = web.client.get("/app/reports")
    assert page.status_code == 403 and "You may not do this." in main_text(page)
    assert "employee" in main_text(page)  # the tool's own explanation
    assert web.post("/app/reports", {"request": "inventory report"}).status_code == 403


def test_the_chat_page_shows_the_conversation_and_its_proposals(web: Web) -> None:
    product = make_product(web.session, variants=1)
    product.variants[0].sku = "IT-DOCK-100"
    make_stock(web.session, product.variants[0], make_warehouse(web.session, code="WAW"), on_hand=10)
    web.person(Role.MANAGER, name="Mia Manager")
    assert "Ask a question" in main_text(web.client.get("/app/chat"))
    response = web.post(
        "/app/chat",
        {"message": "after the stocktake there are 4 more IT-DOCK-100 in WAW, correct it"},
        form_page="/app/chat",
    )
    assert response.status_code == 303
    location = response.headers["location"]
    page = web.client.get(location)
    text = main_text(page)
    assert "after the stocktake there are 4 more IT-DOCK-100" in text
    assert "Proposals in this conversation" in text and "IT-DOCK-100" in text
    assert "/approve" in page.text  # a manager may decide it here

    conversation_id = location.split("c=")[1].split("#")[0]
    follow_up = web.post(
        "/app/chat", {"message": "hello", "conversation_id": conversation_id}, form_page=location
    )
    assert follow_up.headers["location"].startswith(f"/app/chat?c={conversation_id}")
    assert main_text(web.client.get(follow_up.headers["location"])).count("hello") >= 1

    web.person(Role.STAFF)  # another person's conversation is not found
    assert web.client.get(location).status_code == 404
    refused = web.post("/app/chat", {"message": "hi", "conversation_id": conversation_id})
    assert refused.status_code == 404
    assert web.post("/app/chat", {"message": ""}).status_code == 422
