"""Filing a reviewed document into what it belongs to. Planned now, executed only after a person approves.

    invoice -> a payable invoice of the matched supplier (by VAT id, then name), linked to its purchase order
    receipt -> an expense of the employee who uploaded it
    policy  -> the policy library (ingested into the knowledge store, citable from then on)
    resume  -> a job applicant

`plan_filing` validates against the data as it is now and is run again at approval (the engine does that),
so a supplier invoice booked meanwhile, or a document corrected meanwhile, stops the filing. `execute_filing`
writes the record, marks the document filed and appends the audit record in the caller's transaction.
Nothing in a document's text can file it: filing is a proposal a person decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant import audit
from assistant.db.models import (
    Document,
    DocumentStatus,
    DocumentType,
    Employee,
    Expense,
    ExpenseStatus,
    Invoice,
    InvoiceDirection,
    InvoiceStatus,
    JobApplicant,
    Policy,
    PurchaseOrder,
    PurchaseOrderStatus,
    ReviewStatus,
    Role,
    Supplier,
)
from assistant.db.types import to_money
from assistant.documents.matching import find_purchase_order, match_supplier
from assistant.documents.service import document_store, field_value, get_or_raise
from assistant.settings import Settings
from tools.base import CurrentUser, RefusedError
from tools.lookup import get_supplier_or_raise

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService


class FilingKind(StrEnum):
    PAYABLE_INVOICE = "invoice"
    EXPENSE = "expense"
    POLICY = "policy"
    JOB_APPLICANT = "job_applicant"


FILED_AS: dict[DocumentType, FilingKind] = {
    DocumentType.INVOICE: FilingKind.PAYABLE_INVOICE,
    DocumentType.RECEIPT: FilingKind.EXPENSE,
    DocumentType.POLICY: FilingKind.POLICY,
    DocumentType.RESUME: FilingKind.JOB_APPLICANT,
}


@dataclass(frozen=True)
class PayableDraft:
    supplier: Supplier
    matched_by: str
    purchase_order: PurchaseOrder | None
    number: str
    issue_date: date
    due_date: date
    currency: str
    net: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class ExpenseDraft:
    employee: Employee
    merchant: str
    spent_on: date
    currency: str
    total: Decimal
    tax: Decimal | None


@dataclass(frozen=True)
class PolicyDraft:
    filename: str
    from_text: bool  # the original format cannot be parsed as a policy: its extracted text is filed instead


@dataclass(frozen=True)
class ApplicantDraft:
    name: str
    email: str | None
    phone: str | None
    skills: list[str]
    experience_years: int | None


Draft = PayableDraft | ExpenseDraft | PolicyDraft | ApplicantDraft


@dataclass(frozen=True)
class FilingPlan:
    document: Document
    kind: FilingKind
    draft: Draft
    summary: str
    preview: dict[str, Any]
    approver_roles: list[Role]
    approval_reason: str
    self_approval: bool
    amount: Decimal | None
    pinned: dict[str, Any]


@dataclass(frozen=True)
class FiledRecord:
    kind: FilingKind
    record_id: int
    summary: str


# --- planning ------------------------------------------------------------------------------------------------


def plan_filing(
    session: Session,
    *,
    document_id: int,
    user: CurrentUser,
    settings: Settings,
    supplier: str | None = None,
    purchase_order: str | None = None,
) -> FilingPlan:
    """Check that the document can be filed now and say what filing it would create."""
    document = get_or_raise(session, document_id=document_id, user=user)
    kind = _filing_kind(document)
    if kind is FilingKind.PAYABLE_INVOICE:
        return _plan_payable(session, document, settings, supplier_query=supplier, po_query=purchase_order)
    if supplier or purchase_order:
        raise RefusedError("A supplier or purchase order applies to supplier invoices only.")
    if kind is FilingKind.EXPENSE:
        return _plan_expense(session, document, settings)
    if kind is FilingKind.POLICY:
        return _plan_policy(document)
    return _plan_applicant(session, document)


def _filing_kind(document: Document) -> FilingKind:
    label = f"Document #{document.id}"
    if document.filed_record_type is not None:
        when = f" on {document.filed_at:%Y-%m-%d}" if document.filed_at else ""
        raise RefusedError(
            f"{label} is already filed as {document.filed_record_type} #{document.filed_record_id}{when}."
        )
    if document.status is DocumentStatus.FAILED:
        raise RefusedError(f"{label} could not be read ({document.failure_reason}); it cannot be filed.")
    if document.review_status is ReviewStatus.NEEDS_REVIEW:
        raise RefusedError(
            f"{label} waits for review ({document.review_reason}); correct or confirm it first "
            "(correct_document), then file it."
        )
    if document.status is not DocumentStatus.CLASSIFIED and document.review_status not in (
        ReviewStatus.CORRECTED,
        ReviewStatus.CONFIRMED,
    ):
        raise RefusedError(f"{label} is {document.status.value}; a person has to review it before filing.")
    if document.doc_type is None or document.doc_type not in FILED_AS:
        kind = document.doc_type.value.replace("_", " ") if document.doc_type else "unclassified document"
        raise RefusedError(
            f"{label} is a {kind}; only supplier invoices, receipts, policies and resumes are filed. "
            "It stays stored and listed."
        )
    return FILED_AS[document.doc_type]


def _required(document: Document, name: str, what: str) -> Any:
    value = field_value(document, name)
    if value is None or value == "" or value == []:
        raise RefusedError(
            f"Document #{document.id} has no {what} ({name}); add it with correct_document, then file it."
        )
    return value


def _amount(document: Document, name: str, *, required: bool = True) -> Decimal | None:
    value = _required(document, name, name) if required else field_value(document, name)
    if value is None:
        return None
    try:
        amount = to_money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise RefusedError(
            f"Document #{document.id}: {name} {value!r} is not an amount; correct it."
        ) from None
    if amount < 0:
        raise RefusedError(
            f"Document #{document.id}: {name} {amount} is negative; credit notes are not filed here."
        )
    return amount


def _date(document: Document, name: str, *, required: bool = True) -> date | None:
    value = _required(document, name, name.replace("_", " ")) if required else field_value(document, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RefusedError(f"Document #{document.id}: {name} {value!r} is not a date; correct it.") from None


def _currency(document: Document, default: str) -> str:
    value = str(field_value(document, "currency") or default).upper()
    if len(value) != 3 or not value.isalpha():
        raise RefusedError(f"Document #{document.id}: currency {value!r} is not a currency code; correct it.")
    return value


# --- supplier invoices -------------------------------------------------------------------------------------


def _plan_payable(
    session: Session,
    document: Document,
    settings: Settings,
    *,
    supplier_query: str | None,
    po_query: str | None,
) -> FilingPlan:
    number = str(_required(document, "number", "invoice number")).strip()[:64]
    po_reference = po_query or field_value(document, "po_reference")
    order = find_purchase_order(session, str(po_reference)) if po_reference else None
    if supplier_query:
        supplier, matched_by = get_supplier_or_raise(session, supplier_query), "chosen by the requester"
    else:
        found, matched_by = match_supplier(
            session, vat_id=field_value(document, "seller_vat_id"), name=field_value(document, "seller")
        )
        if found is None and order is not None:
            found, matched_by = order.supplier, f"purchase order {order.number}"
        if found is None:
            raise RefusedError(
                f"Cannot tell which supplier document #{document.id} is from: {matched_by}. "
                "Name the supplier (its code or name) to file it."
            )
        supplier = found
    if order is not None:
        if order.supplier_id != supplier.id:
            raise RefusedError(
                f"Purchase order {order.number} is with {order.supplier.name}, not {supplier.name}; "
                "check the invoice's supplier and PO reference."
            )
        if order.status is PurchaseOrderStatus.CANCELLED:
            raise RefusedError(
                f"Purchase order {order.number} is cancelled; an invoice cannot be booked on it."
            )
    booked = session.scalar(
        select(Invoice).where(
            Invoice.supplier_id == supplier.id, func.upper(Invoice.number) == number.upper()
        )
    )
    if booked is not None:
        raise RefusedError(
            f"Invoice {number} from {supplier.name} is already booked (invoice record #{booked.id}, "
            f"issued {booked.issue_date}); a duplicate is not filed."
        )
    issue_date = _date(document, "issue_date")
    assert issue_date is not None
    due_date = _date(document, "due_date", required=False) or issue_date + timedelta(
        days=supplier.payment_terms_days
    )
    if due_date < issue_date:
        raise RefusedError(
            f"Document #{document.id}: due date {due_date} is before the issue date {issue_date}."
        )
    total = _amount(document, "total")
    net, tax = _amount(document, "net", required=False), _amount(document, "tax", required=False)
    assert total is not None
    notes = []
    if net is None and tax is None:
        net, tax = total, Decimal("0.00")
        notes.append("no net/tax split on the document: booked as tax 0.00")
    elif net is None:
        assert tax is not None
        net = total - tax
    elif tax is None:
        tax = total - net
    if net + tax != total or tax < 0 or net < 0:
        raise RefusedError(
            f"Document #{document.id}: net {net} + tax {tax} is not the total {total}; correct the amounts."
        )
    currency = _currency(document, supplier.currency)
    if currency != supplier.currency.upper():
        notes.append(f"in {currency}, while {supplier.name} usually invoices in {supplier.currency}")
    draft = PayableDraft(
        supplier=supplier,
        matched_by=matched_by,
        purchase_order=order,
        number=number,
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        net=net,
        tax=tax,
        total=total,
    )
    preview = {
        "document": f"#{document.id} {document.filename}",
        "creates": "payable invoice",
        "supplier": f"{supplier.name} ({supplier.code})",
        "supplier_matched_by": matched_by,
        "seller_on_document": field_value(document, "seller"),
        "purchase_order": order.number if order else None,
        "number": number,
        "issue_date": issue_date.isoformat(),
        "due_date": due_date.isoformat(),
        "currency": currency,
        "net": str(net),
        "tax": str(tax),
        "total": str(total),
        "iban_on_document": field_value(document, "iban"),
        "supplier_iban_on_file": supplier.iban,
        "notes": notes,
    }
    po_text = f" on {order.number}" if order else ""
    return FilingPlan(
        document=document,
        kind=FilingKind.PAYABLE_INVOICE,
        draft=draft,
        summary=f"Book invoice {number} from {supplier.name}{po_text}: {total} {currency}, due {due_date}",
        preview=preview,
        approver_roles=[Role.FINANCE],
        approval_reason="Supplier invoices are booked by finance.",
        self_approval=True,
        amount=total,
        pinned={"supplier": supplier.code, "purchase_order": order.number if order else None},
    )


# --- receipts, policies, resumes -----------------------------------------------------------------------------


def _plan_expense(session: Session, document: Document, settings: Settings) -> FilingPlan:
    employee = session.get(Employee, document.uploaded_by_id) if document.uploaded_by_id else None
    if employee is None or not employee.is_active:
        raise RefusedError(
            f"Receipt #{document.id} has no active employee who uploaded it; an expense is for the person who "
            "spent the money, so they should upload it themselves."
        )
    merchant = str(_required(document, "merchant", "merchant")).strip()[:200]
    spent_on = _date(document, "date")
    total = _amount(document, "total")
    tax = _amount(document, "tax", required=False)
    assert spent_on is not None and total is not None
    if tax is not None and tax > total:
        raise RefusedError(f"Receipt #{document.id}: tax {tax} is more than the total {total}; correct it.")
    currency = _currency(document, settings.company_currency)
    similar = session.scalar(
        select(Expense.id).where(
            Expense.employee_id == employee.id, Expense.spent_on == spent_on, Expense.total_amount == total
        )
    )
    draft = ExpenseDraft(
        employee=employee, merchant=merchant, spent_on=spent_on, currency=currency, total=total, tax=tax
    )
    preview = {
        "document": f"#{document.id} {document.filename}",
        "creates": "expense",
        "employee": f"{employee.name} ({employee.email})",
        "merchant": merchant,
        "date": spent_on.isoformat(),
        "currency": currency,
        "total": str(total),
        "tax": str(tax) if tax is not None else None,
        "warning": f"expense #{similar} has the same date and total" if similar else None,
    }
    return FilingPlan(
        document=document,
        kind=FilingKind.EXPENSE,
        draft=draft,
        summary=f"Expense for {employee.name}: {merchant}, {spent_on}, {total} {currency}",
        preview=preview,
        approver_roles=[Role.FINANCE],
        approval_reason="Expenses are approved by finance, never by the person who spent the money.",
        self_approval=False,
        amount=total,
        pinned={},
    )


def _plan_policy(document: Document) -> FilingPlan:
    from knowledge.parsing import is_supported

    from_text = not is_supported(Path(document.filename))
    if from_text and not (document.text or "").strip():
        raise RefusedError(
            f"Document #{document.id} has no readable text; there is nothing to add to the policies."
        )
    draft = PolicyDraft(filename=_policy_filename(document, from_text=from_text), from_text=from_text)
    preview = {
        "document": f"#{document.id} {document.filename}",
        "creates": "policy",
        "source": draft.filename,
        "language": document.language,
        "characters": len(document.text or ""),
        "note": "added to the policy library: the assistant will answer and cite from it",
    }
    return FilingPlan(
        document=document,
        kind=FilingKind.POLICY,
        draft=draft,
        summary=f"Add {draft.filename} to the policy library",
        preview=preview,
        approver_roles=[Role.MANAGER],
        approval_reason="What the assistant answers from is decided by a manager.",
        self_approval=True,
        amount=None,
        pinned={},
    )


def _policy_filename(document: Document, *, from_text: bool) -> str:
    name = re.sub(r"[^\w.\- ]", "_", document.filename).strip(" .") or f"document-{document.id}"
    return f"{Path(name).stem}.txt" if from_text else name


def _plan_applicant(session: Session, document: Document) -> FilingPlan:
    name = str(_required(document, "name", "applicant name")).strip()[:200]
    email_value = field_value(document, "email")
    email = str(email_value).strip().lower()[:254] if email_value else None
    phone_value = field_value(document, "phone")
    phone = str(phone_value).strip()[:40] if phone_value else None
    skills_value = field_value(document, "skills") or []
    skills = [str(skill) for skill in skills_value] if isinstance(skills_value, list) else [str(skills_value)]
    years_value = field_value(document, "experience_years")
    try:
        years = int(years_value) if years_value not in (None, "") else None
    except (TypeError, ValueError):
        raise RefusedError(
            f"Document #{document.id}: experience_years {years_value!r} is not a number."
        ) from None
    if email:
        known = session.scalar(select(JobApplicant).where(func.lower(JobApplicant.email) == email))
        if known is not None:
            raise RefusedError(f"{known.name} <{email}> is already on file as applicant #{known.id}.")
    draft = ApplicantDraft(name=name, email=email, phone=phone, skills=skills, experience_years=years)
    preview = {
        "document": f"#{document.id} {document.filename}",
        "creates": "job applicant",
        "name": name,
        "email": email,
        "phone": phone,
        "skills": skills,
        "experience_years": years,
    }
    return FilingPlan(
        document=document,
        kind=FilingKind.JOB_APPLICANT,
        draft=draft,
        summary=f"File {name} as a job applicant",
        preview=preview,
        approver_roles=[Role.ADMIN],
        approval_reason="Applicants' personal data is handled by HR (admins).",
        self_approval=True,
        amount=None,
        pinned={},
    )


# --- executing -----------------------------------------------------------------------------------------------


def open_knowledge(settings: Settings) -> KnowledgeService:
    """The policy library for filing a policy when the caller has none open (approvals run without one)."""
    from knowledge.service import KnowledgeService

    return KnowledgeService.from_settings(settings)


def execute_filing(
    session: Session,
    *,
    plan: FilingPlan,
    approver: CurrentUser,
    settings: Settings,
    now: datetime,
    knowledge: KnowledgeService | None = None,
    knowledge_opener: Callable[[Settings], KnowledgeService] | None = None,
) -> FiledRecord:
    """Create the record the plan describes, mark the document filed and audit it (caller's transaction)."""
    draft = plan.draft
    document = plan.document
    if isinstance(draft, PayableDraft):
        record_id, summary = _book_payable(session, draft, document)
    elif isinstance(draft, ExpenseDraft):
        record_id, summary = _file_expense(session, draft, document, approver)
    elif isinstance(draft, PolicyDraft):
        record_id, summary = _file_policy_with(
            session, draft, document, settings, knowledge, knowledge_opener
        )
    else:
        record_id, summary = _file_applicant(session, draft, document, approver)
    document.filed_record_type = plan.kind.value
    document.filed_record_id = record_id
    document.filed_by_id = approver.id
    document.filed_at = now
    session.flush()
    audit.append(
        session,
        event="document.filed",
        subject_type="document",
        subject_id=str(document.id),
        actor_id=approver.id,
        payload={"as": plan.kind.value, "record_id": record_id, "summary": summary},
        occurred_at=now,
    )
    return FiledRecord(kind=plan.kind, record_id=record_id, summary=summary)


def _insert(session: Session, row: Any, duplicate: str) -> None:
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # a unique rule caught a duplicate made at the same moment
        raise RefusedError(duplicate) from None


def _book_payable(session: Session, draft: PayableDraft, document: Document) -> tuple[int, str]:
    invoice = Invoice(
        direction=InvoiceDirection.PAYABLE,
        number=draft.number,
        supplier_id=draft.supplier.id,
        purchase_order_id=draft.purchase_order.id if draft.purchase_order else None,
        issue_date=draft.issue_date,
        due_date=draft.due_date,
        currency=draft.currency,
        net_amount=draft.net,
        tax_amount=draft.tax,
        total_amount=draft.total,
        status=InvoiceStatus.OPEN,
    )
    _insert(session, invoice, f"Invoice {draft.number} from {draft.supplier.name} is already booked.")
    return (
        invoice.id,
        f"payable invoice {draft.number} from {draft.supplier.name}, {draft.total} {draft.currency}",
    )


def _file_expense(
    session: Session, draft: ExpenseDraft, document: Document, approver: CurrentUser
) -> tuple[int, str]:
    if approver.id == draft.employee.id:
        raise RefusedError("Nobody approves their own expense; someone else in finance must decide it.")
    expense = Expense(
        employee_id=draft.employee.id,
        document_id=document.id,
        merchant=draft.merchant,
        spent_on=draft.spent_on,
        currency=draft.currency,
        total_amount=draft.total,
        tax_amount=draft.tax,
        status=ExpenseStatus.APPROVED,
        approved_by_id=approver.id,
    )
    _insert(session, expense, f"Receipt #{document.id} is already filed as an expense.")
    return expense.id, f"expense of {draft.employee.name}: {draft.merchant}, {draft.total} {draft.currency}"


def _file_policy_with(
    session: Session,
    draft: PolicyDraft,
    document: Document,
    settings: Settings,
    knowledge: KnowledgeService | None,
    opener: Callable[[Settings], KnowledgeService] | None,
) -> tuple[int, str]:
    """File into the caller's library, or one opened for this filing; a store that does not answer is a clear
    refusal (nothing filed, the document stays as it was), not an internal error."""
    import httpx

    from knowledge.store import StoreUnavailableError

    try:
        library = knowledge or (opener or open_knowledge)(settings)
    except StoreUnavailableError as error:
        raise RefusedError(_LIBRARY_DOWN) from error
    try:
        return _file_policy(session, draft, document, settings, library)
    except (StoreUnavailableError, httpx.TransportError) as error:
        raise RefusedError(_LIBRARY_DOWN) from error
    finally:
        if knowledge is None:
            library.close()


_LIBRARY_DOWN = "The policy library does not answer right now; nothing was filed. Try again once it is back."


def _file_policy(
    session: Session, draft: PolicyDraft, document: Document, settings: Settings, library: KnowledgeService
) -> tuple[int, str]:
    from knowledge.ingest import Outcome, ingest_file

    # A folder per document keeps the original file name (what citations show) without clashes.
    folder = settings.effective_documents_dir / "policies" / str(document.id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / draft.filename
    if draft.from_text:
        path.write_text(document.text or "", encoding="utf-8")
    else:
        path.write_bytes(document_store(settings).read(document.storage_path))
    outcome = ingest_file(session, knowledge=library, path=path)
    if outcome.outcome is Outcome.FAILED:
        raise RefusedError(f"The policy could not be added: {outcome.reason}.")
    library.retriever.invalidate()
    policy_id = session.scalar(select(Policy.id).where(Policy.path == str(path.resolve())))
    assert policy_id is not None
    return policy_id, f"policy {draft.filename}, {outcome.chunks} passage(s)"


def _file_applicant(
    session: Session, draft: ApplicantDraft, document: Document, approver: CurrentUser
) -> tuple[int, str]:
    applicant = JobApplicant(
        name=draft.name,
        email=draft.email,
        phone=draft.phone,
        skills=draft.skills,
        experience_years=draft.experience_years,
        document_id=document.id,
        filed_by_id=approver.id,
    )
    _insert(session, applicant, f"Resume #{document.id} is already filed as an applicant.")
    return applicant.id, f"job applicant {draft.name}"
