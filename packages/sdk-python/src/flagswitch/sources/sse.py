"""Server-sent events (the ``text/event-stream`` format of the HTML standard), parsed line by
line."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SseEvent", "SseParser"]


@dataclass(frozen=True)
class SseEvent:
    event: str
    data: str
    id: str | None


class SseParser:
    """Feed it lines (without their line ending); it returns an event at each blank line that
    ends one. Comments (``:``, the heartbeat) return nothing but still prove the stream alive."""

    def __init__(self) -> None:
        self.last_event_id: str | None = None
        self.retry_ms: int | None = None
        self._event = ""
        self._data: list[str] = []
        self._has_data = False

    def feed(self, line: str) -> SseEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, separator, value = line.partition(":")
        if separator and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
            self._has_data = True
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self.retry_ms = int(value)
        return None

    def _dispatch(self) -> SseEvent | None:
        event, data, has_data = self._event or "message", "\n".join(self._data), self._has_data
        self._event, self._data, self._has_data = "", [], False
        if not has_data:
            return None
        return SseEvent(event, data, self.last_event_id)
