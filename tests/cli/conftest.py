from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from adapters.cli import deps
from adapters.cli.main import app
from assistant.settings import get_settings

Invoke = Callable[..., Result]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, empty_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Invoke]:
    """Run `backoffice ...` in-process against a fresh database, as a user would from a shell."""
    monkeypatch.setattr(deps, "console", Console(width=250))  # a wide terminal: no wrapped ids in tables
    monkeypatch.setattr(deps, "errors", Console(width=250, stderr=True))
    monkeypatch.setenv("BACKOFFICE_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("BACKOFFICE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        get_settings.cache_clear()
        return runner.invoke(app, list(args), catch_exceptions=False)

    yield invoke
    get_settings.cache_clear()
