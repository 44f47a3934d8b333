"""Flag evaluation in the order docs/evaluation.md fixes: off, prerequisites, targets, rules,
fallthrough. Never raises: a malformed document yields the caller's default with a reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, get_args

from .bucketing import bucket_bytes, bucketable_value
from .clauses import CompiledClause
from .compile import CompiledFlag, CompiledSegment, CompiledServe, FixedServe
from .document import MALFORMED, FlagDocument
from .json_values import JsonValue, is_number
from .results import ErrorKind, EvaluationReason, EvaluationResult

__all__ = ["error_result", "evaluate", "evaluate_all", "evaluate_compiled"]

_EMPTY_CONTEXT: Final[Mapping[str, Any]] = {}
_ERROR_REASONS: Final[dict[str, EvaluationReason]] = {
    kind: EvaluationReason("ERROR", error_kind=kind)
    for kind in get_args(ErrorKind)
}


class _MalformedDocument(Exception):
    """Raised inside evaluation when the document turns out malformed (a cycle, a missing
    segment); ``evaluate`` turns it into ``ERROR`` / ``MALFORMED_FLAG``. Validated documents never
    raise it."""


def evaluate(
    document: FlagDocument | Mapping[str, Any],
    flag_key: str,
    context: Mapping[str, Any] | None,
    default: Any = None,
) -> EvaluationResult[Any]:
    """Evaluates ``flag_key`` for ``context``.

    Pass the document ``validate_document`` returned: it is compiled once. A raw ``dict`` works
    too, compiled again (only what the call reaches) on every call.

    >>> checked = validate_document(json.loads(body))            # doctest: +SKIP
    >>> evaluate(checked.document, "new-checkout", {"key": "user-42"}, False).value  # doctest: +SKIP
    True
    """
    try:
        compiled = document if isinstance(document, FlagDocument) else FlagDocument(document)
        return evaluate_compiled(compiled, flag_key, context, default)
    except Exception:
        return error_result("MALFORMED_FLAG", default)


def evaluate_all(
    document: FlagDocument | Mapping[str, Any],
    context: Mapping[str, Any] | None,
) -> dict[str, EvaluationResult[JsonValue]]:
    """Every flag of the document evaluated for ``context``, without defaults."""
    results: dict[str, EvaluationResult[JsonValue]] = {}
    try:
        compiled = document if isinstance(document, FlagDocument) else FlagDocument(document)
        for key in compiled.flag_keys():
            try:
                results[key] = evaluate_compiled(compiled, key, context, None)
            except Exception:
                results[key] = error_result("MALFORMED_FLAG", None)
    except Exception:
        pass  # a document whose flags cannot even be listed has nothing to evaluate
    return results


def error_result(error_kind: ErrorKind, default: Any) -> EvaluationResult[Any]:
    """The caller's default, served because of an error."""
    return EvaluationResult(default, None, None, _ERROR_REASONS[error_kind])


def evaluate_compiled(
    document: FlagDocument,
    flag_key: str,
    context: Mapping[str, Any] | None,
    default: Any,
) -> EvaluationResult[Any]:
    """``evaluate`` without the safety net: raises when the document is malformed."""
    # The exact-type checks come first: they are the common case and cost less than isinstance
    # (a Mapping check goes through the ABC machinery on every call).
    flag = document.flag(flag_key) if type(flag_key) is str or isinstance(flag_key, str) else None
    if type(flag) is not CompiledFlag:
        return error_result("FLAG_NOT_FOUND" if flag is None else "MALFORMED_FLAG", default)
    if type(context) is not dict and not isinstance(context, Mapping):
        context = _EMPTY_CONTEXT
    result = _evaluate_flag(document, flag, context, None)
    if default is not None and not _accepts(default, result.value):
        return error_result("WRONG_TYPE", default)
    return result


def _accepts(default: object, value: object) -> bool:
    """A boolean, string or number default demands a value of the same JSON type."""
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, (int, float)):
        return is_number(value)
    return True


def _evaluate_flag(
    document: FlagDocument,
    flag: CompiledFlag,
    context: Mapping[str, Any],
    dependents: tuple[str, ...] | None,
) -> EvaluationResult[JsonValue]:
    if not flag.enabled:
        return flag.off

    if flag.prerequisites:
        chain = (*dependents, flag.key) if dependents else (flag.key,)
        for prerequisite in flag.prerequisites:
            if prerequisite.flag_key in chain:
                raise _MalformedDocument("prerequisite cycle")
            required = document.flag(prerequisite.flag_key)
            if required is None:
                return prerequisite.failed
            if required is MALFORMED:
                raise _MalformedDocument("malformed prerequisite")
            assert isinstance(required, CompiledFlag)
            served = _evaluate_flag(document, required, context, chain)
            if not required.enabled or served.variation_key != prerequisite.variation_key:
                return prerequisite.failed

    if flag.targets:
        key = context.get("key")
        if isinstance(key, str):
            targeted = flag.targets.get(key)
            if targeted is not None:
                return targeted

    for rule in flag.rules:
        tests = rule.context_tests
        if tests is None:
            if _all_match(document, rule.clauses, context, None):
                return _serve(rule.serve, flag, context)
            continue
        for test in tests:
            if not test(context):
                break
        else:
            return _serve(rule.serve, flag, context)
    return _serve(flag.fallthrough, flag, context)


def _serve(served: CompiledServe, flag: CompiledFlag, context: Mapping[str, Any]) -> EvaluationResult[JsonValue]:
    if isinstance(served, FixedServe):
        return served.result
    value = context.get(served.bucket_by)
    if type(value) is not str:
        value = bucketable_value(value)
        if value is None:
            return served.not_applied
    slot = bucket_bytes(flag.salt_prefix, value)
    for threshold, result in zip(served.thresholds, served.results):
        if slot < threshold:
            return result
    raise _MalformedDocument("weights do not cover every bucket")


def _all_match(
    document: FlagDocument,
    clauses: Sequence[CompiledClause],
    context: Mapping[str, Any],
    segment_chain: tuple[str, ...] | None,
) -> bool:
    for clause in clauses:
        if not _clause_matches(document, clause, context, segment_chain):
            return False
    return True


def _clause_matches(
    document: FlagDocument,
    clause: CompiledClause,
    context: Mapping[str, Any],
    segment_chain: tuple[str, ...] | None,
) -> bool:
    if clause.matches is not None:  # every clause but inSegment
        return clause.matches(context)
    matched = False
    for segment_key in clause.segment_keys:
        if _in_segment(document, segment_key, context, segment_chain):
            matched = True
            break
    return matched != clause.negate


def _in_segment(
    document: FlagDocument,
    segment_key: str,
    context: Mapping[str, Any],
    segment_chain: tuple[str, ...] | None,
) -> bool:
    if segment_chain is not None and segment_key in segment_chain:
        raise _MalformedDocument("segment cycle")
    segment = document.segment(segment_key)
    if not isinstance(segment, CompiledSegment):
        raise _MalformedDocument(f'unknown or malformed segment "{segment_key}"')
    key = context.get("key")
    if isinstance(key, str):
        if key in segment.included:
            return True
        if key in segment.excluded:
            return False
    rules = segment.rules
    if not rules:
        return False
    chain = (*segment_chain, segment_key) if segment_chain else (segment_key,)
    for clauses in rules:
        if _all_match(document, clauses, context, chain):
            return True
    return False
