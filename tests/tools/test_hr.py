"""HR tools: a directory for all; leave only for oneself (admins see all), booked after the manager's yes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant import confirmations
from assistant.db.models import (
    ActionStatus,
    Employee,
    LeaveBalance,
    LeaveRequest,
    LeaveStatus,
    LeaveType,
    Role,
)
from tests.factories import make_department, make_employee
from tests.support import NOW, MakeContext
from tools.base import (
    CurrentUser,
    InvalidArgumentsError,
    NotFoundError,
    PermissionDeniedError,
    RefusedError,
    Registry,
    ToolContext,
)
from tools.hr import EmployeeDirectory, EmployeeEntry, LeaveOverview, working_days
from tools.invoke import Proposal, call_tool

# NOW is Tuesday 2026-11-24.


@dataclass
class Team:
    manager: Employee
    other_manager: Employee
    admin: Employee
    worker: Employee


def _balance(session: Session, employee: Employee, year: int, entitled: str, carried: str = "0") -> None:
    session.add(
        LeaveBalance(
            employee_id=employee.id,
            year=year,
            leave_type=LeaveType.ANNUAL,
            entitled_days=Decimal(entitled),
            carried_over_days=Decimal(carried),
        )
    )
    session.flush()


def _leave(
    session: Session,
    employee: Employee,
    start: date,
    end: date,
    days: str,
    status: LeaveStatus = LeaveStatus.APPROVED,
    leave_type: LeaveType = LeaveType.ANNUAL,
) -> None:
    session.add(
        LeaveRequest(
            employee_id=employee.id,
            leave_type=leave_type,
            start_date=start,
            end_date=end,
            days=Decimal(days),
            status=status,
        )
    )
    session.flush()


@pytest.fixture
def team(db_session: Session) -> Team:
    operations = make_department(db_session, code="OPS", name="Operations")
    manager = make_employee(
        db_session,
        role=Role.MANAGER,
        name="Mirela Kovač",
        department_id=operations.id,
        title="Head of Operations",
    )
    worker = make_employee(
        db_session,
        role=Role.EMPLOYEE,
        name="Ivana Đurđević",
        email="ivana@example.test",
        manager_id=manager.id,
        department_id=operations.id,
        title="Warehouse clerk",
        slack_user_id="U0IVANA",
        country="HR",
        city="Zagreb",
    )
    make_employee(db_session, name="박지현", title="Sales lead", country="KR", city="Seoul")
    make_employee(db_session, name="Ivan Former", is_active=False)
    _balance(db_session, worker, 2026, "25", "2")
    _leave(db_session, worker, date(2025, 12, 29), date(2026, 1, 2), "5")  # 2 of its days fall in 2026
    _leave(db_session, worker, date(2026, 7, 6), date(2026, 7, 10), "5")
    _leave(db_session, worker, date(2026, 8, 3), date(2026, 8, 4), "2", status=LeaveStatus.REJECTED)
    return Team(
        manager=manager,
        other_manager=make_employee(db_session, role=Role.MANAGER, name="Other Manager"),
        admin=make_employee(db_session, role=Role.ADMIN, name="Hana Admin"),
        worker=worker,
    )


def _approve(
    ctx: ToolContext, registry: Registry, action_id: str, approver: Employee
) -> confirmations.ActionView:
    return confirmations.approve(
        ctx.session,
        registry=registry,
        settings=ctx.settings,
        action_id=action_id,
        approver=CurrentUser.of(approver),
        now=NOW,
    )


def _request(ctx: ToolContext, registry: Registry, start: str, end: str, **extra: Any) -> Proposal:
    result = call_tool(ctx, registry, "request_leave", {"start_date": start, "end_date": end, **extra})
    assert isinstance(result, Proposal)
    return result


def _leave_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(LeaveRequest)) or 0


def test_working_days_count_monday_to_friday() -> None:
    assert working_days(date(2026, 12, 1), date(2026, 12, 4)) == 4
    assert working_days(date(2026, 11, 28), date(2026, 11, 29)) == 0  # a weekend
    assert working_days(date(2026, 11, 27), date(2026, 12, 11)) == 11
    assert working_days(date(2026, 12, 4), date(2026, 12, 1)) == 0


# --- directory ----------------------------------------------------------------------------------------------


def _directory(make_ctx: MakeContext, registry: Registry, **args: Any) -> EmployeeDirectory:
    result = call_tool(make_ctx(Role.EMPLOYEE), registry, "find_employees", args)
    assert isinstance(result, EmployeeDirectory)
    return result


@pytest.mark.usefixtures("team")
def test_directory_finds_people_by_folded_or_korean_names(make_ctx: MakeContext, registry: Registry) -> None:
    ivana = _directory(make_ctx, registry, query="durdevic").employees
    assert [(e.name, e.title, e.department, e.manager, e.city, e.slack_user_id) for e in ivana] == [
        ("Ivana Đurđević", "Warehouse clerk", "Operations", "Mirela Kovač", "Zagreb", "U0IVANA")
    ]
    assert [e.name for e in _directory(make_ctx, registry, query="지현").employees] == ["박지현"]
    assert [e.name for e in _directory(make_ctx, registry, query="IVANA@example.test").employees] == [
        "Ivana Đurđević"
    ]
    assert [e.name for e in _directory(make_ctx, registry, department="operations").employees] == [
        "Ivana Đurđević",
        "Mirela Kovač",
    ]
    assert [e.name for e in _directory(make_ctx, registry, query="head of", department="OPS").employees] == [
        "Mirela Kovač"
    ]


def test_directory_holds_no_hr_data() -> None:
    assert set(EmployeeEntry.model_fields) == {
        "name",
        "email",
        "title",
        "department",
        "manager",
        "country",
        "city",
        "slack_user_id",
    }


@pytest.mark.usefixtures("team")
def test_directory_not_found(make_ctx: MakeContext, registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="No employee found for 'Ivan Former'"):
        _directory(make_ctx, registry, query="Ivan Former")  # inactive people are not listed
    with pytest.raises(NotFoundError, match="department"):
        _directory(make_ctx, registry, department="Astronautics")


# --- my leave -----------------------------------------------------------------------------------------------


def _my_leave(ctx: ToolContext, registry: Registry, **args: Any) -> LeaveOverview:
    result = call_tool(ctx, registry, "get_my_leave", args)
    assert isinstance(result, LeaveOverview)
    return result


def test_my_leave_balances_and_requests(make_ctx: MakeContext, registry: Registry, team: Team) -> None:
    ctx = make_ctx(employee=team.worker)
    _request(ctx, registry, "2026-12-01", "2026-12-04")
    overview = _my_leave(ctx, registry)
    assert (overview.employee, overview.year) == ("Ivana Đurđević", 2026)
    [annual] = overview.balances
    assert (annual.leave_type, annual.entitled_days, annual.carried_over_days) == (
        LeaveType.ANNUAL,
        Decimal("25"),
        Decimal("2"),
    )
    assert annual.taken_days == Decimal("7")  # 2 days of the New Year leave + 5 in July; rejected not counted
    assert annual.remaining_days == Decimal("20")
    assert annual.pending_days == Decimal("4")
    assert [(r.start_date, r.status) for r in overview.requests] == [
        (date(2025, 12, 29), "approved"),
        (date(2026, 7, 6), "approved"),
        (date(2026, 8, 3), "rejected"),
        (date(2026, 12, 1), "awaiting_approval"),
    ]
    assert overview.requests[-1].action_id is not None

    last_year = _my_leave(ctx, registry, year=2025)
    assert [(b.taken_days, b.entitled_days) for b in last_year.balances] == [(Decimal("3"), None)]


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.STAFF, Role.MANAGER, Role.FINANCE])
def test_only_admins_see_someone_elses_leave(
    make_ctx: MakeContext, registry: Registry, team: Team, role: Role
) -> None:
    with pytest.raises(PermissionDeniedError, match="only see your own leave"):
        _my_leave(make_ctx(role), registry, employee="ivana@example.test")


def test_admin_sees_anyones_leave_and_people_may_name_themselves(
    make_ctx: MakeContext, registry: Registry, team: Team
) -> None:
    assert (
        _my_leave(make_ctx(employee=team.admin), registry, employee="Ivana Durdevic").email
        == "ivana@example.test"
    )
    assert _my_leave(make_ctx(employee=team.worker), registry, employee="ivana@example.test").balances
    empty = _my_leave(make_ctx(employee=team.manager), registry)
    assert empty.balances == [] and empty.note is not None


# --- request_leave ------------------------------------------------------------------------------------------


def test_request_waits_for_the_requesters_manager(
    make_ctx: MakeContext, registry: Registry, db_session: Session, team: Team
) -> None:
    ctx = make_ctx(employee=team.worker)
    proposal = _request(ctx, registry, "2026-12-01", "2026-12-04", reason="Family visit")
    action = proposal.action
    assert action.required_approver_id == team.manager.id
    assert action.required_roles == ["manager"]
    assert action.approval_reason == "Leave is approved by your manager."
    assert action.amount is None
    assert action.preview["working_days"] == "4"
    assert action.preview["annual_days_remaining_after"] == "16"
    assert action.preview["decided_by"] == "Mirela Kovač"
    assert _leave_count(db_session) == 3  # nothing written yet

    for wrong in (team.other_manager, team.worker):
        with pytest.raises(PermissionDeniedError, match="Only Mirela Kovač \\(or an admin\\) can decide"):
            _approve(ctx, registry, action.id, wrong)
    assert _leave_count(db_session) == 3

    decided = _approve(ctx, registry, action.id, team.manager)
    assert decided.status is ActionStatus.EXECUTED, decided.error
    assert decided.result is not None and Decimal(decided.result["remaining_days"]) == 16
    booked = db_session.scalars(
        select(LeaveRequest).where(LeaveRequest.start_date == date(2026, 12, 1))
    ).one()
    assert (booked.employee_id, booked.status, booked.days, booked.reason) == (
        team.worker.id,
        LeaveStatus.APPROVED,
        Decimal("4"),
        "Family visit",
    )
    assert booked.decided_by_id == team.manager.id
    assert booked.decided_at == NOW


def test_without_a_manager_an_admin_decides(
    make_ctx: MakeContext, registry: Registry, db_session: Session, team: Team
) -> None:
    loner = make_employee(db_session, role=Role.STAFF, name="No Manager")
    _balance(db_session, loner, 2026, "20")
    ctx = make_ctx(employee=loner)
    action = _request(ctx, registry, "2026-12-07", "2026-12-07").action
    assert (action.required_roles, action.required_approver_id) == (["admin"], None)
    with pytest.raises(PermissionDeniedError, match="needs the role admin"):
        _approve(ctx, registry, action.id, team.manager)
    assert _approve(ctx, registry, action.id, team.admin).status is ActionStatus.EXECUTED


def test_nobody_approves_their_own_leave(
    make_ctx: MakeContext, registry: Registry, db_session: Session, team: Team
) -> None:
    _balance(db_session, team.admin, 2026, "20")
    ctx = make_ctx(employee=team.admin)
    action = _request(ctx, registry, "2026-12-07", "2026-12-08").action
    with pytest.raises(PermissionDeniedError, match="cannot approve your own request"):
        _approve(ctx, registry, action.id, team.admin)
    assert confirmations.get_action(db_session, action.id).status is ActionStatus.PENDING
    assert _leave_count(db_session) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"start_date": "2026-12-04", "end_date": "2026-12-01"},
            "The leave ends (2026-12-01) before it starts",
        ),
        ({"start_date": "2026-11-23", "end_date": "2026-11-25"}, "2026-11-23 is in the past"),
        ({"start_date": "2026-11-28", "end_date": "2026-11-29"}, "has no working days (Monday to Friday)"),
        (
            {"start_date": "2026-11-24", "end_date": "2026-12-31"},
            "You asked for 28 working days of annual leave in 2026, but only 20 remain (25 entitled + 2 "
            "carried over - 7 taken).",
        ),
        (
            {"start_date": "2027-01-04", "end_date": "2027-01-05"},
            "No annual leave entitlement is recorded for you for 2027",
        ),
        ({"start_date": "2026-12-28", "end_date": "2027-01-05"}, "for 2027"),
    ],
)
def test_request_refusals(
    make_ctx: MakeContext,
    registry: Registry,
    db_session: Session,
    team: Team,
    args: dict[str, str],
    message: str,
) -> None:
    with pytest.raises(RefusedError, match=re.escape(message)):
        call_tool(make_ctx(employee=team.worker), registry, "request_leave", args)
    assert _leave_count(db_session) == 3


def test_overlap_with_booked_leave_is_refused(
    make_ctx: MakeContext, registry: Registry, db_session: Session, team: Team
) -> None:
    _leave(db_session, team.worker, date(2026, 12, 14), date(2026, 12, 15), "2", leave_type=LeaveType.SICK)
    with pytest.raises(RefusedError, match="overlaps your approved sick leave from 2026-12-14 to 2026-12-15"):
        _request(make_ctx(employee=team.worker), registry, "2026-12-15", "2026-12-16")
    _leave(db_session, team.worker, date(2026, 12, 21), date(2026, 12, 21), "1", status=LeaveStatus.PENDING)
    with pytest.raises(RefusedError, match="overlaps your pending annual leave"):
        _request(make_ctx(employee=team.worker), registry, "2026-12-18", "2026-12-22")
    _leave(db_session, team.worker, date(2026, 12, 28), date(2026, 12, 28), "1", status=LeaveStatus.CANCELLED)
    assert _request(make_ctx(employee=team.worker), registry, "2026-12-28", "2026-12-28").action.id


def test_other_leave_types_skip_the_annual_balance(
    make_ctx: MakeContext, registry: Registry, team: Team
) -> None:
    proposal = _request(
        make_ctx(employee=team.worker), registry, "2027-01-04", "2027-01-08", leave_type="unpaid"
    )
    assert proposal.action.preview["annual_days_remaining_after"] is None
    with pytest.raises(InvalidArgumentsError, match="leave_type"):
        _request(
            make_ctx(employee=team.worker), registry, "2027-01-04", "2027-01-08", leave_type="sabbatical"
        )


def test_overlapping_pending_request_is_refused_but_the_same_one_is_returned(
    make_ctx: MakeContext, registry: Registry, team: Team
) -> None:
    ctx = make_ctx(employee=team.worker)
    first = _request(ctx, registry, "2026-12-01", "2026-12-04")
    assert _request(ctx, registry, "2026-12-01", "2026-12-04").action.id == first.action.id
    with pytest.raises(RefusedError, match="still waiting for approval"):
        _request(ctx, registry, "2026-12-03", "2026-12-09")


def test_balance_is_checked_again_at_approval(
    make_ctx: MakeContext, registry: Registry, db_session: Session, team: Team
) -> None:
    _balance(db_session, team.other_manager, 2026, "5")
    team.other_manager.manager_id = team.manager.id
    db_session.flush()
    ctx = make_ctx(employee=team.other_manager)
    first = _request(ctx, registry, "2026-12-01", "2026-12-04").action  # 4 of 5 days
    second = _request(ctx, registry, "2026-12-07", "2026-12-09").action  # 3 of 5 days: fits on its own
    assert _approve(ctx, registry, first.id, team.manager).status is ActionStatus.EXECUTED
    decided = _approve(ctx, registry, second.id, team.manager)
    assert decided.status is ActionStatus.FAILED
    assert decided.error is not None and "only 1 remain" in decided.error
    assert (
        db_session.scalar(
            select(func.count())
            .select_from(LeaveRequest)
            .where(LeaveRequest.employee_id == team.other_manager.id)
        )
        == 1
    )


def test_directory_knows_a_department_by_its_initials(
    db_session: Session, make_ctx: MakeContext, registry: Registry
) -> None:
    people = make_department(db_session, code="PPL", name="Human Resources")
    make_employee(db_session, name="Rita Recruiter", department_id=people.id, title="Recruiter")
    # 'HR' is neither the code nor a word of the name
    found = _directory(make_ctx, registry, department="HR").employees
    assert [(e.name, e.department) for e in found] == [("Rita Recruiter", "Human Resources")]
