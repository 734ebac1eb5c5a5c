"""`backoffice init --import tau2-retail` and `backoffice export tau2-retail`: the round trip from a shell."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke
from tests.support import tau2_dataset_path

TAU2 = tau2_dataset_path()


def test_import_then_export_gives_back_the_input(cli: Invoke, tmp_path: Path) -> None:
    assert TAU2.is_file(), f"the tau2 dataset is missing at {TAU2}"
    imported = cli("init", "--import", "tau2-retail", str(TAU2))
    assert imported.exit_code == 0, imported.output
    assert "customers" in imported.output and "500" in imported.output
    out = tmp_path / "out.json"
    exported = cli("export", "tau2-retail", str(out))
    assert exported.exit_code == 0, exported.output
    assert "500 users, 50 products, 1000 orders" in exported.output
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(TAU2.read_text(encoding="utf-8"))


def test_second_import_is_refused_and_nothing_is_duplicated(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init", "--import", "tau2-retail", str(TAU2)).exit_code == 0
    again = cli("init", "--import", "tau2-retail", str(TAU2))
    assert again.exit_code == 1
    assert "already holds a company" in again.output
    out = tmp_path / "out.json"
    cli("export", "tau2-retail", str(out))
    assert len(json.loads(out.read_text(encoding="utf-8"))["orders"]) == 1000


def test_a_bad_file_leaves_the_database_untouched(cli: Invoke, tmp_path: Path) -> None:
    data = json.loads(TAU2.read_text(encoding="utf-8"))
    first_order = next(iter(data["orders"].values()))
    first_order["items"][0]["item_id"] = "0000000000"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = cli("init", "--import", "tau2-retail", str(broken))
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert first_order["order_id"] in result.output and "item_id" in result.output
    # schema creation and data load were one transaction: the database is still empty
    assert "database: empty" in cli("db", "current").output


def test_unreadable_json_is_reported(cli: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = cli("init", "--import", "tau2-retail", str(bad))
    assert result.exit_code == 1
    assert "bad.json" in result.output


def test_force_replaces_the_company(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init", "--import", "tau2-retail", str(TAU2)).exit_code == 0
    replaced = cli("init", "--force")
    assert replaced.exit_code == 0, replaced.output
    out = tmp_path / "out.json"
    cli("export", "tau2-retail", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == {"products": {}, "users": {}, "orders": {}}
