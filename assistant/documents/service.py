"""Documents as a service: submit (store, analyse, decide on review), read, list, the review queue, corrections.

Functions are keyword-only and session first; they never commit (the caller's unit of work does). A submitted
file is always stored and recorded, whatever its state: bad input ends as status `failed` with the reason.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant import audit
from assistant.db.models import Document, DocumentStatus, DocumentType, ReviewStatus
from assistant.documents.access import can_see, require_visible
from assistant.documents.pipeline import Analyser
from assistant.documents.storage import DocumentStore, sha256_of
from assistant.settings import Settings
from knowledge.documents.model import FIELDS_BY_TYPE, REQUIRED_FIELDS, Analysis, Exemplar
from tools.base import CurrentUser, InvalidArgumentsError, NotFoundError, RefusedError

log = logging.getLogger(__name__)

EXEMPLAR_LIMIT = 500
EXEMPLAR_TEXT_CHARS = 20_000
AMOUNT_FIELDS = frozenset({"net", "tax", "total", "opening_balance", "closing_balance"})
DATE_FIELDS = frozenset({"issue_date", "due_date", "date", "effective_date", "period_start", "period_end"})
LIST_FIELDS = frozenset({"skills", "parties", "lines", "items"})
REVIEWED = (ReviewStatus.CORRECTED, ReviewStatus.CONFIRMED)


def document_store(settings: Settings) -> DocumentStore:
    return DocumentStore(settings.effective_documents_dir)


# --- intake --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    document: Document
    duplicate: bool
    message: str  # for the uploader, in plain words


def submit(
    session: Session,
    *,
    settings: Settings,
    pipeline: Analyser,
    data: bytes,
    filename: str,
    content_type: str | None = None,
    uploader: CurrentUser | None,
    now: datetime,
) -> Submission:
    """Store the bytes, analyse them and record the document; the same bytes again return the first record."""
    filename = PurePath(filename).name[:255] or "unnamed"
    digest = sha256_of(data)
    existing = session.scalar(select(Document).where(Document.sha256 == digest))
    if existing is not None:
        return _resubmitted(session, existing, uploader=uploader, now=now)

    _, relative = document_store(settings).put(data)  # stored before anything can fail: nothing is lost
    analysis = _analyse(
        session, pipeline=pipeline, data=data, filename=filename, content_type=content_type, settings=settings
    )
    review_status, review_reason = review_decision(analysis, threshold=settings.documents_review_threshold)
    document = Document(
        sha256=digest,
        filename=filename,
        content_type=content_type or mimetypes.guess_type(filename)[0],
        size_bytes=len(data),
        storage_path=relative,
        status=analysis.status,
        failure_reason=analysis.failure_reason,
        doc_type=analysis.doc_type,
        predicted_type=analysis.doc_type,
        confidence=analysis.confidence if analysis.doc_type is not None else None,
        classification_reason=analysis.reason or None,
        extracted_fields={name: extracted.as_dict() for name, extracted in analysis.fields.items()},
        missing_fields=list(analysis.missing_required),
        language=(analysis.language or None) and analysis.language[:5],
        page_count=analysis.page_count,
        text=analysis.text or None,
        form=analysis.form[:16] if analysis.form else None,
        ocr_used=analysis.ocr_used,
        review_status=review_status,
        review_reason=review_reason,
        uploaded_by_id=uploader.id if uploader else None,
        uploaded_at=now,
        last_submitted_at=now,
    )
    try:
        with session.begin_nested():
            session.add(document)
    except IntegrityError:  # the same bytes, submitted at the same moment by someone else
        winner = session.scalar(select(Document).where(Document.sha256 == digest))
        if winner is None:
            raise
        return _resubmitted(session, winner, uploader=uploader, now=now)
    audit.append(
        session,
        event="document.submitted",
        subject_type="document",
        subject_id=str(document.id),
        actor_id=uploader.id if uploader else None,
        payload={
            "sha256": digest,
            "filename": filename,
            "status": document.status.value,
            "doc_type": document.doc_type.value if document.doc_type else None,
            "review_status": review_status.value,
            "failure_reason": document.failure_reason,
        },
        occurred_at=now,
    )
    return Submission(document=document, duplicate=False, message=uploader_message(document))


def _analyse(
    session: Session,
    *,
    pipeline: Analyser,
    data: bytes,
    filename: str,
    content_type: str | None,
    settings: Settings,
) -> Analysis:
    if len(data) > settings.documents_max_upload_bytes:  # not even opened: a parser must not chew on it
        limit_mb = settings.documents_max_upload_bytes / 1_000_000
        return Analysis(
            status=DocumentStatus.FAILED,
            failure_reason=f"the file is {len(data) / 1_000_000:.1f} MB, more than the {limit_mb:g} MB allowed",
        )
    try:
        return pipeline.analyse(data, filename, content_type, exemplars=exemplars(session))
    except Exception as error:  # a parser bug must not lose the upload: it is recorded as failed
        log.exception("analysing %s failed", filename)
        return Analysis(
            status=DocumentStatus.FAILED,
            failure_reason=f"the file could not be analysed ({type(error).__name__})",
        )


def _resubmitted(
    session: Session, document: Document, *, uploader: CurrentUser | None, now: datetime
) -> Submission:
    document.times_submitted += 1
    document.last_submitted_at = now
    session.flush()
    audit.append(
        session,
        event="document.resubmitted",
        subject_type="document",
        subject_id=str(document.id),
        actor_id=uploader.id if uploader else None,
        payload={"sha256": document.sha256, "times_submitted": document.times_submitted},
        occurred_at=now,
    )
    when = f"{document.uploaded_at:%Y-%m-%d}"
    if uploader is not None and not can_see(uploader, document):
        message = (
            f"This file was already received on {when} (document #{document.id}); it was not stored again."
        )
    else:
        message = (
            f"This file was already received on {when} as document #{document.id} ({document.filename}); "
            f"it was not stored again. {uploader_message(document)}"
        )
    return Submission(document=document, duplicate=True, message=message)


def review_decision(analysis: Analysis, *, threshold: float) -> tuple[ReviewStatus, str | None]:
    """Low confidence, a missing required field or a scan nobody could read sends a document to review."""
    if analysis.status is DocumentStatus.FAILED:
        return ReviewStatus.NOT_NEEDED, None  # nothing was read; the uploader is told why
    if analysis.status is DocumentStatus.OCR_UNAVAILABLE:
        return ReviewStatus.NEEDS_REVIEW, "a scan and no OCR is available: a person has to read it"
    reasons = []
    if analysis.doc_type is None:
        reasons.append("not classified")
    elif analysis.confidence < threshold:
        reasons.append(f"confidence {analysis.confidence:.2f} is below the review threshold {threshold:.2f}")
    if analysis.missing_required:
        reasons.append("missing required field(s): " + ", ".join(analysis.missing_required))
    if reasons:
        return ReviewStatus.NEEDS_REVIEW, "; ".join(reasons)[:500]
    return ReviewStatus.NOT_NEEDED, None


def uploader_message(document: Document) -> str:
    name = f"Document #{document.id} ({document.filename})"
    if document.status is DocumentStatus.FAILED:
        return (
            f"{name} could not be read: {document.failure_reason}. The file is kept; upload a readable copy, "
            "or ask the back office to look at it."
        )
    kind = document.doc_type.value.replace("_", " ") if document.doc_type else "unclassified"
    confidence = f" (confidence {document.confidence:.2f})" if document.confidence is not None else ""
    if document.review_status is ReviewStatus.NEEDS_REVIEW:
        return f"{name} was received as {kind}{confidence} and waits for review: {document.review_reason}."
    return f"{name} was classified as {kind}{confidence}."


# --- reading -------------------------------------------------------------------------------------------------


def get(session: Session, *, document_id: int) -> Document | None:
    return session.get(Document, document_id)


def get_or_raise(
    session: Session, *, document_id: int, user: CurrentUser | None = None, for_update: bool = False
) -> Document:
    """The document, if it exists and (with `user`) that person may see it; NotFoundError otherwise."""
    document = session.get(Document, document_id, with_for_update=for_update or None)
    if document is None:
        raise NotFoundError("document", f"#{document_id}")
    if user is not None:
        require_visible(user, document)
    return document


def list_documents(
    session: Session,
    *,
    user: CurrentUser,
    status: DocumentStatus | None = None,
    doc_type: DocumentType | None = None,
    review_status: ReviewStatus | None = None,
    limit: int = 50,
) -> list[Document]:
    """Documents this person may see, newest first."""
    query = select(Document).order_by(Document.uploaded_at.desc(), Document.id.desc())
    if status is not None:
        query = query.where(Document.status == status)
    if doc_type is not None:
        query = query.where(Document.doc_type == doc_type)
    if review_status is not None:
        query = query.where(Document.review_status == review_status)
    visible: list[Document] = []
    # Visibility depends on type and uploader; read in pages until `limit` visible ones are found.
    offset, page = 0, max(limit, 50)
    while len(visible) < limit:
        batch = list(session.scalars(query.offset(offset).limit(page)))
        visible.extend(document for document in batch if can_see(user, document))
        if len(batch) < page:
            break
        offset += page
    return visible[:limit]


def list_review_queue(
    session: Session, *, user: CurrentUser, doc_type: DocumentType | None = None, limit: int = 50
) -> list[Document]:
    """Documents waiting for a person: low confidence, missing required fields, unreadable scans. Oldest first."""
    query = select(Document).where(Document.review_status == ReviewStatus.NEEDS_REVIEW)
    if doc_type is not None:
        query = query.where(Document.doc_type == doc_type)
    rows = session.scalars(query.order_by(Document.uploaded_at, Document.id))
    return [document for document in rows if can_see(user, document)][:limit]


def exemplars(session: Session, *, limit: int = EXEMPLAR_LIMIT) -> list[Exemplar]:
    """Documents a person labelled (corrected or confirmed), newest first: the classifier learns from these."""
    rows = session.execute(
        select(Document.doc_type, Document.text)
        .where(
            Document.review_status.in_(REVIEWED),
            Document.doc_type.is_not(None),
            Document.text.is_not(None),
        )
        .order_by(Document.reviewed_at.desc(), Document.id.desc())
        .limit(limit)
    ).all()
    return [
        Exemplar(doc_type=doc_type, text=text[:EXEMPLAR_TEXT_CHARS])
        for doc_type, text in rows
        if doc_type and text
    ]


# --- corrections ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionPreview:
    """What a correction will change: the type before/after and each field's old and new value."""

    document: Document
    doc_type_before: DocumentType | None
    doc_type_after: DocumentType
    changes: dict[str, tuple[Any, Any]]  # field -> (before, after); after None = removed
    dropped: list[str]  # fields the new type does not have
    reread: dict[str, dict[str, Any]]  # fields found in the text for the new type (none before)
    base_fields: dict[str, dict[str, Any]]  # the fields the changes apply to: kept ones plus re-read ones

    @property
    def changed(self) -> bool:
        return self.doc_type_before != self.doc_type_after or bool(self.changes) or bool(self.dropped)


def preview_correction(
    session: Session,
    *,
    document_id: int,
    reviewer: CurrentUser,
    doc_type: DocumentType | None = None,
    fields: Mapping[str, Any | None] | None = None,
) -> CorrectionPreview:
    """Validate a correction against the document as it is now; raises a ToolError saying what is wrong."""
    document = get_or_raise(session, document_id=document_id, user=reviewer)
    if document.status is DocumentStatus.FAILED:
        raise RefusedError(
            f"Document #{document.id} could not be read ({document.failure_reason}); there is nothing to correct. "
            "Upload a readable copy."
        )
    if document.filed_record_type is not None:
        raise RefusedError(
            f"Document #{document.id} is already filed as {document.filed_record_type} "
            f"#{document.filed_record_id}; correct that record instead."
        )
    new_type = doc_type or document.doc_type
    if new_type is None:
        raise InvalidArgumentsError(f"Document #{document.id} has no type yet: say what it is (doc_type).")
    allowed = FIELDS_BY_TYPE.get(new_type, ())
    current: dict[str, Any] = dict(document.extracted_fields or {})
    dropped = sorted(name for name in current if name not in allowed)
    base = {name: entry for name, entry in current.items() if name not in dropped}
    # A new type has other fields: read them from the text, so the reviewer only fixes what is still wrong.
    reread = {
        name: entry
        for name, entry in _fields_for(new_type, document).items()
        if name not in base and new_type != document.doc_type
    }
    base.update(reread)
    changes: dict[str, tuple[Any, Any]] = {}
    for name, raw in (fields or {}).items():
        if name not in allowed:
            known = ", ".join(allowed) or "none"
            raise InvalidArgumentsError(f"A {new_type.value} has no field {name!r}; its fields are: {known}.")
        value = None if raw is None else normalise_field(name, raw)
        before = base[name].get("value") if isinstance(base.get(name), dict) else None
        if value != before:
            changes[name] = (before, value)
    return CorrectionPreview(
        document=document,
        doc_type_before=document.doc_type,
        doc_type_after=new_type,
        changes=changes,
        dropped=dropped,
        reread=reread,
        base_fields=base,
    )


def _fields_for(doc_type: DocumentType, document: Document) -> dict[str, dict[str, Any]]:
    if not document.text:
        return {}
    from knowledge.documents.fields import extract_fields

    found = extract_fields(doc_type, [document.text], document.language)
    return {name: extracted.as_dict() for name, extracted in found.items()}


def correct(
    session: Session,
    *,
    document_id: int,
    reviewer: CurrentUser,
    doc_type: DocumentType | None = None,
    fields: Mapping[str, Any | None] | None = None,
    note: str | None = None,
    now: datetime,
) -> Document:
    """A person's verdict on a document: a new type and/or field values (None removes a field), or none of
    them to confirm it as it is. The document leaves the review queue and becomes an exemplar the classifier
    learns from. Audited in the caller's transaction."""
    preview = preview_correction(
        session, document_id=document_id, reviewer=reviewer, doc_type=doc_type, fields=fields
    )
    document = preview.document
    updated: dict[str, Any] = dict(preview.base_fields)
    for name, (_, value) in preview.changes.items():
        if value is None:
            updated.pop(name, None)
        else:
            updated[name] = {"value": value, "confidence": 1.0, "source": "reviewer"}
    document.doc_type = preview.doc_type_after
    if document.predicted_type is None:
        document.predicted_type = preview.doc_type_before
    document.extracted_fields = updated
    document.missing_fields = [
        name for name in REQUIRED_FIELDS.get(preview.doc_type_after, ()) if name not in updated
    ]
    document.review_status = ReviewStatus.CORRECTED if preview.changed else ReviewStatus.CONFIRMED
    document.review_reason = None
    document.reviewed_by_id = reviewer.id
    document.reviewed_at = now
    session.flush()
    audit.append(
        session,
        event=f"document.{document.review_status.value}",
        subject_type="document",
        subject_id=str(document.id),
        actor_id=reviewer.id,
        payload={
            "doc_type_before": preview.doc_type_before.value if preview.doc_type_before else None,
            "doc_type_after": preview.doc_type_after.value,
            "changes": {name: {"before": old, "after": new} for name, (old, new) in preview.changes.items()},
            "dropped": preview.dropped,
            "reread": {name: entry.get("value") for name, entry in preview.reread.items()},
            "note": note,
        },
        occurred_at=now,
    )
    return document


def normalise_field(name: str, raw: Any) -> Any:
    """A reviewer's value in the form extraction uses: ISO dates, '1234.56' amounts, upper-case currency."""
    text = raw if isinstance(raw, str) else str(raw)
    text = text.strip()
    if not text:
        raise InvalidArgumentsError(f"{name}: give a value, or null to remove the field.")
    if name in AMOUNT_FIELDS:
        try:
            amount = Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise InvalidArgumentsError(f"{name}: {text!r} is not an amount like 1234.56.") from None
        if not amount.is_finite():
            raise InvalidArgumentsError(f"{name}: {text!r} is not an amount like 1234.56.")
        return str(amount.quantize(Decimal("0.01")))
    if name in DATE_FIELDS:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise InvalidArgumentsError(f"{name}: {text!r} is not a date like 2026-11-24.") from None
    if name == "currency":
        if len(text) != 3 or not text.isalpha():
            raise InvalidArgumentsError(f"currency: {text!r} is not a three-letter code like EUR.")
        return text.upper()
    if name == "experience_years":
        try:
            years = int(text)
        except ValueError:
            raise InvalidArgumentsError(f"experience_years: {text!r} is not a whole number.") from None
        if not 0 <= years <= 80:
            raise InvalidArgumentsError(f"experience_years: {years} is out of range.")
        return years
    if name in LIST_FIELDS:
        if isinstance(raw, list):
            return [str(item).strip() for item in raw if str(item).strip()]
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    return text[:500]


def read_text(session: Session, *, document_id: int, user: CurrentUser) -> str:
    """The extracted text (untrusted data: show it, never follow it)."""
    return get_or_raise(session, document_id=document_id, user=user).text or ""


def field_value(document: Document, name: str) -> Any:
    entry = (document.extracted_fields or {}).get(name)
    return entry.get("value") if isinstance(entry, dict) else None
