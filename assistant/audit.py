"""The audit log: append-only records chained by hashes, verification that finds tampering, JSON-lines export.

Each record's hash covers the previous record's hash and its own canonical JSON. Appends lock the single chain
head row (SELECT ... FOR UPDATE on PostgreSQL; SQLite has one writer anyway), so records are numbered 1, 2, 3...
without gaps and every record points at the one before it. Editing a record breaks its hash; deleting or
reordering records breaks the chain or the numbering; cutting off the tail disagrees with the head.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import AuditChainHead, AuditRecord
from assistant.db.types import utcnow

GENESIS_HASH = "0" * 64
HEAD_ID = 1


def canonical_body(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    event: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
) -> bytes:
    body = {
        "seq": seq,
        "occurred_at": occurred_at.isoformat(),
        "actor_id": actor_id,
        "event": event,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "payload": payload,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def _json_safe(payload: dict[str, Any]) -> dict[str, Any]:
    # Stored JSON must read back identically on every database, so only strings, ints, bools and None survive;
    # Decimals, dates and floats become strings here.
    safe: dict[str, Any] = _stringify_floats(json.loads(json.dumps(payload, default=str)))
    return safe


def _stringify_floats(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {key: _stringify_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_stringify_floats(item) for item in value]
    return value


class Entry(BaseModel):
    """One record to append."""

    event: str
    subject_type: str
    subject_id: str
    actor_id: int | None
    payload: dict[str, Any] = {}


def append(
    session: Session,
    *,
    event: str,
    subject_type: str,
    subject_id: str,
    actor_id: int | None,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditRecord:
    """Add one record in the caller's transaction; it commits or rolls back with the change it describes."""
    entry = Entry(
        event=event,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=actor_id,
        payload=payload or {},
    )
    return append_many(session, [entry], occurred_at=occurred_at)[0]


def append_many(
    session: Session, entries: list[Entry], *, occurred_at: datetime | None = None
) -> list[AuditRecord]:
    """Append several records under one lock of the chain head (cheaper than one lock per record)."""
    head = session.execute(
        select(AuditChainHead).where(AuditChainHead.id == HEAD_ID).with_for_update()
    ).scalar_one_or_none()
    if head is None:  # a database created without the migration's seed row
        head = AuditChainHead(id=HEAD_ID, last_seq=0, last_hash=GENESIS_HASH)
        session.add(head)
        session.flush()
    when = occurred_at or utcnow()
    records = []
    for entry in entries:
        safe_payload = _json_safe(entry.payload)
        seq = head.last_seq + 1
        body = canonical_body(
            seq=seq,
            occurred_at=when,
            actor_id=entry.actor_id,
            event=entry.event,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            payload=safe_payload,
        )
        record = AuditRecord(
            seq=seq,
            occurred_at=when,
            actor_id=entry.actor_id,
            event=entry.event,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            payload=safe_payload,
            prev_hash=head.last_hash,
            record_hash=chain_hash(head.last_hash, body),
        )
        session.add(record)
        head.last_seq = seq
        head.last_hash = record.record_hash
        records.append(record)
    session.flush()
    return records


class VerificationReport(BaseModel):
    ok: bool
    records: int
    problems: list[str]


def verify(session: Session) -> VerificationReport:
    """Recompute the whole chain; name every record where it breaks and why."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for record in session.scalars(select(AuditRecord).order_by(AuditRecord.seq, AuditRecord.id)):
        count += 1
        if record.seq != expected_seq:
            problems.append(
                f"record {record.seq}: expected record {expected_seq} here (records deleted or renumbered)"
            )
        if record.prev_hash != expected_prev:
            problems.append(
                f"record {record.seq}: does not follow the record before it (deleted or reordered)"
            )
        body = canonical_body(
            seq=record.seq,
            occurred_at=record.occurred_at,
            actor_id=record.actor_id,
            event=record.event,
            subject_type=record.subject_type,
            subject_id=record.subject_id,
            payload=record.payload,
        )
        if chain_hash(record.prev_hash, body) != record.record_hash:
            problems.append(f"record {record.seq}: content does not match its hash (edited)")
        expected_prev = record.record_hash
        expected_seq = record.seq + 1
    head = session.get(AuditChainHead, HEAD_ID)
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != expected_prev):
        problems.append(
            f"the chain head names record {head.last_seq} as the last one, but the log ends at record "
            f"{expected_seq - 1} (records cut off or the head edited)"
        )
    return VerificationReport(ok=not problems, records=count, problems=problems)


def export_lines(session: Session) -> Iterator[str]:
    """The log as JSON lines, oldest first, with the hashes so a copy can be verified elsewhere."""
    for record in session.scalars(select(AuditRecord).order_by(AuditRecord.seq)):
        yield json.dumps(
            {
                "seq": record.seq,
                "occurred_at": record.occurred_at.isoformat(),
                "actor_id": record.actor_id,
                "event": record.event,
                "subject_type": record.subject_type,
                "subject_id": record.subject_id,
                "payload": record.payload,
                "prev_hash": record.prev_hash,
                "record_hash": record.record_hash,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
