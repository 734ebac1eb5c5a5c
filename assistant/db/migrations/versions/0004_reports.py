"""reports: drafted reports, and the read-only views guarded analytics SQL may query

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 14:00:00

The views are the documented surface for model-written SQL (assistant/reports/sql_guard.py allows nothing
else): one row per sales order line, per invoice with its amount paid, per stock level, per purchase order.
They hold no personal data beyond customer and supplier names.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import assistant.db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = {
    "v_sales_lines": """
        SELECT o.number AS order_number, o.placed_at, o.status AS order_status, o.currency,
               c.code AS customer_code, c.name AS customer_name, c.region, o.ship_to_country AS country,
               e.name AS salesperson, w.code AS warehouse, v.sku, p.name AS product_name, p.category,
               l.quantity, l.unit_price, l.quantity * l.unit_price AS line_total
        FROM sales_order_lines l
        JOIN sales_orders o ON o.id = l.order_id
        JOIN customers c ON c.id = o.customer_id
        JOIN variants v ON v.id = l.variant_id
        JOIN products p ON p.id = v.product_id
        LEFT JOIN employees e ON e.id = o.salesperson_id
        LEFT JOIN warehouses w ON w.id = o.warehouse_id
    """,
    "v_invoices": """
        SELECT i.number, i.direction, i.status, i.issue_date, i.due_date, i.currency,
               COALESCE(c.name, s.name) AS party_name, COALESCE(c.code, s.code) AS party_code,
               i.net_amount, i.tax_amount, i.total_amount,
               COALESCE(pay.paid, 0) AS amount_paid, i.total_amount - COALESCE(pay.paid, 0) AS amount_due
        FROM invoices i
        LEFT JOIN customers c ON c.id = i.customer_id
        LEFT JOIN suppliers s ON s.id = i.supplier_id
        LEFT JOIN (SELECT invoice_id, SUM(amount) AS paid FROM invoice_payments GROUP BY invoice_id) pay
            ON pay.invoice_id = i.id
    """,
    "v_stock": """
        SELECT v.sku, p.name AS product_name, p.category, w.code AS warehouse, s.on_hand, s.reserved,
               s.on_hand - s.reserved AS available, v.safety_stock, v.reorder_point, v.lead_time_days,
               v.price, v.cost
        FROM stock_levels s
        JOIN variants v ON v.id = s.variant_id
        JOIN products p ON p.id = v.product_id
        JOIN warehouses w ON w.id = s.warehouse_id
    """,
    "v_purchase_orders": """
        SELECT po.number, po.status, po.ordered_at, po.expected_on, sp.name AS supplier_name,
               sp.code AS supplier_code, w.code AS warehouse, v.sku, pl.quantity, pl.received_quantity,
               pl.unit_cost, pl.quantity * pl.unit_cost AS line_total
        FROM purchase_order_lines pl
        JOIN purchase_orders po ON po.id = pl.purchase_order_id
        JOIN suppliers sp ON sp.id = po.supplier_id
        JOIN variants v ON v.id = pl.variant_id
        JOIN warehouses w ON w.id = po.warehouse_id
    """,
}


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "spec",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", assistant.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "files",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["employees.id"], name=op.f("fk_reports_requested_by_id_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index(op.f("ix_reports_created_at"), "reports", ["created_at"], unique=False)
    op.create_index(op.f("ix_reports_kind"), "reports", ["kind"], unique=False)
    op.create_index(op.f("ix_reports_requested_by_id"), "reports", ["requested_by_id"], unique=False)
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body}")


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_index(op.f("ix_reports_requested_by_id"), table_name="reports")
    op.drop_index(op.f("ix_reports_kind"), table_name="reports")
    op.drop_index(op.f("ix_reports_created_at"), table_name="reports")
    op.drop_table("reports")
