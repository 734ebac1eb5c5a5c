"""Who may see a record the API hands out by id: a conversation's owner, one stored report (read-only lookups
that keep the HTTP routes free of queries)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assistant.db.models import Conversation, Employee, Report, Role
from assistant.reports.service import StoredReport
from tools.base import CurrentUser, NotFoundError


def require_own_conversation(session: Session, *, conversation_id: str, user: CurrentUser) -> None:
    """Someone else's conversation is reported as missing: its existence is not the caller's business."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.employee_id != user.id:
        raise NotFoundError("conversation", conversation_id)


def get_report_for(session: Session, *, report_id: str, user: CurrentUser) -> StoredReport:
    """A report the caller requested (admins: any report); NotFoundError otherwise."""
    report = session.get(Report, report_id)
    if report is None or (report.requested_by_id != user.id and user.role is not Role.ADMIN):
        raise NotFoundError("report", report_id)
    requester = session.get(Employee, report.requested_by_id)
    return StoredReport(
        id=report.id,
        kind=report.kind,
        title=report.title,
        requested_by=requester.email if requester else "?",
        created_at=report.created_at,
        files=list(report.files),
    )
