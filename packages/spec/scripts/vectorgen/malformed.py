"""10-malformed.json: hand-made documents with broken flags, evaluated without validation.

Each case's context reaches the broken part, so the answer is ERROR/MALFORMED_FLAG with the
caller's default whether an implementation checks a flag lazily or all at once.
"""

from .builders import (BOOLEAN, case, clause, document, error, evaluation_file, fallthrough,
                       fixed, flag, rollout, rule)
from .reference import find_value

USER = {"key": "user-1"}


def broken_rule_flag(key: str, broken_clause) -> dict:
    return flag(key, rules=[rule("broken", [broken_clause], fixed(1))])


def raw(key: str, **fields) -> dict:
    """A flag object spelled out field by field, so a field can be absent or mistyped."""
    return {"key": key, **fields}


UNCOVERED = find_value("weights-short", "user-", lambda p: p >= 50000)

FLAGS = [
    flag("well-formed", fallthrough=fixed(1)),
    flag("off-index-out-of-range", enabled=False, off=5),
    flag("off-index-negative", enabled=False, off=-1),
    flag("off-index-fractional", enabled=False, off=0.5),
    flag("off-index-string", enabled=False, off="0"),
    flag("fallthrough-out-of-range", fallthrough=fixed(2)),
    raw("fallthrough-missing", version=1, enabled=True, variations=BOOLEAN, offVariation=0),
    flag("fallthrough-empty", fallthrough={}),
    flag("fallthrough-variation-string", fallthrough={"variation": "1"}),
    flag("target-out-of-range", targets=[{"variation": 9, "values": ["user-1"]}]),
    flag("target-values-not-array", targets=[{"variation": 1, "values": "user-1"}]),
    flag("rule-serve-out-of-range", rules=[rule("everyone", [], fixed(3))]),
    flag("rule-serve-negative", rules=[rule("everyone", [], fixed(-1))]),
    flag("weights-short", fallthrough=rollout([30000, 20000])),
    flag("weights-extra", fallthrough=rollout([0, 0, 100000])),
    flag("weights-strings", fallthrough=rollout(["50000", "50000"])),
    flag("weights-missing", fallthrough={"rollout": {"bucketBy": "key"}}),
    flag("bucket-by-number", fallthrough={"rollout": {"bucketBy": 5, "weights": [50000, 50000]}}),
    flag("salt-number", salt=5, fallthrough=rollout([50000, 50000])),
    flag("variations-empty", enabled=False, variations=[], off=0),
    flag("variations-not-array", variations={"off": False, "on": True}),
    flag("enabled-string", enabled="false"),
    flag("rules-not-array", rules={"r1": rule("r1", [], fixed(1))}),
    flag("rule-clauses-not-array", rules=[rule("r1", "everyone", fixed(1))]),
    flag("rule-without-serve", rules=[{"id": "r1", "clauses": []}]),
    broken_rule_flag("unknown-operator", clause("age", "between", [1, 10])),
    broken_rule_flag("clause-values-not-array", clause("plan", "in", "gold")),
    broken_rule_flag("regex-does-not-compile", clause("email", "matches", ["("])),
    broken_rule_flag("regex-lookahead", clause("email", "matches", ["^(?=admin)"])),
    broken_rule_flag("regex-backreference", clause("email", "matches", ["(a)\\1"])),
    broken_rule_flag("regex-too-long", clause("email", "matches", ["a" * 257])),
    broken_rule_flag("number-operator-string-value", clause("age", "lt", ["18"])),
    broken_rule_flag("semver-invalid-value", clause("version", "semverEq", ["v1.0.0"])),
    broken_rule_flag("date-without-zone", clause("signup", "before", ["2024-01-01T00:00"])),
    flag("prerequisites-not-array", prerequisites={"flag": "well-formed", "variation": "on"}),
    flag("needs-malformed", prerequisites=[{"flag": "off-index-out-of-range", "variation": "on"}],
         fallthrough=fixed(1)),
]

STRANGE_FLAGS = {"flag-is-string": "oops", "flag-is-number": 42, "flag-is-array": []}


def malformed_file() -> dict:
    context_for = {"weights-short": {"key": UNCOVERED}}
    why = {
        "off-index-out-of-range": "offVariation 5 of 2 variations",
        "off-index-negative": "offVariation -1",
        "off-index-fractional": "offVariation 0.5",
        "off-index-string": "offVariation \"0\" is a string",
        "fallthrough-out-of-range": "fallthrough variation 2 of 2",
        "fallthrough-missing": "no fallthrough",
        "fallthrough-empty": "fallthrough {} serves nothing",
        "fallthrough-variation-string": "fallthrough variation \"1\" is a string",
        "target-out-of-range": "the matching target's variation 9 of 2",
        "target-values-not-array": "target values is a string",
        "rule-serve-out-of-range": "the matching rule serves variation 3 of 2",
        "rule-serve-negative": "the matching rule serves variation -1",
        "weights-short": f"weights sum to 50000 and {UNCOVERED}'s bucket is above",
        "weights-extra": "the rollout lands on a third weight with two variations",
        "weights-strings": "weights are strings",
        "weights-missing": "a rollout without weights",
        "bucket-by-number": "bucketBy is a number",
        "salt-number": "salt is a number",
        "variations-empty": "no variations (offVariation 0 of none)",
        "variations-not-array": "variations is an object",
        "enabled-string": "enabled is the string \"false\"",
        "rules-not-array": "rules is an object",
        "rule-clauses-not-array": "a rule's clauses is a string",
        "rule-without-serve": "a matching rule has no serve",
        "unknown-operator": "unknown operator \"between\"",
        "clause-values-not-array": "clause values is a string",
        "regex-does-not-compile": "regex \"(\" does not compile",
        "regex-lookahead": "regex with a look-ahead (unportable)",
        "regex-backreference": "regex with a back-reference (unportable)",
        "regex-too-long": "regex of 257 characters",
        "number-operator-string-value": "lt with the string value \"18\"",
        "semver-invalid-value": "semverEq with the invalid version \"v1.0.0\"",
        "date-without-zone": "before with a date-time without zone",
        "prerequisites-not-array": "prerequisites is an object",
        "needs-malformed": "its prerequisite is malformed",
    }
    cases = []
    for number, flag_doc in enumerate(FLAGS[1:]):
        key = flag_doc["key"]
        context = context_for.get(key, {"key": "user-1", "age": 30, "plan": "gold",
                                        "email": "admin@example.com", "version": "1.0.0",
                                        "signup": "2023-06-01"})
        default = ["d", False, 0, None, {"fallback": True}][number % 5]
        cases.append(case(f"{key}: {why[key]} → MALFORMED_FLAG", key, context,
                          error(default, "MALFORMED_FLAG"), default=default))
    for key, description in (("flag-is-string", "a string"), ("flag-is-number", "a number"),
                             ("flag-is-array", "an array")):
        cases.append(case(f"{key}: the flag is {description} → MALFORMED_FLAG", key, USER,
                          error("d", "MALFORMED_FLAG"), default="d"))
    cases.append(case("a well-formed flag beside malformed ones evaluates normally",
                      "well-formed", USER, fallthrough(FLAGS[0], 1), default=False))
    doc = document(FLAGS)
    doc["flags"].update(STRANGE_FLAGS)
    return evaluation_file(
        "Malformed flags in a raw document (validateDocument rejects it): evaluation never "
        "throws and answers ERROR/MALFORMED_FLAG with the caller's default for the flag whose "
        "broken part it meets; other flags keep working.",
        doc, cases)
