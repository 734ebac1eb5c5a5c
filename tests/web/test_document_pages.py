"""The document inbox: upload and see the type, fields and confidence; oversize and malformed uploads; a
correction proposed through the correct_document tool."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from assistant.db.models import Document, PendingAction, Role
from tests.documents.service_support import HOTEL_RECEIPT
from tests.web.conftest import Web, main_text


def _documents(web: Web) -> int:
    return web.session.scalar(select(func.count()).select_from(Document)) or 0


def _upload(web: Web, name: str, content: bytes) -> object:
    return web.post(
        "/app/documents", files={"file": (name, content, "text/plain")}, form_page="/app/documents"
    )


def test_an_uploaded_receipt_shows_its_type_fields_and_confidence(web: Web) -> None:
    web.person(Role.STAFF)
    form = web.client.get("/app/documents")
    assert "up to 20 MB" in main_text(form) and 'enctype="multipart/form-data"' in form.text
    response = web.post(
        "/app/documents",
        files={"file": ("hotel.txt", HOTEL_RECEIPT, "text/plain")},
        form_page="/app/documents",
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("?notice=uploaded")
    page = web.client.get(response.headers["location"])
    text = main_text(page)
    assert "hotel.txt" in text and "Receipt" in text and "Uploaded and read." in text
    assert "95.00" in text and "%" in text
    document_id = int(response.headers["location"].split("/")[3].split("?")[0])
    listed = main_text(web.client.get("/app/documents"))
    assert f"#{document_id} hotel.txt" in listed and "Receipt" in listed
    download = web.client.get(f"/app/documents/{document_id}/file")
    assert download.status_code == 200 and download.content == HOTEL_RECEIPT
    # an uploader's file is an attachment the browser neither sniffs nor runs
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-security-policy"] == "sandbox"
    assert not any(web.settings.effective_documents_inbox_dir.rglob("*.txt"))

    again = web.post(
        "/app/documents",
        files={"file": ("copy.txt", HOTEL_RECEIPT, "text/plain")},
        form_page="/app/documents",
    )
    assert again.headers["location"] == f"/app/documents/{document_id}?notice=duplicate"


def test_an_oversize_upload_is_refused_and_nothing_is_stored(web: Web) -> None:
    web.person(Role.STAFF)
    web.settings.documents_max_upload_bytes = 64
    before = _documents(web)
    response = web.post(
        "/app/documents", files={"file": ("big.txt", b"x" * 65, "text/plain")}, form_page="/app/documents"
    )
    assert response.status_code == 413
    assert "larger than the 64 bytes allowed; nothing was stored" in main_text(response)
    assert 'role="alert"' in response.text
    assert _documents(web) == before
    assert not any(web.settings.effective_documents_inbox_dir.rglob("*"))
    assert not web.settings.effective_documents_dir.exists() or not any(
        path.is_file() for path in web.settings.effective_documents_dir.rglob("*")
    )


def test_malformed_uploads_get_a_clear_page(web: Web) -> None:
    web.person(Role.STAFF)
    before = _documents(web)
    no_file = web.post("/app/documents", form_page="/app/documents")
    assert no_file.status_code == 422 and "Choose a file to upload." in main_text(no_file)
    empty_name = web.post(
        "/app/documents", files={"file": ("", b"", "application/octet-stream")}, form_page="/app/documents"
    )
    assert empty_name.status_code == 422
    no_boundary = web.client.post(
        "/app/documents", content=b"abc", headers={"content-type": "multipart/form-data"}
    )
    assert no_boundary.status_code == 400 and no_boundary.headers["content-type"].startswith("text/html")
    assert "boundary" in main_text(no_boundary)
    assert _documents(web) == before


def _upload_receipt(web: Web) -> int:
    """The hotel receipt uploaded through the form; the number of the document page it leads to."""
    location = web.post(
        "/app/documents",
        files={"file": ("hotel.txt", HOTEL_RECEIPT, "text/plain")},
        form_page="/app/documents",
    ).headers["location"]
    return int(location.split("/")[3].split("?")[0])


def test_unknown_or_foreign_documents_are_not_found(web: Web) -> None:
    web.person(Role.STAFF)
    document_id = _upload_receipt(web)
    missing = web.client.get("/app/documents/999999")
    assert missing.status_code == 404 and "Not found." in main_text(missing)
    assert web.client.get("/app/documents/not-a-number").status_code == 422
    web.person(Role.EMPLOYEE)  # may not see another's receipt: it is not even found
    assert web.client.get(f"/app/documents/{document_id}").status_code == 404
    assert web.client.get(f"/app/documents/{document_id}/file").status_code == 404


def test_a_correction_is_proposed_with_only_what_changed(web: Web) -> None:
    web.person(Role.FINANCE)
    document_id = _upload_receipt(web)
    page = web.client.get(f"/app/documents/{document_id}")
    assert 'for="doc_type"' in page.text and "Propose the correction" in page.text
    # What the browser sends: the form as rendered, with only the total changed.
    names = [
        html.unescape(name)
        for name in re.findall(r'<input type="hidden" name="name" value="([^"]*)">', page.text)
    ]
    shown = [html.unescape(value) for value in re.findall(r'name="value" value="([^"]*)"', page.text)]
    assert "total" in names and len(names) == len(shown)
    form_values = ["101.50" if name == "total" else value for name, value in zip(names, shown, strict=True)]
    response = web.post(
        f"/app/documents/{document_id}/correct",
        {"doc_type": "receipt", "name": names, "value": form_values, "note": "the total was misread"},
        form_page=f"/app/documents/{document_id}",
    )
    assert response.status_code == 303, main_text(response)
    action_id = response.headers["location"].split("/")[3].split("?")[0]
    action = web.session.get_one(PendingAction, action_id)
    assert action.tool_name == "correct_document"
    assert action.arguments["fields"] == [{"name": "total", "value": "101.50"}]
    assert "Proposed; it waits for a decision." in main_text(web.client.get(response.headers["location"]))
