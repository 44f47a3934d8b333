"""A flag document in compiled form.

``validate_document`` compiles every flag and segment up front and returns a complete
``FlagDocument``: evaluate that one. A raw ``dict`` passed to ``evaluate`` is wrapped in a lazy
``FlagDocument`` that compiles only the flags and segments a call reaches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, Final

from .compile import CompiledFlag, CompiledSegment, compile_flag, compile_segment
from .json_values import JsonValue
from .problems import ProblemList

__all__ = ["MALFORMED", "FlagDocument", "js_key_order"]


class _Malformed(Enum):
    MALFORMED = "malformed"


MALFORMED: Final = _Malformed.MALFORMED
"""Marks a flag or segment that exists but does not compile."""

_EMPTY: Mapping[str, Any] = {}


class FlagDocument:
    """A validated flag document and its compiled flags and segments. Immutable: a change
    (a streamed patch, a new poll) builds a new document.

    ``data`` is the document as plain JSON (a private copy of what was validated). It and the
    variation values inside it are shared with every evaluation: never mutate them.
    """

    __slots__ = ("_flags", "_raw_flags", "_raw_segments", "_segments", "complete", "data")

    def __init__(
        self,
        raw: object,
        compiled: tuple[dict[str, CompiledFlag], dict[str, CompiledSegment]] | None = None,
    ) -> None:
        """Use ``validate_document`` to build one; this constructor is internal."""
        document = raw if isinstance(raw, Mapping) else _EMPTY
        flags = document.get("flags")
        segments = document.get("segments")
        self.data: Mapping[str, Any] = document
        self._raw_flags: Mapping[str, Any] = flags if isinstance(flags, Mapping) else _EMPTY
        self._raw_segments: Mapping[str, Any] = segments if isinstance(segments, Mapping) else _EMPTY
        self._flags: dict[str, CompiledFlag | _Malformed] = dict(compiled[0]) if compiled else {}
        self._segments: dict[str, CompiledSegment | _Malformed] = dict(compiled[1]) if compiled else {}
        self.complete = compiled is not None
        """True when every flag and segment was compiled (and checked) by validation."""

    @property
    def environment(self) -> str | None:
        environment = self.data.get("environment")
        return environment if isinstance(environment, str) else None

    @property
    def version(self) -> int | None:
        version = self.data.get("version")
        return version if isinstance(version, int) and not isinstance(version, bool) else None

    @property
    def flags(self) -> Mapping[str, Any]:
        """The flags as plain JSON, by key."""
        return self._raw_flags

    @property
    def segments(self) -> Mapping[str, Any]:
        """The segments as plain JSON, by key."""
        return self._raw_segments

    def flag_keys(self) -> list[str]:
        """Every flag key, in the order the TypeScript core lists them."""
        return js_key_order(self._raw_flags)

    def flag(self, key: str) -> CompiledFlag | _Malformed | None:
        """The compiled flag, ``MALFORMED``, or ``None`` when there is no such flag."""
        known = self._flags.get(key)
        if known is not None or self.complete:
            return known
        raw = self._raw_flags.get(key)
        if raw is None and key not in self._raw_flags:
            return None
        compiled = compile_flag(raw, key, "", ProblemList()) or MALFORMED
        self._flags[key] = compiled
        return compiled

    def segment(self, key: str) -> CompiledSegment | _Malformed | None:
        """The compiled segment, ``MALFORMED``, or ``None`` when there is no such segment."""
        known = self._segments.get(key)
        if known is not None or self.complete:
            return known
        raw = self._raw_segments.get(key)
        if raw is None and key not in self._raw_segments:
            return None
        compiled = compile_segment(raw, key, "", ProblemList()) or MALFORMED
        self._segments[key] = compiled
        return compiled

    def compiled_maps(self) -> tuple[dict[str, CompiledFlag], dict[str, CompiledSegment]]:
        """Copies of a complete document's compiled maps, for building a patched one."""
        if not self.complete:
            raise ValueError("only a validated document has complete maps")
        flags = {key: flag for key, flag in self._flags.items() if isinstance(flag, CompiledFlag)}
        segments = {key: s for key, s in self._segments.items() if isinstance(s, CompiledSegment)}
        return flags, segments

    def to_json(self) -> Mapping[str, JsonValue]:
        """The document as plain JSON (shared: copy it before changing anything)."""
        return self.data

    def __repr__(self) -> str:
        return (
            f"FlagDocument(environment={self.environment!r}, version={self.version!r}, "
            f"flags={len(self._raw_flags)}, segments={len(self._raw_segments)})"
        )


def js_key_order(keys: Iterable[str]) -> list[str]:
    """Object keys in JavaScript's order: array-index keys (``"0"``, ``"42"``) first, ascending,
    then the others as inserted. Where the TypeScript core walks an object (which flag a cycle
    is reported at, ``evaluateAll``), this SDK walks in the same order."""
    ordered = list(keys)
    indexes = [key for key in ordered if _is_array_index(key)]
    if not indexes:
        return ordered
    indexes.sort(key=int)
    return indexes + [key for key in ordered if not _is_array_index(key)]


def _is_array_index(key: object) -> bool:
    return (
        isinstance(key, str)
        and key.isascii()
        and key.isdigit()
        and (key == "0" or key[0] != "0")
        and int(key) < 2**32 - 1
    )
