"""The per-event checks against the server's limits on POST /sdk/v1/events."""

from __future__ import annotations

from flagswitch.event_validation import conversion_problem, exposure_problem


def test_a_valid_exposure_and_conversion_pass() -> None:
    assert exposure_problem("f" * 128, 0, "v", "c" * 1024, "x") is None
    assert conversion_problem("e" * 256, "c", None) is None
    assert conversion_problem("e", "c", 0) is None


def test_each_limit_of_an_exposure_is_checked() -> None:
    assert exposure_problem("f" * 129, 1, "v", "c", "x") == "flagKey must be 1 to 128 characters, without NUL"
    assert exposure_problem("f", -1, "v", "c", "x") == "flagVersion must be a non-negative integer"
    assert exposure_problem("f", 1.5, "v", "c", "x") == "flagVersion must be a non-negative integer"
    assert exposure_problem("f", True, "v", "c", "x") == "flagVersion must be a non-negative integer"
    assert exposure_problem("f", 1, "", "c", "x") == "variation must be 1 to 128 characters, without NUL"
    assert exposure_problem("f", 1, "v", "c\0", "x") == "contextKey must be 1 to 1024 characters, without NUL"
    assert exposure_problem("f", 1, "v", "c", None) == "experimentKey must be 1 to 128 characters, without NUL"


def test_each_limit_of_a_conversion_is_checked() -> None:
    assert conversion_problem("e" * 257, "c", None) == "eventKey must be 1 to 256 characters, without NUL"
    assert conversion_problem("e", "", None) == "contextKey must be 1 to 1024 characters, without NUL"
    assert conversion_problem("e", "c", float("-inf")) == "value must be a finite number"
    assert conversion_problem("e", "c", False) == "value must be a finite number"
