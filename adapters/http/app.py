"""The FastAPI app, built by `create_app(settings, ...)`: the CLI's `serve` and the tests each inject their own.

Everything a route needs is built once here (sessions, registry, chat service, document pipeline, policy library)
and reached through adapters/http/deps.py. What is not given is built from settings; the checkpointer (and the
engine, when the app made it) live as long as the app.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.orm import Session, sessionmaker

from adapters.http.deps import ApiServices
from adapters.http.problems import BodySizeLimit, install_problem_handlers
from adapters.http.request_ids import RequestIds
from adapters.http.routes import actions, chat, conversations, documents, health, policies, reports, tools
from adapters.http.routes.documentation import complete_openapi
from adapters.http.web import install_web
from adapters.slack.client import slack_configured
from adapters.slack.http import mount_slack_events
from assistant.agent.service import ChatService, ModelFactory
from assistant.db.engine import engine_from_settings, make_session_factory
from assistant.db.types import utcnow
from assistant.documents.pipeline import Analyser
from assistant.settings import Settings
from tools.base import Registry
from tools.registry import default_registry

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService

MULTIPART_OVERHEAD_BYTES = 1 << 20  # form fields, boundaries and headers around an upload of the largest size

API_DESCRIPTION = (
    "The back-office assistant over HTTP. Authenticate with `Authorization: Bearer <token>` "
    "(`backoffice tokens create EMAIL`); your role is the one on your employee record. Writes are proposals: "
    "they run only when someone entitled approves them. Errors are RFC 9457 problem details."
)


def create_app(
    settings: Settings,
    *,
    model_factory: ModelFactory | None = None,
    sessions: sessionmaker[Session] | None = None,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    registry: Registry | None = None,
    pipeline: Analyser | None = None,
    knowledge: KnowledgeService | None = None,
    open_policy_library: bool = True,
    clock: Callable[[], datetime] = utcnow,
) -> FastAPI:
    """The API. Tests pass their sessions (a rolled-back transaction), a model factory and a fast pipeline."""
    engine = None
    if sessions is None:
        engine = engine_from_settings(settings)
        sessions = make_session_factory(engine)
    if knowledge is None and open_policy_library:
        from assistant.agent.service import open_knowledge

        knowledge = open_knowledge(settings)
    services = ApiServices(
        settings=settings,
        sessions=sessions,
        registry=registry or default_registry(),
        clock=clock,
        pipeline=pipeline,
        knowledge=knowledge,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            saver = checkpointer
            if saver is None:
                from assistant.agent.checkpoints import open_checkpointer

                saver = stack.enter_context(open_checkpointer(settings))
            if engine is not None:
                stack.callback(engine.dispose)
            services.chat = ChatService(
                settings=settings,
                sessions=services.sessions,
                registry=services.registry,
                checkpointer=saver,
                model_factory=model_factory,
                knowledge=knowledge,
            )
            yield
            services.chat = None

    app = FastAPI(
        title=f"{settings.company_name} back office",
        description=API_DESCRIPTION,
        version="1",
        lifespan=lifespan,
    )
    app.state.services = services
    install_problem_handlers(app)
    # Bodies past the upload limit are refused (413) as they arrive; the upload routes check each file too.
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.documents_max_upload_bytes + MULTIPART_OVERHEAD_BYTES
    )
    complete_openapi(app)
    if settings.http_cors_origins:  # off unless origins are named
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.http_cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(RequestIds)  # outermost: every answer, a refused body's too, carries X-Request-ID
    for router in (
        health.router,
        chat.router,
        conversations.router,
        actions.router,
        documents.router,
        reports.router,
        policies.router,
        tools.router,
    ):
        app.include_router(router)
    install_web(app)  # the web pages under /app (adapters/http/web)
    if slack_configured(settings):  # POST /slack/events (adapters/slack/http.py)
        mount_slack_events(app, services)
    return app


def app_from_environment() -> FastAPI:
    """The API from the environment's settings, for `uvicorn --factory adapters.http.app:app_from_environment`
    (several worker processes: each builds its own app)."""
    from assistant.settings import get_settings

    return create_app(get_settings())
