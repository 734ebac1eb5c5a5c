"""Offline classification in five languages: a type, a calibrated confidence, the cues as the reason; reviewers'
exemplars override the built-in cues for similar documents."""

from __future__ import annotations

import pytest

from assistant.db.models.documents import DocumentType
from knowledge.documents import DocumentPipeline, Exemplar
from tests.knowledge.documents import samples
from tests.knowledge.documents.conftest import WordHashEmbedder


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [(text, doc_type) for _, doc_type, text in samples.BY_TYPE],
    ids=[name for name, _, _ in samples.BY_TYPE],
)
def test_each_type_in_several_languages(
    pipeline: DocumentPipeline, text: str, doc_type: DocumentType
) -> None:
    analysis = pipeline.analyse(text.encode(), "document.txt")

    assert analysis.doc_type is doc_type
    assert 0 < analysis.confidence <= 1
    assert analysis.reason


def test_reason_quotes_the_deciding_cues(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(samples.INVOICE_DE.encode(), "rechnung.txt")

    assert analysis.reason.startswith("title 'RECHNUNG'")
    assert "'Rechnungsnummer'" in analysis.reason
    assert analysis.confidence >= 0.9


def test_text_without_cues_is_other_with_low_confidence(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "note.txt")

    assert analysis.doc_type is DocumentType.OTHER
    assert analysis.confidence < 0.8


# A supplier's shipping slip without any of the usual delivery-note words: the cues see an order.
SLIP = """Order PO-{number}
Ship to: Northwind Supplies Ltd, 14 Mill Road, Leeds
Supplier: Bluefield Office Products Ltd
Boxes on pallet: {boxes}
Item   Qty
Chair  {chairs}
Lamp   2
Packed by warehouse team B"""


def test_a_reviewers_exemplar_makes_the_next_similar_document_right(pipeline: DocumentPipeline) -> None:
    first = pipeline.analyse(SLIP.format(number=101, boxes=3, chairs=4).encode(), "slip-1.txt")
    assert first.doc_type is DocumentType.PURCHASE_ORDER  # misclassified

    corrected = Exemplar(DocumentType.DELIVERY_NOTE, first.text)
    second = pipeline.analyse(
        SLIP.format(number=205, boxes=5, chairs=9).encode(), "slip-2.txt", exemplars=[corrected]
    )

    assert second.doc_type is DocumentType.DELIVERY_NOTE
    assert "reviewer labelled delivery note" in second.reason
    assert second.confidence >= 0.75
    assert second.field_values()["items"] == [
        {"description": "Chair", "quantity": "9"},
        {"description": "Lamp", "quantity": "2"},
    ]


def test_unrelated_exemplars_do_not_override_cues(pipeline: DocumentPipeline) -> None:
    exemplar = Exemplar(DocumentType.RESUME, samples.RESUME_DE)

    analysis = pipeline.analyse(samples.INVOICE_PL.encode(), "faktura.txt", exemplars=[exemplar])

    assert analysis.doc_type is DocumentType.INVOICE


def test_cues_alone_work_without_an_embedder() -> None:
    pipeline = DocumentPipeline.offline(embedder=None)

    assert pipeline.analyse(samples.RECEIPT_KO.encode(), "r.txt").doc_type is DocumentType.RECEIPT


def test_embedder_is_built_lazily_and_skipped_when_cues_decide() -> None:
    built: list[WordHashEmbedder] = []

    def factory() -> WordHashEmbedder:
        built.append(WordHashEmbedder())
        return built[-1]

    pipeline = DocumentPipeline.offline(embedder=factory)
    assert built == []
    pipeline.analyse(samples.INVOICE_DE.encode(), "rechnung.txt")  # decisive cues: no embedding needed
    assert built == []
    pipeline.analyse(samples.OTHER_EN.encode(), "minutes.txt")  # no cues: the embedding decides

    assert len(built) == 1
    assert built[0].calls >= 1
