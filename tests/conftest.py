"""Test harness: no network but loopback, dummy credentials, and a migrated database per run.

The database is SQLite by default. With TEST_DATABASE_URL pointing at a PostgreSQL server, a throwaway database
is created on that server for the run (one per xdist worker) and dropped afterwards.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

# Set before any project module reads settings: nothing in a test may find a real key or a real workspace.
for _name in list(os.environ):
    if _name.startswith("BACKOFFICE_"):
        del os.environ[_name]
os.environ.update(
    {
        "OPENAI_API_KEY": "sk-test-not-a-real-key",
        "BACKOFFICE_OPENAI_API_KEY": "sk-test-not-a-real-key",
        "BACKOFFICE_SLACK_BOT_TOKEN": "xoxb-test-not-a-real-token",
        "BACKOFFICE_SLACK_APP_TOKEN": "xapp-test-not-a-real-token",
        "BACKOFFICE_SLACK_SIGNING_SECRET": "test-signing-secret",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
)

from assistant.db.engine import make_engine  # noqa: E402
from assistant.db.migrate import upgrade_to_head  # noqa: E402
from assistant.db.models import Employee, Role  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.factories import make_employee  # noqa: E402
from tests.support import NOW, MakeContext  # noqa: E402
from tools.base import CurrentUser, Registry, ToolContext  # noqa: E402
from tools.registry import default_registry  # noqa: E402

_ORIGINAL_CONNECT = socket.socket.connect


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: exercises behaviour specific to the SQLite default")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With DATABASE_TESTS_ONLY=1 (the PostgreSQL pass of `make test`), run only the tests that reach the
    configured database: every such test asks for `database_url`, directly or through `engine`, `db_session`,
    `settings`... The others (OCR, embeddings, the offline model's accuracy) ran in the SQLite pass already and
    would only repeat the same work."""
    if os.environ.get("DATABASE_TESTS_ONLY") != "1":
        return
    kept = [item for item in items if "database_url" in getattr(item, "fixturenames", ())]
    deselected = [item for item in items if "database_url" not in getattr(item, "fixturenames", ())]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@contextmanager
def throwaway_database(url: str, prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of `url`, dropped afterwards."""
    parsed = make_url(url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A command under test (`serve`, `slack`) configures process-wide logging; the next test starts clean."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [handler for handler in root.handlers if handler not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    elif make_url(server_url).get_backend_name() != "postgresql":
        yield server_url
    else:
        with throwaway_database(server_url, f"bo_test_{worker_id}") as url:
            yield url


@pytest.fixture(scope="session")
def worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session whose every commit is a savepoint inside one outer transaction rolled back after the test."""
    with engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            if outer.is_active:
                outer.rollback()


@pytest.fixture
def dialect(engine: Engine) -> str:
    return engine.dialect.name


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def empty_database_url(tmp_path: Path, database_url: str) -> Iterator[str]:
    """A fresh, empty database of the same kind as the run's (for commands that create their own schema)."""
    if make_url(database_url).get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
    else:
        with throwaway_database(database_url, "bo_fresh") as url:
            yield url


def network_guard_installed() -> bool:
    return socket.socket.connect is not _ORIGINAL_CONNECT


@pytest.fixture
def registry() -> Registry:
    return default_registry()


@pytest.fixture
def make_ctx(db_session: Session, settings: Settings) -> MakeContext:
    """make_ctx(role=Role.STAFF, employee=None, conversation_id=None, now=NOW, **employee_fields)."""

    def build(
        role: Role = Role.STAFF,
        *,
        employee: Employee | None = None,
        conversation_id: str | None = None,
        now: datetime = NOW,
        **fields: Any,
    ) -> ToolContext:
        person = employee or make_employee(db_session, role=role, **fields)
        return ToolContext(
            session=db_session,
            user=CurrentUser.of(person),
            settings=settings,
            conversation_id=conversation_id,
            clock=lambda: now,
        )

    return build
