"""The scale-out store: a real Chroma server (`chroma run`) on loopback, reached through HttpClient."""

from __future__ import annotations

import gc
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from assistant.settings import Settings
from knowledge.ingest import Outcome, ingest_paths
from knowledge.service import KnowledgeService
from knowledge.store import EmbedderMismatchError
from tests.knowledge.conftest import FakeEmbedder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the Chroma server did not start")
                time.sleep(0.2)
        yield port
    finally:
        _collect_client_sockets(port)
        process.terminate()
        process.wait(timeout=10)


def _collect_client_sockets(port: int) -> None:
    """chromadb 1.5's HTTP client leaves pooled sockets to the garbage collector even after close(); collect
    them now and drop only their 'unclosed socket' reports (to this server's port), nothing else."""
    previous = sys.unraisablehook

    def hook(report: sys.UnraisableHookArgs) -> None:
        value = report.exc_value
        if isinstance(value, ResourceWarning) and f", {port})" in str(value):
            return
        previous(report)

    sys.unraisablehook = hook
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(
    chroma_server: int, knowledge_settings: Settings, db_session: Session, policy_folder: Path
) -> None:
    server_settings = knowledge_settings.model_copy(
        update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server}
    )
    service = KnowledgeService.from_settings(server_settings, embedder=FakeEmbedder())
    report = ingest_paths(db_session, knowledge=service, paths=[policy_folder])
    assert {item.outcome for item in report.files} == {Outcome.ADDED}
    assert not knowledge_settings.effective_chroma_path.exists(), "nothing may be written locally"

    reopened = KnowledgeService.from_settings(server_settings, embedder=FakeEmbedder())
    try:
        hits = reopened.search(question="hotel limit per night", k=3).hits
        assert (hits[0].source, hits[0].section) == ("travel.md", "Travel and Expenses > Hotels")
        with pytest.raises(EmbedderMismatchError, match="--rebuild"):
            KnowledgeService.from_settings(server_settings, embedder=FakeEmbedder(name="other", dimension=16))
    finally:
        reopened.close()
        service.close()
