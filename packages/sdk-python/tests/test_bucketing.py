from __future__ import annotations

import pytest

from flagswitch import bucket
from flagswitch.bucketing import BUCKET_COUNT, bucketable_value

# Computed with the TypeScript core's bucket().
REFERENCE = [
    ("new-checkout", "user-42", 24921),
    ("flag", "0", 28404),
    ("flag", "-7", 11614),
    ("é", "😀", 50177),
    ("salt", "\ud800", 58433),
    ("x", "", 80076),
]


@pytest.mark.parametrize(("salt", "value", "expected"), REFERENCE)
def test_matches_the_typescript_core(salt: str, value: str, expected: int) -> None:
    assert bucket(salt, value) == expected


def test_bucket_scales_the_hash_instead_of_taking_a_modulo() -> None:
    from flagswitch import xxh32

    assert bucket("s", "v") == xxh32("s.v") * BUCKET_COUNT // 2**32


def test_buckets_are_uniform() -> None:
    """Chi-square over 100,000 keys in 100 bins: 99 degrees of freedom, and 148.2 is the 0.1 %
    critical value, so a fair hash fails this about once in a thousand salts (this one passes)."""
    bins = [0] * 100
    for index in range(100_000):
        bins[bucket("uniformity", f"user-{index}") // 1000] += 1
    expected = 1000
    chi_square = sum((count - expected) ** 2 / expected for count in bins)
    assert chi_square < 148.2


def test_distinct_salts_assign_independently() -> None:
    first = [bucket("salt-a", f"user-{i}") < 50_000 for i in range(20_000)]
    second = [bucket("salt-b", f"user-{i}") < 50_000 for i in range(20_000)]
    both = sum(a and b for a, b in zip(first, second))
    # Independent halves overlap on a quarter of the users (± a few standard deviations).
    assert abs(both - 5000) < 300


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("user-1", "user-1"),
        ("", ""),
        (42, "42"),
        (-7, "-7"),
        (0, "0"),
        (5.0, "5"),
        (-0.0, "0"),
        (2**53 - 1, "9007199254740991"),
        (-(2**53 - 1), "-9007199254740991"),
        (2**53, None),
        (1.5, None),
        (float("inf"), None),
        (float("nan"), None),
        (True, None),
        (False, None),
        (None, None),
        (["a"], None),
        ({"a": 1}, None),
    ],
)
def test_bucketable_values(value: object, expected: str | None) -> None:
    assert bucketable_value(value) == expected
