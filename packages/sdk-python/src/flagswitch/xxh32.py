"""xxHash32 (XXH32), the hash behind bucketing.

Strings are hashed as their UTF-8 bytes; a lone UTF-16 surrogate (possible in a Python string
decoded from JSON such as ``"\\ud800"``) is hashed as U+FFFD, as JavaScript's ``TextEncoder`` and
Go do. The C implementation from the ``xxhash`` package is used when it is installed
(``pip install flagswitch[fast]``); otherwise a pure-Python one, which gives the same numbers.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

__all__ = ["NATIVE_XXH32", "utf8_bytes", "xxh32", "xxh32_python"]

_MASK = 0xFFFFFFFF
_PRIME1 = 0x9E3779B1
_PRIME2 = 0x85EBCA77
_PRIME3 = 0xC2B2AE3D
_PRIME4 = 0x27D4EB2F
_PRIME5 = 0x165667B1


def _load_native() -> Callable[[bytes, int], int] | None:
    try:
        from xxhash import xxh32_intdigest
    except ImportError:
        return None
    native: Callable[[bytes, int], int] = xxh32_intdigest
    return native


NATIVE_XXH32: Callable[[bytes, int], int] | None = _load_native()
"""``xxhash.xxh32_intdigest`` when the ``xxhash`` package is installed, else ``None``."""


def utf8_bytes(text: str) -> bytes:
    """The UTF-8 bytes of ``text``, surrogate pairs joined and lone surrogates as U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Only strings holding surrogates get here: a round trip through UTF-16 pairs up what
        # can be paired and replaces each lone surrogate with U+FFFD.
        repaired = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return repaired.encode("utf-8")


def xxh32(data: bytes | bytearray | memoryview | str, seed: int = 0) -> int:
    """The 32-bit xxHash of ``data`` (a ``str`` is hashed as UTF-8), as an unsigned integer.

    >>> hex(xxh32("abc"))
    '0x32d153ff'
    """
    raw = utf8_bytes(data) if isinstance(data, str) else bytes(data)
    if NATIVE_XXH32 is not None:
        return NATIVE_XXH32(raw, seed & _MASK)
    return xxh32_python(raw, seed)


def xxh32_python(data: bytes | bytearray | memoryview, seed: int = 0) -> int:
    """XXH32 in pure Python: what ``xxh32`` uses when the ``xxhash`` package is absent.

    The rounds are written out inline: a function call per 4-byte word would double the cost
    of a bucketing key (about 30 bytes), which is the whole of a rollout's hashing."""
    raw = bytes(data)
    seed &= _MASK
    length = len(raw)
    position = 0
    mask, prime1, prime2, prime3, prime4 = _MASK, _PRIME1, _PRIME2, _PRIME3, _PRIME4
    if length >= 16:
        v1 = (seed + prime1 + prime2) & mask
        v2 = (seed + prime2) & mask
        v3 = seed
        v4 = (seed - prime1) & mask
        stripes = length // 16
        words = struct.unpack_from(f"<{stripes * 4}I", raw)
        for index in range(0, stripes * 4, 4):
            v1 = (v1 + words[index] * prime2) & mask
            v1 = (((v1 << 13) | (v1 >> 19)) & mask) * prime1 & mask
            v2 = (v2 + words[index + 1] * prime2) & mask
            v2 = (((v2 << 13) | (v2 >> 19)) & mask) * prime1 & mask
            v3 = (v3 + words[index + 2] * prime2) & mask
            v3 = (((v3 << 13) | (v3 >> 19)) & mask) * prime1 & mask
            v4 = (v4 + words[index + 3] * prime2) & mask
            v4 = (((v4 << 13) | (v4 >> 19)) & mask) * prime1 & mask
        position = stripes * 16
        hash_ = (
            ((v1 << 1) | (v1 >> 31))
            + ((v2 << 7) | (v2 >> 25))
            + ((v3 << 12) | (v3 >> 20))
            + ((v4 << 18) | (v4 >> 14))
        ) & mask
    else:
        hash_ = (seed + _PRIME5) & mask
    hash_ = (hash_ + length) & mask

    tail_words = (length - position) // 4
    if tail_words:
        for word in struct.unpack_from(f"<{tail_words}I", raw, position):
            hash_ = (hash_ + word * prime3) & mask
            hash_ = (((hash_ << 17) | (hash_ >> 15)) & mask) * prime4 & mask
        position += tail_words * 4
    for byte in raw[position:]:
        hash_ = (hash_ + byte * _PRIME5) & mask
        hash_ = (((hash_ << 11) | (hash_ >> 21)) & mask) * prime1 & mask

    hash_ ^= hash_ >> 15
    hash_ = (hash_ * prime2) & mask
    hash_ ^= hash_ >> 13
    hash_ = (hash_ * prime3) & mask
    hash_ ^= hash_ >> 16
    return hash_
