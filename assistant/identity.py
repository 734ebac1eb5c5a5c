"""Who is asking: from an email (CLI, API tokens later) or a Slack id to the employee record, as a CurrentUser."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db.models import Employee
from tools.base import CurrentUser, PermissionDeniedError


def active_employee_by_email(session: Session, email: str) -> CurrentUser:
    """The active employee with this email (case-insensitive), or PermissionDeniedError saying why not."""
    employee = session.scalar(select(Employee).where(func.lower(Employee.email) == email.strip().lower()))
    if employee is None:
        raise PermissionDeniedError(f"No employee with the email {email!r}.")
    if not employee.is_active:
        raise PermissionDeniedError(f"{employee.name} is not an active employee.")
    return CurrentUser.of(employee)
