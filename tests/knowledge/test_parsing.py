"""Each supported format gives a title, a language and sections with heading paths; bad files say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.chunking import chunk_document
from knowledge.parsing import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    TooLargeError,
    UnsupportedTypeError,
    parse_file,
)
from tests.knowledge.conftest import TRAVEL_MD
from tests.knowledge.files import write_docx, write_pdf

LIMIT = 1_000_000


def test_markdown_headings_become_section_paths(tmp_path: Path) -> None:
    path = tmp_path / "travel.md"
    path.write_text(TRAVEL_MD, encoding="utf-8")
    document = parse_file(path, max_bytes=LIMIT)
    assert document.title == "Travel and Expenses"
    assert document.language == "en"
    by_path = {section.path: section.text for section in document.sections}
    assert "150 EUR per night" in by_path[("Travel and Expenses", "Hotels")]
    assert "40 EUR per day" in by_path[("Travel and Expenses", "Meals")]
    assert by_path[("Travel and Expenses",)] == "Business trips need a travel request."


def test_html_headings_give_structure_and_scripts_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "einkauf.html"
    path.write_text(
        "<html><head><title>Einkauf</title><script>var x = 'nicht lesen';</script></head><body>"
        "<h1>Einkaufsrichtlinie</h1><p>Die Bestellung wird für alle Abteilungen geprüft.</p>"
        "<h2>Freigabe</h2><ul><li>Über 10.000 EUR genehmigt die Geschäftsführung.</li><li>Darunter der "
        "Abteilungsleiter.</li></ul><h3>Formular</h3><p>Nutzen Sie das Formular <b>PO-3</b>.</p></body></html>",
        encoding="utf-8",
    )
    document = parse_file(path, max_bytes=LIMIT)
    assert document.title == "Einkaufsrichtlinie"
    assert document.language == "de"
    sections = {section.path: section.text for section in document.sections}
    assert "Geschäftsführung" in sections[("Einkaufsrichtlinie", "Freigabe")]
    assert "Darunter der Abteilungsleiter" in sections[("Einkaufsrichtlinie", "Freigabe")]
    assert sections[("Einkaufsrichtlinie", "Freigabe", "Formular")] == "Nutzen Sie das Formular PO-3."
    assert not any("nicht lesen" in text for text in sections.values())


def test_docx_heading_styles_give_structure(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "urlop.docx",
        [
            ("Title", "Zasady urlopów"),
            ("Normal", "Każdy pracownik ma prawo do urlopu."),
            ("Heading 1", "Urlop wypoczynkowy"),
            ("Normal", "Przysługuje 26 dni urlopu w roku kalendarzowym."),
            ("Heading 2", "Wniosek"),
            ("Normal", "Wniosek składa się w systemie kadrowym."),
        ],
    )
    document = parse_file(path, max_bytes=LIMIT)
    assert document.title == "Zasady urlopów"
    assert document.language == "pl"
    paths = [section.path for section in document.sections]
    assert paths == [("Zasady urlopów",), ("Urlop wypoczynkowy",), ("Urlop wypoczynkowy", "Wniosek")]


def test_pdf_text_keeps_page_numbers_through_chunking(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "expenses.pdf",
        ["Expense claims are filed monthly.", "Receipts older than 90 days are not reimbursed."],
        title="Expense Rules",
    )
    document = parse_file(path, max_bytes=LIMIT)
    assert document.title == "Expense Rules"
    chunks = chunk_document(document, source=path.name, path=str(path))
    assert [(chunk.page, chunk.section) for chunk in chunks] == [(1, "Expense Rules"), (2, "Expense Rules")]
    assert "90 days" in chunks[1].text


def test_plain_text_with_underlined_and_numbered_headings(tmp_path: Path) -> None:
    path = tmp_path / "it.txt"
    path.write_text(
        "IT Use\n======\n\nIntro text.\n\n1. Accounts\n-----------\n\n1.1 Passwords\n\n"
        "Passwords have at least 14 characters.\n",
        encoding="utf-8",
    )
    document = parse_file(path, max_bytes=LIMIT)
    assert document.title == "IT Use"
    assert document.sections[-1].path == ("IT Use", "1. Accounts", "1.1 Passwords")


def test_long_sections_are_split_with_overlap_and_stable_ids(tmp_path: Path) -> None:
    sentences = " ".join(
        f"Rule {number} says that the sentence number {number} matters." for number in range(120)
    )
    path = tmp_path / "long.md"
    path.write_text(f"# Long\n\n## Part\n\n{sentences}\n", encoding="utf-8")
    document = parse_file(path, max_bytes=LIMIT)
    chunks = chunk_document(document, source=path.name, path=str(path))
    assert len(chunks) > 3
    assert all(len(chunk.text.split()) <= 250 for chunk in chunks)
    assert all(chunk.section == "Long > Part" for chunk in chunks)
    first_tail = chunks[0].text.split()[-10:]
    assert chunks[1].text.split()[:10] != [] and " ".join(first_tail) in chunks[1].text  # overlap
    again = chunk_document(parse_file(path, max_bytes=LIMIT), source=path.name, path=str(path))
    assert [chunk.id for chunk in again] == [chunk.id for chunk in chunks]
    assert len({chunk.id for chunk in chunks}) == len(chunks)


def test_encrypted_pdf_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "secret.pdf", ["Salary bands."], password="s3cret")
    with pytest.raises(EncryptedDocumentError, match="encrypted"):
        parse_file(path, max_bytes=LIMIT)


def test_corrupt_pdf_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf at all\n")
    with pytest.raises(CorruptDocumentError, match="damaged"):
        parse_file(path, max_bytes=LIMIT)


def test_a_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    whole = write_pdf(tmp_path / "whole.pdf", ["Some text on a page."])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole.read_bytes()[:200])
    with pytest.raises((CorruptDocumentError, EmptyDocumentError)):
        parse_file(path, max_bytes=LIMIT)


def test_empty_unsupported_and_oversize_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\n  ", encoding="utf-8")
    sheet = tmp_path / "prices.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really")
    big = tmp_path / "big.md"
    big.write_text("# Big\n\n" + "word " * 5_000, encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match="empty"):
        parse_file(empty, max_bytes=LIMIT)
    with pytest.raises(EmptyDocumentError, match="no text"):
        parse_file(blank, max_bytes=LIMIT)
    with pytest.raises(UnsupportedTypeError, match=r"\.xlsx"):
        parse_file(sheet, max_bytes=LIMIT)
    with pytest.raises(TooLargeError, match="over the limit"):
        parse_file(big, max_bytes=10_000)


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(CorruptDocumentError):
        parse_file(path, max_bytes=LIMIT)
