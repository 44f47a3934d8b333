"""The last good document kept on disk, so that a restart while the server is unreachable
still serves the flags it served before (status ``"cached"``)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from typing import Any

from .document import FlagDocument

__all__ = ["CacheFile"]

_log = logging.getLogger("flagswitch")


class CacheFile:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def load(self) -> Any | None:
        """The cached document as parsed JSON (not validated), or ``None``."""
        try:
            with open(self.path, encoding="utf-8") as file:
                return json.load(file)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            _log.warning("flagswitch: ignoring the cache file %s: %s", self.path, error)
            return None

    def save(self, document: FlagDocument) -> None:
        """Writes atomically (a temporary file renamed over the old one): a crash mid-write
        must not leave a truncated cache behind."""
        directory = os.path.dirname(os.path.abspath(self.path))
        try:
            os.makedirs(directory, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=".flagswitch-", suffix=".json", dir=directory)
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                    json.dump(document.data, file, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:
            _log.warning("flagswitch: cannot write the cache file %s: %s", self.path, error)
