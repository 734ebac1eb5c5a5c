"""`backoffice slack` stopped the way a service manager stops it (SIGTERM): the websocket closes, the answer
already being prepared is still posted, and the process exits cleanly instead of dying mid-answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from adapters.slack.conversations import FAILED
from assistant.db.engine import make_engine
from tests.factories import make_employee
from tests.scaleout.socket_slack import APP_TOKEN, running_socket_mode_slack
from tests.slack.fake_slack import BOT_TOKEN

pytestmark = pytest.mark.slow

BACKOFFICE = Path(sys.executable).with_name("backoffice")
SLACK_USER = "U0STOP"
EMAIL = "stop.test@example.test"
USERS_INFO_DELAY_S = 3.0  # keeps the answer in flight when the signal arrives


def _environment(data_dir: Path, slack_url: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("BACKOFFICE_")}
    env.update(
        {
            "BACKOFFICE_DATA_DIR": str(data_dir),
            "BACKOFFICE_DATABASE_URL": f"sqlite:///{data_dir / 'backoffice.db'}",
            "BACKOFFICE_SLACK_API_URL": slack_url,
            "BACKOFFICE_SLACK_BOT_TOKEN": BOT_TOKEN,
            "BACKOFFICE_SLACK_APP_TOKEN": APP_TOKEN,
            "BACKOFFICE_LOG_FORMAT": "json",
        }
    )
    return env


def test_sigterm_finishes_the_answer_in_flight_then_exits_cleanly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running_socket_mode_slack() as slack:
        env = _environment(data_dir, slack.base_url)
        subprocess.run([str(BACKOFFICE), "init"], env=env, check=True, capture_output=True, timeout=120)
        engine = make_engine(env["BACKOFFICE_DATABASE_URL"])
        with Session(engine) as session:
            make_employee(session, email=EMAIL, name="Stop Test")
            session.commit()
        engine.dispose()
        slack.emails[SLACK_USER] = EMAIL
        slack.delays["users.info"] = USERS_INFO_DELAY_S

        log = (tmp_path / "slack.log").open("wb")
        worker = subprocess.Popen(
            [str(BACKOFFICE), "slack"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path
        )
        try:
            assert slack.wait_connected(timeout=120), (tmp_path / "slack.log").read_text()
            ts = "1764000000.000200"
            event = {"type": "app_mention", "user": SLACK_USER, "text": "<@UBOT> hello there", "channel": "C0STOP",
                     "ts": ts, "team": "T0TEST"}  # fmt: skip
            slack.push_event(event, event_id="Ev0STOP1")
            slack.wait_for("reactions.add", timeout=30)  # the answer has started
            signalled = time.monotonic()
            worker.send_signal(signal.SIGTERM)
            code = worker.wait(timeout=60)
            stopped_in = time.monotonic() - signalled
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            log.close()
        output = (tmp_path / "slack.log").read_text(encoding="utf-8", errors="replace")

    assert code == 0, output
    replies = [call for call in slack.to("chat.postMessage") if call.args.get("thread_ts") == ts]
    assert len(replies) == 1, output  # answered, once, in its thread
    text = str(replies[0].args["text"])
    assert text.strip() and FAILED not in text, text  # a real answer, not the apology
    assert "Stopped: every answer already started was sent." in output
    assert stopped_in >= USERS_INFO_DELAY_S - 1.0  # it waited for the answer rather than dying at once
