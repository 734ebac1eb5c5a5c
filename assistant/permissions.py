"""Who may do what: tool access by role, row rules inside tools, and who may decide a pending action.

The role x tool matrix itself lives on the tools (each declares its roles); `tool_matrix` renders it, and
docs/PERMISSIONS.md is generated from it (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from assistant.db.models import Role
from tools.base import ApprovalRequirement, CurrentUser, PermissionDeniedError, Tool

# Roles that satisfy a required role when deciding an action: a manager or an admin can do what staff can.
SATISFIES: dict[Role, frozenset[Role]] = {
    Role.STAFF: frozenset({Role.STAFF, Role.MANAGER, Role.ADMIN}),
    Role.FINANCE: frozenset({Role.FINANCE, Role.ADMIN}),
    Role.MANAGER: frozenset({Role.MANAGER, Role.ADMIN}),
    Role.ADMIN: frozenset({Role.ADMIN}),
}
SENIOR_ROLES = (Role.MANAGER, Role.ADMIN)
FINANCIAL_DATA_ROLES = frozenset({Role.FINANCE, Role.MANAGER, Role.ADMIN})
HR_DATA_ROLES = frozenset({Role.ADMIN})


def check_tool_access(user: CurrentUser, tool: Tool[Any, Any]) -> None:
    if not tool.allows(user.role):
        allowed = ", ".join(sorted(role.value for role in tool.roles))
        raise PermissionDeniedError(
            f"Your role ({user.role.value}) may not use {tool.name!r}; it is open to: {allowed}."
        )


def require_financial_access(user: CurrentUser, what: str = "invoices and payments") -> None:
    """Invoices, payments and credit data are for finance, managers and admins only."""
    if user.role not in FINANCIAL_DATA_ROLES:
        raise PermissionDeniedError(f"Only finance, managers and admins may see {what}.")


def can_see_financials(user: CurrentUser) -> bool:
    return user.role in FINANCIAL_DATA_ROLES


def require_own_hr_record(user: CurrentUser, employee_id: int) -> None:
    """Employees see their own HR records only; admins (HR) see everyone's."""
    if employee_id != user.id and user.role not in HR_DATA_ROLES:
        raise PermissionDeniedError("You can only see your own leave and HR records.")


def apply_threshold(
    requirement: ApprovalRequirement, amount: Decimal | None, threshold: Decimal
) -> tuple[ApprovalRequirement, bool]:
    """Above the threshold only managers or admins decide, and never the requester. Returns (rule, self-ok)."""
    if amount is None or amount <= threshold:
        return requirement, requirement.self_approval
    roles = [role for role in requirement.roles if role in SENIOR_ROLES] or list(SENIOR_ROLES)
    reason = f"{requirement.reason} Above {threshold} a manager must approve, and not the requester."
    return requirement.model_copy(update={"roles": roles, "reason": reason}), False


def expand_roles(required: Iterable[str]) -> frozenset[Role]:
    allowed: set[Role] = set()
    for name in required:
        allowed |= SATISFIES[Role(name)]
    return frozenset(allowed)


def decision_denial(
    *,
    approver: CurrentUser,
    requester_id: int,
    required_roles: Iterable[str],
    required_approver_id: int | None,
    required_approver_name: str | None,
    self_approval_allowed: bool,
    approver_active: bool = True,
) -> str | None:
    """Why `approver` may not decide this action, or None when they may."""
    if not approver_active:
        return "Your account is inactive."
    if required_approver_id is not None:
        if approver.id != requester_id and (
            approver.id == required_approver_id or approver.role == Role.ADMIN
        ):
            return None
        who = required_approver_name or f"employee #{required_approver_id}"
        return f"Only {who} (or an admin) can decide this request."
    if approver.id == requester_id and not self_approval_allowed:
        return "You cannot approve your own request; someone else with the right must decide it."
    roles = list(required_roles)
    if approver.role in expand_roles(roles):
        return None
    return f"Deciding this needs the role {' or '.join(roles)} (or a more senior one); you are {approver.role.value}."


def tool_matrix_markdown(tools: Iterable[Tool[Any, Any]]) -> str:
    """The role x tool matrix as a Markdown table (docs/PERMISSIONS.md embeds it)."""
    roles = list(Role)
    lines = [
        "| tool | kind | " + " | ".join(role.value for role in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for tool in sorted(tools, key=lambda item: (item.kind.value, item.name)):
        marks = " | ".join("yes" if tool.allows(role) else "—" for role in roles)
        lines.append(f"| `{tool.name}` | {tool.kind.value} | {marks} |")
    return "\n".join(lines) + "\n"
