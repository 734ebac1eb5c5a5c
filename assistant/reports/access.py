"""Who may have which report.

| kind | staff | finance | manager | admin |
|---|---|---|---|---|
| sales, inventory, pipeline, purchasing | yes | yes | yes | yes |
| receivables | no | yes | yes | yes |
| hr | no | no | yes | yes |

Staff already see orders, stock and purchase orders through their tools; receivables are financial data
(finance, managers, admins, as for invoices); headcount and leave across the company are for managers and
admins. Employees get no reports.
"""

from __future__ import annotations

from assistant.db.models import Role
from assistant.reports.specs import ReportKind

REPORT_ROLES: dict[ReportKind, frozenset[Role]] = {
    ReportKind.SALES: frozenset({Role.STAFF, Role.FINANCE, Role.MANAGER, Role.ADMIN}),
    ReportKind.INVENTORY: frozenset({Role.STAFF, Role.FINANCE, Role.MANAGER, Role.ADMIN}),
    ReportKind.PIPELINE: frozenset({Role.STAFF, Role.FINANCE, Role.MANAGER, Role.ADMIN}),
    ReportKind.PURCHASING: frozenset({Role.STAFF, Role.FINANCE, Role.MANAGER, Role.ADMIN}),
    ReportKind.RECEIVABLES: frozenset({Role.FINANCE, Role.MANAGER, Role.ADMIN}),
    ReportKind.HR: frozenset({Role.MANAGER, Role.ADMIN}),
}
ANY_REPORT_ROLES = frozenset().union(*REPORT_ROLES.values())


class ReportAccessError(PermissionError):
    def __init__(self, kind: ReportKind, role: Role) -> None:
        allowed = ", ".join(sorted(role.value for role in REPORT_ROLES[kind]))
        super().__init__(f"The {kind.value} report is for {allowed}; you are signed in as {role.value}.")
        self.message = str(self)


def may_request(role: Role, kind: ReportKind) -> bool:
    return role in REPORT_ROLES[kind]


def require_report_access(role: Role, kind: ReportKind) -> None:
    if not may_request(role, kind):
        raise ReportAccessError(kind, role)
