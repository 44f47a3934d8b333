"""``validate_document``: the one place that decides whether a flag document may be installed.

It copies the input as plain JSON, compiles every flag and segment (collecting every problem
with its JSON Pointer), checks the references between them, and returns a ``FlagDocument`` that
carries its compiled form, so evaluation never parses anything again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Final

from .clauses import SEGMENT, CompiledClause
from .compile import CompiledFlag, CompiledSegment, compile_flag, compile_segment
from .document import FlagDocument, js_key_order
from .json_values import as_double, count_value, is_number
from .problems import ProblemList, pointer
from .results import ValidationResult

__all__ = ["complete_document", "copy_json", "validate_document"]

MAX_DEPTH = 64
"""Deeper than any sensible variation value; also what stops a circular structure."""


class _NotJson:
    pass


NOT_JSON: Final = _NotJson()


def validate_document(document: object) -> ValidationResult:
    """Checks ``document`` (parsed JSON) against docs/evaluation.md. Never raises.

    >>> result = validate_document({"schemaVersion": 1, "environment": "prod", "version": 1,
    ...                             "flags": {}, "segments": {}})
    >>> result.ok
    True
    """
    problems = ProblemList()
    try:
        copy = copy_json(document, 0)
        if copy is not NOT_JSON:
            return _validate_copy(copy, problems)
        _report_non_json(document, "", problems, 0)
        if problems.is_empty:
            problems.add("", "document is not plain JSON data")
    except Exception as error:  # a hostile Mapping, a RecursionError: refuse, never raise
        problems.add("", f"document cannot be read: {error}")
    return ValidationResult(ok=False, errors=tuple(problems.errors))


def _validate_copy(copy: object, problems: ProblemList) -> ValidationResult:
    if not isinstance(copy, dict):
        problems.add("", "document must be an object")
        return ValidationResult(ok=False, errors=tuple(problems.errors))
    schema_version = copy.get("schemaVersion")
    if not (is_number(schema_version) and schema_version == 1):
        problems.add("/schemaVersion", "schemaVersion must be 1")
    if not isinstance(copy.get("environment"), str):
        problems.add("/environment", "environment must be a string")
    if count_value(copy.get("version")) is None:
        problems.add("/version", "version must be an integer ≥ 0")
    flags = copy.get("flags")
    segments = copy.get("segments")
    if not isinstance(flags, dict):
        problems.add("/flags", "flags must be an object keyed by flag key")
    if not isinstance(segments, dict):
        problems.add("/segments", "segments must be an object keyed by segment key")
    if not isinstance(flags, dict) or not isinstance(segments, dict):
        return ValidationResult(ok=False, errors=tuple(problems.errors))

    compiled_flags: dict[str, CompiledFlag] = {}
    compiled_segments: dict[str, CompiledSegment] = {}
    for key in js_key_order(flags):
        flag = compile_flag(flags[key], key, pointer("/flags", key), problems)
        if flag is not None:
            compiled_flags[key] = flag
    for key in js_key_order(segments):
        segment = compile_segment(segments[key], key, pointer("/segments", key), problems)
        if segment is not None:
            compiled_segments[key] = segment
    return complete_document(copy, compiled_flags, compiled_segments, problems)


def complete_document(
    document: dict[str, Any],
    flags: dict[str, CompiledFlag],
    segments: dict[str, CompiledSegment],
    problems: ProblemList,
) -> ValidationResult:
    """Checks the references between compiled flags and segments and, when every check passes,
    wraps ``document`` with its compiled form."""
    _check_prerequisites(flags, problems)
    _check_segment_references(flags, segments, problems)
    if not problems.is_empty:
        return ValidationResult(ok=False, errors=tuple(problems.errors))
    return ValidationResult(ok=True, document=FlagDocument(document, (flags, segments)))


def _check_prerequisites(flags: dict[str, CompiledFlag], problems: ProblemList) -> None:
    for flag in flags.values():
        for index, prerequisite in enumerate(flag.prerequisites):
            path = pointer(pointer(pointer("/flags", flag.key), "prerequisites"), index)
            required = flags.get(prerequisite.flag_key)
            if required is None:
                problems.add(
                    pointer(path, "flag"),
                    f'flag "{flag.key}": prerequisite on unknown flag "{prerequisite.flag_key}"',
                )
            elif prerequisite.variation_key not in required.variation_keys:
                problems.add(
                    pointer(path, "variation"),
                    f'flag "{flag.key}": flag "{prerequisite.flag_key}" has no variation '
                    f'"{prerequisite.variation_key}"',
                )

    def prerequisite_keys(key: str) -> Sequence[str]:
        flag = flags.get(key)
        return [p.flag_key for p in flag.prerequisites] if flag is not None else []

    for cycle in _find_cycles(list(flags), prerequisite_keys):
        problems.add(
            pointer(pointer("/flags", cycle[0]), "prerequisites"),
            f"prerequisite cycle: {' → '.join(cycle)}",
        )


def _check_segment_references(
    flags: dict[str, CompiledFlag],
    segments: dict[str, CompiledSegment],
    problems: ProblemList,
) -> None:
    def report(path: str, owner: str, clauses: Sequence[CompiledClause]) -> None:
        for index, clause in enumerate(clauses):
            if clause.kind != SEGMENT:
                continue
            for value_index, key in enumerate(clause.segment_keys):
                if key in segments:
                    continue
                at = pointer(pointer(pointer(path, index), "values"), value_index)
                problems.add(at, f'{owner}: inSegment on unknown segment "{key}"')

    for flag in flags.values():
        for index, rule in enumerate(flag.rules):
            path = pointer(pointer(pointer(pointer("/flags", flag.key), "rules"), index), "clauses")
            report(path, f'flag "{flag.key}"', rule.clauses)
    for segment in segments.values():
        for index, clauses in enumerate(segment.rules):
            path = pointer(pointer(pointer(pointer("/segments", segment.key), "rules"), index), "clauses")
            report(path, f'segment "{segment.key}"', clauses)

    def referenced(key: str) -> Sequence[str]:
        segment = segments.get(key)
        if segment is None:
            return []
        return [
            segment_key
            for clauses in segment.rules
            for clause in clauses
            if clause.kind == SEGMENT
            for segment_key in clause.segment_keys
        ]

    for cycle in _find_cycles(list(segments), referenced):
        problems.add(
            pointer(pointer("/segments", cycle[0]), "rules"),
            f"segment cycle: {' → '.join(cycle)}",
        )


def _find_cycles(nodes: Sequence[str], edges: Callable[[str], Sequence[str]]) -> list[list[str]]:
    """The cycles of a directed graph, each as a path that returns to its start, found by one
    depth-first search: every edge back onto the current path closes one.

    Nodes and edges are visited in the order given (as the TypeScript core does, so the same
    cycles are reported), with an explicit stack: a long prerequisite chain must not hit
    Python's recursion limit.
    """
    cycles: list[list[str]] = []
    done: set[str] = set()
    for root in nodes:
        if root in done:
            continue
        on_path: list[str] = [root]
        on_path_set: set[str] = {root}
        stack: list[tuple[str, Sequence[str], int]] = [(root, edges(root), 0)]
        while stack:
            node, targets, position = stack[-1]
            if position >= len(targets):
                stack.pop()
                on_path.pop()
                on_path_set.discard(node)
                done.add(node)
                continue
            stack[-1] = (node, targets, position + 1)
            following = targets[position]
            if following in on_path_set:
                cycles.append(on_path[on_path.index(following) :] + [following])
                continue
            if following in done:
                continue
            on_path.append(following)
            on_path_set.add(following)
            stack.append((following, edges(following), 0))
    return cycles


def copy_json(value: object, depth: int) -> Any:
    """A plain-JSON copy of ``value`` (tuples become lists), or ``NOT_JSON`` when it holds
    anything JSON cannot: then ``_report_non_json`` walks it again to say where (paths cost too
    much to build for every value of a valid document)."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return value if not math.isinf(as_double(value)) else NOT_JSON
    if isinstance(value, float):
        return value if math.isfinite(value) else NOT_JSON
    if depth >= MAX_DEPTH:
        return NOT_JSON
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            copied = copy_json(item, depth + 1)
            if copied is NOT_JSON:
                return NOT_JSON
            items.append(copied)
        return items
    if isinstance(value, dict):
        copy: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                return NOT_JSON
            copied = copy_json(item, depth + 1)
            if copied is NOT_JSON:
                return NOT_JSON
            copy[key] = copied
        return copy
    return NOT_JSON


def _report_non_json(value: object, path: str, problems: ProblemList, depth: int) -> None:
    if value is None or isinstance(value, (str, bool)):
        return
    if isinstance(value, (int, float)):
        if math.isinf(as_double(value)) or (isinstance(value, float) and math.isnan(value)):
            problems.add(path, "numbers must be finite")
        return
    if not isinstance(value, (list, tuple, dict)):
        problems.add(path, f"{type(value).__name__} is not JSON")
        return
    if depth >= MAX_DEPTH:
        problems.add(path, f"nested deeper than {MAX_DEPTH} levels (or circular)")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                problems.add(path, f"object keys must be strings, not {type(key).__name__}")
                continue
            _report_non_json(item, pointer(path, key), problems, depth + 1)
    else:
        for index, item in enumerate(value):
            _report_non_json(item, pointer(path, index), problems, depth + 1)
