"""Liveness (the process answers) and readiness (the database answers)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from adapters.http.deps import Services
from adapters.http.problems import ApiProblem
from assistant.db.engine import session_scope

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/health", summary="Liveness: the process answers")
def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready", summary="Readiness: the database answers", responses={503: {"description": "Not ready"}}
)
def ready(services: Services) -> Health:
    try:
        with session_scope(services.sessions) as session:
            session.execute(text("SELECT 1"))
    except Exception as error:
        raise ApiProblem(503, "The database does not answer.", code="not_ready") from error
    return Health(status="ready")
