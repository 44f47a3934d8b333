from __future__ import annotations

import pytest

from flagswitch.semver import compare_semver, parse_semver


def order(a: str, b: str) -> int:
    left, right = parse_semver(a), parse_semver(b)
    assert left is not None and right is not None
    result = compare_semver(left, right)
    return (result > 0) - (result < 0)


@pytest.mark.parametrize(
    "text",
    ["1.2.3", "0.0.0", "2", "2.1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0-x.7.z.92",
     "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85", "12345678901234567890.0.0", "1.0.0--"],
)
def test_valid_versions(text: str) -> None:
    assert parse_semver(text) is not None


@pytest.mark.parametrize(
    "text",
    ["", "v1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3.4", "1.2.3-", "1.2.3+", "1..3",
     "1.2.3-a..b", " 1.2.3", "1.2.3\n", "١.٢.٣", "1.2.3-é"],
)
def test_invalid_versions(text: str) -> None:
    assert parse_semver(text) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2", "2.0.0", 0),
        ("2.1", "2.1.0", 0),
        ("1.0.0+build.1", "1.0.0+build.2", 0),
        ("1.0.0", "2.0.0", -1),
        ("2.0.0", "2.1.0", -1),
        ("2.1.0", "2.1.1", -1),
        ("1.10.0", "1.9.0", 1),
        ("1.0.0-alpha", "1.0.0", -1),
        ("1.0.0-alpha", "1.0.0-alpha.1", -1),
        ("1.0.0-alpha.1", "1.0.0-alpha.beta", -1),
        ("1.0.0-alpha.beta", "1.0.0-beta", -1),
        ("1.0.0-beta", "1.0.0-beta.2", -1),
        ("1.0.0-beta.2", "1.0.0-beta.11", -1),
        ("1.0.0-beta.11", "1.0.0-rc.1", -1),
        ("1.0.0-rc.1", "1.0.0", -1),
        ("1.0.0-1", "1.0.0-a", -1),
        ("1.0.0-B", "1.0.0-a", -1),
        ("99999999999999999999.0.0", "99999999999999999998.0.0", 1),
    ],
)
def test_precedence(a: str, b: str, expected: int) -> None:
    assert order(a, b) == expected
    assert order(b, a) == -expected
