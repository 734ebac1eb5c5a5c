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
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Table, insert, select, update
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


def _tables() -> tuple[Table, Table]:
    tables = AuditRecord.metadata.tables
    return tables[AuditChainHead.__tablename__], tables[AuditRecord.__tablename__]


@dataclass(frozen=True)
class Appended:
    """What was written: the record's place in the chain and its hashes."""

    seq: int
    prev_hash: str
    record_hash: str


def append(
    session: Session,
    *,
    event: str,
    subject_type: str,
    subject_id: str,
    actor_id: int | None,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> Appended:
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
) -> list[Appended]:
    """Append several records under one lock of the chain head (cheaper than one lock per record).

    Plain SQL statements rather than ORM objects: this runs in every decision, and the unit-of-work
    machinery would cost more than the writes themselves.
    """
    session.flush()  # the change being audited goes first
    head_table, log_table = _tables()
    head = session.execute(
        select(head_table.c.last_seq, head_table.c.last_hash)
        .where(head_table.c.id == HEAD_ID)
        .with_for_update()
    ).one_or_none()
    if head is None:  # a database created without the migration's seed row
        session.execute(insert(head_table).values(id=HEAD_ID, last_seq=0, last_hash=GENESIS_HASH))
        last_seq, last_hash = 0, GENESIS_HASH
    else:
        last_seq, last_hash = head.last_seq, head.last_hash
    when = occurred_at or utcnow()
    rows, appended = [], []
    for entry in entries:
        safe_payload = _json_safe(entry.payload)
        seq = last_seq + 1
        body = canonical_body(
            seq=seq,
            occurred_at=when,
            actor_id=entry.actor_id,
            event=entry.event,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            payload=safe_payload,
        )
        record_hash = chain_hash(last_hash, body)
        rows.append(
            {
                "seq": seq,
                "occurred_at": when,
                "actor_id": entry.actor_id,
                "event": entry.event,
                "subject_type": entry.subject_type,
                "subject_id": entry.subject_id,
                "payload": safe_payload,
                "prev_hash": last_hash,
                "record_hash": record_hash,
            }
        )
        appended.append(Appended(seq=seq, prev_hash=last_hash, record_hash=record_hash))
        last_seq, last_hash = seq, record_hash
    session.execute(insert(log_table), rows)
    session.execute(
        update(head_table).where(head_table.c.id == HEAD_ID).values(last_seq=last_seq, last_hash=last_hash)
    )
    return appended


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
    head_table, _ = _tables()
    head = session.execute(
        select(head_table.c.last_seq, head_table.c.last_hash).where(head_table.c.id == HEAD_ID)
    ).one_or_none()
    if head is None:
        problems.append("the chain head is missing (deleted): the end of the log cannot be vouched for")
    elif head.last_seq != expected_seq - 1 or head.last_hash != expected_prev:
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
