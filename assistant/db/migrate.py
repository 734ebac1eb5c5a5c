"""Schema lifecycle from code: Alembic migrations for the CLI's `init` and `db` commands and the test harness.

Every function takes a Connection so callers can run migrations and data loading in one transaction: on SQLite
and PostgreSQL DDL is transactional, so a failed `init` leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, inspect, select
from sqlalchemy.orm import Session

from assistant.settings import PROJECT_ROOT

T = TypeVar("T")
MIGRATIONS = PROJECT_ROOT / "assistant" / "db" / "migrations"


class DatabaseNotEmptyError(RuntimeError):
    """`init` was asked to build a company in a database that already holds one."""


def _config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_config(connection), revision)


def downgrade(connection: Connection, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(_config(connection), revision)


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def upgrade_to_head(engine: Engine) -> None:
    with engine.begin() as connection:
        upgrade(connection)


def holds_business_data(connection: Connection) -> bool:
    """True when the database already holds a company (employees, customers, products or orders)."""
    from assistant.db.models import Customer, Employee, Product, SalesOrder

    inspector = inspect(connection)
    for model in (Employee, Customer, Product, SalesOrder):
        if not inspector.has_table(model.__tablename__):
            continue
        if connection.scalar(select(model.id).limit(1)) is not None:
            return True
    return False


def reset_schema(connection: Connection) -> None:
    """Drop every table of ours (with its data); used by `init --force` only."""
    from assistant.db.models import Base

    Base.metadata.drop_all(connection)
    if inspect(connection).has_table("alembic_version"):
        connection.exec_driver_sql("DROP TABLE alembic_version")


def audit_records(connection: Connection) -> int:
    from assistant.db.models import AuditRecord

    if not inspect(connection).has_table(AuditRecord.__tablename__):
        return 0
    return connection.scalar(select(func.count()).select_from(AuditRecord.__table__)) or 0


def initialise(
    engine: Engine, *, force: bool, populate: Callable[[Session], T], discard_audit: bool = False
) -> T:
    """Create (or with `force`, recreate) the schema and fill it, all in one transaction.

    Recreating deletes the audit log too, so that needs its own consent (`discard_audit`): export it first.
    """
    with engine.connect() as connection, connection.begin():
        if holds_business_data(connection):
            where = engine.url.render_as_string(hide_password=True)
            if not force:
                raise DatabaseNotEmptyError(
                    f"the database at {where} already holds a company; pass --force to delete it and start again"
                )
            records = audit_records(connection)
            if records and not discard_audit:
                raise DatabaseNotEmptyError(
                    f"the database at {where} holds an audit log of {records} records; export it first "
                    "(backoffice audit export) and pass --discard-audit-log as well to delete it"
                )
            reset_schema(connection)
        upgrade(connection)
        session = Session(bind=connection, expire_on_commit=False)
        try:
            result = populate(session)
            session.flush()
        finally:
            session.close()
        return result
