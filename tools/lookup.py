"""Finding things by what people type: exact keys first, then forgiving matches (case, diacritics, typos).

Every `*_or_raise` raises NotFoundError naming what was looked for, with the closest matches when there are any.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from assistant.db.models import Customer, Employee, Product, SalesOrder, Supplier, Variant, Warehouse
from tools.base import NotFoundError

# Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Đurđević' -> 'durdevic', 'Łódź' -> 'lodz', 'MÜLLER' -> 'muller'.

    Hangul syllables decompose into their letters (jamo), which lets a partial Korean name still match.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def best_matches(query: str, choices: dict[Any, str], *, limit: int = 5, cutoff: float = 70) -> list[Any]:
    """Keys of `choices` whose text matches `query` best (folded, token-order-insensitive, typo-tolerant)."""
    folded_query = fold(query)
    if not folded_query:
        return []
    folded = {key: fold(text) for key, text in choices.items()}
    exact = [key for key, text in folded.items() if folded_query in text]
    if exact:
        return sorted(exact, key=lambda key: (len(folded[key]), str(folded[key])))[:limit]
    scored = process.extract(folded_query, folded, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [key for _, _, key in scored]


def suggestions(query: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    options = {candidate: candidate for candidate in candidates}
    return [str(key) for key in best_matches(query, options, limit=limit, cutoff=60)]


def normalise_order_number(text: str) -> str:
    cleaned = text.strip().upper()
    if cleaned.startswith("W") and cleaned[1:].isdigit():
        return "#" + cleaned  # tau2 numbers are '#W1234567'; people drop the '#'
    return cleaned


def get_order_or_raise(session: Session, number: str, *, for_update: bool = False) -> SalesOrder:
    wanted = normalise_order_number(number)
    order = None
    for condition in (SalesOrder.number == wanted, func.upper(SalesOrder.number) == wanted):
        query = select(SalesOrder).where(condition)
        order = session.scalar(query.with_for_update() if for_update else query)
        if order is not None:
            break
    if order is None:
        numbers = session.scalars(select(SalesOrder.number)).all()  # only on a miss; a few thousand strings
        raise NotFoundError("order", number, suggestions(wanted, numbers))
    return order


def get_variant_or_raise(session: Session, sku: str) -> Variant:
    wanted = sku.strip()
    query = select(Variant).options(joinedload(Variant.product))
    variant = session.scalar(query.where(Variant.sku == wanted))  # the usual case, served by the unique index
    if variant is None:
        variant = session.scalar(query.where(func.upper(Variant.sku) == wanted.upper()))
    if variant is None:
        skus = session.scalars(select(Variant.sku)).all()
        raise NotFoundError("product variant (SKU)", sku, suggestions(sku, skus))
    return variant


def get_warehouse_or_raise(session: Session, code: str) -> Warehouse:
    wanted = code.strip()
    warehouse = session.scalar(select(Warehouse).where(Warehouse.code == wanted)) or session.scalar(
        select(Warehouse).where(func.upper(Warehouse.code) == wanted.upper())
    )
    if warehouse is None:
        warehouses = session.scalars(select(Warehouse)).all()
        by_name = {w.code: f"{w.code} {w.name} {w.city}" for w in warehouses}
        raise NotFoundError("warehouse", code, [str(key) for key in best_matches(code, by_name, cutoff=50)])
    return warehouse


def find_customers(session: Session, query: str, *, limit: int = 10) -> Sequence[Customer]:
    """By exact email or code first, then by name, company or postcode, forgiving accents and typos."""
    text = query.strip()
    exact = session.scalars(
        select(Customer).where(
            (func.lower(Customer.email) == text.lower()) | (func.lower(Customer.code) == text.lower())
        )
    ).all()
    if exact:
        return exact
    rows = session.execute(select(Customer.id, Customer.name, Customer.company_name, Customer.email)).all()
    choices = {row.id: " ".join(filter(None, [row.name, row.company_name, row.email])) for row in rows}
    ids = best_matches(text, choices, limit=limit)
    if not ids:
        return []
    by_id = {
        customer.id: customer for customer in session.scalars(select(Customer).where(Customer.id.in_(ids)))
    }
    return [by_id[customer_id] for customer_id in ids if customer_id in by_id]


def get_customer_or_raise(session: Session, query: str) -> Customer:
    """Exactly one customer for an email, a code or an unambiguous name; otherwise say which ones are close."""
    matches = find_customers(session, query, limit=5)
    if len(matches) == 1:
        return matches[0]
    if (
        matches
        and fold(matches[0].name) == fold(query)
        and not any(fold(other.name) == fold(query) for other in matches[1:])
    ):
        return matches[0]
    if not matches:
        raise NotFoundError("customer", query)
    raise NotFoundError(
        "single customer",
        query,
        [f"{customer.name} <{customer.email}> ({customer.code})" for customer in matches],
    )


def get_supplier_or_raise(session: Session, query: str) -> Supplier:
    text = query.strip()
    supplier = session.scalar(select(Supplier).where(func.lower(Supplier.code) == text.lower()))
    if supplier is not None:
        return supplier
    rows = session.execute(select(Supplier.id, Supplier.name)).all()
    ids = best_matches(text, {row.id: row.name for row in rows}, limit=3)
    if len(ids) == 1:
        found = session.get(Supplier, ids[0])
        assert found is not None
        return found
    names = [row.name for row in rows if row.id in ids]
    raise NotFoundError("supplier", query, names)


def find_products(session: Session, query: str, *, limit: int = 10) -> Sequence[Product]:
    text = query.strip()
    by_code = session.scalars(select(Product).where(func.lower(Product.code) == text.lower())).all()
    if by_code:
        return by_code
    rows = session.execute(select(Product.id, Product.name, Product.category)).all()
    ids = best_matches(text, {row.id: f"{row.name} {row.category or ''}" for row in rows}, limit=limit)
    by_id = {product.id: product for product in session.scalars(select(Product).where(Product.id.in_(ids)))}
    return [by_id[product_id] for product_id in ids if product_id in by_id]


def get_employee_or_raise(session: Session, query: str) -> Employee:
    text = query.strip()
    employee = session.scalar(select(Employee).where(func.lower(Employee.email) == text.lower()))
    if employee is not None:
        return employee
    rows = session.execute(select(Employee.id, Employee.name)).all()
    ids = best_matches(text, {row.id: row.name for row in rows}, limit=3)
    if len(ids) == 1:
        found = session.get(Employee, ids[0])
        assert found is not None
        return found
    raise NotFoundError("employee", query, [row.name for row in rows if row.id in ids])


def number_filter_or_raise(
    session: Session, column: InstrumentedAttribute[str], number: str, what: str
) -> ColumnElement[bool]:
    """A case-insensitive filter on a document number; NotFoundError with close numbers when nothing matches."""
    wanted = number.strip().upper()
    condition = func.upper(column) == wanted
    if session.scalar(select(func.count()).select_from(column.class_).where(condition)):
        return condition
    numbers = session.scalars(select(column)).all()  # only on a miss
    raise NotFoundError(what, number, suggestions(wanted, numbers))
