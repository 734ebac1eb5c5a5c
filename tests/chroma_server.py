"""A real Chroma server (`chroma run`) on loopback for tests, and the clean-up chromadb's HTTP client needs."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.scaleout.processes import free_port

CHROMA = Path(sys.executable).with_name("chroma")


def wait_for_heartbeat(process: subprocess.Popen[bytes], port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Chroma server on port {port} did not start") from None
            time.sleep(0.2)


@contextmanager
def running_chroma_server(path: Path, port: int | None = None) -> Iterator[int]:
    """`chroma run` over `path` on 127.0.0.1 (a free port unless given); yields the port, stops it after."""
    port = port or free_port()
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_heartbeat(process, port)
        yield port
    finally:
        collect_client_sockets(port)
        process.terminate()
        process.wait(timeout=10)


def collect_client_sockets(port: int) -> None:
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
