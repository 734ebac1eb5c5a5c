"""How requests reach the app: signed HTTP at /slack/events (forged and stale ones refused), Socket Mode
envelopes, the event id claimed once across units of work, and `backoffice slack` refusing without tokens."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from slack_bolt import BoltRequest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from adapters.cli.main import app as cli
from adapters.slack.app import create_slack_app
from adapters.slack.client import slack_configured, web_client
from adapters.slack.services import SlackServices
from assistant.db.models import Role
from assistant.settings import Settings, get_settings
from assistant.slack_records import claim_event
from tests.fakes import say
from tests.http.conftest import open_api
from tests.slack.conftest import CHANNEL, Slack, sign
from tests.slack.fake_slack import TEAM
from tests.support import NOW
from tools.registry import default_registry

ROOT = Path(__file__).resolve().parents[2]


def _event_body(user: str, text: str = "<@UBOT> hello") -> str:
    event = {"type": "app_mention", "user": user, "text": text, "channel": CHANNEL, "ts": "1600000555.000001"}
    return json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": "Ev0SIGNED", "event": event})


def test_forged_or_stale_signatures_are_refused(slack: Slack) -> None:
    asker = slack.person(Role.STAFF)
    body = _event_body(asker.slack_user_id or "")
    attempts = {
        "wrong secret": sign(body, secret="not-the-secret"),
        "stale": sign(body, timestamp=int(time.time()) - 10 * 60),
        "unsigned": {},
        "other body": sign(body.replace("hello", "hellp")),
    }
    for name, headers in attempts.items():
        response = slack.client.post(
            "/slack/events", content=body.encode(), headers={"Content-Type": "application/json", **headers}
        )
        slack.settle()
        assert response.status_code == 401, name
    assert slack.fake.calls == []  # nothing reached Slack, nothing was answered


def test_url_verification_is_answered_and_the_route_is_not_in_the_api_schema(slack: Slack) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    response = slack.send(body, "application/json")
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}
    assert "/slack/events" not in slack.client.get("/openapi.json").json()["paths"]


def test_socket_mode_envelopes_reach_the_same_listeners(slack: Slack) -> None:
    asker = slack.person(Role.STAFF)
    slack.script(say("Hello over Socket Mode."))
    bolt = create_slack_app(web_client(slack.settings), slack.settings, slack.services)
    body = json.loads(_event_body(asker.slack_user_id or ""))
    response = bolt.dispatch(BoltRequest(body=body, mode="socket_mode"))
    slack.settle()
    assert response.status == 200
    [answer] = slack.posts_to(CHANNEL)
    assert answer["text"] == "Hello over Socket Mode." and answer["thread_ts"] == "1600000555.000001"


def test_an_event_id_is_claimed_once(db_session: Session) -> None:
    assert claim_event(db_session, event_id="Ev0ONCE", now=NOW)
    assert not claim_event(db_session, event_id="Ev0ONCE", now=NOW + timedelta(seconds=5))
    assert claim_event(db_session, event_id="Ev0OTHER", now=NOW)
    # A day later the old id is forgotten (Slack stopped retrying long before).
    assert claim_event(db_session, event_id="Ev0ONCE", now=NOW + timedelta(days=2))


def test_slack_settings_are_masked_and_socket_mode_needs_its_tokens(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert slack_configured(settings)
    shown = settings.masked()
    assert shown["slack_bot_token"] == shown["slack_app_token"] == shown["slack_signing_secret"] == "********"
    assert shown["slack_api_url"] == "https://slack.com/api/"
    assert not slack_configured(settings.model_copy(update={"slack_signing_secret": None}))

    monkeypatch.setenv("BACKOFFICE_SLACK_APP_TOKEN", "")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["slack"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "BACKOFFICE_SLACK_APP_TOKEN" in result.output and "xoxb" not in result.output


def test_the_workers_report_idle_only_when_done(settings: Settings) -> None:
    services = SlackServices(
        settings=settings, sessions=sessionmaker(), registry=default_registry(), chat=lambda: None
    )
    release = threading.Event()
    services.executor.submit(release.wait, 5)
    assert not services.executor.wait_idle(timeout=0.05)
    release.set()
    assert services.executor.wait_idle(timeout=5)
    services.executor.shutdown()


def test_the_manifest_asks_for_what_the_app_uses() -> None:
    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text(encoding="utf-8"))
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"app_mentions:read", "chat:write", "im:history", "im:write", "reactions:write"}
    assert needed | {"users:read", "users:read.email", "files:read", "files:write"} <= scopes


def test_without_a_signing_secret_there_is_no_slack_route(db_session: Session, settings: Settings) -> None:
    unconfigured = settings.model_copy(update={"slack_signing_secret": None})
    for api in open_api(db_session, unconfigured):
        assert api.client.post("/slack/events", content=b"{}").status_code == 404
