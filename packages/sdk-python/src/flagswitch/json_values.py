"""JSON values as the evaluation contract sees them, with JavaScript's number semantics.

The TypeScript core is the reference, and a JSON number there is an IEEE double. Python keeps
integers exact and treats ``True`` as ``1``; these helpers keep JSON's types apart (a boolean is
never a number) and compare numbers as doubles, so the three SDKs agree on every document.
"""

from __future__ import annotations

import math
from typing import TypeAlias, Union

JsonValue: TypeAlias = Union[None, bool, int, float, str, list["JsonValue"], dict[str, "JsonValue"]]
"""Any JSON value, as ``json.loads`` returns it."""

MAX_SAFE_INTEGER = 2**53 - 1
"""JavaScript's ``Number.MAX_SAFE_INTEGER``: larger integers are not exact in a double."""


def is_number(value: object) -> bool:
    """True for a JSON number (``int`` or ``float``), never for a boolean."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def as_double(value: int | float) -> float | int:
    """``value`` as JavaScript would hold it: integers beyond 2^53 rounded to the nearest double.

    Safe integers stay ``int`` (Python compares them with floats exactly, as a double would).
    """
    if isinstance(value, float) or -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return value
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def finite_number(value: object) -> float | int | None:
    """The number as a double when ``value`` is a finite JSON number, else ``None``."""
    if not is_number(value):
        return None
    number = as_double(value)  # type: ignore[arg-type]
    if isinstance(number, float) and not math.isfinite(number):
        return None
    return number


def safe_integer(value: object) -> int | None:
    """``value`` as an ``int`` when it is a whole number of magnitude at most 2^53 − 1.

    That is JavaScript's ``Number.isSafeInteger``: ``5.0`` is ``5`` and ``-0.0`` is ``0``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER else None
    if isinstance(value, float):
        if value.is_integer() and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            return int(value)
    return None


def count_value(value: object) -> int | None:
    """``value`` as an ``int`` when it is a safe integer ≥ 0 (versions, indexes, weights)."""
    number = safe_integer(value)
    return number if number is not None and number >= 0 else None


def json_type(value: object) -> str:
    """The JSON type name of ``value``: boolean, number, string, null, array, object or other."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "other"
