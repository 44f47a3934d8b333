"""06-prerequisites.json and 06-prerequisite-failures.json."""

from .builders import (case, clause, document, error, evaluation_file, fallthrough, fixed, flag,
                       off, prerequisite_failed, rollout, rolled, rule, rule_match, target_match,
                       variations)
from .reference import bucket, find_value

FEATURE = variations(("fallback", "fallback"), ("feature", "feature"))


def needs(key: str, *prerequisites: tuple[str, str], **fields) -> dict:
    """A flag serving "feature" (fallthrough) once its prerequisites hold, else "fallback"."""
    fields.setdefault("fallthrough", fixed(1))
    return flag(key, variations=FEATURE,
                prerequisites=[{"flag": name, "variation": wanted}
                               for name, wanted in prerequisites],
                **fields)


BASE_ON = flag("base-on", fallthrough=fixed(1))
# Off, and its offVariation is "on": a prerequisite on it still fails (it must be enabled).
BASE_OFF = flag("base-off", enabled=False, off=1, fallthrough=fixed(1))
BASE_TARGETED = flag("base-targeted", targets=[{"variation": 1, "values": ["vip"]}])
BASE_PLAN = flag("base-plan", rules=[rule("pro", [clause("plan", "in", ["pro"])], fixed(1))])
# Variation keys and values deliberately disagree: prerequisites compare keys.
BASE_SWAPPED = flag("base-swapped", variations=[{"key": "on", "value": False},
                                               {"key": "off", "value": True}])
BASE_ROLLOUT = flag("base-rollout", fallthrough=rollout([50000, 50000]),
                    experiment={"key": "base-test", "running": True})
# Enabled, but its own prerequisite fails, so it serves its offVariation, whose key is "on".
GATE = flag("gate-serves-on-when-failing", off=1, fallthrough=fixed(0),
            prerequisites=[{"flag": "base-off", "variation": "on"}])

CHILD_SIMPLE = needs("child-of-on", ("base-on", "on"))
CHILD_OF_OFF = needs("child-of-off", ("base-off", "on"))
CHILD_OF_TARGETED = needs("child-of-targeted", ("base-targeted", "on"))
CHILD_WANTS_OFF = needs("child-wants-off", ("base-targeted", "off"))
CHILD_MULTI = needs("child-multi", ("base-on", "on"), ("base-plan", "on"),
                    ("base-targeted", "on"))
CHILD_CHAIN = needs("child-chain", ("child-of-targeted", "feature"))
CHILD_DISABLED = needs("child-disabled", ("base-off", "on"), enabled=False)
CHILD_TARGETS = needs("child-before-targets", ("base-plan", "on"), fallthrough=fixed(0),
                      targets=[{"variation": 1, "values": ["vip"]}])
CHILD_RULES = needs("child-then-rules", ("base-on", "on"), fallthrough=fixed(0),
                    rules=[rule("beta", [clause("beta", "in", [True])], fixed(1))])
DIAMOND_LEFT = needs("diamond-left", ("base-on", "on"))
DIAMOND_RIGHT = needs("diamond-right", ("base-on", "on"))
DIAMOND_TOP = needs("diamond-top", ("diamond-left", "feature"), ("diamond-right", "feature"))
REPEATED = needs("repeated-prerequisite", ("base-on", "on"), ("base-on", "on"))
CHILD_SWAPPED = needs("child-of-swapped", ("base-swapped", "on"))
CHILD_ROLLOUT = needs("child-of-rollout", ("base-rollout", "on"))
CHILD_GATE = needs("child-of-gate", ("gate-serves-on-when-failing", "on"))
CHILD_BOOLEAN_OFF = flag("boolean-child", variations=variations(("off", False), ("on", True)),
                         fallthrough=fixed(1),
                         prerequisites=[{"flag": "base-plan", "variation": "on"}])

FLAGS = [BASE_ON, BASE_OFF, BASE_TARGETED, BASE_PLAN, BASE_SWAPPED, BASE_ROLLOUT, GATE,
         CHILD_SIMPLE, CHILD_OF_OFF, CHILD_OF_TARGETED, CHILD_WANTS_OFF, CHILD_MULTI, CHILD_CHAIN,
         CHILD_DISABLED, CHILD_TARGETS, CHILD_RULES, DIAMOND_LEFT, DIAMOND_RIGHT, DIAMOND_TOP,
         REPEATED, CHILD_SWAPPED, CHILD_ROLLOUT, CHILD_GATE, CHILD_BOOLEAN_OFF]


def feature(flag_doc: dict) -> dict:
    return fallthrough(flag_doc, 1)


def prerequisites_file() -> dict:
    rollout_on = find_value("base-rollout", "user-", lambda point: point >= 50000)
    rollout_off = find_value("base-rollout", "user-", lambda point: point < 50000)
    assert rolled(BASE_ROLLOUT, [50000, 50000], rollout_on) == 1
    cases = [
        case("met: base-on serves on", "child-of-on", {"key": "u1"}, feature(CHILD_SIMPLE)),
        case("unmet: base-off is off, even though its offVariation is the named \"on\"",
             "child-of-off", {"key": "u1"}, prerequisite_failed(CHILD_OF_OFF, "base-off")),
        case("met through the prerequisite's target", "child-of-targeted", {"key": "vip"},
             feature(CHILD_OF_TARGETED)),
        case("unmet: the prerequisite falls through to off", "child-of-targeted",
             {"key": "u1"}, prerequisite_failed(CHILD_OF_TARGETED, "base-targeted")),
        case("a prerequisite may require the variation \"off\": met", "child-wants-off",
             {"key": "u1"}, feature(CHILD_WANTS_OFF)),
        case("a prerequisite may require the variation \"off\": unmet for the target",
             "child-wants-off", {"key": "vip"},
             prerequisite_failed(CHILD_WANTS_OFF, "base-targeted")),
        case("three prerequisites, all met", "child-multi", {"key": "vip", "plan": "pro"},
             feature(CHILD_MULTI)),
        case("three prerequisites, the third unmet", "child-multi",
             {"key": "u1", "plan": "pro"}, prerequisite_failed(CHILD_MULTI, "base-targeted")),
        case("three prerequisites, the second unmet", "child-multi",
             {"key": "vip", "plan": "free"}, prerequisite_failed(CHILD_MULTI, "base-plan")),
        case("three prerequisites, two unmet: the first failing one is named", "child-multi",
             {"key": "u1"}, prerequisite_failed(CHILD_MULTI, "base-plan")),
        case("chain of two: met", "child-chain", {"key": "vip"}, feature(CHILD_CHAIN)),
        case("chain of two: the middle flag fails its own prerequisite", "child-chain",
             {"key": "u1"}, prerequisite_failed(CHILD_CHAIN, "child-of-targeted")),
        case("a disabled flag is OFF before its prerequisites are looked at", "child-disabled",
             {"key": "u1"}, off(CHILD_DISABLED)),
        case("prerequisites come before targets: a listed key still fails",
             "child-before-targets", {"key": "vip", "plan": "free"},
             prerequisite_failed(CHILD_TARGETS, "base-plan")),
        case("prerequisites met, then targets apply", "child-before-targets",
             {"key": "vip", "plan": "pro"}, target_match(CHILD_TARGETS, 1)),
        case("prerequisites met, then the fallthrough", "child-before-targets",
             {"key": "u1", "plan": "pro"}, fallthrough(CHILD_TARGETS, 0)),
        case("prerequisites met, then rules apply", "child-then-rules",
             {"key": "u1", "beta": True}, rule_match(CHILD_RULES, 1, "beta")),
        case("a diamond (two paths to one flag) is not a cycle", "diamond-top", {"key": "u1"},
             feature(DIAMOND_TOP)),
        case("the same prerequisite listed twice is not a cycle", "repeated-prerequisite",
             {"key": "u1"}, feature(REPEATED)),
        case("prerequisites compare variation keys, not values", "child-of-swapped",
             {"key": "u1"}, feature(CHILD_SWAPPED)),
        case(f"met through a rollout: {rollout_on} is bucketed into on", "child-of-rollout",
             {"key": rollout_on}, feature(CHILD_ROLLOUT)),
        case(f"unmet through a rollout: {rollout_off} is bucketed into off", "child-of-rollout",
             {"key": rollout_off}, prerequisite_failed(CHILD_ROLLOUT, "base-rollout")),
        case("unmet: the prerequisite's rollout has no key to bucket by, so it serves off",
             "child-of-rollout", {"plan": "pro"},
             prerequisite_failed(CHILD_ROLLOUT, "base-rollout")),
        case("the prerequisite's experiment does not mark this flag's result",
             "child-of-rollout", {"key": rollout_on}, feature(CHILD_ROLLOUT), default="x"),
        case("met: an enabled prerequisite that failed its own prerequisite serves its "
             "offVariation, whose key is the named \"on\"", "child-of-gate", {"key": "u1"},
             feature(CHILD_GATE)),
        case("PREREQUISITE_FAILED serves offVariation, checked against the default's type",
             "boolean-child", {"key": "u1"}, error("x", "WRONG_TYPE"), default="x"),
        case("PREREQUISITE_FAILED with a boolean default of the same type", "boolean-child",
             {"key": "u1"}, prerequisite_failed(CHILD_BOOLEAN_OFF, "base-plan"), default=True),
        case("the prerequisite flag itself, evaluated directly", "base-off", {"key": "u1"},
             off(BASE_OFF)),
    ]
    assert bucket("base-rollout", rollout_off) < 50000
    return evaluation_file(
        "Prerequisites: each named flag is evaluated for the same context and must be enabled "
        "and serve the named variation key; the first that does not answers "
        "PREREQUISITE_FAILED with offVariation. Diamonds and repeats are not cycles.",
        document(FLAGS), cases)


# A raw document that validateDocument rejects (unknown flags, cycles, a malformed flag).
NEEDS_MISSING = needs("needs-missing-flag", ("no-such-flag", "on"))
NEEDS_MISSING_VARIATION = needs("needs-missing-variation", ("ok-flag", "no-such-variation"))
OK_FLAG = flag("ok-flag", fallthrough=fixed(1))
CYCLE_A = needs("cycle-a", ("cycle-b", "feature"))
CYCLE_B = needs("cycle-b", ("cycle-a", "feature"))
SELF_LOOP = needs("self-loop", ("self-loop", "feature"))
NEEDS_CYCLE = needs("needs-cycle", ("ok-flag", "on"), ("cycle-a", "feature"))
BROKEN = flag("broken", enabled=False, off=7)
NEEDS_BROKEN = needs("needs-broken", ("broken", "on"))
MISSING_FIRST = needs("missing-before-cycle", ("no-such-flag", "on"), ("cycle-a", "feature"))


def prerequisite_failures_file() -> dict:
    cases = [
        case("a prerequisite on an unknown flag fails like an unmet one", "needs-missing-flag",
             {"key": "u1"}, prerequisite_failed(NEEDS_MISSING, "no-such-flag")),
        case("a prerequisite on a variation key the flag lacks is unmet",
             "needs-missing-variation", {"key": "u1"},
             prerequisite_failed(NEEDS_MISSING_VARIATION, "ok-flag")),
        case("a two-flag prerequisite cycle is MALFORMED_FLAG (first member)", "cycle-a",
             {"key": "u1"}, error("d", "MALFORMED_FLAG"), default="d"),
        case("a two-flag prerequisite cycle is MALFORMED_FLAG (second member)", "cycle-b",
             {"key": "u1"}, error(None, "MALFORMED_FLAG"), default=None),
        case("a flag that is its own prerequisite is MALFORMED_FLAG", "self-loop",
             {"key": "u1"}, error(False, "MALFORMED_FLAG"), default=False),
        case("a prerequisite caught in a cycle makes the dependent flag MALFORMED_FLAG",
             "needs-cycle", {"key": "u1"}, error("d", "MALFORMED_FLAG"), default="d"),
        case("a malformed prerequisite (offVariation out of range) makes the dependent flag "
             "MALFORMED_FLAG", "needs-broken", {"key": "u1"}, error(0, "MALFORMED_FLAG"),
             default=0),
        case("the first failing prerequisite answers before a later one is evaluated",
             "missing-before-cycle", {"key": "u1"},
             prerequisite_failed(MISSING_FIRST, "no-such-flag")),
        case("flags outside the cycle evaluate normally", "ok-flag", {"key": "u1"},
             fallthrough(OK_FLAG, 1)),
    ]
    return evaluation_file(
        "Prerequisites in a raw document that validation would reject: unknown flags and "
        "variation keys fail like unmet prerequisites; cycles and malformed prerequisite flags "
        "answer ERROR/MALFORMED_FLAG with the caller's default.",
        document([OK_FLAG, NEEDS_MISSING, NEEDS_MISSING_VARIATION, CYCLE_A, CYCLE_B, SELF_LOOP,
                  NEEDS_CYCLE, BROKEN, NEEDS_BROKEN, MISSING_FIRST]), cases)
