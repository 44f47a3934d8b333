"""Compiling flags and segments: every field checked, clauses precompiled, and the result
objects evaluation hands out built once, so evaluating a compiled flag builds nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .bucketing import BUCKET_COUNT
from .clauses import CompiledClause, ContextMatcher, compile_clause
from .json_values import JsonValue, count_value
from .problems import ProblemList, pointer
from .results import EvaluationReason, EvaluationResult
from .xxh32 import utf8_bytes

__all__ = [
    "CompiledFlag",
    "CompiledPrerequisite",
    "CompiledRule",
    "CompiledSegment",
    "FixedServe",
    "RolloutServe",
    "compile_clauses",
    "compile_flag",
    "compile_segment",
]

T = TypeVar("T")


class FixedServe:
    """``{ "variation": i }``: always the same result."""

    __slots__ = ("result",)

    def __init__(self, result: EvaluationResult[JsonValue]) -> None:
        self.result = result


class RolloutServe:
    """``{ "rollout": … }``: variation ``i`` serves the buckets below ``thresholds[i]``."""

    __slots__ = ("bucket_by", "not_applied", "results", "thresholds")

    def __init__(
        self,
        bucket_by: str,
        thresholds: tuple[int, ...],
        results: tuple[EvaluationResult[JsonValue], ...],
        not_applied: EvaluationResult[JsonValue],
    ) -> None:
        self.bucket_by = bucket_by
        self.thresholds = thresholds
        self.results = results
        # Served when the context has no usable bucketBy value: the off variation.
        self.not_applied = not_applied


CompiledServe = FixedServe | RolloutServe


class CompiledRule:
    __slots__ = ("clauses", "context_tests", "serve")

    def __init__(self, clauses: tuple[CompiledClause, ...], serve: CompiledServe) -> None:
        self.clauses = clauses
        self.serve = serve
        # A rule that reads only the context (no segment) is a row of closures to call.
        tests = tuple(clause.matches for clause in clauses if clause.matches is not None)
        self.context_tests: tuple[ContextMatcher, ...] | None = tests if len(tests) == len(clauses) else None


class CompiledPrerequisite:
    __slots__ = ("failed", "flag_key", "variation_key")

    def __init__(self, flag_key: str, variation_key: str, failed: EvaluationResult[JsonValue]) -> None:
        self.flag_key = flag_key
        self.variation_key = variation_key
        self.failed = failed


class CompiledFlag:
    __slots__ = (
        "enabled",
        "experiment_key",
        "fallthrough",
        "key",
        "off",
        "prerequisites",
        "rules",
        "salt_prefix",
        "targets",
        "variation_keys",
        "version",
    )

    def __init__(
        self,
        *,
        key: str,
        version: int,
        enabled: bool,
        salt_prefix: bytes,
        variation_keys: tuple[str, ...],
        off: EvaluationResult[JsonValue],
        prerequisites: tuple[CompiledPrerequisite, ...],
        targets: dict[str, EvaluationResult[JsonValue]],
        rules: tuple[CompiledRule, ...],
        fallthrough: CompiledServe,
        experiment_key: str | None,
    ) -> None:
        self.key = key
        self.version = version
        self.enabled = enabled
        self.salt_prefix = salt_prefix  # UTF-8 of salt + ".", ready for bucketing
        self.variation_keys = variation_keys
        self.off = off
        self.prerequisites = prerequisites
        self.targets = targets  # context key → result of the first target listing it
        self.rules = rules
        self.fallthrough = fallthrough
        self.experiment_key = experiment_key  # set while the flag's experiment is running


class CompiledSegment:
    __slots__ = ("excluded", "included", "key", "rules")

    def __init__(
        self,
        key: str,
        included: frozenset[str],
        excluded: frozenset[str],
        rules: tuple[tuple[CompiledClause, ...], ...],
    ) -> None:
        self.key = key
        self.included = included
        self.excluded = excluded
        self.rules = rules


class _Variations:
    __slots__ = ("keys", "values")

    def __init__(self, keys: list[str], values: list[JsonValue]) -> None:
        self.keys = keys
        self.values = values


def compile_flag(raw: object, expected_key: str, path: str, problems: ProblemList) -> CompiledFlag | None:
    """The compiled flag, or ``None`` when ``raw`` is malformed (each reason added to ``problems``)."""
    if not isinstance(raw, dict):
        problems.add(path, f'flag "{expected_key}" must be an object')
        return None
    start = problems.count

    def at(field: str) -> str:
        return pointer(path, field)

    def fail(field: str, message: str) -> None:
        problems.add(at(field), f'flag "{expected_key}": {field} {message}')

    if raw.get("key") != expected_key or not isinstance(raw.get("key"), str):
        fail("key", f'must equal the flag\'s key in flags ("{expected_key}")')
    version = count_value(raw.get("version"))
    if version is None:
        fail("version", "must be an integer ≥ 0")
    enabled = raw.get("enabled")
    if not isinstance(enabled, bool):
        fail("enabled", "must be a boolean")
    if "salt" in raw and not isinstance(raw["salt"], str):
        fail("salt", "must be a string")
    if "clientSide" in raw and not isinstance(raw["clientSide"], bool):
        fail("clientSide", "must be a boolean")
    experiment_key = _read_experiment(raw, fail)

    variations = _read_variations(raw.get("variations"), at("variations"), problems, expected_key)
    if variations is None:
        return None
    count = len(variations.keys)

    def variation_at(index: int, reason: EvaluationReason) -> EvaluationResult[JsonValue]:
        return EvaluationResult(variations.values[index], index, variations.keys[index], reason)

    off_index = _index_value(raw.get("offVariation"), count)
    if off_index is None:
        fail("offVariation", f"must be a variation index from 0 to {count - 1}")
    off = (
        variation_at(off_index, EvaluationReason("OFF"))
        if problems.count == start and off_index is not None
        else None
    )

    def read_prerequisite(item: object, item_path: str) -> tuple[str, str] | None:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("flag"), str)
            or not isinstance(item.get("variation"), str)
        ):
            problems.add(item_path, f'flag "{expected_key}": a prerequisite needs a flag key and a variation key')
            return None
        return item["flag"], item["variation"]

    prerequisites = _list_of(raw, "prerequisites", at("prerequisites"), problems, read_prerequisite)

    targets: dict[str, EvaluationResult[JsonValue]] = {}

    def read_target(item: object, item_path: str) -> bool | None:
        index = _index_value(item.get("variation"), count) if isinstance(item, dict) else None
        if not isinstance(item, dict) or index is None:
            problems.add(
                pointer(item_path, "variation"),
                f'flag "{expected_key}": target variation must be an index from 0 to {count - 1}',
            )
            return None
        values = item.get("values")
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            problems.add(
                pointer(item_path, "values"),
                f'flag "{expected_key}": target values must be context keys (strings)',
            )
            return None
        result = variation_at(index, EvaluationReason("TARGET_MATCH"))
        for context_key in values:
            targets.setdefault(context_key, result)
        return True

    _list_of(raw, "targets", at("targets"), problems, read_target)

    serve_context = _ServeContext(expected_key, count, off_index or 0, experiment_key is not None, variation_at)
    rule_ids: set[str] = set()

    def read_rule(item: object, item_path: str) -> CompiledRule | None:
        if not isinstance(item, dict):
            problems.add(item_path, f'flag "{expected_key}": a rule must be an object')
            return None
        rule_id = item.get("id")
        if not isinstance(rule_id, str) or rule_id == "":
            problems.add(pointer(item_path, "id"), f'flag "{expected_key}": a rule needs a non-empty string id')
            return None
        if rule_id in rule_ids:
            problems.add(pointer(item_path, "id"), f'flag "{expected_key}": duplicate rule id "{rule_id}"')
            return None
        rule_ids.add(rule_id)
        clauses = compile_clauses(item.get("clauses"), pointer(item_path, "clauses"), problems)
        serve = _compile_serve(
            item.get("serve"),
            pointer(item_path, "serve"),
            problems,
            serve_context,
            EvaluationReason("RULE_MATCH", rule_id=rule_id),
        )
        if clauses is None or serve is None:
            return None
        return CompiledRule(clauses, serve)

    rules = _list_of(raw, "rules", at("rules"), problems, read_rule)
    fallthrough = _compile_serve(raw.get("fallthrough"), at("fallthrough"), problems, serve_context, EvaluationReason("FALLTHROUGH"))

    if (
        problems.count > start
        or off is None
        or prerequisites is None
        or rules is None
        or fallthrough is None
        or version is None
        or off_index is None
    ):
        return None
    salt = raw.get("salt")
    return CompiledFlag(
        key=expected_key,
        version=version,
        enabled=bool(enabled),
        salt_prefix=utf8_bytes(f"{salt if isinstance(salt, str) else expected_key}."),
        variation_keys=tuple(variations.keys),
        off=off,
        prerequisites=tuple(
            CompiledPrerequisite(
                flag_key,
                variation_key,
                variation_at(
                    off_index,
                    EvaluationReason("PREREQUISITE_FAILED", prerequisite_key=flag_key),
                ),
            )
            for flag_key, variation_key in prerequisites
        ),
        targets=targets,
        rules=tuple(rules),
        fallthrough=fallthrough,
        experiment_key=experiment_key,
    )


def compile_segment(raw: object, expected_key: str, path: str, problems: ProblemList) -> CompiledSegment | None:
    """The compiled segment, or ``None`` when ``raw`` is malformed (reasons added to ``problems``)."""
    if not isinstance(raw, dict):
        problems.add(path, f'segment "{expected_key}" must be an object')
        return None
    start = problems.count

    def fail(field: str, message: str) -> None:
        problems.add(pointer(path, field), f'segment "{expected_key}": {field} {message}')

    if raw.get("key") != expected_key or not isinstance(raw.get("key"), str):
        fail("key", f'must equal the segment\'s key in segments ("{expected_key}")')
    if count_value(raw.get("version")) is None:
        fail("version", "must be an integer ≥ 0")
    included = _key_set(raw, "included", fail)
    excluded = _key_set(raw, "excluded", fail)
    rules: list[tuple[CompiledClause, ...]] = []
    raw_rules = raw.get("rules")
    if "rules" in raw and not isinstance(raw_rules, list):
        fail("rules", "must be an array")
    for index, rule in enumerate(raw_rules if isinstance(raw_rules, list) else []):
        rule_path = pointer(pointer(path, "rules"), index)
        if not isinstance(rule, dict):
            problems.add(rule_path, f'segment "{expected_key}": a rule must be {{ clauses: [...] }}')
            continue
        clauses = compile_clauses(rule.get("clauses"), pointer(rule_path, "clauses"), problems)
        if clauses is not None:
            rules.append(clauses)
    if problems.count > start:
        return None
    return CompiledSegment(expected_key, included, excluded, tuple(rules))


def compile_clauses(raw: object, path: str, problems: ProblemList) -> tuple[CompiledClause, ...] | None:
    """The clauses of a flag or segment rule, or ``None`` when any is malformed."""
    if not isinstance(raw, list):
        problems.add(path, "clauses must be an array")
        return None
    clauses = []
    for index, item in enumerate(raw):
        clause = compile_clause(item, pointer(path, index), problems)
        if clause is not None:
            clauses.append(clause)
    return tuple(clauses) if len(clauses) == len(raw) else None


class _ServeContext:
    __slots__ = ("count", "experiment_running", "flag_key", "off_index", "variation_at")

    def __init__(
        self,
        flag_key: str,
        count: int,
        off_index: int,
        experiment_running: bool,
        variation_at: Callable[[int, EvaluationReason], EvaluationResult[JsonValue]],
    ) -> None:
        self.flag_key = flag_key
        self.count = count
        self.off_index = off_index
        self.experiment_running = experiment_running
        self.variation_at = variation_at


def _compile_serve(
    raw: object,
    path: str,
    problems: ProblemList,
    context: _ServeContext,
    reason: EvaluationReason,
) -> CompiledServe | None:
    """A rule's ``serve`` or a flag's ``fallthrough``."""
    flag_key, count, variation_at = context.flag_key, context.count, context.variation_at

    def fail(where: str, message: str) -> None:
        problems.add(where, f'flag "{flag_key}": {message}')

    if not isinstance(raw, dict) or ("variation" in raw) == ("rollout" in raw):
        fail(path, "serve must be either { variation } or { rollout }")
        return None
    if "variation" in raw:
        index = _index_value(raw["variation"], count)
        if index is None:
            fail(pointer(path, "variation"), f"variation must be an index from 0 to {count - 1}")
            return None
        return FixedServe(variation_at(index, reason))
    rollout_path = pointer(path, "rollout")
    rollout = raw["rollout"]
    if not isinstance(rollout, dict):
        fail(rollout_path, "rollout must be an object")
        return None
    bucket_by = rollout.get("bucketBy")
    if bucket_by is None:
        bucket_by = "key"
    if not isinstance(bucket_by, str) or bucket_by == "":
        fail(pointer(rollout_path, "bucketBy"), "bucketBy must be a non-empty attribute name")
        return None
    weights = rollout.get("weights")
    weights_path = pointer(rollout_path, "weights")
    counts = [count_value(weight) for weight in weights] if isinstance(weights, list) else None
    if counts is None or any(weight is None for weight in counts):
        fail(weights_path, "weights must be integers ≥ 0 (thousandths of a percent)")
        return None
    if len(counts) != count:
        fail(weights_path, f"weights must number one per variation ({count}), not {len(counts)}")
        return None
    thresholds: list[int] = []
    total = 0
    for weight in counts:
        total += weight or 0
        thresholds.append(total)
    if total != BUCKET_COUNT:
        fail(weights_path, f"weights must sum to {BUCKET_COUNT}, not {total}")
        return None
    rollout_reason = (
        EvaluationReason(reason.kind, rule_id=reason.rule_id, in_experiment=True)
        if context.experiment_running
        else reason
    )
    return RolloutServe(
        bucket_by,
        tuple(thresholds),
        tuple(variation_at(index, rollout_reason) for index in range(count)),
        variation_at(context.off_index, reason),
    )


def _read_variations(raw: object, path: str, problems: ProblemList, flag_key: str) -> _Variations | None:
    if not isinstance(raw, list) or not raw:
        problems.add(path, f'flag "{flag_key}": variations must be a non-empty array')
        return None
    keys: list[str] = []
    values: list[JsonValue] = []
    for index, variation in enumerate(raw):
        at = pointer(path, index)
        if not isinstance(variation, dict) or not isinstance(variation.get("key"), str) or "value" not in variation:
            problems.add(at, f'flag "{flag_key}": a variation needs a string key and a value')
        elif variation["key"] in keys:
            problems.add(pointer(at, "key"), f'flag "{flag_key}": duplicate variation key "{variation["key"]}"')
        else:
            keys.append(variation["key"])
            values.append(variation["value"])
    return _Variations(keys, values) if len(keys) == len(raw) else None


def _read_experiment(raw: dict[str, object], fail: Callable[[str, str], None]) -> str | None:
    """The experiment's key while it is running, else ``None``."""
    if "experiment" not in raw:
        return None
    experiment = raw["experiment"]
    if (
        not isinstance(experiment, dict)
        or not isinstance(experiment.get("key"), str)
        or not isinstance(experiment.get("running"), bool)
    ):
        fail("experiment", "must be { key: string, running: boolean }")
        return None
    return experiment["key"] if experiment["running"] else None


def _list_of(
    owner: dict[str, object],
    field: str,
    path: str,
    problems: ProblemList,
    compile_item: Callable[[object, str], T | None],
) -> list[T] | None:
    """Reads the optional array ``owner[field]``, compiling each item. ``None`` when any item
    failed, so a flag is either compiled whole or rejected whole."""
    if field not in owner:
        return []
    raw = owner[field]
    if not isinstance(raw, list):
        problems.add(path, "must be an array")
        return None
    items: list[T] = []
    for index, item in enumerate(raw):
        compiled = compile_item(item, pointer(path, index))
        if compiled is not None:
            items.append(compiled)
    return items if len(items) == len(raw) else None


def _key_set(raw: dict[str, object], field: str, fail: Callable[[str, str], None]) -> frozenset[str]:
    if field not in raw:
        return frozenset()
    keys = raw[field]
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        fail(field, "must be an array of context keys (strings)")
        return frozenset()
    return frozenset(keys)


def _index_value(value: object, count: int) -> int | None:
    index = count_value(value)
    return index if index is not None and index < count else None

