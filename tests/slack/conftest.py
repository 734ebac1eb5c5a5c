"""Slack harness: the real FastAPI app with /slack/events over the test's transaction, a fake Slack on
loopback, and events signed with Slack's scheme.

Listeners run on the app's Slack worker threads after Bolt acknowledged the request. They use the test's
connection (every unit of work a savepoint in the outer transaction, rolled back after the test, on SQLite and
PostgreSQL alike), so the harness never lets two things use it at once: after each request it waits until the
workers are idle (`settle`), and only then does the test read the database. That keeps the tests deterministic
without a file database or sleeps.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi.testclient import TestClient
from langchain_core.language_models import BaseChatModel
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy.orm import Session, sessionmaker

from adapters.http.app import create_app
from adapters.slack.services import SlackServices
from assistant.agent.service import default_model
from assistant.db.models import Employee, Role
from assistant.settings import Settings
from tests.documents.service_support import quick_pipeline
from tests.factories import make_employee
from tests.fakes import ScriptedChatModel
from tests.slack.fake_slack import TEAM, FakeSlack, running_fake_slack
from tools.base import ToolContext

SIGNING_SECRET = "test-signing-secret"  # tests/conftest.py sets BACKOFFICE_SLACK_SIGNING_SECRET to this
CHANNEL = "C0GENERAL"

_event_ids = itertools.count(1)
_message_ts = itertools.count(1)


def sign(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request signature: v0=HMAC-SHA256(secret, 'v0:<timestamp>:<body>')."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def new_ts() -> str:
    return f"1600000000.{next(_message_ts):06d}"


def click_body(
    clicker: str,
    action_id: str,
    *,
    approve: bool,
    channel: str = CHANNEL,
    ts: str = "1600000000.000001",
    response_url: str | None = None,
) -> str:
    """The form body Slack sends when someone presses Approve or Reject on a proposal message."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": clicker, "team_id": TEAM},
        "api_app_id": "A0TEST",
        "container": {"type": "message", "channel_id": channel, "message_ts": ts},
        "channel": {"id": channel},
        "message": {"ts": ts, "text": "proposal"},
        "trigger_id": "1.2.3",
        "actions": [
            {
                "type": "button",
                "action_id": "backoffice_approve" if approve else "backoffice_reject",
                "block_id": f"decide:{action_id}",
                "value": action_id,
                "action_ts": "1700000000.1",
            }
        ],
    }
    if response_url:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)})


@dataclass
class Slack:
    """The app as Slack sees it: post events and clicks, then read what came back through the fake."""

    client: TestClient
    fake: FakeSlack
    session: Session
    settings: Settings
    services: SlackServices
    model: ScriptedChatModel | None = None
    last_response: httpx.Response | None = field(default=None)

    def person(self, role: Role = Role.STAFF, *, on_slack: bool = True, **fields: Any) -> Employee:
        """An employee; `on_slack` gives their record a Slack id (else they are found by users.info email)."""
        employee = make_employee(self.session, role=role, **fields)
        if on_slack:
            employee.slack_user_id = f"U{employee.id:06d}"
            self.session.flush()
        return employee

    def script(self, *replies: Any) -> ScriptedChatModel:
        self.model = ScriptedChatModel(script=list(replies))
        return self.model

    def settle(self) -> None:
        assert self.services.executor.wait_idle(timeout=60), "Slack workers still busy after 60 s"

    def send(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> httpx.Response:
        signed = {"Content-Type": content_type, **sign(body), **(headers or {})}
        response = self.client.post("/slack/events", content=body.encode(), headers=signed)
        self.last_response = response
        self.settle()
        return response

    def event(self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None) -> str:
        """Post an Events API callback; returns its event id."""
        event_id = event_id or f"Ev{next(_event_ids):08d}"
        body = json.dumps(
            {
                "token": "unused",
                "team_id": TEAM,
                "api_app_id": "A0TEST",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
            }
        )
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        response = self.send(body, "application/json", headers)
        assert response.status_code == 200, response.text
        return event_id

    def mention(
        self,
        employee: Employee,
        text: str,
        *,
        channel: str = CHANNEL,
        thread_ts: str | None = None,
        **extra: Any,
    ) -> str:
        """@backoffice in a channel; returns the message's ts."""
        ts = new_ts()
        event = {
            "type": "app_mention",
            "user": employee.slack_user_id,
            "text": f"<@UBOT> {text}",
            "channel": channel,
            "ts": ts,
            "team": TEAM,
            **({"thread_ts": thread_ts} if thread_ts else {}),
        }
        self.event({**event, **extra})
        return ts

    def dm(self, user_id: str, text: str, *, thread_ts: str | None = None, **extra: Any) -> str:
        ts = new_ts()
        event = {
            "type": "message",
            "channel_type": "im",
            "user": user_id,
            "text": text,
            "channel": f"D{user_id}",
            "ts": ts,
            "team": TEAM,
            **({"thread_ts": thread_ts} if thread_ts else {}),
        }
        self.event({**event, **extra})
        return ts

    def click(
        self, employee_slack_id: str, *, action_id: str, channel: str, ts: str, approve: bool = True
    ) -> None:
        """Press Approve or Reject on the message at channel/ts."""
        body = click_body(
            employee_slack_id,
            action_id,
            approve=approve,
            channel=channel,
            ts=ts,
            response_url=f"{self.fake.base_url}response",
        )
        response = self.send(body, "application/x-www-form-urlencoded")
        assert response.status_code == 200, response.text

    def posts_to(self, channel: str) -> list[dict[str, Any]]:
        """What was posted to this channel, each with the ts Slack gave it (`posted_ts`)."""
        return [
            {**call.args, "posted_ts": call.result.get("ts")}
            for call in self.fake.to("chat.postMessage")
            if call.args.get("channel") == channel and call.result.get("ok")
        ]


def open_slack(db_session: Session, settings: Settings, fake: FakeSlack) -> Iterator[Slack]:
    slack_settings = settings.model_copy(
        update={"slack_api_url": fake.base_url, "slack_file_hosts": ["127.0.0.1"], "slack_workers": 2}
    )
    sessions = sessionmaker(
        bind=db_session.get_bind(), join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    holder: dict[str, Slack] = {}
    offline = default_model(slack_settings)

    def model(ctx: ToolContext) -> BaseChatModel:
        scripted = holder["slack"].model
        return scripted if scripted is not None else offline(ctx)

    app = create_app(
        slack_settings,
        sessions=sessions,
        checkpointer=InMemorySaver(),
        pipeline=quick_pipeline(),
        open_policy_library=False,
        model_factory=model,
    )
    services: SlackServices = app.state.slack
    with TestClient(app) as client:
        holder["slack"] = Slack(
            client=client, fake=fake, session=db_session, settings=slack_settings, services=services
        )
        try:
            yield holder["slack"]
        finally:
            services.executor.wait_idle(timeout=60)
            services.executor.shutdown(wait=True)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def slack(db_session: Session, settings: Settings, fake_slack: FakeSlack) -> Iterator[Slack]:
    yield from open_slack(db_session, settings, fake_slack)
