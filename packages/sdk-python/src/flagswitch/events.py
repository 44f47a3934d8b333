"""Experiment events: exposures (an evaluation put a context in a running experiment) and
conversions (``Client.track``), buffered, batched by size and time, and sent in the background
with retries. The buffer is bounded: when the server is unreachable for long, the oldest
events are dropped and counted, rather than memory growing without end."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

from .backoff import Backoff
from .event_sink import EventSink
from .event_validation import conversion_problem, exposure_problem
from .exposure_dedupe import ExposureDeduper
from .version import SDK_NAME, SDK_VERSION

__all__ = ["EventProcessor", "EventStats", "EventsConfig"]

_log = logging.getLogger("flagswitch")


@dataclass(frozen=True)
class EventsConfig:
    """How experiment events are sent. ``EventsConfig(enabled=False)`` sends none."""

    enabled: bool = True
    flush_interval: float = 5.0
    """The longest an event waits before it is sent (seconds)."""
    batch_size: int = 500
    """The most events in one request; a full batch is sent at once."""
    capacity: int = 10_000
    """The most events held while the server is unreachable; beyond it the oldest are dropped."""
    dedupe_size: int = 10_000
    """How many (flag, variation, context) exposures are remembered so each is sent once."""
    max_attempts: int = 5
    """Tries per batch (the same batch id each time, so the server stores it once)."""
    retry_initial: float = 1.0
    retry_max: float = 30.0


@dataclass(frozen=True)
class EventStats:
    queued: int
    """Events waiting to be sent (the batch in flight included)."""
    sent: int
    dropped: int
    """Events lost: malformed (the server would refuse them), buffer overflow, a batch the
    server rejected, or retries exhausted."""
    deduplicated: int
    """Exposures not sent because the same one was sent recently."""


class EventProcessor:
    def __init__(self, sink: EventSink, config: EventsConfig | None = None) -> None:
        self.config = config or EventsConfig()
        self._sink = sink
        self._deduper = ExposureDeduper(self.config.dedupe_size)
        self._buffer: deque[dict[str, Any]] = deque()
        self._in_flight = 0
        self._sent = 0
        self._dropped = 0
        self._deduplicated = 0
        self._overflowing = False
        self._flush_requested = False
        self._closed = False
        self._deadline: float | None = None  # once closing: give up on delivery after this
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="flagswitch-events", daemon=True)
        if self.config.enabled:
            self._thread.start()

    # Recording (called on the host's threads: cheap, never blocks on I/O)

    def exposure(
        self,
        flag_key: str,
        flag_version: int,
        variation_key: str,
        context_key: str,
        experiment_key: str,
    ) -> None:
        if not self.config.enabled:
            return
        # Deduplicating first means a malformed exposure on a hot path is reported once.
        if not self._deduper.first_time(flag_key, variation_key, context_key):
            with self._condition:
                self._deduplicated += 1
            return
        problem = exposure_problem(flag_key, flag_version, variation_key, context_key, experiment_key)
        if problem is not None:
            self._refuse(f"exposure of flag {flag_key!r}", problem)
            return
        self._enqueue(
            {
                "kind": "exposure",
                "flagKey": flag_key,
                "flagVersion": flag_version,
                "variation": variation_key,
                "contextKey": context_key,
                "experimentKey": experiment_key,
                "ts": _now_ms(),
            }
        )

    def conversion(self, event_key: str, context_key: str, value: float | None) -> None:
        if not self.config.enabled:
            return
        problem = conversion_problem(event_key, context_key, value)
        if problem is not None:
            self._refuse(f"conversion {event_key!r}", problem)
            return
        event: dict[str, Any] = {"kind": "conversion", "eventKey": event_key, "contextKey": context_key}
        if value is not None:
            event["value"] = value
        event["ts"] = _now_ms()
        self._enqueue(event)

    def _refuse(self, what: str, problem: str) -> None:
        """Drops an event the server would refuse, alone: sent, it would get its whole batch
        refused, the valid events in it with it."""
        self._count_dropped(1)
        _log.warning("flagswitch: %s not recorded: %s", what, problem)

    def _enqueue(self, event: dict[str, Any]) -> None:
        with self._condition:
            if self._closed:
                return
            if len(self._buffer) >= self.config.capacity:
                self._buffer.popleft()
                self._dropped += 1
                if not self._overflowing:
                    self._overflowing = True
                    _log.warning(
                        "flagswitch: the event buffer is full (%d events); dropping the oldest",
                        self.config.capacity,
                    )
            self._buffer.append(event)
            if len(self._buffer) >= self.config.batch_size:
                self._condition.notify_all()

    # Control

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Sends every event recorded so far; True when all were delivered in time."""
        if not self.config.enabled:
            return True
        end = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            self._flush_requested = True
            self._condition.notify_all()
            while self._buffer or self._in_flight:
                remaining = None if end is None else end - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                if not self._thread.is_alive():
                    return False
                self._condition.wait(remaining)
            return True

    def close(self, timeout: float = 5.0) -> None:
        """Sends what is buffered (for at most ``timeout`` seconds), then stops."""
        if not self.config.enabled:
            return
        with self._condition:
            if self._closed:
                return
            self._closed = True
            self._deadline = time.monotonic() + timeout
            self._condition.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout + 1)

    def stats(self) -> EventStats:
        with self._condition:
            return EventStats(
                queued=len(self._buffer) + self._in_flight,
                sent=self._sent,
                dropped=self._dropped,
                deduplicated=self._deduplicated,
            )

    # The sending thread

    def _run(self) -> None:
        interval = self.config.flush_interval
        next_send = time.monotonic() + interval
        while True:
            with self._condition:
                while not (
                    self._closed
                    or self._flush_requested
                    or len(self._buffer) >= self.config.batch_size
                    or (self._buffer and time.monotonic() >= next_send)
                ):
                    wait = next_send - time.monotonic() if self._buffer else interval
                    self._condition.wait(max(wait, 0.0))
                    if not self._buffer:
                        next_send = time.monotonic() + interval
                if not self._buffer:
                    self._flush_requested = False
                    self._condition.notify_all()
                    if self._closed:
                        return
                    continue
                if self._deadline is not None and time.monotonic() >= self._deadline:
                    # Closing, and out of time: what is left is lost, and counted.
                    self._dropped += len(self._buffer)
                    _log.error("flagswitch: closed with %d events unsent", len(self._buffer))
                    self._buffer.clear()
                    self._condition.notify_all()
                    return
                count = min(len(self._buffer), self.config.batch_size)
                events = [self._buffer.popleft() for _ in range(count)]
                self._in_flight = count
                self._overflowing = False
            try:
                self._deliver(events)
            except Exception:  # never let the thread die with events still to send
                _log.exception("flagswitch: sending events failed unexpectedly")
                self._count_dropped(len(events))
            with self._condition:
                self._in_flight = 0
                self._condition.notify_all()
            next_send = time.monotonic() + interval

    def _deliver(self, events: list[dict[str, Any]]) -> None:
        batch = {
            "batchId": str(uuid.uuid4()),
            "sdk": {"name": SDK_NAME, "version": SDK_VERSION},
            "events": events,
        }
        backoff = Backoff(self.config.retry_initial, self.config.retry_max)
        for attempt in range(1, self.config.max_attempts + 1):
            delivery = self._sink.send(batch)
            if delivery.outcome == "sent":
                with self._condition:
                    self._sent += len(events)
                return
            if delivery.outcome == "rejected":
                _log.error("flagswitch: the server rejected %d events: %s", len(events), delivery.detail)
                self._count_dropped(len(events))
                return
            delay = max(backoff.next_delay(), delivery.retry_after or 0.0)
            with self._condition:
                deadline = self._deadline
            if attempt == self.config.max_attempts or (
                deadline is not None and time.monotonic() + delay > deadline
            ):
                break
            _log.warning(
                "flagswitch: sending %d events failed (%s); retrying in %.1f s",
                len(events),
                delivery.detail,
                delay,
            )
            with self._condition:
                # Woken early by close(), which may shorten how long retrying is allowed.
                self._condition.wait_for(lambda: self._deadline is not None and self._deadline != deadline, delay)
        _log.error("flagswitch: dropped %d events the server did not take", len(events))
        self._count_dropped(len(events))

    def _count_dropped(self, count: int) -> None:
        with self._condition:
            self._dropped += count


def _now_ms() -> int:
    return int(time.time() * 1000)
