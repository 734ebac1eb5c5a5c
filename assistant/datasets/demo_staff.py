"""The demo company's people: departments, employees and their managers, leave balances and requests."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from assistant.datasets.demo_model import DemoContext, EmployeeInfo, Row, at, business_days
from assistant.datasets.demo_roster import (
    COMPANY_DOMAIN,
    DEPARTMENTS,
    HR_MANAGER,
    LEAVE_ENTITLEMENT,
    LEAVE_REASONS,
    OFFICES,
    STAFF,
)
from assistant.db.models import Department, Employee, LeaveBalance, LeaveRequest, LeaveStatus, LeaveType

LEAVE_REQUESTS = 60
# Years each office has existed: nobody there was hired before it opened.
OFFICE_AGE_YEARS = {"HAM": 14, "WAW": 9, "ZAG": 7, "SEL": 4}


def build_staff(ctx: DemoContext) -> dict[str, EmployeeInfo]:
    """Rows for departments, employees (managers before their reports) and leave; employees by login."""
    rng = ctx.rng("staff")
    department_ids = {code: index for index, (code, _name) in enumerate(DEPARTMENTS, start=1)}
    ctx.add(
        Department, [{"id": department_ids[code], "code": code, "name": name} for code, name in DEPARTMENTS]
    )

    ids = {spec.login: index for index, spec in enumerate(STAFF, start=1)}
    staff: dict[str, EmployeeInfo] = {}
    rows: list[Row] = []
    for spec in STAFF:
        country, city = OFFICES[spec.office]
        oldest = OFFICE_AGE_YEARS[spec.office] * 365
        hired_on = ctx.as_of - timedelta(
            days=oldest - 20 if spec.manager is None else rng.randint(120, oldest)
        )
        employee_id = ids[spec.login]
        manager_id = ids[spec.manager] if spec.manager else None
        rows.append(
            {
                "id": employee_id,
                "email": f"{spec.login}@{COMPANY_DOMAIN}",
                "name": spec.name,
                "role": spec.role,
                "title": spec.title,
                "department_id": department_ids[spec.department],
                "manager_id": manager_id,
                "locale": spec.locale,
                "slack_user_id": f"U0DEMO{employee_id:03d}" if spec.on_slack else None,
                "country": country,
                "city": city,
                "hired_on": hired_on,
                "is_active": True,
                "created_at": at(hired_on, 8),
            }
        )
        staff[spec.login] = EmployeeInfo(
            employee_id, spec.login, spec.name, spec.locale, country, manager_id, hired_on
        )
    ctx.add(Employee, rows)
    _build_leave(ctx, rng, list(staff.values()), approver_of_last_resort=staff[HR_MANAGER].id)
    return staff


def _build_leave(
    ctx: DemoContext, rng: random.Random, employees: list[EmployeeInfo], *, approver_of_last_resort: int
) -> None:
    this_year, last_year = ctx.as_of.year, ctx.as_of.year - 1
    booked: dict[int, list[tuple[date, date]]] = {}
    annual_used: dict[tuple[int, int], Decimal] = {}
    requests: list[Row] = []
    attempts = 0
    while len(requests) < LEAVE_REQUESTS and attempts < 2000:
        attempts += 1
        employee = rng.choice(employees)
        leave_type = rng.choices(list(LeaveType), weights=(72, 16, 5, 7))[0]
        upcoming = leave_type is not LeaveType.SICK and rng.random() < 0.3
        start = ctx.as_of + timedelta(days=rng.randint(2, 110) if upcoming else -rng.randint(3, 330))
        while start.weekday() >= 5:
            start += timedelta(days=1)
        length = {
            LeaveType.ANNUAL: rng.randint(1, 10),
            LeaveType.SICK: rng.randint(1, 4),
            LeaveType.UNPAID: rng.randint(1, 5),
            LeaveType.OTHER: rng.randint(1, 2),
        }[leave_type]
        end = start
        while business_days(start, end) < length:
            end += timedelta(days=1)
        too_early = start.year < last_year or start <= employee.hired_on
        if too_early or end.year != start.year or (not upcoming and end >= ctx.as_of):
            continue
        if any(
            start <= taken_end and taken_start <= end
            for taken_start, taken_end in booked.get(employee.id, [])
        ):
            continue
        half_day = leave_type is LeaveType.ANNUAL and length == 1 and rng.random() < 0.25
        days = Decimal("0.5") if half_day else Decimal(length)
        status = _leave_status(rng, leave_type, upcoming)
        if leave_type is LeaveType.ANNUAL and status in (LeaveStatus.APPROVED, LeaveStatus.PENDING):
            used = annual_used.get((employee.id, start.year), Decimal(0))
            if used + days > LEAVE_ENTITLEMENT[employee.country][0]:
                continue
            annual_used[(employee.id, start.year)] = used + days
        booked.setdefault(employee.id, []).append((start, end))
        if leave_type is LeaveType.SICK:
            created_at = at(start, 6, rng.randint(0, 59))  # sick leave is reported on the morning itself
        else:
            created_at = min(
                at(start - timedelta(days=rng.randint(5, 45)), rng.randint(7, 16), rng.randint(0, 59)),
                ctx.now - timedelta(hours=rng.randint(2, 30)),
            )
        decided = status in (LeaveStatus.APPROVED, LeaveStatus.REJECTED)
        decided_at = min(created_at + timedelta(hours=rng.randint(1, 50)), ctx.now - timedelta(minutes=30))
        requests.append(
            {
                "employee_id": employee.id,
                "leave_type": leave_type,
                "start_date": start,
                "end_date": end,
                "days": days,
                "status": status,
                "reason": rng.choice(LEAVE_REASONS[leave_type.value][employee.locale]),
                "decided_by_id": (employee.manager_id or approver_of_last_resort) if decided else None,
                "decided_at": decided_at if decided else None,
                "created_at": created_at,
            }
        )
    requests.sort(key=lambda row: (row["created_at"], row["employee_id"]))
    for index, row in enumerate(requests, start=1):
        row["id"] = index
    ctx.add(LeaveRequest, requests)
    ctx.add(LeaveBalance, _leave_balances(rng, employees, requests, this_year))


def _leave_status(rng: random.Random, leave_type: LeaveType, upcoming: bool) -> LeaveStatus:
    if upcoming:
        return LeaveStatus.PENDING if rng.random() < 0.6 else LeaveStatus.APPROVED
    if leave_type is LeaveType.SICK:
        return LeaveStatus.APPROVED
    return rng.choices(
        (LeaveStatus.APPROVED, LeaveStatus.REJECTED, LeaveStatus.CANCELLED), weights=(88, 5, 7)
    )[0]


def _leave_balances(
    rng: random.Random, employees: list[EmployeeInfo], requests: list[Row], this_year: int
) -> list[Row]:
    """Entitlements for last year and this one; up to 5 unused days of last year's leave carry over."""
    taken_last_year: dict[int, Decimal] = {}
    for request in requests:
        if (
            request["leave_type"] is LeaveType.ANNUAL
            and request["status"] is LeaveStatus.APPROVED
            and request["start_date"].year == this_year - 1
        ):
            taken_last_year[request["employee_id"]] = (
                taken_last_year.get(request["employee_id"], Decimal(0)) + request["days"]
            )
    rows: list[Row] = []
    for employee in employees:
        annual, sick = LEAVE_ENTITLEMENT[employee.country]
        carried_into_last_year = Decimal(rng.randint(0, 5))
        left_over = annual + carried_into_last_year - taken_last_year.get(employee.id, Decimal(0))
        carried = {
            this_year - 1: carried_into_last_year,
            this_year: max(Decimal(0), min(Decimal(5), left_over)),
        }
        for year in (this_year - 1, this_year):
            rows.append(
                {
                    "employee_id": employee.id,
                    "year": year,
                    "leave_type": LeaveType.ANNUAL,
                    "entitled_days": Decimal(annual),
                    "carried_over_days": carried[year],
                }
            )
            rows.append(
                {
                    "employee_id": employee.id,
                    "year": year,
                    "leave_type": LeaveType.SICK,
                    "entitled_days": Decimal(sick),
                    "carried_over_days": Decimal(0),
                }
            )
    for index, row in enumerate(rows, start=1):
        row["id"] = index
    return rows
