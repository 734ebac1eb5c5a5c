"""Socket Mode: the assistant connects out to Slack over a websocket (app token), so no public URL is needed."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy.orm import Session, sessionmaker

from adapters.slack.app import create_slack_app
from adapters.slack.client import web_client
from adapters.slack.services import SlackServices
from assistant.agent.checkpoints import open_checkpointer
from assistant.agent.service import ChatService, open_knowledge
from assistant.settings import Settings
from tools.registry import default_registry

log = logging.getLogger(__name__)
POLL_S = 0.2  # how often the serving loop looks for a stop request


class SlackNotConfiguredError(Exception):
    """What is missing, in words."""


def check_socket_mode_settings(settings: Settings) -> None:
    missing = [
        name
        for name, secret in (
            ("BACKOFFICE_SLACK_BOT_TOKEN (xoxb-...)", settings.slack_bot_token),
            ("BACKOFFICE_SLACK_APP_TOKEN (xapp-..., with connections:write)", settings.slack_app_token),
        )
        if secret is None or not secret.get_secret_value()
    ]
    if missing:
        raise SlackNotConfiguredError(
            "Slack is not set up: set " + " and ".join(missing) + " (docs/SLACK.md)."
        )


@contextmanager
def socket_mode_app(
    settings: Settings, sessions: sessionmaker[Session]
) -> Iterator[tuple[App, SlackServices]]:
    """The Bolt app with everything it needs for one long-running process; the checkpointer lives as long."""
    knowledge = open_knowledge(settings)
    registry = default_registry()
    with open_checkpointer(settings) as checkpointer:
        chat = ChatService(
            settings=settings,
            sessions=sessions,
            registry=registry,
            checkpointer=checkpointer,
            knowledge=knowledge,
        )
        services = SlackServices(
            settings=settings, sessions=sessions, registry=registry, chat=lambda: chat, knowledge=knowledge
        )
        try:
            yield create_slack_app(web_client(settings), settings, services), services
        finally:
            services.executor.shutdown(wait=True)  # answers already started are finished, not cut off


def run_socket_mode(app: App, settings: Settings, *, stop: threading.Event | None = None) -> None:
    """Connect and serve until SIGTERM, SIGINT or `stop` (Bolt reconnects by itself when the socket drops).

    On SIGTERM (what systemd, Docker and Kubernetes send) or SIGINT the websocket is closed, so no new event
    arrives; the caller's `socket_mode_app` then finishes the answers already started before the process ends.
    Slack re-delivers an event nobody acknowledged, and acknowledged ones are answered: none is lost."""
    assert settings.slack_app_token is not None
    stop = stop or threading.Event()
    # The handler only appends here: that takes no lock (Event.set would, and can deadlock the main thread).
    terminated: list[int] = []
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    previous = None
    if threading.current_thread() is threading.main_thread():  # signal handlers live in the main thread only
        previous = signal.signal(signal.SIGTERM, lambda number, _frame: terminated.append(number))
    try:
        try:
            handler.connect()  # type: ignore[no-untyped-call]
            log.info("connected to Slack over Socket Mode")
            while not terminated and not stop.is_set():  # SIGINT raises KeyboardInterrupt here
                time.sleep(POLL_S)
            log.info("stop requested: closing the Socket Mode connection, finishing answers already started")
        finally:
            if previous is not None:  # first: whatever happens in close(), a later SIGTERM acts as before
                signal.signal(signal.SIGTERM, previous)
    finally:
        handler.close()  # type: ignore[no-untyped-call]
