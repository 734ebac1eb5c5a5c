"""Run eval scenarios: conversations against a fresh copy of the demo company, checked turn by turn.

A scenario (YAML) names who talks (`as`: a role, meaning that role's first active employee, or an email), the
language, the turns and, optionally, the state the database must be in afterwards. Each turn says what the
user types, which tools the model must call in that turn (in order), which fragments the reply must and must
not contain, and who approves or rejects the turn's proposals.

The demo company is built once per run (seed 7, as of 2026-11-24) in a temporary SQLite file; each scenario
runs on a copy of that file, so scenarios never see each other's writes.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant import confirmations
from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.service import ChatService, open_knowledge
from assistant.datasets import DEMO_HANDBOOK
from assistant.datasets.demo import build_demo_company
from assistant.datasets.summary import sample_people
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import initialise
from assistant.db.models import PendingAction, Role, SalesOrder, StockLevel, Variant, Warehouse
from assistant.identity import active_employee_by_email
from assistant.settings import ModelProvider, Settings
from tools.base import CurrentUser, ToolError
from tools.registry import default_registry

SCENARIO_DIR = Path(__file__).parent / "scenarios"
DEMO_SEED = 7
DEMO_AS_OF = date(2026, 11, 24)


def _demo_now() -> datetime:
    """Scenarios run on the demo company's own day, so relative dates mean the same thing every run."""
    return datetime(DEMO_AS_OF.year, DEMO_AS_OF.month, DEMO_AS_OF.day, 9, 0, tzinfo=UTC)


MODELS = ("offline", "openai")


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    say: str
    expect_tools: list[str] | None = None  # None: not checked; []: no tool may be called
    expect_reply: list[str] = Field(default_factory=list)
    expect_no_reply: list[str] = Field(default_factory=list)
    approve: str | None = None
    reject: str | None = None

    @field_validator("expect_reply", "expect_no_reply", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        """YAML reads 2026-11-23 as a date and 3 as a number; a fragment is the text either way."""
        return [str(item) for item in value] if isinstance(value, list) else value


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str
    as_: str = Field(alias="as")
    language: str
    turns: list[Turn] = Field(min_length=1)
    expect_state: dict[str, Any] = Field(default_factory=dict)
    models: list[str] | None = None  # the models this scenario is for; None: every model
    # Files the user has uploaded before the first turn (name -> text), saved in the documents inbox.
    uploads: dict[str, str] = Field(default_factory=dict)
    source: str = ""

    def applies_to(self, model: str) -> bool:
        return self.models is None or model in self.models


STATE_CHECKS = (
    "order_status",
    "pending_actions",
    "executed_actions",
    "rejected_actions",
    "proposed_actions",
    "stock_unchanged",
    "stock_change",
    "stock_on_hand",
)


@dataclass
class ScenarioResult:
    name: str
    language: str
    passed: bool
    difference: str = ""  # the first difference, empty when passed
    tools: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class EvalReport:
    model: str
    repeat: int
    runs: dict[str, list[ScenarioResult]]  # scenario name -> one result per repetition
    seconds: float
    skipped: list[str] = field(default_factory=list)  # scenarios not meant for this model

    @property
    def scenarios(self) -> int:
        return len(self.runs)

    def passed_all(self, name: str) -> bool:
        return all(result.passed for result in self.runs[name])

    @property
    def passed(self) -> int:
        """Scenarios that passed every one of their k runs (pass^k)."""
        return sum(self.passed_all(name) for name in self.runs)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.scenarios if self.runs else 0.0

    @property
    def single_run_rate(self) -> float:
        results = [result for runs in self.runs.values() for result in runs]
        return sum(result.passed for result in results) / len(results) if results else 0.0

    @property
    def ok(self) -> bool:
        return self.passed == self.scenarios


class ScenarioError(ValueError):
    """A scenario file that does not follow the format."""


# --- loading -----------------------------------------------------------------------------------------------------


def load_scenarios(path: Path | None = None) -> list[Scenario]:
    """Scenarios from a YAML file or every *.yaml in a folder (default: the bundled ones), in file order."""
    path = path or SCENARIO_DIR
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    scenarios: list[Scenario] = []
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise ScenarioError(f"{file}: not valid YAML: {error}") from error
        items = data.get("scenarios") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ScenarioError(f"{file}: expected a list of scenarios (or a mapping with `scenarios:`)")
        for item in items:
            try:
                scenario = Scenario.model_validate({**item, "source": file.name})
            except ValueError as error:
                raise ScenarioError(f"{file}: {error}") from error
            unknown = set(scenario.expect_state) - set(STATE_CHECKS)
            if unknown:
                raise ScenarioError(f"{file}: {scenario.name}: unknown state checks {sorted(unknown)}")
            scenarios.append(scenario)
    names = [scenario.name for scenario in scenarios]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ScenarioError(f"duplicate scenario names: {duplicates}")
    return scenarios


# --- the demo company --------------------------------------------------------------------------------------------


@contextmanager
def demo_database() -> Iterator[Path]:
    """Build the demo company once in a temporary SQLite file, with its handbook ingested into a policy
    library beside it (`<folder>/chroma`, read by every scenario); yields the database file's path."""
    from knowledge.ingest import ingest_paths
    from knowledge.service import KnowledgeService

    with tempfile.TemporaryDirectory(prefix="backoffice-eval-") as folder:
        path = Path(folder) / "demo.db"
        engine = make_engine(f"sqlite:///{path}")
        try:
            initialise(
                engine,
                force=False,
                populate=lambda session: build_demo_company(session, seed=DEMO_SEED, as_of=DEMO_AS_OF),
            )
            knowledge = KnowledgeService.from_settings(_settings(Path(folder), "offline", library=path))
            with session_scope(make_session_factory(engine)) as session:
                report = ingest_paths(session, knowledge=knowledge, paths=[DEMO_HANDBOOK])
            if report.failed:
                raise ScenarioError(f"the demo handbook did not ingest: {report.failed}")
        finally:
            engine.dispose()
        yield path


def _settings(folder: Path, model: str, *, library: Path | None = None) -> Settings:
    """Settings for one run in `folder`; the policy library is the one built beside `library` (a database)."""
    provider = ModelProvider.OPENAI if model == "openai" else ModelProvider.OFFLINE
    return Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'eval.db'}",
        model_provider=provider,
        chroma_path=library.parent / "chroma" if library is not None else None,
    )


def check_openai_configured() -> None:
    """Raise ModelUnavailableError (with what to set) when the OpenAI provider is not configured."""
    from assistant.agent.providers import openai_chat_model

    with tempfile.TemporaryDirectory(prefix="backoffice-eval-") as folder:
        openai_chat_model(_settings(Path(folder), "openai"))


# --- running -----------------------------------------------------------------------------------------------------


class _Failed(Exception):
    """The first difference between what a scenario expects and what happened."""


def _user(session: Session, who: str) -> CurrentUser:
    if "@" not in who:
        try:
            role = Role(who.lower())
        except ValueError as error:
            raise _Failed(f"unknown role or email {who!r}") from error
        email = sample_people(session).get(role.value)
        if email is None:
            raise _Failed(f"no active employee with the role {who!r}")
        who = email
    return active_employee_by_email(session, who)


def _last_tool_calls(service: ChatService, conversation_id: str) -> list[str]:
    """The names of the tools called in the conversation's last turn, in order, read from the checkpoint."""
    from langchain_core.messages import AIMessage, HumanMessage

    state = service.checkpointer.get({"configurable": {"thread_id": conversation_id}})
    messages = state["channel_values"]["messages"] if state else []
    turn: list[AIMessage] = []
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            break
        if isinstance(message, AIMessage):
            turn.append(message)
    return [call["name"] for message in reversed(turn) for call in message.tool_calls]


def _stock(session: Session) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(Variant.sku, Warehouse.code, StockLevel.on_hand)
        .join(Variant, StockLevel.variant_id == Variant.id)
        .join(Warehouse, StockLevel.warehouse_id == Warehouse.id)
    )
    return {(sku, code): on_hand for sku, code, on_hand in rows}


@dataclass
class _Snapshot:
    actions: set[str]
    stock: dict[tuple[str, str], int]


def _snapshot(session: Session) -> _Snapshot:
    return _Snapshot(actions=set(session.scalars(select(PendingAction.id))), stock=_stock(session))


def _sku_total(stock: dict[tuple[str, str], int], sku: str) -> int:
    return sum(quantity for (code, _), quantity in stock.items() if code.upper() == sku.upper())


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_state(session: Session, before: _Snapshot, expected: dict[str, Any]) -> None:
    """Compare the database after a scenario with its `expect_state`; raise _Failed at the first difference."""
    new_actions = [
        action
        for action in session.scalars(select(PendingAction).order_by(PendingAction.created_at))
        if action.id not in before.actions
    ]
    after = _stock(session)
    for check, value in expected.items():
        if check == "order_status":
            for number, status in value.items():
                actual = session.scalar(select(SalesOrder.status).where(SalesOrder.number == number))
                if actual is None:
                    raise _Failed(f"state: order {number} not found")
                if str(actual.value) != str(status):
                    raise _Failed(f"state: order {number} is {actual.value!r}, expected {status!r}")
        elif check.endswith("_actions"):
            status = check.removesuffix("_actions")
            counted = [a for a in new_actions if status == "proposed" or a.status.value == status]
            if len(counted) != int(value):
                seen = ", ".join(f"{a.tool_name}={a.status.value}" for a in new_actions) or "none"
                raise _Failed(
                    f"state: {len(counted)} {status} actions, expected {value} (new actions: {seen})"
                )
        elif check == "stock_unchanged":
            for sku in _as_list(value):
                was, now = _sku_total(before.stock, sku), _sku_total(after, sku)
                if was != now:
                    raise _Failed(f"state: stock of {sku} changed from {was} to {now}")
        elif check in ("stock_change", "stock_on_hand"):
            sku, warehouse = str(value["sku"]).upper(), str(value["warehouse"]).upper()
            now = after.get((sku, warehouse), 0)
            if check == "stock_change":
                delta = now - before.stock.get((sku, warehouse), 0)
                if delta != int(value["by"]):
                    raise _Failed(
                        f"state: stock of {sku} in {warehouse} changed by {delta}, expected {value['by']}"
                    )
            elif now != int(value["equals"]):
                raise _Failed(f"state: stock of {sku} in {warehouse} is {now}, expected {value['equals']}")


def _check_turn(index: int, turn: Turn, text: str, tools: list[str]) -> None:
    where = f"turn {index} ({turn.say!r})"
    if turn.expect_tools is not None and tools != turn.expect_tools:
        raise _Failed(f"{where}: tools {tools}, expected {turn.expect_tools}; reply: {text[:200]!r}")
    folded = text.casefold()
    for fragment in turn.expect_reply:
        if fragment.casefold() not in folded:
            raise _Failed(f"{where}: reply lacks {fragment!r}; reply: {text[:300]!r}")
    for fragment in turn.expect_no_reply:
        if fragment.casefold() in folded:
            raise _Failed(f"{where}: reply contains {fragment!r}; reply: {text[:300]!r}")


def _decide(
    sessions: sessionmaker[Session], settings: Settings, turn: Turn, index: int, action_ids: list[str]
) -> None:
    decider = turn.approve or turn.reject
    if decider is None:
        return
    if not action_ids:
        raise _Failed(
            f"turn {index} ({turn.say!r}): nothing was proposed to {'approve' if turn.approve else 'reject'}"
        )
    with session_scope(sessions) as session:
        person = _user(session, decider)
        for action_id in action_ids:
            try:
                if turn.approve:
                    view = confirmations.approve(
                        session,
                        registry=default_registry(),
                        settings=settings,
                        action_id=action_id,
                        approver=person,
                        now=_demo_now(),
                    )
                else:
                    view = confirmations.reject(
                        session, action_id=action_id, approver=person, now=_demo_now()
                    )
            except ToolError as error:
                raise _Failed(f"turn {index}: {decider} could not decide {action_id}: {error}") from error
            if turn.approve and view.error:
                raise _Failed(f"turn {index}: approved action {view.tool_name} failed: {view.error}")


def run_scenario(scenario: Scenario, database: Path, *, model: str = "offline") -> ScenarioResult:
    """Run one scenario on a fresh copy of the demo database."""
    started = time.perf_counter()
    result = ScenarioResult(name=scenario.name, language=scenario.language, passed=False)
    with tempfile.TemporaryDirectory(prefix="backoffice-scenario-") as folder:
        settings = _settings(Path(folder), model, library=database)
        shutil.copyfile(database, Path(folder) / "eval.db")
        engine = make_engine(settings.effective_database_url)
        sessions = make_session_factory(engine)
        try:
            inbox = settings.effective_documents_inbox_dir
            for name, content in scenario.uploads.items():
                inbox.mkdir(parents=True, exist_ok=True)
                (inbox / Path(name).name).write_text(content, encoding="utf-8")
            with session_scope(sessions) as session:
                user = _user(session, scenario.as_)
                before = _snapshot(session)
            with open_checkpointer(settings) as checkpointer:
                service = ChatService(
                    settings=settings,
                    sessions=sessions,
                    registry=default_registry(),
                    checkpointer=checkpointer,
                    clock=_demo_now,  # "tomorrow" means the same day on every run
                    knowledge=open_knowledge(settings) if settings.effective_chroma_path.is_dir() else None,
                )
                conversation_id: str | None = None
                for index, turn in enumerate(scenario.turns, start=1):
                    reply = service.turn(
                        user=user, text=turn.say, channel="eval", conversation_id=conversation_id
                    )
                    conversation_id = reply.conversation_id
                    tools = _last_tool_calls(service, conversation_id)
                    result.tools.append(tools)
                    if reply.failed:
                        raise _Failed(f"turn {index} ({turn.say!r}) failed: {reply.text[:300]!r}")
                    _check_turn(index, turn, reply.text, tools)
                    _decide(sessions, settings, turn, index, [proposal.id for proposal in reply.proposals])
            with session_scope(sessions) as session:
                check_state(session, before, scenario.expect_state)
            result.passed = True
        except _Failed as difference:
            result.difference = str(difference)
        except Exception as error:  # a crash in one scenario is that scenario's failure, not the run's
            result.difference = f"error: {type(error).__name__}: {error}"
        finally:
            engine.dispose()
    result.seconds = time.perf_counter() - started
    return result


def run_eval(
    scenarios: list[Scenario], *, model: str = "offline", repeat: int = 1, database: Path | None = None
) -> EvalReport:
    """Run every scenario `repeat` times; a scenario passes (pass^k) when all its runs pass."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    if model == "openai":
        check_openai_configured()
    started = time.perf_counter()
    runs: dict[str, list[ScenarioResult]] = {}
    skipped = [scenario.name for scenario in scenarios if not scenario.applies_to(model)]
    with _database(database) as path:
        for scenario in scenarios:
            if scenario.applies_to(model):
                runs[scenario.name] = [run_scenario(scenario, path, model=model) for _ in range(repeat)]
    return EvalReport(
        model=model, repeat=repeat, runs=runs, seconds=time.perf_counter() - started, skipped=skipped
    )


@contextmanager
def _database(given: Path | None) -> Iterator[Path]:
    if given is not None:
        yield given
        return
    with demo_database() as path:
        yield path


def first_difference(report: EvalReport, name: str) -> str:
    return next((result.difference for result in report.runs[name] if not result.passed), "")


def count_by(scenarios: list[Scenario]) -> dict[str, dict[str, int]]:
    """Scenarios per language, and per tool the scenarios that expect a call to it."""
    languages: dict[str, int] = {}
    tools: dict[str, int] = {}
    for scenario in scenarios:
        languages[scenario.language] = languages.get(scenario.language, 0) + 1
        names = {name for turn in scenario.turns for name in (turn.expect_tools or [])}
        for name in names:
            tools[name] = tools.get(name, 0) + 1
    return {"languages": dict(sorted(languages.items())), "tools": dict(sorted(tools.items()))}
