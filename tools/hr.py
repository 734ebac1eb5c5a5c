"""People: the staff directory, your own leave (balances and requests), and booking leave (write).

Leave data is personal: everyone sees their own; only admins (HR) may look at someone else's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assistant.db.models import (
    ActionStatus,
    Department,
    Employee,
    LeaveBalance,
    LeaveRequest,
    LeaveStatus,
    LeaveType,
    PendingAction,
    Role,
)
from assistant.permissions import require_own_hr_record
from tools.base import (
    ALL_ROLES,
    ApprovalRequirement,
    NotFoundError,
    Plan,
    RefusedError,
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    read_tool,
    write_tool,
)
from tools.lookup import best_matches, get_employee_or_raise, suggestions

REQUEST_LEAVE = "request_leave"
BOOKED_STATUSES = (LeaveStatus.APPROVED, LeaveStatus.PENDING)
MAX_REQUEST_SPAN_DAYS = 366


def working_days(start: date, end: date) -> int:
    """Monday to Friday between start and end, both included (public holidays are not known here)."""
    if end < start:
        return 0
    total = (end - start).days + 1
    full_weeks, rest = divmod(total, 7)
    extra = sum(1 for offset in range(rest) if (start + timedelta(days=offset)).weekday() < 5)
    return full_weeks * 5 + extra


def _days(value: Decimal) -> str:
    """Days as people write them: '3', '2.5' (the database gives '3.0')."""
    return f"{value.normalize():f}"


def _days_in_year(start: date, end: date, days: Decimal, year: int) -> Decimal:
    """The part of a leave that falls in `year` (a request may cross New Year)."""
    if start.year == end.year == year:
        return days
    first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    if last < first:
        return Decimal(0)
    return min(Decimal(working_days(first, last)), days)


# --- directory ----------------------------------------------------------------------------------------------


class EmployeeEntry(ToolResult):
    name: str
    email: str
    title: str | None
    department: str | None
    manager: str | None
    country: str | None
    city: str | None
    slack_user_id: str | None


class EmployeeDirectory(ToolResult):
    employees: list[EmployeeEntry]
    total_matches: int


class FindEmployeesArgs(ToolArgs):
    query: str | None = Field(
        default=None,
        description="Email (exact), or part of a name or job title; accents, Hangul and typos are fine. "
        "Empty lists everyone (in `department`, if given).",
        max_length=200,
    )
    department: str | None = Field(default=None, description="Department code or name.", max_length=120)
    limit: int = Field(default=20, ge=1, le=100, description="How many people to return at most.")


def _department_or_raise(session: Session, text: str) -> Department:
    departments = session.scalars(select(Department)).all()
    for department in departments:
        if department.code.casefold() == text.strip().casefold():
            return department
    # 'HR' for 'Human Resources': a department is also known by its name's initials
    initials = [
        d for d in departments if "".join(word[0] for word in d.name.split()).casefold() == text.casefold()
    ]
    if len(initials) == 1:
        return initials[0]
    ids = best_matches(text, {d.id: d.name for d in departments}, limit=2)
    if len(ids) == 1:
        return next(d for d in departments if d.id == ids[0])
    names = [d.name for d in departments if d.id in ids] or suggestions(text, [d.name for d in departments])
    raise NotFoundError("department", text, names)


def _entry(employee: Employee) -> EmployeeEntry:
    return EmployeeEntry(
        name=employee.name,
        email=employee.email,
        title=employee.title,
        department=employee.department.name if employee.department else None,
        manager=employee.manager.name if employee.manager else None,
        country=employee.country,
        city=employee.city,
        slack_user_id=employee.slack_user_id,
    )


@read_tool(
    name="find_employees",
    summary="Staff directory: who is who, their team, manager and contact.",
    roles=ALL_ROLES,
)
def find_employees(ctx: ToolContext, args: FindEmployeesArgs) -> EmployeeDirectory:
    """Look people up in the company directory by name (partial, accented, Korean or misspelt), email or job
    title, optionally within a department. Returns name, email, job title, department, manager, country, city
    and Slack id. Salary, leave and other HR data are not in the directory."""
    query = (
        select(Employee)
        .options(selectinload(Employee.department), selectinload(Employee.manager))
        .where(Employee.is_active.is_(True))
        .order_by(Employee.name, Employee.id)
    )
    if args.department:
        query = query.where(Employee.department_id == _department_or_raise(ctx.session, args.department).id)
    people = list(ctx.session.scalars(query))
    if args.query:
        by_email = [person for person in people if person.email.casefold() == args.query.casefold()]
        if by_email:
            people = by_email
        else:
            choices = {person.id: f"{person.name} {person.title or ''}" for person in people}
            by_id = {person.id: person for person in people}
            people = [by_id[key] for key in best_matches(args.query, choices, limit=args.limit)]
        if not people:
            names = ctx.session.scalars(select(Employee.name).where(Employee.is_active.is_(True))).all()
            raise NotFoundError("employee", args.query, suggestions(args.query, names))
    return EmployeeDirectory(
        employees=[_entry(person) for person in people[: args.limit]], total_matches=len(people)
    )


# --- my leave -----------------------------------------------------------------------------------------------


class RequestLeaveArgs(ToolArgs):
    start_date: date = Field(description="First day of leave.")
    end_date: date = Field(description="Last day of leave (the same as start_date for a single day).")
    leave_type: LeaveType = Field(default=LeaveType.ANNUAL, description="annual, sick, unpaid or other.")
    reason: str | None = Field(default=None, description="Optional note for the manager.", max_length=500)


@dataclass(frozen=True)
class _AwaitingLeave:
    """A request_leave proposal still waiting for a decision."""

    action_id: str
    args: RequestLeaveArgs

    @property
    def days(self) -> Decimal:
        return Decimal(working_days(self.args.start_date, self.args.end_date))


def _awaiting(session: Session, employee_id: int, now: datetime) -> list[_AwaitingLeave]:
    actions = session.scalars(
        select(PendingAction)
        .where(
            PendingAction.tool_name == REQUEST_LEAVE,
            PendingAction.requester_id == employee_id,
            PendingAction.status == ActionStatus.PENDING,
            PendingAction.expires_at > now,
        )
        .order_by(PendingAction.created_at)
    ).all()
    awaiting = []
    for action in actions:
        try:
            awaiting.append(_AwaitingLeave(action.id, RequestLeaveArgs.model_validate(action.arguments)))
        except ValidationError:  # stored by an older version of the tool; it cannot be booked as it is
            continue
    return awaiting


def _requests_in(
    session: Session, employee_id: int, first: date, last: date, statuses: Iterable[LeaveStatus] | None = None
) -> list[LeaveRequest]:
    query = (
        select(LeaveRequest)
        .where(
            LeaveRequest.employee_id == employee_id,
            LeaveRequest.start_date <= last,
            LeaveRequest.end_date >= first,
        )
        .order_by(LeaveRequest.start_date, LeaveRequest.id)
    )
    if statuses is not None:
        query = query.where(LeaveRequest.status.in_(list(statuses)))
    return list(session.scalars(query))


class LeaveBalanceView(ToolResult):
    leave_type: LeaveType
    year: int
    entitled_days: Decimal | None = Field(description="Granted for the year; None when nothing is recorded.")
    carried_over_days: Decimal | None
    taken_days: Decimal = Field(description="Approved leave in this year.")
    remaining_days: Decimal | None = Field(description="Entitled + carried over - taken.")
    pending_days: Decimal = Field(description="Requested and still waiting for approval.")


class LeaveRequestView(ToolResult):
    leave_type: LeaveType
    start_date: date
    end_date: date
    days: Decimal
    status: str = Field(description="approved, pending, rejected, cancelled, or awaiting_approval.")
    reason: str | None
    decided_by: str | None = None
    decided_at: datetime | None = None
    action_id: str | None = Field(
        default=None, description="The pending action, for requests awaiting approval."
    )


class LeaveOverview(ToolResult):
    employee: str
    email: str
    year: int
    balances: list[LeaveBalanceView]
    requests: list[LeaveRequestView]
    note: str | None = None


def _year_balances(session: Session, employee_id: int, year: int, now: datetime) -> list[LeaveBalanceView]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    granted = {
        balance.leave_type: balance
        for balance in session.scalars(
            select(LeaveBalance).where(LeaveBalance.employee_id == employee_id, LeaveBalance.year == year)
        )
    }
    taken: dict[LeaveType, Decimal] = {}
    pending: dict[LeaveType, Decimal] = {}
    for request in _requests_in(session, employee_id, first, last, BOOKED_STATUSES):
        into = taken if request.status == LeaveStatus.APPROVED else pending
        share = _days_in_year(request.start_date, request.end_date, request.days, year)
        into[request.leave_type] = into.get(request.leave_type, Decimal(0)) + share
    for waiting in _awaiting(session, employee_id, now):
        share = _days_in_year(waiting.args.start_date, waiting.args.end_date, waiting.days, year)
        if share:
            pending[waiting.args.leave_type] = pending.get(waiting.args.leave_type, Decimal(0)) + share
    views = []
    for leave_type in LeaveType:
        balance = granted.get(leave_type)
        if balance is None and leave_type not in taken and leave_type not in pending:
            continue
        used = taken.get(leave_type, Decimal(0))
        views.append(
            LeaveBalanceView(
                leave_type=leave_type,
                year=year,
                entitled_days=balance.entitled_days if balance else None,
                carried_over_days=balance.carried_over_days if balance else None,
                taken_days=used,
                remaining_days=balance.entitled_days + balance.carried_over_days - used if balance else None,
                pending_days=pending.get(leave_type, Decimal(0)),
            )
        )
    return views


class GetMyLeaveArgs(ToolArgs):
    year: int | None = Field(
        default=None, ge=2000, le=2100, description="Calendar year; the current one if empty."
    )
    employee: str | None = Field(
        default=None,
        description="Admins (HR) only: whose leave to show (email or name). Leave empty for your own.",
        max_length=200,
    )


@read_tool(
    name="get_my_leave",
    summary="Your leave: days entitled, taken, remaining and pending, and requests.",
    roles=ALL_ROLES,
)
def get_my_leave(ctx: ToolContext, args: GetMyLeaveArgs) -> LeaveOverview:
    """Show the caller's own leave for a year: per leave type the days entitled plus carried over, taken
    (approved), remaining, and pending (waiting for approval), and the leave requests of that year with their
    status. Only admins (HR) may pass `employee` to see someone else's leave; everyone else sees only their
    own."""
    if args.employee:
        target = get_employee_or_raise(ctx.session, args.employee)
        require_own_hr_record(ctx.user, target.id)
    else:
        found = ctx.session.get(Employee, ctx.user.id)
        if found is None:
            raise NotFoundError("employee record", ctx.user.email)
        target = found
    now = ctx.now()
    year = args.year or now.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    deciders = {
        e.id: e.name
        for e in ctx.session.scalars(
            select(Employee).where(
                Employee.id.in_(
                    select(LeaveRequest.decided_by_id).where(LeaveRequest.employee_id == target.id)
                )
            )
        )
    }
    requests = [
        LeaveRequestView(
            leave_type=request.leave_type,
            start_date=request.start_date,
            end_date=request.end_date,
            days=request.days,
            status=request.status.value,
            reason=request.reason,
            decided_by=deciders.get(request.decided_by_id or 0),
            decided_at=request.decided_at,
        )
        for request in _requests_in(ctx.session, target.id, first, last)
    ]
    requests += [
        LeaveRequestView(
            leave_type=waiting.args.leave_type,
            start_date=waiting.args.start_date,
            end_date=waiting.args.end_date,
            days=waiting.days,
            status="awaiting_approval",
            reason=waiting.args.reason,
            action_id=waiting.action_id,
        )
        for waiting in _awaiting(ctx.session, target.id, now)
        if waiting.args.start_date <= last and waiting.args.end_date >= first
    ]
    requests.sort(key=lambda view: view.start_date)
    balances = _year_balances(ctx.session, target.id, year, now)
    note = None if balances else f"No leave entitlement or leave is recorded for {year}."
    return LeaveOverview(
        employee=target.name, email=target.email, year=year, balances=balances, requests=requests, note=note
    )


# --- request leave (write) ----------------------------------------------------------------------------------


class LeaveBooked(ToolResult):
    leave_type: LeaveType
    start_date: date
    end_date: date
    days: Decimal
    status: LeaveStatus
    approved_by: str
    remaining_days: Decimal | None = Field(
        description="Annual leave left in the start year after this booking."
    )


def _annual_balance_and_taken(
    session: Session, employee_id: int, year: int
) -> tuple[LeaveBalance | None, Decimal]:
    balance = session.scalar(
        select(LeaveBalance).where(
            LeaveBalance.employee_id == employee_id,
            LeaveBalance.year == year,
            LeaveBalance.leave_type == LeaveType.ANNUAL,
        )
    )
    taken = sum(
        (
            _days_in_year(r.start_date, r.end_date, r.days, year)
            for r in _requests_in(
                session, employee_id, date(year, 1, 1), date(year, 12, 31), [LeaveStatus.APPROVED]
            )
            if r.leave_type == LeaveType.ANNUAL
        ),
        Decimal(0),
    )
    return balance, taken


def _check_overlap(ctx: ToolContext, args: RequestLeaveArgs) -> None:
    clashes = _requests_in(ctx.session, ctx.user.id, args.start_date, args.end_date, BOOKED_STATUSES)
    if clashes:
        clash = clashes[0]
        raise RefusedError(
            f"This overlaps your {clash.status.value} {clash.leave_type.value} leave from {clash.start_date} "
            f"to {clash.end_date}; change the dates or cancel that one first."
        )
    for waiting in _awaiting(ctx.session, ctx.user.id, ctx.now()):
        if waiting.args == args:
            continue  # the same request again: the confirmation engine hands back the one already pending
        if waiting.args.start_date <= args.end_date and waiting.args.end_date >= args.start_date:
            raise RefusedError(
                f"This overlaps your request for {waiting.args.start_date} to {waiting.args.end_date}, still "
                f"waiting for approval (action {waiting.action_id}); withdraw it first to change the dates."
            )


def _check_annual_balance(ctx: ToolContext, args: RequestLeaveArgs, days: Decimal) -> Decimal | None:
    """Refuse when a year's annual leave would go below zero; returns the start year's remaining after it."""
    remaining_after: Decimal | None = None
    for year in range(args.start_date.year, args.end_date.year + 1):
        needed = _days_in_year(args.start_date, args.end_date, days, year)
        balance, taken = _annual_balance_and_taken(ctx.session, ctx.user.id, year)
        if balance is None:
            raise RefusedError(
                f"No annual leave entitlement is recorded for you for {year}; ask HR to set it up."
            )
        remaining = balance.entitled_days + balance.carried_over_days - taken
        if needed > remaining:
            raise RefusedError(
                f"You asked for {_days(needed)} working days of annual leave in {year}, but only "
                f"{_days(remaining)} remain ({_days(balance.entitled_days)} entitled + "
                f"{_days(balance.carried_over_days)} carried over - {_days(taken)} taken)."
            )
        if remaining_after is None:
            remaining_after = remaining - needed
    return remaining_after


def _approval(session: Session, manager_id: int | None) -> tuple[ApprovalRequirement, str]:
    manager = session.get(Employee, manager_id) if manager_id is not None else None
    if manager is not None and manager.is_active:
        return ApprovalRequirement(
            roles=[Role.MANAGER],
            approver_id=manager.id,
            reason="Leave is approved by your manager.",
            self_approval=False,
        ), manager.name
    why = "You have no manager on record" if manager is None else f"Your manager {manager.name} is inactive"
    return ApprovalRequirement(
        roles=[Role.ADMIN], reason=f"{why}, so an admin (HR) decides.", self_approval=False
    ), "an admin"


def _validate_request(ctx: ToolContext, args: RequestLeaveArgs) -> tuple[Decimal, Decimal | None]:
    """All rules a leave request must meet now; returns (working days, annual days remaining after it)."""
    today = ctx.now().date()
    if args.end_date < args.start_date:
        raise RefusedError(f"The leave ends ({args.end_date}) before it starts ({args.start_date}).")
    if args.start_date < today:
        raise RefusedError(
            f"{args.start_date} is in the past; leave can be requested from today ({today}) on."
        )
    if (args.end_date - args.start_date).days >= MAX_REQUEST_SPAN_DAYS:
        raise RefusedError("One request can cover at most a year; split longer leave into several requests.")
    days = Decimal(working_days(args.start_date, args.end_date))
    if not days:
        raise RefusedError(
            f"{args.start_date} to {args.end_date} has no working days (Monday to Friday); "
            "nothing to request."
        )
    _check_overlap(ctx, args)
    remaining = _check_annual_balance(ctx, args, days) if args.leave_type == LeaveType.ANNUAL else None
    return days, remaining


def execute_request_leave(ctx: ToolContext, args: RequestLeaveArgs) -> LeaveBooked:
    if ctx.approver is None:
        raise RefusedError("Leave is booked only when someone approves the request.")
    # One booking per person at a time, so two approvals on two workers cannot both spend the same days.
    ctx.session.execute(select(Employee.id).where(Employee.id == ctx.user.id).with_for_update())
    days, remaining = _validate_request(ctx, args)
    request = LeaveRequest(
        employee_id=ctx.user.id,
        leave_type=args.leave_type,
        start_date=args.start_date,
        end_date=args.end_date,
        days=days,
        status=LeaveStatus.APPROVED,
        reason=args.reason,
        decided_by_id=ctx.approver.id,
        decided_at=ctx.now(),
    )
    ctx.session.add(request)
    ctx.session.flush()
    return LeaveBooked(
        leave_type=args.leave_type,
        start_date=args.start_date,
        end_date=args.end_date,
        days=days,
        status=LeaveStatus.APPROVED,
        approved_by=ctx.approver.name,
        remaining_days=remaining,
    )


@write_tool(
    name=REQUEST_LEAVE,
    summary="Request leave for yourself (your manager approves it).",
    roles=ALL_ROLES,
    execute=execute_request_leave,
)
def request_leave(ctx: ToolContext, args: RequestLeaveArgs) -> Plan:
    """Request leave for yourself (only for the person asking): first and last day, the type (annual by
    default; sick, unpaid or other) and an optional reason. Working days are Monday to Friday. Refused when
    the dates are in the past or ordered wrongly, contain no working day, overlap leave already booked or
    requested, or need more annual leave than remains. Nothing is booked until your manager (or, without one,
    an admin) approves."""
    days, remaining = _validate_request(ctx, args)
    requirement, decider = _approval(ctx.session, ctx.user.manager_id)
    span = (
        str(args.start_date) if args.start_date == args.end_date else f"{args.start_date} to {args.end_date}"
    )
    return Plan(
        summary=f"{args.leave_type.value.capitalize()} leave for {ctx.user.name}: {span} "
        f"({days} working days)",
        preview={
            "employee": ctx.user.name,
            "leave_type": args.leave_type.value,
            "start_date": args.start_date.isoformat(),
            "end_date": args.end_date.isoformat(),
            "working_days": _days(days),
            "annual_days_remaining_after": None if remaining is None else _days(remaining),
            "reason": args.reason,
            "decided_by": decider,
        },
        approval=requirement,
        amount=None,
    )


TOOLS: list[Tool[Any, Any]] = [find_employees, get_my_leave, request_leave]
