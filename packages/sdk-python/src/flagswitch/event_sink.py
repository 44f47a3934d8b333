"""Delivering event batches: ``POST {base}/sdk/v1/events``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from .backoff import retry_after_seconds
from .transport import TransportError, request, sdk_headers, url_for

__all__ = ["Delivery", "EventSink", "HttpEventSink"]

EVENTS_PATH = "/sdk/v1/events"


@dataclass(frozen=True)
class Delivery:
    """How a send went: ``sent``; ``retry`` (optionally not before ``retry_after`` seconds);
    or ``rejected`` (the server will never take this batch: retrying is pointless)."""

    outcome: Literal["sent", "retry", "rejected"]
    detail: str = ""
    retry_after: float | None = None


class EventSink(Protocol):
    def send(self, batch: dict[str, Any]) -> Delivery: ...


class HttpEventSink:
    def __init__(self, sdk_key: str, base_url: str, *, timeout: float = 10.0) -> None:
        self.url = url_for(base_url, EVENTS_PATH)
        self.timeout = timeout
        self._headers = {**sdk_headers(sdk_key), "Content-Type": "application/json"}

    def send(self, batch: dict[str, Any]) -> Delivery:
        body = json.dumps(batch, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
        try:
            response = request("POST", self.url, headers=self._headers, body=body, timeout=self.timeout)
        except TransportError as error:
            return Delivery("retry", str(error))
        status = response.status
        if 200 <= status < 300:
            return Delivery("sent")
        detail = f"{self.url} answered {status}: {response.body[:300].decode('utf-8', 'replace')}"
        if status in (408, 429) or status >= 500:
            return Delivery("retry", detail, retry_after_seconds(response.header("Retry-After")))
        return Delivery("rejected", detail)
