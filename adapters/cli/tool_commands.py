"""`backoffice tools` and `backoffice call TOOL --field value ...`: every tool from the command line."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from adapters.cli import deps
from tools.base import ToolError
from tools.invoke import call_tool
from tools.registry import default_registry


def list_tools(
    role: Annotated[str | None, typer.Option(help="Only the tools this role may use.")] = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="Print the role x tool matrix as Markdown.")
    ] = False,
) -> None:
    """List the tools: name, kind, who may use them, what they do."""
    from assistant.db.models import Role
    from assistant.permissions import tool_matrix_markdown

    registry = default_registry()
    if matrix:
        typer.echo(tool_matrix_markdown(registry), nl=False)
        return
    tools = registry.for_role(Role(role)) if role else list(registry)
    table = Table(title="Tools", title_justify="left")
    for column in ("name", "kind", "roles", "summary"):
        table.add_column(column)
    for tool in tools:
        table.add_row(
            tool.name, tool.kind.value, ", ".join(sorted(r.value for r in tool.roles)), tool.summary
        )
    deps.console.print(table)


def parse_tool_options(extra: list[str]) -> dict[str, Any]:
    """`--order '#W1' --items '[...]'` -> {"order": "#W1", "items": [...]}; JSON values are decoded."""
    arguments: dict[str, Any] = {}
    index = 0
    while index < len(extra):
        token = extra[index]
        if not token.startswith("--") or len(token) == 2:
            raise deps.fail(f"expected --field value, got {token!r}", 2)
        name, _, inline = token[2:].partition("=")
        if inline:
            value = inline
        elif index + 1 < len(extra) and not extra[index + 1].startswith("--"):
            index += 1
            value = extra[index]
        else:
            value = "true"  # a bare flag
        arguments[name.replace("-", "_")] = _decode(value)
        index += 1
    return arguments


def _decode(value: str) -> Any:
    if value[:1] in "[{" or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _describe(tool_name: str) -> None:
    tool = default_registry().get(tool_name)
    deps.console.print(f"[bold]{tool.name}[/] ({tool.kind.value}): {tool.summary}\n\n{tool.description}\n")
    table = Table(title="Arguments", title_justify="left")
    for column in ("option", "required", "description"):
        table.add_column(column)
    for name, field in tool.args_model.model_fields.items():
        table.add_row(
            f"--{name.replace('_', '-')}", "yes" if field.is_required() else "", field.description or ""
        )
    deps.console.print(table)


def call(
    ctx: typer.Context,
    tool_name: Annotated[str, typer.Argument(metavar="TOOL", help="Tool name (see `backoffice tools`).")],
    as_user: Annotated[str | None, typer.Option("--as", help="Act as this employee (email).")] = None,
) -> None:
    """Call a tool: `backoffice call get_stock --sku CHR-ERG-BLK --as ana@example.com`. Add --help-tool for its
    arguments. Write tools only propose; decide with `backoffice actions approve`."""
    if "--help-tool" in ctx.args:
        _describe(tool_name)
        return
    arguments = parse_tool_options(list(ctx.args))
    with deps.command_session() as session:
        user = deps.resolve_user(session, as_user)
        try:
            result = call_tool(
                deps.tool_context(session, user, with_knowledge=tool_name == "search_policies"),
                default_registry(),
                tool_name,
                arguments,
            )
        except ToolError as error:
            raise deps.fail(error.message) from error
        deps.console.print_json(result.model_dump_json())
