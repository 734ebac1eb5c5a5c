"""The audit log detects any edited, deleted or reordered record."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from assistant import audit
from assistant.db.models import AuditChainHead, AuditRecord
from tests.factories import make_employee
from tests.support import NOW


@pytest.fixture
def five_records(db_session: Session) -> list[audit.Appended]:
    actor = make_employee(db_session)
    return [
        audit.append(
            db_session,
            event="test.event",
            subject_type="thing",
            subject_id=str(n),
            actor_id=actor.id,
            payload={"n": n, "amount": "12.50", "nested": {"ok": True}},
            occurred_at=NOW,
        )
        for n in range(1, 6)
    ]


def test_intact_chain_verifies(db_session: Session, five_records: list[audit.Appended]) -> None:
    report = audit.verify(db_session)
    assert report.ok, report.problems
    assert report.records == 5
    assert [record.seq for record in five_records] == [1, 2, 3, 4, 5]
    assert five_records[1].prev_hash == five_records[0].record_hash


def _payload_edit(session: Session) -> None:
    session.execute(
        update(AuditRecord).where(AuditRecord.seq == 3).values(payload={"n": 3, "amount": "1.00"})
    )


def _actor_edit(session: Session) -> None:
    session.execute(update(AuditRecord).where(AuditRecord.seq == 2).values(actor_id=None))


def _event_edit(session: Session) -> None:
    session.execute(update(AuditRecord).where(AuditRecord.seq == 4).values(event="test.other"))


def _delete_middle(session: Session) -> None:
    session.execute(delete(AuditRecord).where(AuditRecord.seq == 3))


def _delete_tail(session: Session) -> None:
    session.execute(delete(AuditRecord).where(AuditRecord.seq == 5))


def _swap(session: Session) -> None:
    session.execute(update(AuditRecord).where(AuditRecord.seq == 2).values(seq=-2))
    session.execute(update(AuditRecord).where(AuditRecord.seq == 3).values(seq=2))
    session.execute(update(AuditRecord).where(AuditRecord.seq == -2).values(seq=3))


def _rehash_edit(session: Session) -> None:
    # A careful forger edits record 2 and recomputes its hash: the next record no longer follows it.
    record = session.scalars(select(AuditRecord).where(AuditRecord.seq == 2)).one()
    record.payload = {"n": 99}
    body = audit.canonical_body(
        seq=2,
        occurred_at=record.occurred_at,
        actor_id=record.actor_id,
        event=record.event,
        subject_type=record.subject_type,
        subject_id=record.subject_id,
        payload=record.payload,
    )
    record.record_hash = audit.chain_hash(record.prev_hash, body)


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (_payload_edit, "record 3: content does not match its hash"),
        (_actor_edit, "record 2: content does not match its hash"),
        (_event_edit, "record 4: content does not match its hash"),
        (_delete_middle, "expected record 3 here"),
        (_delete_tail, "the log ends at record 4"),
        (_swap, "does not follow the record before it"),
        (_rehash_edit, "record 3: does not follow the record before it"),
    ],
    ids=["payload", "actor", "event", "delete-middle", "delete-tail", "reorder", "edit-and-rehash"],
)
def test_tampering_is_detected(
    db_session: Session, five_records: list[audit.Appended], tamper: Callable[[Session], None], expected: str
) -> None:
    tamper(db_session)
    db_session.flush()
    db_session.expire_all()
    report = audit.verify(db_session)
    assert not report.ok
    assert any(expected in problem for problem in report.problems), report.problems


def test_head_tampering_is_detected(db_session: Session, five_records: list[audit.Appended]) -> None:
    db_session.execute(update(AuditChainHead).values(last_seq=4))
    db_session.expire_all()
    assert not audit.verify(db_session).ok


def test_export_is_json_lines_with_hashes(db_session: Session, five_records: list[audit.Appended]) -> None:
    lines = [json.loads(line) for line in audit.export_lines(db_session)]
    assert [line["seq"] for line in lines] == [1, 2, 3, 4, 5]
    assert lines[0]["prev_hash"] == audit.GENESIS_HASH
    assert lines[4]["record_hash"] == five_records[4].record_hash
    assert lines[0]["payload"] == {"n": 1, "amount": "12.50", "nested": {"ok": True}}


def test_payload_values_are_stored_in_a_stable_form(db_session: Session) -> None:
    from decimal import Decimal

    record = audit.append(
        db_session,
        event="e",
        subject_type="s",
        subject_id="1",
        actor_id=None,
        payload={"amount": Decimal("10.10"), "ratio": 0.5, "when": NOW},
    )
    db_session.expire_all()
    stored = db_session.scalar(select(AuditRecord.payload).where(AuditRecord.seq == record.seq))
    assert stored == {"amount": "10.10", "ratio": "0.5", "when": "2026-11-24 09:00:00+00:00"}
    assert audit.verify(db_session).ok


def test_deleting_the_chain_head_is_detected(db_session: Session, five_records: list[audit.Appended]) -> None:
    db_session.execute(delete(AuditRecord).where(AuditRecord.seq >= 4))
    db_session.execute(delete(AuditChainHead))
    db_session.expire_all()
    report = audit.verify(db_session)
    assert not report.ok
    assert any("chain head is missing" in problem for problem in report.problems)
