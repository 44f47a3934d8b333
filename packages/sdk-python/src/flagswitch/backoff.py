"""Waiting between attempts: exponential backoff after errors, jitter on regular intervals, and
the server's ``Retry-After``."""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

__all__ = ["Backoff", "jittered", "retry_after_seconds"]

MAX_RETRY_AFTER = 3600.0
"""A server asking for more than an hour is capped: a typo there must not stall an SDK for days."""


class Backoff:
    """Delays of about ``initial``, doubling per consecutive failure up to ``maximum``. Each
    delay is drawn from its upper half, so SDKs that failed together do not retry together."""

    def __init__(self, initial: float = 1.0, maximum: float = 300.0) -> None:
        self.initial = max(initial, 0.001)
        self.maximum = max(maximum, self.initial)
        self.failures = 0

    def next_delay(self) -> float:
        """The wait before the next attempt, counting one more failure."""
        self.failures += 1
        delay = min(self.initial * (1 << min(self.failures - 1, 32)), self.maximum)
        return delay / 2 + random.uniform(0, delay / 2)

    def reset(self) -> None:
        self.failures = 0


def jittered(interval: float, spread: float = 0.1) -> float:
    """``interval`` ± ``spread`` (10 %), so clients started together do not poll together."""
    return interval * (1 + random.uniform(-spread, spread))


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return min(max(when.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER)
