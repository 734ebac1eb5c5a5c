"""Uploaded documents: the stored file, what it was classified as, the fields pulled out, its review and filing."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.base import Base
from assistant.db.types import json_type, str_enum, utcnow


class DocumentType(StrEnum):
    INVOICE = "invoice"
    RECEIPT = "receipt"
    PURCHASE_ORDER = "purchase_order"
    DELIVERY_NOTE = "delivery_note"
    CONTRACT = "contract"
    RESUME = "resume"
    POLICY = "policy"
    BANK_STATEMENT = "bank_statement"
    OTHER = "other"


class DocumentStatus(StrEnum):
    RECEIVED = "received"
    PARSED = "parsed"
    CLASSIFIED = "classified"
    OCR_UNAVAILABLE = "ocr_unavailable"
    FAILED = "failed"


class ReviewStatus(StrEnum):
    NOT_NEEDED = "not_needed"
    NEEDS_REVIEW = "needs_review"
    CONFIRMED = "confirmed"
    CORRECTED = "corrected"


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(120))
    size_bytes: Mapped[int]
    storage_path: Mapped[str] = mapped_column(String(500))
    status: Mapped[DocumentStatus] = mapped_column(
        str_enum(DocumentStatus, 24), default=DocumentStatus.RECEIVED
    )
    doc_type: Mapped[DocumentType | None] = mapped_column(str_enum(DocumentType, 24), index=True)
    confidence: Mapped[float | None]
    classification_reason: Mapped[str | None] = mapped_column(Text)
    extracted_fields: Mapped[dict[str, Any]] = mapped_column(json_type(), default=dict)
    language: Mapped[str | None] = mapped_column(String(5))
    page_count: Mapped[int | None]
    review_status: Mapped[ReviewStatus] = mapped_column(
        str_enum(ReviewStatus, 16), default=ReviewStatus.NOT_NEEDED, index=True
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    reviewed_at: Mapped[datetime | None]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Why analysis failed (corrupt, encrypted, empty, too large...); the file is kept all the same.
    failure_reason: Mapped[str | None] = mapped_column(Text)
    # The extracted text: reviewed documents are the classifier's exemplars, and a policy is filed from it.
    text: Mapped[str | None] = mapped_column(Text)
    form: Mapped[str | None] = mapped_column(String(16))  # pdf_text, pdf_scan, image, docx, text, xml_ubl...
    ocr_used: Mapped[bool] = mapped_column(default=False, server_default="0")
    # What the classifier said before a reviewer corrected it (kept to measure and to explain corrections).
    predicted_type: Mapped[DocumentType | None] = mapped_column(str_enum(DocumentType, 24))
    missing_fields: Mapped[list[str] | None] = mapped_column(json_type())
    review_reason: Mapped[str | None] = mapped_column(String(500))
    # The same bytes uploaded again are this record, not a new one: counted, never stored twice.
    times_submitted: Mapped[int] = mapped_column(default=1, server_default="1")
    last_submitted_at: Mapped[datetime | None]
    # What the document was filed as, once an approved filing ran: e.g. ("invoice", 42).
    filed_record_type: Mapped[str | None] = mapped_column(String(32))
    filed_record_id: Mapped[int | None]
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    filed_at: Mapped[datetime | None]
