"""The tool framework: a tool is a typed function with an argument model, a kind and the roles that may call it.

Read tools answer questions. Write tools never write while called: they validate and *plan* (a preview plus who
must approve); the confirmation engine stores the plan as a pending action and runs the tool's executor only
after an authorised person approves it.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.orm import Session

from assistant.db.models import Employee, Role
from assistant.db.types import utcnow
from assistant.settings import Settings

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService

ArgsT = TypeVar("ArgsT", bound=BaseModel)
ResultT = TypeVar("ResultT", bound=BaseModel)

ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset({Role.STAFF, Role.MANAGER, Role.ADMIN})
FINANCE_ROLES = frozenset({Role.FINANCE, Role.MANAGER, Role.ADMIN})
BACK_OFFICE_ROLES = frozenset({Role.STAFF, Role.MANAGER, Role.FINANCE, Role.ADMIN})


class ToolKind(StrEnum):
    READ = "read"
    WRITE = "write"


class ToolArgs(BaseModel):
    """Base of every argument model: unknown fields are an error, not silently dropped; NUL characters too."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        # No real text holds a NUL, and PostgreSQL can neither store nor compare one: without this, a model or
        # client sending "\u0000" in any argument gets a database error instead of a refusal.
        if _holds_nul(data):
            raise ValueError("text arguments cannot contain NUL characters")
        return data


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


class ToolResult(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CurrentUser(BaseModel):
    """Who is asking: a snapshot of the employee record, so tools never hold an ORM row across sessions."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    name: str
    email: str
    role: Role
    department_id: int | None = None
    manager_id: int | None = None
    locale: str = "en"

    @classmethod
    def of(cls, employee: Employee) -> CurrentUser:
        return cls.model_validate(employee)


@dataclass
class ToolContext:
    """Everything a tool may use. Adapters build one per request, event or command."""

    session: Session
    user: CurrentUser
    settings: Settings
    conversation_id: str | None = None
    clock: Callable[[], datetime] = utcnow
    approver: CurrentUser | None = None  # set while executing an approved action
    stores: dict[str, Any] = field(default_factory=dict)
    knowledge: KnowledgeService | None = None  # the policy store and retriever; None where none is set up
    # While an approved action executes, its planner may leave rows it has already locked here for the
    # executor (saves a second round trip); a tool reads only the keys it wrote itself.
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def executing(self) -> bool:
        """True while an approved action runs: planners re-validate and may lock what they read."""
        return self.approver is not None

    def now(self) -> datetime:
        return self.clock()


# --- errors: every one carries a message meant for the person asking -------------------------------------------


class ToolError(Exception):
    """A refusal or failure explained in words; never a stack trace for the user."""

    code = "tool_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(ToolError):
    code = "not_found"

    def __init__(self, what: str, query: str, suggestions: Iterable[str] = ()) -> None:
        self.what = what
        self.query = query
        self.suggestions = list(suggestions)
        message = f"No {what} found for {query!r}."
        if self.suggestions:
            message += " Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class RefusedError(ToolError):
    """The request is understood but the rules do not allow it (wrong status, not enough stock, ...)."""

    code = "refused"


class PermissionDeniedError(ToolError):
    code = "permission_denied"


class InvalidArgumentsError(ToolError):
    code = "invalid_arguments"


# --- plans: what a write tool proposes ---------------------------------------------------------------------------


class ApprovalRequirement(BaseModel):
    """Who may say yes: anyone holding one of `roles`, or exactly `approver_id` when set."""

    roles: list[Role]
    approver_id: int | None = None
    reason: str
    self_approval: bool = Field(
        default=True, description="Whether the requester may decide it (below the money threshold)."
    )


class Plan(BaseModel):
    """A validated, not yet executed write: a one-line summary, the preview people decide on, who decides."""

    summary: str
    preview: dict[str, Any]
    approval: ApprovalRequirement
    amount: Decimal | None = Field(default=None, description="Money at stake, in the company currency.")
    pinned: dict[str, Any] = Field(
        default_factory=dict,
        description="Arguments as resolved (exact codes, the default address, the prices used) to store in "
        "place of what was typed, so the approval re-runs exactly what the preview showed.",
    )


# --- tool definitions --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool(Generic[ArgsT, ResultT]):
    name: str
    summary: str
    description: str
    kind: ToolKind
    roles: frozenset[Role]
    args_model: type[ArgsT]
    result_model: type[ResultT]
    run: Callable[[ToolContext, ArgsT], ResultT] | None = None
    plan: Callable[[ToolContext, ArgsT], Plan] | None = None
    execute: Callable[[ToolContext, ArgsT], ResultT] | None = None

    def allows(self, role: Role) -> bool:
        return role in self.roles

    def parse(self, raw: dict[str, Any] | BaseModel) -> ArgsT:
        from pydantic import ValidationError

        if isinstance(raw, self.args_model):
            return raw
        data = raw.model_dump() if isinstance(raw, BaseModel) else raw
        try:
            return self.args_model.model_validate(data)
        except ValidationError as error:
            raise InvalidArgumentsError(describe_validation_error(self.name, error)) from error


def describe_validation_error(tool_name: str, error: Any) -> str:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "arguments"
        problems.append(f"{location}: {item['msg']}")
    return f"Invalid arguments for {tool_name}: " + "; ".join(problems)


def _signature_types(func: Callable[..., Any]) -> tuple[type[Any], type[Any]]:
    hints = typing.get_type_hints(func)
    parameters = list(inspect.signature(func).parameters)
    if len(parameters) != 2:
        raise TypeError(f"{func.__name__} must take (ctx, args)")
    return hints[parameters[1]], hints["return"]


def _description(func: Callable[..., Any]) -> str:
    doc = inspect.getdoc(func)
    if not doc:
        raise TypeError(f"tool {func.__name__} needs a docstring: it is what the model reads")
    return doc


def read_tool(
    *, name: str, summary: str, roles: Iterable[Role] = ALL_ROLES
) -> Callable[[Callable[[ToolContext, ArgsT], ResultT]], Tool[ArgsT, ResultT]]:
    """Declare a read tool; its docstring is the model-facing description."""

    def decorate(func: Callable[[ToolContext, ArgsT], ResultT]) -> Tool[ArgsT, ResultT]:
        args_model, result_model = _signature_types(func)
        return Tool(
            name=name,
            summary=summary,
            description=_description(func),
            kind=ToolKind.READ,
            roles=frozenset(roles),
            args_model=args_model,
            result_model=result_model,
            run=func,
        )

    return decorate


def write_tool(
    *,
    name: str,
    summary: str,
    roles: Iterable[Role],
    execute: Callable[[ToolContext, ArgsT], ResultT],
) -> Callable[[Callable[[ToolContext, ArgsT], Plan]], Tool[ArgsT, ResultT]]:
    """Declare a write tool from its planner (decorated; docstring for the model) and its executor.

    The executor runs only inside an approval, after the planner has been run again on current data.
    """

    def decorate(plan: Callable[[ToolContext, ArgsT], Plan]) -> Tool[ArgsT, ResultT]:
        args_model, _ = _signature_types(plan)
        _, result_model = _signature_types(execute)
        return Tool(
            name=name,
            summary=summary,
            description=_description(plan),
            kind=ToolKind.WRITE,
            roles=frozenset(roles),
            args_model=args_model,
            result_model=result_model,
            plan=plan,
            execute=execute,
        )

    return decorate


class Registry:
    """The tools the product offers, by name. Built once from the domain modules' TOOLS lists."""

    def __init__(self, tools: Iterable[Tool[Any, Any]]) -> None:
        self._tools: dict[str, Tool[Any, Any]] = {}
        for tool in tools:
            if tool.name in self._tools:
                raise ValueError(f"duplicate tool name {tool.name!r}")
            self._tools[tool.name] = tool

    def __iter__(self) -> Iterator[Tool[Any, Any]]:
        return iter(self._tools.values())

    def __len__(self) -> int:
        return len(self._tools)

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def get(self, name: str) -> Tool[Any, Any]:
        try:
            return self._tools[name]
        except KeyError:
            from rapidfuzz import process

            close = [
                match for match, _, _ in process.extract(name, list(self._tools), limit=3, score_cutoff=60)
            ]
            raise NotFoundError("tool", name, close) from None

    def for_role(self, role: Role) -> list[Tool[Any, Any]]:
        return [tool for tool in self._tools.values() if tool.allows(role)]
