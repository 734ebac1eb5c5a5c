"""Smoke suite of the scale-out layout: two API workers, one Slack Socket Mode worker, PostgreSQL and a Chroma
server, each a real process. What a person would check after deploying it: either worker answers for the same
user, conversation, proposal and file, decisions run once, Slack is answered, and the audit log holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from assistant import audit
from assistant.db.engine import make_session_factory, session_scope
from tests.scaleout.layout import Layout

pytestmark = pytest.mark.slow

STAFF = "daniel.hughes@adriatic-baltic.example"
MANAGER = "joerg.hoffmann@adriatic-baltic.example"
SLACK_USER = "U0DANIEL"
CHANNEL = "C0GENERAL"


@pytest.fixture(scope="module")
def workers(scale_out: Layout) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """Worker A and worker B, each reached directly (no load balancer in between)."""
    with (
        httpx.Client(base_url=scale_out.api_urls[0], timeout=120) as worker_a,
        httpx.Client(base_url=scale_out.api_urls[1], timeout=120) as worker_b,
    ):
        yield worker_a, worker_b


@pytest.fixture(scope="module")
def staff(scale_out: Layout) -> dict[str, str]:
    return {"Authorization": f"Bearer {scale_out.token(STAFF)}"}


@pytest.fixture(scope="module")
def manager(scale_out: Layout) -> dict[str, str]:
    return {"Authorization": f"Bearer {scale_out.token(MANAGER)}"}


@pytest.fixture(scope="module")
def pending_orders(scale_out: Layout) -> list[str]:
    with scale_out.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT number FROM sales_orders WHERE status = 'pending' ORDER BY number")
        ).scalars()
        numbers = list(rows)
    assert len(numbers) >= 3, numbers
    return numbers


def chat(client: httpx.Client, headers: dict[str, str], message: str, conversation: str | None = None) -> Any:
    body = {"message": message, **({"conversation_id": conversation} if conversation else {})}
    response = client.post("/chat", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_both_workers_are_alive_and_ready(workers: tuple[httpx.Client, httpx.Client]) -> None:
    for worker in workers:
        assert worker.get("/health").json() == {"status": "ok"}
        ready = worker.get("/ready")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "database": "ok", "policy_library": "ok"}


def test_a_token_made_once_works_on_both_workers(
    workers: tuple[httpx.Client, httpx.Client], staff: dict[str, str]
) -> None:
    tools = [worker.get("/tools", headers=staff) for worker in workers]
    assert [response.status_code for response in tools] == [200, 200]
    assert tools[0].json() == tools[1].json()
    refused = [
        worker.get("/tools", headers={"Authorization": "Bearer bo_00000000.nope"}) for worker in workers
    ]
    assert [response.status_code for response in refused] == [401, 401]


def test_a_conversation_started_on_one_worker_continues_on_the_other(
    workers: tuple[httpx.Client, httpx.Client], staff: dict[str, str], pending_orders: list[str]
) -> None:
    worker_a, worker_b = workers
    asked = chat(worker_a, staff, "Please cancel an order, the customer no longer needs it")
    assert "Which order" in asked["reply"]
    # Worker B knows what was asked only from the checkpoint worker A wrote to PostgreSQL.
    answered = chat(worker_b, staff, pending_orders[0], asked["conversation_id"])
    assert answered["conversation_id"] == asked["conversation_id"]
    [proposal] = answered["proposals"]
    assert (proposal["tool_name"], proposal["arguments"]["order"]) == ("cancel_order", pending_orders[0])
    history = worker_a.get(f"/conversations/{asked['conversation_id']}", headers=staff).json()
    said = [message["text"] for message in history["messages"] if message["role"] == "user"]
    assert said == ["Please cancel an order, the customer no longer needs it", pending_orders[0]]
    assert history["turns"] == 2


def test_a_proposal_made_on_one_worker_is_approved_on_the_other_and_runs_once(
    scale_out: Layout,
    workers: tuple[httpx.Client, httpx.Client],
    staff: dict[str, str],
    manager: dict[str, str],
    pending_orders: list[str],
) -> None:
    worker_a, worker_b = workers
    order = pending_orders[1]
    [proposal] = chat(worker_a, staff, f"Cancel order {order}, no longer needed")["proposals"]
    approved = worker_b.post(f"/actions/{proposal['id']}/approve", headers=manager)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "executed"
    again = worker_a.post(f"/actions/{proposal['id']}/approve", headers=manager)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert executions(scale_out, proposal["id"]) == 1
    assert order_status(scale_out, order) == "cancelled"


def test_two_simultaneous_approvals_on_two_workers_run_the_action_once(
    scale_out: Layout,
    workers: tuple[httpx.Client, httpx.Client],
    staff: dict[str, str],
    manager: dict[str, str],
    pending_orders: list[str],
) -> None:
    order = pending_orders[2]
    [proposal] = chat(workers[1], staff, f"Cancel order {order}, no longer needed")["proposals"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        decisions = list(
            pool.map(
                lambda worker: worker.post(f"/actions/{proposal['id']}/approve", headers=manager), workers
            )
        )
    assert sorted(response.status_code for response in decisions) == [200, 409]
    assert executions(scale_out, proposal["id"]) == 1
    assert order_status(scale_out, order) == "cancelled"


def test_a_document_uploaded_to_one_worker_is_downloaded_from_the_other(
    workers: tuple[httpx.Client, httpx.Client], staff: dict[str, str]
) -> None:
    worker_a, worker_b = workers
    content = (
        b"DELIVERY NOTE DN-4471\nDelivered: 12 x CH-KONF-NVY to Warszawa, 2026-11-20\nReceived by: M. Nowak\n"
    )
    uploaded = worker_a.post("/documents", files={"file": ("dn-4471.txt", content)}, headers=staff)
    assert uploaded.status_code == 201, uploaded.text
    document_id = uploaded.json()["document"]["id"]
    downloaded = worker_b.get(f"/documents/{document_id}/file", headers=staff)
    assert downloaded.status_code == 200
    assert downloaded.content == content
    assert (
        worker_b.get(f"/documents/{document_id}", headers=staff).json()["document"]["filename"]
        == "dn-4471.txt"
    )


def test_policy_questions_are_answered_from_the_chroma_server_with_a_citation(
    scale_out: Layout, workers: tuple[httpx.Client, httpx.Client], staff: dict[str, str]
) -> None:
    worker_a, worker_b = workers
    reply = chat(worker_b, staff, "What is the hotel limit per night in Germany?")["reply"]
    assert "EUR 150" in reply
    assert "Sources:" in reply and "travel-and-expenses.md" in reply
    found = worker_a.get("/policies/search", params={"q": "hotel limit per night"}, headers=staff).json()
    assert found["covered"] is True
    assert found["passages"][0]["source"] == "travel-and-expenses.md"
    assert not (scale_out.data_dir / "chroma").exists(), "the vectors live in the Chroma server, not on disk"


def test_a_slack_mention_over_socket_mode_is_answered_in_its_thread(
    scale_out: Layout, pending_orders: list[str]
) -> None:
    slack = scale_out.slack
    slack.emails[SLACK_USER] = STAFF  # users.info: the Slack user is this employee
    order = pending_orders[3] if len(pending_orders) > 3 else pending_orders[0]
    ts = "1764000000.000100"
    event = {
        "type": "app_mention",
        "user": SLACK_USER,
        "text": f"<@UBOT> where is order {order}?",
        "channel": CHANNEL,
        "ts": ts,
        "team": "T0TEST",
    }
    slack.push_event(event, event_id="Ev0SCALEOUT1")

    def answered(calls: list[Any]) -> bool:
        return any(call.method == "chat.postMessage" and call.args.get("thread_ts") == ts for call in calls)

    slack.wait_until(answered, timeout=90)
    [reply] = [call for call in slack.to("chat.postMessage") if call.args.get("thread_ts") == ts]
    assert reply.args["channel"] == CHANNEL
    assert order in reply.args["text"] and "pending" in reply.args["text"]
    with scale_out.engine.connect() as connection:
        claimed = connection.execute(
            text("SELECT count(*) FROM slack_events WHERE event_id = 'Ev0SCALEOUT1'")
        ).scalar_one()
    assert claimed == 1


def test_worker_logs_are_json_lines_with_the_turn_ids(scale_out: Layout) -> None:
    lines = scale_out.children["api-a"].log_path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert any(record.get("turn_id") and record.get("conversation_id") for record in records), lines[-20:]
    # uvicorn's own lines too: the access log is JSON, with the status of each request
    access = [record for record in records if record["logger"] == "uvicorn.access"]
    ready = [record for record in access if '"GET /ready HTTP/1.1" 200' in record["msg"]]
    assert ready and all(record.get("request_id") for record in ready), lines[-20:]
    assert not [line for line in lines if "HTTP/1.1" in line and not line.startswith("{")], lines[-20:]


def test_the_audit_chain_verifies_after_everything(scale_out: Layout) -> None:
    with session_scope(make_session_factory(scale_out.engine)) as session:
        report = audit.verify(session)
    assert report.ok, report.problems
    assert report.records >= 7  # 3 proposals, then approval + execution of 2, from both workers, one chain


def executions(layout: Layout, action_id: str) -> int:
    with layout.engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT count(*) FROM audit_log WHERE event = 'action.executed' AND subject_id = :id"),
                {"id": action_id},
            ).scalar_one()
        )


def order_status(layout: Layout, number: str) -> str:
    with layout.engine.connect() as connection:
        return str(
            connection.execute(
                text("SELECT status FROM sales_orders WHERE number = :number"), {"number": number}
            ).scalar_one()
        )
