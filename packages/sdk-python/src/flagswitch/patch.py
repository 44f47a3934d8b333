"""Streaming updates: one flag or segment replaced or removed in a validated document without
validating the whole document again. Only the changed item is compiled; references between
flags and segments are re-checked across the document (cheap next to compiling)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .compile import compile_flag, compile_segment
from .document import FlagDocument
from .json_values import is_number
from .problems import ProblemList, pointer
from .results import ValidationError, ValidationResult
from .validate import NOT_JSON, complete_document, copy_json, validate_document

__all__ = ["PatchResult", "apply_delete", "apply_patch"]

PatchKind = Literal["flag", "segment"]


@dataclass(frozen=True, slots=True)
class PatchResult:
    """``ok`` with the new ``document`` (``applied`` is false when the document already held
    this version or a newer one, and ``document`` is then the one given), or not ``ok`` with the
    ``errors`` that refused the change."""

    ok: bool
    document: FlagDocument | None = None
    applied: bool = False
    errors: tuple[ValidationError, ...] = ()


def apply_patch(document: FlagDocument, patch: object) -> PatchResult:
    """``document`` with ``patch["data"]`` in place of the flag or segment ``patch["key"]``,
    when its version is newer than the one the document holds (or it holds none).

    >>> result = apply_patch(current, json.loads(event.data))  # doctest: +SKIP
    >>> if result.ok and result.applied: current = result.document  # doctest: +SKIP
    """
    if not isinstance(patch, dict) or patch.get("kind") not in ("flag", "segment") or not isinstance(
        patch.get("key"), str
    ):
        return _refused("", 'a patch is { kind: "flag" | "segment", key, data }')
    kind: PatchKind = patch["kind"]
    key: str = patch["key"]
    data = copy_json(patch.get("data"), 1)
    if data is NOT_JSON or not isinstance(data, dict) or not is_number(data.get("version")):
        return _refused("/data", f'{kind} "{key}": data must be a {kind} object with a version')
    current = _collection(document, kind).get(key)
    current_version = current.get("version") if isinstance(current, dict) else None
    if is_number(current_version) and current_version >= data["version"]:
        return PatchResult(ok=True, document=document, applied=False)
    return _rebuild(document, kind, key, data)


def apply_delete(document: FlagDocument, deletion: object) -> PatchResult:
    """``document`` without the flag or segment ``deletion["key"]``, unless it holds a newer
    version."""
    if (
        not isinstance(deletion, dict)
        or deletion.get("kind") not in ("flag", "segment")
        or not isinstance(deletion.get("key"), str)
        or not is_number(deletion.get("version"))
    ):
        return _refused("", 'a deletion is { kind: "flag" | "segment", key, version }')
    kind: PatchKind = deletion["kind"]
    key: str = deletion["key"]
    current = _collection(document, kind).get(key)
    if current is None:
        return PatchResult(ok=True, document=document, applied=False)
    current_version = current.get("version") if isinstance(current, dict) else None
    if is_number(current_version) and current_version > deletion["version"]:
        return PatchResult(ok=True, document=document, applied=False)
    return _rebuild(document, kind, key, None)


def _rebuild(document: FlagDocument, kind: PatchKind, key: str, data: dict[str, Any] | None) -> PatchResult:
    field = "flags" if kind == "flag" else "segments"
    items = dict(_collection(document, kind))
    if data is not None:
        items[key] = data
    else:
        items.pop(key, None)
    following: dict[str, Any] = {**document.data, field: items}

    if not document.complete:
        return _with_applied(validate_document(following))
    flags, segments = document.compiled_maps()
    problems = ProblemList()
    if kind == "flag":
        flags.pop(key, None)
        flag = compile_flag(data, key, pointer("/flags", key), problems) if data is not None else None
        if flag is not None:
            flags[key] = flag
    else:
        segments.pop(key, None)
        segment = compile_segment(data, key, pointer("/segments", key), problems) if data is not None else None
        if segment is not None:
            segments[key] = segment
    if not problems.is_empty:
        return PatchResult(ok=False, errors=tuple(problems.errors))
    return _with_applied(complete_document(following, flags, segments, problems))


def _collection(document: FlagDocument, kind: PatchKind) -> Any:
    return document.flags if kind == "flag" else document.segments


def _with_applied(result: ValidationResult) -> PatchResult:
    if result.ok:
        return PatchResult(ok=True, document=result.document, applied=True)
    return PatchResult(ok=False, errors=result.errors)


def _refused(path: str, message: str) -> PatchResult:
    return PatchResult(ok=False, errors=(ValidationError(path, message),))
