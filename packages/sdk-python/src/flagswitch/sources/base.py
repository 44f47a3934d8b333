"""What a source of flag documents is: something started with a sink that it feeds raw
payloads (parsed JSON, never validated: the client decides what a valid document is), and
closed when the client closes."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["Source", "SourceSink"]


class SourceSink(Protocol):
    """Where a source delivers. Every method is thread-safe and never raises."""

    def put(self, document: object, origin: str) -> bool:
        """A whole document. True when it was valid (and is now served)."""
        ...

    def patch(self, patch: object, origin: str) -> bool:
        """One flag or segment replaced (``{"kind", "key", "data"}``). True when it was valid,
        applied or already superseded."""
        ...

    def delete(self, deletion: object, origin: str) -> bool:
        """One flag or segment removed (``{"kind", "key", "version"}``)."""
        ...

    def fail(self, message: str) -> None:
        """The source gave up for good (a refused SDK key): waiting for it is pointless."""
        ...


@runtime_checkable
class Source(Protocol):
    """A source of flag documents. ``start`` returns at once (work happens on daemon threads);
    ``close`` stops those threads and is safe to call more than once."""

    def start(self, sink: SourceSink) -> None: ...

    def close(self) -> None: ...
