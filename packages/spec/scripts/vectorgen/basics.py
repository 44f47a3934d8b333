"""03-basics.json: unknown flags, off flags, the default and its type, odd contexts."""

from .builders import (case, clause, document, error, evaluation_file, fallthrough, fixed, flag,
                       off, rule, rule_match, target_match, variations)

BOOL = flag("bool-flag", fallthrough=fixed(1))
DISABLED = flag(
    "disabled-flag", enabled=False, fallthrough=fixed(1),
    targets=[{"variation": 1, "values": ["user-1"]}],
    rules=[rule("everyone", [], fixed(1))],
)
OFF_SECOND = flag("off-serves-second", enabled=False,
                  variations=variations(("a", "first"), ("b", "second")), off=1)
STRING = flag("string-flag", variations=variations(("blue", "blue"), ("green", "green")),
              fallthrough=fixed(1))
NUMBER = flag("number-flag", variations=variations(("small", 1), ("large", 2.5)),
              fallthrough=fixed(1))
OBJECT = flag("object-flag", variations=variations(
    ("config-a", {"limit": 10, "tags": ["x", "y"], "nested": {"on": True}}),
    ("config-b", {}),
))
ARRAY = flag("array-flag", variations=variations(("list", [1, "two", None, {"three": 3}])))
NULL = flag("null-flag", variations=variations(("nothing", None)))
FALSY = flag(
    "falsy-values",
    variations=variations(("zero", 0), ("empty", ""), ("false", False)),
    rules=[
        rule("want-empty", [clause("want", "in", ["empty"])], fixed(1)),
        rule("want-false", [clause("want", "in", ["false"])], fixed(2)),
    ],
)
UNICODE = flag("unicode-ключ-🚀", variations=variations(("ü", "ünïcødé ✓")))
PROTO = flag("__proto__", variations=variations(("proto", "a flag may be called __proto__")))
PROBE = flag(
    "context-probe",
    variations=variations(("empty", "empty"), ("length", "length"), ("index-0", "index-0"),
                          ("constructor", "constructor"), ("proto", "proto"),
                          ("tostring", "tostring"), ("has-key", "has-key")),
    rules=[
        rule("length", [clause("length", "exists", [])], fixed(1)),
        rule("index-0", [clause("0", "exists", [])], fixed(2)),
        rule("constructor", [clause("constructor", "exists", [])], fixed(3)),
        rule("proto", [clause("__proto__", "exists", [])], fixed(4)),
        rule("tostring", [clause("toString", "exists", [])], fixed(5)),
        rule("key", [clause("key", "exists", [])], fixed(6)),
    ],
)
KEY_TYPES = flag(
    "key-types",
    variations=variations(("none", "none"), ("target", "target"), ("number-key", "number-key")),
    targets=[{"variation": 1, "values": ["42"]}],
    rules=[rule("numeric-key", [clause("key", "in", [42])], fixed(2))],
)

FLAGS = [BOOL, DISABLED, OFF_SECOND, STRING, NUMBER, OBJECT, ARRAY, NULL, FALSY, UNICODE, PROTO,
         PROBE, KEY_TYPES]

USER = {"key": "user-1"}


def basics_file() -> dict:
    cases = [
        # Unknown flags
        case("unknown flag serves the boolean default", "no-such-flag", USER,
             error(False, "FLAG_NOT_FOUND"), default=False),
        case("unknown flag serves the string default", "no-such-flag", USER,
             error("fallback", "FLAG_NOT_FOUND"), default="fallback"),
        case("unknown flag serves an object default as given", "no-such-flag", USER,
             error({"a": [1, 2]}, "FLAG_NOT_FOUND"), default={"a": [1, 2]}),
        case("unknown flag serves a null default", "no-such-flag", USER,
             error(None, "FLAG_NOT_FOUND"), default=None),
        case("flag keys are case-sensitive: BOOL-FLAG is unknown", "BOOL-FLAG", USER,
             error(True, "FLAG_NOT_FOUND"), default=True),
        case("empty flag key is unknown", "", USER, error(1, "FLAG_NOT_FOUND"), default=1),
        case("\"constructor\" is not a flag (no inherited properties)", "constructor", USER,
             error("d", "FLAG_NOT_FOUND"), default="d"),
        case("\"toString\" is not a flag (no inherited properties)", "toString", USER,
             error("d", "FLAG_NOT_FOUND"), default="d"),
        case("\"hasOwnProperty\" is not a flag (no inherited properties)", "hasOwnProperty", USER,
             error("d", "FLAG_NOT_FOUND"), default="d"),
        case("a flag whose key is __proto__ is found like any other", "__proto__", USER,
             fallthrough(PROTO, 0)),
        case("Unicode flag key", "unicode-ключ-🚀", USER, fallthrough(UNICODE, 0),
             default="x"),
        # Plain serving and the default's type
        case("enabled flag serves its fallthrough variation, no default given", "bool-flag", USER,
             fallthrough(BOOL, 1)),
        case("boolean default of the same type accepts the value", "bool-flag", USER,
             fallthrough(BOOL, 1), default=False),
        case("string default for a boolean flag: WRONG_TYPE serves the default", "bool-flag",
             USER, error("yes", "WRONG_TYPE"), default="yes"),
        case("number default for a boolean flag: WRONG_TYPE (true is not 1)", "bool-flag", USER,
             error(1, "WRONG_TYPE"), default=1),
        case("null default accepts a boolean value", "bool-flag", USER, fallthrough(BOOL, 1),
             default=None),
        case("object default accepts a boolean value", "bool-flag", USER, fallthrough(BOOL, 1),
             default={}),
        case("array default accepts a boolean value", "bool-flag", USER, fallthrough(BOOL, 1),
             default=[]),
        case("empty-string default accepts a string value", "string-flag", USER,
             fallthrough(STRING, 1), default=""),
        case("boolean default for a string flag: WRONG_TYPE", "string-flag", USER,
             error(True, "WRONG_TYPE"), default=True),
        case("number default for a string flag: WRONG_TYPE", "string-flag", USER,
             error(0, "WRONG_TYPE"), default=0),
        case("integer default accepts a fractional number value", "number-flag", USER,
             fallthrough(NUMBER, 1), default=0),
        case("string default for a number flag: WRONG_TYPE (\"0\" is not 0)", "number-flag",
             USER, error("0", "WRONG_TYPE"), default="0"),
        case("object value served without a default", "object-flag", USER,
             fallthrough(OBJECT, 0)),
        case("object value accepted by an object default", "object-flag", USER,
             fallthrough(OBJECT, 0), default={"limit": 1}),
        case("object value accepted by an array default", "object-flag", USER,
             fallthrough(OBJECT, 0), default=[]),
        case("object value with a string default: WRONG_TYPE", "object-flag", USER,
             error("{}", "WRONG_TYPE"), default="{}"),
        case("object value with a boolean default: WRONG_TYPE", "object-flag", USER,
             error(False, "WRONG_TYPE"), default=False),
        case("array value accepted by an array default", "array-flag", USER,
             fallthrough(ARRAY, 0), default=[]),
        case("array value with a number default: WRONG_TYPE", "array-flag", USER,
             error(3, "WRONG_TYPE"), default=3),
        case("null value served with a null default", "null-flag", USER, fallthrough(NULL, 0),
             default=None),
        case("null value served without a default", "null-flag", USER, fallthrough(NULL, 0)),
        case("null value with a boolean default: WRONG_TYPE (null is not a boolean)",
             "null-flag", USER, error(True, "WRONG_TYPE"), default=True),
        case("the value 0 is served, not the number default", "falsy-values", USER,
             fallthrough(FALSY, 0), default=7),
        case("the value \"\" is served, not the string default", "falsy-values",
             {"key": "user-1", "want": "empty"}, rule_match(FALSY, 1, "want-empty"),
             default="fallback"),
        case("the value false is served, not the boolean default", "falsy-values",
             {"key": "user-1", "want": "false"}, rule_match(FALSY, 2, "want-false"),
             default=True),
        # Off
        case("disabled flag serves offVariation with OFF", "disabled-flag", {"key": "user-2"},
             off(DISABLED), default=True),
        case("disabled flag ignores a target that lists the context", "disabled-flag", USER,
             off(DISABLED)),
        case("disabled flag ignores a rule that matches everybody", "disabled-flag", {},
             off(DISABLED)),
        case("the value type is checked when the flag is off too: WRONG_TYPE", "disabled-flag",
             USER, error("x", "WRONG_TYPE"), default="x"),
        case("offVariation is an index: the second variation is served", "off-serves-second",
             USER, off(OFF_SECOND), default="d"),
        # Contexts
        case("context without key", "context-probe", {}, fallthrough(PROBE, 0)),
        case("context with a key", "context-probe", USER, rule_match(PROBE, 6, "key")),
        case("null key counts as absent", "context-probe", {"key": None}, fallthrough(PROBE, 0)),
        case("context null is the empty context", "context-probe", None, fallthrough(PROBE, 0)),
        case("context string is the empty context (no length, no index 0)", "context-probe",
             "user-1", fallthrough(PROBE, 0)),
        case("context array is the empty context (no length, no index 0)", "context-probe",
             ["user-1", "x"], fallthrough(PROBE, 0)),
        case("context number is the empty context", "context-probe", 42, fallthrough(PROBE, 0)),
        case("context boolean is the empty context", "context-probe", True,
             fallthrough(PROBE, 0)),
        case("inherited constructor/toString/__proto__ are not attributes", "context-probe",
             {"plan": "free"}, fallthrough(PROBE, 0)),
        case("an own attribute named length is read", "context-probe", {"length": 0},
             rule_match(PROBE, 1, "length")),
        case("an own attribute named 0 is read", "context-probe", {"0": "zero"},
             rule_match(PROBE, 2, "index-0")),
        case("an own attribute named constructor is read", "context-probe",
             {"key": "user-1", "constructor": "mine"}, rule_match(PROBE, 3, "constructor")),
        case("an own attribute named __proto__ is read", "context-probe",
             {"key": "user-1", "__proto__": "own"}, rule_match(PROBE, 4, "proto")),
        case("an own attribute named toString is read", "context-probe",
             {"toString": "own"}, rule_match(PROBE, 5, "tostring")),
        case("string key \"42\" matches a target listing \"42\"", "key-types", {"key": "42"},
             target_match(KEY_TYPES, 1)),
        case("number key 42 is not a target key, but matches `key in [42]`", "key-types",
             {"key": 42}, rule_match(KEY_TYPES, 2, "numeric-key")),
        case("boolean key matches neither target nor rule", "key-types", {"key": True},
             fallthrough(KEY_TYPES, 0)),
    ]
    return evaluation_file(
        "Unknown flags, off flags, the caller's default and its type check, and how "
        "contexts are read (own fields only; a non-object is the empty context).",
        document(FLAGS), cases)
