"""Builders for documents and a JSON-strict comparison, shared by the tests."""

from __future__ import annotations

import copy
from typing import Any

from flagswitch import FlagDocument, validate_document


def flag(key: str, **fields: Any) -> dict[str, Any]:
    """A boolean flag (variations off/on) serving "off" to everybody, with ``fields`` on top."""
    base: dict[str, Any] = {
        "key": key,
        "version": 1,
        "enabled": True,
        "variations": [{"key": "off", "value": False}, {"key": "on", "value": True}],
        "offVariation": 0,
        "fallthrough": {"variation": 0},
    }
    base.update(fields)
    return base


def document(*flags: dict[str, Any], segments: tuple[dict[str, Any], ...] = (), version: int = 1) -> dict[str, Any]:
    return {
        "schemaVersion": 1,
        "environment": "test",
        "version": version,
        "flags": {item["key"]: copy.deepcopy(item) for item in flags},
        "segments": {item["key"]: copy.deepcopy(item) for item in segments},
    }


def validated(raw: dict[str, Any]) -> FlagDocument:
    result = validate_document(raw)
    assert result.ok, result.errors
    assert result.document is not None
    return result.document


def rule(rule_id: str, *clauses: dict[str, Any], variation: int = 1) -> dict[str, Any]:
    return {"id": rule_id, "clauses": list(clauses), "serve": {"variation": variation}}


def clause(attribute: str, op: str, *values: Any, negate: bool | None = None) -> dict[str, Any]:
    built: dict[str, Any] = {"attribute": attribute, "op": op, "values": list(values)}
    if negate is not None:
        built["negate"] = negate
    return built


def json_equal(a: object, b: object) -> bool:
    """Equality as JSON sees it: ``True`` is not ``1`` (Python says it is), ``1`` is ``1.0``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def eventually(predicate: Any, timeout: float = 5.0, interval: float = 0.01) -> None:
    """Waits until ``predicate()`` is true; fails the test after ``timeout`` seconds."""
    import time

    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"not true within {timeout} s: {getattr(predicate, '__name__', predicate)}")
        time.sleep(interval)
