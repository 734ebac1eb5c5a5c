"""`backoffice db ...`: schema migrations."""

from __future__ import annotations

from typing import Annotated

import typer

from adapters.cli import deps
from assistant.db import migrate

db_app = typer.Typer(help="Database schema: migrate up or down, show the revision.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    engine = deps.engine()
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection, revision)
            deps.console.print(f"Schema at revision {migrate.current_revision(connection)}")
    finally:
        engine.dispose()


@db_app.command("downgrade")
def downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision; 'base' removes every table.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm that data in dropped tables is lost.")] = False,
) -> None:
    """Revert migrations down to REVISION."""
    if not yes:
        raise deps.fail("downgrading drops tables and their data; repeat with --yes to confirm", 2)
    engine = deps.engine()
    try:
        with engine.begin() as connection:
            migrate.downgrade(connection, revision)
            deps.console.print(f"Schema at revision {migrate.current_revision(connection) or 'base'}")
    finally:
        engine.dispose()


@db_app.command("current")
def current() -> None:
    """Show the schema revision of the database and the newest one available."""
    engine = deps.engine()
    try:
        with engine.connect() as connection:
            revision = migrate.current_revision(connection)
    finally:
        engine.dispose()
    deps.console.print(f"database: {revision or 'empty'}; newest: {migrate.head_revision()}")
