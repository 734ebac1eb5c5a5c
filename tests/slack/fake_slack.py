"""A fake Slack on loopback: the Web API methods the assistant calls, file downloads and upload URLs.

Started per test on 127.0.0.1, port 0; the WebClient's base_url points at it. Every call is recorded with its
arguments and the token it came with, and tests wait for calls on a condition (no sleeps).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER = "UBOT"
TEAM = "T0TEST"
BOT_TOKEN = "xoxb-test-not-a-real-token"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered
    at: float = field(default_factory=time.perf_counter)  # when it arrived (bench/slack.py times by it)


@dataclass
class FakeSlack:
    host: str = "127.0.0.1"
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    emails: dict[str, str] = field(default_factory=dict)  # Slack user id -> profile email (users.info)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # file id -> (name, bytes)
    rate_limit_once: set[str] = field(default_factory=set)  # methods answered 429 (Retry-After: 1) once
    uploads: dict[str, bytes] = field(default_factory=dict)
    delays: dict[str, float] = field(
        default_factory=dict
    )  # method -> seconds the fake waits before answering
    _condition: threading.Condition = field(default_factory=threading.Condition)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/api/"

    def file_url(self, file_id: str) -> str:
        return f"http://{self.host}:{self.port}/files/{file_id}/{self.files[file_id][0]}"

    def share_file(self, file_id: str, name: str, data: bytes) -> dict[str, Any]:
        """A file object as a message event carries it."""
        self.files[file_id] = (name, data)
        return {
            "id": file_id,
            "name": name,
            "mimetype": "text/plain",
            "size": len(data),
            "url_private": self.file_url(file_id),
            "url_private_download": self.file_url(file_id),
        }

    # --- what tests read -------------------------------------------------------------------------------------

    def record(self, call: Call) -> None:
        with self._condition:
            self.calls.append(call)
            self._condition.notify_all()

    def to(self, method: str) -> list[Call]:
        with self._condition:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> list[Call]:
        with self._condition:
            done = self._condition.wait_for(
                lambda: sum(call.method == method for call in self.calls) >= count, timeout=timeout
            )
        assert done, f"expected {count} call(s) to {method}; got {[call.method for call in self.calls]}"
        return self.to(method)

    def wait_until(self, done: Callable[[list[Call]], bool], timeout: float = 30.0) -> list[Call]:
        """Wait until `done(calls)` holds; returns the calls."""
        with self._condition:
            assert self._condition.wait_for(lambda: done(self.calls), timeout=timeout), "timed out"
            return list(self.calls)

    def methods(self) -> list[str]:
        with self._condition:
            return [call.method for call in self.calls]

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    # --- answers ---------------------------------------------------------------------------------------------

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": TEAM, "user": "backoffice"}
        if method == "users.info":
            user = str(args.get("user"))
            if user not in self.emails:
                return {"ok": True, "user": {"id": user, "profile": {}}}
            return {"ok": True, "user": {"id": user, "profile": {"email": self.emails[user]}}}
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": self.next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{args.get('users')}"}}
        if method == "files.info":
            file_id = str(args.get("file"))
            name, data = self.files[file_id]
            return {"ok": True, "file": {**self.share_file(file_id, name, data)}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{len(self.uploads) + 1:04d}"
            self.uploads[file_id] = b""
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"http://{self.host}:{self.port}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            files = json.loads(args["files"]) if isinstance(args.get("files"), str) else args.get("files")
            return {"ok": True, "files": files}
        return {"ok": True}


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _token(self) -> str | None:
            header = self.headers.get("Authorization", "")
            return header.removeprefix("Bearer ") if header.startswith("Bearer ") else None

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path.startswith("/files/"):
                file_id = parts.path.split("/")[2]
                fake.record(Call("download", {"file": file_id}, self._token()))
                if self._token() != BOT_TOKEN or file_id not in fake.files:
                    self._send(200, b"<html>sign in</html>", "text/html")  # what Slack does without a token
                    return
                self._send(200, fake.files[file_id][1], "application/octet-stream")
                return
            self._api(parts.path, dict(parse_qsl(parts.query)))

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if parts.path.startswith("/upload/"):
                file_id = parts.path.split("/")[2]
                fake.uploads[file_id] = raw
                fake.record(Call("upload", {"file_id": file_id, "size": len(raw)}, self._token()))
                self._send(200, f"OK - {len(raw)}".encode(), "text/plain")
                return
            args = dict(parse_qsl(parts.query))
            if self.headers.get("Content-Type", "").startswith("application/json"):
                args.update(json.loads(raw or b"{}"))
            else:
                args.update(parse_qsl(raw.decode()))
            self._api(parts.path, args)

        def _api(self, path: str, args: dict[str, Any]) -> None:
            method = path.removeprefix("/api/")
            if method in fake.rate_limit_once:
                fake.rate_limit_once.discard(method)
                limited = {"ok": False, "error": "ratelimited"}
                fake.record(Call(method, args, self._token(), limited))
                self._send(429, json.dumps(limited).encode(), "application/json", {"Retry-After": "1"})
                return
            time.sleep(fake.delays.get(method, 0.0))
            answer = fake.answer(method, args)
            fake.record(Call(method, args, self._token(), answer))
            self._send(200, json.dumps(answer).encode(), "application/json")

    return Handler


@contextmanager
def running_fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    server = ThreadingHTTPServer((fake.host, 0), _handler(fake))
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="fake-slack", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
