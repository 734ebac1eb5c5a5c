"""Engines and sessions. One session per request / event / command: commit on success, roll back on error."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from assistant.settings import Settings

T = TypeVar("T")


def make_engine(url: str, *, echo: bool = False, **kwargs: Any) -> Engine:
    """Create an engine; for SQLite, make the file's folder and give SQLite real transactions and FKs."""
    parsed = make_url(url)
    # Errors quote their statement but not its values (names, amounts, document fields stay out of the logs);
    # with `echo` (database_echo, for debugging) the values are shown.
    kwargs.setdefault("hide_parameters", not echo)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
        engine = create_engine(url, echo=echo, **kwargs)
        _configure_sqlite(engine)
        _log_statements(engine)
        return engine
    # Ping at checkout (measured: no visible cost on approvals) so a server restart costs no request;
    # a connection that dies mid-transaction is retried by `run_in_transaction`.
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, echo=echo, **kwargs)
    _log_statements(engine)
    return engine


_statement_log = logging.getLogger("backoffice.db")


def _log_statements(engine: Engine) -> None:
    """At DEBUG on `backoffice.db`, one structured line per statement (its time and the request/turn ids the
    log handler adds); at the usual levels the check costs one `isEnabledFor` per statement."""

    @event.listens_for(engine, "before_cursor_execute")
    def _started(
        conn: Any, _cursor: Any, _statement: str, _parameters: Any, _context: Any, _many: bool
    ) -> None:
        if _statement_log.isEnabledFor(logging.DEBUG):
            conn.info.setdefault("backoffice_started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _finished(
        conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _many: bool
    ) -> None:
        started = conn.info.get("backoffice_started")
        if started and _statement_log.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started.pop()) * 1000
            _statement_log.debug("statement", extra={"sql": statement[:200], "ms": round(elapsed, 2)})


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; take control of it (SQLAlchemy's
    # documented recipe) and switch on what SQLite leaves off by default. BEGIN IMMEDIATE takes the write lock
    # up front: SQLite has one writer at a time, and a transaction that read first and writes later could
    # otherwise fail with "database is locked" instead of waiting its turn. PostgreSQL is the concurrent option.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def engine_from_settings(settings: Settings) -> Engine:
    return make_engine(settings.effective_database_url, echo=settings.database_echo)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work: commits when the block ends normally, rolls back on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_retryable(error: BaseException) -> bool:
    """Deadlocks, serialization failures and lost connections: nothing was committed; the work may be retried."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        # The server went away (restart, failover). Nothing committed, or, if it died during COMMIT, the retry
        # finds the work done: decisions are claimed with a conditional UPDATE and run at most once.
        return True
    sqlstate = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return sqlstate in {"40001", "40P01"}


def run_in_transaction(
    factory: sessionmaker[Session], work: Callable[[Session], T], *, attempts: int = 3
) -> T:
    """Run `work` in its own unit of work, retrying it whole when the database reports a deadlock."""
    for attempt in range(1, attempts + 1):
        try:
            with session_scope(factory) as session:
                return work(session)
        except Exception as error:
            if attempt == attempts or not is_retryable(error):
                raise
    raise AssertionError("unreachable")
