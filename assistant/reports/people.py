"""HR: active headcount by department, and annual leave for the year — entitled (granted plus carried over),
taken (approved requests starting in the year), remaining — plus approved sick days. Managers and admins only
(enforced by the report access rules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, select

from assistant.db.models import Department, Employee, LeaveBalance, LeaveRequest, LeaveStatus, LeaveType
from assistant.reports.headings import Words
from assistant.reports.period_labels import format_day, localise_label
from assistant.reports.querying import QueryLog, cap_rows
from assistant.reports.results import Cell, Chart, ChartKind, Column, Figure, ReportBody, Table, Unit
from assistant.reports.specs import HrSpec

NO_DEPARTMENT = "(none)"


def _days(value: object) -> Decimal:
    return Decimal(str(value if value is not None else 0)).quantize(Decimal("0.1"))


def build_people(log: QueryLog, spec: HrSpec, words: Words) -> ReportBody:
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
        Figure(key="headcount", label=words("active_employees"), value=headcount, unit=Unit.COUNT),
        Figure(key="annual_entitled", label=words("annual_entitled"), value=granted_total, unit=Unit.DAYS),
        Figure(key="annual_taken", label=words("annual_taken"), value=used_total, unit=Unit.DAYS),
        Figure(
            key="annual_remaining",
            label=words("annual_remaining"),
            value=granted_total - used_total,
            unit=Unit.DAYS,
        ),
        Figure(key="sick_days", label=words("sick_days"), value=sick_total, unit=Unit.DAYS),
    ]
    table = Table(
        key="departments",
        title=words("departments.title", year=spec.year),
        columns=[
            Column(key="department", label=words("department")),
            Column(key="headcount", label=words("headcount"), unit=Unit.COUNT),
            Column(key="entitled", label=words("annual_entitled_column"), unit=Unit.DAYS),
            Column(key="taken", label=words("annual_taken_column"), unit=Unit.DAYS),
            Column(key="remaining", label=words("annual_remaining_column"), unit=Unit.DAYS),
            Column(key="sick", label=words("sick_days"), unit=Unit.DAYS),
        ],
        rows=shown,
        more=more,
        note=words("departments.more", more=more) if more else words("departments.note"),
    )
    charts = []
    if shown:
        charts.append(
            Chart(
                key="headcount",
                title=words("headcount.chart"),
                kind=ChartKind.HORIZONTAL_BAR,
                categories=[str(row[0]) for row in shown],
                series={words("headcount"): [float(row[1] or 0) for row in shown]},  # type: ignore[arg-type]
                unit=Unit.COUNT,
            )
        )
    return ReportBody(
        title=words("hr.title"),
        subtitle=words(
            "hr.subtitle",
            year=localise_label(str(spec.year), words.language),
            day=format_day(spec.as_of, words.language),
        ),
        figures=figures,
        tables=[table],
        charts=charts,
        empty=not rows,
    )
