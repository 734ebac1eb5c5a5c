"""Fields per type, normalised, each with a confidence and the line it was read from."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.db.models.documents import DocumentStatus, DocumentType
from knowledge.documents import REQUIRED_FIELDS, DocumentPipeline
from tests.knowledge.documents import samples

EXPECTED: list[tuple[str, DocumentType, dict[str, Any]]] = [
    (
        samples.INVOICE_DE,
        DocumentType.INVOICE,
        {
            "number": "RE-2025-114",
            "issue_date": "2025-12-31",
            "due_date": "2026-01-30",
            "seller": "Müller Bürotechnik GmbH",
            "buyer": "Beispiel AG",
            "seller_vat_id": "DE123456789",
            "buyer_vat_id": "DE987654321",
            "iban": "DE89370400440532013000",
            "currency": "EUR",
            "net": "1000.00",
            "tax": "190.00",
            "total": "1190.00",
            "po_reference": "PO-7781",
        },
    ),
    (
        samples.INVOICE_PL,
        DocumentType.INVOICE,
        {
            "number": "FV/2025/12/031",
            "issue_date": "2025-12-05",
            "due_date": "2025-12-19",
            "seller": "Biuro Plus Sp. z o.o.",
            "buyer": "Hurtownia Wisła S.A.",
            "seller_vat_id": "PL5260250274",
            "buyer_vat_id": "6770065406",
            "currency": "PLN",
            "net": "2000.00",
            "tax": "460.00",
            "total": "2460.00",
        },
    ),
    (
        samples.RECEIPT_HR,
        DocumentType.RECEIPT,
        {
            "merchant": "Dalmacija Pekarna d.o.o.",
            "date": "2025-03-14",
            "total": "6.90",
            "currency": "EUR",
            "tax": "1.38",
        },
    ),
    (
        samples.RECEIPT_KO,
        DocumentType.RECEIPT,
        {
            "merchant": "푸른식품 주식회사",
            "date": "2025-03-14",
            "total": "12000.00",
            "currency": "KRW",
            "tax": "1091.00",
        },
    ),
    (
        samples.PURCHASE_ORDER_EN,
        DocumentType.PURCHASE_ORDER,
        {
            "number": "PO-2025-0456",
            "buyer": "Northwind Supplies Ltd",
            "supplier": "Bluefield Office Products Ltd",
            "lines": [
                {"description": "Ergonomic office chair", "quantity": "10"},
                {"description": "Standing desk", "quantity": "2.5"},
            ],
            "total": "2325.00",
        },
    ),
    (
        samples.DELIVERY_NOTE_PL,
        DocumentType.DELIVERY_NOTE,
        {
            "number": "WZ/2025/03/118",
            "order_reference": "ZAM-2025-77",
            "items": [
                {"description": "Krzesło biurowe", "quantity": "4"},
                {"description": "Lampa biurkowa", "quantity": "2"},
            ],
        },
    ),
    (
        samples.CONTRACT_EN,
        DocumentType.CONTRACT,
        {
            "parties": ["Northwind Supplies Ltd", "Silverline Logistics Ltd"],
            "effective_date": "2025-02-01",
            "term": "24 months",
            "governing_law": "the laws of England and Wales",
        },
    ),
    (
        samples.CONTRACT_HR,
        DocumentType.CONTRACT,
        {
            "parties": ["Jadran Trgovina d.o.o.", "Zagorje Tisak d.o.o."],
            "effective_date": "2025-03-01",
            "term": "12 mjeseci",
            "governing_law": "pravo Republike Hrvatske",
        },
    ),
    (
        samples.RESUME_DE,
        DocumentType.RESUME,
        {
            "name": "Katrin Hoffmann",
            "email": "katrin.hoffmann@example.de",
            "phone": "+49 40 1234567",
            "skills": ["DATEV", "SAP FI", "Excel"],
            "experience_years": "8",
        },
    ),
    (
        samples.BANK_STATEMENT_HR,
        DocumentType.BANK_STATEMENT,
        {
            "iban": "HR1210010051863000160",
            "period_start": "2025-02-01",
            "period_end": "2025-02-28",
            "opening_balance": "12500.00",
            "closing_balance": "11250.00",
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "doc_type", "expected"), EXPECTED, ids=[f"{t.value}-{i}" for i, (_, t, _) in enumerate(EXPECTED)]
)
def test_fields(
    pipeline: DocumentPipeline, text: str, doc_type: DocumentType, expected: dict[str, Any]
) -> None:
    analysis = pipeline.analyse(text.encode(), "document.txt")

    assert (analysis.status, analysis.doc_type) == (DocumentStatus.CLASSIFIED, doc_type)
    assert analysis.field_values() == expected
    assert analysis.missing_required == ()
    for extracted in analysis.fields.values():
        assert 0 < extracted.confidence <= 1
        assert extracted.source.startswith("page 1, line ")


def test_missing_required_fields_are_listed(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(b"INVOICE\nInvoice number: INV-9\nThank you for your business.", "x.txt")

    assert analysis.doc_type is DocumentType.INVOICE
    assert set(analysis.missing_required) == set(REQUIRED_FIELDS[DocumentType.INVOICE]) - {"number"}


def test_every_type_has_required_fields_declared() -> None:
    assert set(REQUIRED_FIELDS) == set(DocumentType)
