"""Structured logs and per-turn traces, correlated by ids that follow the work across layers.

An adapter opens a `request_scope` (an HTTP request, a Slack event, a CLI command): every log line written
inside it carries its `request_id`. ChatService opens a `turn_scope` for each message: lines carry the
`turn_id` and the conversation too, and `tools/invoke.call_tool` adds one span per tool call (name, outcome,
milliseconds) to the turn's trace, which the turn ledger keeps (`conversation_turns.trace`) and
`backoffice stats` summarises. The ids live in context variables, so they cross into LangGraph's tool threads
(which copy the context) without being passed around.

`configure_logging` switches a long-running process (`serve`, `slack`) to one JSON object per line on stderr;
the CLI leaves Python's default (warnings only) so its tables stay readable.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["json", "text"]

_request: ContextVar[dict[str, Any] | None] = ContextVar("backoffice_request", default=None)
_turn: ContextVar[TurnTrace | None] = ContextVar("backoffice_turn", default=None)

# Attributes every LogRecord has: anything else on a record was passed in `extra=` and belongs in the line.
# Record attributes that are not extra fields; uvicorn's `color_message` is its message again with ANSI colours.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "color_message",
}

log = logging.getLogger("backoffice.trace")


def new_id() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class ToolSpan:
    name: str
    outcome: str  # ok, proposed, or the error's code (not_found, permission_denied, ..., error)
    ms: float


@dataclass
class TurnTrace:
    turn_id: str
    conversation_id: str
    spans: list[ToolSpan] = field(default_factory=list)

    def as_json(self) -> list[dict[str, Any]]:
        return [{"tool": span.name, "outcome": span.outcome, "ms": round(span.ms, 1)} for span in self.spans]


def current_ids() -> dict[str, Any]:
    """The ids (and fields) of the request and turn this code runs in; empty outside any."""
    ids = dict(_request.get() or {})
    turn = _turn.get()
    if turn is not None:
        ids["turn_id"] = turn.turn_id
        ids["conversation_id"] = turn.conversation_id
    return ids


@contextmanager
def request_scope(request_id: str | None = None, **fields: Any) -> Iterator[str]:
    """Tag the work of one request (HTTP request, Slack event, command) with an id; yields the id."""
    rid = request_id or new_id()
    token = _request.set({**(_request.get() or {}), "request_id": rid, **fields})
    try:
        yield rid
    finally:
        _request.reset(token)


@contextmanager
def turn_scope(*, conversation_id: str) -> Iterator[TurnTrace]:
    """One chat turn: its id on every line logged inside it, and the trace its tool calls fill."""
    trace = TurnTrace(turn_id=new_id(), conversation_id=conversation_id)
    token = _turn.set(trace)
    try:
        yield trace
    finally:
        _turn.reset(token)


@contextmanager
def tool_span(name: str) -> Iterator[dict[str, str]]:
    """Time one tool call; the caller may set `outcome` in the yielded dict (an exception sets its kind)."""
    outcome = {"outcome": "ok"}
    started = time.perf_counter()
    try:
        yield outcome
    except Exception as error:
        outcome["outcome"] = str(getattr(error, "code", None) or "error")  # not_found, permission_denied...
        raise
    finally:
        span = ToolSpan(name=name, outcome=outcome["outcome"], ms=(time.perf_counter() - started) * 1000)
        turn = _turn.get()
        if turn is not None:
            turn.spans.append(span)
        log.info("tool call", extra={"tool": name, "outcome": span.outcome, "ms": round(span.ms, 1)})


class ContextFilter(logging.Filter):
    """Puts the current request and turn ids on every record (a handler filter: it sees every logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in current_ids().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the ids, and whatever `extra=` carried."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(*, level: str = "INFO", log_format: LogFormat = "json") -> logging.Handler:
    """Route the process's logs to stderr as JSON lines (or plain text) with the ids; returns the handler."""
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for existing in [h for h in root.handlers if getattr(h, "_backoffice", False)]:
        root.removeHandler(existing)  # configuring twice (tests, reloads) must not double every line
    handler._backoffice = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler
