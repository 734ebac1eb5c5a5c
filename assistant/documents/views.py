"""What document functions return to tools and adapters: plain models, never ORM rows.

The extracted text is left out on purpose: it is untrusted data and can be long. Callers that need it (the CLI's
`documents show --text`) read it from the service explicitly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.db.models import Document, DocumentStatus, DocumentType, ReviewStatus


class FieldValue(BaseModel):
    value: Any
    confidence: float
    source: str


class DocumentSummary(BaseModel):
    """One line of a list."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    filename: str
    status: DocumentStatus
    doc_type: DocumentType | None
    confidence: float | None
    review_status: ReviewStatus
    review_reason: str | None
    failure_reason: str | None
    uploaded_at: datetime
    filed_as: str | None

    @classmethod
    def of(cls, document: Document) -> DocumentSummary:
        return cls.model_validate(_common(document))


class DocumentView(DocumentSummary):
    """Everything known about one document but its text."""

    content_type: str | None
    size_bytes: int
    sha256: str
    classification_reason: str | None
    predicted_type: DocumentType | None
    fields: dict[str, FieldValue]
    missing_fields: list[str]
    language: str | None
    page_count: int | None
    form: str | None
    ocr_used: bool
    times_submitted: int
    uploaded_by_id: int | None
    reviewed_by_id: int | None
    reviewed_at: datetime | None
    filed_record_type: str | None
    filed_record_id: int | None
    filed_at: datetime | None

    @classmethod
    def of(cls, document: Document) -> DocumentView:
        return cls.model_validate(
            {
                **_common(document),
                "content_type": document.content_type,
                "size_bytes": document.size_bytes,
                "sha256": document.sha256,
                "classification_reason": document.classification_reason,
                "predicted_type": document.predicted_type,
                "fields": document.extracted_fields or {},
                "missing_fields": document.missing_fields or [],
                "language": document.language,
                "page_count": document.page_count,
                "form": document.form,
                "ocr_used": document.ocr_used,
                "times_submitted": document.times_submitted,
                "uploaded_by_id": document.uploaded_by_id,
                "reviewed_by_id": document.reviewed_by_id,
                "reviewed_at": document.reviewed_at,
                "filed_record_type": document.filed_record_type,
                "filed_record_id": document.filed_record_id,
                "filed_at": document.filed_at,
            }
        )


def filed_as(document: Document) -> str | None:
    if document.filed_record_type is None:
        return None
    return f"{document.filed_record_type} #{document.filed_record_id}"


def _common(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "filename": document.filename,
        "status": document.status,
        "doc_type": document.doc_type,
        "confidence": document.confidence,
        "review_status": document.review_status,
        "review_reason": document.review_reason,
        "failure_reason": document.failure_reason,
        "uploaded_at": document.uploaded_at,
        "filed_as": filed_as(document),
    }
