"""Conversation memory on the configured database: a SQLite file by default, PostgreSQL when configured.

Each conversation is one LangGraph thread (thread_id = Conversation.id), so a Slack thread, web chat or CLI
session picks up where it left off, in any worker.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.engine import make_url

from assistant.settings import Settings

CHECKPOINT_FILE = "checkpoints.sqlite"


def sqlite_checkpoint_path(settings: Settings) -> Path:
    """Next to the database file, so moving the data directory moves the conversations with it.

    A file of its own: the checkpointer keeps a connection open, and SQLite allows one writer per file.
    """
    url = make_url(settings.effective_database_url)
    if url.database and url.database != ":memory:":
        return Path(url.database).parent / CHECKPOINT_FILE
    return settings.data_dir / CHECKPOINT_FILE


@contextmanager
def open_checkpointer(settings: Settings) -> Iterator[BaseCheckpointSaver[Any]]:
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() == "postgresql":
        yield from _postgres(url.set(drivername="postgresql").render_as_string(hide_password=False))
    else:
        yield from _sqlite(sqlite_checkpoint_path(settings))


def _sqlite(path: Path) -> Iterator[BaseCheckpointSaver[Any]]:
    from langgraph.checkpoint.sqlite import SqliteSaver

    path.parent.mkdir(parents=True, exist_ok=True)
    # LangGraph runs tools in worker threads; the saver serialises access to the connection itself.
    connection = sqlite3.connect(path, check_same_thread=False)
    try:
        saver = SqliteSaver(connection)
        saver.setup()
        yield saver
    finally:
        connection.close()


def _postgres(conninfo: str) -> Iterator[BaseCheckpointSaver[Any]]:
    """A small pool, each connection checked before use: after a server restart the next turn gets a fresh
    connection instead of the dead one (a single connection would fail every turn until the process restarts)."""
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    pool = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=4,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        check=ConnectionPool.check_connection,
        open=True,
    )
    try:
        saver = PostgresSaver(pool)  # type: ignore[arg-type]
        saver.setup()
        yield saver
    finally:
        pool.close()
