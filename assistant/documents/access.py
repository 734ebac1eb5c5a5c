"""Who may see a document: its uploader always; otherwise by what it is.

Resumes hold applicants' personal data (HR, i.e. admins); invoices, receipts, contracts and bank statements are
financial (finance, managers, admins); everything else, unclassified files included, is for the back office.
"""

from __future__ import annotations

from assistant.db.models import Document, DocumentType, Role
from tools.base import CurrentUser, NotFoundError

FINANCIAL_TYPES = frozenset(
    {DocumentType.INVOICE, DocumentType.RECEIPT, DocumentType.CONTRACT, DocumentType.BANK_STATEMENT}
)
PERSONAL_TYPES = frozenset({DocumentType.RESUME})

_HR_ROLES = frozenset({Role.ADMIN})
_FINANCE_ROLES = frozenset({Role.FINANCE, Role.MANAGER, Role.ADMIN})
_BACK_OFFICE_ROLES = frozenset({Role.STAFF, Role.MANAGER, Role.FINANCE, Role.ADMIN})


def roles_for(doc_type: DocumentType | None) -> frozenset[Role]:
    """The roles that see every document of this type."""
    if doc_type in PERSONAL_TYPES:
        return _HR_ROLES
    if doc_type in FINANCIAL_TYPES:
        return _FINANCE_ROLES
    return _BACK_OFFICE_ROLES


def can_see(user: CurrentUser, document: Document) -> bool:
    if document.uploaded_by_id == user.id:
        return True
    # A corrected document is guarded by both what it is now and what it was first taken for.
    return all(user.role in roles_for(doc_type) for doc_type in {document.doc_type, document.predicted_type})


def require_visible(user: CurrentUser, document: Document) -> None:
    """Someone who may not see a document is told it does not exist, not what it is."""
    if not can_see(user, document):
        raise NotFoundError("document", f"#{document.id}")
