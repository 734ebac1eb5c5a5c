"""KnowledgeService.connecting: a worker that starts before its Chroma server opens the store on first use.
These tests replace the opening step, so they check the service's rules: one attempt at a time, a failed attempt
remembered for RECONNECT_INTERVAL_S counted from when it failed, any error that keeps the store from opening
reported as "unavailable", another embedder's collection remembered for good."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from assistant.settings import Settings
from knowledge import service as service_module
from knowledge.service import CONNECT_WAIT_S, RECONNECT_INTERVAL_S, KnowledgeService
from knowledge.store import EmbedderMismatchError, PolicyStore, StoreUnavailableError
from tests.knowledge.conftest import FakeEmbedder


def _connecting(settings: Settings) -> KnowledgeService:
    return KnowledgeService.connecting(
        settings.model_copy(update={"chroma_host": "127.0.0.1"}), embedder=FakeEmbedder()
    )


class _Opener:
    """Stands in for knowledge.service._open: fails (after `delay_s`) until told to succeed; counts attempts."""

    def __init__(self, error: Exception, delay_s: float = 0.0) -> None:
        self.error = error
        self.delay_s = delay_s
        self.attempts = 0
        self.parts: Any = None

    def __call__(self, settings: Settings, embedder: Any, *, rebuild: bool) -> Any:
        self.attempts += 1
        time.sleep(self.delay_s)
        if self.parts is None:
            raise self.error
        return self.parts


class _Store:
    closed = False

    def close(self) -> None:
        self.closed = True


def test_a_failed_attempt_is_remembered_from_when_it_failed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    opener = _Opener(StoreUnavailableError("refused"), delay_s=RECONNECT_INTERVAL_S * 1.2)
    monkeypatch.setattr(service_module, "_open", opener)
    service = _connecting(settings)
    with pytest.raises(StoreUnavailableError):
        service.store  # noqa: B018 - the property opens the store
    # the attempt took longer than the interval; the next caller is still answered from the remembered failure
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="refused"):
        service.store  # noqa: B018
    assert opener.attempts == 1 and time.monotonic() - started < 0.2
    time.sleep(RECONNECT_INTERVAL_S)
    opener.parts, opener.delay_s = (_Store(), object()), 0.0
    assert service.connected is False
    service.store  # noqa: B018
    assert opener.attempts == 2 and service.connected
    service.close()
    assert opener.parts[0].closed and not service.connected


def test_callers_do_not_queue_behind_a_slow_attempt(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    opener = _Opener(StoreUnavailableError("silent host"), delay_s=CONNECT_WAIT_S * 3)
    monkeypatch.setattr(service_module, "_open", opener)
    service = _connecting(settings)
    outcomes: list[str] = []

    def first_caller() -> None:
        try:
            service.store  # noqa: B018
        except StoreUnavailableError as error:
            outcomes.append(str(error))

    first = threading.Thread(target=first_caller)
    first.start()
    time.sleep(0.1)  # the first caller is inside its attempt
    waits = []
    for _ in range(3):
        started = time.monotonic()
        with pytest.raises(StoreUnavailableError):
            service.store  # noqa: B018
        waits.append(time.monotonic() - started)
    first.join()
    assert outcomes == ["silent host"]
    assert opener.attempts == 1  # only the first caller tried
    assert max(waits) < CONNECT_WAIT_S * 2  # each waited about CONNECT_WAIT_S, not for the attempt to end


def test_any_error_that_keeps_the_store_from_opening_is_unavailable(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy answering 503 or a Chroma error half-way up: "unavailable", never an unexpected exception."""
    closed: list[object] = []

    class HalfUpClient:
        def close(self) -> None:
            closed.append(self)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise Exception("<html>503 Service Unavailable</html>")  # what chromadb raises for a proxy's 5xx

    monkeypatch.setattr(service_module, "chroma_client", lambda _settings: HalfUpClient())
    monkeypatch.setattr(PolicyStore, "open", refuse)
    service = _connecting(settings)
    with pytest.raises(StoreUnavailableError, match="503 Service Unavailable"):
        service.search(question="hotel limit?")
    assert len(closed) == 1  # the half-open client is closed
    with pytest.raises(StoreUnavailableError):  # and the failure is remembered like any other
        service.search(question="hotel limit?")
    assert len(closed) == 1


def test_another_embedders_collection_is_remembered_for_good(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    opener = _Opener(EmbedderMismatchError("built with openai/x; re-ingest with --rebuild"))
    monkeypatch.setattr(service_module, "_open", opener)
    service = _connecting(settings)
    for _ in range(3):
        with pytest.raises(EmbedderMismatchError, match="--rebuild"):
            service.store  # noqa: B018
    assert opener.attempts == 1 and service.mismatch is not None
