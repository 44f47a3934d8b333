"""Streaming: ``GET {base}/sdk/v1/stream`` (server-sent events). ``put`` carries the whole
document, ``patch`` and ``delete`` one flag or segment. The server sends a heartbeat comment
every 15 s, so 45 s of silence means the connection is dead: it is dropped and opened again
with backoff, resuming from the last event id. While the stream is down, polling takes over."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import threading
import urllib.parse

from ..backoff import Backoff, retry_after_seconds
from ..transport import sdk_headers
from .base import SourceSink
from .polling import PollingSource
from .sse import SseEvent, SseParser

__all__ = ["StreamingSource"]

_log = logging.getLogger("flagswitch")

STREAM_PATH = "/sdk/v1/stream"


class StreamingSource:
    """Keeps a stream open, with a ``PollingSource`` that polls only while the stream is down."""

    def __init__(
        self,
        sdk_key: str,
        base_url: str,
        *,
        poll_interval: float = 30.0,
        dead_after: float = 45.0,
        connect_timeout: float = 10.0,
        backoff: Backoff | None = None,
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url.rstrip("/") + STREAM_PATH)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
        self._parsed = parsed
        self.dead_after = dead_after
        self.connect_timeout = connect_timeout
        self._headers = {
            **sdk_headers(sdk_key),
            "Accept": "text/event-stream",
            "Cache-Control": "no-cache",
        }
        self._backoff = backoff or Backoff()
        self._poller = PollingSource(
            sdk_key,
            base_url,
            interval=poll_interval,
            request_timeout=connect_timeout,
            backoff=Backoff(self._backoff.initial, self._backoff.maximum),
            active=False,
        )
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._connection: http.client.HTTPConnection | None = None
        # The open socket, held here because http.client drops its own reference once a
        # "Connection: close" response begins (the response keeps reading from it).
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._last_event_id: str | None = None
        self.connected = False
        """True while a stream is open (polling is paused)."""

    def start(self, sink: SourceSink) -> None:
        self._poller.start(_VersionTrackingSink(sink, self))
        self._thread = threading.Thread(target=self._run, args=(sink,), name="flagswitch-streaming", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._disconnect()
        self._poller.close()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.connect_timeout + 1)

    def _run(self, sink: SourceSink) -> None:
        while not self._stop.is_set():
            try:
                delay = self._stream_once(sink)
            except Exception:  # a bug must not end streaming: log it and reconnect later
                _log.exception("flagswitch: the stream failed unexpectedly")
                delay = self._backoff.next_delay()
            self._set_connected(False)
            if delay is None or self._stop.is_set():
                return
            self._stop.wait(delay)

    def _stream_once(self, sink: SourceSink) -> float | None:
        """One connection, read until it ends. Returns the wait before reconnecting, or
        ``None`` to stop for good."""
        connection = self._connect()
        if connection is None:
            return None
        try:
            path = self._parsed.path + (f"?{self._parsed.query}" if self._parsed.query else "")
            headers = dict(self._headers)
            if self._last_event_id is not None:
                headers["Last-Event-ID"] = self._last_event_id
            try:
                connection.connect()
                sock = connection.sock
                with self._lock:
                    if self._stop.is_set():
                        return None
                    self._socket = sock
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
            except (OSError, http.client.HTTPException) as error:
                return self._retry(f"connecting failed ({error})")
            if response.status != 200:
                return self._refused(response, sink)
            # The socket's timeout now bounds the silence between lines: heartbeats every 15 s.
            if sock is not None:
                sock.settimeout(self.dead_after)
            self._set_connected(True)
            _log.info("flagswitch: stream connected to %s", self._url)
            return self._read_events(response, sink)
        finally:
            self._disconnect()

    def _read_events(self, response: http.client.HTTPResponse, sink: SourceSink) -> float | None:
        parser = SseParser()
        parser.last_event_id = self._last_event_id
        while not self._stop.is_set():
            try:
                raw = response.readline()
            except TimeoutError:
                return self._retry(f"no data for {self.dead_after:.0f} s (heartbeats are every 15 s)")
            except (OSError, http.client.HTTPException, ValueError) as error:
                return self._retry(f"the connection dropped ({error})")
            if not raw:
                return self._retry("the server closed the stream")
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            event = parser.feed(line)
            if event is None:
                continue
            if self._handle(event, sink):
                self._last_event_id = event.id
            elif event.event in ("patch", "delete"):
                # A refused change leaves a gap: resuming after it would never fill it. Start
                # again without Last-Event-ID, which brings the whole document.
                self._last_event_id = None
                return self._retry(f"a {event.event} event was refused; reconnecting for the whole document")
        return None

    def _handle(self, event: SseEvent, sink: SourceSink) -> bool:
        """Applies one event; True when it left the SDK at the state the event's id names."""
        if event.event not in ("put", "patch", "delete"):
            return False
        try:
            payload = json.loads(event.data)
        except ValueError as error:
            _log.warning("flagswitch: a %s event that is not JSON was ignored (%s)", event.event, error)
            return False
        if event.event == "put":
            accepted = sink.put(payload, "streaming")
            if accepted:
                self._backoff.reset()
            return accepted
        if event.event == "patch":
            return sink.patch(payload, "streaming")
        return sink.delete(payload, "streaming")

    def _connect(self) -> http.client.HTTPConnection | None:
        host, port = self._parsed.hostname or "", self._parsed.port
        connection_type = http.client.HTTPSConnection if self._parsed.scheme == "https" else http.client.HTTPConnection
        connection = connection_type(host, port, timeout=self.connect_timeout)
        with self._lock:
            if self._stop.is_set():
                return None
            self._connection = connection
        return connection

    def _disconnect(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
            sock, self._socket = self._socket, None
        if connection is None:
            return
        # Shutting the socket down wakes a thread blocked reading it (close() alone does not).
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        connection.close()

    def _refused(self, response: http.client.HTTPResponse, sink: SourceSink) -> float | None:
        status = response.status
        if status in (401, 403):
            message = f"the server refused the SDK key ({status} from {self._url}); streaming stopped"
            _log.error("flagswitch: %s", message)
            sink.fail(message)
            return None
        delay = self._retry(f"the server answered {status}")
        if status in (429, 503):
            delay = max(delay, retry_after_seconds(response.getheader("Retry-After")) or 0.0)
        return delay

    def _retry(self, reason: str) -> float:
        delay = self._backoff.next_delay()
        if not self._stop.is_set():
            _log.warning("flagswitch: stream %s: %s; reconnecting in %.1f s (polling meanwhile)", self._url, reason, delay)
        return delay

    def _set_connected(self, connected: bool) -> None:
        if connected == self.connected:
            if not connected and not self._poller.active and not self._stop.is_set():
                self._poller.resume()  # never connected yet: poll meanwhile
            return
        self.connected = connected
        if connected:
            self._poller.pause()
        elif not self._stop.is_set():
            self._poller.resume()

    @property
    def _url(self) -> str:
        return urllib.parse.urlunsplit(self._parsed)

    def _polled(self, document: object) -> None:
        """A document polled while the stream was down: resume the stream from its version."""
        version = document.get("version") if isinstance(document, dict) else None
        if isinstance(version, int) and not isinstance(version, bool):
            self._last_event_id = str(version)


class _VersionTrackingSink:
    """The poller's sink: records the version of each document it installs, so that the stream
    resumes from there rather than asking for everything again."""

    def __init__(self, sink: SourceSink, stream: StreamingSource) -> None:
        self._sink = sink
        self._stream = stream

    def put(self, document: object, origin: str) -> bool:
        accepted = self._sink.put(document, origin)
        if accepted:
            self._stream._polled(document)
        return accepted

    def patch(self, patch: object, origin: str) -> bool:
        return self._sink.patch(patch, origin)

    def delete(self, deletion: object, origin: str) -> bool:
        return self._sink.delete(deletion, origin)

    def fail(self, message: str) -> None:
        self._sink.fail(message)
