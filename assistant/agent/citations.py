"""Keep a language model's policy answers honest: citations must point at passages it was given.

After the model's final message of a turn that searched the policies, its [n] citations are checked against
the passages `search_policies` returned in that turn: a citation to anything else is removed (and logged),
and the sources cited are listed under the answer. When every search of the turn came back "not covered"
and the model used no other tool, the answer is replaced by the plain "not covered by the policies" in the
user's language, whatever the model wrote: it had no policy text to stand on.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from langchain.agents.middleware import AgentMiddleware
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langgraph.runtime import Runtime

from assistant.agent.replies import reply_language
from knowledge.answers import check_citations, not_covered
from knowledge.retrieval import SearchResult
from tools.policies import search_result_from_payload

log = logging.getLogger(__name__)

POLICY_TOOL = "search_policies"


class CitationCheck(AgentMiddleware[Any, Any]):
    def __init__(self, *, locale: str) -> None:
        super().__init__()
        self.locale = locale

    def after_model(self, state: Any, runtime: Runtime[Any]) -> dict[str, Any] | None:
        messages: list[AnyMessage] = state["messages"]
        final = messages[-1] if messages else None
        if not isinstance(final, AIMessage) or final.tool_calls or not final.text:
            return None
        turn = _this_turn(messages)
        question = next((m.text for m in turn if isinstance(m, HumanMessage)), "")
        searches = [_search_of(message, question) for message in turn if _is_policy_result(message)]
        results = [result for result in searches if result is not None]
        if not results:
            return None
        language = reply_language(question, self.locale)
        other_tools = any(isinstance(m, ToolMessage) and m.name != POLICY_TOOL for m in turn)
        covered = [result for result in results if result.covered and result.hits]
        if not covered:
            if other_tools:
                return None  # the answer may stand on the other tools' data; the model was told to say it
            checked_text = not_covered(language)
        else:
            # [n] numbers the passages of the latest search that found something, as the tool gave them.
            checked_text = check_citations(final.text, result=covered[-1], locale=language).text
        if checked_text == final.text:
            return None
        return {"messages": [final.model_copy(update={"content": checked_text})]}


def _this_turn(messages: list[AnyMessage]) -> list[AnyMessage]:
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return messages[index:]
    return messages


def _is_policy_result(message: AnyMessage) -> bool:
    return isinstance(message, ToolMessage) and message.name == POLICY_TOOL and message.status != "error"


def _search_of(message: AnyMessage, question: str) -> SearchResult | None:
    try:
        payload = json.loads(message.text)
    except ValueError:
        log.warning("search_policies returned something that is not JSON; citations not checked")
        return None
    return search_result_from_payload(payload, question=question)
