"""`backoffice config`, `init` and `db`: what a person setting the assistant up sees."""

from __future__ import annotations

import pytest

from assistant.db.migrate import head_revision
from tests.cli.conftest import Invoke


def test_config_masks_secrets_and_shows_effective_values(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKOFFICE_OPENAI_API_KEY", "sk-very-secret-value")
    monkeypatch.setenv("BACKOFFICE_OPENAI_BASE_URL", "http://127.0.0.1:9999/v1")
    result = cli("config")
    assert result.exit_code == 0
    assert "sk-very-secret-value" not in result.output
    assert "********" in result.output
    assert "http://127.0.0.1:9999/v1" in result.output


def test_config_hides_database_password(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKOFFICE_DATABASE_URL", "postgresql+psycopg://app:hunter2@db.internal/backoffice")
    result = cli("config")
    assert result.exit_code == 0
    assert "hunter2" not in result.output
    assert "db.internal" in result.output


def test_config_rejects_unknown_locale(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKOFFICE_DEFAULT_LOCALE", "fr")
    with pytest.raises(Exception, match="unsupported locale 'fr'"):
        cli("config")


def test_init_creates_the_schema_and_db_current_reports_it(cli: Invoke) -> None:
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert "Database ready" in result.output
    current = cli("db", "current")
    newest = head_revision()
    assert newest is not None and newest != "0001"  # later migrations exist; init must apply them all
    assert f"database: {newest}" in current.output
    assert f"newest: {newest}" in current.output


def test_downgrade_needs_confirmation(cli: Invoke) -> None:
    cli("init")
    refused = cli("db", "downgrade", "base")
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    done = cli("db", "downgrade", "base", "--yes")
    assert done.exit_code == 0
    assert "database: empty" in cli("db", "current").output
    assert cli("db", "upgrade").exit_code == 0
    assert f"database: {head_revision()}" in cli("db", "current").output


def test_unknown_import_format_is_refused(cli: Invoke, tmp_path: object) -> None:
    result = cli("init", "--import", "csv", "x.json")
    assert result.exit_code == 2
    assert "unknown import format 'csv'" in result.output


def test_bad_as_of_date_is_refused(cli: Invoke) -> None:
    result = cli("init", "--demo", "--as-of", "yesterday")
    assert result.exit_code == 2
    assert "--as-of must be a date" in result.output
