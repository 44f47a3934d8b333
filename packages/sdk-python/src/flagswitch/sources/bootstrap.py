"""A fixed document, delivered once: tests, offline mode, or a snapshot shipped with the app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import SourceSink

__all__ = ["BootstrapSource"]


class BootstrapSource:
    """Delivers ``document`` (a ``dict`` as parsed from JSON) when started."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document

    def start(self, sink: SourceSink) -> None:
        sink.put(self._document, "bootstrap")

    def close(self) -> None:
        pass
