"""Filing through the confirmation engine: proposed, decided by the right person, executed once, audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db.models import (
    ActionStatus,
    AuditRecord,
    Document,
    DocumentType,
    Expense,
    Invoice,
    InvoiceDirection,
    InvoiceStatus,
    JobApplicant,
    Policy,
    PurchaseOrder,
    PurchaseOrderStatus,
    Role,
    Supplier,
)
from assistant.documents import filing
from assistant.settings import Settings
from knowledge.service import KnowledgeService
from knowledge.store import StoreUnavailableError
from tests.documents.service_support import approve, invoice_text, propose, scripted, submit_text
from tests.factories import make_supplier, make_warehouse
from tests.knowledge.conftest import FakeEmbedder
from tests.support import NOW, MakeContext
from tools.base import NotFoundError, PermissionDeniedError, RefusedError, ToolContext

RESUME = (
    "Jane Doe\njane.doe@example.com\n+385 91 555 1234\nCurriculum Vitae\nExperience\n"
    "2018-2024 Software engineer at Acme\nSkills: Python, SQL, Docker\nEducation: University of Zagreb\n"
)
POLICY = (
    "# Remote Work Policy\n\n## Scope\nThis policy applies to all employees.\n\n## Equipment\n"
    "The company provides a laptop. The home office allowance is 30 EUR per month.\n"
)


@pytest.fixture
def kovac(db_session: Session) -> dict[str, Any]:
    supplier = make_supplier(
        db_session, code="S-KOV", name="Kovač Office Supplies", country="HR", vat_id="HR 1234 5678 901"
    )
    make_supplier(db_session, code="S-OTHER", name="Baltic Paper Mill", country="LT")
    warehouse = make_warehouse(db_session, code="ZAG")
    order = PurchaseOrder(
        number="PO-000017",
        supplier_id=supplier.id,
        status=PurchaseOrderStatus.ORDERED,
        warehouse_id=warehouse.id,
    )
    db_session.add(order)
    db_session.flush()
    return {"supplier": supplier, "order": order}


def _invoices(session: Session) -> list[Invoice]:
    return list(session.scalars(select(Invoice)))


def _submitted_invoice(ctx: ToolContext, **overrides: str) -> Document:
    return submit_text(ctx, invoice_text(**overrides), "kovac.txt").document


def test_a_supplier_invoice_is_proposed_approved_and_booked_as_a_payable(
    make_ctx: MakeContext, kovac: dict[str, Any]
) -> None:
    clerk = make_ctx(Role.FINANCE)
    document = _submitted_invoice(clerk)
    action = propose(clerk, "file_document", document_id=document.id)

    assert _invoices(clerk.session) == []  # proposed, not done
    assert action.preview["supplier"] == "Kovač Office Supplies (S-KOV)"
    assert action.preview["supplier_matched_by"] == "VAT id HR12345678901"
    assert action.preview["purchase_order"] == "PO-000017"
    assert action.amount == Decimal("1250.00") and action.required_roles == ["finance"]
    assert action.arguments["supplier"] == "S-KOV"  # pinned: the approval books what the preview showed

    controller = make_ctx(Role.FINANCE)
    outcome = approve(clerk, action, controller.user)
    assert outcome.status is ActionStatus.EXECUTED, outcome.error

    [invoice] = _invoices(clerk.session)
    assert invoice.direction is InvoiceDirection.PAYABLE and invoice.status is InvoiceStatus.OPEN
    assert invoice.supplier_id == kovac["supplier"].id and invoice.purchase_order_id == kovac["order"].id
    assert (invoice.number, invoice.net_amount, invoice.tax_amount, invoice.total_amount) == (
        "INV-2026-0042",
        Decimal("1000.00"),
        Decimal("250.00"),
        Decimal("1250.00"),
    )
    assert str(invoice.issue_date) == "2026-11-02" and str(invoice.due_date) == "2026-12-02"
    assert (document.filed_record_type, document.filed_record_id) == ("invoice", invoice.id)
    assert document.filed_by_id == controller.user.id and document.filed_at == NOW
    events = list(clerk.session.scalars(select(AuditRecord.event).order_by(AuditRecord.seq)))
    assert events[-3:] == ["document.filed", "action.approved", "action.executed"]
    with pytest.raises(RefusedError, match="already filed as invoice"):
        propose(clerk, "file_document", document_id=document.id)


def test_a_rejected_filing_changes_nothing(make_ctx: MakeContext, kovac: dict[str, Any]) -> None:
    from assistant import confirmations

    clerk = make_ctx(Role.FINANCE)
    document = _submitted_invoice(clerk)
    action = propose(clerk, "file_document", document_id=document.id)
    rejected = confirmations.reject(
        clerk.session, action_id=action.id, approver=make_ctx(Role.FINANCE).user, now=NOW, note="not ours"
    )
    assert rejected.status is ActionStatus.REJECTED
    assert _invoices(clerk.session) == [] and document.filed_record_type is None


def test_the_same_invoice_number_is_not_booked_twice_for_a_supplier(
    make_ctx: MakeContext, kovac: dict[str, Any]
) -> None:
    clerk = make_ctx(Role.FINANCE)
    first = _submitted_invoice(clerk)
    # A second scan of the same invoice (different bytes, same number) is proposed while the first waits.
    second = _submitted_invoice(clerk, extra="Copy\n")
    first_action = propose(clerk, "file_document", document_id=first.id)
    second_action = propose(clerk, "file_document", document_id=second.id)
    approver = make_ctx(Role.FINANCE).user
    assert approve(clerk, first_action, approver).status is ActionStatus.EXECUTED
    outcome = approve(clerk, second_action, approver)  # re-validated at approval: the number is booked now
    assert outcome.status is ActionStatus.FAILED and "already booked" in (outcome.error or "")
    assert len(_invoices(clerk.session)) == 1 and second.filed_record_type is None
    with pytest.raises(RefusedError, match="already booked"):
        propose(clerk, "file_document", document_id=second.id)


def test_supplier_matching_by_name_and_its_refusals(
    make_ctx: MakeContext, kovac: dict[str, Any], db_session: Session
) -> None:
    clerk = make_ctx(Role.FINANCE)
    by_name = _submitted_invoice(clerk, vat_id="unknown", seller="KOVAC OFFICE SUPPLIES D.O.O.", po="")
    action = propose(clerk, "file_document", document_id=by_name.id)
    assert (
        action.preview["supplier_matched_by"].startswith("name") and action.preview["purchase_order"] is None
    )

    stranger = _submitted_invoice(clerk, number="X-1", vat_id="unknown", seller="Totally Unknown Ltd", po="")
    with pytest.raises(RefusedError, match="Name the supplier"):
        propose(clerk, "file_document", document_id=stranger.id)
    chosen = propose(clerk, "file_document", document_id=stranger.id, supplier="S-OTHER")
    assert chosen.preview["supplier"] == "Baltic Paper Mill (S-OTHER)"

    wrong_po = _submitted_invoice(
        clerk, number="X-2", vat_id="unknown", seller="Baltic Paper Mill", po="PO-000017"
    )
    with pytest.raises(RefusedError, match="is with Kovač Office Supplies"):
        propose(clerk, "file_document", document_id=wrong_po.id)
    missing_po = _submitted_invoice(clerk, number="X-3", po="PO-999999")
    with pytest.raises(NotFoundError, match="purchase order"):
        propose(clerk, "file_document", document_id=missing_po.id)


def test_a_document_waiting_for_review_is_not_filed(make_ctx: MakeContext, kovac: dict[str, Any]) -> None:
    clerk = make_ctx(Role.FINANCE)
    unsure = submit_text(clerk, "?", pipeline=scripted(DocumentType.INVOICE, confidence=0.2)).document
    with pytest.raises(RefusedError, match="waits for review"):
        propose(clerk, "file_document", document_id=unsure.id)
    other = submit_text(clerk, "??", pipeline=scripted(DocumentType.BANK_STATEMENT)).document
    with pytest.raises(RefusedError, match="only supplier invoices, receipts, policies and resumes"):
        propose(clerk, "file_document", document_id=other.id)


def test_a_receipt_becomes_an_expense_of_its_uploader_approved_by_someone_else(make_ctx: MakeContext) -> None:
    spender = make_ctx(Role.FINANCE)
    receipt = submit_text(
        spender,
        "receipt",
        pipeline=scripted(
            DocumentType.RECEIPT,
            fields={"merchant": "Cafe Central", "date": "2026-11-20", "total": "16.50", "tax": "2.64"},
        ),
    ).document
    action = propose(spender, "file_document", document_id=receipt.id)
    assert action.self_approval_allowed is False
    with pytest.raises(PermissionDeniedError, match="your own request"):
        approve(spender, action, spender.user)

    outcome = approve(spender, action, make_ctx(Role.FINANCE).user)
    assert outcome.status is ActionStatus.EXECUTED, outcome.error
    [expense] = spender.session.scalars(select(Expense))
    assert (expense.employee_id, expense.document_id, expense.merchant) == (
        spender.user.id,
        receipt.id,
        "Cafe Central",
    )
    assert (expense.total_amount, expense.tax_amount, expense.currency) == (
        Decimal("16.50"),
        Decimal("2.64"),
        "EUR",
    )


def test_an_employee_files_their_receipt_but_cannot_approve_it_even_through_someone_else(
    make_ctx: MakeContext,
) -> None:
    employee = make_ctx(Role.EMPLOYEE)
    receipt = submit_text(
        employee,
        "receipt",
        pipeline=scripted(
            DocumentType.RECEIPT, fields={"merchant": "Taxi", "date": "2026-11-21", "total": "30"}
        ),
    ).document
    action = propose(employee, "file_document", document_id=receipt.id)
    with pytest.raises(PermissionDeniedError):
        approve(employee, action, make_ctx(Role.STAFF).user)  # staff do not decide expenses
    # A finance employee proposes filing their own receipt for them... and still cannot approve it themselves.
    finance = make_ctx(Role.FINANCE)
    own = submit_text(
        finance,
        "receipt 2",
        pipeline=scripted(
            DocumentType.RECEIPT, fields={"merchant": "Taxi", "date": "2026-11-22", "total": "31"}
        ),
    ).document
    colleague = make_ctx(Role.FINANCE)
    proposed_by_colleague = propose(colleague, "file_document", document_id=own.id)
    outcome = approve(colleague, proposed_by_colleague, finance.user)
    assert outcome.status is ActionStatus.FAILED and "their own expense" in (outcome.error or "")


def test_a_resume_becomes_a_job_applicant_decided_by_hr(make_ctx: MakeContext) -> None:
    recruiter = make_ctx(Role.ADMIN)
    resume = submit_text(recruiter, RESUME, "jane-doe-cv.txt").document
    assert resume.doc_type is DocumentType.RESUME
    action = propose(recruiter, "file_document", document_id=resume.id)
    assert action.required_roles == ["admin"] and action.preview["email"] == "jane.doe@example.com"
    with pytest.raises(PermissionDeniedError):
        approve(recruiter, action, make_ctx(Role.MANAGER).user)
    assert approve(recruiter, action, recruiter.user).status is ActionStatus.EXECUTED
    [applicant] = recruiter.session.scalars(select(JobApplicant))
    assert (applicant.name, applicant.skills, applicant.document_id) == (
        "Jane Doe",
        ["Python", "SQL", "Docker"],
        resume.id,
    )


def test_a_policy_is_ingested_into_the_knowledge_base(
    make_ctx: MakeContext, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge_settings = settings.model_copy(
        update={"embedding_cache_dir": settings.data_dir / "cache", "knowledge_min_score": 0.0}
    )
    monkeypatch.setattr(
        filing, "open_knowledge", lambda s: KnowledgeService.from_settings(s, embedder=FakeEmbedder())
    )
    manager = make_ctx(Role.MANAGER)
    manager.settings = knowledge_settings
    policy = submit_text(manager, POLICY, "remote-work.md").document
    assert policy.doc_type is DocumentType.POLICY
    action = propose(manager, "file_document", document_id=policy.id)
    assert action.required_roles == ["manager"]
    outcome = approve(manager, action, manager.user)
    assert outcome.status is ActionStatus.EXECUTED, outcome.error

    [registered] = manager.session.scalars(select(Policy))
    assert registered.source == "remote-work.md" and policy.filed_record_id == registered.id
    library = KnowledgeService.from_settings(knowledge_settings, embedder=FakeEmbedder())
    try:
        hits = library.search(question="home office allowance per month", k=3).hits
    finally:
        library.close()
    assert hits and hits[0].source == "remote-work.md" and "30 EUR" in hits[0].text


def test_filing_a_policy_while_the_policy_store_is_down_fails_in_words_and_files_nothing(
    make_ctx: MakeContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def store_down(_settings: Settings) -> KnowledgeService:
        raise StoreUnavailableError("the Chroma server at 127.0.0.1:9 does not answer")

    monkeypatch.setattr(filing, "open_knowledge", store_down)
    manager = make_ctx(Role.MANAGER)
    policy = submit_text(manager, POLICY, "remote-work.md").document
    action = propose(manager, "file_document", document_id=policy.id)
    outcome = approve(manager, action, manager.user)
    assert outcome.status is ActionStatus.FAILED
    assert (
        outcome.error is not None and "policy library does not answer" in outcome.error
    )  # not "internal error"
    assert manager.session.scalar(select(func.count(Policy.id))) == 0
    assert policy.filed_at is None and policy.filed_record_id is None


def test_filing_needs_the_right_to_see_the_document(make_ctx: MakeContext, kovac: dict[str, Any]) -> None:
    clerk = make_ctx(Role.FINANCE)
    document = _submitted_invoice(clerk)
    with pytest.raises(NotFoundError):
        propose(make_ctx(Role.STAFF), "file_document", document_id=document.id)
    action = propose(clerk, "file_document", document_id=document.id)
    with pytest.raises(PermissionDeniedError):
        approve(clerk, action, make_ctx(Role.STAFF).user)
    assert clerk.session.scalar(select(func.count(Invoice.id))) == 0
    assert clerk.session.scalar(select(func.count(Supplier.id))) == 2
