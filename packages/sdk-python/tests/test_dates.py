from __future__ import annotations

import pytest

from flagswitch.dates import parse_instant


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1970-01-01", 0),
        ("2024-02-29", 1709164800000),
        ("2024-01-01T00:00Z", 1704067200000),
        ("2024-01-01T00:00:00Z", 1704067200000),
        ("2024-01-01T01:00:00+01:00", 1704067200000),
        ("2023-12-31T23:30:00-00:30", 1704067200000),
        ("2024-01-01T00:00:00.5Z", 1704067200500),
        ("2024-01-01T00:00:00.123456789Z", 1704067200123),
        ("1969-12-31T23:59:59.999Z", -1),
        ("0000-03-01", -62162035200000),
        (1704067200000, 1704067200000),
        (1.5, 1.5),
        (-5, -5),
    ],
)
def test_instants(value: object, expected: float) -> None:
    assert parse_instant(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-01T00:00",  # a date-time without a zone depends on the machine
        "2024-01-01T00:00:00",
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-01-32",
        "2024-01-01T24:00Z",
        "2024-01-01T00:60Z",
        "2024-01-01T00:00:60Z",
        "2024-01-01T00:00+24:00",
        "2024-01-01 00:00Z",
        "24-01-01",
        "2024-1-1",
        "2024-01-01Z",
        "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00z",
        "2024-01-01T00:00:00Z\n",
        "",
        True,
        None,
        float("inf"),
        float("nan"),
        [1],
    ],
)
def test_not_instants(value: object) -> None:
    assert parse_instant(value) is None
