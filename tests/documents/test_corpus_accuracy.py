"""The labelled document set (tests/documents/corpus.py): the generator's own checks, and the offline pipeline's
type and field accuracy over every document (dev and test splits). Targets from issue 6: type accuracy >= 0.90,
field accuracy >= 0.85.
"""

from __future__ import annotations

import re
from collections import Counter
from xml.etree import ElementTree

import pytest
from docx import Document as DocxDocument
from PIL import Image
from pypdf import PdfReader

from tests.documents.corpus import DOC_TYPES, SCAN_FORMS, CorpusDocument, generate_corpus
from tests.documents.corpus_values import LANGUAGES, iban_is_valid
from tests.documents.scoring import field_matches, score

TYPE_ACCURACY_TARGET = 0.90
FIELD_ACCURACY_TARGET = 0.85
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[CorpusDocument]:
    return generate_corpus(tmp_path_factory.mktemp("corpus"))


def _text_of(document: CorpusDocument) -> str:
    if document.form in ("txt", "md"):
        return document.path.read_text(encoding="utf-8")
    if document.form == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(document.path).pages)
    if document.form == "docx":
        docx = DocxDocument(str(document.path))
        cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
        return "\n".join([paragraph.text for paragraph in docx.paragraphs] + cells)
    return "\n".join(ElementTree.parse(document.path).getroot().itertext())  # noqa: S314 (our own XML)


def test_the_set_covers_every_type_language_and_form(corpus: list[CorpusDocument]) -> None:
    assert len(corpus) >= 110
    per_type = Counter(document.doc_type for document in corpus)
    assert set(per_type) == set(DOC_TYPES)
    assert min(per_type.values()) >= 10, per_type
    for doc_type in DOC_TYPES:
        languages = {document.language for document in corpus if document.doc_type == doc_type}
        assert languages == set(LANGUAGES), (doc_type, languages)
    forms = Counter(document.form for document in corpus)
    share = {form: count / len(corpus) for form, count in forms.items()}
    assert 0.30 <= share["pdf"] <= 0.40, share
    assert share["docx"] >= 0.12
    assert share.get("txt", 0) + share.get("md", 0) >= 0.12
    assert sum(share.get(form, 0) for form in SCAN_FORMS) >= 0.20
    assert {"xml_ubl", "xml_cii", "xml_despatch", "png", "jpg", "tiff", "scan_pdf"} <= set(forms)
    assert len({document.path.name for document in corpus}) == len(corpus)
    assert not any(doc_type in document.path.name for document in corpus for doc_type in DOC_TYPES)


def test_each_type_is_split_into_dev_and_test_halves(corpus: list[CorpusDocument]) -> None:
    for doc_type in DOC_TYPES:
        splits = Counter(document.split for document in corpus if document.doc_type == doc_type)
        assert set(splits) == {"dev", "test"}
        assert abs(splits["dev"] - splits["test"]) <= 1, (doc_type, splits)


def test_ibans_carry_valid_check_digits(corpus: list[CorpusDocument]) -> None:
    ibans = [document.fields["iban"] for document in corpus if "iban" in document.fields]
    assert len(ibans) >= 20
    assert all(iban_is_valid(iban) for iban in ibans)
    assert not iban_is_valid(ibans[0][:-1] + str((int(ibans[0][-1]) + 1) % 10))


def test_only_declared_fields_of_each_type_are_expected(corpus: list[CorpusDocument]) -> None:
    allowed = {
        "invoice": {"number", "issue_date", "due_date", "seller", "buyer", "seller_vat_id", "buyer_vat_id", "iban",
                    "currency", "net", "tax", "total", "po_reference"},
        "receipt": {"merchant", "date", "total", "currency", "tax"},
        "purchase_order": {"number", "buyer", "supplier", "lines", "total"},
        "delivery_note": {"number", "order_reference", "items"},
        "contract": {"parties", "effective_date", "term", "governing_law"},
        "resume": {"name", "email", "phone", "skills", "experience_years"},
        "bank_statement": {"iban", "period_start", "period_end", "opening_balance", "closing_balance"},
        "policy": set(),
        "other": set(),
    }  # fmt: skip
    for document in corpus:
        assert set(document.fields) <= allowed[document.doc_type], document
    amounts = [value for document in corpus for name, value in document.fields.items()
               if name in {"net", "tax", "total", "opening_balance", "closing_balance"}]  # fmt: skip
    assert all(re.fullmatch(r"-?\d+\.\d{2}", amount) for amount in amounts)


def test_printed_names_and_numbers_are_in_the_text(corpus: list[CorpusDocument]) -> None:
    """The labels describe the document: numbers, parties and contacts appear in its text as recorded."""
    checked = 0
    for document in corpus:
        if document.form in SCAN_FORMS:
            continue
        text = " ".join(_text_of(document).casefold().split())
        for name in ("number", "seller", "buyer", "merchant", "supplier", "name", "email", "po_reference",
                     "order_reference"):  # fmt: skip
            if name in document.fields:
                assert document.fields[name].casefold() in text, (
                    document.path.name,
                    name,
                    document.fields[name],
                )
                checked += 1
    assert checked >= 150


def test_scans_are_images_without_a_text_layer(corpus: list[CorpusDocument]) -> None:
    scans = [document for document in corpus if document.form in SCAN_FORMS]
    assert len(scans) >= 25
    for document in scans:
        if document.form == "scan_pdf":
            page = PdfReader(document.path).pages[0]
            assert page.extract_text().strip() == ""
            assert len(page.images) == 1
        else:
            with Image.open(document.path) as image:
                assert image.width >= 1600 and image.height >= 2300
                assert image.format in {"PNG", "JPEG", "TIFF"}


def test_korean_text_pdfs_have_extractable_text(corpus: list[CorpusDocument]) -> None:
    korean = [document for document in corpus if document.language == "ko" and document.form == "pdf"]
    assert len(korean) >= 3
    for document in korean:
        assert len(HANGUL.findall(_text_of(document))) >= 20, document.path.name


def test_field_matching_rules() -> None:
    assert field_matches("seller", "Müller Bürotechnik GmbH", "  müller   bürotechnik gmbh")
    assert field_matches("total", "1234.56", "1234.56")
    assert not field_matches("total", "1234.56", "1234.5")
    assert field_matches("iban", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00")
    assert field_matches("skills", ["Excel", "SAP FI"], ["sap fi", "excel"])
    assert not field_matches("skills", ["Excel", "SAP FI"], ["excel"])
    lines = [
        {"description": "Toner TN-2420", "quantity": "3"},
        {"description": "Segregator A4", "quantity": "2.5"},
    ]
    assert field_matches("lines", lines, [{"description": "toner  TN-2420", "quantity": "3"},
                                          {"description": "Segregator a4", "quantity": "2.5"}])  # fmt: skip
    assert not field_matches("lines", lines, list(reversed(lines)))
    assert field_matches("governing_law", "England and Wales", "the laws of England and Wales")
    assert not field_matches("issue_date", "2025-12-31", None)


@pytest.mark.slow
def test_offline_pipeline_accuracy_on_the_labelled_set(corpus: list[CorpusDocument]) -> None:
    # Imported here so that the generator's checks above still run while the pipeline is being built; without
    # the pipeline this test fails with ImportError (never skipped).
    from knowledge.documents import DocumentPipeline

    pipeline = DocumentPipeline.offline()
    analyses = [pipeline.analyse(document.path.read_bytes(), document.path.name) for document in corpus]
    result = score(corpus, analyses)
    report = result.table()
    assert result.type_accuracy >= TYPE_ACCURACY_TARGET and result.field_accuracy >= FIELD_ACCURACY_TARGET, (
        report
    )
