"""Each (flag, variation, context) exposure is sent once per window: evaluating a flag in a hot
loop must not send an event per call."""

from __future__ import annotations

import threading
from collections import OrderedDict

__all__ = ["ExposureDeduper"]


class ExposureDeduper:
    """Remembers the ``capacity`` most recent exposures (least recently seen forgotten first)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = max(capacity, 1)
        self._seen: OrderedDict[tuple[str, str, str], None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, flag_key: str, variation_key: str, context_key: str) -> bool:
        """True the first time this exposure is seen within the window."""
        entry = (flag_key, variation_key, context_key)
        with self._lock:
            if entry in self._seen:
                self._seen.move_to_end(entry)
                return False
            self._seen[entry] = None
            if len(self._seen) > self.capacity:
                self._seen.popitem(last=False)
            return True
