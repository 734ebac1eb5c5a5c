"""Guarded analytics SQL: the red-team list is refused case by case; a good SELECT runs with a row limit,
read-only even where the parser would have let something through."""

from __future__ import annotations

import pytest

from assistant.reports.sql_guard import GuardRefusedError, guard_sql, run_guarded_sql
from tests.reports.conftest import DemoDatabase

RED_TEAM = {
    "create table": "CREATE TABLE stolen AS SELECT * FROM employees",
    "drop view": "DROP VIEW v_stock",
    "alter": "ALTER TABLE invoices ADD COLUMN x INT",
    "insert": "INSERT INTO invoices (number) VALUES ('x')",
    "update": "UPDATE invoices SET status = 'paid'",
    "delete": "DELETE FROM v_invoices",
    "select into": "SELECT * INTO stolen FROM v_stock",
    "two statements": "SELECT 1 FROM v_stock; DELETE FROM invoices",
    "block comment hides a statement": "SELECT * FROM v_stock /* harmless */; DROP TABLE invoices --",
    "line comment hides a statement": "SELECT * FROM v_stock -- note\n; DROP TABLE invoices",
    "pragma": "PRAGMA writable_schema = 1",
    "attach": "ATTACH DATABASE '/tmp/other.db' AS other",
    "load_extension": "SELECT load_extension('/tmp/evil.so')",
    "pg_sleep": "SELECT pg_sleep(30)",
    "pg_sleep in a subquery": "SELECT sku FROM v_stock WHERE 1 = (SELECT 1 FROM v_stock WHERE pg_sleep(1) IS NULL)",
    "write inside a CTE": "WITH gone AS (DELETE FROM invoices RETURNING *) SELECT * FROM gone",
    "CTE shadowing a table": "WITH invoices AS (SELECT * FROM invoices) SELECT * FROM invoices",
    "recursive CTE": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT * FROM n",
    "sqlite_master": "SELECT * FROM sqlite_master",
    "pg_catalog": "SELECT * FROM pg_catalog.pg_tables",
    "information_schema": "SELECT * FROM information_schema.tables",
    "pg_read_file": "SELECT pg_read_file('/etc/passwd')",
    "lo_import": "SELECT lo_import('/etc/passwd')",
    "set_config": "SELECT set_config('statement_timeout', '0', false)",
    "unknown function": "SELECT evil_udf(sku) FROM v_stock",
    "unknown table": "SELECT * FROM invoices",
    "raw table in a subquery": "SELECT sku FROM v_stock WHERE sku IN (SELECT email FROM employees)",
    "raw table in a union": "SELECT sku FROM v_stock UNION SELECT email FROM employees",
    "row locks": "SELECT * FROM v_stock FOR UPDATE",
    "copy": "COPY invoices TO '/tmp/out.csv'",
    "vacuum": "VACUUM",
    "empty": "   ",
}


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize("case", sorted(RED_TEAM))
def test_the_red_team_list_is_refused(case: str, dialect: str) -> None:
    with pytest.raises(GuardRefusedError):
        guard_sql(RED_TEAM[case], dialect=dialect)


def test_a_select_over_the_views_gets_a_row_limit() -> None:
    sql = "SELECT region, SUM(line_total) AS revenue FROM v_sales_lines GROUP BY region ORDER BY revenue DESC"
    assert guard_sql(sql, row_limit=50).endswith("LIMIT 50")
    assert guard_sql(sql + " LIMIT 5", row_limit=50).endswith("LIMIT 5")  # a smaller limit is kept
    assert guard_sql(sql + " LIMIT 100000", row_limit=50).endswith("LIMIT 50")
    with_cte = "WITH t AS (SELECT sku, SUM(quantity) AS q FROM v_sales_lines GROUP BY sku) SELECT * FROM t"
    assert guard_sql(with_cte).startswith("WITH t AS")


def test_guarded_sql_runs_and_matches_the_views(demo_database: DemoDatabase) -> None:
    result = run_guarded_sql(
        demo_database.engine, "SELECT COUNT(*) AS lines FROM v_sales_lines WHERE order_status <> 'cancelled'"
    )
    with demo_database.engine.connect() as connection:
        from sqlalchemy import text

        expected = connection.scalar(
            text(
                "SELECT COUNT(*) FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id "
                "WHERE o.status <> 'cancelled'"
            )
        )
    assert result.columns == ["lines"] and result.rows == [[expected]] and "LIMIT" in result.sql
    many = run_guarded_sql(demo_database.engine, "SELECT sku FROM v_stock", row_limit=7)
    assert len(many.rows) == 7 and many.truncated


def test_the_connection_is_read_only_even_past_the_parser(demo_database: DemoDatabase) -> None:
    from assistant.reports import sql_guard

    run = (
        sql_guard._run_postgres
        if demo_database.engine.dialect.name == "postgresql"
        else sql_guard._run_sqlite
    )
    with pytest.raises(GuardRefusedError, match="refused the query"):
        run(demo_database.engine, "DELETE FROM invoice_payments", 5.0)
    with demo_database.engine.connect() as connection:
        from sqlalchemy import text

        assert connection.scalar(text("SELECT COUNT(*) FROM invoice_payments"))


def test_a_slow_query_is_stopped(demo_database: DemoDatabase) -> None:
    slow = (
        "SELECT COUNT(*) FROM v_sales_lines a, v_sales_lines b, v_sales_lines c "
        "WHERE a.quantity + b.quantity > c.quantity"
    )
    with pytest.raises(GuardRefusedError, match="longer than"):
        run_guarded_sql(demo_database.engine, slow, timeout=0.3)
