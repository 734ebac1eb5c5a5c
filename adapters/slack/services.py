"""What the Slack listeners use, built once per process: sessions, tools, the chat service, a worker pool."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from assistant.agent.service import ChatService
from assistant.db.types import utcnow
from assistant.documents.pipeline import Analyser
from assistant.settings import Settings
from tools.base import Registry

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService

P = ParamSpec("P")
T = TypeVar("T")


class TrackedExecutor(ThreadPoolExecutor):
    """The threads that answer events after Bolt has acknowledged them. It knows what is still running, so a
    shutdown (and a test) can wait until every answer has been sent."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="slack")
        self._lock = threading.Lock()
        self._running: set[Future[object]] = set()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._running.add(future)  # type: ignore[arg-type]
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[T]) -> None:
        with self._lock:
            self._running.discard(future)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until nothing is running (work started by running work included); False on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                running = {future for future in self._running if not future.done()}
            if not running:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            wait(running, timeout=left, return_when=FIRST_COMPLETED)


class AppServices(Protocol):
    """What the HTTP app already holds (adapters/http/deps.py ApiServices has these)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def sessions(self) -> sessionmaker[Session]: ...
    @property
    def registry(self) -> Registry: ...
    @property
    def clock(self) -> Callable[[], datetime]: ...
    @property
    def pipeline(self) -> Analyser | None: ...
    @property
    def chat(self) -> ChatService | None: ...
    @property
    def knowledge(self) -> KnowledgeService | None: ...


@dataclass
class SlackServices:
    settings: Settings
    sessions: sessionmaker[Session]
    registry: Registry
    chat: Callable[[], ChatService | None]  # the HTTP app builds its chat service when it starts
    pipeline: Analyser | None = None  # None: the document pipeline built from settings
    knowledge: KnowledgeService | None = None
    clock: Callable[[], datetime] = utcnow
    executor: TrackedExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.executor = TrackedExecutor(self.settings.slack_workers)

    @classmethod
    def of_app(cls, services: AppServices) -> SlackServices:
        return cls(
            settings=services.settings,
            sessions=services.sessions,
            registry=services.registry,
            chat=lambda: services.chat,
            pipeline=services.pipeline,
            knowledge=services.knowledge,
            clock=services.clock,
        )

    def chat_service(self) -> ChatService:
        chat = self.chat()
        if chat is None:
            raise RuntimeError("the chat service is not running (the app has not started)")
        return chat
