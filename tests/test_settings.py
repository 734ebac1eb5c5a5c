"""Settings from the environment and `.env`, with defaults that need no set-up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.settings import Settings


def test_defaults_use_an_embedded_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'backoffice.db'}"
    assert settings.effective_chroma_path == tmp_path / "chroma"
    assert settings.model_provider == "offline"
    assert settings.manager_approval_threshold == Decimal("10000")


def test_environment_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "BACKOFFICE_COMPANY_NAME=Test d.o.o.\nBACKOFFICE_DEFAULT_LOCALE=hr\nBACKOFFICE_OPENAI_MODEL=from-dotenv\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BACKOFFICE_OPENAI_MODEL", "from-environment")  # the environment wins over .env
    settings = Settings()
    assert settings.company_name == "Test d.o.o."
    assert settings.default_locale == "hr"
    assert settings.openai_model == "from-environment"


def test_secrets_are_masked(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        openai_api_key="sk-secret",  # type: ignore[arg-type]
        database_url="postgresql+psycopg://app:pw123@db/backoffice",
    )
    shown = settings.masked()
    assert shown["openai_api_key"] == "********"
    assert "pw123" not in shown["database_url"]
    assert "sk-secret" not in str(shown)


def test_bad_values_are_refused_with_the_field_named(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="default_locale"):
        Settings(data_dir=tmp_path, default_locale="fr")
    with pytest.raises(ValidationError, match="action_expiry_hours"):
        Settings(data_dir=tmp_path, action_expiry_hours=0)
