"""Offline chat turn overhead (a benchmark, not a test).

Builds the demo company in a throwaway SQLite file, then asks a fixed set of questions in the five languages
through the real ChatService (a unit of work per turn, the agent loop, the offline model, the tools). The
baseline in the same run is the tool call each turn ends up making, called directly: the overhead is what
the conversation layer adds (classification, argument extraction, the agent loop, checkpointing, the reply).

    .venv/bin/python bench/turns.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.service import ChatService
from assistant.datasets.demo import build_demo_company
from assistant.datasets.summary import sample_people
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import initialise
from assistant.identity import active_employee_by_email
from assistant.offline.classifier import warm_up
from assistant.settings import Settings
from tools.base import ToolContext
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
        engine.dispose()

    overhead = [turn - tool for turn, tool in zip(turn_ms, tool_ms, strict=True)]
    today = datetime.now(UTC).date().isoformat()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(
        f"| {today} | {machine} | offline | {len(turn_ms)} turns | turn p50 {statistics.median(turn_ms):.0f} ms, "
        f"p99 {percentile(turn_ms, 0.99):.0f} ms | tool alone p50 {statistics.median(tool_ms):.1f} ms "
        f"| overhead p50 **{statistics.median(overhead):.0f} ms**, p99 {percentile(overhead, 0.99):.0f} ms |"
    )


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
