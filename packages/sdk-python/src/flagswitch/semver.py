"""Semantic versions (SemVer 2.0.0 precedence) for the ``semver*`` operators.

A missing minor or patch counts as 0 (``"2.1"`` = ``"2.1.0"``); build metadata is ignored; a
leading ``v`` is refused. Numeric parts stay digit strings and are compared by length, then
digit by digit, so versions of any size compare exactly, as in the TypeScript and Go SDKs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["SemanticVersion", "compare_semver", "parse_semver"]

_SEMVER = re.compile(
    r"(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?"
    r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?",
    re.ASCII,
)


class SemanticVersion(NamedTuple):
    core: tuple[str, str, str]
    """Major, minor and patch as digit strings."""
    prerelease: tuple[str, ...]
    """Dot-separated prerelease identifiers; empty for a release."""


def parse_semver(text: str) -> SemanticVersion | None:
    """The parsed version, or ``None`` when ``text`` is not one."""
    match = _SEMVER.fullmatch(text)
    if match is None:
        return None
    prerelease = tuple(match.group(4).split(".")) if match.group(4) is not None else ()
    for identifier in prerelease:
        if identifier.isdigit() and len(identifier) > 1 and identifier[0] == "0":
            return None
    core = (match.group(1), match.group(2) or "0", match.group(3) or "0")
    return SemanticVersion(core, prerelease)


def compare_semver(a: SemanticVersion, b: SemanticVersion) -> int:
    """Negative, zero or positive as ``a`` sorts before, equal to, or after ``b``."""
    for left, right in zip(a.core, b.core):
        order = _compare_digits(left, right)
        if order != 0:
            return order
    if not a.prerelease or not b.prerelease:
        # A release sorts after its prereleases.
        return len(b.prerelease) - len(a.prerelease)
    for left, right in zip(a.prerelease, b.prerelease):
        order = _compare_identifier(left, right)
        if order != 0:
            return order
    return len(a.prerelease) - len(b.prerelease)


def _is_numeric(identifier: str) -> bool:
    # str.isdigit() accepts non-ASCII digits; identifiers were matched as ASCII already.
    return identifier.isdigit()


def _compare_identifier(a: str, b: str) -> int:
    a_numeric = _is_numeric(a)
    b_numeric = _is_numeric(b)
    if a_numeric and b_numeric:
        return _compare_digits(a, b)
    if a_numeric != b_numeric:
        return -1 if a_numeric else 1
    return -1 if a < b else (1 if a > b else 0)


def _compare_digits(a: str, b: str) -> int:
    if len(a) != len(b):
        return len(a) - len(b)
    return -1 if a < b else (1 if a > b else 0)
