"""Liveness (the process answers) and readiness (the database answers, and the policy library when there is one)."""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import text

from adapters.http.deps import Services
from adapters.http.problems import ApiProblem
from adapters.http.routes.documentation import answers
from assistant.db.engine import session_scope
from knowledge.store import EmbedderMismatchError

log = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    database: Literal["ok"]
    policy_library: Literal["ok", "not configured"] = Field(
        description="'not configured' when this process has no policy store (policy search then says so)."
    )


@router.get("/health", summary="Liveness: the process answers", responses=answers(example={"status": "ok"}))
def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    summary="Readiness: the database answers, and the policy library when one is configured",
    responses=answers(
        503, example={"status": "ready", "database": "ok", "policy_library": "ok"}, description="Ready"
    ),
)
def ready(services: Services) -> Readiness:
    try:
        with session_scope(services.sessions) as session:
            session.execute(text("SELECT 1"))
    except Exception as error:
        log.warning("not ready: the database does not answer: %s", error)
        raise ApiProblem(503, "The database does not answer.", code="not_ready") from error
    if services.knowledge is None:
        return Readiness(status="ready", database="ok", policy_library="not configured")
    try:
        services.knowledge.store.count()
    except (
        EmbedderMismatchError
    ) as error:  # reached late, and built by another embedder: a re-ingest, not a restart
        log.warning("policy search is off: %s", str(error))
        return Readiness(status="ready", database="ok", policy_library="not configured")
    except Exception as error:
        log.warning("not ready: the policy store does not answer: %s", error)
        raise ApiProblem(503, "The policy library does not answer.", code="not_ready") from error
    return Readiness(status="ready", database="ok", policy_library="ok")
