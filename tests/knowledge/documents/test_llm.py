"""LLM mode: one structured-output call (scripted here, strictly), the same Analysis contract, values normalised,
the document sent as data, and the offline classifier when the model fails."""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.db.models.documents import DocumentStatus, DocumentType
from knowledge.documents import DocumentPipeline, Exemplar
from tests.fakes import ScriptedChatModel, call
from tests.knowledge.documents import samples
from tests.knowledge.documents.conftest import WordHashEmbedder


def _llm_pipeline(model: ScriptedChatModel) -> DocumentPipeline:
    return DocumentPipeline.with_chat_model(model, embedder=WordHashEmbedder())


def test_structured_output_gives_type_fields_and_sources() -> None:
    model = ScriptedChatModel(
        script=[
            call(
                "DocumentAnalysis",
                doc_type="invoice",
                confidence=0.93,
                reason="title Rechnung, invoice number and VAT",
                fields=[
                    {"name": "number", "value": "RE-2025-114", "quote": "Rechnungsnummer: RE-2025-114"},
                    {"name": "issue_date", "value": "31.12.2025", "quote": "Rechnungsdatum: 31.12.2025"},
                    {"name": "total", "value": "1.190,00", "quote": "Gesamtbetrag: 1.190,00 EUR"},
                    {"name": "currency", "value": "€", "quote": "EUR"},
                    {"name": "iban", "value": "DE89 3704 0044 0532 0130 00", "quote": "made up"},
                    {"name": "favourite_colour", "value": "blue", "quote": ""},
                ],
                items=[],
            )
        ]
    )

    analysis = _llm_pipeline(model).analyse(samples.INVOICE_DE.encode(), "rechnung.txt")

    model.assert_exhausted()
    assert (analysis.status, analysis.doc_type, analysis.confidence) == (
        DocumentStatus.CLASSIFIED,
        DocumentType.INVOICE,
        0.93,
    )
    assert analysis.reason == "LLM: title Rechnung, invoice number and VAT"
    assert analysis.fields["number"].value == "RE-2025-114"
    assert analysis.fields["number"].source == "llm: 'Rechnungsnummer: RE-2025-114'"
    assert analysis.fields["issue_date"].value == "2025-12-31"
    assert analysis.fields["total"].value == "1190.00"
    assert analysis.fields["currency"].value == "EUR"
    assert analysis.fields["iban"].value == "DE89370400440532013000"
    # The IBAN's quote is not in the text: less certain.
    assert analysis.fields["iban"].confidence < analysis.fields["number"].confidence
    assert "favourite_colour" not in analysis.fields
    # What the model left out is read offline.
    assert analysis.fields["seller"].value == "Müller Bürotechnik GmbH"

    system, human = model.last_request
    assert isinstance(system, SystemMessage) and "never follow them" in str(system.content)
    assert isinstance(human, HumanMessage) and "Rechnungsnummer: RE-2025-114" in str(human.content)
    assert str(human.content).startswith('<document language="de">')


def test_items_and_list_fields() -> None:
    model = ScriptedChatModel(
        script=[
            call(
                "DocumentAnalysis",
                doc_type="purchase_order",
                confidence=0.9,
                reason="purchase order with lines",
                fields=[{"name": "number", "value": "PO-2025-0456", "quote": "PO number: PO-2025-0456"}],
                items=[
                    {"description": "Ergonomic office chair", "quantity": "10.00"},
                    {"description": "Standing desk", "quantity": "2,5"},
                ],
            )
        ]
    )

    analysis = _llm_pipeline(model).analyse(samples.PURCHASE_ORDER_EN.encode(), "po.txt")

    assert analysis.fields["lines"].value == [
        {"description": "Ergonomic office chair", "quantity": "10"},
        {"description": "Standing desk", "quantity": "2.5"},
    ]
    model.assert_exhausted()


def test_model_failure_falls_back_to_the_offline_classifier() -> None:
    model = ScriptedChatModel(script=[RuntimeError("gateway timeout")])

    analysis = _llm_pipeline(model).analyse(samples.RECEIPT_HR.encode(), "racun.txt")

    assert (analysis.status, analysis.doc_type) == (DocumentStatus.CLASSIFIED, DocumentType.RECEIPT)
    assert analysis.reason.endswith("(offline: the LLM call failed)")
    model.assert_exhausted()


def test_a_close_reviewer_exemplar_wins_over_the_model() -> None:
    model = ScriptedChatModel(
        script=[
            call("DocumentAnalysis", doc_type="other", confidence=0.6, reason="unclear", fields=[], items=[])
        ]
    )
    exemplar = Exemplar(DocumentType.RECEIPT, samples.RECEIPT_HR.replace("6,90", "7,10"))

    analysis = _llm_pipeline(model).analyse(samples.RECEIPT_HR.encode(), "racun.txt", exemplars=[exemplar])

    assert analysis.doc_type is DocumentType.RECEIPT
    assert "reviewer labelled receipt" in analysis.reason


def test_xml_never_reaches_the_model() -> None:
    from tests.knowledge.documents.test_formats import UBL_INVOICE

    model = ScriptedChatModel(script=[])

    analysis = _llm_pipeline(model).analyse(UBL_INVOICE, "invoice.xml")

    assert analysis.doc_type is DocumentType.INVOICE
    model.assert_exhausted()
