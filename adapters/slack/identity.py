"""Who clicked or wrote: a Slack user id -> the active employee (their record's Slack id, else users.info's
email, cached in the database). Slack calls happen outside any open transaction."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient

from adapters.slack.services import SlackServices
from assistant import slack_records
from assistant.db.engine import session_scope
from assistant.slack_records import SlackIdentity


def identify_user(services: SlackServices, client: WebClient, *, team_id: str, user_id: str) -> SlackIdentity:
    cache_for = timedelta(hours=services.settings.slack_user_cache_hours)
    with session_scope(services.sessions) as session:
        known = slack_records.known_identity(
            session, team_id=team_id, user_id=user_id, now=services.clock(), cache_for=cache_for
        )
    if known is not None:
        return known
    email = email_of(client, user_id)
    with session_scope(services.sessions) as session:
        return slack_records.remember_lookup(
            session, team_id=team_id, user_id=user_id, email=email, now=services.clock()
        )


def email_of(client: WebClient, user_id: str) -> str | None:
    """The profile email users.info gives (needs users:read.email); None for bots and deactivated accounts."""
    user = client.users_info(user=user_id)["user"]
    if not isinstance(user, dict) or user.get("is_bot") or user.get("deleted"):
        return None
    email = (user.get("profile") or {}).get("email")
    return str(email) if email else None
