"""Small constructors for documents, flags, cases and expected results.

Expectations are written by hand in the topic modules: these helpers only spell out the JSON
(value, variationIndex, variationKey and reason) of an answer the author already decided.
"""

import json

from .reference import rollout_index

SPEC_VERSION = 1

# `default` absent from a case means "no default given"; None would mean JSON null.
NO_DEFAULT = object()


def document(flags: list[dict], segments: list[dict] | None = None, **extra) -> dict:
    return {
        "schemaVersion": 1,
        "environment": "vectors",
        "version": 1,
        "flags": {flag["key"]: flag for flag in flags},
        "segments": {segment["key"]: segment for segment in segments or []},
        **extra,
    }


def variations(*keys_and_values) -> list[dict]:
    """variations(("off", False), ("on", True)) → [{key, value}, …]."""
    return [{"key": key, "value": value} for key, value in keys_and_values]


BOOLEAN = variations(("off", False), ("on", True))


def flag(key: str, *, enabled: bool = True, variations=BOOLEAN, off: int = 0,
         fallthrough: dict | None = None, **fields) -> dict:
    result = {
        "key": key,
        "version": 1,
        "enabled": enabled,
        "variations": variations,
        "offVariation": off,
    }
    result.update(fields)
    result["fallthrough"] = fallthrough if fallthrough is not None else {"variation": 0}
    return result


def segment(key: str, **fields) -> dict:
    return {"key": key, "version": 1, **fields}


def clause(attribute: str, op: str, values: list, negate: bool | None = None) -> dict:
    result = {"attribute": attribute, "op": op, "values": values}
    if negate is not None:
        result["negate"] = negate
    return result


def rule(rule_id: str, clauses: list[dict], serve: dict) -> dict:
    return {"id": rule_id, "clauses": clauses, "serve": serve}


def fixed(index: int) -> dict:
    return {"variation": index}


def rollout(weights: list[int], bucket_by: str | None = None) -> dict:
    spec = {"weights": weights}
    if bucket_by is not None:
        spec["bucketBy"] = bucket_by
    return {"rollout": spec}


def case(description: str, flag_key: str, context, expected: dict, default=NO_DEFAULT) -> dict:
    result = {"description": description, "flagKey": flag_key, "context": context}
    if default is not NO_DEFAULT:
        result["default"] = default
    result["expected"] = expected
    return result


def served(flag_doc: dict, index: int, kind: str, *, rule_id: str | None = None,
           prerequisite: str | None = None, in_experiment: bool = False) -> dict:
    """The flag's variation `index` was served for `kind`."""
    variation = flag_doc["variations"][index]
    reason = {"kind": kind}
    if rule_id is not None:
        reason["ruleId"] = rule_id
    if prerequisite is not None:
        reason["prerequisiteKey"] = prerequisite
    if in_experiment:
        reason["inExperiment"] = True
    return {
        "value": variation["value"],
        "variationIndex": index,
        "variationKey": variation["key"],
        "reason": reason,
    }


def off(flag_doc: dict) -> dict:
    return served(flag_doc, flag_doc["offVariation"], "OFF")


def fallthrough(flag_doc: dict, index: int, *, in_experiment: bool = False) -> dict:
    return served(flag_doc, index, "FALLTHROUGH", in_experiment=in_experiment)


def rule_match(flag_doc: dict, index: int, rule_id: str, *, in_experiment: bool = False) -> dict:
    return served(flag_doc, index, "RULE_MATCH", rule_id=rule_id, in_experiment=in_experiment)


def target_match(flag_doc: dict, index: int) -> dict:
    return served(flag_doc, index, "TARGET_MATCH")


def prerequisite_failed(flag_doc: dict, prerequisite_key: str) -> dict:
    return served(flag_doc, flag_doc["offVariation"], "PREREQUISITE_FAILED",
                  prerequisite=prerequisite_key)


def error(default, error_kind: str) -> dict:
    """The caller's default was served."""
    return {
        "value": default,
        "variationIndex": None,
        "variationKey": None,
        "reason": {"kind": "ERROR", "errorKind": error_kind},
    }


def salt_of(flag_doc: dict) -> str:
    return flag_doc.get("salt", flag_doc["key"])


def rolled(flag_doc: dict, weights: list[int], value: str) -> int:
    """The variation a rollout with `weights` gives to bucketing value `value` (reference hash)."""
    index = rollout_index(salt_of(flag_doc), value, weights)
    if index is None:
        raise ValueError(f"weights {weights} do not cover {value!r} for flag {flag_doc['key']}")
    return index


def show(value) -> str:
    """A value as JSON text for descriptions; lone surrogates written as escapes."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(f"\\u{ord(ch):04x}" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def evaluation_file(description: str, doc: dict, cases: list[dict]) -> dict:
    return {"specVersion": SPEC_VERSION, "description": description, "document": doc,
            "cases": cases}
