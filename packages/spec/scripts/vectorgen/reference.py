"""Reference hashing for the vectors: the xxHash C library through Python's `xxhash` package.

Nothing here comes from a FlagSwitch SDK: the expectations must not be produced by the code
they test. The bucketing formula is the one of docs/evaluation.md, in integer arithmetic.
"""

import re

import xxhash

BUCKETS = 100_000

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8(text: str) -> bytes:
    """UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as TextEncoder and Go do."""
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def xxh32(text: str, seed: int = 0) -> int:
    return xxhash.xxh32_intdigest(utf8(text), seed=seed)


def bucket(salt: str, value: str) -> int:
    return (xxh32(salt + "." + value) * BUCKETS) >> 32


def rollout_index(salt: str, value: str, weights: list[int]) -> int | None:
    """The first variation whose cumulative weight exceeds the bucket; None when none does."""
    point = bucket(salt, value)
    total = 0
    for index, weight in enumerate(weights):
        total += weight
        if point < total:
            return index
    return None


def find_value(salt: str, prefix: str, wanted, limit: int = 3_000_000) -> str:
    """The first `prefix + n` (n = 0, 1, …) whose bucket satisfies `wanted(bucket)`."""
    for n in range(limit):
        value = f"{prefix}{n}"
        if wanted(bucket(salt, value)):
            return value
    raise LookupError(f"no value {prefix}N under salt {salt!r} within {limit} tries")


def find_exact(salt: str, prefix: str, target: int) -> str:
    return find_value(salt, prefix, lambda point: point == target)
