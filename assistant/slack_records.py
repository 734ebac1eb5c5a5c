"""What the Slack adapter remembers between events, as service functions over the slack_* tables.

- claim_event: an event id is taken once (a unique insert), so Slack's retries and a second worker answer nothing;
- Slack users -> employees: the employee record's own Slack id first, then a cache of users.info emails;
- where a proposal was posted, so a decision edits every copy.

Functions flush; the caller's unit of work commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant import confirmations
from assistant.confirmations import ActionView
from assistant.db.models import Conversation, Employee, SlackActionMessage, SlackEvent, SlackUser
from assistant.identity import active_employee_by_email
from tools.base import CurrentUser, PermissionDeniedError

EVENT_MEMORY = timedelta(days=1)  # Slack retries within minutes; older ids are forgotten


def claim_event(session: Session, *, event_id: str, now: datetime) -> bool:
    """True for the first caller with this event id, False for every later one (any process)."""
    session.execute(delete(SlackEvent).where(SlackEvent.received_at < now - EVENT_MEMORY))
    try:
        with session.begin_nested():
            session.add(SlackEvent(event_id=event_id[:64], received_at=now))
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class SlackIdentity:
    """Who a Slack user is here: the employee, or why they are not let in."""

    user: CurrentUser | None
    refusal: str | None = None


def known_identity(
    session: Session, *, team_id: str, user_id: str, now: datetime, cache_for: timedelta
) -> SlackIdentity | None:
    """Who this Slack user is, from the employee record's Slack id or a fresh cached lookup; None when users.info
    must be asked (never seen, or checked longer ago than `cache_for`)."""
    employee = session.scalar(select(Employee).where(Employee.slack_user_id == user_id))
    if employee is not None:
        return _admit(employee)
    cached = session.get(SlackUser, (team_id, user_id))
    if cached is None or cached.checked_at < now - cache_for:
        return None
    return _of_cached(session, cached)


def remember_lookup(
    session: Session, *, team_id: str, user_id: str, email: str | None, now: datetime
) -> SlackIdentity:
    """Store what users.info said (the email, or none) and who that makes the user."""
    employee_id: int | None = None
    if email:
        try:
            employee_id = active_employee_by_email(session, email).id
        except PermissionDeniedError:
            employee_id = None
    cached = session.get(SlackUser, (team_id, user_id))
    if cached is None:
        cached = SlackUser(team_id=team_id, user_id=user_id)
        session.add(cached)
    cached.email, cached.employee_id, cached.checked_at = email, employee_id, now
    session.flush()
    return _of_cached(session, cached)


def _of_cached(session: Session, cached: SlackUser) -> SlackIdentity:
    employee = session.get(Employee, cached.employee_id) if cached.employee_id is not None else None
    if employee is None:
        return SlackIdentity(user=None, refusal=_UNKNOWN)
    return _admit(employee)


_UNKNOWN = (
    "Sorry, I can only help employees of the company, and I could not match your Slack account to one "
    "(I look for an active employee with your Slack email address). Please ask an administrator to add you."
)


def _admit(employee: Employee) -> SlackIdentity:
    if not employee.is_active:
        return SlackIdentity(user=None, refusal=f"Sorry, {employee.name} is not an active employee any more.")
    return SlackIdentity(user=CurrentUser.of(employee))


def slack_id_of(session: Session, *, employee_id: int) -> str | None:
    """The Slack user id to reach an employee: their record's, else the most recent cached lookup."""
    employee = session.get(Employee, employee_id)
    if employee is None or not employee.is_active:
        return None
    if employee.slack_user_id:
        return employee.slack_user_id
    return session.scalars(
        select(SlackUser.user_id)
        .where(SlackUser.employee_id == employee_id)
        .order_by(SlackUser.checked_at.desc())
        .limit(1)
    ).first()


def employee_name(session: Session, *, employee_id: int) -> str | None:
    employee = session.get(Employee, employee_id)
    return employee.name if employee else None


def thread_conversation_key(
    session: Session, *, thread_key: str, slack_user_id: str, employee_id: int
) -> str:
    """The conversation key of a Slack thread for this person: the thread's own key when the thread is theirs
    (or new), else one of their own inside it — a conversation's context holds what its owner may see."""
    owner = session.scalar(select(Conversation.employee_id).where(Conversation.external_key == thread_key))
    if owner is None or owner == employee_id:
        return thread_key
    return f"{thread_key}/{slack_user_id}"


def record_action_message(session: Session, *, action_id: str, channel: str, ts: str, now: datetime) -> None:
    session.add(SlackActionMessage(action_id=action_id, channel=channel, ts=ts, created_at=now))
    session.flush()


def action_messages(session: Session, *, action_id: str) -> list[tuple[str, str]]:
    """(channel, ts) of every message that shows this action, oldest first."""
    rows = session.execute(
        select(SlackActionMessage.channel, SlackActionMessage.ts)
        .where(SlackActionMessage.action_id == action_id)
        .order_by(SlackActionMessage.id)
    )
    return [(channel, ts) for channel, ts in rows]


def approvers_to_notify(session: Session, action: ActionView) -> list[str]:
    """Slack ids of the people a proposal should be sent to because its requester cannot decide it: the named
    approver (e.g. the requester's manager for leave), else the requester's manager when they may decide it."""
    requester = session.get(Employee, action.requester_id)
    if requester is None:
        return []
    if action.required_approver_id is not None and action.required_approver_id != requester.id:
        candidates = [action.required_approver_id]
    elif confirmations.decidable_by(session, CurrentUser.of(requester), [action]):
        candidates = []
    elif requester.manager_id is not None:
        manager = session.get(Employee, requester.manager_id)
        may_decide = (
            manager is not None
            and manager.is_active
            and bool(confirmations.decidable_by(session, CurrentUser.of(manager), [action]))
        )
        candidates = [requester.manager_id] if may_decide else []
    else:
        candidates = []
    reachable = [slack_id_of(session, employee_id=employee_id) for employee_id in candidates]
    return [slack_id for slack_id in reachable if slack_id and slack_id != requester.slack_user_id]
