"""Alembic migrations: up to head, the same schema as the models, and back down to nothing, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import main as alembic_main
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from assistant.db.engine import make_engine
from assistant.db.migrate import current_revision, head_revision
from assistant.db.models import Base

ROOT = Path(__file__).resolve().parents[2]


def _alembic(url: str, *args: str) -> None:
    alembic_main(argv=["-c", str(ROOT / "alembic.ini"), "-x", f"url={url}", *args])


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        _alembic(empty_database_url, "upgrade", "head")
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            differences = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
            )
        assert differences == [], f"models and migrations disagree: {differences}"
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())

        _alembic(empty_database_url, "downgrade", "base")
        engine.dispose()
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        _alembic(empty_database_url, "upgrade", "head")  # and up again from nothing
        engine.dispose()
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
