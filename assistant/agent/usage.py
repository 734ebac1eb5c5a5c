"""Token usage: what one turn cost (model calls, input/output tokens), and the ledger's totals per person."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult
from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session


class TurnUsage(BaseModel):
    """What one turn cost. Servers that report no usage leave the token counts at zero."""

    model_calls: int = 0
    failed_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @classmethod
    def from_messages(cls, messages: Iterable[BaseMessage]) -> TurnUsage:
        """Usage read from the `usage_metadata` of a turn's AI messages (one message per model call)."""
        usage = cls()
        for message in messages:
            if isinstance(message, AIMessage):
                usage.add_call(message)
        return usage

    def add_call(self, message: AIMessage | None) -> None:
        self.model_calls += 1
        metadata = message.usage_metadata if message is not None else None
        if metadata:
            self.input_tokens += metadata.get("input_tokens", 0)
            self.output_tokens += metadata.get("output_tokens", 0)


class UsageRecorder(BaseCallbackHandler):
    """Pass as a callback for one turn (`config={"callbacks": [recorder]}`); read `recorder.usage` after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._usage = TurnUsage()

    @property
    def usage(self) -> TurnUsage:
        with self._lock:
            return self._usage.model_copy()

    def on_llm_end(self, response: LLMResult, **kwargs: Any) -> None:
        message = _first_message(response)
        with self._lock:
            self._usage.add_call(message)

    def on_llm_error(self, error: BaseException, **kwargs: Any) -> None:
        with self._lock:
            self._usage.failed_calls += 1


def _first_message(response: LLMResult) -> AIMessage | None:
    for generations in response.generations:
        for generation in generations:
            if isinstance(generation, ChatGeneration) and isinstance(generation.message, AIMessage):
                return generation.message
    return None


class UsageRow(BaseModel):
    """Turns and tokens of one person with one model over a period."""

    employee_email: str
    model: str
    turns: int
    failed_turns: int
    model_calls: int
    input_tokens: int
    output_tokens: int


def usage_summary(session: Session, *, since: datetime, employee_id: int | None = None) -> list[UsageRow]:
    """Per person and model since `since`, most tokens first; only `employee_id`'s when given."""
    from assistant.db.models import ConversationTurn, Employee

    turn = ConversationTurn
    query = (
        select(
            Employee.email,
            turn.model,
            func.count(turn.id),
            func.sum(case((turn.outcome == "failed", 1), else_=0)),
            func.sum(turn.model_calls),
            func.sum(turn.input_tokens),
            func.sum(turn.output_tokens),
        )
        .join(Employee, Employee.id == turn.employee_id)
        .where(turn.started_at >= since)
        .group_by(Employee.email, turn.model)
        .order_by(func.sum(turn.input_tokens + turn.output_tokens).desc(), Employee.email)
    )
    if employee_id is not None:
        query = query.where(turn.employee_id == employee_id)
    return [
        UsageRow(
            employee_email=email,
            model=model,
            turns=turns,
            failed_turns=int(failed or 0),
            model_calls=int(calls or 0),
            input_tokens=int(tokens_in or 0),
            output_tokens=int(tokens_out or 0),
        )
        for email, model, turns, failed, calls, tokens_in, tokens_out in session.execute(query)
    ]
