"""documents: failure reasons, extracted text, review reasons, duplicates and filing; expenses; job applicants

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 16:30:00

A document keeps its extracted text (reviewed documents are the classifier's exemplars; a policy is filed from
it), why analysis failed, why it waits for review, how often the same bytes were uploaded, and what it was
filed as. Receipts are filed as expenses and resumes as job applicants, one row per document.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import assistant.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT_TYPES = (
    "invoice",
    "receipt",
    "purchase_order",
    "delivery_note",
    "contract",
    "resume",
    "policy",
    "bank_statement",
    "other",
)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    # The documents table first: on SQLite the batch rebuilds it, which must happen before anything refers to it.
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failure_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("form", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("ocr_used", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column(
                "predicted_type",
                sa.Enum(*DOCUMENT_TYPES, name="documenttype", native_enum=False, length=24),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("missing_fields", _json(), nullable=True))
        batch_op.add_column(sa.Column("review_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("times_submitted", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("last_submitted_at", assistant.db.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("filed_record_type", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("filed_record_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("filed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("filed_at", assistant.db.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_filed_by_id_employees"), "employees", ["filed_by_id"], ["id"]
        )

    op.create_table(
        "expenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("merchant", sa.String(length=200), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_amount", assistant.db.types.Money(precision=14, scale=2), nullable=False),
        sa.Column("tax_amount", assistant.db.types.Money(precision=14, scale=2), nullable=True),
        sa.Column(
            "status",
            sa.Enum("approved", "reimbursed", "void", name="expensestatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", assistant.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "tax_amount IS NULL OR (tax_amount >= 0 AND tax_amount <= total_amount)",
            name=op.f("ck_expenses_tax_in_range"),
        ),
        sa.CheckConstraint("total_amount >= 0", name=op.f("ck_expenses_total_not_negative")),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["employees.id"], name=op.f("fk_expenses_approved_by_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_expenses_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_expenses_employee_id_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expenses")),
        sa.UniqueConstraint("document_id", name=op.f("uq_expenses_document_id")),
    )
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expenses_employee_id"), ["employee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenses_spent_on"), ["spent_on"], unique=False)

    op.create_table(
        "job_applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("skills", _json(), nullable=False),
        sa.Column("experience_years", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "interviewing",
                "hired",
                "declined",
                name="applicantstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", assistant.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_job_applicants_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["filed_by_id"], ["employees.id"], name=op.f("fk_job_applicants_filed_by_id_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_applicants")),
        sa.UniqueConstraint("document_id", name=op.f("uq_job_applicants_document_id")),
    )
    with op.batch_alter_table("job_applicants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_applicants_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_applicants_name"), ["name"], unique=False)


def downgrade() -> None:
    op.drop_table("job_applicants")
    op.drop_table("expenses")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_documents_filed_by_id_employees"), type_="foreignkey")
        for column in (
            "filed_at",
            "filed_by_id",
            "filed_record_id",
            "filed_record_type",
            "last_submitted_at",
            "times_submitted",
            "review_reason",
            "missing_fields",
            "predicted_type",
            "ocr_used",
            "form",
            "text",
            "failure_reason",
        ):
            batch_op.drop_column(column)
