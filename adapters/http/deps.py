"""What routes depend on, by name: the services, who is asking, one session per request, a tool context.

Who is asking is settled first, in a short unit of work of its own (it records the token's last use): a
chat turn opens its own unit of work, and on SQLite two open write transactions would wait on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from adapters.http.problems import unauthorized
from assistant.agent.service import ChatService
from assistant.api_tokens import InvalidTokenError, authenticate
from assistant.db.engine import session_scope
from assistant.documents.pipeline import Analyser
from assistant.settings import Settings
from tools.base import CurrentUser, Registry, ToolContext
from tools.documents import PIPELINE_KEY

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService


@dataclass
class ApiServices:
    """Built once per process by `create_app`; the chat service is ready once the app has started."""

    settings: Settings
    sessions: sessionmaker[Session]
    registry: Registry
    clock: Callable[[], datetime]
    pipeline: Analyser | None = None  # None: the pipeline built from settings
    knowledge: KnowledgeService | None = None
    chat: ChatService | None = None


def get_services(request: Request) -> ApiServices:
    services: ApiServices = request.app.state.services
    return services


Services = Annotated[ApiServices, Depends(get_services)]

bearer_scheme = HTTPBearer(auto_error=False, description="An API token: `backoffice tokens create EMAIL`.")


def get_current_user(
    services: Services,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> CurrentUser:
    if credentials is None:
        raise unauthorized("Send an API token: 'Authorization: Bearer <token>'.")
    if not credentials.credentials.isprintable():  # never a token, and not something to send to the database
        raise unauthorized("The API token is not valid (unknown, revoked, or its owner is inactive).")
    try:
        with session_scope(services.sessions) as session:
            return authenticate(session, token=credentials.credentials, now=services.clock())
    except InvalidTokenError as error:
        raise unauthorized(
            "The API token is not valid (unknown, revoked, or its owner is inactive)."
        ) from error


CurrentUserDep = Annotated[CurrentUser, Depends(get_current_user)]


def get_session(services: Services) -> Iterator[Session]:
    """The request's unit of work: committed when the route returns, rolled back when it raises."""
    with session_scope(services.sessions) as session:
        yield session


# scope="function": the commit happens before the response is sent, so a 200 means it is stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_tool_context(user: CurrentUserDep, session: SessionDep, services: Services) -> ToolContext:
    # `user` comes first on purpose: it is resolved (and its unit of work closed) before the session opens.
    stores = {PIPELINE_KEY: services.pipeline} if services.pipeline is not None else {}
    return ToolContext(
        session=session,
        user=user,
        settings=services.settings,
        clock=services.clock,
        knowledge=services.knowledge,
        stores=stores,
    )


ContextDep = Annotated[ToolContext, Depends(get_tool_context)]
