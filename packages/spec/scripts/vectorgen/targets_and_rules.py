"""07-targets-and-rule-order.json: targets first, then rules in order, then the fallthrough."""

from .builders import (case, clause, document, evaluation_file, fallthrough, fixed, flag, rule,
                       rule_match, target_match, variations)

ORDERED = flag(
    "ordered",
    variations=variations(("a", "a"), ("b", "b"), ("c", "c"), ("d", "d")),
    targets=[
        {"variation": 1, "values": ["t1", "both"]},
        {"variation": 2, "values": ["both", "t2"]},
        {"variation": 0, "values": []},
        {"variation": 3, "values": ["7"]},
    ],
    rules=[
        rule("pro-only", [clause("plan", "in", ["pro"])], fixed(3)),
        rule("pro-or-free", [clause("plan", "in", ["pro", "free"])], fixed(2)),
        rule("team-in-germany", [clause("plan", "in", ["team"]), clause("country", "in", ["DE"])],
             fixed(1)),
    ],
)
CATCH_ALL = flag(
    "catch-all",
    variations=variations(("fallthrough", "fallthrough"), ("beta", "beta"),
                          ("everyone", "everyone")),
    rules=[
        rule("beta", [clause("beta", "in", [True])], fixed(1)),
        rule("everyone", [], fixed(2)),
        rule("unreachable", [clause("beta", "in", [False])], fixed(1)),
    ],
)
SAME_VARIATION = flag(
    "same-variation-different-reasons",
    targets=[{"variation": 1, "values": ["listed"]}],
    rules=[rule("règle-✓", [clause("plan", "in", ["pro"])], fixed(1))],
    fallthrough=fixed(1),
)
UNICODE_TARGETS = flag("unicode-targets", targets=[{"variation": 1, "values": ["用户-😀", "é"]}])


def targets_and_rules_file() -> dict:
    cases = [
        case("key in the first target", "ordered", {"key": "t1"}, target_match(ORDERED, 1)),
        case("key in two targets: the first listing wins", "ordered", {"key": "both"},
             target_match(ORDERED, 1)),
        case("key in the second target", "ordered", {"key": "t2"}, target_match(ORDERED, 2)),
        case("a target beats a matching rule", "ordered", {"key": "t1", "plan": "pro"},
             target_match(ORDERED, 1)),
        case("target values are case-sensitive", "ordered", {"key": "T1"},
             fallthrough(ORDERED, 0)),
        case("rules are tried in order: the first matching rule wins", "ordered",
             {"key": "x", "plan": "pro"}, rule_match(ORDERED, 3, "pro-only")),
        case("rules are tried in order: the second rule", "ordered",
             {"key": "x", "plan": "free"}, rule_match(ORDERED, 2, "pro-or-free")),
        case("all clauses of a rule must match: both do", "ordered",
             {"key": "x", "plan": "team", "country": "DE"}, rule_match(ORDERED, 1,
                                                                       "team-in-germany")),
        case("all clauses of a rule must match: one does not", "ordered",
             {"key": "x", "plan": "team", "country": "AT"}, fallthrough(ORDERED, 0)),
        case("no target, no rule: fallthrough", "ordered", {"key": "x", "plan": "other"},
             fallthrough(ORDERED, 0)),
        case("no key: targets are skipped, rules still apply", "ordered", {"plan": "pro"},
             rule_match(ORDERED, 3, "pro-only")),
        case("no key: an empty target list matches nobody", "ordered", {},
             fallthrough(ORDERED, 0)),
        case("the string key \"7\" matches the target listing \"7\"", "ordered", {"key": "7"},
             target_match(ORDERED, 3)),
        case("the number key 7 never matches a target (keys are strings)", "ordered",
             {"key": 7}, fallthrough(ORDERED, 0)),
        case("an earlier specific rule", "catch-all", {"key": "x", "beta": True},
             rule_match(CATCH_ALL, 1, "beta")),
        case("a rule without clauses matches everybody", "catch-all", {"key": "x"},
             rule_match(CATCH_ALL, 2, "everyone")),
        case("a rule without clauses matches the empty context", "catch-all", {},
             rule_match(CATCH_ALL, 2, "everyone")),
        case("rules after a catch-all are never reached", "catch-all",
             {"key": "x", "beta": False}, rule_match(CATCH_ALL, 2, "everyone")),
        case("same variation by target: TARGET_MATCH", "same-variation-different-reasons",
             {"key": "listed", "plan": "pro"}, target_match(SAME_VARIATION, 1)),
        case("same variation by rule: RULE_MATCH with a Unicode rule id",
             "same-variation-different-reasons", {"key": "other", "plan": "pro"},
             rule_match(SAME_VARIATION, 1, "règle-✓")),
        case("same variation by fallthrough: FALLTHROUGH", "same-variation-different-reasons",
             {"key": "other"}, fallthrough(SAME_VARIATION, 1)),
        case("Unicode target key", "unicode-targets", {"key": "用户-😀"},
             target_match(UNICODE_TARGETS, 1)),
        case("precomposed é is not e + U+0301 (no normalisation)", "unicode-targets",
             {"key": "e\u0301"}, fallthrough(UNICODE_TARGETS, 0)),
        case("precomposed é target key", "unicode-targets", {"key": "é"},
             target_match(UNICODE_TARGETS, 1)),
    ]
    return evaluation_file(
        "Targets (the context's string key, first listing wins) come before rules; rules are "
        "tried in order, every clause must match, a rule without clauses matches everybody; "
        "then the fallthrough.",
        document([ORDERED, CATCH_ALL, SAME_VARIATION, UNICODE_TARGETS]), cases)
