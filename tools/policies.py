"""Company policies: search the ingested handbook and return passages with their source, section and page."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import Field, ValidationError

from knowledge.answers import unavailable
from knowledge.retrieval import PolicyHit, SearchResult
from knowledge.store import EmbedderMismatchError, StoreUnavailableError
from tools.base import ALL_ROLES, RefusedError, Tool, ToolArgs, ToolContext, ToolError, ToolResult, read_tool

log = logging.getLogger(__name__)


class KnowledgeUnavailableError(ToolError):
    """The policy store does not answer right now (a stopped Chroma server); a retry later may succeed."""

    code = "knowledge_unavailable"


class PolicyPassage(ToolResult):
    number: int = Field(description="Cite the passage as [number].")
    chunk_id: str
    source: str
    section: str
    page: int | None
    score: float
    text: str


class PolicySearchResult(ToolResult):
    covered: bool
    passages: list[PolicyPassage]
    note: str | None = None


class SearchPoliciesArgs(ToolArgs):
    question: str = Field(
        description="The policy question in the user's own words and language, e.g. 'hotel limit in Germany?'.",
        min_length=2,
        max_length=500,
    )
    k: int = Field(default=5, ge=1, le=10, description="How many passages at most.")


@read_tool(
    name="search_policies",
    summary="Search the company policies; passages with source, section and page.",
    roles=ALL_ROLES,
)
def search_policies(ctx: ToolContext, args: SearchPoliciesArgs) -> PolicySearchResult:
    """Search the company's policies (travel and expenses, leave, procurement and approval limits, returns
    and refunds, data protection, conduct, IT use, office rules) for passages that answer a question, in any
    of English, German, Polish, Croatian or Korean. Answer only from the passages and cite them as [number].
    When covered is false, tell the user the policies do not cover the question; do not guess."""
    if ctx.knowledge is None:
        raise RefusedError("The policy library is not set up here (run `backoffice ingest PATH` first).")
    try:
        result = ctx.knowledge.search(question=args.question, k=args.k)
    except StoreUnavailableError as error:
        log.warning("policy search failed: %s", str(error))  # the text: a record must not keep frames alive
        raise KnowledgeUnavailableError(unavailable(ctx.user.locale)) from error
    except EmbedderMismatchError as error:  # a store reached late turned out to be another embedder's
        log.warning("policy search is off: %s", str(error))
        raise RefusedError(f"The policy library is not usable here: {error}.") from error
    passages = [
        PolicyPassage(
            number=number,
            chunk_id=hit.chunk_id,
            source=hit.source,
            section=hit.section,
            page=hit.page,
            score=hit.score,
            text=hit.text,
        )
        for number, hit in enumerate(result.hits, start=1)
    ]
    note = None if result.covered else "Not covered by the policies: no passage matches well enough."
    return PolicySearchResult(covered=result.covered, passages=passages, note=note)


def search_result_from_payload(payload: Any, *, question: str) -> SearchResult | None:
    """The search as the model saw it, rebuilt from the tool's JSON output (to check its citations)."""
    try:
        parsed = PolicySearchResult.model_validate(payload)
    except ValidationError:
        return None
    hits = [
        PolicyHit(
            chunk_id=passage.chunk_id,
            source=passage.source,
            title="",
            section=passage.section,
            page=passage.page,
            score=passage.score,
            similarity=passage.score,
            keyword_coverage=0.0,
            text=passage.text,
            language="",
        )
        for passage in sorted(parsed.passages, key=lambda passage: passage.number)
    ]
    best = hits[0].score if hits else 0.0
    return SearchResult(question=question, hits=hits, covered=parsed.covered, best_score=best, threshold=0.0)


TOOLS: list[Tool[Any, Any]] = [search_policies]
