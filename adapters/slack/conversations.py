"""Mentions and DMs: acknowledged at once, answered in their thread, one conversation per thread and person.

Slack's retries carry the same event id; the first delivery claims it in the database and later ones
(on this worker or another) do nothing. Everything runs as the employee behind the Slack user, and answers
that used restricted data go to the asker's DM, never into a channel (see trail.py).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from adapters.slack.approvals import post_proposal
from adapters.slack.delivery import Place, post, private_place, react, to_mrkdwn
from adapters.slack.files import take_files
from adapters.slack.identity import identify_user
from adapters.slack.services import SlackServices
from adapters.slack.trail import ToolTrail, restricted_names
from assistant import slack_records
from assistant.agent.conversation import get_or_create_conversation
from assistant.agent.history import tools_used
from assistant.db.engine import session_scope
from assistant.observability import request_scope
from tools.base import CurrentUser
from tools.reports import DraftedReportResult

log = logging.getLogger(__name__)

FAILED = "Sorry, something went wrong while I was answering. Please try again in a moment."
REPORT_FILES = (".pdf", ".png")  # what a thread shows of a report; XLSX and HTML stay downloadable elsewhere


@dataclass(frozen=True)
class Incoming:
    """One message for the assistant: a mention in a channel or a message in its DM."""

    team_id: str
    user_id: str
    channel: str
    ts: str
    thread_ts: str
    text: str
    direct: bool
    event_id: str | None = None
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def place(self) -> Place:
        return Place(channel=self.channel, thread_ts=self.thread_ts)

    @property
    def thread_key(self) -> str:
        return f"slack:{self.team_id}/{self.channel}/{self.thread_ts}"


def incoming_message(body: dict[str, Any], event: dict[str, Any], bot_user_id: str | None) -> Incoming | None:
    """The message to answer, or None for what is not a person talking to the assistant (bots, edits)."""
    user = event.get("user")
    if not user or event.get("bot_id") or event.get("subtype") not in (None, "file_share"):
        return None
    channel, ts = str(event["channel"]), str(event["ts"])
    text = str(event.get("text") or "")
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", "", text)
    return Incoming(
        team_id=str(body.get("team_id") or event.get("team") or ""),
        user_id=str(user),
        channel=channel,
        ts=ts,
        thread_ts=str(event.get("thread_ts") or ts),
        text=text.strip(),
        direct=event.get("channel_type") == "im" or channel.startswith("D"),
        event_id=body.get("event_id"),
        files=list(event.get("files") or []),
    )


def answer_message(services: SlackServices, client: WebClient, incoming: Incoming) -> None:
    """Claim the event, acknowledge with a reaction, answer as the employee, then take the reaction back.
    Log lines (and the turn ledger) carry the Slack event id as the request id."""
    with request_scope(incoming.event_id, channel="slack", slack_channel=incoming.channel):
        _answer_message(services, client, incoming)


def _answer_message(services: SlackServices, client: WebClient, incoming: Incoming) -> None:
    if incoming.event_id is not None:
        with session_scope(services.sessions) as session:
            first = slack_records.claim_event(session, event_id=incoming.event_id, now=services.clock())
        if not first:
            log.info("event %s was delivered again; answered already", incoming.event_id)
            return
    react(client, incoming.channel, incoming.ts)
    try:
        identity = identify_user(services, client, team_id=incoming.team_id, user_id=incoming.user_id)
        if identity.user is None:
            post(client, incoming.place, identity.refusal or FAILED)
        elif incoming.files:
            _take_files(services, client, incoming, identity.user)
        else:
            _chat(services, client, incoming, identity.user)
    except Exception:  # the person gets words; the log gets the trace
        log.exception("answering Slack message %s in %s failed", incoming.ts, incoming.channel)
        try:
            post(client, incoming.place, FAILED)
        except Exception:
            log.exception("could not tell the user that answering failed")
    finally:
        react(client, incoming.channel, incoming.ts, remove=True)


def _conversation_key(services: SlackServices, incoming: Incoming, user: CurrentUser) -> str:
    with session_scope(services.sessions) as session:
        return slack_records.thread_conversation_key(
            session, thread_key=incoming.thread_key, slack_user_id=incoming.user_id, employee_id=user.id
        )


def _chat(services: SlackServices, client: WebClient, incoming: Incoming, user: CurrentUser) -> None:
    trail = ToolTrail()
    chat = dataclasses.replace(services.chat_service(), registry=trail.watch(services.registry))
    reply = chat.turn(
        user=user,
        text=incoming.text,
        channel="slack",
        external_key=_conversation_key(services, incoming, user),
    )
    with session_scope(services.sessions) as session:  # the thread's earlier turns, this one's included
        used_before = tools_used(session, conversation_id=reply.conversation_id)
    target = incoming.place
    if trail.restricted or used_before & restricted_names(services.registry):
        target = private_place(
            client, asked_in=incoming.place, direct=incoming.direct, user_id=incoming.user_id
        )
    post(client, target, to_mrkdwn(reply.text))
    for report in trail.results("draft_report"):
        assert isinstance(report, DraftedReportResult)
        _upload_report(client, target, report)
    for action in reply.proposals:
        post_proposal(services, client, target, action, requester=user)


def _upload_report(client: WebClient, place: Place, report: DraftedReportResult) -> None:
    """The report's PDF and charts, uploaded into the thread under the summary already posted."""
    paths = [Path(name) for name in report.files]
    shown = [path for path in paths if path.suffix in REPORT_FILES and path.is_file()]
    if report.status != "drafted" or not shown:
        return
    client.files_upload_v2(
        channel=place.channel,
        thread_ts=place.thread_ts,
        initial_comment=report.title or "Report",
        file_uploads=[
            {"file": str(path), "filename": path.name, "title": f"{report.title or 'Report'}: {path.name}"}
            for path in shown
        ],
    )


def _take_files(services: SlackServices, client: WebClient, incoming: Incoming, user: CurrentUser) -> None:
    key = _conversation_key(services, incoming, user)
    with session_scope(services.sessions) as session:
        conversation_id = get_or_create_conversation(
            session, employee_id=user.id, channel="slack", external_key=key
        ).id
    # What a document says (amounts, names, a CV) is for its uploader and reviewers, not the channel.
    target = private_place(client, asked_in=incoming.place, direct=incoming.direct, user_id=incoming.user_id)
    proposals = take_files(
        services, client, files=incoming.files, user=user, conversation_id=conversation_id, reply_to=target
    )
    for proposal in proposals:
        post_proposal(services, client, target, proposal.action, requester=user)
