"""Which supplier and purchase order a supplier invoice belongs to: VAT id first, then a near-certain name."""

from __future__ import annotations

import re
import string

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db.models import PurchaseOrder, Supplier
from tools.base import NotFoundError
from tools.lookup import fold

SUPPLIER_NAME_CUTOFF = 90.0
# Legal forms, and their pieces once punctuation is gone ('d.o.o.' -> 'd o o'), do not name a company.
_LEGAL_FORM_WORDS = """
    gmbh mbh ag kg ohg ug ltd limited inc llc plc corp co company
    sa srl spa bv nv oy ab as kft doo dd sp spolka zoo jdoo d o z
"""
LEGAL_FORMS = frozenset(_LEGAL_FORM_WORDS.split())


def normalise_vat_id(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def company_key(name: str) -> str:
    """'ACME Büromöbel GmbH' -> 'acme buromobel': folded, punctuation and legal forms dropped."""
    words = fold(name).translate(str.maketrans(string.punctuation, " " * len(string.punctuation))).split()
    kept = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(kept or words)


def match_supplier(session: Session, *, vat_id: str | None, name: str | None) -> tuple[Supplier | None, str]:
    """The supplier an invoice comes from: its VAT id when one matches exactly, else a near-certain name match.
    Returns (supplier or None, how it was matched or why not)."""
    suppliers = list(session.scalars(select(Supplier).order_by(Supplier.id)))
    if vat_id:
        wanted = normalise_vat_id(vat_id)
        by_vat = [s for s in suppliers if s.vat_id and normalise_vat_id(s.vat_id) == wanted]
        if len(by_vat) == 1:
            return by_vat[0], f"VAT id {vat_id}"
    if name:
        key = company_key(name)
        scored = sorted(
            ((fuzz.token_set_ratio(key, company_key(s.name)), s) for s in suppliers),
            key=lambda item: -item[0],
        )
        close = [(score, s) for score, s in scored if score >= SUPPLIER_NAME_CUTOFF]
        if len(close) == 1 or (len(close) > 1 and close[0][0] - close[1][0] >= 5):
            return close[0][1], f"name {name!r}"
        if len(close) > 1:
            names = ", ".join(f"{s.name} ({s.code})" for _, s in close[:3])
            return None, f"the seller {name!r} matches more than one supplier: {names}"
        return None, f"no supplier matches the seller {name!r}" + (f" or VAT id {vat_id}" if vat_id else "")
    return None, "the document names no seller or VAT id"


def find_purchase_order(session: Session, number: str) -> PurchaseOrder:
    cleaned = number.strip().upper()
    order = session.scalar(select(PurchaseOrder).where(func.upper(PurchaseOrder.number) == cleaned))
    if order is None:
        raise NotFoundError("purchase order", number)
    return order
