"""Ingestion: the registry and the store stay in step; unchanged files cost nothing; failures stay per file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import Policy, PolicyStatus
from assistant.settings import Settings
from knowledge.ingest import Outcome, ingest_paths
from knowledge.service import KnowledgeService
from knowledge.store import EmbedderMismatchError
from tests.knowledge.conftest import FakeEmbedder
from tests.knowledge.files import write_pdf


def _outcomes(report: object) -> dict[str, Outcome]:
    return {item.path.name: item.outcome for item in report.files}  # type: ignore[attr-defined]


def test_a_folder_is_ingested_into_registry_and_store(
    db_session: Session, knowledge: KnowledgeService, policy_folder: Path
) -> None:
    report = ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    assert _outcomes(report) == {"leave.md": Outcome.ADDED, "travel.md": Outcome.ADDED}
    policies = {policy.source: policy for policy in db_session.scalars(select(Policy))}
    assert policies["travel.md"].title == "Travel and Expenses"
    assert policies["travel.md"].language == "en"
    assert policies["travel.md"].chunk_count == 3
    assert policies["travel.md"].embedder == "fake-words"
    assert policies["travel.md"].ingested_at is not None
    assert knowledge.store.count() == 4
    hits = knowledge.search(question="hotel limit per night in Germany", k=2).hits
    assert (hits[0].source, hits[0].section) == ("travel.md", "Travel and Expenses > Hotels")


def test_reingesting_unchanged_files_is_a_no_op(
    db_session: Session, knowledge: KnowledgeService, fake_embedder: FakeEmbedder, policy_folder: Path
) -> None:
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    embedded = len(fake_embedder.embedded)
    revision = knowledge.store.revision()
    report = ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    assert set(_outcomes(report).values()) == {Outcome.UNCHANGED}
    assert len(fake_embedder.embedded) == embedded, "nothing may be embedded again"
    assert knowledge.store.revision() == revision, "nothing may be written to the store"


def test_a_changed_file_replaces_its_chunks(
    db_session: Session, knowledge: KnowledgeService, policy_folder: Path
) -> None:
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    travel = policy_folder / "travel.md"
    travel.write_text("# Travel and Expenses\n\n## Hotels\n\nThe hotel limit is now 170 EUR per night.\n")
    report = ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    assert _outcomes(report) == {"leave.md": Outcome.UNCHANGED, "travel.md": Outcome.UPDATED}
    travel_chunks = [chunk for chunk in knowledge.store.all_chunks() if chunk.source == "travel.md"]
    assert [chunk.text for chunk in travel_chunks] == ["The hotel limit is now 170 EUR per night."]
    policy = db_session.scalars(select(Policy).where(Policy.source == "travel.md")).one()
    assert policy.chunk_count == 1
    top = knowledge.search(question="hotel limit per night", k=1).hits[0]
    assert "170 EUR" in top.text


def test_prune_drops_files_that_are_gone(
    db_session: Session, knowledge: KnowledgeService, policy_folder: Path
) -> None:
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    (policy_folder / "leave.md").unlink()
    kept = ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    assert {chunk.source for chunk in knowledge.store.all_chunks()} == {"travel.md", "leave.md"}, (
        "without --prune nothing is dropped"
    )
    assert _outcomes(kept) == {"travel.md": Outcome.UNCHANGED}
    pruned = ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder], prune=True)
    assert _outcomes(pruned) == {"travel.md": Outcome.UNCHANGED, "leave.md": Outcome.REMOVED}
    assert {chunk.source for chunk in knowledge.store.all_chunks()} == {"travel.md"}
    assert [policy.source for policy in db_session.scalars(select(Policy))] == ["travel.md"]
    ranked = knowledge.retriever.rank(question="annual leave days form HR-7", k=5)
    assert ranked and all(hit.source == "travel.md" for hit in ranked)


def test_one_bad_file_is_reported_and_the_rest_of_the_batch_goes_on(
    db_session: Session, knowledge: KnowledgeService, policy_folder: Path
) -> None:
    write_pdf(policy_folder / "secret.pdf", ["Salary bands"], password="pw")
    (policy_folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing useful here")
    (policy_folder / "empty.md").write_text("")
    (policy_folder / "notes.xlsx").write_bytes(b"PK")
    report = ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    outcomes = _outcomes(report)
    assert outcomes == {
        "broken.pdf": Outcome.FAILED,
        "empty.md": Outcome.FAILED,
        "leave.md": Outcome.ADDED,
        "notes.xlsx": Outcome.SKIPPED,
        "secret.pdf": Outcome.FAILED,
        "travel.md": Outcome.ADDED,
    }
    reasons = {item.path.name: item.reason for item in report.failed}
    assert "encrypted" in (reasons["secret.pdf"] or "")
    assert "damaged" in (reasons["broken.pdf"] or "")
    assert "empty" in (reasons["empty.md"] or "")
    failed = db_session.scalars(select(Policy).where(Policy.status == PolicyStatus.FAILED)).all()
    assert sorted(policy.source for policy in failed) == ["broken.pdf", "empty.md", "secret.pdf"]
    assert {chunk.source for chunk in knowledge.store.all_chunks()} == {"travel.md", "leave.md"}


def test_a_file_that_turns_bad_keeps_its_previous_chunks(
    db_session: Session, knowledge: KnowledgeService, policy_folder: Path
) -> None:
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    (policy_folder / "leave.md").write_text("")
    report = ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    assert _outcomes(report)["leave.md"] is Outcome.FAILED
    assert knowledge.search(question="annual leave days", k=1).hits[0].source == "leave.md"
    policy = db_session.scalars(select(Policy).where(Policy.source == "leave.md")).one()
    assert (policy.status, policy.error) == (PolicyStatus.FAILED, "the file is empty")


def test_an_explicitly_named_unsupported_file_fails(
    db_session: Session, knowledge: KnowledgeService, tmp_path: Path
) -> None:
    sheet = tmp_path / "prices.xlsx"
    sheet.write_bytes(b"PK")
    report = ingest_paths(db_session, knowledge=knowledge, paths=[sheet, tmp_path / "missing.md"])
    assert [(item.outcome, item.reason) for item in report.files] == [
        (
            Outcome.FAILED,
            "unsupported file type '.xlsx'; supported: .docx, .htm, .html, .markdown, .md, .pdf, .text, .txt",
        ),
        (Outcome.FAILED, "no such file or folder"),
    ]


def test_another_embedder_is_refused_until_rebuild(
    db_session: Session, knowledge: KnowledgeService, knowledge_settings: Settings, policy_folder: Path
) -> None:
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    other = FakeEmbedder(name="fake-other", dimension=32)
    with pytest.raises(EmbedderMismatchError, match=r"built with fake-words .*--rebuild"):
        KnowledgeService.from_settings(knowledge_settings, embedder=other)
    rebuilt = KnowledgeService.from_settings(knowledge_settings, embedder=other, rebuild=True)
    assert rebuilt.store.count() == 0
    report = ingest_paths(db_session, knowledge=rebuilt, paths=[policy_folder])
    assert set(_outcomes(report).values()) == {Outcome.UPDATED}, "a new embedder re-embeds every file"
    assert rebuilt.search(question="hotel limit", k=1).hits[0].source == "travel.md"


def test_a_crash_between_store_and_registry_heals_on_the_next_run(
    db_session: Session, knowledge: KnowledgeService, policy_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    (policy_folder / "travel.md").write_text("# Travel and Expenses\n\n## Hotels\n\nNew limit: 200 EUR.\n")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(type(knowledge.store), "delete_other_versions", crash)
    with pytest.raises(RuntimeError):
        ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder / "travel.md"])
    db_session.rollback()  # the command's unit of work never commits
    sources = [chunk.text for chunk in knowledge.store.all_chunks() if chunk.source == "travel.md"]
    assert "New limit: 200 EUR." in sources and any("150 EUR" in text for text in sources), (
        "both complete versions, never half of one"
    )
    monkeypatch.undo()
    ingest_paths(db_session, knowledge=knowledge, paths=[policy_folder])
    assert [chunk.text for chunk in knowledge.store.all_chunks() if chunk.source == "travel.md"] == [
        "New limit: 200 EUR."
    ]
