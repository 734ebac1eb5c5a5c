"""A small OpenAI-compatible chat server on loopback that replays scripted replies and records every request.

`POST /v1/chat/completions` answers with the next scripted `Reply`: a text, tool calls, an HTTP error (with a
short retry-after so the client's retries stay fast) or any of these after a delay. A request that asks for
`stream: true` gets the same reply as server-sent events: text and tool-call arguments in pieces, a final
usage chunk when `stream_options.include_usage` is set, then `data: [DONE]`. A request with nothing scripted
gets a 400 that the client does not retry, and is listed in `unexpected`.

`POST /v1/embeddings` needs no script: each input becomes a deterministic bag-of-words vector (every word hashed
to one of `embedding_dimension` signed positions), so texts that share words are close, as with a real model.
The bodies are kept in `embedding_requests`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

CHAT_PATH = "/v1/chat/completions"
EMBEDDINGS_PATH = "/v1/embeddings"
PIECE_CHARS = 4  # streamed text and arguments arrive in pieces this long


@dataclass(frozen=True)
class ScriptedToolCall:
    name: str
    arguments: dict[str, Any]
    call_id: str


@dataclass(frozen=True)
class Reply:
    content: str = ""
    tool_calls: tuple[ScriptedToolCall, ...] = ()
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    prompt_tokens: int = 30
    completion_tokens: int = 7


def text(content: str, *, prompt_tokens: int = 30, completion_tokens: int = 7) -> Reply:
    return Reply(content=content, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)


def tool_call(name: str, arguments: dict[str, Any], *, call_id: str = "call_1") -> Reply:
    return Reply(tool_calls=(ScriptedToolCall(name, arguments, call_id),))


def error(status: int, *, retry_after_ms: int = 10) -> Reply:
    return Reply(status=status, headers={"retry-after-ms": str(retry_after_ms)})


def slow(reply: Reply, delay_s: float) -> Reply:
    return Reply(**{**reply.__dict__, "delay_s": delay_s})


class FakeOpenAIServer:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.embedding_requests: list[dict[str, Any]] = []
        self.embedding_dimension = 64
        self.unexpected: list[dict[str, Any]] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-openai", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._script)

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def start(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()  # wakes replies still sleeping on a delay
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _next_reply(self, body: dict[str, Any]) -> Reply | None:
        with self._lock:
            self.requests.append(body)
            if self._script:
                return self._script.popleft()
            self.unexpected.append(body)
            return None


def _handler_for(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test output is not the place for an access log."""

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path == EMBEDDINGS_PATH:
                with server._lock:
                    server.embedding_requests.append(body)
                self._send_json(200, _embeddings(body, server.embedding_dimension), {})
                return
            if self.path != CHAT_PATH:
                self._send_json(404, _error_body("no such endpoint"), {"x-should-retry": "false"})
                return
            reply = server._next_reply(body)
            if reply is None:
                self._send_json(400, _error_body("no scripted reply left"), {"x-should-retry": "false"})
                return
            if reply.delay_s and server._closing.wait(reply.delay_s):
                return
            if reply.status != 200:
                self._send_json(reply.status, _error_body(f"scripted HTTP {reply.status}"), reply.headers)
            elif body.get("stream"):
                self._send_stream(reply, body)
            else:
                self._send_json(200, _completion(reply, body), reply.headers)

        def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _send_stream(self, reply: Reply, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("connection", "close")
            self.end_headers()
            self.close_connection = True
            for chunk in _stream_chunks(reply, body):
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


def _embeddings(body: dict[str, Any], dimension: int) -> dict[str, Any]:
    texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
    data = []
    for index, text in enumerate(texts):
        vector = [0.0] * dimension
        for word in re.findall(r"\w+", str(text).lower()):
            digest = hashlib.sha256(word.encode()).digest()
            vector[digest[0] % dimension] += 1.0 if digest[1] % 2 else -1.0
        data.append({"object": "embedding", "index": index, "embedding": vector})
    words = sum(len(str(text).split()) for text in texts)
    return {
        "object": "list",
        "data": data,
        "model": body.get("model", "fake-embedding"),
        "usage": {"prompt_tokens": words, "total_tokens": words},
    }


def _error_body(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "fake_error", "param": None, "code": None}}


def _usage(reply: Reply) -> dict[str, int]:
    return {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": reply.prompt_tokens + reply.completion_tokens,
    }


def _finish_reason(reply: Reply) -> str:
    return "tool_calls" if reply.tool_calls else "stop"


def _completion(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content or None}
    if reply.tool_calls:
        message["tool_calls"] = [
            {
                "id": call.call_id,
                "type": "function",
                "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
            }
            for call in reply.tool_calls
        ]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_764_000_000,
        "model": body.get("model", "fake"),
        "choices": [
            {"index": 0, "message": message, "finish_reason": _finish_reason(reply), "logprobs": None}
        ],
        "usage": _usage(reply),
    }


def _pieces(text: str) -> list[str]:
    return [text[start : start + PIECE_CHARS] for start in range(0, len(text), PIECE_CHARS)]


def _stream_chunks(reply: Reply, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": 1_764_000_000,
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
        }

    yield chunk({"role": "assistant", "content": ""})
    for piece in _pieces(reply.content):
        yield chunk({"content": piece})
    for index, call in enumerate(reply.tool_calls):
        opening = {"index": index, "id": call.call_id, "type": "function"}
        yield chunk({"tool_calls": [{**opening, "function": {"name": call.name, "arguments": ""}}]})
        for piece in _pieces(json.dumps(call.arguments)):
            yield chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    yield chunk({}, _finish_reason(reply))
    if (body.get("stream_options") or {}).get("include_usage"):
        usage = chunk({})
        usage["choices"] = []
        usage["usage"] = _usage(reply)
        yield usage


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    """A running fake server; import it into a test module as `openai_server = fake_openai_server.openai_server`."""
    with FakeOpenAIServer() as server:
        yield server
