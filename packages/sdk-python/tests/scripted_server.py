"""A scripted HTTP server speaking the SDK protocol, for the client's unit tests: each test
decides what the server answers (statuses, Retry-After, invalid documents, stream events) and
reads what the client sent. End-to-end tests use the real @flagswitch/server instead."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class ScriptedServer:
    def __init__(self) -> None:
        self.document: Any = None
        self.etag = "v0"
        self.flags_answers: "queue.Queue[Answer]" = queue.Queue()
        """Answers to give to GET /sdk/v1/flags before serving ``document`` normally."""
        self.events_answers: "queue.Queue[Answer]" = queue.Queue()
        self.stream_status = 200
        self.stream_events: "queue.Queue[str | None]" = queue.Queue()
        """Raw SSE text to write to the open stream; ``None`` closes it."""
        self.requests: list[Recorded] = []
        self.lock = threading.Lock()
        self.stream_connections = 0

    def set_document(self, document: Any, etag: str) -> None:
        with self.lock:
            self.document, self.etag = document, etag

    def recorded(self, path: str) -> list[Recorded]:
        with self.lock:
            return [item for item in self.requests if item.path == path]


@contextmanager
def scripted_server() -> Iterator[tuple[ScriptedServer, str]]:
    script = ScriptedServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _record(self, body: Any) -> None:
            with script.lock:
                script.requests.append(Recorded(self.command, self.path, dict(self.headers.items()), body))

        def _answer(self, answer: Answer) -> None:
            payload = b"" if answer.body is None else json.dumps(answer.body).encode()
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._record(None)
            if self.path == "/sdk/v1/flags":
                try:
                    self._answer(script.flags_answers.get_nowait())
                    return
                except queue.Empty:
                    pass
                with script.lock:
                    document, etag = script.document, script.etag
                if self.headers.get("If-None-Match") == etag:
                    self._answer(Answer(304, headers={"ETag": etag}))
                else:
                    self._answer(Answer(200, document, {"ETag": etag, "Content-Type": "application/json"}))
            elif self.path == "/sdk/v1/stream":
                if script.stream_status != 200:
                    self._answer(Answer(script.stream_status))
                    return
                with script.lock:
                    script.stream_connections += 1
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                while True:
                    text = script.stream_events.get()
                    if text is None:
                        return
                    try:
                        self.wfile.write(text.encode())
                        self.wfile.flush()
                    except OSError:
                        return
            else:
                self._answer(Answer(404))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"null")
            self._record(body)
            try:
                answer = script.events_answers.get_nowait()
            except queue.Empty:
                answer = Answer(202, {"accepted": len(body.get("events", [])), "duplicate": False})
            self._answer(answer)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield script, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        script.stream_events.put(None)
        server.shutdown()
        server.server_close()
