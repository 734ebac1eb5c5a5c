"""Fault: the disk holding the documents is full (simulated: the store's write fails with ENOSPC).

The upload is refused with a clear message, nothing half-stored is left (no record without its file, no partial
file), and once space is freed the same upload succeeds, once: the store is content-addressed.
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from adapters.http.app import create_app
from assistant.api_tokens import create_token
from assistant.db.models import AuditRecord, Document, Role
from assistant.documents import service, storage
from assistant.documents.storage import StorageFullError
from assistant.settings import Settings
from tests.documents.service_support import invoice_text, quick_pipeline
from tests.factories import make_employee
from tests.support import NOW
from tools.base import CurrentUser

INVOICE = invoice_text().encode()


def _full_after_half(handle: int, data: bytes) -> None:
    """What a full disk does: part of the bytes reach the file, then the write fails."""
    with os.fdopen(handle, "wb") as stream:
        stream.write(data[: len(data) // 2])
        stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _full_at_sync(handle: int, data: bytes) -> None:
    """Delayed allocation: every write "succeeds", the space runs out when the file is synced."""
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _stored_files(settings: Settings) -> list[Path]:
    root = settings.effective_documents_dir
    inbox = settings.effective_documents_inbox_dir
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_relative_to(inbox))


def _documents(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def _submitted_events(session: Session) -> int:
    query = select(func.count()).select_from(AuditRecord).where(AuditRecord.event == "document.submitted")
    return session.scalar(query) or 0


@pytest.mark.parametrize("fault", [_full_after_half, _full_at_sync], ids=["write", "fsync"])
def test_a_full_disk_refuses_the_upload_and_keeps_nothing_half_stored(
    fault: Callable[[int, bytes], None],
    db_session: Session,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    uploader = CurrentUser.of(make_employee(db_session, role=Role.STAFF))
    before = _documents(db_session)

    def submit() -> service.Submission:
        with db_session.begin_nested():  # the caller's unit of work: rolled back when submit raises
            return service.submit(
                db_session,
                settings=settings,
                pipeline=quick_pipeline(),
                data=INVOICE,
                filename="invoice.txt",
                uploader=uploader,
                now=NOW,
            )

    monkeypatch.setattr(storage, "_write_file", fault)
    with pytest.raises(StorageFullError, match="no space left"):
        submit()
    assert _documents(db_session) == before, "a record without its file"
    assert _stored_files(settings) == [], "a partial file was left behind"

    monkeypatch.undo()  # space freed
    first = submit()
    again = submit()
    assert not first.duplicate and again.duplicate and again.document.id == first.document.id
    assert _documents(db_session) == before + 1
    [stored] = _stored_files(settings)
    assert stored.read_bytes() == INVOICE and stored.name == first.document.sha256
    assert _submitted_events(db_session) == 1


@pytest.fixture
def client(db_session: Session, settings: Settings) -> Iterator[TestClient]:
    """The HTTP app over the test's transaction (each request's unit of work is a savepoint in it)."""
    sessions = sessionmaker(
        bind=db_session.get_bind(), join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    app = create_app(
        settings,
        sessions=sessions,
        checkpointer=InMemorySaver(),
        pipeline=quick_pipeline(),
        open_policy_library=False,
    )
    with TestClient(app) as client:
        yield client


def test_an_upload_over_http_to_a_full_disk_is_a_clear_problem_then_succeeds_once(
    client: TestClient, db_session: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    employee = make_employee(db_session, role=Role.STAFF)
    headers = {"Authorization": f"Bearer {create_token(db_session, email=employee.email, now=NOW).token}"}
    before = _documents(db_session)

    def upload() -> Any:
        return client.post(
            "/documents", headers=headers, files={"file": ("invoice.txt", INVOICE, "text/plain")}
        )

    monkeypatch.setattr(storage, "_write_file", _full_after_half)
    refused = upload()
    assert refused.status_code == 507, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["code"] == "storage_full" and "no space left" in problem["detail"]
    assert _documents(db_session) == before
    assert _stored_files(settings) == []
    inbox = settings.effective_documents_inbox_dir
    assert not inbox.exists() or not any(inbox.rglob("*")), "the inbox copy was left behind"

    monkeypatch.undo()
    stored = upload()
    assert stored.status_code == 201, stored.text
    repeated = upload()
    assert repeated.status_code == 201 and repeated.json()["duplicate"] is True
    assert repeated.json()["document"]["id"] == stored.json()["document"]["id"]
    assert _documents(db_session) == before + 1
    assert len(_stored_files(settings)) == 1


def test_an_inbox_with_no_space_left_refuses_the_upload_with_507_and_keeps_nothing(
    client: TestClient, db_session: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload is written to the inbox before it is analysed: a full disk fails there first."""
    employee = make_employee(db_session, role=Role.STAFF)
    headers = {"Authorization": f"Bearer {create_token(db_session, email=employee.email, now=NOW).token}"}
    before = _documents(db_session)
    inbox = settings.effective_documents_inbox_dir
    real_open = Path.open

    class FullDisk(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def open_on_a_full_disk(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and path.is_relative_to(inbox):
            return FullDisk()
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_on_a_full_disk)
    refused = client.post(
        "/documents", headers=headers, files={"file": ("invoice.txt", INVOICE, "text/plain")}
    )

    assert refused.status_code == 507, refused.text
    assert refused.json()["code"] == "storage_full"
    assert _documents(db_session) == before
    assert not [item for item in inbox.rglob("*") if item.is_file()] if inbox.exists() else True
