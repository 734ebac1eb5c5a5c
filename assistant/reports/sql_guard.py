"""Guarded analytics SQL: model-written SQL is parsed with sqlglot and accepted only as one read-only SELECT
over the documented analytics views; a row limit is added; it runs read-only with a time limit.

Layers, each enough on its own for the common attacks, together for the rest:
1. parse: exactly one statement, a SELECT (or set operation of SELECTs) whose CTEs are SELECTs too; no
   DDL/DML/PRAGMA/ATTACH/COMMAND node anywhere in the tree; every table is an allowlisted view or a CTE of
   the query; every function is a known SQL function (sqlglot parses unknown ones as `Anonymous`) and not on
   the side-effect list;
2. execution: PostgreSQL in a READ ONLY transaction with a statement timeout, rolled back; SQLite through a
   connection opened read-only (URI mode=ro) with PRAGMA query_only and a progress-handler time limit.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlglot
from sqlalchemy import Engine, text
from sqlglot import exp
from sqlglot.errors import ParseError

ALLOWED_VIEWS = frozenset({"v_sales_lines", "v_invoices", "v_stock", "v_purchase_orders"})
VIEW_DOCS = {
    "v_sales_lines": "one row per sales order line: order_number, placed_at, order_status, currency, "
    "customer_code, customer_name, region, country, salesperson, warehouse, sku, product_name, category, "
    "quantity, unit_price, line_total",
    "v_invoices": "one row per invoice: number, direction (receivable/payable), status, issue_date, due_date, "
    "currency, party_name, party_code, net_amount, tax_amount, total_amount, amount_paid, amount_due",
    "v_stock": "one row per SKU and warehouse: sku, product_name, category, warehouse, on_hand, reserved, "
    "available, safety_stock, reorder_point, lead_time_days, price, cost",
    "v_purchase_orders": "one row per purchase order line: number, status, ordered_at, expected_on, "
    "supplier_name, supplier_code, warehouse, sku, quantity, received_quantity, unit_cost, line_total",
}
DEFAULT_ROW_LIMIT = 200
MAX_ROW_LIMIT = 1000
DEFAULT_TIMEOUT_SECONDS = 5.0

# Anything that reads files, sleeps, changes settings, or touches large objects, locks or other sessions.
FORBIDDEN_FUNCTIONS = frozenset(
    {
        "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_read_file", "pg_read_binary_file", "pg_ls_dir",
        "pg_stat_file", "lo_import", "lo_export", "lo_get", "lo_put", "lo_create", "lo_unlink", "set_config",
        "current_setting", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_advisory_lock",
        "pg_advisory_xact_lock", "dblink", "dblink_exec", "load_extension", "readfile", "writefile", "edit",
        "fts3_tokenizer", "randomblob", "zeroblob", "sqlite_version", "sqlite_source_id", "query_to_xml",
        "pg_logical_emit_message", "txid_current", "nextval", "setval",
    }
)  # fmt: skip
FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.Command,
    exp.Pragma,
    exp.Attach,
    exp.Detach,
    exp.Set,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.Into,
    exp.Lock,
    exp.Anonymous,
)


class GuardRefusedError(ValueError):
    """The SQL was refused; `reason` says why in a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _dialect(name: str) -> str:
    return "postgres" if name.startswith("postgres") else "sqlite"


def guard_sql(sql: str, *, dialect: str = "sqlite", row_limit: int = DEFAULT_ROW_LIMIT) -> str:
    """The SQL to run (with a row limit), or GuardRefusedError."""
    if not sql or not sql.strip():
        raise GuardRefusedError("No SQL given.")
    if "\x00" in sql:
        raise GuardRefusedError("The SQL contains a NUL character.")
    glot_dialect = _dialect(dialect)
    try:
        statements = [
            statement for statement in sqlglot.parse(sql, read=glot_dialect) if statement is not None
        ]
    except ParseError as error:
        raise GuardRefusedError(f"The SQL does not parse: {str(error).splitlines()[0]}") from error
    if len(statements) != 1:
        raise GuardRefusedError(f"Exactly one statement is allowed; found {len(statements)}.")
    tree = statements[0]
    if not isinstance(tree, exp.Select | exp.Union | exp.Intersect | exp.Except):
        raise GuardRefusedError(f"Only SELECT is allowed; this is {tree.key.upper()}.")
    for node in tree.walk():
        if isinstance(node, FORBIDDEN_NODES):
            if isinstance(node, exp.Anonymous):
                raise GuardRefusedError(f"Unknown or disallowed function: {node.name}().")
            raise GuardRefusedError(f"{node.key.upper()} is not allowed in analytics SQL.")
        if isinstance(node, exp.Func) and node.sql_name().lower() in FORBIDDEN_FUNCTIONS:
            raise GuardRefusedError(f"The function {node.sql_name().lower()}() is not allowed.")
    ctes = list(tree.find_all(exp.CTE))
    for cte in ctes:
        if not isinstance(cte.this, exp.Select | exp.Union | exp.Intersect | exp.Except):
            raise GuardRefusedError("A WITH clause may only hold SELECTs.")
    if any(with_clause.args.get("recursive") for with_clause in tree.find_all(exp.With)):
        raise GuardRefusedError("WITH RECURSIVE is not allowed.")
    names = [cte.alias_or_name.lower() for cte in ctes]
    for table in tree.find_all(exp.Table):
        _check_table(table, ctes, names)
    limit = min(max(row_limit, 1), MAX_ROW_LIMIT)
    existing = tree.args.get("limit")
    if existing is not None and isinstance(existing.expression, exp.Literal) and existing.expression.is_int:
        limit = min(limit, int(existing.expression.this))
    limited = (
        tree.limit(limit, copy=True)
        if isinstance(tree, exp.Select)
        else exp.select("*").from_(tree.subquery("q")).limit(limit)
    )
    return limited.sql(dialect=glot_dialect)


def _check_table(table: exp.Table, ctes: list[exp.CTE], names: list[str]) -> None:
    """A view on the allowlist, or a CTE defined before the reference. Inside its own body a CTE's name means
    the real table of that name (`WITH invoices AS (SELECT * FROM invoices)`), so it does not count there."""
    name = table.name.lower()
    if table.args.get("db") or table.args.get("catalog"):
        raise GuardRefusedError(f"Schema-qualified names are not allowed: {table.sql()}.")
    if name in ALLOWED_VIEWS:
        return
    enclosing = table.find_ancestor(exp.CTE)
    visible = names[: ctes.index(enclosing)] if enclosing is not None and enclosing in ctes else names
    if name not in visible:
        allowed = ", ".join(sorted(ALLOWED_VIEWS))
        raise GuardRefusedError(f"Table {table.name!r} is not allowed; query only the views {allowed}.")


@dataclass(frozen=True)
class GuardedResult:
    sql: str
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | date | datetime | str | int | float) or value is None:
        return value
    return str(value)


def _run_sqlite(engine: Engine, sql: str, timeout: float) -> tuple[list[str], list[list[Any]]]:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise GuardRefusedError("Analytics SQL needs a SQLite database file.")
    # A connection of its own, opened read-only: nothing it runs can write, whatever the parser missed.
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=timeout)
    deadline = time.monotonic() + timeout
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            cursor = connection.execute(sql)
            rows = [list(row) for row in cursor.fetchall()]
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                raise GuardRefusedError(
                    f"The query ran longer than {timeout:g} s and was stopped."
                ) from error
            raise GuardRefusedError(f"The database refused the query: {error}") from error
        return [column[0] for column in cursor.description or []], rows
    finally:
        connection.close()


def _run_postgres(engine: Engine, sql: str, timeout: float) -> tuple[list[str], list[list[Any]]]:
    from sqlalchemy.exc import DBAPIError

    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            connection.execute(
                text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(int(timeout * 1000))}
            )
            result = connection.exec_driver_sql(sql)
            return list(result.keys()), [list(row) for row in result.all()]
        except DBAPIError as error:
            message = str(error.orig).splitlines()[0] if error.orig else str(error)
            if "statement timeout" in message:
                raise GuardRefusedError(
                    f"The query ran longer than {timeout:g} s and was stopped."
                ) from error
            raise GuardRefusedError(f"The database refused the query: {message}") from error
        finally:
            transaction.rollback()


def run_guarded_sql(
    engine: Engine, sql: str, *, row_limit: int = DEFAULT_ROW_LIMIT, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> GuardedResult:
    """Check, limit and run model-written SQL read-only; GuardRefusedError says why when it is refused."""
    dialect = engine.dialect.name
    safe_sql = guard_sql(sql, dialect=dialect, row_limit=row_limit + 1)
    run = _run_postgres if dialect == "postgresql" else _run_sqlite
    columns, rows = run(engine, safe_sql, timeout)
    truncated = len(rows) > row_limit
    shown_sql = guard_sql(sql, dialect=dialect, row_limit=row_limit)
    return GuardedResult(
        sql=shown_sql,
        columns=columns,
        rows=[[_plain(value) for value in row] for row in rows[:row_limit]],
        truncated=truncated,
    )
