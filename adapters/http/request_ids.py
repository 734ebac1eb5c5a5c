"""Every HTTP request gets an id: the caller's `X-Request-ID` when it is a sane token, else a new one.

The id is bound for the request (assistant/observability.py `request_scope`), so every log line the request
causes — route, agent, tools, database — carries it, as does the turn ledger; the response echoes it in
`X-Request-ID` so a client can quote it.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.observability import request_scope

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")  # anything else (long, spaces, control characters) is replaced


class RequestIds:
    """ASGI middleware (pure, so the context variable is set in the task that runs the route)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = Headers(scope=scope).get(HEADER.lower(), "")
        with request_scope(
            offered if _SANE.fullmatch(offered) else None, method=scope["method"], path=scope["path"]
        ) as request_id:

            async def send_with_id(message: Message) -> None:
                if message["type"] == "http.response.start":
                    MutableHeaders(scope=message)[HEADER] = request_id
                await send(message)

            await self.app(scope, receive, send_with_id)
