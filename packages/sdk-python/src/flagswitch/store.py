"""The client's state: the document in service, replaced whole on every change.

Evaluation reads ``store.document`` once per call and evaluates that snapshot; writers build a
new validated document and swap the reference (atomic in Python), so readers never lock and
never see half a change. A document that fails validation is refused and the last good one
stays in service.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Literal

from .cache_file import CacheFile
from .changes import changed_flag_keys
from .document import FlagDocument
from .patch import PatchResult, apply_delete, apply_patch
from .results import ValidationError
from .validate import validate_document

__all__ = ["DocumentOrigin", "DocumentStore"]

_log = logging.getLogger("flagswitch")

DocumentOrigin = Literal["live", "cached", "bootstrap"]
"""Where the document in service came from: the client's source, the cache file, or the
bootstrap document given to the client."""

_MAX_LOGGED_ERRORS = 5


class DocumentStore:
    """Implements ``SourceSink`` for the client's source."""

    def __init__(
        self,
        on_change: Callable[[frozenset[str]], None],
        cache: CacheFile | None = None,
    ) -> None:
        self.document: FlagDocument | None = None
        self.origin: DocumentOrigin | None = None
        self.failure: str | None = None
        self.live = threading.Event()
        """Set once the source delivered a document, or failed for good."""
        self._on_change = on_change
        self._cache = cache
        self._lock = threading.Lock()

    # SourceSink

    def put(self, document: object, origin: str) -> bool:
        return self.install(document, "live", origin)

    def patch(self, patch: object, origin: str) -> bool:
        return self._change(apply_patch, patch, origin, "patch")

    def delete(self, deletion: object, origin: str) -> bool:
        return self._change(apply_delete, deletion, origin, "delete")

    def fail(self, message: str) -> None:
        self.failure = message
        self.live.set()

    # Installing

    def install(self, raw: object, kind: DocumentOrigin, origin: str) -> bool:
        """Validates ``raw`` and serves it, unless a live document is in service and ``raw`` is
        only a fallback (cache or bootstrap). True when it was valid."""
        try:
            result = validate_document(raw)
            if not result.ok or result.document is None:
                _log.error(
                    "flagswitch: refused the document from %s (the last good one stays in service): %s",
                    origin,
                    _summary(result.errors),
                )
                return False
            with self._lock:
                if kind != "live" and self.origin == "live":
                    return True
                changed = self._swap(result.document, kind)
            if kind == "live":
                self.live.set()
            self._after_change(changed, result.document, kind)
            return True
        except Exception:  # never raise into a source thread
            _log.exception("flagswitch: installing the document from %s failed", origin)
            return False

    def _change(
        self,
        apply: Callable[[FlagDocument, object], PatchResult],
        change: object,
        origin: str,
        name: str,
    ) -> bool:
        try:
            with self._lock:
                current = self.document
                if current is None or self.origin != "live":
                    _log.warning("flagswitch: a %s from %s arrived before any document; ignored", name, origin)
                    return False
                result = apply(current, change)
                if not result.ok or result.document is None:
                    _log.error(
                        "flagswitch: refused a %s from %s (the document in service is unchanged): %s",
                        name,
                        origin,
                        _summary(result.errors),
                    )
                    return False
                if not result.applied:
                    return True
                changed = self._swap(result.document, "live")
            self._after_change(changed, result.document, "live")
            return True
        except Exception:
            _log.exception("flagswitch: applying a %s from %s failed", name, origin)
            return False

    def _swap(self, document: FlagDocument, kind: DocumentOrigin) -> frozenset[str]:
        before = self.document
        self.document = document
        self.origin = kind
        return changed_flag_keys(before, document)

    def _after_change(self, changed: frozenset[str], document: FlagDocument, kind: DocumentOrigin) -> None:
        if kind == "live" and self._cache is not None:
            self._cache.save(document)
        if changed:
            self._on_change(changed)


def _summary(errors: tuple[ValidationError, ...]) -> str:
    shown = "; ".join(str(error) for error in errors[:_MAX_LOGGED_ERRORS])
    more = len(errors) - _MAX_LOGGED_ERRORS
    return shown + (f"; and {more} more" if more > 0 else "")
