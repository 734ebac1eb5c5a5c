"""Forged Slack requests against POST /slack/events of the real app (Bolt verifies the v0 HMAC signature with the
signing secret and refuses requests older or newer than five minutes): wrong secret, stale or future timestamp,
unsigned, body altered after signing; replayed and retried event ids (answered once); Approve/Reject clicks
carrying an action id by someone who may not decide it, an unknown Slack user, or a forged signature."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assistant.db.models import ActionStatus, PendingAction
from assistant.db.types import utcnow
from assistant.settings import Settings
from tests.fakes import say
from tests.redteam.harness import World, assert_invariants, cases, snapshot
from tests.slack.conftest import CHANNEL, Slack, click_body, new_ts, open_slack, sign
from tests.slack.fake_slack import TEAM, running_fake_slack
from tools.base import CurrentUser, Registry, ToolContext
from tools.invoke import Proposal, call_tool

SLACK_IDS = {"employee": "U0ANA", "staff": "U0STEFAN", "manager": "U0MAJA", "finance": "U0FIONA"}


@pytest.fixture
def slack(db_session: Session, settings: Settings, world: World) -> Iterator[Slack]:
    for role, slack_id in SLACK_IDS.items():
        world.person(role).slack_user_id = slack_id
    db_session.flush()
    with running_fake_slack() as fake:
        yield from open_slack(db_session, settings, fake)


def signed_headers(body: str, signing: str | None) -> dict[str, str]:
    now = int(time.time())
    if signing == "wrong_secret":
        return sign(body, secret="not-the-signing-secret")
    if signing == "stale":
        return sign(body, timestamp=now - 6 * 60)
    if signing == "future":
        return sign(body, timestamp=now + 6 * 60)
    if signing == "none":
        return {}
    if signing == "altered":
        return sign(body.replace("chairs", "tables"))
    return sign(body)


def event_body(user: str, text: str, event_id: str) -> str:
    event = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "channel": CHANNEL,
        "ts": new_ts(),
        "team": TEAM,
    }
    return json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": event_id, "event": event})


def propose_now(world: World, registry: Registry, role: str, tool: str, args: dict[str, Any]) -> str:
    """A proposal stamped with the real clock (Slack decides with it), as `role`."""
    ctx = ToolContext(
        session=world.session, user=CurrentUser.of(world.person(role)), settings=world.settings, clock=utcnow
    )
    proposal = call_tool(ctx, registry, tool, args)
    assert isinstance(proposal, Proposal)
    return proposal.action.id


def target_action(case: dict[str, Any], world: World, registry: Registry) -> str:
    if case["target"] == "staff_cancel":
        return propose_now(
            world,
            registry,
            "staff",
            "cancel_order",
            {"order": world.order.number, "reason": "no longer needed"},
        )
    if case["target"] == "staff_stock":
        return propose_now(
            world,
            registry,
            "staff",
            "adjust_stock",
            {"sku": world.variant.sku, "warehouse": world.warehouse.code, "change": -2, "reason": "damaged"},
        )
    if case["target"] == "own_leave":
        return propose_now(
            world,
            registry,
            "employee",
            "request_leave",
            {"start_date": date(2026, 12, 21), "end_date": date(2026, 12, 23)},
        )
    return "00000000-0000-4000-8000-000000000000"


def post(slack: Slack, body: str, content_type: str, headers: dict[str, str]) -> int:
    response = slack.client.post(
        "/slack/events", content=body.encode(), headers={"Content-Type": content_type, **headers}
    )
    slack.settle()
    return response.status_code


@pytest.mark.parametrize("case", cases("slack_forgery"))
def test_forged_slack_requests_change_nothing(
    case: dict[str, Any], world: World, slack: Slack, registry: Registry
) -> None:
    expect, kind = case["expect"], case["kind"]
    action_id = target_action(case, world, registry) if kind == "click" else world.pending_action_id
    before = snapshot(world.session)
    model = slack.script(say("I can only propose that; a person decides."))  # one answer at most

    if kind == "click":
        clicker = SLACK_IDS.get(case["clicker"], "U0NOBODY")
        body = click_body(clicker, action_id, approve=case["approve"])
        statuses = [
            post(slack, body, "application/x-www-form-urlencoded", signed_headers(body, case.get("signing")))
        ]
    else:
        body = event_body(SLACK_IDS["staff"], world.fill(case["attack"]), f"Ev{case['id'][:20]}")
        statuses = [post(slack, body, "application/json", signed_headers(body, case.get("signing")))]
        if kind in ("replay", "retry"):
            retry = (
                {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"} if kind == "retry" else {}
            )
            statuses.append(post(slack, body, "application/json", {**signed_headers(body, None), **retry}))

    assert set(statuses) == {expect.get("status", 200)}
    if statuses[0] == 401:  # refused before any listener: nothing read, nothing said, no model call
        assert slack.fake.calls == [] and model.requests == []
    if "answers" in expect:
        assert len(slack.posts_to(CHANNEL)) == expect["answers"] and len(model.requests) == 1
    if "refusal" in expect:
        [ephemeral] = slack.fake.to("chat.postEphemeral")
        assert ephemeral.args["user"] == clicker and expect["refusal"] in ephemeral.args["text"]
        assert slack.fake.to("chat.update") == []
    if kind == "click" and case["target"] != "made_up":
        world.session.expire_all()
        action = world.session.get(PendingAction, action_id)
        assert action is not None and action.status == ActionStatus.PENDING and action.decided_by_id is None
    assert_invariants(world.session, before)
