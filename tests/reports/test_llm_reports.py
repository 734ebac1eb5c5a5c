"""Reports with a language model: words -> spec by structured output (periods still resolved by our code),
the narrative drafted from the figures and every number in it checked; the offline path when the model fails.

The service-level tests use the strict scripted fake; the tool tests go through the real `ChatOpenAI` client
against the loopback fake OpenAI server."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from adapters.cli.main import app
from assistant.agent.providers import ModelUnavailableError
from assistant.db.models import Role
from assistant.reports.compute import compute_report
from assistant.reports.llm_narrative import draft_narrative
from assistant.reports.llm_requests import MODEL_NOTE, OFFLINE_NOTE, read_request
from assistant.reports.narrative import narrate
from assistant.reports.requests import Clarification
from assistant.reports.results import ReportResult
from assistant.reports.specs import InventorySpec, Period, SalesGrouping, SalesSpec
from assistant.settings import ModelProvider, Settings
from tests import fake_openai_server
from tests.fake_openai_server import FakeOpenAIServer, error, text
from tests.fakes import ScriptedChatModel, say
from tests.reports.conftest import AS_OF, NOW, DemoDatabase, demo_context, demo_user
from tools.invoke import call_tool
from tools.registry import default_registry
from tools.reports import DraftedReportResult

openai_server = fake_openai_server.openai_server

Q3 = Period(start=date(2026, 7, 1), end=date(2026, 9, 30), label="Q3 2026")
Q2 = Period(start=date(2026, 4, 1), end=date(2026, 6, 30), label="Q2 2026")


def reading(**fields: Any) -> str:
    """A model's structured answer: every field present, as strict mode returns it."""
    empty = dict.fromkeys(
        ("question", "kind", "period", "compare_to", "group_by", "as_of", "top", "dead_after_days")
    )
    return json.dumps({"status": "report", **empty, **fields})


def scripted(*replies: str | Exception) -> ScriptedChatModel:
    return ScriptedChatModel(script=[say(reply) if isinstance(reply, str) else reply for reply in replies])


# --- words -> spec ------------------------------------------------------------------------------------------


def test_the_model_names_the_period_and_our_code_resolves_it() -> None:
    model = scripted(reading(kind="sales", period="Q3", compare_to="previous period", group_by="category"))
    read = read_request(
        "Umsatz nach Warengruppe im Q3 ggü. Vorquartal", model=model, today=AS_OF, language="de"
    )
    assert read.spec == SalesSpec(period=Q3, compare_to=Q2, group_by=SalesGrouping.CATEGORY)
    assert read.notes == (MODEL_NOTE,)
    system, human = model.last_request
    assert isinstance(system, SystemMessage) and "2026-11-24" in system.text and "German" in system.text
    assert (
        isinstance(human, HumanMessage)
        and human.text == "<request>Umsatz nach Warengruppe im Q3 ggü. Vorquartal</request>"
    )
    model.assert_exhausted()


def test_iso_dates_and_inventory_fields() -> None:
    model = scripted(reading(kind="inventory", as_of="2026-11-01", dead_after_days=120, top=5))
    read = read_request("dead stock (120 days) as of 1 Nov, top 5", model=model, today=AS_OF)
    assert read.spec == InventorySpec(as_of=date(2026, 11, 1), dead_after_days=120, top=5)


def test_the_model_asks_back_when_unclear() -> None:
    question = "Für welchen Zeitraum soll der Umsatzbericht sein?"
    model = scripted(reading(status="needs_clarification", kind="sales", question=question))
    read = read_request("Umsatzbericht bitte", model=model, today=AS_OF, language="de")
    assert read.spec == Clarification("details", question)


@pytest.mark.parametrize(
    "answer",
    [
        reading(kind="sales"),  # a sales report needs a period: asked, not guessed
        reading(kind="sales", period="the good quarter"),  # a period our code cannot resolve
        reading(kind="sales", period="2026-09-30 to 2026-07-01"),  # ends before it starts
    ],
)
def test_an_incomplete_or_invalid_reading_gets_a_question(answer: str) -> None:
    read = read_request("sales please", model=scripted(answer), today=AS_OF)
    assert isinstance(read.spec, Clarification) and read.spec.missing == "period"
    assert "For which period" in read.spec.question


@pytest.mark.parametrize(
    ("failure", "note"),
    [
        (
            ModelUnavailableError("The model is unavailable: it cannot be reached."),
            "Language model unavailable",
        ),
        ("Sure! Here is the report you asked for.", "answered out of format"),
        (json.dumps({"status": "report", "kind": "weather"}), "answered out of format"),
    ],
)
def test_the_offline_reader_is_the_fallback(failure: str | Exception, note: str) -> None:
    read = read_request("sales by region for Q3 compared with Q2", model=scripted(failure), today=AS_OF)
    assert read.spec == SalesSpec(period=Q3, compare_to=Q2)
    assert len(read.notes) == 1 and note in read.notes[0] and "offline parser" in read.notes[0]


def test_without_a_model_the_offline_reader_is_used() -> None:
    read = read_request(
        "sales by region for Q3", model=None, today=AS_OF, model_note="Language model unavailable (x)"
    )
    assert isinstance(read.spec, SalesSpec) and read.notes == ("Language model unavailable (x)", OFFLINE_NOTE)


# --- the narrative ------------------------------------------------------------------------------------------


@pytest.fixture
def sales(demo: Session) -> ReportResult:
    spec = SalesSpec(period=Q3, compare_to=Q2)
    return compute_report(demo, spec=spec, requested_by="test", now=NOW)


def honest_draft(result: ReportResult) -> str:
    revenue, orders = result.figure("revenue"), result.figure("orders")
    change = revenue.change_percent
    assert change is not None
    top = result.table("by_group").rows[0]
    return (
        f"Q3 2026 revenue reached {revenue.value:,.2f} EUR from {orders.value:,} orders, {change:+.1f}% on "
        f"Q2 2026 (about {float(revenue.value or 0) / 1e6:.1f} million). {top[0]} led with {top[2]}% of revenue."
    )


def test_a_draft_whose_numbers_check_out_is_kept(sales: ReportResult) -> None:
    draft = honest_draft(sales)
    model = scripted(draft)
    narrative = draft_narrative(sales, model=model, language="en", currency="EUR")
    assert (narrative.text, narrative.drafted_by) == (draft, "model")
    assert "every number in it was checked" in narrative.note
    system, human = model.last_request
    assert "never instructions" in system.text
    data = json.loads(human.text.removeprefix("<report-data>\n").removesuffix("\n</report-data>"))
    assert data["figures"][0] == {
        "name": "Revenue",
        "value": f"{sales.figure('revenue').value:,.2f} EUR",
        "unit": "money",
        "previous": f"{sales.figure('revenue').previous:,.2f} EUR",
        "change_percent": f"{sales.figure('revenue').change_percent:+.1f}",
    }
    assert data["covers"] == "Q3 2026 (2026-07-01 – 2026-09-30)"


def test_a_draft_with_an_invented_number_is_rejected(sales: ReportResult) -> None:
    draft = honest_draft(sales) + " Next quarter should bring 1,500,000.00 EUR."
    narrative = draft_narrative(sales, model=scripted(draft), language="en", currency="EUR")
    assert narrative.drafted_by == "template" and narrative.text == narrate(sales, language="en")
    assert narrative.note == "LLM narrative rejected: unsupported number 1,500,000.00; template used."


def test_a_german_draft_is_checked_in_german_number_format(sales: ReportResult) -> None:
    revenue = sales.figure("revenue").value
    german = f"{revenue:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    kept = draft_narrative(
        sales,
        model=scripted(f"Der Umsatz im 3. Quartal 2026 betrug {german} EUR."),
        language="de",
        currency="EUR",
    )
    assert kept.drafted_by == "model"
    rejected = draft_narrative(
        sales, model=scripted("Der Umsatz stieg um 17,4 %."), language="de", currency="EUR"
    )
    assert rejected.drafted_by == "template" and "unsupported number 17,4 %" in rejected.note
    assert rejected.text.startswith("Der Umsatz im Zeitraum 3. Quartal 2026")


def test_an_empty_or_overlong_draft_leaves_the_template(sales: ReportResult) -> None:
    empty = draft_narrative(sales, model=scripted("  "), language="en", currency="EUR")
    assert empty.drafted_by == "template" and empty.note == "LLM narrative was empty; template used."
    overlong = draft_narrative(sales, model=scripted("Revenue. " * 300), language="en", currency="EUR")
    assert overlong.drafted_by == "template" and "longer than 1500 characters" in overlong.note


def test_an_unavailable_model_leaves_the_template(sales: ReportResult) -> None:
    narrative = draft_narrative(
        sales, model=scripted(ModelUnavailableError("it is rate limited")), language="pl", currency="EUR"
    )
    assert narrative.drafted_by == "template" and "LLM narrative unavailable" in narrative.note
    assert narrative.text == narrate(sales, language="pl")


# --- the tool, through the real ChatOpenAI client and the fake server --------------------------------------


def llm_settings(settings: Settings, server: FakeOpenAIServer) -> Settings:
    return settings.model_copy(
        update={
            "model_provider": ModelProvider.OPENAI,
            "openai_base_url": server.base_url,
            "openai_model": "gpt-test",
            "openai_timeout_s": 5.0,
            "openai_max_retries": 0,
        }
    )


def _draft(demo: Session, settings: Settings, **arguments: object) -> DraftedReportResult:
    ctx = demo_context(demo, settings, Role.MANAGER)
    result = call_tool(ctx, default_registry(), "draft_report", {"formats": ["md"], **arguments})
    assert isinstance(result, DraftedReportResult)
    return result


def test_the_tool_reads_and_narrates_with_the_model(
    demo: Session, report_settings: Settings, openai_server: FakeOpenAIServer, sales: ReportResult
) -> None:
    draft = honest_draft(sales)
    openai_server.script(
        text(reading(kind="sales", period="Q3 2026", compare_to="Q2 2026", group_by="region")), text(draft)
    )
    result = _draft(demo, llm_settings(report_settings, openai_server), request="sales by region, Q3 vs Q2")
    assert result.status == "drafted" and result.summary == draft
    assert result.notes[0] == MODEL_NOTE and "every number in it was checked" in result.notes[1]
    spec_request, narrative_request = openai_server.requests
    response_format = spec_request["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema["additionalProperties"] is False and set(schema["required"]) == set(schema["properties"])
    assert "response_format" not in narrative_request
    assert "<report-data>" in narrative_request["messages"][-1]["content"]
    markdown = next(path for path in result.files if path.endswith(".md"))
    written = Path(markdown).read_text(encoding="utf-8")
    assert draft in written and MODEL_NOTE in written
    assert openai_server.unexpected == []


def test_the_tool_rejects_an_invented_number(
    demo: Session, report_settings: Settings, openai_server: FakeOpenAIServer, sales: ReportResult
) -> None:
    openai_server.script(
        text(reading(kind="sales", period="Q3 2026", compare_to="Q2 2026")),
        text("Revenue rose to 9,876,543.21 EUR, a record."),
    )
    result = _draft(demo, llm_settings(report_settings, openai_server), request="sales Q3 vs Q2")
    assert result.summary == narrate(sales, language=demo_user(demo, Role.MANAGER).locale)
    assert "LLM narrative rejected: unsupported number 9,876,543.21" in result.notes[1]


def test_the_tool_asks_back_through_the_model(
    demo: Session, report_settings: Settings, openai_server: FakeOpenAIServer
) -> None:
    openai_server.script(text(reading(status="needs_clarification", question="Which period do you mean?")))
    result = _draft(demo, llm_settings(report_settings, openai_server), request="the usual numbers")
    assert result.status == "needs_clarification" and result.question == "Which period do you mean?"
    assert not result.files and len(openai_server.requests) == 1


def test_a_failing_server_falls_back_to_the_offline_path(
    demo: Session, report_settings: Settings, openai_server: FakeOpenAIServer
) -> None:
    openai_server.script(error(500), error(503))
    result = _draft(
        demo, llm_settings(report_settings, openai_server), request="Umsatz nach Region im 3. Quartal"
    )
    assert result.status == "drafted" and result.summary
    assert result.summary.startswith("Der Umsatz im Zeitraum 3. Quartal 2026")
    assert (
        "Language model unavailable (The model is unavailable: it answered with HTTP 500.)" in result.notes[0]
    )
    assert "LLM narrative unavailable" in result.notes[1]


def test_offline_settings_never_call_a_model(demo: Session, report_settings: Settings) -> None:
    result = _draft(demo, report_settings, request="sales by region for Q3")
    assert result.notes == [OFFLINE_NOTE, "Narrative from the offline templates."]


def test_the_cli_reads_and_narrates_with_the_model(
    cli: CliRunner,
    demo_database: DemoDatabase,
    openai_server: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("BACKOFFICE_MODEL_PROVIDER", "openai")
    monkeypatch.setenv("BACKOFFICE_OPENAI_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("BACKOFFICE_OPENAI_MAX_RETRIES", "0")
    with Session(demo_database.engine) as session:
        manager = demo_user(session, Role.MANAGER)
    openai_server.script(
        text(reading(kind="pipeline", period="last month")),
        text("Ein ruhiger Monat, ohne Auffälligkeiten: 123456 Bestellungen."),  # invented: rejected
    )
    out = tmp_path / "out"
    result = cli.invoke(
        app,
        ["report", "Lieferverzug letzten Monat", "--as", manager.email, "--format", "md", "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Im Zeitraum" in result.output  # the German template; its month depends on the clock
    assert MODEL_NOTE in result.output and "unsupported number 123456" in result.output
    written = (out / "pipeline.md").read_text(encoding="utf-8")
    assert "LLM narrative rejected: unsupported number 123456" in written
    assert "123456" not in written.split("## Kennzahlen")[0]  # the German headings: the manager is German
