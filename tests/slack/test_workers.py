"""Several workers: an event id is taken by exactly one of them, and the Socket Mode wiring answers events."""

from __future__ import annotations

import threading

from slack_bolt import BoltRequest

from adapters.slack.socket_mode import socket_mode_app
from assistant.db.engine import make_engine, make_session_factory, session_scope
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import Role
from assistant.settings import Settings
from assistant.slack_records import claim_event
from tests.factories import make_employee
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.support import NOW

WORKERS = 4


def test_one_of_several_workers_takes_an_event(empty_database_url: str) -> None:
    """Each worker has its own connection, as separate processes would; they claim the same id at once."""
    engine = make_engine(empty_database_url)
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    start = threading.Barrier(WORKERS)
    won: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        start.wait()
        with session_scope(sessions) as session:
            first = claim_event(session, event_id="Ev0RACE", now=NOW)
        with lock:
            won.append(first)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    engine.dispose()
    assert sorted(won) == [False] * (WORKERS - 1) + [True]


def test_the_socket_mode_app_answers_an_envelope(
    empty_database_url: str, settings: Settings, fake_slack: FakeSlack
) -> None:
    """`backoffice slack` builds this app (its own chat service, checkpointer and worker pool) and hands it to
    Bolt's SocketModeHandler; here the envelope is dispatched directly instead of over a websocket. A database
    of its own: on PostgreSQL the checkpointer's set-up builds indexes CONCURRENTLY, which waits for every open
    transaction, the per-test rolled-back one included."""
    engine = make_engine(empty_database_url)
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        make_employee(session, role=Role.STAFF, slack_user_id="U0SOCKET")
    socket_settings = settings.model_copy(
        update={"slack_api_url": fake_slack.base_url, "database_url": empty_database_url}
    )
    event = {
        "type": "app_mention",
        "user": "U0SOCKET",
        "text": "<@UBOT> hello",
        "channel": "C0S",
        "ts": "1.5",
    }
    body = {"type": "event_callback", "team_id": TEAM, "event_id": "Ev0SOCKET", "event": event}
    try:
        with socket_mode_app(socket_settings, sessions) as (app, services):
            response = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
            assert services.executor.wait_idle(timeout=60)
    finally:
        engine.dispose()
    assert response.status == 200
    [answer] = [call.args for call in fake_slack.to("chat.postMessage")]
    assert answer["channel"] == "C0S" and answer["thread_ts"] == "1.5" and answer["text"]
