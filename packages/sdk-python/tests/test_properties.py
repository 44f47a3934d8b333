"""Invariants of bucketing and evaluation, checked with Hypothesis."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flagswitch import bucket, evaluate
from helpers import document, flag, validated

keys = st.text(min_size=0, max_size=40)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10))
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=5), children, max_size=4)),
    max_leaves=12,
)


@given(salt=keys, value=keys)
def test_the_same_context_always_gets_the_same_bucket(salt: str, value: str) -> None:
    first = bucket(salt, value)
    assert 0 <= first < 100_000
    assert bucket(salt, value) == first


def _rollout_document(on_weight: int, salt: str) -> Any:
    return validated(
        document(
            flag(
                "rollout",
                salt=salt,
                fallthrough={"rollout": {"weights": [100_000 - on_weight, on_weight]}},
            )
        )
    )


@settings(max_examples=50, deadline=None)
@given(
    low=st.integers(min_value=0, max_value=100_000),
    extra=st.integers(min_value=0, max_value=100_000),
    salt=st.text(max_size=10),
)
def test_raising_a_rollout_only_adds_contexts(low: int, extra: int, salt: str) -> None:
    high = min(low + extra, 100_000)
    smaller, larger = _rollout_document(low, salt), _rollout_document(high, salt)
    for index in range(300):
        context = {"key": f"user-{index}"}
        if evaluate(smaller, "rollout", context, False).value is True:
            assert evaluate(larger, "rollout", context, False).value is True


def test_a_five_percent_rollout_raised_to_twenty_five_keeps_everyone_it_had() -> None:
    five, twenty_five = _rollout_document(5_000, ""), _rollout_document(25_000, "")
    enabled_before = {i for i in range(20_000) if evaluate(five, "rollout", {"key": f"u{i}"}, False).value}
    enabled_after = {i for i in range(20_000) if evaluate(twenty_five, "rollout", {"key": f"u{i}"}, False).value}
    assert enabled_before <= enabled_after
    assert 800 < len(enabled_before) < 1200
    assert 4600 < len(enabled_after) < 5400


@settings(max_examples=300, deadline=None)
@given(
    raw_document=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"flags": st.dictionaries(st.sampled_from(["f", "g"]), json_values, max_size=2)},
            optional={"segments": st.dictionaries(st.sampled_from(["s"]), json_values, max_size=1)},
        ),
    ),
    flag_key=st.one_of(st.sampled_from(["f", "g"]), json_scalars),
    context=json_values,
    default=json_values,
)
def test_evaluate_never_raises_whatever_it_is_given(
    raw_document: Any, flag_key: Any, context: Any, default: Any
) -> None:
    result = evaluate(raw_document, flag_key, context, default)
    assert result.reason.kind in {"OFF", "TARGET_MATCH", "RULE_MATCH", "FALLTHROUGH", "PREREQUISITE_FAILED", "ERROR"}
    if result.variation_index is None:
        assert result.value == default or result.value is default


@settings(max_examples=200, deadline=None)
@given(
    clauses=st.lists(
        st.fixed_dictionaries(
            {
                "attribute": st.sampled_from(["key", "plan", "age", "groups", "when"]),
                "op": st.sampled_from(
                    ["in", "startsWith", "endsWith", "contains", "matches", "lt", "lte", "gt", "gte",
                     "semverEq", "semverLt", "semverGt", "before", "after", "exists", "inSegment", "bogus"]
                ),
                "values": st.lists(json_scalars, max_size=3),
            },
            optional={"negate": st.booleans()},
        ),
        max_size=3,
    ),
    context=st.dictionaries(st.sampled_from(["key", "plan", "age", "groups", "when"]), json_values, max_size=5),
)
def test_evaluating_arbitrary_rules_of_a_raw_document_never_raises(clauses: Any, context: Any) -> None:
    raw = document(flag("f", rules=[{"id": "r", "clauses": clauses, "serve": {"variation": 1}}]))
    result = evaluate(raw, "f", context, False)
    assert isinstance(result.value, bool)
