"""API tokens: create (the secret is shown once), authenticate, revoke, list.

A token reads `bo_<8 characters>.<secret>`. The part before the dot is stored as it is (to find the row and to
name the token in lists); only the SHA-256 of the whole token is kept, so a copy of the database opens nothing.
Who the token belongs to is settled against the employee record as it is now: a deactivated employee's tokens
stop working, and their role is always today's.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db.models import ApiToken, Employee
from tools.base import CurrentUser, NotFoundError, PermissionDeniedError

PREFIX_START = "bo_"


class InvalidTokenError(Exception):
    """No token, an unknown or revoked one, or one whose employee is no longer active."""


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, never stored
    prefix: str
    employee_email: str


@dataclass(frozen=True)
class TokenSummary:
    prefix: str
    employee_email: str
    label: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, email: str, now: datetime, label: str | None = None) -> IssuedToken:
    """A new token for the active employee with this email; raises NotFoundError/PermissionDeniedError."""
    employee = session.scalar(select(Employee).where(func.lower(Employee.email) == email.strip().lower()))
    if employee is None:
        raise NotFoundError("employee", email)
    if not employee.is_active:
        raise PermissionDeniedError(f"{employee.name} is not an active employee.")
    prefix = PREFIX_START + secrets.token_hex(4)
    token = f"{prefix}.{secrets.token_urlsafe(32)}"
    session.add(
        ApiToken(
            prefix=prefix, secret_hash=token_hash(token), employee_id=employee.id, label=label, created_at=now
        )
    )
    session.flush()
    return IssuedToken(token=token, prefix=prefix, employee_email=employee.email)


def authenticate(session: Session, *, token: str, now: datetime) -> CurrentUser:
    """The active employee this token belongs to; records when it was last used."""
    prefix, dot, _ = token.partition(".")
    if not dot or not prefix.startswith(PREFIX_START) or not token.isprintable():
        raise InvalidTokenError("malformed token")  # a NUL or a control character never reaches the database
    row = session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
    if row is None or not hmac.compare_digest(row.secret_hash, token_hash(token)):
        raise InvalidTokenError("unknown token")
    if row.revoked_at is not None:
        raise InvalidTokenError("revoked token")
    employee = session.get(Employee, row.employee_id, populate_existing=True)
    if employee is None or not employee.is_active:
        raise InvalidTokenError("the token's employee is not active")
    row.last_used_at = now
    return CurrentUser.of(employee)


def revoke_token(session: Session, *, prefix: str, now: datetime) -> TokenSummary:
    """Revoke by prefix (the part before the dot; a whole token is accepted too). Revoking twice is harmless."""
    row = session.scalar(select(ApiToken).where(ApiToken.prefix == prefix.partition(".")[0]))
    if row is None:
        raise NotFoundError("API token", prefix)
    if row.revoked_at is None:
        row.revoked_at = now
    session.flush()
    return _summary(session, row)


def list_tokens(session: Session, *, email: str | None = None) -> list[TokenSummary]:
    """Tokens newest first, one employee's when `email` is given."""
    query = select(ApiToken).join(Employee, Employee.id == ApiToken.employee_id)
    if email is not None:
        query = query.where(func.lower(Employee.email) == email.strip().lower())
    rows = session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return [_summary(session, row) for row in rows]


def _summary(session: Session, row: ApiToken) -> TokenSummary:
    employee = session.get(Employee, row.employee_id)
    return TokenSummary(
        prefix=row.prefix,
        employee_email=employee.email if employee else "?",
        label=row.label,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )
