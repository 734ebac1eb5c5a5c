"""Slack: time from an event to its first acknowledgement (a benchmark, not a test).

Builds the demo company in a throwaway SQLite file, runs the real FastAPI app under uvicorn on loopback with
/slack/events mounted and the offline model, and a fake Slack Web API (tests/slack/fake_slack.py) that notes
when each call arrives. Each round posts a signed app_mention from a demo employee (HTTP over loopback, as
Slack would) and measures, from just before the request is sent:

- http ack: the 200 from /slack/events (Slack retries when this takes over 3 s);
- reaction: reactions.add arriving at Slack (the first thing the person sees);
- answer: the first chat.postMessage (the whole turn: identity, agent, tools, reply).

The baseline in the same run is a bare round trip to /health on the same server. The first event is reported
apart: it also makes Bolt's one auth.test call.

    .venv/bin/python bench/slack.py [--events 60]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import platform
import socket
import statistics
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import uvicorn
from pydantic import SecretStr
from sqlalchemy import select

from adapters.http.app import create_app
from assistant.datasets.demo import build_demo_company
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import initialise
from assistant.db.models import Employee
from assistant.offline.classifier import warm_up
from assistant.settings import Settings
from tests.slack.fake_slack import TEAM, Call, FakeSlack, running_fake_slack

SECRET = "bench-signing-secret"  # noqa: S105 (the bench signs its own loopback requests)
QUESTIONS = (
    "How many CH-KONF-NVY are in stock?",
    "Wo ist die Bestellung SO-105990?",
    "ile jest na stanie CH-KONF-NVY w WAW?",
    "Kolika je zaliha CH-ERGO-BLU-NY?",
    "SO-105992 주문 어디 있어요?",
    "Which orders are pending?",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def post_event(base: str, user: str, text: str, ts: str, event_id: str) -> float:
    """Send one signed mention; returns the perf_counter when it was sent."""
    event = {"type": "app_mention", "user": user, "text": f"<@UBOT> {text}", "channel": "C0BENCH", "ts": ts}
    body = json.dumps({"type": "event_callback", "team_id": TEAM, "event_id": event_id, "event": event})
    stamp = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"{base}/slack/events",
        data=body.encode(),
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": f"v0={signature}",
        },
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        assert response.status == 200
    return started


def first_after(fake: FakeSlack, method: str, ts: str) -> Call:
    def arrived(calls: list[Call]) -> bool:
        return any(_about(call, method, ts) for call in calls)

    return next(call for call in fake.wait_until(arrived, timeout=60) if _about(call, method, ts))


def _about(call: Call, method: str, ts: str) -> bool:
    if call.method != method:
        return False
    return call.args.get("timestamp") == ts or call.args.get("thread_ts") == ts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=60)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, running_fake_slack() as fake:
        settings = Settings(
            data_dir=Path(folder),
            database_url=f"sqlite:///{folder}/bench.db",
            slack_bot_token=SecretStr("xoxb-test-not-a-real-token"),
            slack_signing_secret=SecretStr(SECRET),
            slack_api_url=fake.base_url,
        )
        engine = make_engine(settings.effective_database_url)
        initialise(
            engine, force=False, populate=lambda s: build_demo_company(s, seed=7, as_of=date(2026, 11, 24))
        )
        with session_scope(make_session_factory(engine)) as session:
            people = list(
                session.scalars(select(Employee.slack_user_id).where(Employee.slack_user_id.is_not(None)))
            )
        engine.dispose()
        warm_up()

        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings, open_policy_library=False), port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"

        health: list[float] = []
        http_ack: list[float] = []
        reaction: list[float] = []
        answer: list[float] = []
        first: tuple[float, float, float] | None = None
        for index in range(options.events + 1):
            started = time.perf_counter()
            with urllib.request.urlopen(f"{base}/health", timeout=10) as response:  # noqa: S310 (loopback)
                response.read()
            health.append((time.perf_counter() - started) * 1000)

            ts = f"1700000000.{index + 1:06d}"
            sent = post_event(
                base, str(people[index % len(people)]), QUESTIONS[index % len(QUESTIONS)], ts, f"Ev{index}"
            )
            acked = time.perf_counter()
            reacted = first_after(fake, "reactions.add", ts).at
            answered = first_after(fake, "chat.postMessage", ts).at
            measured = ((acked - sent) * 1000, (reacted - sent) * 1000, (answered - sent) * 1000)
            if index == 0:
                first = measured
                continue
            http_ack.append(measured[0])
            reaction.append(measured[1])
            answer.append(measured[2])
        server.should_exit = True
        thread.join(timeout=10)

    assert first is not None
    today = datetime.now(UTC).date().isoformat()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"

    def row(values: list[float]) -> str:
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        return f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(values):.0f} ms"

    print(f"| {today} | {machine} | offline, SQLite | {len(answer)} mentions |")
    print(f"| http ack | {row(http_ack)} |")
    print(f"| reaction (first acknowledgement) | **{row(reaction)}** |")
    print(f"| answer posted | {row(answer)} |")
    print(f"| baseline: GET /health | {row(health)} |")
    print(
        f"| first event (with auth.test) | http ack {first[0]:.0f} ms, reaction {first[1]:.0f} ms, "
        f"answer {first[2]:.0f} ms |"
    )


if __name__ == "__main__":
    main()
