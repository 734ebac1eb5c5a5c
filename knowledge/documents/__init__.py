"""Document analysis (issue 6): bytes in, typed analysis out — format, text (OCR for scans), type with a
confidence and a reason, fields with confidence and source. A pure library: no database, no tools."""

from assistant.db.models.documents import DocumentStatus, DocumentType
from knowledge.documents.model import (
    FIELDS_BY_TYPE,
    REQUIRED_FIELDS,
    Analysis,
    Exemplar,
    ExtractedField,
    missing_fields,
)
from knowledge.documents.pipeline import DEFAULT_MAX_BYTES, DocumentPipeline

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FIELDS_BY_TYPE",
    "REQUIRED_FIELDS",
    "Analysis",
    "DocumentPipeline",
    "DocumentStatus",
    "DocumentType",
    "Exemplar",
    "ExtractedField",
    "missing_fields",
]
