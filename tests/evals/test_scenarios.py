"""The bundled eval scenarios pass with the offline model; a wrong expectation fails with a clear message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from adapters.cli.eval_commands import run_eval as run_eval_command
from assistant.agent.providers import ModelUnavailableError
from assistant.evals.runner import (
    Scenario,
    ScenarioError,
    count_by,
    demo_database,
    first_difference,
    load_scenarios,
    run_eval,
    run_scenario,
)
from tools.registry import default_registry

LANGUAGES = ("en", "de", "pl", "hr", "ko")


@pytest.fixture(scope="module")
def demo_db() -> Iterator[Path]:
    with demo_database() as path:
        yield path


def _scenario(**overrides: object) -> Scenario:
    data: dict[str, object] = {
        "name": "probe",
        "as": "staff",
        "language": "en",
        "turns": [{"say": "Which orders are pending?", "expect_tools": ["find_orders"]}],
    }
    return Scenario.model_validate({**data, **overrides})


def test_the_bundled_scenarios_cover_every_tool_and_language() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 40
    counts = count_by(scenarios)
    assert all(counts["languages"].get(language, 0) >= 5 for language in LANGUAGES), counts["languages"]
    tools = {tool.name for tool in default_registry()}
    assert tools <= set(counts["tools"]), sorted(tools - set(counts["tools"]))
    offline = count_by([scenario for scenario in scenarios if scenario.applies_to("offline")])
    assert tools <= set(offline["tools"]), sorted(tools - set(offline["tools"]))  # every tool runs offline
    assert any(turn.approve for scenario in scenarios for turn in scenario.turns)
    assert any(turn.reject for scenario in scenarios for turn in scenario.turns)


def test_the_bundled_scenarios_pass_with_the_offline_model(demo_db: Path) -> None:
    report = run_eval(load_scenarios(), model="offline", database=demo_db)
    failures = {name: first_difference(report, name) for name in report.runs if not report.passed_all(name)}
    assert failures == {}
    assert report.ok and report.scenarios >= 40


def test_a_wrong_tool_expectation_fails_with_the_first_difference(demo_db: Path) -> None:
    wrong = _scenario(turns=[{"say": "Which orders are pending?", "expect_tools": ["get_stock"]}])
    result = run_scenario(wrong, demo_db)
    assert not result.passed
    assert result.difference.startswith("turn 1 ('Which orders are pending?'): tools ['find_orders']")
    assert "expected ['get_stock']" in result.difference


def test_wrong_reply_and_state_expectations_fail_clearly(demo_db: Path) -> None:
    reply = run_scenario(
        _scenario(turns=[{"say": "Which orders are pending?", "expect_no_reply": ["SO-106000"]}]), demo_db
    )
    assert not reply.passed and "reply contains 'SO-106000'" in reply.difference
    state = run_scenario(_scenario(expect_state={"order_status": {"SO-106000": "cancelled"}}), demo_db)
    assert not state.passed
    assert state.difference == "state: order SO-106000 is 'pending', expected 'cancelled'"
    nothing = run_scenario(
        _scenario(turns=[{"say": "Which orders are pending?", "approve": "manager"}]), demo_db
    )
    assert not nothing.passed and "nothing was proposed to approve" in nothing.difference


def test_repeat_reports_pass_k(demo_db: Path) -> None:
    report = run_eval([_scenario()], repeat=2, database=demo_db)
    assert [result.passed for result in report.runs["probe"]] == [True, True]
    assert report.passed == 1 and report.pass_rate == 1.0


def test_the_openai_model_needs_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKOFFICE_OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("BACKOFFICE_OPENAI_BASE_URL", "https://api.openai.com/v1")
    with pytest.raises(ModelUnavailableError, match="API key"):
        run_eval([_scenario()], model="openai")


def test_bad_scenario_files_are_refused(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(
        "- {name: x, as: staff, language: en, turns: [{say: hi}], expect_state: {weather: sunny}}\n"
    )
    with pytest.raises(ScenarioError, match="unknown state checks"):
        load_scenarios(unknown)
    typo = tmp_path / "typo.yaml"
    typo.write_text("- {name: x, as: staff, language: en, turns: [{say: hi, expect_tool: []}]}\n")
    with pytest.raises(ScenarioError, match="expect_tool"):
        load_scenarios(typo)


def test_the_command_prints_a_table_and_exits_1_on_failure(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(run_eval_command)
    scenarios = tmp_path / "two.yaml"
    scenarios.write_text(
        "scenarios:\n"
        "  - {name: right, as: staff, language: en,"
        " turns: [{say: 'Which orders are pending?', expect_tools: [find_orders]}]}\n"
        "  - {name: wrong, as: staff, language: en,"
        " turns: [{say: 'Which orders are pending?', expect_tools: []}]}\n"
    )
    result = CliRunner().invoke(app, [str(scenarios)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "right" in result.output and "wrong" in result.output and "1/2 passed" in result.output
