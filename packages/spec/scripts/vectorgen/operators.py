"""04-operators.json: every operator with and without `negate`, arrays, type mismatches."""

from .builders import (case, clause, document, evaluation_file, fallthrough, fixed, flag,
                       rule, rule_match, segment)

MISSING = object()


def clause_flag(key: str, *clauses: dict) -> dict:
    """A flag answering true (rule "match") when the clauses match, false otherwise."""
    return flag(key, rules=[rule("match", list(clauses), fixed(1))])


def with_attribute(attribute: str, value) -> dict:
    context = {"key": "user-1"}
    if value is not MISSING:
        context[attribute] = value
    return context


class Table:
    """Collects flags and their cases: each row says whether the clause matches."""

    def __init__(self) -> None:
        self.flags: list[dict] = []
        self.cases: list[dict] = []

    def add(self, label: str, flag_doc: dict, attribute: str, rows: list[tuple]) -> None:
        self.flags.append(flag_doc)
        for description, value, matches in rows:
            expected = rule_match(flag_doc, 1, "match") if matches else fallthrough(flag_doc, 0)
            self.cases.append(case(f"{label}: {description}", flag_doc["key"],
                                   with_attribute(attribute, value), expected))

    def contexts(self, label: str, flag_doc: dict, rows: list[tuple]) -> None:
        """Rows of (description, whole context, matches)."""
        self.flags.append(flag_doc)
        for description, context, matches in rows:
            expected = rule_match(flag_doc, 1, "match") if matches else fallthrough(flag_doc, 0)
            self.cases.append(case(f"{label}: {description}", flag_doc["key"], context, expected))


def _equality(t: Table) -> None:
    t.add("plan in [gold, platinum]",
          clause_flag("op-in-string", clause("plan", "in", ["gold", "platinum"])), "plan", [
              ("equal string", "gold", True),
              ("second value", "platinum", True),
              ("other string", "silver", False),
              ("case differs", "Gold", False),
              ("missing attribute", MISSING, False),
              ("null attribute", None, False),
              ("number attribute", 1, False),
              ("array with a listed element", ["silver", "gold"], True),
              ("array without a listed element", ["silver", "bronze"], False),
              ("empty array", [], False),
              ("object attribute matches nothing", {"plan": "gold"}, False),
              ("nested array attribute matches nothing", [["gold"]], False),
          ])
    t.add("plan not in [gold, platinum]",
          clause_flag("op-in-string-negated",
                      clause("plan", "in", ["gold", "platinum"], negate=True)), "plan", [
              ("listed string", "gold", False),
              ("other string", "silver", True),
              ("missing attribute is not in the list", MISSING, True),
              ("null attribute is not in the list", None, True),
              ("array with a listed element", ["silver", "gold"], False),
              ("array without a listed element", ["silver"], True),
              ("empty array", [], True),
              ("object attribute (no match, negated)", {"plan": "gold"}, True),
          ])
    t.add("plan in [gold] with negate false (as if absent)",
          clause_flag("op-in-negate-false", clause("plan", "in", ["gold"], negate=False)), "plan", [
              ("listed string", "gold", True),
              ("other string", "silver", False),
          ])
    t.add("age in [18, 21.5]", clause_flag("op-in-number", clause("age", "in", [18, 21.5])),
          "age", [
              ("equal integer", 18, True),
              ("18.0 equals 18", 18.0, True),
              ("equal fraction", 21.5, True),
              ("other number", 20, False),
              ("string \"18\" is not the number 18", "18", False),
              ("boolean", True, False),
              ("array of numbers with a listed one", [17, 18], True),
          ])
    t.add("age not in [18, 21.5]",
          clause_flag("op-in-number-negated", clause("age", "in", [18, 21.5], negate=True)),
          "age", [
              ("listed number", 18, False),
              ("other number", 19, True),
              ("string \"18\" (type mismatch, negated)", "18", True),
          ])
    t.add("beta in [true]", clause_flag("op-in-boolean", clause("beta", "in", [True])), "beta", [
        ("true", True, True),
        ("false", False, False),
        ("string \"true\"", "true", False),
        ("number 1 is not true", 1, False),
        ("array with true", [False, True], True),
    ])
    t.add("beta not in [true]",
          clause_flag("op-in-boolean-negated", clause("beta", "in", [True], negate=True)),
          "beta", [
              ("true", True, False),
              ("false", False, True),
              ("missing", MISSING, True),
          ])
    t.add("code in [\"1\", 2, false] (mixed types)",
          clause_flag("op-in-mixed", clause("code", "in", ["1", 2, False])), "code", [
              ("string \"1\"", "1", True),
              ("number 1 is not \"1\"", 1, False),
              ("number 2", 2, True),
              ("string \"2\" is not 2", "2", False),
              ("false", False, True),
              ("number 0 is not false", 0, False),
              ("mixed array with a match by type", ["2", 2], True),
              ("mixed array without a match by type", [1, "2", True], False),
          ])
    t.add("key in [user-1]", clause_flag("op-in-key", clause("key", "in", ["user-1"])),
          "key", [
              ("context key listed", "user-1", True),
              ("context key not listed", "user-2", False),
          ])


def _strings(t: Table) -> None:
    t.add("email startsWith [admin@, root@]",
          clause_flag("op-starts-with", clause("email", "startsWith", ["admin@", "root@"])),
          "email", [
              ("prefix", "admin@example.com", True),
              ("second prefix", "root@example.com", True),
              ("case-sensitive", "Admin@example.com", False),
              ("substring not at the start", "user@admin@example.com", False),
              ("equal to the prefix", "admin@", True),
              ("number attribute", 42, False),
              ("array with a match", ["user@x", "root@x"], True),
              ("missing", MISSING, False),
          ])
    t.add("email does not startWith [admin@, root@]",
          clause_flag("op-starts-with-negated",
                      clause("email", "startsWith", ["admin@", "root@"], negate=True)),
          "email", [
              ("prefix", "admin@example.com", False),
              ("no prefix", "user@example.com", True),
              ("missing", MISSING, True),
              ("number attribute (mismatch, negated)", 42, True),
          ])
    t.add("email endsWith [@example.com]",
          clause_flag("op-ends-with", clause("email", "endsWith", ["@example.com"])), "email", [
              ("suffix", "alice@example.com", True),
              ("suffix followed by more", "alice@example.com.evil", False),
              ("case-sensitive", "alice@EXAMPLE.COM", False),
              ("boolean attribute", True, False),
              ("array with a match", ["a@other.org", "a@example.com"], True),
          ])
    t.add("email does not endWith [@example.com]",
          clause_flag("op-ends-with-negated",
                      clause("email", "endsWith", ["@example.com"], negate=True)), "email", [
              ("suffix", "alice@example.com", False),
              ("other suffix", "alice@example.org", True),
              ("missing", MISSING, True),
          ])
    t.add("address contains [straße, 🚀]",
          clause_flag("op-contains", clause("address", "contains", ["straße", "🚀"])),
          "address", [
              ("UTF-8 substring", "Hauptstraße 5", True),
              ("emoji substring", "launch 🚀 now", True),
              ("case-sensitive", "HAUPTSTRASSE 5", False),
              ("no normalisation: ss is not ß", "Hauptstrasse 5", False),
              ("number attribute", 5, False),
              ("array with a match", ["Ringweg", "Goethestraße"], True),
          ])
    t.add("address does not contain [straße, 🚀]",
          clause_flag("op-contains-negated",
                      clause("address", "contains", ["straße", "🚀"], negate=True)), "address", [
              ("substring", "Hauptstraße 5", False),
              ("no substring", "Main Street 5", True),
              ("missing", MISSING, True),
          ])
    t.add("name contains [\"\"] (the empty string is in every string)",
          clause_flag("op-contains-empty", clause("name", "contains", [""])), "name", [
              ("any string", "anything", True),
              ("empty string", "", True),
              ("number is still not a string", 0, False),
          ])


def _regexes(t: Table) -> None:
    t.add("email matches ^[a-z]+@example\\.com$",
          clause_flag("op-matches", clause("email", "matches", ["^[a-z]+@example\\.com$"])),
          "email", [
              ("anchored match", "alice@example.com", True),
              ("anchored: trailing text", "alice@example.com.au", False),
              ("case-sensitive", "Alice@example.com", False),
              ("escaped dot is literal", "alice@exampleXcom", False),
              ("number attribute", 5, False),
              ("array with a match", ["Bob@x", "bob@example.com"], True),
              ("missing", MISSING, False),
          ])
    t.add("email does not match ^[a-z]+@example\\.com$",
          clause_flag("op-matches-negated",
                      clause("email", "matches", ["^[a-z]+@example\\.com$"], negate=True)),
          "email", [
              ("match", "alice@example.com", False),
              ("no match", "alice@example.org", True),
              ("missing", MISSING, True),
              ("array with a match", ["x", "bob@example.com"], False),
          ])
    t.add("path matches beta (unanchored search)",
          clause_flag("op-matches-search", clause("path", "matches", ["beta"])), "path", [
              ("in the middle", "/app/beta/settings", True),
              ("absent", "/app/alpha", False),
          ])
    t.add("code matches ^\\d+$ (\\d is ASCII)",
          clause_flag("op-matches-digits", clause("code", "matches", ["^\\d+$"])), "code", [
              ("ASCII digits", "0123", True),
              ("Arabic-Indic digits are not \\d", "١٢٣", False),
              ("fullwidth digits are not \\d", "１２３", False),
              ("number attribute is not a string", 123, False),
          ])
    t.add("name matches ^\\w+$ (\\w is ASCII)",
          clause_flag("op-matches-word", clause("name", "matches", ["^\\w+$"])), "name", [
              ("ASCII word characters", "hello_World_1", True),
              ("é is not \\w", "héllo", False),
          ])
    t.add("name matches caf\\b (\\b is ASCII)",
          clause_flag("op-matches-boundary", clause("name", "matches", ["caf\\b"])), "name", [
              ("é is not a word character, so caf|é is a boundary", "café", True),
              ("no boundary inside cafe", "cafe", False),
          ])
    t.add("symbol matches ^.$ (. is one code point)",
          clause_flag("op-matches-dot", clause("symbol", "matches", ["^.$"])), "symbol", [
              ("emoji outside the BMP", "😀", True),
              ("CJK character", "語", True),
              ("two characters", "ab", False),
          ])
    t.add("id matches ^a{2,3}(?:-[0-9]+|x)$ (quantifiers, non-capturing group)",
          clause_flag("op-matches-groups",
                      clause("id", "matches", ["^a{2,3}(?:-[0-9]+|x)$"])), "id", [
              ("aa-12", "aa-12", True),
              ("aaax", "aaax", True),
              ("aaaax: too many a", "aaaax", False),
              ("ax: too few a", "ax", False),
          ])
    t.add("phone matches ^\\(?555\\)?-0100$ (escaped parentheses)",
          clause_flag("op-matches-parens", clause("phone", "matches", ["^\\(?555\\)?-0100$"])),
          "phone", [
              ("with parentheses", "(555)-0100", True),
              ("without parentheses", "555-0100", True),
              ("other number", "556-0100", False),
          ])
    t.add("team matches [^internal-, ^staff-] (any regex)",
          clause_flag("op-matches-any", clause("team", "matches", ["^internal-", "^staff-"])),
          "team", [
              ("second regex", "staff-berlin", True),
              ("neither", "guest-berlin", False),
          ])
    t.add("word matches ^über (Unicode literal)",
          clause_flag("op-matches-unicode", clause("word", "matches", ["^über"])), "word", [
              ("prefix", "überall", True),
              ("not at the start", "drüber", False),
          ])


def _numbers(t: Table) -> None:
    t.add("age lt [18]", clause_flag("op-lt", clause("age", "lt", [18])), "age", [
        ("smaller", 17, True),
        ("equal", 18, False),
        ("fraction below", 17.9, True),
        ("negative", -1, True),
        ("larger", 30, False),
        ("string \"17\" is not a number", "17", False),
        ("boolean is not a number", False, False),
        ("missing", MISSING, False),
        ("array with a smaller element", [30, 12], True),
        ("array without a smaller element", [30, 18], False),
    ])
    t.add("age not lt [18]", clause_flag("op-lt-negated", clause("age", "lt", [18], negate=True)),
          "age", [
              ("smaller", 17, False),
              ("equal", 18, True),
              ("string (mismatch, negated)", "17", True),
              ("missing", MISSING, True),
          ])
    t.add("age lte [18]", clause_flag("op-lte", clause("age", "lte", [18])), "age", [
        ("equal", 18, True),
        ("just above", 18.5, False),
        ("below", -100, True),
    ])
    t.add("age not lte [18]",
          clause_flag("op-lte-negated", clause("age", "lte", [18], negate=True)), "age", [
              ("equal", 18, False),
              ("above", 19, True),
          ])
    t.add("score gt [0.5]", clause_flag("op-gt", clause("score", "gt", [0.5])), "score", [
        ("just above", 0.51, True),
        ("equal", 0.5, False),
        ("below", 0, False),
        ("large", 1e20, True),
    ])
    t.add("score not gt [0.5]",
          clause_flag("op-gt-negated", clause("score", "gt", [0.5], negate=True)), "score", [
              ("above", 0.75, False),
              ("equal", 0.5, True),
          ])
    t.add("score gte [0.5]", clause_flag("op-gte", clause("score", "gte", [0.5])), "score", [
        ("equal", 0.5, True),
        ("below", 0.49, False),
    ])
    t.add("score not gte [0.5]",
          clause_flag("op-gte-negated", clause("score", "gte", [0.5], negate=True)), "score", [
              ("equal", 0.5, False),
              ("below", 0.49, True),
          ])
    t.add("age lt [10, 20] (some value)", clause_flag("op-lt-any", clause("age", "lt", [10, 20])),
          "age", [
              ("below the second value only", 15, True),
              ("above both", 25, False),
          ])


def _semver(t: Table) -> None:
    t.add("version semverEq [2.0.0]",
          clause_flag("op-semver-eq", clause("version", "semverEq", ["2.0.0"])), "version", [
              ("equal", "2.0.0", True),
              ("2 is 2.0.0", "2", True),
              ("2.0 is 2.0.0", "2.0", True),
              ("build metadata is ignored", "2.0.0+build.7", True),
              ("a prerelease is not the release", "2.0.0-rc.1", False),
              ("leading v is not a version", "v2.0.0", False),
              ("leading zero is not a version", "02.0.0", False),
              ("four parts is not a version", "2.0.0.0", False),
              ("number 2 is not a string", 2, False),
              ("array with an equal version", ["1.0.0", "2.0"], True),
          ])
    t.add("version not semverEq [2.0.0]",
          clause_flag("op-semver-eq-negated",
                      clause("version", "semverEq", ["2.0.0"], negate=True)), "version", [
              ("equal", "2.0.0", False),
              ("other", "2.0.1", True),
              ("invalid version (no match, negated)", "v2.0.0", True),
              ("missing", MISSING, True),
          ])
    t.add("version semverEq [1.4.2+ci.99] (build ignored in the clause value too)",
          clause_flag("op-semver-eq-build", clause("version", "semverEq", ["1.4.2+ci.99"])),
          "version", [
              ("plain release", "1.4.2", True),
              ("other build", "1.4.2+ci.1", True),
          ])
    t.add("version semverLt [1.0.0]",
          clause_flag("op-semver-lt", clause("version", "semverLt", ["1.0.0"])), "version", [
              ("prerelease of the same version", "1.0.0-rc.1", True),
              ("lower patch", "0.9.9", True),
              ("equal", "1.0.0", False),
              ("equal with build", "1.0.0+b.1", False),
              ("higher", "1.0.1", False),
              ("0 is 0.0.0", "0", True),
          ])
    t.add("version not semverLt [1.0.0]",
          clause_flag("op-semver-lt-negated",
                      clause("version", "semverLt", ["1.0.0"], negate=True)), "version", [
              ("lower", "0.9.9", False),
              ("equal", "1.0.0", True),
          ])
    t.add("version semverGt [9.0.0]",
          clause_flag("op-semver-gt", clause("version", "semverGt", ["9.0.0"])), "version", [
              ("10.0.0 is numerically greater", "10.0.0", True),
              ("equal", "9.0.0", False),
              ("prerelease of a higher patch", "9.0.1-alpha", True),
              ("prerelease of the same version is lower", "9.0.0-rc.1", False),
              ("9.1 is 9.1.0", "9.1", True),
              ("leading zero in minor is invalid", "9.01.0", False),
          ])
    t.add("version not semverGt [9.0.0]",
          clause_flag("op-semver-gt-negated",
                      clause("version", "semverGt", ["9.0.0"], negate=True)), "version", [
              ("greater", "10.0.0", False),
              ("lower", "8.9.9", True),
          ])
    t.add("version semverLt [1.0.0-beta.11] (prerelease precedence)",
          clause_flag("op-semver-prerelease",
                      clause("version", "semverLt", ["1.0.0-beta.11"])), "version", [
              ("numeric identifiers compare as numbers: beta.2 < beta.11", "1.0.0-beta.2", True),
              ("fewer identifiers first: beta < beta.11", "1.0.0-beta", True),
              ("alpha.beta < beta.11", "1.0.0-alpha.beta", True),
              ("numeric before alphanumeric: 1 < beta", "1.0.0-1", True),
              ("equal", "1.0.0-beta.11", False),
              ("rc.1 > beta.11", "1.0.0-rc.1", False),
              ("the release is greater than its prerelease", "1.0.0", False),
          ])
    t.add("version semverLt [1.0.0-alpha] (ASCII order: uppercase first)",
          clause_flag("op-semver-ascii", clause("version", "semverLt", ["1.0.0-alpha"])),
          "version", [
              ("Beta < alpha in ASCII", "1.0.0-Beta", True),
              ("alpha.1 > alpha (longer)", "1.0.0-alpha.1", False),
          ])
    t.add("version semverGt [1.0.99999999999999999999] (numbers of any size)",
          clause_flag("op-semver-huge",
                      clause("version", "semverGt", ["1.0.99999999999999999999"])), "version", [
              ("longer number is greater", "1.0.100000000000000000000", True),
              ("same length, smaller digit", "1.0.99999999999999999998", False),
          ])


def _dates(t: Table) -> None:
    # 2024-01-01T00:00:00Z is 1704067200000 ms after the epoch.
    t.add("signup before [2024-01-01]",
          clause_flag("op-before", clause("signup", "before", ["2024-01-01"])), "signup", [
              ("one second earlier", "2023-12-31T23:59:59Z", True),
              ("the same instant", "2024-01-01T00:00:00Z", False),
              ("01:00+02:00 is 23:00Z the day before", "2024-01-01T01:00:00+02:00", True),
              ("epoch milliseconds, 1 ms earlier", 1704067199999, True),
              ("epoch milliseconds, same instant", 1704067200000, False),
              ("date only, the day before", "2023-12-31", True),
              ("minutes without seconds", "2023-12-31T23:59Z", True),
              ("date-time without zone is not a date", "2023-12-31T23:59:59", False),
              ("space instead of T is not a date", "2023-12-31 23:59:59Z", False),
              ("free text is not a date", "yesterday", False),
              ("boolean is not a date", True, False),
              ("missing", MISSING, False),
              ("array with an earlier date", ["2030-01-01", "2020-01-01"], True),
          ])
    t.add("signup not before [2024-01-01]",
          clause_flag("op-before-negated",
                      clause("signup", "before", ["2024-01-01"], negate=True)), "signup", [
              ("earlier", "2023-06-01", False),
              ("later", "2024-06-01", True),
              ("invalid (no match, negated)", "not a date", True),
              ("missing", MISSING, True),
          ])
    t.add("signup after [1704067200000] (epoch ms value)",
          clause_flag("op-after", clause("signup", "after", [1704067200000])), "signup", [
              ("1 ms later", "2024-01-01T00:00:00.001Z", True),
              ("the same instant", "2024-01-01T00:00:00.000Z", False),
              ("the same instant without seconds", "2024-01-01T00:00Z", False),
              ("19:00:00.5-05:00 is 00:00:00.500Z", "2023-12-31T19:00:00.5-05:00", True),
              ("fraction beyond ms is truncated, not rounded: .0009 is .000",
               "2024-01-01T00:00:00.0009Z", False),
              ("epoch milliseconds later", 1704067200001, True),
          ])
    t.add("signup not after [1704067200000]",
          clause_flag("op-after-negated",
                      clause("signup", "after", [1704067200000], negate=True)), "signup", [
              ("later", "2024-01-02", False),
              ("the same instant", "2024-01-01", True),
          ])
    t.add("signup after [1704067200999] (millisecond truncation)",
          clause_flag("op-after-truncation", clause("signup", "after", [1704067200999])),
          "signup", [
              (".9999 truncates to .999: the same instant", "2024-01-01T00:00:00.9999Z", False),
              ("a full millisecond later", "2024-01-01T00:00:01Z", True),
          ])
    t.add("signup after [2024-03-10T12:00:00-05:00] (offset in the clause value)",
          clause_flag("op-after-offset",
                      clause("signup", "after", ["2024-03-10T12:00:00-05:00"])), "signup", [
              ("16:59:59Z is earlier than 17:00Z", "2024-03-10T16:59:59Z", False),
              ("17:00:00.001Z is later", "2024-03-10T17:00:00.001Z", True),
          ])


def _exists_and_segments(t: Table) -> None:
    t.add("nickname exists", clause_flag("op-exists", clause("nickname", "exists", [])),
          "nickname", [
              ("string", "x", True),
              ("empty string", "", True),
              ("false", False, True),
              ("zero", 0, True),
              ("object (matches exists only)", {"a": 1}, True),
              ("empty array", [], True),
              ("nested array", [[1]], True),
              ("null is absent", None, False),
              ("missing", MISSING, False),
          ])
    t.add("nickname does not exist",
          clause_flag("op-exists-negated", clause("nickname", "exists", [], negate=True)),
          "nickname", [
              ("null", None, True),
              ("missing", MISSING, True),
              ("string", "x", False),
          ])
    in_staff = clause_flag("op-in-segment", clause("ignored", "inSegment", ["staff"]))
    t.contexts("inSegment [staff] (attribute ignored)", in_staff, [
        ("included key", {"key": "alice"}, True),
        ("other key", {"key": "bob"}, False),
        ("included key, whatever the ignored attribute holds", {"key": "alice", "ignored": False}, True),
    ])
    not_staff = clause_flag("op-in-segment-negated",
                            clause("ignored", "inSegment", ["staff"], negate=True))
    t.contexts("not inSegment [staff]", not_staff, [
        ("included key", {"key": "alice"}, False),
        ("other key", {"key": "bob"}, True),
        ("no key", {}, True),
    ])


def _attributes(t: Table) -> None:
    dotted = clause_flag("op-dotted-attribute", clause("address.city", "in", ["Berlin"]))
    t.contexts("attribute names are literal (address.city)", dotted, [
        ("top-level field named address.city", {"key": "u", "address.city": "Berlin"}, True),
        ("no path lookup into nested objects", {"key": "u", "address": {"city": "Berlin"}},
         False),
    ])
    both = clause_flag("op-two-clauses", clause("plan", "in", ["team"]),
                       clause("country", "in", ["DE"], negate=True))
    t.contexts("plan in [team] and country not in [DE]", both, [
        ("both hold", {"key": "u", "plan": "team", "country": "FR"}, True),
        ("both hold, country missing", {"key": "u", "plan": "team"}, True),
        ("second fails", {"key": "u", "plan": "team", "country": "DE"}, False),
        ("first fails", {"key": "u", "plan": "free", "country": "FR"}, False),
    ])


def operators_file() -> dict:
    t = Table()
    _equality(t)
    _strings(t)
    _regexes(t)
    _numbers(t)
    _semver(t)
    _dates(t)
    _exists_and_segments(t)
    _attributes(t)
    segments = [segment("staff", included=["alice"])]
    return evaluation_file(
        "Every clause operator, with and without negate, on scalars, arrays (any element "
        "matches), missing and null attributes, and values of the wrong type (never a match; "
        "negate inverts even that). Flags answer true through rule \"match\", else false.",
        document(t.flags, segments), t.cases)
