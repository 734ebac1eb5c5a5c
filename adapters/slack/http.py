"""HTTP mode: Slack posts events and clicks to /slack/events on the FastAPI app. Bolt checks the signature
(HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret; older than five minutes is refused) and
answers 401 for a forged or stale request. Its dispatch is synchronous, so it runs in the thread pool."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request, Response
from slack_bolt import App, BoltRequest
from starlette.concurrency import run_in_threadpool

from adapters.slack.app import create_slack_app
from adapters.slack.client import web_client
from adapters.slack.services import AppServices, SlackServices

MAX_BODY_BYTES = 1_000_000  # events and interaction payloads are a few kilobytes


def mount_slack_events(app: FastAPI, services: AppServices) -> App:
    """Add POST /slack/events (not in the OpenAPI schema: it is Slack's, not a client's)."""
    slack = SlackServices.of_app(services)
    bolt = create_slack_app(web_client(services.settings), services.settings, slack)
    app.state.slack = slack
    router = APIRouter()

    @router.post("/slack/events", include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413)
        bolt_request = BoltRequest(
            body=body.decode("utf-8", errors="replace"),
            query=request.url.query,
            headers=dict(request.headers.items()),
        )
        answer = await run_in_threadpool(bolt.dispatch, bolt_request)
        return Response(
            status_code=answer.status,
            content=answer.body,
            headers=answer.first_headers_without_set_cookie(),
        )

    app.include_router(router)
    return bolt
