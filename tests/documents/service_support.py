"""Shared by the document service, tool, filing and correction tests: texts of typical documents, a scripted
pipeline for exact confidences, and short ways to submit, propose and decide."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from assistant import confirmations
from assistant.confirmations import ActionView
from assistant.db.models import Document, DocumentStatus, DocumentType
from assistant.documents import service
from assistant.documents.pipeline import Analyser
from knowledge.documents import DocumentPipeline
from knowledge.documents.model import Analysis, Exemplar, ExtractedField
from tests.support import NOW
from tools.base import CurrentUser, ToolContext
from tools.invoke import Proposal, call_tool
from tools.registry import default_registry


def quick_pipeline() -> Analyser:
    """The real offline pipeline without the embedding model: cues and reviewers' exemplars (fast)."""
    return DocumentPipeline.offline(embedder=None)


def invoice_text(
    *,
    seller: str = "Kovač Office Supplies d.o.o.",
    vat_id: str = "HR12345678901",
    number: str = "INV-2026-0042",
    po: str | None = "PO-000017",
    net: str = "1000.00",
    tax: str = "250.00",
    total: str = "1250.00",
    extra: str = "",
) -> str:
    po_line = f"PO reference: {po}\n" if po else ""
    return (
        "INVOICE\n"
        f"Invoice number: {number}\n"
        "Invoice date: 2026-11-02\n"
        "Due date: 2026-12-02\n"
        f"Seller: {seller}\n"
        f"Seller VAT ID: {vat_id}\n"
        "Buyer: Adriatic & Baltic Trading\n"
        "IBAN: HR1210010051863000160\n"
        f"{po_line}"
        f"Net amount: {net} EUR\n"
        f"Tax amount: {tax} EUR\n"
        f"Total: {total} EUR\n"
        f"{extra}"
    )


CAFE_RECEIPT = """CAFE CENTRAL
Table 4
2 x Cappuccino 7.00
1 x Sandwich 9.50
TOTAL EUR 16.50
VAT included 2.64
Date 2026-11-20
Thank you!
"""

CAFE_RECEIPT_AGAIN = """CAFE CENTRAL
Table 9
1 x Espresso 2.80
2 x Croissant 6.20
TOTAL EUR 9.00
VAT included 1.44
Date 2026-11-22
Thank you!
"""


@dataclass
class ScriptedPipeline:
    """Returns the analysis it was given, whatever the bytes; records the exemplars it was shown."""

    analysis: Analysis
    seen_exemplars: list[Sequence[Exemplar]] = field(default_factory=list)

    def analyse(
        self,
        data: bytes,
        filename: str,
        content_type: str | None = None,
        *,
        exemplars: Sequence[Exemplar] = (),
    ) -> Analysis:
        self.seen_exemplars.append(list(exemplars))
        return self.analysis


def scripted(
    doc_type: DocumentType = DocumentType.INVOICE,
    confidence: float = 0.9,
    fields: dict[str, Any] | None = None,
    missing: tuple[str, ...] = (),
    status: DocumentStatus = DocumentStatus.CLASSIFIED,
    text: str = "scripted text",
) -> ScriptedPipeline:
    return ScriptedPipeline(
        Analysis(
            status=status,
            doc_type=doc_type if status is DocumentStatus.CLASSIFIED else None,
            confidence=confidence,
            reason="scripted",
            fields={name: ExtractedField(value, 0.9, "scripted") for name, value in (fields or {}).items()},
            missing_required=missing,
            text=text,
            form="text",
        )
    )


def submit_text(
    ctx: ToolContext, text: str, filename: str = "upload.txt", pipeline: Analyser | None = None
) -> service.Submission:
    return service.submit(
        ctx.session,
        settings=ctx.settings,
        pipeline=pipeline or quick_pipeline(),
        data=text.encode(),
        filename=filename,
        uploader=ctx.user,
        now=NOW,
    )


def propose(ctx: ToolContext, tool_name: str, **arguments: Any) -> ActionView:
    result = call_tool(ctx, default_registry(), tool_name, arguments)
    assert isinstance(result, Proposal), result
    return result.action


def approve(ctx: ToolContext, action: ActionView, approver: CurrentUser) -> ActionView:
    return confirmations.approve(
        ctx.session,
        registry=default_registry(),
        settings=ctx.settings,
        action_id=action.id,
        approver=approver,
        now=NOW,
    )


def reload(session: Session, document: Document) -> Document:
    session.expire(document)
    return document


# A hotel receipt as a text upload: what the API, the pages and Slack tests send.
HOTEL_RECEIPT = b"""RECEIPT
Hotel Adler Hamburg
Receipt no. 4711
Date: 2026-11-20
1 night, single room 95.00
Total: 95.00 EUR
VAT 7%: 6.21
Paid by card
"""
