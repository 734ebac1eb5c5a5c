"""What an analysis returns: the typed result, one extracted field, a reviewer's exemplar, required fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.db.models.documents import DocumentStatus, DocumentType

# Forms a document arrives in, as `Analysis.form` names them.
FORM_PDF_TEXT = "pdf_text"
FORM_PDF_SCAN = "pdf_scan"
FORM_IMAGE = "image"
FORM_DOCX = "docx"
FORM_TEXT = "text"
FORM_XML_UBL = "xml_ubl"
FORM_XML_CII = "xml_cii"
FORM_UNKNOWN = "unknown"

# The fields a reviewer must see filled for a document of each type; anything missing sends it to review.
REQUIRED_FIELDS: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.INVOICE: ("number", "issue_date", "seller", "total", "currency"),
    DocumentType.RECEIPT: ("merchant", "date", "total"),
    DocumentType.PURCHASE_ORDER: ("number", "buyer", "supplier"),
    DocumentType.DELIVERY_NOTE: ("number", "items"),
    DocumentType.CONTRACT: ("parties", "effective_date"),
    DocumentType.RESUME: ("name", "email"),
    DocumentType.POLICY: (),
    DocumentType.BANK_STATEMENT: ("iban", "period_start", "period_end", "closing_balance"),
    DocumentType.OTHER: (),
}

# Every field each type can carry, in the order people read them.
FIELDS_BY_TYPE: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.INVOICE: (
        "number",
        "issue_date",
        "due_date",
        "seller",
        "buyer",
        "seller_vat_id",
        "buyer_vat_id",
        "iban",
        "currency",
        "net",
        "tax",
        "total",
        "po_reference",
    ),
    DocumentType.RECEIPT: ("merchant", "date", "total", "currency", "tax"),
    DocumentType.PURCHASE_ORDER: ("number", "buyer", "supplier", "lines", "total"),
    DocumentType.DELIVERY_NOTE: ("number", "order_reference", "items"),
    DocumentType.CONTRACT: ("parties", "effective_date", "term", "governing_law"),
    DocumentType.RESUME: ("name", "email", "phone", "skills", "experience_years"),
    DocumentType.POLICY: (),
    DocumentType.BANK_STATEMENT: ("iban", "period_start", "period_end", "opening_balance", "closing_balance"),
    DocumentType.OTHER: (),
}


@dataclass(frozen=True)
class ExtractedField:
    """One value pulled out of a document, how sure we are of it, and where it was found."""

    value: Any
    confidence: float
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": self.confidence, "source": self.source}


@dataclass(frozen=True)
class Exemplar:
    """A document a reviewer labelled (or corrected): similar documents are classified like it."""

    doc_type: DocumentType
    text: str


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline learnt about one file. `status` is CLASSIFIED on success."""

    status: DocumentStatus
    failure_reason: str | None = None
    doc_type: DocumentType | None = None
    confidence: float = 0.0
    reason: str = ""
    fields: dict[str, ExtractedField] = field(default_factory=dict)
    missing_required: tuple[str, ...] = ()
    language: str | None = None
    page_count: int | None = None
    text: str = ""
    ocr_used: bool = False
    form: str = FORM_UNKNOWN

    @property
    def ok(self) -> bool:
        return self.status is DocumentStatus.CLASSIFIED

    def field_values(self) -> dict[str, Any]:
        return {name: extracted.value for name, extracted in self.fields.items()}


def missing_fields(doc_type: DocumentType, fields: dict[str, ExtractedField]) -> tuple[str, ...]:
    return tuple(
        name
        for name in REQUIRED_FIELDS[doc_type]
        if name not in fields or fields[name].value in (None, "", [])
    )
