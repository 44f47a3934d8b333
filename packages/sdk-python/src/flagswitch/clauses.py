"""Clauses compiled once per document: ``in`` lists become sets, regexes are compiled, semver
and date values parsed, so evaluation parses nothing from the document."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from .dates import parse_instant
from .json_values import as_double, finite_number, is_number
from .problems import ProblemList, pointer
from .regex import compile_pattern
from .semver import SemanticVersion, compare_semver, parse_semver

__all__ = ["OPERATORS", "CompiledClause", "ValueMatcher", "compile_clause"]

OPERATORS: Final = (
    "in",
    "startsWith",
    "endsWith",
    "contains",
    "matches",
    "lt",
    "lte",
    "gt",
    "gte",
    "semverEq",
    "semverLt",
    "semverGt",
    "before",
    "after",
    "exists",
    "inSegment",
)
_OPERATOR_NAMES = frozenset(OPERATORS)

ValueMatcher = Callable[[object], bool]
"""Tests one attribute value (never ``None``; an array's elements one by one)."""

VALUE = 0
EXISTS = 1
SEGMENT = 2


ContextMatcher = Callable[[Mapping[str, Any]], bool]
"""A whole clause (attribute lookup, arrays, ``negate``) as one call on the context."""


class CompiledClause:
    """A clause ready to evaluate: ``kind`` is VALUE (``test`` the attribute), EXISTS, or
    SEGMENT (``segment_keys``). VALUE and EXISTS clauses also come as ``matches``, one closure
    over the context: the hot path of evaluation calls that and nothing else."""

    __slots__ = ("attribute", "kind", "matches", "negate", "segment_keys", "test")

    def __init__(
        self,
        kind: int,
        attribute: str,
        negate: bool,
        test: ValueMatcher | None = None,
        segment_keys: tuple[str, ...] = (),
        strings: frozenset[str] | None = None,
    ) -> None:
        self.kind = kind
        self.attribute = attribute
        self.negate = negate
        self.test = test
        self.segment_keys = segment_keys
        self.matches: ContextMatcher | None = (
            None if kind == SEGMENT else _context_matcher(kind, attribute, negate, test, strings)
        )


def _context_matcher(
    kind: int, attribute: str, negate: bool, test: ValueMatcher | None, strings: frozenset[str] | None
) -> ContextMatcher:
    """``strings``, given for ``in``, answers a string attribute with one set lookup."""
    if kind == EXISTS:

        def exists(context: Mapping[str, Any]) -> bool:
            return (context.get(attribute) is not None) != negate

        return exists
    assert test is not None

    def general(value: object) -> bool:
        if value is None:
            return negate
        if isinstance(value, (list, tuple)):
            for element in value:
                if test(element):
                    return not negate
            return negate
        return test(value) != negate

    if strings is not None:

        def membership(context: Mapping[str, Any]) -> bool:
            value = context.get(attribute)
            if value.__class__ is str:
                return (value in strings) != negate
            return general(value)

        return membership

    def matches(context: Mapping[str, Any]) -> bool:
        return general(context.get(attribute))

    return matches


def compile_clause(raw: object, path: str, problems: ProblemList) -> CompiledClause | None:
    """The compiled clause, or ``None`` when ``raw`` is malformed (reasons added to ``problems``)."""
    if not isinstance(raw, dict):
        problems.add(path, "clause must be an object")
        return None
    attribute = raw.get("attribute")
    op = raw.get("op")
    values = raw.get("values")
    negate = raw["negate"] if "negate" in raw else False
    before = problems.count
    if not isinstance(attribute, str):
        problems.add(pointer(path, "attribute"), "attribute must be a string")
    if not isinstance(negate, bool):
        problems.add(pointer(path, "negate"), "negate must be a boolean")
    if not isinstance(values, list):
        problems.add(pointer(path, "values"), "values must be an array")
    if not isinstance(op, str) or op not in _OPERATOR_NAMES:
        problems.add(pointer(path, "op"), f"unknown operator {_json_text(op)}")
    if problems.count > before:
        return None
    assert isinstance(attribute, str) and isinstance(negate, bool) and isinstance(values, list)
    assert isinstance(op, str)

    if op == "exists":
        return CompiledClause(EXISTS, attribute, negate)
    if op == "inSegment":
        if not _all_of(values, _is_string, path, "a segment key string", problems):
            return None
        return CompiledClause(SEGMENT, attribute, negate, segment_keys=tuple(values))
    test = _compile_matcher(op, values, path, problems)
    if test is None:
        return None
    strings = frozenset(value for value in values if isinstance(value, str)) if op == "in" else None
    return CompiledClause(VALUE, attribute, negate, test=test, strings=strings)


def _compile_matcher(
    op: str, values: list[object], path: str, problems: ProblemList
) -> ValueMatcher | None:
    if op == "in":
        if not _all_of(values, _is_scalar, path, "a string, number or boolean", problems):
            return None
        return _membership(values)
    if op == "startsWith":
        return _text_matcher(values, path, problems, str.startswith)
    if op == "endsWith":
        return _text_matcher(values, path, problems, str.endswith)
    if op == "contains":
        return _text_matcher(values, path, problems, str.__contains__)
    if op == "matches":
        return _regex_matcher(values, path, problems)
    if op == "lt":
        return _number_matcher(values, path, problems, lambda value, bound: value < bound)
    if op == "lte":
        return _number_matcher(values, path, problems, lambda value, bound: value <= bound)
    if op == "gt":
        return _number_matcher(values, path, problems, lambda value, bound: value > bound)
    if op == "gte":
        return _number_matcher(values, path, problems, lambda value, bound: value >= bound)
    if op == "semverEq":
        return _semver_matcher(values, path, problems, lambda order: order == 0)
    if op == "semverLt":
        return _semver_matcher(values, path, problems, lambda order: order < 0)
    if op == "semverGt":
        return _semver_matcher(values, path, problems, lambda order: order > 0)
    if op == "before":
        return _instant_matcher(values, path, problems, lambda value, bound: value < bound)
    # "after": every other operator was handled above.
    return _instant_matcher(values, path, problems, lambda value, bound: value > bound)


def _membership(values: list[object]) -> ValueMatcher:
    # Separate sets per JSON type: in Python True == 1 and "1" != 1, and JSON keeps all apart.
    strings = frozenset(value for value in values if isinstance(value, str))
    numbers = frozenset(finite_number(value) for value in values if is_number(value))
    has_true = any(value is True for value in values)
    has_false = any(value is False for value in values)

    def test(value: object) -> bool:
        if isinstance(value, str):
            return value in strings
        if isinstance(value, bool):
            return has_true if value else has_false
        if isinstance(value, (int, float)):
            return finite_number(value) in numbers
        return False

    return test


def _text_matcher(
    values: list[object],
    path: str,
    problems: ProblemList,
    check: Callable[[str, str], bool],
) -> ValueMatcher | None:
    if not _all_of(values, _is_string, path, "a string", problems):
        return None
    parts = tuple(value for value in values if isinstance(value, str))

    def test(value: object) -> bool:
        if not isinstance(value, str):
            return False
        for part in parts:
            if check(value, part):
                return True
        return False

    return test


def _regex_matcher(values: list[object], path: str, problems: ProblemList) -> ValueMatcher | None:
    if not _all_of(values, _is_string, path, "a regex string", problems):
        return None
    searches = []
    for index, source in enumerate(values):
        compiled = compile_pattern(source)  # type: ignore[arg-type]
        if isinstance(compiled, str):
            problems.add(pointer(pointer(path, "values"), index), compiled)
        else:
            searches.append(compiled.search)
    if len(searches) != len(values):
        return None

    def test(value: object) -> bool:
        if not isinstance(value, str):
            return False
        for search in searches:
            if search(value) is not None:
                return True
        return False

    return test


def _number_matcher(
    values: list[object],
    path: str,
    problems: ProblemList,
    check: Callable[[float, float], bool],
) -> ValueMatcher | None:
    if not _all_of(values, _is_finite_number, path, "a number", problems):
        return None
    bounds = tuple(as_double(value) for value in values if is_number(value))  # type: ignore[arg-type]

    def test(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        number = as_double(value)
        for bound in bounds:
            if check(number, bound):
                return True
        return False

    return test


def _semver_matcher(
    values: list[object],
    path: str,
    problems: ProblemList,
    check: Callable[[int], bool],
) -> ValueMatcher | None:
    versions: list[SemanticVersion] = []
    for index, raw in enumerate(values):
        version = parse_semver(raw) if isinstance(raw, str) else None
        if version is None:
            problems.add(
                pointer(pointer(path, "values"), index),
                f"{_json_text(raw)} is not a semantic version",
            )
        else:
            versions.append(version)
    if len(versions) != len(values):
        return None

    def test(value: object) -> bool:
        version = parse_semver(value) if isinstance(value, str) else None
        if version is None:
            return False
        for bound in versions:
            if check(compare_semver(version, bound)):
                return True
        return False

    return test


def _instant_matcher(
    values: list[object],
    path: str,
    problems: ProblemList,
    check: Callable[[float, float], bool],
) -> ValueMatcher | None:
    instants: list[float] = []
    for index, raw in enumerate(values):
        instant = parse_instant(raw)
        if instant is None:
            problems.add(
                pointer(pointer(path, "values"), index),
                f"{_json_text(raw)} is neither epoch milliseconds nor an ISO-8601 date with a zone",
            )
        else:
            instants.append(instant)
    if len(instants) != len(values):
        return None

    def test(value: object) -> bool:
        instant = parse_instant(value)
        if instant is None:
            return False
        for bound in instants:
            if check(instant, bound):
                return True
        return False

    return test


def _all_of(
    values: Sequence[object],
    check: Callable[[object], bool],
    path: str,
    expected: str,
    problems: ProblemList,
) -> bool:
    ok = True
    for index, value in enumerate(values):
        if not check(value):
            problems.add(pointer(pointer(path, "values"), index), f"must be {expected}")
            ok = False
    return ok


def _is_string(value: object) -> bool:
    return isinstance(value, str)


def _is_finite_number(value: object) -> bool:
    return finite_number(value) is not None


def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, bool)) or _is_finite_number(value)


def _json_text(value: object) -> str:
    """``value`` as JSON text, for messages (``JSON.stringify`` in the TypeScript core)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return repr(value)
