"""Real servers the fault tests start, stop and restart on loopback: a Chroma server and a private PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.chroma_server import collect_client_sockets
from tests.scaleout.processes import free_port

PG_BIN = Path("/usr/lib/postgresql")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def save_figures(name: str, figures: dict[str, object]) -> Path:
    """The figures a fault test measured, as JSON under test-artifacts/faults/ (docs/BENCHMARKS.md quotes them)."""
    folder = Path(os.environ.get("TEST_ARTIFACTS_DIR", PROJECT_ROOT / "test-artifacts")) / "faults"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def wait_until(check: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.05) -> float:
    """Poll `check` until it holds; returns the seconds it took. Raises TimeoutError after `timeout`."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{what} not within {timeout} s")
        time.sleep(interval)
    return time.monotonic() - started


class ChromaServer:
    """`chroma run` on one directory and port; stop() kills it, start() brings it back on the same ones."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1):
                return True
        except OSError:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError("the Chroma server exited") from None
            return False

    def start(self) -> float:
        chroma = Path(sys.executable).with_name("chroma")
        command = [
            str(chroma),
            "run",
            "--path",
            str(self.path),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return wait_until(self._answers, timeout=60, what="the Chroma server answering")

    def stop(self) -> None:
        """Kill it (SIGKILL: no goodbye to clients, as when the machine or container dies)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=30)
        self._process = None

    def close(self) -> None:
        collect_client_sockets(self.port)
        self.stop()


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin directory (Debian layout), or None."""
    if not PG_BIN.is_dir():
        return None
    versions = sorted((path for path in PG_BIN.iterdir() if (path / "bin" / "initdb").exists()), key=_version)
    return versions[-1] / "bin" if versions else None


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in path.name.split(".") if part.isdigit())


class PrivatePostgres:
    """A PostgreSQL server of this test's own (initdb in a temporary directory, loopback, a free port), so it can
    be restarted for real without touching the server every other test and agent uses.

    PostgreSQL refuses to run as root: as root, its commands run as the `postgres` system user."""

    def __init__(self, root: Path, bin_dir: Path) -> None:
        self.root = root
        self.bin = bin_dir
        self.data = root / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            prefix = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        )
        log = str(self.root / "server.log")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            log,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        """A fast shutdown, as `pg_ctlcluster ... restart` does: every client's connection is cut."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
