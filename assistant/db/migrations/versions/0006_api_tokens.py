"""api tokens: per-employee keys to the HTTP API, stored hashed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 17:30:00

A token is shown once when created; the table keeps its visible prefix (to find the row and to name it in
lists) and the SHA-256 of the whole token. Revoking keeps the row, for the record.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import assistant.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.Column("created_at", assistant.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", assistant.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", assistant.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_api_tokens_employee_id_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_tokens_prefix")),
    )
    op.create_index(op.f("ix_api_tokens_employee_id"), "api_tokens", ["employee_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_api_tokens_employee_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
