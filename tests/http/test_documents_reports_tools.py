"""Documents, reports, policy search and tools over HTTP: happy paths and the 401/403/404/413/422 answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sqlalchemy.orm import Session

from assistant.db.models import Role
from assistant.settings import Settings
from knowledge.retrieval import PolicyHit, SearchResult
from tests.documents.service_support import HOTEL_RECEIPT
from tests.http.conftest import Api, assert_problem, open_api

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService


class FakeLibrary:
    """Stands in for the policy library: one passage for any question."""

    def search(self, *, question: str, k: int = 5) -> SearchResult:
        hit = PolicyHit(
            chunk_id="travel-1",
            source="travel.md",
            title="Travel",
            section="Hotels",
            page=None,
            score=0.9,
            similarity=0.9,
            keyword_coverage=1.0,
            text="Hotels in Germany: up to 150 EUR per night.",
            language="en",
        )
        return SearchResult(question=question, hits=[hit][:k], covered=True, best_score=0.9, threshold=0.5)


def test_an_uploaded_receipt_is_classified_listed_shown_and_downloadable(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    response = api.client.post(
        "/documents", headers=staff, files={"file": ("hotel.txt", HOTEL_RECEIPT, "text/plain")}
    )
    assert response.status_code == 201, response.text
    submitted = response.json()
    document = submitted["document"]
    assert document["doc_type"] == "receipt" and document["filename"] == "hotel.txt"
    assert not submitted["duplicate"] and "receipt" in submitted["message"]
    assert not any(api.settings.effective_documents_inbox_dir.rglob("*.txt"))  # the store keeps it

    listed = api.client.get("/documents", headers=staff).json()["documents"]
    assert [item["id"] for item in listed] == [document["id"]]
    shown = api.client.get(f"/documents/{document['id']}", headers=staff).json()["document"]
    assert shown["fields"]["total"]["value"] == "95.00"
    download = api.client.get(f"/documents/{document['id']}/file", headers=staff)
    assert download.status_code == 200 and download.content == HOTEL_RECEIPT
    # an uploader's file is an attachment the browser neither sniffs nor runs
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-security-policy"] == "sandbox"
    assert "hotel.txt" in download.headers["content-disposition"]

    again = api.client.post(
        "/documents", headers=staff, files={"file": ("copy.txt", HOTEL_RECEIPT, "text/plain")}
    )
    assert again.status_code == 201 and again.json()["duplicate"]


def test_document_refusals(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, colleague = api.person(Role.EMPLOYEE)  # may not see another's receipt: it is not even found
    document_id = api.client.post(
        "/documents", headers=staff, files={"file": ("hotel.txt", HOTEL_RECEIPT, "text/plain")}
    ).json()["document"]["id"]

    assert_problem(api.client.get(f"/documents/{document_id}", headers=colleague), 404)
    assert_problem(api.client.get(f"/documents/{document_id}/file", headers=colleague), 404)
    assert api.client.get("/documents", headers=colleague).json()["documents"] == []
    assert_problem(api.client.post("/tools/list_review_queue", headers=colleague, json={}), 403)
    assert_problem(api.client.get("/documents/999999", headers=staff), 404)
    assert_problem(api.client.get("/documents/not-a-number", headers=staff), 422)
    assert_problem(api.client.post("/documents", headers=staff), 422)
    assert_problem(api.client.get("/documents?status=bogus", headers=staff), 422)
    assert_problem(api.client.get("/documents"), 401)

    api.settings.documents_max_upload_bytes = 64
    too_large = assert_problem(
        api.client.post("/documents", headers=staff, files={"file": ("big.txt", b"x" * 65, "text/plain")}),
        413,
    )
    assert too_large["code"] == "too_large"
    api.settings.documents_max_upload_bytes = 20_000_000
    odd_name = api.client.post("/documents", headers=staff, files={"file": ("..", b"odd", "text/plain")})
    assert odd_name.status_code == 201 and odd_name.json()["document"]["filename"] == "upload"
    assert not any(api.settings.effective_documents_inbox_dir.rglob("big.txt"))


def test_a_report_is_drafted_listed_and_downloaded(api: Api) -> None:
    requester, staff = api.person(Role.STAFF)
    _, colleague = api.person(Role.STAFF)
    created = api.client.post("/reports", headers=staff, json={"request": "inventory report"})
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["status"] == "drafted" and report["summary"]
    assert sorted(report["files"]) == ["inventory.pdf", "inventory.xlsx"]

    [listed] = api.client.get("/reports", headers=staff).json()
    assert listed["id"] == report["report_id"] and listed["requested_by"] == requester.email
    assert sorted(listed["formats"]) == ["pdf", "xlsx"]
    assert api.client.get(f"/reports/{report['report_id']}", headers=staff).json()["kind"] == "inventory"
    pdf = api.client.get(f"/reports/{report['report_id']}/pdf", headers=staff)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    xlsx = api.client.get(f"/reports/{report['report_id']}/xlsx", headers=staff)
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")

    assert api.client.get("/reports", headers=colleague).json() == []
    assert_problem(api.client.get(f"/reports/{report['report_id']}", headers=colleague), 404)
    assert_problem(api.client.get(f"/reports/{report['report_id']}/md", headers=staff), 404)
    assert_problem(api.client.get(f"/reports/{report['report_id']}/doc", headers=staff), 422)


def test_report_refusals_and_questions(api: Api) -> None:
    _, employee = api.person(Role.EMPLOYEE)
    _, staff = api.person(Role.STAFF)
    assert_problem(api.client.post("/reports", headers=employee, json={"request": "inventory report"}), 403)
    assert_problem(
        api.client.post("/reports", headers=staff, json={"request": "headcount and leave report"}), 403
    )
    assert_problem(api.client.post("/reports", headers=staff, json={"request": "x"}), 422)
    assert_problem(
        api.client.post("/reports", headers=staff, json={"request": "sales", "formats": ["doc"]}), 422
    )
    assert_problem(api.client.post("/reports", json={"request": "inventory report"}), 401)
    question = api.client.post("/reports", headers=staff, json={"request": "sales"})
    assert question.status_code == 200 and question.json()["status"] == "needs_clarification"


def test_tools_are_listed_by_role_and_read_tools_called(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, employee = api.person(Role.EMPLOYEE)
    tools = {tool["name"]: tool for tool in api.client.get("/tools", headers=staff).json()}
    assert tools["find_products"]["kind"] == "read" and "properties" in tools["find_products"]["arguments"]
    called = api.client.post("/tools/list_documents", headers=staff, json={"limit": 5})
    assert called.status_code == 200 and called.json()["documents"] == []

    assert_problem(api.client.post("/tools/list_review_queue", headers=employee, json={}), 403)
    assert_problem(api.client.post("/tools/no_such_tool", headers=staff, json={}), 404)
    assert_problem(api.client.post("/tools/list_documents", headers=staff, json={"limit": 0}), 422)
    assert_problem(api.client.post("/tools/list_documents", headers=staff, json=[1]), 422)
    write = assert_problem(api.client.post("/tools/adjust_stock", headers=staff, json={}), 409)
    assert write["code"] == "write_tool"
    assert_problem(api.client.post("/tools/list_documents", json={}), 401)


def test_policy_search_returns_passages(db_session: Session, settings: Settings) -> None:
    library = cast("KnowledgeService", FakeLibrary())
    for api in open_api(db_session, settings, knowledge=library):
        _, staff = api.person(Role.EMPLOYEE)
        response = api.client.get("/policies/search", headers=staff, params={"q": "hotel limit in Germany"})
        assert response.status_code == 200, response.text
        [passage] = response.json()["passages"]
        assert passage["source"] == "travel.md" and passage["number"] == 1
        assert_problem(api.client.get("/policies/search", headers=staff, params={"q": "x"}), 422)
        assert_problem(api.client.get("/policies/search", params={"q": "hotel"}), 401)


def test_policy_search_without_a_library_says_so(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    refused = assert_problem(api.client.get("/policies/search", headers=staff, params={"q": "hotel"}), 409)
    assert "not set up" in refused["detail"]


def test_a_correction_is_proposed_then_approved_by_a_reviewer(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, employee = api.person(Role.EMPLOYEE)
    _, finance = api.person(Role.FINANCE)
    document_id = api.client.post(
        "/documents", headers=staff, files={"file": ("hotel.txt", HOTEL_RECEIPT, "text/plain")}
    ).json()["document"]["id"]

    proposed = api.client.post(
        f"/documents/{document_id}/correct",
        headers=staff,
        json={"fields": [{"name": "total", "value": "96.00"}], "note": "the receipt says 96"},
    )
    assert proposed.status_code == 202, proposed.text
    action = proposed.json()["action"]
    assert action["tool_name"] == "correct_document" and action["status"] == "pending"
    assert action["preview"]["fields"] == ["total: '95.00' -> '96.00'"]
    unchanged = api.client.get(f"/documents/{document_id}", headers=staff).json()["document"]
    assert unchanged["fields"]["total"]["value"] == "95.00"  # nothing changes before the decision

    decided = api.client.post(f"/actions/{action['id']}/approve", headers=finance)
    assert decided.status_code == 200 and decided.json()["status"] == "executed", decided.text
    corrected = api.client.get(f"/documents/{document_id}", headers=staff).json()["document"]
    assert corrected["fields"]["total"]["value"] == "96.00" and corrected["review_status"] == "corrected"

    assert_problem(api.client.post(f"/documents/{document_id}/correct", headers=employee, json={}), 403)
    assert_problem(api.client.post("/documents/999999/correct", headers=staff, json={}), 404)
    assert_problem(
        api.client.post(f"/documents/{document_id}/correct", headers=staff, json={"doc_type": "memo"}), 422
    )
    twice = {"fields": [{"name": "total", "value": "1"}, {"name": "total", "value": "2"}]}
    assert_problem(api.client.post(f"/documents/{document_id}/correct", headers=staff, json=twice), 422)
    assert_problem(api.client.post("/documents/0/correct", headers=staff, json={}), 422)
    assert_problem(api.client.post(f"/documents/{document_id}/correct", json={}), 401)


def test_a_report_is_drafted_from_a_spec(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    spec = {"kind": "inventory", "as_of": "2026-11-24", "dead_after_days": 120, "top": 5}
    created = api.client.post("/reports/spec", headers=staff, json={"spec": spec, "formats": ["xlsx", "md"]})
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["status"] == "drafted" and report["title"].startswith("Inventory")
    assert {"inventory.xlsx", "inventory.md"} <= set(report["files"])
    assert "Spec given by the caller through the API." in report["notes"]
    stored = api.client.get(f"/reports/{report['report_id']}", headers=staff).json()
    assert stored["kind"] == "inventory" and sorted(stored["formats"]) == ["md", "xlsx"]
    xlsx = api.client.get(f"/reports/{report['report_id']}/xlsx", headers=staff)
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")

    sales = {
        "kind": "sales",
        "period": {"start": "2026-07-01", "end": "2026-09-30", "label": "Q3 2026"},
        "group_by": "category",
    }
    assert (
        api.client.post("/reports/spec", headers=staff, json={"spec": sales, "formats": ["md"]}).status_code
        == 201
    )


def test_report_spec_refusals(api: Api) -> None:
    _, staff = api.person(Role.STAFF)
    _, employee = api.person(Role.EMPLOYEE)
    inventory = {"spec": {"kind": "inventory", "as_of": "2026-11-24"}, "formats": ["md"]}
    assert_problem(api.client.post("/reports/spec", headers=employee, json=inventory), 403)
    hr = {"spec": {"kind": "hr", "year": 2026, "as_of": "2026-11-24"}, "formats": ["md"]}
    assert (
        "hr report" in assert_problem(api.client.post("/reports/spec", headers=staff, json=hr), 403)["detail"]
    )
    backwards = {"kind": "sales", "period": {"start": "2026-09-30", "end": "2026-07-01"}}
    assert_problem(api.client.post("/reports/spec", headers=staff, json={"spec": backwards}), 422)
    assert_problem(api.client.post("/reports/spec", headers=staff, json={"spec": {"kind": "weather"}}), 422)
    far = {"spec": {"kind": "receivables", "as_of": "9999-12-31"}}
    assert (
        "between" in assert_problem(api.client.post("/reports/spec", headers=staff, json=far), 422)["detail"]
    )
    extra = {"spec": {"kind": "inventory", "as_of": "2026-11-24", "colour": "red"}}
    assert_problem(api.client.post("/reports/spec", headers=staff, json=extra), 422)
    assert_problem(api.client.post("/reports/spec", json=inventory), 401)
    assert_problem(api.client.get(f"/reports/{'x' * 33}", headers=staff), 422)


def test_an_oversize_body_is_refused_as_it_arrives_and_a_malformed_one_is_a_problem(
    db_session: Session, settings: Settings
) -> None:
    small = settings.model_copy(update={"documents_max_upload_bytes": 1000})
    for api in open_api(db_session, small):
        _, staff = api.person(Role.STAFF)
        huge = b"x" * (2 << 20)  # past the limit plus the allowance for multipart overhead
        refused = api.client.post(
            "/documents", headers=staff, files={"file": ("big.txt", huge, "text/plain")}
        )
        assert_problem(refused, 413)
        assert_problem(api.client.post("/chat", headers=staff, content=b'{"message": "' + huge + b'"}'), 413)
        chunked = (b"x" * (1 << 19) for _ in range(4))  # no Content-Length: counted as it arrives
        streamed = assert_problem(api.client.post("/chat", headers=staff, content=chunked), 413)
        assert streamed["code"] == "too_large"
        assert not any(small.effective_documents_inbox_dir.rglob("big.txt"))

        broken = {**staff, "Content-Type": "multipart/form-data; boundary=xyz"}
        assert_problem(api.client.post("/documents", headers=broken, content=b"--xyz\r\nnot a part"), 400)
        not_a_file = api.client.post("/documents", headers=staff, data={"file": "just text"})
        assert_problem(not_a_file, 422)
        no_boundary = {**staff, "Content-Type": "multipart/form-data"}
        assert api.client.post("/documents", headers=no_boundary, content=b"abc").status_code in (400, 422)
        not_utf8 = {**staff, "Content-Type": "application/json"}
        assert_problem(api.client.post("/chat", headers=not_utf8, content=b'{"message": "\xff\xfe"}'), 400)
