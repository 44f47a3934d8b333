"""Polling: ``GET {base}/sdk/v1/flags`` every 30 s (±10 %), with ``If-None-Match`` so that an
unchanged document costs a 304; exponential backoff after errors; ``Retry-After`` honoured."""

from __future__ import annotations

import json
import logging
import threading

from ..backoff import Backoff, jittered, retry_after_seconds
from ..transport import TransportError, request, sdk_headers, url_for
from .base import SourceSink

__all__ = ["PollingSource"]

_log = logging.getLogger("flagswitch")

FLAGS_PATH = "/sdk/v1/flags"


class PollingSource:
    """Fetches the document now, then every ``interval`` seconds.

    ``active=False`` builds a poller that waits for ``resume()``: the streaming source keeps one
    to take over while its stream is down.
    """

    def __init__(
        self,
        sdk_key: str,
        base_url: str,
        *,
        interval: float = 30.0,
        request_timeout: float = 10.0,
        backoff: Backoff | None = None,
        active: bool = True,
    ) -> None:
        self.url = url_for(base_url, FLAGS_PATH)
        self.interval = interval
        self.request_timeout = request_timeout
        self._headers = {**sdk_headers(sdk_key), "Accept": "application/json"}
        self._backoff = backoff or Backoff()
        self._etag: str | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._active = threading.Event()
        if active:
            self._active.set()
        self._thread: threading.Thread | None = None

    def start(self, sink: SourceSink) -> None:
        self._thread = threading.Thread(target=self._run, args=(sink,), name="flagswitch-polling", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._active.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.request_timeout + 1)

    def resume(self) -> None:
        """Polls at once, then on the interval (the stream went down)."""
        self._active.set()
        self._wake.set()

    def pause(self) -> None:
        """Stops polling after the request in flight, whose answer is then dropped."""
        self._active.clear()

    @property
    def active(self) -> bool:
        return self._active.is_set()

    def _run(self, sink: SourceSink) -> None:
        while not self._stop.is_set():
            self._active.wait()
            if self._stop.is_set():
                return
            self._wake.clear()
            try:
                delay = self.poll_once(sink)
            except Exception:  # a bug must not end polling: log it and try again later
                _log.exception("flagswitch: polling failed unexpectedly")
                delay = self._backoff.next_delay()
            if delay is None:
                return
            self._wake.wait(delay)

    def poll_once(self, sink: SourceSink) -> float | None:
        """One request; returns how long to wait before the next, or ``None`` to stop for good."""
        headers = dict(self._headers)
        if self._etag is not None:
            headers["If-None-Match"] = self._etag
        try:
            response = request("GET", self.url, headers=headers, timeout=self.request_timeout)
        except TransportError as error:
            delay = self._backoff.next_delay()
            _log.warning("flagswitch: polling %s failed (%s); retrying in %.1f s", self.url, error, delay)
            return delay
        if not self._active.is_set():
            return 0.0  # the stream came back while this request was in flight: drop its answer
        status = response.status
        if status == 304:
            self._backoff.reset()
            return jittered(self.interval)
        if status == 200:
            try:
                document = json.loads(response.body)
            except ValueError as error:
                delay = self._backoff.next_delay()
                _log.warning("flagswitch: %s answered a body that is not JSON (%s); retrying in %.1f s", self.url, error, delay)
                return delay
            if sink.put(document, "polling"):
                self._etag = response.header("ETag")
                self._backoff.reset()
                return jittered(self.interval)
            # Refused by validation (already logged): keep the old ETag so the next poll fetches
            # again rather than trusting a version that was never installed.
            return max(self._backoff.next_delay(), jittered(self.interval))
        if status in (401, 403):
            message = f"the server refused the SDK key ({status} from {self.url}); polling stopped"
            _log.error("flagswitch: %s", message)
            sink.fail(message)
            return None
        delay = self._backoff.next_delay()
        if status in (429, 503):
            delay = max(delay, retry_after_seconds(response.header("Retry-After")) or 0.0)
        _log.warning("flagswitch: %s answered %d; retrying in %.1f s", self.url, status, delay)
        return delay
