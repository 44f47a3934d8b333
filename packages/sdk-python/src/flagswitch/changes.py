"""Which flags a new document changed: the flags whose own definition differs, then every flag
that may now evaluate differently because of them (rules naming a changed segment,
prerequisites on a changed flag)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .document import FlagDocument

__all__ = ["changed_flag_keys"]


def changed_flag_keys(before: FlagDocument | None, after: FlagDocument) -> frozenset[str]:
    if before is None:
        return frozenset(after.flags)
    changed = _changed_keys(before.flags, after.flags)
    changed_segments = _changed_keys(before.segments, after.segments)
    if not changed and not changed_segments:
        return frozenset()

    # Segments that include a changed segment changed too, transitively.
    segment_users = _reverse_index(after.segments, _segment_references)
    pending = list(changed_segments)
    while pending:
        for user in segment_users.get(pending.pop(), ()):
            if user not in changed_segments:
                changed_segments.add(user)
                pending.append(user)
    for key, flag in after.flags.items():
        if key not in changed and _rule_segment_references(flag) & changed_segments:
            changed.add(key)

    # Flags with a prerequisite on a changed flag changed too, transitively.
    dependents = _reverse_index(after.flags, _prerequisite_references)
    pending = list(changed)
    while pending:
        for dependent in dependents.get(pending.pop(), ()):
            if dependent not in changed:
                changed.add(dependent)
                pending.append(dependent)
    return frozenset(changed)


def _changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    changed = {key for key in before if key not in after}
    for key, item in after.items():
        previous = before.get(key)
        # A patch keeps every other item as the same object: identity settles most of them.
        if previous is not item and previous != item:
            changed.add(key)
    return changed


def _reverse_index(
    items: Mapping[str, Any], references: Callable[[object], set[str]]
) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for key, item in items.items():
        for referenced in references(item):
            index.setdefault(referenced, []).append(key)
    return index


def _clause_segments(rules: object) -> set[str]:
    keys: set[str] = set()
    for rule in rules if isinstance(rules, list) else []:
        clauses = rule.get("clauses") if isinstance(rule, dict) else None
        for clause in clauses if isinstance(clauses, list) else []:
            if isinstance(clause, dict) and clause.get("op") == "inSegment":
                values = clause.get("values")
                if isinstance(values, list):
                    keys.update(value for value in values if isinstance(value, str))
    return keys


def _segment_references(segment: object) -> set[str]:
    return _clause_segments(segment.get("rules")) if isinstance(segment, dict) else set()


def _rule_segment_references(flag: object) -> set[str]:
    return _clause_segments(flag.get("rules")) if isinstance(flag, dict) else set()


def _prerequisite_references(flag: object) -> set[str]:
    prerequisites = flag.get("prerequisites") if isinstance(flag, dict) else None
    return {
        item["flag"]
        for item in (prerequisites if isinstance(prerequisites, list) else [])
        if isinstance(item, dict) and isinstance(item.get("flag"), str)
    }
