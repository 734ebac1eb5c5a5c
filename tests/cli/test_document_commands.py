"""`backoffice classify` and `backoffice documents ...` as a person at a terminal uses them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.cli import document_commands
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.models import Role
from tests.cli.conftest import Invoke
from tests.documents.service_support import CAFE_RECEIPT, invoice_text, quick_pipeline
from tests.factories import make_employee, make_supplier


@pytest.fixture
def office(cli: Invoke, empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    assert cli("init").exit_code == 0
    # The shipped pipeline minus the embedding model: the same reading and cues, without its start-up time.
    monkeypatch.setattr(document_commands, "pipeline_from_settings", lambda settings: quick_pipeline())
    engine = make_engine(empty_database_url)
    with session_scope(make_session_factory(engine)) as session:
        make_employee(session, role=Role.FINANCE, email="fin@example.test")
        make_employee(session, role=Role.FINANCE, email="controller@example.test")
        make_employee(session, role=Role.EMPLOYEE, email="emp@example.test")
        make_supplier(session, code="S-KOV", name="Kovač Office Supplies", vat_id="HR12345678901")
    yield {
        "finance": "fin@example.test",
        "controller": "controller@example.test",
        "employee": "emp@example.test",
    }
    engine.dispose()


def _document_id(output: str) -> int:
    match = re.search(r"#(\d+) ", output)
    assert match, output
    return int(match.group(1))


def test_classify_prints_type_confidence_fields_review_and_duplicates(
    cli: Invoke, office: dict[str, str], tmp_path: Path
) -> None:
    invoice = tmp_path / "kovac.txt"
    invoice.write_text(invoice_text(po=None), encoding="utf-8")
    receipt = tmp_path / "cafe.txt"
    receipt.write_text(CAFE_RECEIPT, encoding="utf-8")

    result = cli("classify", str(invoice), str(receipt), "--as", office["finance"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "invoice" in out and "INV-2026-0042" in out and "1250.00" in out
    assert re.search(r"confidence\W+0\.\d\d", out)
    assert "needs_review" in out and "below the review threshold" in out  # the unfamiliar cafe slip
    assert re.search(r"duplicate\W+no", out)

    again = cli("classify", str(invoice), "--as", office["finance"])
    assert re.search(r"duplicate\W+yes", again.output) and "already received" in again.output


def test_classify_keeps_a_bad_file_and_says_why(cli: Invoke, office: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.7 garbage")
    result = cli("classify", str(broken), str(tmp_path / "missing.pdf"))
    assert result.exit_code == 1
    assert "failed" in result.output and "could not be read" in result.output and "damaged" in result.output
    assert "missing.pdf: cannot read it" in result.output
    listed = cli("documents", "list", "--status", "failed", "--as", office["finance"])
    assert "scan.pdf" in listed.output and "damaged" in listed.output


def test_review_correct_then_file_through_an_approval(
    cli: Invoke, office: dict[str, str], tmp_path: Path
) -> None:
    receipt = tmp_path / "cafe.txt"
    receipt.write_text(CAFE_RECEIPT, encoding="utf-8")
    classified = cli("classify", str(receipt), "--as", office["employee"])
    document_id = _document_id(classified.output)

    queue = cli("documents", "review", "--as", office["finance"])
    assert "cafe.txt" in queue.output and "needs_review" in queue.output
    assert "may not use" in cli("documents", "review", "--as", office["employee"]).output

    corrected = cli(
        "documents", "correct", str(document_id), "--type", "receipt", "--field", "merchant=Cafe Central",
        "--field", "total=16.50", "--yes", "--as", office["finance"],
    )  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    shown = cli("documents", "show", str(document_id), "--text", "--as", office["finance"])
    assert "corrected" in shown.output and "Cafe Central" in shown.output and "Cappuccino" in shown.output
    assert "Nothing waits for review." in cli("documents", "review", "--as", office["finance"]).output

    proposed = cli("documents", "file", str(document_id), "--as", office["employee"])
    assert proposed.exit_code == 0, proposed.output
    assert "Proposed, not done" in proposed.output and "Cafe Central" in proposed.output
    action_id = re.search(r"action ([0-9a-f-]{36})", proposed.output)
    assert action_id, proposed.output
    approved = cli("actions", "approve", action_id.group(1), "--yes", "--as", office["controller"])
    assert approved.exit_code == 0, approved.output
    assert "expense #" in cli("documents", "list", "--as", office["employee"]).output


def test_someone_who_may_not_see_a_document_is_told_it_does_not_exist(
    cli: Invoke, office: dict[str, str], tmp_path: Path
) -> None:
    invoice = tmp_path / "kovac.txt"
    invoice.write_text(invoice_text(), encoding="utf-8")
    document_id = _document_id(cli("classify", str(invoice), "--as", office["finance"]).output)
    shown = cli("documents", "show", str(document_id), "--as", office["employee"])
    assert shown.exit_code == 1 and "No document found" in shown.output
