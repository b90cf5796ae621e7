"""A fake OpenAI-compatible server on 127.0.0.1 for exercising the real openai SDK.

Each test scripts the replies it wants (`server.script(answer(...), error(500), ...)`); the
server hands them out in order, one per POST /v1/chat/completions, and records every
request (headers and parsed JSON body) so tests can assert on what the client sent and how
often.  A request with nothing left in the script gets a 500 that says so, which a test
notices in its request count.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

COMPLETIONS_PATH = "/v1/chat/completions"
FAKE_MODEL = "fake-gpt-2024-07-18"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: object  # the parsed JSON body, or None when it was not JSON
    received_at: float  # time.monotonic()

    @property
    def messages(self) -> list[dict]:
        return self.body.get("messages", []) if isinstance(self.body, dict) else []

    def message(self, role: str) -> str:
        """The content of the one message with this role."""
        (content,) = [m["content"] for m in self.messages if m.get("role") == role]
        return content


Body = bytes | Callable[[RecordedRequest], bytes]


@dataclass(frozen=True)
class Reply:
    """One scripted behaviour.  `body` may be a function of the request (to echo headers)."""

    status: int = 200
    body: Body = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line is sent
    chunk_delay: float = 0.0  # seconds between 8-byte pieces of the body (a trickle)
    hang_up: bool = False  # close the connection without answering


def completion(content: str | None, *, model: str = FAKE_MODEL, refusal: str | None = None):
    """A 200 chat completion whose message content is `content` (verbatim)."""
    message = {"role": "assistant", "content": content, "refusal": refusal}
    payload = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    return json_reply(200, payload)


def answer(category="billing", priority="high", category_confidence=0.9, priority_confidence=0.8):
    """What a server honouring the json_schema response format sends."""
    return completion(
        json.dumps(
            {
                "category": category,
                "priority": priority,
                "category_confidence": category_confidence,
                "priority_confidence": priority_confidence,
            }
        )
    )


def slow(reply: Reply, seconds: float) -> Reply:
    """The same reply, sent only after `seconds`."""
    return replace(reply, delay=seconds)


def error(status: int, message: str = "error", *, headers=None, param: str | None = None):
    """An OpenAI-style error body."""
    payload = {"error": {"message": message, "type": "invalid_request_error", "param": param}}
    return json_reply(status, payload, headers=headers)


def json_reply(status: int, payload: object, *, headers=None) -> Reply:
    return Reply(
        status=status,
        body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def raw(status: int, body: bytes = b"", content_type: str = "application/json") -> Reply:
    return Reply(status=status, body=body, headers={"Content-Type": content_type})


class FakeOpenAI:
    def __init__(self):
        self.requests: list[RecordedRequest] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops serving; replies still sleeping give up instead of holding the test."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if request.path != COMPLETIONS_PATH:
                return error(404, f"fake server: no route {request.path}")
            if not self._replies:
                return error(500, "fake server: no scripted reply left")
            return self._replies.popleft()


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length)
            try:
                body = json.loads(raw_body)
            except ValueError:
                body = None
            request = RecordedRequest(
                method="POST",
                path=self.path,
                headers={name.lower(): value for name, value in self.headers.items()},
                body=body,
                received_at=time.monotonic(),
            )
            self._send(fake._next_reply(request), request)

        def _send(self, reply: Reply, request: RecordedRequest) -> None:
            if reply.delay and fake._stopping.wait(reply.delay):
                return
            if reply.hang_up:
                self.close_connection = True
                return
            content = reply.body(request) if callable(reply.body) else reply.body
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                step = 8 if reply.chunk_delay else max(len(content), 1)
                for start in range(0, len(content), step):
                    self.wfile.write(content[start : start + step])
                    self.wfile.flush()
                    if reply.chunk_delay and fake._stopping.wait(reply.chunk_delay):
                        return
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout), which is what some tests want

        def log_message(self, format, *args):
            pass

    return Handler


def unused_base_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens, for "connection refused"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture(name="fake_openai")
def fake_openai_fixture():
    """A running FakeOpenAI (import `fake_openai_fixture` into a test module to use it)."""
    with FakeOpenAI() as server:
        yield server
