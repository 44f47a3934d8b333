"""A flag document read from a JSON file and read again whenever the file changes."""

from __future__ import annotations

import json
import logging
import os
import threading

from .base import SourceSink

__all__ = ["FileSource"]

_log = logging.getLogger("flagswitch")


class FileSource:
    """Reads ``path`` at start, then every ``interval`` seconds checks its modification time and
    size and reads it again when either changed. A file that is missing, not JSON, or not a
    valid document is reported in the log; the last good document stays in service."""

    def __init__(self, path: str | os.PathLike[str], *, interval: float = 1.0) -> None:
        self.path = os.fspath(path)
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: tuple[int, int] | None = None

    def start(self, sink: SourceSink) -> None:
        self._check(sink)
        self._thread = threading.Thread(target=self._run, args=(sink,), name="flagswitch-file", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)

    def _run(self, sink: SourceSink) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._check(sink)
            except Exception:  # never let the thread die: the next check may succeed
                _log.exception("flagswitch: checking the flag file %s failed", self.path)

    def _check(self, sink: SourceSink) -> None:
        try:
            stat = os.stat(self.path)
        except OSError as error:
            if self._seen != (-1, -1):
                _log.warning("flagswitch: cannot read the flag file %s: %s", self.path, error)
            self._seen = (-1, -1)
            return
        signature = (stat.st_mtime_ns, stat.st_size)
        if signature == self._seen:
            return
        self._seen = signature
        try:
            with open(self.path, encoding="utf-8") as file:
                document = json.load(file)
        except (OSError, ValueError) as error:
            _log.warning("flagswitch: the flag file %s is not JSON: %s", self.path, error)
            return
        sink.put(document, f"file {self.path}")
