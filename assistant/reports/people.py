"""HR: active headcount by department, and annual leave for the year — entitled (granted plus carried over),
taken (approved requests starting in the year), remaining — plus approved sick days. Managers and admins only
(enforced by the report access rules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, select

from assistant.db.models import Department, Employee, LeaveBalance, LeaveRequest, LeaveStatus, LeaveType
from assistant.reports.querying import QueryLog, cap_rows
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.specs import HrSpec

NO_DEPARTMENT = "(none)"


def _days(value: object) -> Decimal:
    return Decimal(str(value if value is not None else 0)).quantize(Decimal("0.1"))


def build_people(log: QueryLog, spec: HrSpec) -> ReportBody:
    department = func.coalesce(Department.name, NO_DEPARTMENT).label("department")
    entitled = (
        select(
            LeaveBalance.employee_id,
            func.sum(LeaveBalance.entitled_days + LeaveBalance.carried_over_days).label("days"),
        )
        .where(LeaveBalance.year == spec.year, LeaveBalance.leave_type == LeaveType.ANNUAL)
        .group_by(LeaveBalance.employee_id)
        .subquery()
    )
    in_year = and_(
        LeaveRequest.status == LeaveStatus.APPROVED,
        LeaveRequest.start_date >= date(spec.year, 1, 1),
        LeaveRequest.start_date <= date(spec.year, 12, 31),
    )
    taken = (
        select(
            LeaveRequest.employee_id,
            func.sum(case((LeaveRequest.leave_type == LeaveType.ANNUAL, LeaveRequest.days), else_=0)).label(
                "annual"
            ),
            func.sum(case((LeaveRequest.leave_type == LeaveType.SICK, LeaveRequest.days), else_=0)).label(
                "sick"
            ),
        )
        .where(in_year)
        .group_by(LeaveRequest.employee_id)
        .subquery()
    )
    statement = (
        select(
            department,
            func.count(Employee.id),
            func.sum(func.coalesce(entitled.c.days, 0)),
            func.sum(func.coalesce(taken.c.annual, 0)),
            func.sum(func.coalesce(taken.c.sick, 0)),
        )
        .select_from(Employee)
        .outerjoin(Department, Department.id == Employee.department_id)
        .outerjoin(entitled, entitled.c.employee_id == Employee.id)
        .outerjoin(taken, taken.c.employee_id == Employee.id)
        .where(Employee.is_active.is_(True))
        .group_by(department)
        .order_by(func.count(Employee.id).desc(), department)
    )
    rows: list[list[Cell]] = []
    headcount, granted_total, used_total, sick_total = 0, Decimal(0), Decimal(0), Decimal(0)
    for name, people, entitled_days, annual_days, sick_days in log.rows(
        "Headcount and leave by department", statement
    ):
        granted, used, sick = _days(entitled_days), _days(annual_days), _days(sick_days)
        rows.append([name, int(people), granted, used, granted - used, sick])
        headcount += int(people)
        granted_total, used_total, sick_total = granted_total + granted, used_total + used, sick_total + sick
    shown, more = cap_rows(rows, spec.top)
    figures = [
        Figure(key="headcount", label="Active employees", value=headcount, unit=Unit.COUNT),
        Figure(
            key="annual_entitled", label="Annual leave entitled (days)", value=granted_total, unit=Unit.DAYS
        ),
        Figure(key="annual_taken", label="Annual leave taken (days)", value=used_total, unit=Unit.DAYS),
        Figure(
            key="annual_remaining",
            label="Annual leave remaining (days)",
            value=granted_total - used_total,
            unit=Unit.DAYS,
        ),
        Figure(key="sick_days", label="Sick days", value=sick_total, unit=Unit.DAYS),
    ]
    table = Table(
        key="departments",
        title=f"Headcount and leave {spec.year} by department",
        columns=[
            Column(key="department", label="Department"),
            Column(key="headcount", label="Headcount", unit=Unit.COUNT),
            Column(key="entitled", label="Annual entitled", unit=Unit.DAYS),
            Column(key="taken", label="Annual taken", unit=Unit.DAYS),
            Column(key="remaining", label="Annual remaining", unit=Unit.DAYS),
            Column(key="sick", label="Sick days", unit=Unit.DAYS),
        ],
        rows=shown,
        more=more,
        note=f"and {more} more departments" if more else "Taken = approved requests starting in the year.",
    )
    charts = []
    if shown:
        charts.append(
            Chart(
                key="headcount",
                title="Headcount by department",
                kind=ChartKind.HORIZONTAL_BAR,
                categories=[str(row[0]) for row in shown],
                series={"Headcount": [float(row[1] or 0) for row in shown]},  # type: ignore[arg-type]
                unit=Unit.COUNT,
            )
        )
    return ReportBody(
        title="People: headcount and leave",
        subtitle=f"{spec.year}, headcount as of {spec.as_of.isoformat()}",
        figures=figures,
        tables=[table],
        charts=charts,
        empty=not rows,
    )
