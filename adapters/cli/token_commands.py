"""`backoffice tokens create|revoke|list` (API tokens) and `backoffice serve` (the HTTP API)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.table import Table

from adapters.cli import deps
from assistant.db.types import utcnow
from tools.base import ToolError

tokens_app = typer.Typer(help="API tokens: create (shown once), list, revoke.", no_args_is_help=True)


@tokens_app.command("create")
def create(
    email: Annotated[str, typer.Argument(help="The employee the token acts as.")],
    label: Annotated[str | None, typer.Option(help="What it is for, e.g. 'intranet'.")] = None,
) -> None:
    """Create an API token for an employee and print it once; only its hash is kept."""
    from assistant.api_tokens import create_token

    with deps.command_session() as session:
        try:
            issued = create_token(session, email=email, now=utcnow(), label=label)
        except ToolError as error:
            raise deps.fail(error.message) from error
    deps.console.print(f"Token for {issued.employee_email} (shown once; store it now):", highlight=False)
    typer.echo(issued.token)


@tokens_app.command("revoke")
def revoke(
    prefix: Annotated[str, typer.Argument(help="The token's prefix (bo_...) or the whole token.")],
) -> None:
    """Revoke a token: requests with it are refused from now on."""
    from assistant.api_tokens import revoke_token

    with deps.command_session() as session:
        try:
            revoked = revoke_token(session, prefix=prefix, now=utcnow())
        except ToolError as error:
            raise deps.fail(error.message) from error
    deps.console.print(f"Revoked {revoked.prefix} ({revoked.employee_email}).", highlight=False)


@tokens_app.command("list")
def list_tokens(
    email: Annotated[str | None, typer.Option(help="Only this employee's tokens.")] = None,
) -> None:
    """List tokens by prefix: whose, when created, last used and revoked."""
    from assistant import api_tokens as tokens

    with deps.command_session() as session:
        rows = tokens.list_tokens(session, email=email)
    table = Table(title="API tokens", title_justify="left")
    for column in ("prefix", "employee", "label", "created", "last used", "revoked"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.prefix,
            row.employee_email,
            row.label or "",
            f"{row.created_at:%Y-%m-%d %H:%M}",
            f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "",
            f"{row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "",
        )
    deps.console.print(table)


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default: settings http_host).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: settings http_port).")] = None,
) -> None:
    """Run the HTTP API (FastAPI under uvicorn); OpenAPI docs at /docs."""
    import uvicorn

    from adapters.http.app import create_app
    from assistant.observability import configure_logging

    settings = deps.settings()
    configure_logging(level=settings.log_level, log_format=settings.log_format)
    logging.getLogger("uvicorn").setLevel(logging.INFO)  # start-up and access lines whatever the root level
    # log_config=None: uvicorn's own lines (startup, access) go through the handler configured above, so they are
    # JSON lines with the rest when log_format is json, not uvicorn's plain text.
    uvicorn.run(
        create_app(settings),
        host=host or settings.http_host,
        port=port or settings.http_port,
        log_config=None,
    )
