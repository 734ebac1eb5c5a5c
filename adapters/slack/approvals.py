"""Proposals in Slack: posted with Approve / Reject, sent to whoever must decide, edited once decided.

A click is decided by the confirmation engine, as in the CLI and the API: the clicker's right is checked on
their employee record, the action is claimed once (a second click, a second worker: nothing happens twice),
and every message showing the action is updated with the outcome.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from adapters.slack.blocks import decided_blocks, escape, outcome_line, proposal_blocks
from adapters.slack.delivery import Place, open_dm, post, post_ephemeral
from adapters.slack.identity import identify_user
from adapters.slack.services import SlackServices
from assistant import confirmations, slack_records
from assistant.confirmations import ActionView
from assistant.db.engine import run_in_transaction, session_scope
from tools.base import CurrentUser, PermissionDeniedError, ToolError

log = logging.getLogger(__name__)


def post_proposal(
    services: SlackServices, client: WebClient, place: Place, action: ActionView, *, requester: CurrentUser
) -> None:
    """The proposal where it was asked for, and in the DM of each person who must decide it instead."""
    with session_scope(services.sessions) as session:
        approver_name = (
            slack_records.employee_name(session, employee_id=action.required_approver_id)
            if action.required_approver_id
            else None
        )
        deciders = slack_records.approvers_to_notify(session, action)
    text = f"Proposed, nothing done yet: {escape(action.summary)}"
    shown = [(place.channel, post(client, place, text, proposal_blocks(action, approver_name=approver_name)))]
    for slack_id in deciders:
        dm = open_dm(client, slack_id)
        blocks = proposal_blocks(action, approver_name=approver_name, asked_by=requester.name)
        shown.append(
            (
                dm.channel,
                post(
                    client,
                    dm,
                    f"{escape(requester.name)} asks for your decision: {escape(action.summary)}",
                    blocks,
                ),
            )
        )
    with session_scope(services.sessions) as session:
        for channel, ts in shown:
            slack_records.record_action_message(
                session, action_id=action.id, channel=channel, ts=ts, now=services.clock()
            )


def decide(services: SlackServices, client: WebClient, body: dict[str, Any], *, approve: bool) -> None:
    """An Approve or Reject click. Refusals (not authorised, already decided) go to the clicker only."""
    action_id = str(body["actions"][0].get("value") or "")[:36]
    user_id = str(body["user"]["id"])
    team_id = str((body.get("team") or {}).get("id") or body["user"].get("team_id") or "")
    message = body.get("message") or {}
    channel = str((body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id"))
    here = Place(channel=channel, thread_ts=message.get("thread_ts"))

    identity = identify_user(services, client, team_id=team_id, user_id=user_id)
    if identity.user is None:
        post_ephemeral(client, here, user_id, identity.refusal or "Sorry, I do not know you.")
        return
    now = services.clock()
    approver = identity.user

    def decide_once(session: Session) -> tuple[ActionView, list[tuple[str, str]]]:
        if approve:
            outcome = confirmations.approve(
                session,
                registry=services.registry,
                settings=services.settings,
                action_id=action_id,
                approver=approver,
                now=now,
                note="approved in Slack",
            )
        else:
            outcome = confirmations.reject(
                session, action_id=action_id, approver=approver, now=now, note="rejected in Slack"
            )
        return outcome, slack_records.action_messages(session, action_id=action_id)

    try:
        # A deadlock or lost connection is retried whole; the engine's claim keeps it to one execution.
        outcome, shown_in = run_in_transaction(services.sessions, decide_once)
    except PermissionDeniedError as error:
        post_ephemeral(client, here, user_id, f"Not authorised: {error.message}")
        return
    except ToolError as error:  # already decided, expired, unknown action: nothing changed
        post_ephemeral(client, here, user_id, error.message)
        return
    blocks = decided_blocks(outcome, decider_name=identity.user.name)
    text = escape(f"{outcome.summary}: {outcome_line(outcome, identity.user.name)}")
    for shown_channel, ts in shown_in:
        client.chat_update(channel=shown_channel, ts=ts, text=text, blocks=blocks)
    log.info("action %s %s in Slack by employee %s", action_id, outcome.status.value, identity.user.id)
