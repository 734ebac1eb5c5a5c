"""What the last chat turns looked like, for operators: outcomes, latency, model use and each tool's calls.

Read from the turn ledger (`conversation_turns`, with the trace of tool calls each turn made); `backoffice stats`
prints it. Percentiles are nearest-rank over the turns (or calls) in the window.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import ConversationTurn


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class ToolStats:
    name: str
    calls: int
    failures: int  # ended in an error (not found, refused, invalid arguments...)
    proposals: int
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True)
class TurnStats:
    turns: int
    outcomes: dict[str, int]
    models: dict[str, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    model_calls: int
    input_tokens: int
    output_tokens: int
    proposals: int
    tools: list[ToolStats] = field(default_factory=list)


def turn_stats(session: Session, *, last: int, employee_id: int | None = None) -> TurnStats:
    """The last `last` turns (everyone's, or one employee's)."""
    query = select(ConversationTurn).order_by(ConversationTurn.started_at.desc(), ConversationTurn.id.desc())
    if employee_id is not None:
        query = query.where(ConversationTurn.employee_id == employee_id)
    turns = list(session.scalars(query.limit(last)))
    durations = [float(turn.duration_ms) for turn in turns]
    spans: dict[str, list[dict[str, object]]] = defaultdict(list)
    for turn in turns:
        for span in turn.trace or []:
            spans[str(span.get("tool"))].append(span)
    tools = []
    for name, calls in sorted(spans.items(), key=lambda item: (-len(item[1]), item[0])):
        times = [float(str(call.get("ms", 0))) for call in calls]
        outcomes = Counter(str(call.get("outcome")) for call in calls)
        tools.append(
            ToolStats(
                name=name,
                calls=len(calls),
                failures=len(calls) - outcomes["ok"] - outcomes["proposed"],
                proposals=outcomes["proposed"],
                p50_ms=percentile(times, 0.5),
                p99_ms=percentile(times, 0.99),
            )
        )
    return TurnStats(
        turns=len(turns),
        outcomes=dict(Counter(turn.outcome for turn in turns)),
        models=dict(Counter(turn.model for turn in turns)),
        p50_ms=percentile(durations, 0.5),
        p95_ms=percentile(durations, 0.95),
        p99_ms=percentile(durations, 0.99),
        model_calls=sum(turn.model_calls for turn in turns),
        input_tokens=sum(turn.input_tokens for turn in turns),
        output_tokens=sum(turn.output_tokens for turn in turns),
        proposals=sum(turn.proposals for turn in turns),
        tools=tools,
    )
