"""The server refuses a whole batch (400) when one event in it is malformed, so each event is
checked once when recorded, against the server's limits, and a bad one is dropped alone."""

from __future__ import annotations

import math

__all__ = ["conversion_problem", "exposure_problem"]


def _bad_string(value: object, limit: int) -> bool:
    """Also bad: a NUL character, which the server cannot store. The server counts JavaScript
    string length (UTF-16 code units), which exceeds ``len`` for characters beyond the BMP."""
    if not isinstance(value, str) or not value or len(value) > limit or "\0" in value:
        return True
    return len(value.encode("utf-16-le", "surrogatepass")) > 2 * limit


def exposure_problem(
    flag_key: object, flag_version: object, variation_key: object, context_key: object, experiment_key: object
) -> str | None:
    """Why the server would refuse this exposure, or None when it is fine."""
    if _bad_string(flag_key, 128):
        return "flagKey must be 1 to 128 characters, without NUL"
    if not isinstance(flag_version, int) or isinstance(flag_version, bool) or flag_version < 0:
        return "flagVersion must be a non-negative integer"
    if _bad_string(variation_key, 128):
        return "variation must be 1 to 128 characters, without NUL"
    if _bad_string(context_key, 1024):
        return "contextKey must be 1 to 1024 characters, without NUL"
    if _bad_string(experiment_key, 128):
        return "experimentKey must be 1 to 128 characters, without NUL"
    return None


def conversion_problem(event_key: object, context_key: object, value: object) -> str | None:
    """Why the server would refuse this conversion, or None when it is fine."""
    if _bad_string(event_key, 256):
        return "eventKey must be 1 to 256 characters, without NUL"
    if _bad_string(context_key, 1024):
        return "contextKey must be 1 to 1024 characters, without NUL"
    if value is not None and (
        not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value)
    ):
        return "value must be a finite number"
    return None
