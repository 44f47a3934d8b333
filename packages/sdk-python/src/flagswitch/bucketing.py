"""Bucketing: which of 100,000 buckets a context falls into for a flag.

``bucket = floor(xxh32(salt + "." + value) × 100000 / 2^32)``, in integers: no modulo bias, and
the same number in TypeScript, Go and Python for the same salt and value.
"""

from __future__ import annotations

from .json_values import safe_integer
from .xxh32 import NATIVE_XXH32, utf8_bytes, xxh32_python

__all__ = ["BUCKET_COUNT", "bucket", "bucket_bytes", "bucketable_value"]

BUCKET_COUNT = 100_000
"""Weights are in thousandths of a percent, so 100,000 of them make 100 %."""


def bucket(salt: str, value: str) -> int:
    """The bucket, 0 … 99999, of ``value`` for a flag salted with ``salt``.

    >>> bucket("new-checkout", "user-42") == bucket("new-checkout", "user-42")
    True
    """
    return bucket_bytes(utf8_bytes(salt + "."), value)


def bucket_bytes(salt_prefix: bytes, value: str) -> int:
    """``bucket`` for a flag whose ``salt + "."`` was encoded once, when it was compiled."""
    try:
        data = salt_prefix + value.encode()
    except UnicodeEncodeError:  # a lone surrogate: hashed as U+FFFD
        data = salt_prefix + utf8_bytes(value)
    hashed = NATIVE_XXH32(data, 0) if NATIVE_XXH32 is not None else xxh32_python(data)
    return (hashed * BUCKET_COUNT) >> 32


def bucketable_value(value: object) -> str | None:
    """The string a context attribute is bucketed by, or ``None`` when it cannot be.

    Strings as they are; whole numbers of magnitude up to 2^53 − 1 in base 10 (``5.0`` is
    ``"5"``). Booleans, fractions, huge numbers, arrays and objects cannot be bucketed.
    """
    if isinstance(value, str):
        return value
    number = safe_integer(value)
    return None if number is None else str(number)
