"""One demo company for the report tests, committed in a database of the run's kind: a SQLite file, or a
throwaway PostgreSQL database on the run's server. Committed, because guarded analytics SQL reads through a
connection of its own. Each test gets a session whose changes (stored reports) are rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from adapters.cli import deps
from assistant.datasets.demo import build_demo_company
from assistant.db.engine import make_engine
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import Employee, Report, Role
from assistant.settings import Settings, get_settings
from tests.conftest import throwaway_database
from tools.base import CurrentUser, ToolContext

AS_OF = date(2026, 11, 24)
NOW = datetime.combine(AS_OF, time(9), tzinfo=UTC)


@dataclass(frozen=True)
class DemoDatabase:
    url: str
    engine: Engine


@pytest.fixture(scope="session")
def demo_database(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoDatabase]:
    def build(url: str) -> DemoDatabase:
        engine = make_engine(url)
        upgrade_to_head(engine)
        with Session(engine) as session:
            build_demo_company(session, seed=7, as_of=AS_OF)
            session.commit()
        return DemoDatabase(url, engine)

    if make_url(database_url).get_backend_name() == "postgresql":
        with throwaway_database(database_url, "bo_reports") as url:
            demo = build(url)
            yield demo
            demo.engine.dispose()
    else:
        demo = build(f"sqlite:///{tmp_path_factory.mktemp('reports') / 'demo.db'}")
        yield demo
        demo.engine.dispose()


@pytest.fixture
def demo(demo_database: DemoDatabase) -> Iterator[Session]:
    with demo_database.engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            outer.rollback()


@pytest.fixture
def report_settings(tmp_path: Path, demo_database: DemoDatabase) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=demo_database.url)


def demo_user(session: Session, role: Role) -> CurrentUser:
    employee = session.scalars(select(Employee).where(Employee.role == role).order_by(Employee.id)).first()
    assert employee is not None, f"the demo has no {role.value}"
    return CurrentUser.of(employee)


def demo_context(session: Session, settings: Settings, role: Role) -> ToolContext:
    return ToolContext(session=session, user=demo_user(session, role), settings=settings, clock=lambda: NOW)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, demo_database: DemoDatabase, tmp_path: Path) -> Iterator[CliRunner]:
    monkeypatch.setattr(deps, "console", Console(width=250))
    monkeypatch.setattr(deps, "errors", Console(width=250, stderr=True))
    monkeypatch.setenv("BACKOFFICE_DATABASE_URL", demo_database.url)
    monkeypatch.setenv("BACKOFFICE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
    with Session(demo_database.engine) as session:  # the CLI commits; leave the shared demo as it was
        session.query(Report).delete()
        session.commit()


def written(value: Decimal | float, language: str, decimals: int = 2) -> str:
    """How `language` writes a number, spelled out here without Babel: de/hr '1.234,56', pl '1 234,56' (a no-break
    space), en/ko '1,234.56'."""
    english = f"{value:,.{decimals}f}"
    if language in ("de", "hr"):
        return english.translate(str.maketrans(",.", ".,"))
    if language == "pl":
        return english.translate(str.maketrans(",.", "\u00a0,"))
    return english
