"""`backoffice eval`: run the scenario evals and print a table; exit 1 when a scenario fails."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from adapters.cli import deps
from assistant.agent.providers import ModelUnavailableError
from assistant.evals.runner import MODELS, EvalReport, ScenarioError, first_difference, load_scenarios
from assistant.evals.runner import run_eval as run_scenarios


def report_table(report: EvalReport) -> Table:
    title = f"Eval: {report.model}" + (f", pass^{report.repeat}" if report.repeat > 1 else "")
    table = Table(title=title)
    table.add_column("scenario")
    table.add_column("lang")
    table.add_column("result")
    table.add_column("first difference", overflow="fold")
    for name, results in report.runs.items():
        passed = sum(result.passed for result in results)
        ok = passed == len(results)
        verdict = "[green]pass[/]" if ok else "[red]FAIL[/]"
        if report.repeat > 1:
            verdict += f" {passed}/{len(results)}"
        table.add_row(name, results[0].language, verdict, first_difference(report, name))
    return table


def run_eval(
    path: Annotated[
        Path | None,
        typer.Argument(help="A scenario YAML file or a folder of them; default: the bundled scenarios."),
    ] = None,
    model: Annotated[str, typer.Option("--model", help=f"One of {', '.join(MODELS)}.")] = "offline",
    repeat: Annotated[
        int, typer.Option("--repeat", min=1, help="Run each scenario k times; it passes when all k pass.")
    ] = 1,
) -> None:
    """Run the eval scenarios against a fresh demo company and report pass/fail per scenario."""
    if model not in MODELS:
        raise deps.fail(f"--model must be one of {', '.join(MODELS)}.")
    try:
        scenarios = load_scenarios(path)
    except (ScenarioError, OSError) as error:
        raise deps.fail(str(error)) from error
    try:
        report = run_scenarios(scenarios, model=model, repeat=repeat)
    except ModelUnavailableError as error:
        raise deps.fail(error.message) from error
    deps.console.print(report_table(report))
    label = f"pass^{report.repeat}" if report.repeat > 1 else "passed"
    summary = f"{report.passed}/{report.scenarios} {label} ({report.pass_rate:.0%}) in {report.seconds:.1f} s"
    if report.repeat > 1:
        summary += f"; single runs passed {report.single_run_rate:.0%}"
    if report.skipped:
        summary += f"; skipped for {model}: {', '.join(report.skipped)}"
    deps.console.print(summary)
    if not report.ok:
        raise typer.Exit(1)
