"""A fake Slack with Socket Mode: tests/slack's Web API fake, plus `apps.connections.open` handing out a
ws://127.0.0.1 URL served here, over which events are pushed to the connected app and acknowledged.

What Slack does (api.slack.com/apis/socket-mode): the app calls apps.connections.open with its app token, opens
the websocket, receives `hello`, then envelopes `{"envelope_id", "type": "events_api", "payload"}`, and answers
each with `{"envelope_id"}` within three seconds.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from tests.slack.fake_slack import TEAM, FakeSlack, _handler

APP_TOKEN = "xapp-1-scale-out-test-token"


@dataclass
class SocketModeSlack(FakeSlack):
    """FakeSlack whose apps.connections.open leads to a websocket on this process."""

    socket_port: int = 0
    acks: set[str] = field(default_factory=set)  # envelope ids the app acknowledged
    connections: int = 0  # websockets opened so far
    _connection: ServerConnection | None = None
    _send_lock: threading.Lock = field(default_factory=threading.Lock)
    _envelopes: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://{self.host}:{self.socket_port}/link/?ticket=scale-out"}
        return super().answer(method, args)

    # --- the websocket side -----------------------------------------------------------------------------------

    def serve_socket(self, connection: ServerConnection) -> None:
        """One Socket Mode session: hello, then read the app's acknowledgements until it goes away."""
        with self._condition:
            self._connection = connection
            self.connections += 1
            self._condition.notify_all()
        self._send({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TEST"}})
        try:
            for message in connection:
                envelope_id = json.loads(message).get("envelope_id")
                if envelope_id:
                    with self._condition:
                        self.acks.add(str(envelope_id))
                        self._condition.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._condition:
                if self._connection is connection:
                    self._connection = None

    def _send(self, message: dict[str, Any]) -> None:
        connection = self._connection
        assert connection is not None, "no app is connected over Socket Mode"
        with self._send_lock:  # websockets refuses two threads sending at once
            connection.send(json.dumps(message))

    def wait_connected(self, timeout: float) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: self._connection is not None, timeout=timeout)

    def push_event(self, event: dict[str, Any], *, event_id: str, timeout: float = 10.0) -> str:
        """Deliver an Events API callback over the websocket; returns once the app acknowledged it."""
        envelope_id = f"env-{next(self._envelopes):04d}"
        payload = {
            "token": "unused",
            "team_id": TEAM,
            "api_app_id": "A0TEST",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        self._send(
            {
                "envelope_id": envelope_id,
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": payload,
            }
        )
        with self._condition:
            acknowledged = self._condition.wait_for(lambda: envelope_id in self.acks, timeout=timeout)
        assert acknowledged, f"the app did not acknowledge {envelope_id} within {timeout} s"
        return envelope_id


@contextmanager
def running_socket_mode_slack() -> Iterator[SocketModeSlack]:
    """The Web API (HTTP) and the Socket Mode websocket, both on 127.0.0.1, each on a thread of its own."""
    fake = SocketModeSlack()
    web = ThreadingHTTPServer((fake.host, 0), _handler(fake))
    fake.port = web.server_address[1]
    sockets: Server = serve(fake.serve_socket, fake.host, 0)
    fake.socket_port = int(sockets.socket.getsockname()[1])
    threads = [
        threading.Thread(target=web.serve_forever, name="fake-slack-web", daemon=True),
        threading.Thread(target=sockets.serve_forever, name="fake-slack-socket", daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        yield fake
    finally:
        sockets.shutdown()
        web.shutdown()
        web.server_close()
        for thread in threads:
            thread.join(timeout=5)
