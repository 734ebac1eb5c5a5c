"""Child processes of the scale-out layout: each in its own process group with its own log file, stopped as a
group (SIGTERM, then SIGKILL) so nothing is left behind."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

STOP_GRACE_S = 10.0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StartupError(RuntimeError):
    """A process of the layout did not come up; the message names its log."""


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _log: IO[bytes]

    @classmethod
    def start(cls, name: str, command: list[str], *, env: dict[str, str], cwd: Path, logs: Path) -> Child:
        log_path = logs / f"{name}.log"
        log = log_path.open("wb")
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return cls(name=name, process=process, log_path=log_path, _log=log)

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def failed_to_start(self, what: str) -> StartupError:
        state = "running" if self.alive() else f"exited with {self.process.returncode}"
        return StartupError(f"{self.name} {what} ({state}); log {self.log_path}:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM to the whole process group, SIGKILL after a grace period; the log is closed."""
        try:
            if self.alive():
                _signal_group(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=STOP_GRACE_S)
                except subprocess.TimeoutExpired:
                    _signal_group(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=STOP_GRACE_S)
            _signal_group(self.process.pid, signal.SIGKILL)  # anything the process left in its group
        finally:
            self._log.close()


def _signal_group(pid: int, signal_number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal_number)


def wait_for_http(child: Child, url: str, *, timeout: float) -> bytes:
    """Poll `url` until it answers 200; the process dying or the deadline passing is a StartupError."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a loopback http URL we built)
                return bytes(response.read())
        except OSError:
            if not child.alive():
                raise child.failed_to_start(f"exited before {url} answered") from None
            if time.monotonic() > deadline:
                raise child.failed_to_start(f"did not answer {url} within {timeout:.0f} s") from None
            time.sleep(0.25)
