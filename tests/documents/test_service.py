"""Intake: content-addressed storage, duplicates, bad input kept as failed, the review queue, who sees what."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db.models import AuditRecord, Document, DocumentStatus, DocumentType, ReviewStatus, Role
from assistant.documents import service
from assistant.documents.storage import sha256_of
from assistant.settings import Settings
from tests.documents.service_support import invoice_text, quick_pipeline, scripted, submit_text
from tests.support import NOW, MakeContext
from tools.base import CurrentUser, NotFoundError


def _pdf(*, pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _events(session: Session, event: str) -> list[AuditRecord]:
    return list(session.scalars(select(AuditRecord).where(AuditRecord.event == event)))


def test_a_file_is_stored_by_its_hash_classified_and_audited(
    make_ctx: MakeContext, settings: Settings
) -> None:
    ctx = make_ctx(Role.FINANCE)
    text = invoice_text()
    submission = submit_text(ctx, text, "kovac-invoice.txt")

    document = submission.document
    assert not submission.duplicate
    assert document.status is DocumentStatus.CLASSIFIED
    assert document.doc_type is DocumentType.INVOICE
    assert document.confidence is not None and document.confidence >= settings.documents_review_threshold
    assert document.extracted_fields["number"]["value"] == "INV-2026-0042"
    assert document.review_status is ReviewStatus.NOT_NEEDED
    assert document.uploaded_by_id == ctx.user.id
    assert document.text and "INV-2026-0042" in document.text

    digest = sha256_of(text.encode())
    stored = settings.effective_documents_dir / digest[:2] / digest
    assert document.sha256 == digest and document.storage_path == f"{digest[:2]}/{digest}"
    assert stored.read_bytes() == text.encode()
    assert "classified as invoice" in submission.message
    [record] = _events(ctx.session, "document.submitted")
    assert record.subject_id == str(document.id) and record.payload["doc_type"] == "invoice"


def test_the_same_file_twice_is_recognised_and_stored_once(make_ctx: MakeContext, settings: Settings) -> None:
    ctx = make_ctx(Role.FINANCE)
    first = submit_text(ctx, invoice_text(), "invoice.txt")
    again = submit_text(ctx, invoice_text(), "invoice-copy.txt")

    assert again.duplicate and again.document.id == first.document.id
    assert again.document.times_submitted == 2
    assert "already received" in again.message and f"#{first.document.id}" in again.message
    assert ctx.session.scalar(select(func.count(Document.id))) == 1
    assert len(list(settings.effective_documents_dir.rglob("*"))) == 2  # one folder, one file
    assert len(_events(ctx.session, "document.resubmitted")) == 1


def test_a_duplicate_from_someone_who_may_not_see_the_original_reveals_nothing(make_ctx: MakeContext) -> None:
    finance = make_ctx(Role.FINANCE)
    original = submit_text(finance, invoice_text())
    employee = make_ctx(Role.EMPLOYEE)
    again = submit_text(employee, invoice_text())
    assert again.duplicate
    assert "invoice" not in again.message.lower().replace("invoice.txt", "")
    assert original.document.filename not in again.message


BAD_FILES = {
    "empty.pdf": (b"", "empty"),
    "corrupt.pdf": (b"%PDF-1.7\n1 0 obj <<garbage", "damaged"),
    "protected.pdf": (_pdf(password="secret"), "password"),
    "no-pages.pdf": (_pdf(pages=0), "no pages"),
    "setup.exe": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary\x00\x00", "unsupported"),
    "letter.docx": (b"INVOICE number 1, total 5.00", "not a DOCX"),
}


@pytest.mark.parametrize("filename", sorted(BAD_FILES))
def test_bad_input_is_kept_as_failed_with_the_reason(
    make_ctx: MakeContext, settings: Settings, filename: str
) -> None:
    data, reason = BAD_FILES[filename]
    ctx = make_ctx(Role.STAFF)
    submission = service.submit(
        ctx.session,
        settings=settings,
        pipeline=quick_pipeline(),
        data=data,
        filename=filename,
        uploader=ctx.user,
        now=NOW,
    )
    document = submission.document
    assert document.status is DocumentStatus.FAILED
    assert document.failure_reason and reason in document.failure_reason
    assert document.review_status is ReviewStatus.NOT_NEEDED and document.doc_type is None
    assert (settings.effective_documents_dir / document.storage_path).read_bytes() == data  # nothing lost
    assert "could not be read" in submission.message and reason in submission.message
    assert service.list_documents(ctx.session, user=ctx.user, status=DocumentStatus.FAILED) == [document]


def test_an_oversize_file_is_stored_but_never_opened(make_ctx: MakeContext, settings: Settings) -> None:
    small_limit = settings.model_copy(update={"documents_max_upload_bytes": 100})
    ctx = make_ctx(Role.STAFF)
    pipeline = scripted()
    data = invoice_text().encode()
    submission = service.submit(
        ctx.session,
        settings=small_limit,
        pipeline=pipeline,
        data=data,
        filename="big.txt",
        uploader=ctx.user,
        now=NOW,
    )
    assert submission.document.status is DocumentStatus.FAILED
    assert "MB allowed" in (submission.document.failure_reason or "")
    assert pipeline.seen_exemplars == []  # the pipeline never saw it
    assert (settings.effective_documents_dir / submission.document.storage_path).read_bytes() == data


def test_a_crashing_pipeline_loses_nothing(make_ctx: MakeContext, settings: Settings) -> None:
    class Broken:
        def analyse(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("parser bug")

    ctx = make_ctx(Role.STAFF)
    submission = service.submit(
        ctx.session,
        settings=settings,
        pipeline=Broken(),
        data=b"hello",
        filename="x.txt",
        uploader=ctx.user,
        now=NOW,
    )  # type: ignore[arg-type]
    assert submission.document.status is DocumentStatus.FAILED
    assert submission.document.failure_reason == "the file could not be analysed (RuntimeError)"
    assert (settings.effective_documents_dir / submission.document.storage_path).is_file()


@pytest.mark.parametrize(
    ("confidence", "missing", "threshold", "queued", "why"),
    [
        (0.45, (), 0.6, True, "confidence 0.45 is below the review threshold 0.60"),
        (0.45, (), 0.4, False, None),
        (0.95, ("total",), 0.6, True, "missing required field(s): total"),
        (0.30, ("total", "date"), 0.6, True, "confidence 0.30 is below the review threshold 0.60; missing"),
        (0.95, (), 0.6, False, None),
    ],
)
def test_review_queue_by_threshold_and_missing_fields(
    make_ctx: MakeContext,
    settings: Settings,
    confidence: float,
    missing: tuple[str, ...],
    threshold: float,
    queued: bool,
    why: str | None,
) -> None:
    ctx = make_ctx(Role.FINANCE)
    ctx.settings = settings.model_copy(update={"documents_review_threshold": threshold})
    pipeline = scripted(DocumentType.RECEIPT, confidence=confidence, missing=missing)
    document = submit_text(ctx, f"receipt {confidence} {missing}", pipeline=pipeline).document

    in_queue = service.list_review_queue(ctx.session, user=ctx.user)
    assert (document in in_queue) is queued
    assert document.review_status is (ReviewStatus.NEEDS_REVIEW if queued else ReviewStatus.NOT_NEEDED)
    if why is None:
        assert document.review_reason is None
    else:
        assert document.review_reason is not None and document.review_reason.startswith(why)
    assert document.missing_fields == list(missing)


def test_a_scan_without_ocr_waits_for_a_person(make_ctx: MakeContext) -> None:
    ctx = make_ctx(Role.STAFF)
    pipeline = scripted(status=DocumentStatus.OCR_UNAVAILABLE, text="")
    document = submit_text(ctx, "scan", pipeline=pipeline).document
    assert document.status is DocumentStatus.OCR_UNAVAILABLE
    assert document.review_status is ReviewStatus.NEEDS_REVIEW
    assert "no OCR" in (document.review_reason or "")
    assert service.list_review_queue(ctx.session, user=ctx.user) == [document]


def test_who_sees_which_document(make_ctx: MakeContext) -> None:
    uploader = make_ctx(Role.EMPLOYEE)
    invoice = submit_text(uploader, invoice_text(), pipeline=scripted(DocumentType.INVOICE)).document
    resume = submit_text(uploader, "cv", pipeline=scripted(DocumentType.RESUME)).document
    note = submit_text(uploader, "delivery", pipeline=scripted(DocumentType.DELIVERY_NOTE)).document

    def visible(user: CurrentUser) -> set[int]:
        return {document.id for document in service.list_documents(uploader.session, user=user)}

    everyone = {invoice.id, resume.id, note.id}
    assert visible(uploader.user) == everyone  # their own uploads
    assert visible(make_ctx(Role.EMPLOYEE).user) == set()
    assert visible(make_ctx(Role.STAFF).user) == {note.id}
    assert visible(make_ctx(Role.FINANCE).user) == {invoice.id, note.id}
    assert visible(make_ctx(Role.ADMIN).user) == everyone
    with pytest.raises(NotFoundError):
        service.get_or_raise(uploader.session, document_id=resume.id, user=make_ctx(Role.MANAGER).user)


def test_the_documents_directory_is_configurable(
    make_ctx: MakeContext, settings: Settings, tmp_path: Path
) -> None:
    ctx = make_ctx(Role.STAFF)
    ctx.settings = settings.model_copy(update={"documents_dir": tmp_path / "elsewhere"})
    document = submit_text(ctx, "a delivery note").document
    assert (tmp_path / "elsewhere" / document.storage_path).is_file()
