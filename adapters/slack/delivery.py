"""Where and how a message goes: the thread it answers, or the asker's DM when it holds restricted data."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.blocks import escape

log = logging.getLogger(__name__)

ACK_REACTION = "eyes"  # shown while the answer is prepared, removed once it is posted
SENT_PRIVATELY = (
    "I've sent my answer to you in a direct message: it holds data not everyone in this channel may see."
)
MESSAGE_LIMIT = 39_000  # Slack truncates text past 40,000 characters


@dataclass(frozen=True)
class Place:
    """A channel, and the thread in it (None: top level, as in a fresh DM)."""

    channel: str
    thread_ts: str | None = None


def post(client: WebClient, place: Place, text: str, blocks: list[dict[str, Any]] | None = None) -> str:
    """Post and return the message's ts (for chat.update)."""
    kwargs: dict[str, Any] = {"channel": place.channel, "text": text[:MESSAGE_LIMIT]}
    if place.thread_ts:
        kwargs["thread_ts"] = place.thread_ts
    if blocks is not None:
        kwargs["blocks"] = blocks
    response = client.chat_postMessage(**kwargs)
    return str(response["ts"])


def post_ephemeral(client: WebClient, place: Place, user_id: str, text: str) -> None:
    kwargs: dict[str, Any] = {"channel": place.channel, "user": user_id, "text": text[:MESSAGE_LIMIT]}
    if place.thread_ts:
        kwargs["thread_ts"] = place.thread_ts
    client.chat_postEphemeral(**kwargs)


def open_dm(client: WebClient, user_id: str) -> Place:
    response = client.conversations_open(users=user_id)
    channel = response["channel"]
    assert isinstance(channel, dict)
    return Place(channel=str(channel["id"]))


def private_place(client: WebClient, *, asked_in: Place, direct: bool, user_id: str) -> Place:
    """The asker's DM for restricted answers asked outside one; the note in the thread says where it went."""
    if direct:
        return asked_in
    dm = open_dm(client, user_id)
    post(client, asked_in, SENT_PRIVATELY)
    return dm


def react(client: WebClient, channel: str, ts: str, *, remove: bool = False) -> None:
    """The quick acknowledgement; a failure here (already reacted, missing scope) never stops the answer."""
    try:
        if remove:
            client.reactions_remove(channel=channel, timestamp=ts, name=ACK_REACTION)
        else:
            client.reactions_add(channel=channel, timestamp=ts, name=ACK_REACTION)
    except SlackApiError as error:
        log.info(
            "reaction %s on %s failed: %s", "removal" if remove else "add", ts, error.response.get("error")
        )


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.MULTILINE)


def to_mrkdwn(text: str) -> str:
    """The assistant's Markdown as Slack mrkdwn, with &, < and > escaped so nothing in it mentions anyone."""
    escaped = escape(text)
    return _HEADING.sub(r"*\1*", _BOLD.sub(r"*\1*", escaped))
