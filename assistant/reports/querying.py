"""Running a report's statements and keeping each one's SQL text for the provenance appendix."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Executable, extract, func
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql import ClauseElement

from assistant.db.types import to_money
from assistant.reports.results import Cell, Query


def compile_sql(statement: ClauseElement, session: Session) -> str:
    """The statement as the database receives it, values inlined where the dialect can render them."""
    dialect = session.get_bind().dialect
    try:
        return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    except Exception:
        compiled = statement.compile(dialect=dialect)
        return f"{compiled}\n-- parameters: {compiled.params}"


@dataclass
class QueryLog:
    """Executes statements against one session and remembers what was run, in order."""

    session: Session
    queries: list[Query] = field(default_factory=list)

    def rows(self, title: str, statement: Executable) -> list[tuple[Any, ...]]:
        assert isinstance(statement, ClauseElement)
        self.queries.append(Query(title=title, sql=compile_sql(statement, self.session)))
        return [tuple(row) for row in self.session.execute(statement)]

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def one(self, title: str, statement: Executable) -> tuple[Any, ...]:
        rows = self.rows(title, statement)
        return rows[0]


def days_between(
    later: ColumnElement[Any] | QueryableAttribute[Any],
    earlier: ColumnElement[Any] | QueryableAttribute[Any],
    dialect: str,
) -> ColumnElement[Any]:
    """The days (with fractions) from `earlier` to `later`, in the database's own date arithmetic."""
    if dialect == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return extract("epoch", later - earlier) / 86400


def money(value: Any) -> Decimal:
    """A sum from the database as money: SQLite returns floats, PostgreSQL Decimals; None is zero."""
    return to_money(value if value is not None else 0)


def cap_rows(rows: list[list[Cell]], top: int) -> tuple[list[list[Cell]], int]:
    """The first `top` rows and how many were left out."""
    return rows[:top], max(len(rows) - top, 0)
