"""What a turn looked at, to decide where its answer may go: a registry whose tools note each call.

A turn is *restricted* when it called a tool whose data not everyone may see — a tool closed to some roles
(invoices, customer accounts, suppliers, reports, every write's preview) or one about a person's own records
(leave, uploaded documents) — whether the call succeeded or not, or when an earlier turn of the same thread did
(the model remembers what it was told). Restricted answers never go into a channel; they go to the asker's DM.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from tools.base import ALL_ROLES, Plan, Registry, Tool, ToolContext

PERSONAL_TOOLS = frozenset(
    {
        "get_my_leave",
        "request_leave",
        "submit_document",
        "get_document",
        "list_documents",
        "file_document",
    }
)


def is_restricted(tool: Tool[Any, Any]) -> bool:
    return tool.roles != ALL_ROLES or tool.name in PERSONAL_TOOLS


@dataclass
class ToolTrail:
    """The tools one turn ran (successfully), with their results; proposals are recorded without one."""

    calls: list[tuple[str, BaseModel | None]] = field(default_factory=list)
    restricted: bool = False

    def watch(self, registry: Registry) -> Registry:
        """The same tools, each noting its successful runs here. Build one per turn."""
        return Registry(self._noting(tool) for tool in registry)

    def _noting(self, tool: Tool[Any, Any]) -> Tool[Any, Any]:
        restricted = is_restricted(tool)

        def called() -> None:  # before the tool runs: its refusal or error may quote restricted data too
            self.restricted = self.restricted or restricted

        def note(result: BaseModel | None) -> None:
            self.calls.append((tool.name, result))

        changes: dict[str, Any] = {}
        if tool.run is not None:
            changes["run"] = _around(tool.run, called, note)
        if tool.plan is not None:
            changes["plan"] = _around(tool.plan, called, lambda _plan: note(None))
        return dataclasses.replace(tool, **changes)

    def results(self, name: str) -> list[BaseModel]:
        return [result for called, result in self.calls if called == name and result is not None]


def _around(
    run: Callable[[ToolContext, Any], Any], called: Callable[[], None], note: Callable[[Any], None]
) -> Callable[[ToolContext, Any], Any]:
    def noted(ctx: ToolContext, args: Any) -> Any:
        called()
        result = run(ctx, args)
        note(None if isinstance(result, Plan) else result)
        return result

    return noted


def restricted_names(registry: Registry) -> frozenset[str]:
    return frozenset(tool.name for tool in registry if is_restricted(tool))
