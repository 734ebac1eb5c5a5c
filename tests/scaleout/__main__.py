"""`python -m tests.scaleout [--smoke | --hold]`: start the scale-out layout on loopback, print where it runs,
then run the smoke suite against it (`--smoke`, the default) or keep it up until Ctrl-C (`--hold`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import PROJECT_ROOT
from tests.scaleout.layout import ATTACHED, DEFAULT_POSTGRES_URL, Layout, scale_out_layout

DEMO_PEOPLE = {
    "staff": "daniel.hughes@adriatic-baltic.example",
    "manager": "joerg.hoffmann@adriatic-baltic.example",
    "admin": "katharina.weissenberg@adriatic-baltic.example",
}


class _Attach:
    """A pytest plugin handing the running layout to the suite's `scale_out` fixture."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[ATTACHED] = self.layout


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _hold(layout: Layout) -> None:
    for role, email in DEMO_PEOPLE.items():
        _say(f"token for {role:7} {email}: {layout.token(email, label='scale-out --hold')}")
    _say("Try: curl -H 'Authorization: Bearer TOKEN' -d '{\"message\": \"where is order SO-106000?\"}' \\")
    _say(f"       -H 'Content-Type: application/json' {layout.api_urls[0]}/chat   (web pages: /app)")
    _say("Up until Ctrl-C.")
    stop = threading.Event()

    def on_signal(_number: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/scale-out", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--smoke", action="store_true", help="run the smoke suite against it (default)")
    mode.add_argument("--hold", action="store_true", help="keep it up for a person to try, until Ctrl-C")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("SCALEOUT_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="a PostgreSQL server where a fresh database may be created (and is dropped afterwards)",
    )
    artifacts = Path(os.environ.get("TEST_ARTIFACTS_DIR", PROJECT_ROOT / "test-artifacts"))
    parser.add_argument("--logs", type=Path, default=artifacts / "scale-out", help="one log file per process")
    arguments = parser.parse_args(argv)
    _say(
        "Starting the scale-out layout (PostgreSQL, Chroma server, 2 API workers, Slack Socket Mode worker)..."
    )
    with scale_out_layout(postgres_url=arguments.postgres, logs=arguments.logs) as layout:
        _say(layout.describe())
        if arguments.hold:
            _hold(layout)
            return 0
        suite = str(Path(__file__).parent)
        # Modules the layout imported (faker, through the demo company) cannot be assertion-rewritten any more.
        quiet = ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
        return int(pytest.main(["-q", "-p", "no:cacheprovider", *quiet, suite], plugins=[_Attach(layout)]))


if __name__ == "__main__":
    sys.exit(main())
