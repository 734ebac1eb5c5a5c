"""Ingest policy files: parse, chunk, embed, store, and keep the registry (table `policies`) in step.

Order of writes, so that a crash at any point never leaves half a file searchable:
1. the new version's chunks are added to the store (one batch; ids differ from the old version's);
2. the registry row records the new content hash (a savepoint per file; the caller commits);
3. the chunks of every other version of that file are deleted.
A crash after 1 leaves both complete versions (the next run finishes the job); a crash after 3 but before
the caller's commit leaves the new version with a registry that still names the old hash, so the next run
re-adds the same chunks (an upsert) and records it. A file that fails keeps its previous chunks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import Policy, PolicyStatus
from assistant.db.types import utcnow
from knowledge.chunking import chunk_document
from knowledge.parsing import DocumentError, is_supported, parse_file
from knowledge.service import KnowledgeService


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"  # a file of an unsupported type found while walking a folder
    REMOVED = "removed"


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    outcome: Outcome
    chunks: int = 0
    reason: str | None = None


@dataclass(frozen=True)
class IngestReport:
    files: list[FileOutcome]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.files if item.outcome is outcome)

    @property
    def failed(self) -> list[FileOutcome]:
        return [item for item in self.files if item.outcome is Outcome.FAILED]


ProgressCallback = Callable[[FileOutcome], None]


# Files that describe a folder rather than hold a policy: left out when walking a folder (name them to ingest).
FOLDER_NOTES = ("readme", "notice", "license", "licence", "changelog")


def collect_files(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """(file, named explicitly) for every file under `paths`; hidden files, folders and READMEs/NOTICEs/LICENSEs
    of a folder are left out."""
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                (file, False)
                for file in sorted(path.rglob("*"))
                if file.is_file()
                and not any(part.startswith(".") for part in file.relative_to(path).parts)
                and not file.name.casefold().startswith(FOLDER_NOTES)
            )
        else:
            found.append((path, True))
    return found


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ingest_paths(
    session: Session,
    *,
    knowledge: KnowledgeService,
    paths: Sequence[Path],
    prune: bool = False,
    on_file: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files and folders; each file succeeds or fails on its own. `prune` drops registered files under
    `paths` that are no longer there."""
    outcomes: list[FileOutcome] = []
    seen: set[str] = set()
    for file, explicit in collect_files(paths):
        if not file.exists():
            outcome = FileOutcome(file, Outcome.FAILED, reason="no such file or folder")
        elif not explicit and not is_supported(file):
            outcome = FileOutcome(file, Outcome.SKIPPED, reason=f"unsupported type {file.suffix or '(none)'}")
        else:
            key = str(file.resolve())
            seen.add(key)
            outcome = ingest_file(session, knowledge=knowledge, path=file)
        outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    if prune:
        for removed in prune_missing(session, knowledge=knowledge, roots=paths, keep=seen):
            outcomes.append(removed)
            if on_file is not None:
                on_file(removed)
    knowledge.retriever.invalidate()
    return IngestReport(files=outcomes)


def ingest_file(session: Session, *, knowledge: KnowledgeService, path: Path) -> FileOutcome:
    key = str(path.resolve())
    policy = session.scalar(select(Policy).where(Policy.path == key))
    store = knowledge.store
    try:
        digest = content_hash(path)
        if (
            policy is not None
            and policy.status is PolicyStatus.INGESTED
            and policy.content_hash == digest
            and policy.embedder == knowledge.embedder.name
            and store.holds_version(key, file_hash=digest)
        ):
            return FileOutcome(path, Outcome.UNCHANGED, chunks=policy.chunk_count)
        document = parse_file(path, max_bytes=int(knowledge.settings.knowledge_max_file_mb * 1_000_000))
        chunks = chunk_document(document, source=path.name, path=key)
        vectors = knowledge.embedder.embed_documents([chunk.indexed_text for chunk in chunks])
        store.add(chunks, vectors, file_hash=digest)
    except (DocumentError, OSError) as error:
        reason = error.reason if isinstance(error, DocumentError) else f"cannot read the file ({error})"
        _record_failure(session, policy=policy, path=path, key=key, reason=reason)
        return FileOutcome(path, Outcome.FAILED, reason=reason)
    existed = policy is not None and policy.content_hash is not None
    with session.begin_nested():
        if policy is None:
            policy = Policy(path=key, source=path.name, title=document.title)
            session.add(policy)
        policy.source = path.name
        policy.title = document.title[:300]
        policy.content_hash = digest
        policy.language = document.language
        policy.chunk_count = len(chunks)
        policy.embedder = knowledge.embedder.name
        policy.status = PolicyStatus.INGESTED
        policy.error = None
        policy.ingested_at = utcnow()
    store.delete_other_versions(key, keep_hash=digest)
    return FileOutcome(path, Outcome.UPDATED if existed else Outcome.ADDED, chunks=len(chunks))


def _record_failure(session: Session, *, policy: Policy | None, path: Path, key: str, reason: str) -> None:
    """The reason is kept on the registry row; a previously ingested version stays searchable."""
    if policy is None and not path.exists():
        return  # nothing to remember about a path that never existed
    with session.begin_nested():
        if policy is None:
            policy = Policy(path=key, source=path.name, title=path.name, chunk_count=0)
            session.add(policy)
        policy.status = PolicyStatus.FAILED
        policy.error = reason


def prune_missing(
    session: Session, *, knowledge: KnowledgeService, roots: Sequence[Path], keep: set[str]
) -> list[FileOutcome]:
    """Forget registered files under `roots` that this run did not find (deleted, renamed, moved)."""
    resolved = [root.resolve() for root in roots]
    removed: list[FileOutcome] = []
    for policy in session.scalars(select(Policy).order_by(Policy.path)):
        if policy.path in keep:
            continue
        path = Path(policy.path)
        if not any(path == root or root in path.parents for root in resolved):
            continue
        knowledge.store.delete_path(policy.path)  # the store first: a crash leaves a row to prune again
        with session.begin_nested():
            session.delete(policy)
        removed.append(FileOutcome(path, Outcome.REMOVED, chunks=policy.chunk_count))
    return removed
