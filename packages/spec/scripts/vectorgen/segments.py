"""05-segments.json and 05-segment-cycles.json: segment membership, nesting, and cycles."""

from .builders import (case, clause, document, error, evaluation_file, fallthrough, fixed, flag,
                       rule, rule_match, segment)

BETA = segment(
    "beta", included=["alice", "both"], excluded=["both", "mallory"],
    rules=[{"clauses": [clause("email", "endsWith", ["@beta.example"])]}],
)
EMPTY = segment("empty-segment")
EVERYONE = segment("everyone", rules=[{"clauses": []}])
ENTERPRISE = segment("enterprise", rules=[
    {"clauses": [clause("plan", "in", ["enterprise"]), clause("seats", "gte", [100])]},
    {"clauses": [clause("plan", "in", ["strategic"])]},
])
NESTED = segment("nested", excluded=["alice"],
                 rules=[{"clauses": [clause("key", "inSegment", ["beta"])]}])
DEEP = segment("deep", rules=[{"clauses": [clause("key", "inSegment", ["nested"])]}])
ALL_BUT_X = segment("all-but-x", excluded=["x"], rules=[{"clauses": []}])
GROUPS = segment("staff-groups", rules=[
    {"clauses": [clause("groups", "in", ["staff"]), clause("groups", "in", ["berlin"])]},
])
NOT_BETA_RULE = segment("outside-beta", rules=[
    {"clauses": [clause("key", "inSegment", ["beta"], negate=True)]},
])

SEGMENTS = [BETA, EMPTY, EVERYONE, ENTERPRISE, NESTED, DEEP, ALL_BUT_X, GROUPS, NOT_BETA_RULE]


def in_segments_flag(key: str, segment_keys: list[str], negate: bool | None = None) -> dict:
    return flag(key, rules=[
        rule("member", [clause("key", "inSegment", segment_keys, negate)], fixed(1)),
    ])


SEG_BETA = in_segments_flag("seg-beta", ["beta"])
SEG_NOT_BETA = in_segments_flag("seg-not-beta", ["beta"], negate=True)
SEG_ANY = in_segments_flag("seg-any", ["empty-segment", "enterprise"])
SEG_EMPTY = in_segments_flag("seg-empty", ["empty-segment"])
SEG_EVERYONE = in_segments_flag("seg-everyone", ["everyone"])
SEG_NESTED = in_segments_flag("seg-nested", ["nested"])
SEG_DEEP = in_segments_flag("seg-deep", ["deep"])
SEG_ALL_BUT_X = in_segments_flag("seg-all-but-x", ["all-but-x"])
SEG_GROUPS = in_segments_flag("seg-staff-groups", ["staff-groups"])
SEG_OUTSIDE = in_segments_flag("seg-outside-beta", ["outside-beta"])
SEG_AND_PLAN = flag("seg-beta-and-pro", rules=[
    rule("member", [clause("key", "inSegment", ["beta"]), clause("plan", "in", ["pro"])],
         fixed(1)),
])

FLAGS = [SEG_BETA, SEG_NOT_BETA, SEG_ANY, SEG_EMPTY, SEG_EVERYONE, SEG_NESTED, SEG_DEEP,
         SEG_ALL_BUT_X, SEG_GROUPS, SEG_OUTSIDE, SEG_AND_PLAN]


def member(flag_doc: dict) -> dict:
    return rule_match(flag_doc, 1, "member")


def outsider(flag_doc: dict) -> dict:
    return fallthrough(flag_doc, 0)


def segments_file() -> dict:
    cases = [
        case("beta: included key", "seg-beta", {"key": "alice"}, member(SEG_BETA)),
        case("beta: included beats excluded when a key is in both", "seg-beta", {"key": "both"},
             member(SEG_BETA)),
        case("beta: excluded key even though the segment rule matches", "seg-beta",
             {"key": "mallory", "email": "mallory@beta.example"}, outsider(SEG_BETA)),
        case("beta: segment rule matches", "seg-beta",
             {"key": "bob", "email": "bob@beta.example"}, member(SEG_BETA)),
        case("beta: segment rule does not match", "seg-beta",
             {"key": "bob", "email": "bob@other.example"}, outsider(SEG_BETA)),
        case("beta: no key, segment rule matches", "seg-beta", {"email": "anon@beta.example"},
             member(SEG_BETA)),
        case("beta: no key, no attributes", "seg-beta", {}, outsider(SEG_BETA)),
        case("beta: included list is case-sensitive", "seg-beta", {"key": "Alice"},
             outsider(SEG_BETA)),
        case("not in beta: included key", "seg-not-beta", {"key": "alice"},
             outsider(SEG_NOT_BETA)),
        case("not in beta: excluded key", "seg-not-beta", {"key": "mallory"},
             member(SEG_NOT_BETA)),
        case("not in beta: unlisted key without attributes", "seg-not-beta", {"key": "carol"},
             member(SEG_NOT_BETA)),
        case("any of [empty-segment, enterprise]: enterprise with 150 seats", "seg-any",
             {"key": "c1", "plan": "enterprise", "seats": 150}, member(SEG_ANY)),
        case("any of [empty-segment, enterprise]: enterprise with 50 seats (clauses are ANDed)",
             "seg-any", {"key": "c2", "plan": "enterprise", "seats": 50}, outsider(SEG_ANY)),
        case("any of [empty-segment, enterprise]: strategic (rules are ORed)", "seg-any",
             {"key": "c3", "plan": "strategic"}, member(SEG_ANY)),
        case("any of [empty-segment, enterprise]: neither", "seg-any",
             {"key": "c4", "plan": "free", "seats": 500}, outsider(SEG_ANY)),
        case("a segment with no lists and no rules contains nobody", "seg-empty",
             {"key": "alice"}, outsider(SEG_EMPTY)),
        case("a segment rule without clauses contains everybody", "seg-everyone",
             {"key": "anyone"}, member(SEG_EVERYONE)),
        case("a segment rule without clauses contains even the empty context", "seg-everyone",
             {}, member(SEG_EVERYONE)),
        case("nested: member of beta through its rule", "seg-nested",
             {"key": "bob", "email": "bob@beta.example"}, member(SEG_NESTED)),
        case("nested: excluded in the outer segment though included in beta", "seg-nested",
             {"key": "alice"}, outsider(SEG_NESTED)),
        case("nested: not in beta", "seg-nested", {"key": "dave"}, outsider(SEG_NESTED)),
        case("two levels deep: member through nested → beta", "seg-deep",
             {"key": "bob", "email": "bob@beta.example"}, member(SEG_DEEP)),
        case("two levels deep: excluded one level down", "seg-deep", {"key": "alice"},
             outsider(SEG_DEEP)),
        case("excluded list before a catch-all rule: excluded key", "seg-all-but-x",
             {"key": "x"}, outsider(SEG_ALL_BUT_X)),
        case("excluded list before a catch-all rule: other key", "seg-all-but-x", {"key": "y"},
             member(SEG_ALL_BUT_X)),
        case("segment rule on an array attribute: both groups present", "seg-staff-groups",
             {"key": "e1", "groups": ["staff", "berlin", "ops"]}, member(SEG_GROUPS)),
        case("segment rule on an array attribute: one group missing", "seg-staff-groups",
             {"key": "e2", "groups": ["staff", "paris"]}, outsider(SEG_GROUPS)),
        case("segment rule with a negated inSegment: outside beta", "seg-outside-beta",
             {"key": "zoe"}, member(SEG_OUTSIDE)),
        case("segment rule with a negated inSegment: in beta", "seg-outside-beta",
             {"key": "alice"}, outsider(SEG_OUTSIDE)),
        case("inSegment combined with another clause: both hold", "seg-beta-and-pro",
             {"key": "alice", "plan": "pro"}, member(SEG_AND_PLAN)),
        case("inSegment combined with another clause: plan differs", "seg-beta-and-pro",
             {"key": "alice", "plan": "free"}, outsider(SEG_AND_PLAN)),
    ]
    return evaluation_file(
        "Segments: included wins, then excluded, then any rule whose clauses all match; "
        "nested segments; inSegment with negate and beside other clauses.",
        document(FLAGS, SEGMENTS), cases)


LOOP_A = segment("loop-a", rules=[{"clauses": [clause("key", "inSegment", ["loop-b"])]}])
LOOP_B = segment("loop-b", rules=[{"clauses": [clause("key", "inSegment", ["loop-a"])]}])
SELF = segment("self-loop", rules=[{"clauses": [clause("key", "inSegment", ["self-loop"])]}])
FINE = segment("fine", included=["u"])

USES_LOOP = in_segments_flag("uses-loop", ["loop-a"])
USES_LOOP_NEGATED = in_segments_flag("uses-loop-negated", ["loop-b"], negate=True)
USES_SELF = in_segments_flag("uses-self-loop", ["self-loop"])
USES_FINE = in_segments_flag("uses-fine", ["fine"])


def segment_cycles_file() -> dict:
    cases = [
        case("a segment cycle (loop-a → loop-b → loop-a) is MALFORMED_FLAG", "uses-loop",
             {"key": "u"}, error(False, "MALFORMED_FLAG"), default=False),
        case("a segment cycle serves the caller's default, whatever its value", "uses-loop",
             {"key": "v", "plan": "pro"}, error("fallback", "MALFORMED_FLAG"),
             default="fallback"),
        case("negate does not turn a segment cycle into a match", "uses-loop-negated",
             {"key": "u"}, error(True, "MALFORMED_FLAG"), default=True),
        case("a segment that lists itself is MALFORMED_FLAG", "uses-self-loop", {"key": "u"},
             error(False, "MALFORMED_FLAG"), default=False),
        case("a flag using another segment of the same document is unaffected", "uses-fine",
             {"key": "u"}, member(USES_FINE), default=False),
        case("a flag using another segment of the same document: non-member", "uses-fine",
             {"key": "w"}, outsider(USES_FINE), default=False),
    ]
    return evaluation_file(
        "Segment cycles in a raw document (validateDocument rejects it): a flag that meets "
        "the cycle answers ERROR/MALFORMED_FLAG, never a stack overflow; other flags work.",
        document([USES_LOOP, USES_LOOP_NEGATED, USES_SELF, USES_FINE],
                 [LOOP_A, LOOP_B, SELF, FINE]), cases)
