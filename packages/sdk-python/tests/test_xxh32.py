from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flagswitch import xxh32
from flagswitch.xxh32 import NATIVE_XXH32, utf8_bytes, xxh32_python

# Reference values computed with the TypeScript core (packages/core, xxh32): input, seed 0,
# seed 1, seed 0xFFFFFFFF.
REFERENCE = [
    ("", 46947589, 187479954, 2422332061),
    ("a", 1426945110, 4111757423, 3443684653),
    ("abc", 852579327, 2856167679, 2989167648),
    ("user-42", 1635883646, 128691584, 2589618557),
    ("0123456789abcdef", 3267648361, 4078952911, 2140546121),
    ("new-checkout.user-42", 1070389605, 3715949607, 4260724892),
    ("é", 866461991, 1380857612, 3096694196),
    ("日本語", 3366854845, 2539075021, 775930343),
    ("😀", 1127825596, 1069330452, 2609299380),
    ("\ud800", 1973258321, 454445992, 1548974066),
    ("a\udc00b", 2910260431, 1063775554, 4119501084),
    ("The quick brown fox jumps over the lazy dog", 3898516702, 592413809, 1512702102),
]


@pytest.mark.parametrize(("text", "seed0", "seed1", "seed_max"), REFERENCE, ids=[repr(r[0]) for r in REFERENCE])
def test_matches_the_typescript_core(text: str, seed0: int, seed1: int, seed_max: int) -> None:
    for implementation in (xxh32, lambda data, seed=0: xxh32_python(utf8_bytes(data), seed)):
        assert implementation(text) == seed0
        assert implementation(text, 1) == seed1
        assert implementation(text, 0xFFFFFFFF) == seed_max


def test_the_classic_vectors() -> None:
    assert xxh32("") == 0x02CC5D05
    assert xxh32("abc") == 0x32D153FF
    assert xxh32(b"abc") == 0x32D153FF
    assert xxh32(bytearray(b"abc")) == 0x32D153FF
    assert xxh32(memoryview(b"abc")) == 0x32D153FF


def test_the_c_implementation_is_installed_for_the_tests() -> None:
    # The dev extras install xxhash, so both paths run here; without it xxh32 is pure Python.
    assert NATIVE_XXH32 is not None


def test_lone_surrogates_hash_as_the_replacement_character() -> None:
    assert xxh32("\ud800") == xxh32("\ufffd")
    assert xxh32("a\udc00b") == xxh32("a\ufffdb")
    # A pair held as two code points is one character, as in JavaScript.
    assert xxh32("\ud83d\ude00") == xxh32("😀")
    assert utf8_bytes("x\ud800\ud800") == b"x\xef\xbf\xbd\xef\xbf\xbd"


@given(st.binary(max_size=200), st.integers(min_value=0, max_value=2**32 - 1))
def test_pure_python_agrees_with_the_c_implementation(data: bytes, seed: int) -> None:
    assert NATIVE_XXH32 is not None
    assert xxh32_python(data, seed) == NATIVE_XXH32(data, seed)


@given(st.text(max_size=100))
def test_strings_hash_as_their_utf8_bytes(text: str) -> None:
    assert xxh32(text) == xxh32_python(utf8_bytes(text))
