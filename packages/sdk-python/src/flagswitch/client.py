"""``Client``: flags evaluated in-process against a document kept up to date in the background.

Evaluation never touches the network and never raises: before any document arrived it serves
the caller's default (``ERROR`` / ``CLIENT_NOT_READY``); when the server is unreachable it keeps
serving the last good document, else the cached one, else the bootstrap one, else defaults.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

from .backoff import Backoff
from .cache_file import CacheFile
from .document import FlagDocument
from .evaluate import error_result, evaluate_all, evaluate_compiled
from .event_sink import EventSink, HttpEventSink
from .events import EventProcessor, EventsConfig, EventStats
from .json_values import JsonValue, is_number
from .results import EvaluationResult
from .sources import PollingSource, Source, StreamingSource
from .store import DocumentStore

__all__ = ["Client", "ClientStatus", "FlagsChange"]

_log = logging.getLogger("flagswitch")

ClientStatus = Literal["initializing", "ready", "cached", "bootstrap", "failed", "closed"]
"""``ready``: serving a document from the source. ``cached`` / ``bootstrap``: the source has
not delivered (yet), a fallback document is served. ``failed``: nothing to serve, every
evaluation returns the caller's default. ``initializing``: still waiting for the source."""


@dataclass(frozen=True)
class FlagsChange:
    """What a change listener receives: the keys of the flags that may evaluate differently."""

    flag_keys: frozenset[str]


ChangeListener = Callable[[FlagsChange], None]


class Client:
    """A FlagSwitch client. Create one per process and share it: it is thread-safe.

    >>> client = Client("server-sdk-key", "https://flags.example.com")  # doctest: +SKIP
    >>> client.wait_until_ready(5)                                      # doctest: +SKIP
    'ready'
    >>> client.bool_variation("new-checkout", {"key": "user-42"}, False) # doctest: +SKIP
    True

    ``source`` is ``"streaming"`` (server-sent events, polling while the stream is down),
    ``"polling"``, any ``Source`` (``FileSource``, ``BootstrapSource``, your own), or ``None``
    to stay offline. ``bootstrap`` (a document as parsed JSON) is served until the source
    delivers; ``cache_path`` keeps the last good document on disk and serves it at start-up.
    ``events`` configures experiment events (on by default with a server source).
    """

    def __init__(
        self,
        sdk_key: str,
        base_url: str = "http://localhost:8080",
        *,
        source: Source | Literal["streaming", "polling"] | None = "streaming",
        bootstrap: Mapping[str, Any] | None = None,
        cache_path: str | os.PathLike[str] | None = None,
        events: EventsConfig | bool | None = None,
        poll_interval: float = 30.0,
        stream_dead_after: float = 45.0,
        request_timeout: float = 10.0,
        retry_initial: float = 1.0,
        retry_max: float = 300.0,
        event_sink: EventSink | None = None,
    ) -> None:
        self._listeners: list[ChangeListener] = []
        self._listeners_lock = threading.Lock()
        self._closed = False
        self._store = DocumentStore(self._notify, CacheFile(cache_path) if cache_path is not None else None)

        if bootstrap is not None:
            self._store.install(bootstrap, "bootstrap", "bootstrap")
        if cache_path is not None:
            cached = CacheFile(cache_path).load()
            if cached is not None:
                self._store.install(cached, "cached", f"cache file {os.fspath(cache_path)}")

        network = source in ("streaming", "polling")
        self._source: Source | None = None
        try:
            if source == "streaming":
                self._source = StreamingSource(
                    sdk_key,
                    base_url,
                    poll_interval=poll_interval,
                    dead_after=stream_dead_after,
                    connect_timeout=request_timeout,
                    backoff=Backoff(retry_initial, retry_max),
                )
            elif source == "polling":
                self._source = PollingSource(
                    sdk_key,
                    base_url,
                    interval=poll_interval,
                    request_timeout=request_timeout,
                    backoff=Backoff(retry_initial, retry_max),
                )
            elif source is not None:
                if not isinstance(source, Source):
                    raise TypeError(f"source must be 'streaming', 'polling', a Source or None, not {source!r}")
                self._source = source
        except ValueError as error:  # a malformed base URL: serve fallbacks, say why
            _log.error("flagswitch: %s", error)
            self._store.fail(str(error))

        if events is None:
            events = network
        config = events if isinstance(events, EventsConfig) else EventsConfig(enabled=bool(events))
        self._events = EventProcessor(
            event_sink or HttpEventSink(sdk_key, base_url, timeout=request_timeout), config
        )

        if self._source is None:
            self._store.live.set()  # offline: nothing more will arrive
        else:
            try:
                self._source.start(self._store)
            except Exception as error:
                _log.exception("flagswitch: starting the source failed")
                self._store.fail(f"starting the source failed: {error}")

    # Readiness

    @property
    def status(self) -> ClientStatus:
        if self._closed:
            return "closed"
        origin = self._store.origin
        if origin == "live":
            return "ready"
        if origin is not None:
            return origin
        if self._store.failure is not None or (self._store.live.is_set() and self._source is None):
            return "failed"
        return "initializing"

    def wait_until_ready(self, timeout: float | None = 10.0) -> ClientStatus:
        """Waits until the source delivered a document (``"ready"``), failed for good, or
        ``timeout`` seconds passed. Returns what is served then: ``"ready"``, ``"cached"``,
        ``"bootstrap"``, or ``"failed"`` (nothing: every evaluation serves its default)."""
        self._store.live.wait(timeout)
        status = self.status
        return "failed" if status == "initializing" else status

    @property
    def failure(self) -> str | None:
        """Why the source gave up for good (a refused SDK key), or ``None``."""
        return self._store.failure

    @property
    def document(self) -> FlagDocument | None:
        """The document in service (a snapshot: a change installs a new one)."""
        return self._store.document

    # Evaluation

    def bool_variation(self, flag_key: str, context: Mapping[str, Any] | None, default: bool) -> bool:
        value = self._evaluate(flag_key, context, default).value
        return value if isinstance(value, bool) else default

    def string_variation(self, flag_key: str, context: Mapping[str, Any] | None, default: str) -> str:
        value = self._evaluate(flag_key, context, default).value
        return value if isinstance(value, str) else default

    def number_variation(
        self, flag_key: str, context: Mapping[str, Any] | None, default: float
    ) -> float:
        value = self._evaluate(flag_key, context, default).value
        return value if is_number(value) else default

    def json_variation(
        self, flag_key: str, context: Mapping[str, Any] | None, default: JsonValue = None
    ) -> JsonValue:
        """Any JSON value. Objects and arrays are copies: changing them changes no flag."""
        value: JsonValue = _copied(self._evaluate(flag_key, context, default).value)
        return value

    def variation_detail(
        self, flag_key: str, context: Mapping[str, Any] | None, default: Any = None
    ) -> EvaluationResult[Any]:
        """The value with the variation and the reason it was served."""
        result = self._evaluate(flag_key, context, default)
        if isinstance(result.value, (dict, list)):
            return EvaluationResult(_copied(result.value), result.variation_index, result.variation_key, result.reason)
        return result

    def all_flags(
        self, context: Mapping[str, Any] | None, *, client_side_only: bool = False
    ) -> dict[str, JsonValue]:
        """Every flag's value for ``context`` (to hand to a front end, say). Records no
        exposures. ``client_side_only`` keeps only the flags marked ``clientSide``."""
        document = self._store.document
        if document is None:
            return {}
        try:
            results = evaluate_all(document, context)
            return {
                key: _copied(result.value)
                for key, result in results.items()
                if not client_side_only or document.flags.get(key, {}).get("clientSide") is True
            }
        except Exception:
            _log.exception("flagswitch: all_flags failed")
            return {}

    def _evaluate(self, flag_key: str, context: Mapping[str, Any] | None, default: Any) -> EvaluationResult[Any]:
        document = self._store.document
        if document is None:
            return error_result("CLIENT_NOT_READY", default)
        try:
            # The document in service is always validated: skip evaluate()'s wrapping.
            result = evaluate_compiled(document, flag_key, context, default)
        except Exception:  # only a malformed document raises, and validation refused those
            return error_result("MALFORMED_FLAG", default)
        if result.reason.in_experiment and self._events.config.enabled and not self._closed:
            self._record_exposure(document, flag_key, context, result)
        return result

    def _record_exposure(
        self,
        document: FlagDocument,
        flag_key: str,
        context: Mapping[str, Any] | None,
        result: EvaluationResult[Any],
    ) -> None:
        try:
            flag = document.flag(flag_key)
            context_key = context.get("key") if isinstance(context, Mapping) else None
            experiment_key = getattr(flag, "experiment_key", None)
            version = getattr(flag, "version", None)
            if (
                not isinstance(context_key, str)
                or not context_key
                or experiment_key is None
                or version is None
                or result.variation_key is None
            ):
                return  # an exposure needs a context key to be counted
            self._events.exposure(flag_key, version, result.variation_key, context_key, experiment_key)
        except Exception:
            _log.exception("flagswitch: recording an exposure failed")

    # Events

    def track(
        self, event_key: str, context: Mapping[str, Any] | None, value: float | None = None
    ) -> None:
        """Records a conversion (a purchase, a sign-up…) for experiment results. ``value`` is an
        optional number (revenue, say)."""
        try:
            if self._closed:
                return
            context_key = context.get("key") if isinstance(context, Mapping) else None
            if not isinstance(context_key, str):
                _log.warning("flagswitch: track(%r) needs a context with a string key", event_key)
                return
            # The events processor drops a malformed conversion (bad key, non-finite value).
            self._events.conversion(event_key, context_key, value)
        except Exception:
            _log.exception("flagswitch: track failed")

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Sends the events recorded so far; True when all were delivered within ``timeout``."""
        try:
            return self._events.flush(timeout)
        except Exception:
            _log.exception("flagswitch: flush failed")
            return False

    def event_stats(self) -> EventStats:
        return self._events.stats()

    # Changes

    def on_change(self, listener: ChangeListener) -> Callable[[], None]:
        """Calls ``listener(FlagsChange)`` after each change of the document in service (on a
        background thread). Returns a function that unsubscribes it."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, flag_keys: frozenset[str]) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        change = FlagsChange(flag_keys)
        for listener in listeners:
            try:
                listener(change)
            except Exception:
                _log.exception("flagswitch: a change listener raised")

    # Lifecycle

    def close(self, timeout: float = 5.0) -> None:
        """Stops the background work and sends the buffered events (within ``timeout``).
        Evaluations keep serving the last document."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._source is not None:
                self._source.close()
        except Exception:
            _log.exception("flagswitch: closing the source failed")
        try:
            self._events.close(timeout)
        except Exception:
            _log.exception("flagswitch: closing the event processor failed")

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _copied(value: Any) -> Any:
    return copy.deepcopy(value) if isinstance(value, (dict, list)) else value
