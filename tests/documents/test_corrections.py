"""Reviewers' corrections: validated, audited, and learnt from — the next similar document comes out right."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.db.models import AuditRecord, DocumentStatus, DocumentType, ReviewStatus, Role
from assistant.documents import service
from assistant.documents.pipeline import Analyser
from knowledge.documents import DocumentPipeline
from tests.documents.service_support import (
    CAFE_RECEIPT,
    CAFE_RECEIPT_AGAIN,
    approve,
    invoice_text,
    propose,
    scripted,
    submit_text,
)
from tests.support import NOW, MakeContext
from tools.base import InvalidArgumentsError, NotFoundError, PermissionDeniedError, RefusedError
from tools.invoke import call_tool
from tools.registry import default_registry


@pytest.fixture(scope="module")
def offline_pipeline() -> Analyser:
    """The real offline pipeline as shipped: cues, the bundled multilingual embedder, reviewers' exemplars."""
    return DocumentPipeline.offline()


@pytest.mark.slow
def test_a_corrected_document_makes_the_next_similar_one_right(
    make_ctx: MakeContext, offline_pipeline: Analyser
) -> None:
    employee = make_ctx(Role.EMPLOYEE)
    first = submit_text(employee, CAFE_RECEIPT, "cafe-1.txt", pipeline=offline_pipeline).document
    assert first.doc_type is not DocumentType.RECEIPT  # the classifier does not know this cafe's slips yet
    assert first.review_status is ReviewStatus.NEEDS_REVIEW

    reviewer = make_ctx(Role.FINANCE)
    action = propose(
        reviewer,
        "correct_document",
        document_id=first.id,
        doc_type="receipt",
        fields=[{"name": "merchant", "value": "Cafe Central"}, {"name": "total", "value": "16,50"}],
        note="a cafe receipt",
    )
    assert approve(reviewer, action, reviewer.user).status.value == "executed"

    assert first.doc_type is DocumentType.RECEIPT and first.predicted_type is not DocumentType.RECEIPT
    assert first.review_status is ReviewStatus.CORRECTED and first.reviewed_by_id == reviewer.user.id
    # The fields of a receipt were read from the text for the new type; the reviewer's value wins where given.
    assert first.extracted_fields["merchant"] == {
        "value": "Cafe Central",
        "confidence": 1.0,
        "source": "reviewer",
    }
    assert (
        first.extracted_fields["total"]["value"] == "16.50"
        and first.extracted_fields["date"]["value"] == "2026-11-20"
    )
    assert first.missing_fields == []
    assert first not in service.list_review_queue(reviewer.session, user=reviewer.user)
    [record] = reviewer.session.scalars(select(AuditRecord).where(AuditRecord.event == "document.corrected"))
    assert record.actor_id == reviewer.user.id and record.subject_id == str(first.id)
    assert record.payload["doc_type_before"] == first.predicted_type.value
    assert record.payload["doc_type_after"] == "receipt"
    assert record.payload["changes"] == {"merchant": {"before": "CAFE CENTRAL", "after": "Cafe Central"}}
    assert record.payload["reread"]["total"] == "16.50"
    assert [exemplar.doc_type for exemplar in service.exemplars(reviewer.session)] == [DocumentType.RECEIPT]

    second = submit_text(employee, CAFE_RECEIPT_AGAIN, "cafe-2.txt", pipeline=offline_pipeline).document
    assert second.doc_type is DocumentType.RECEIPT
    assert second.review_status is ReviewStatus.NOT_NEEDED, second.review_reason
    assert second.extracted_fields["total"]["value"] == "9.00"


def test_confirming_without_changes_keeps_the_type_and_teaches_it(make_ctx: MakeContext) -> None:
    ctx = make_ctx(Role.STAFF)
    document = submit_text(
        ctx, "a note", pipeline=scripted(DocumentType.DELIVERY_NOTE, confidence=0.4)
    ).document
    action = propose(ctx, "correct_document", document_id=document.id)
    assert action.summary == f"Confirm document #{document.id} as delivery_note"
    approve(ctx, action, ctx.user)
    assert document.review_status is ReviewStatus.CONFIRMED
    assert service.exemplars(ctx.session)[0].text == "scripted text"
    assert [r.event for r in ctx.session.scalars(select(AuditRecord).order_by(AuditRecord.seq))][-3:] == [
        "document.confirmed",
        "action.approved",
        "action.executed",
    ]


def test_a_type_change_drops_fields_the_new_type_does_not_have(make_ctx: MakeContext) -> None:
    ctx = make_ctx(Role.FINANCE)
    pipeline = scripted(DocumentType.INVOICE, fields={"number": "7", "total": "9.00", "seller": "Cafe"})
    document = submit_text(ctx, "x", pipeline=pipeline).document
    service.correct(
        ctx.session,
        document_id=document.id,
        reviewer=ctx.user,
        doc_type=DocumentType.RECEIPT,
        fields={"merchant": "Cafe", "date": "2026-11-20"},
        now=NOW,
    )
    assert set(document.extracted_fields) == {"total", "merchant", "date"}
    assert document.missing_fields == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"colour": "red"}, "has no field 'colour'"),
        ({"issue_date": "2 Nov"}, "not a date"),
        ({"total": "lots"}, "not an amount"),
        ({"currency": "euro"}, "three-letter"),
        ({"number": "  "}, "give a value"),
    ],
)
def test_bad_corrections_are_refused_with_the_reason(
    make_ctx: MakeContext, fields: dict[str, str], message: str
) -> None:
    ctx = make_ctx(Role.FINANCE)
    document = submit_text(ctx, invoice_text()).document
    with pytest.raises(InvalidArgumentsError, match=message):
        service.correct(ctx.session, document_id=document.id, reviewer=ctx.user, fields=fields, now=NOW)
    assert document.review_status is ReviewStatus.NOT_NEEDED


def test_a_failed_document_cannot_be_corrected(make_ctx: MakeContext) -> None:
    ctx = make_ctx(Role.STAFF)
    document = submit_text(ctx, "", "empty.txt").document
    assert document.status is DocumentStatus.FAILED
    with pytest.raises(RefusedError, match="nothing to correct"):
        propose(ctx, "correct_document", document_id=document.id, doc_type="other")


def test_who_may_correct(make_ctx: MakeContext) -> None:
    uploader = make_ctx(Role.FINANCE)
    invoice = submit_text(uploader, invoice_text()).document
    registry = default_registry()
    with pytest.raises(PermissionDeniedError):  # employees do not review documents
        call_tool(make_ctx(Role.EMPLOYEE), registry, "correct_document", {"document_id": invoice.id})
    with pytest.raises(NotFoundError):  # staff cannot see an invoice, so cannot correct it
        call_tool(make_ctx(Role.STAFF), registry, "correct_document", {"document_id": invoice.id})
    # Turning an invoice into a resume needs someone who may see resumes (HR) to decide it.
    action = propose(uploader, "correct_document", document_id=invoice.id, doc_type="resume")
    assert action.required_roles == ["admin"]
    with pytest.raises(PermissionDeniedError):
        approve(uploader, action, uploader.user)
    assert invoice.doc_type is DocumentType.INVOICE


def test_reviewed_documents_are_handed_to_the_classifier_as_exemplars(make_ctx: MakeContext) -> None:
    ctx = make_ctx(Role.STAFF)
    unsure = submit_text(
        ctx, "x", pipeline=scripted(DocumentType.OTHER, confidence=0.2, text="slip from the kiosk")
    )
    service.correct(
        ctx.session,
        document_id=unsure.document.id,
        reviewer=ctx.user,
        doc_type=DocumentType.DELIVERY_NOTE,
        now=NOW,
    )
    watcher = scripted(DocumentType.DELIVERY_NOTE)
    submit_text(ctx, "another slip", pipeline=watcher)
    [shown] = watcher.seen_exemplars
    assert [(item.doc_type, item.text) for item in shown] == [
        (DocumentType.DELIVERY_NOTE, "slip from the kiosk")
    ]


def test_an_unreadable_scan_is_labelled_by_hand_and_can_then_be_filed(make_ctx: MakeContext) -> None:
    employee = make_ctx(Role.EMPLOYEE)
    scan = submit_text(
        employee, "scan", pipeline=scripted(status=DocumentStatus.OCR_UNAVAILABLE, text="")
    ).document
    reviewer = make_ctx(Role.FINANCE)
    with pytest.raises(InvalidArgumentsError, match="say what it is"):
        propose(reviewer, "correct_document", document_id=scan.id)
    fields = [
        {"name": "merchant", "value": "Taxi Zagreb"},
        {"name": "date", "value": "2026-11-19"},
        {"name": "total", "value": "23.00"},
    ]
    approve(
        reviewer,
        propose(reviewer, "correct_document", document_id=scan.id, doc_type="receipt", fields=fields),
        reviewer.user,
    )
    assert scan.review_status is ReviewStatus.CORRECTED and scan.missing_fields == []
    assert service.exemplars(reviewer.session) == []  # no text, nothing to learn from
    action = propose(employee, "file_document", document_id=scan.id)
    assert action.preview["merchant"] == "Taxi Zagreb" and action.amount is not None
