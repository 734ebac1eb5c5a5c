"""The Bolt app, built by `create_slack_app(client, settings, services)`: no module-level app, so Socket
Mode, HTTP mode and each test build their own around their own WebClient.

Events are acknowledged by Bolt at once (process_before_response=False); the answer is prepared on the
services' worker threads. Button clicks call ack() first, then decide.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from adapters.slack.approvals import decide
from adapters.slack.blocks import APPROVE, REJECT
from adapters.slack.conversations import answer_message, incoming_message
from adapters.slack.services import SlackServices
from assistant.settings import Settings

log = logging.getLogger(__name__)


def create_slack_app(client: WebClient, settings: Settings, services: SlackServices) -> App:
    """Listeners for mentions, DMs (with or without files) and the Approve / Reject buttons. Requests are
    verified with the signing secret when one is set (HTTP mode needs it; Socket Mode does not use it)."""
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = App(
        client=client,
        signing_secret=secret or None,
        request_verification_enabled=bool(secret),
        token_verification_enabled=False,  # no auth.test at start-up; Bolt asks on the first event
        process_before_response=False,
        listener_executor=services.executor,
        name="backoffice",
        logger=log,
    )

    @app.event("app_mention")
    def on_mention(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        incoming = incoming_message(body, event, context.bot_user_id)
        if incoming is not None:
            answer_message(services, client, incoming)

    @app.event("message")
    def on_direct_message(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if event.get("channel_type") != "im":  # channels reach the assistant by mention only
            return
        incoming = incoming_message(body, event, context.bot_user_id)
        if incoming is not None:
            answer_message(services, client, incoming)

    @app.action(APPROVE)
    def on_approve(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        decide(services, client, body, approve=True)

    @app.action(REJECT)
    def on_reject(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        decide(services, client, body, approve=False)

    return app
