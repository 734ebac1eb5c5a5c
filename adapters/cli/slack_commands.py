"""`backoffice slack`: the assistant in Slack over Socket Mode (no public URL; see docs/SLACK.md)."""

from __future__ import annotations

import contextlib

from adapters.cli import deps
from adapters.slack.socket_mode import (
    SlackNotConfiguredError,
    check_socket_mode_settings,
    run_socket_mode,
    socket_mode_app,
)
from assistant.db.engine import make_session_factory
from assistant.observability import configure_logging


def slack() -> None:
    """Connect to Slack over Socket Mode and answer mentions, DMs, shared files and approval buttons."""
    settings = deps.settings()
    try:
        check_socket_mode_settings(settings)
    except SlackNotConfiguredError as error:
        raise deps.fail(str(error), 2) from error
    configure_logging(level=settings.log_level, log_format=settings.log_format)
    engine = deps.engine()
    try:
        with socket_mode_app(settings, make_session_factory(engine)) as (app, _services):
            deps.console.print("Connecting to Slack over Socket Mode; Ctrl-C or SIGTERM stops.")
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the same orderly stop as SIGTERM
                run_socket_mode(app, settings)
        deps.console.print("Stopped: every answer already started was sent.")
    finally:
        engine.dispose()
