"""11-validation.json: documents validateDocument must accept, and each rejection of
docs/evaluation.md "Validation" with the JSON Pointers that must be among the reported paths.

Every invalid document is the valid base document with one thing broken (or, where stated,
two), so the listed paths are the whole story. A path names the field that holds the bad
value: the operator, the clause value, the index; for a list of scalars (weights, target
values, included) or a small object (experiment, a variation) the list or object itself; for a
cycle, the `prerequisites` or `rules` of a flag or segment on it. Where the doc leaves open
which member of a cycle is named, no path is required.
"""

import copy

from .builders import (SPEC_VERSION, clause, document, fixed, flag, rollout, rule, segment,
                       variations)

F = "/flags/checkout"


def base() -> dict:
    checkout = flag(
        "checkout",
        variations=variations(("off", False), ("on", True)),
        prerequisites=[{"flag": "gate", "variation": "on"}],
        targets=[{"variation": 1, "values": ["qa-1", "qa-2"]}],
        rules=[
            rule("pro-split", [clause("plan", "in", ["pro"])], rollout([50000, 50000], "orgId")),
            rule("beta", [clause("key", "inSegment", ["beta"])], fixed(1)),
            rule("emails", [clause("email", "matches", ["^[a-z]+@example\\.com$"])], fixed(1)),
        ],
        fallthrough=fixed(0),
        salt="checkout-salt",
        experiment={"key": "checkout-test", "running": True},
        clientSide=True,
    )
    gate = flag("gate", fallthrough=fixed(1))
    beta = segment("beta", included=["alice"], excluded=["mallory"],
                   rules=[{"clauses": [clause("email", "endsWith", ["@beta.example"])]}])
    return document([checkout, gate], [beta])


def changed(mutation) -> dict:
    doc = copy.deepcopy(base())
    mutation(doc)
    return doc


def checkout(doc: dict) -> dict:
    return doc["flags"]["checkout"]


def first_clause(doc: dict) -> dict:
    return checkout(doc)["rules"][0]["clauses"][0]


def set_first_clause(op: str, values) -> callable:
    def mutation(doc: dict) -> None:
        first_clause(doc).update({"op": op, "values": values})
    return mutation


def valid(description: str, doc: dict) -> dict:
    return {"description": description, "document": doc, "valid": True}


def invalid(description: str, doc, *paths: str) -> dict:
    return {"description": description, "document": doc, "valid": False,
            "errorPaths": list(paths)}


def every_operator_flag() -> dict:
    examples = [
        ("in", ["gold", 3, True]), ("startsWith", ["a"]), ("endsWith", ["z"]),
        ("contains", ["m"]), ("matches", ["^x"]), ("lt", [1]), ("lte", [1.5]), ("gt", [-1]),
        ("gte", [0]), ("semverEq", ["1"]), ("semverLt", ["1.2"]),
        ("semverGt", ["1.2.3-rc.1+build.5"]), ("before", ["2024-01-01"]),
        ("after", [1704067200000]), ("exists", []), ("inSegment", ["beta"]),
    ]
    return flag("every-operator", rules=[
        rule(f"rule-{op}", [clause("attr", op, values, negate=index % 2 == 1)], fixed(1))
        for index, (op, values) in enumerate(examples)
    ])


def _valid_cases() -> list[dict]:
    def with_flags(*flags: dict) -> callable:
        def mutation(doc: dict) -> None:
            for extra in flags:
                doc["flags"][extra["key"]] = extra
        return mutation

    def unknown_fields(doc: dict) -> None:
        doc["generatedBy"] = "a newer server"
        checkout(doc)["description"] = "unknown flag field"
        checkout(doc)["variations"][0]["label"] = "unknown variation field"
        checkout(doc)["rules"][0]["name"] = "unknown rule field"
        first_clause(doc)["comment"] = "unknown clause field"
        checkout(doc)["rules"][0]["serve"]["note"] = "unknown serve field"
        checkout(doc)["experiment"]["hypothesis"] = "unknown experiment field"
        doc["segments"]["beta"]["owner"] = "unknown segment field"

    regexes = ["a" * 256, "(?:a|b)+", "[(?]x", "^\\(?555\\)?$", "\\\\1", "\\d\\w\\b",
               "^é+$", "[^\\]]"]
    portable = flag("portable-regexes", rules=[
        rule(f"regex-{n}", [clause("text", "matches", [pattern])], fixed(1))
        for n, pattern in enumerate(regexes)
    ])
    nested = document(
        [flag("nested", rules=[rule("r", [clause("key", "inSegment", ["outer"])], fixed(1))])],
        [segment("outer", rules=[{"clauses": [clause("key", "inSegment", ["middle"])]}]),
         segment("middle", rules=[{"clauses": [clause("key", "inSegment", ["inner"]),
                                               clause("key", "inSegment", ["other"])]}]),
         segment("inner", included=["a"]), segment("other", excluded=["b"])],
    )
    diamond = document([
        flag("top", prerequisites=[{"flag": "left", "variation": "on"},
                                   {"flag": "right", "variation": "on"}]),
        flag("left", prerequisites=[{"flag": "bottom", "variation": "on"}]),
        flag("right", prerequisites=[{"flag": "bottom", "variation": "off"}]),
        flag("bottom", enabled=False),
    ])
    minimal_flag = {"key": "minimal", "version": 0, "enabled": True,
                    "variations": [{"key": "only", "value": None}], "offVariation": 0,
                    "fallthrough": {"variation": 0}}
    values = flag("json-values", variations=variations(
        ("bool", True), ("string", "s"), ("integer", 3), ("fraction", -0.25), ("null", None),
        ("object", {"a": [1, {"b": None}]}), ("array", [])))
    return [
        valid("a document without flags or segments", document([])),
        valid("the base document used by the invalid cases below", base()),
        valid("a flag with only its required fields", document([]) | {
            "flags": {"minimal": minimal_flag}}),
        valid("unknown fields at every level are ignored", changed(unknown_fields)),
        valid("every operator with values of its type, negated and not",
              changed(with_flags(every_operator_flag()))),
        valid("portable regexes: 256 characters, (?:, (? inside a class, escaped parenthesis, "
              "escaped backslash before a digit, ASCII classes", changed(with_flags(portable))),
        valid("weights may be zero", changed(with_flags(
            flag("zero-weights", fallthrough=rollout([0, 100000]))))),
        valid("rollout with bucketBy absent", changed(with_flags(
            flag("default-bucket-by", fallthrough=rollout([100000, 0]))))),
        valid("variation values of every JSON type", changed(with_flags(values))),
        valid("segments nested three deep without a cycle", nested),
        valid("prerequisites forming a diamond (not a cycle), one on a disabled flag", diamond),
        valid("flag and segment keys with /, ~ and Unicode", document(
            [flag("team/checkout~v2-ключ-🚀",
                  rules=[rule("r", [clause("key", "inSegment", ["grüne/~liste"])], fixed(1))])],
            [segment("grüne/~liste", included=["x"])])),
        valid("experiment not running, clientSide false, empty lists", changed(with_flags(
            flag("quiet", experiment={"key": "e", "running": False}, clientSide=False,
                 prerequisites=[], targets=[], rules=[])))),
        valid("version 0 everywhere", document([flag("v0") | {"version": 0}],
                                              [segment("s0") | {"version": 0}]) | {"version": 0}),
        valid("a segment with only key and version", document([], [segment("bare")])),
    ]


def _invalid_document_cases() -> list[dict]:
    def drop(*path: str) -> callable:
        def mutation(doc: dict) -> None:
            target = doc
            for part in path[:-1]:
                target = target[part]
            del target[path[-1]]
        return mutation

    def put(value, *path: str) -> callable:
        def mutation(doc: dict) -> None:
            target = doc
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
        return mutation

    def rename_flag(doc: dict) -> None:
        doc["flags"]["other-name"] = doc["flags"].pop("gate")
        checkout(doc)["prerequisites"] = []

    def without_segments(doc: dict) -> None:
        del doc["segments"]
        del checkout(doc)["rules"][1]

    def rename_segment(doc: dict) -> None:
        doc["segments"]["beta"]["key"] = "gamma"

    return [
        invalid("the document is null", None, ""),
        invalid("the document is an array", [base()], ""),
        invalid("schemaVersion 2", changed(put(2, "schemaVersion")), "/schemaVersion"),
        invalid("schemaVersion \"1\" (a string)", changed(put("1", "schemaVersion")),
                "/schemaVersion"),
        invalid("schemaVersion missing", changed(drop("schemaVersion")), "/schemaVersion"),
        invalid("environment missing", changed(drop("environment")), "/environment"),
        invalid("document version is a string", changed(put("812", "version")), "/version"),
        invalid("flags is an array", changed(put([], "flags")), "/flags"),
        invalid("segments missing (nothing refers to a segment)", changed(without_segments),
                "/segments"),
        invalid("a flag whose key differs from its key in flags", changed(rename_flag),
                "/flags/other-name/key"),
        invalid("a segment whose key differs from its key in segments", changed(rename_segment),
                "/segments/beta/key"),
        invalid("a flag that is null", changed(put(None, "flags", "gate")), "/flags/gate"),
        invalid("a segment that is a string", changed(put("beta", "segments", "beta")),
                "/segments/beta"),
    ]


def _invalid_flag_cases() -> list[dict]:
    def on_checkout(field: str, value) -> callable:
        def mutation(doc: dict) -> None:
            checkout(doc)[field] = value
        return mutation

    def without(field: str) -> callable:
        def mutation(doc: dict) -> None:
            del checkout(doc)[field]
        return mutation

    def duplicate_variation(doc: dict) -> None:
        checkout(doc)["variations"].append({"key": "on", "value": "again"})
        checkout(doc)["rules"][0]["serve"]["rollout"]["weights"] = [50000, 50000, 0]

    def variation_without_key(doc: dict) -> None:
        del checkout(doc)["variations"][0]["key"]

    def target(index, values=None) -> callable:
        def mutation(doc: dict) -> None:
            checkout(doc)["targets"][0]["variation"] = index
            if values is not None:
                checkout(doc)["targets"][0]["values"] = values
        return mutation

    def rule_serve(index) -> callable:
        def mutation(doc: dict) -> None:
            checkout(doc)["rules"][1]["serve"] = {"variation": index}
        return mutation

    return [
        invalid("flag without enabled", changed(without("enabled")), f"{F}/enabled"),
        invalid("flag enabled is the string \"true\"", changed(on_checkout("enabled", "true")),
                f"{F}/enabled"),
        invalid("flag version is a string", changed(on_checkout("version", "3")),
                f"{F}/version"),
        invalid("flag version is negative", changed(on_checkout("version", -1)),
                f"{F}/version"),
        invalid("flag version is fractional", changed(on_checkout("version", 1.5)),
                f"{F}/version"),
        invalid("no variations", changed(lambda doc: checkout(doc).update(
            variations=[], targets=[], rules=[], offVariation=0,
            fallthrough={"variation": 0})), f"{F}/variations"),
        invalid("duplicate variation keys", changed(duplicate_variation), f"{F}/variations/2/key"),
        invalid("a variation without key", changed(variation_without_key),
                f"{F}/variations/0"),
        invalid("offVariation out of range (2 of 2)", changed(on_checkout("offVariation", 2)),
                f"{F}/offVariation"),
        invalid("offVariation negative", changed(on_checkout("offVariation", -1)),
                f"{F}/offVariation"),
        invalid("offVariation fractional", changed(on_checkout("offVariation", 0.5)),
                f"{F}/offVariation"),
        invalid("target variation out of range", changed(target(2)),
                f"{F}/targets/0/variation"),
        invalid("target values holding a number", changed(target(1, ["qa-1", 7])),
                f"{F}/targets/0/values"),
        invalid("rule serve variation out of range", changed(rule_serve(5)),
                f"{F}/rules/1/serve/variation"),
        invalid("fallthrough variation out of range", changed(
            on_checkout("fallthrough", {"variation": 2})), f"{F}/fallthrough/variation"),
        invalid("fallthrough missing", changed(without("fallthrough")), f"{F}/fallthrough"),
        invalid("a serve with neither variation nor rollout",
                changed(on_checkout("fallthrough", {})), f"{F}/fallthrough"),
        invalid("salt is a number", changed(on_checkout("salt", 5)), f"{F}/salt"),
        invalid("clientSide is a string", changed(on_checkout("clientSide", "true")),
                f"{F}/clientSide"),
        invalid("experiment.running is a string", changed(
            on_checkout("experiment", {"key": "checkout-test", "running": "yes"})),
            f"{F}/experiment"),
        invalid("experiment without key", changed(
            on_checkout("experiment", {"running": True})), f"{F}/experiment"),
        invalid("an error under a key with / and ~ is named with ~1 and ~0", document(
            [flag("team/checkout~v2", off=4)]), "/flags/team~1checkout~0v2/offVariation"),
        invalid("two broken flags: both are named", document([
            flag("first", off=9),
            flag("second", rules=[rule("r", [clause("a", "between", [1, 2])], fixed(1))]),
        ]), "/flags/first/offVariation", "/flags/second/rules/0/clauses/0/op"),
    ]


def _invalid_rollout_cases() -> list[dict]:
    rollout_path = f"{F}/rules/0/serve/rollout"

    def split(weights, bucket_by="orgId") -> callable:
        def mutation(doc: dict) -> None:
            spec = {"weights": weights}
            if bucket_by is not None:
                spec["bucketBy"] = bucket_by
            checkout(doc)["rules"][0]["serve"] = {"rollout": spec}
        return mutation

    return [
        invalid("weights summing to 99999", changed(split([50000, 49999])),
                f"{rollout_path}/weights"),
        invalid("weights summing to 100001", changed(split([50001, 50000])),
                f"{rollout_path}/weights"),
        invalid("fewer weights than variations", changed(split([100000])),
                f"{rollout_path}/weights"),
        invalid("more weights than variations", changed(split([50000, 50000, 0])),
                f"{rollout_path}/weights"),
        invalid("a negative weight (sum still 100000)", changed(split([-1, 100001])),
                f"{rollout_path}/weights"),
        invalid("fractional weights (sum still 100000)", changed(split([0.5, 99999.5])),
                f"{rollout_path}/weights"),
        invalid("weights written as strings", changed(split(["50000", "50000"])),
                f"{rollout_path}/weights"),
        invalid("a rollout without weights", changed(
            lambda doc: checkout(doc)["rules"][0].update(serve={"rollout": {}})),
            f"{rollout_path}/weights"),
        invalid("bucketBy is the empty string", changed(split([50000, 50000], "")),
                f"{rollout_path}/bucketBy"),
        invalid("bucketBy is a number", changed(split([50000, 50000], 5)),
                f"{rollout_path}/bucketBy"),
        invalid("fallthrough weights summing to 50000", changed(
            lambda doc: checkout(doc).update(fallthrough=rollout([25000, 25000]))),
            f"{F}/fallthrough/rollout/weights"),
    ]


def _invalid_rule_cases() -> list[dict]:
    clause_path = f"{F}/rules/0/clauses/0"

    def duplicate_rule_id(doc: dict) -> None:
        checkout(doc)["rules"][2]["id"] = "pro-split"

    def without_rule_id(doc: dict) -> None:
        del checkout(doc)["rules"][1]["id"]

    return [
        invalid("duplicate rule ids", changed(duplicate_rule_id), f"{F}/rules/2/id"),
        invalid("a rule without id", changed(without_rule_id), f"{F}/rules/1/id"),
        invalid("unknown operator \"between\"", changed(set_first_clause("between", [1, 2])),
                f"{clause_path}/op"),
        invalid("operator names are case-sensitive: \"IN\"", changed(
            set_first_clause("IN", ["pro"])), f"{clause_path}/op"),
        invalid("clause values is not an array", changed(set_first_clause("in", "pro")),
                f"{clause_path}/values"),
        invalid("negate is a string", changed(lambda doc: first_clause(doc).update(
            negate="yes")), f"{clause_path}/negate"),
        invalid("clause without attribute", changed(lambda doc: first_clause(doc).pop(
            "attribute")), f"{clause_path}/attribute"),
        invalid("in with an object value", changed(set_first_clause("in", ["pro", {"a": 1}])),
                f"{clause_path}/values/1"),
        invalid("startsWith with a number value", changed(set_first_clause("startsWith", [5])),
                f"{clause_path}/values/0"),
        invalid("lt with a string value", changed(set_first_clause("lt", ["5"])),
                f"{clause_path}/values/0"),
        invalid("gte with a boolean value", changed(set_first_clause("gte", [True])),
                f"{clause_path}/values/0"),
        invalid("regex of 257 characters", changed(set_first_clause("matches", ["a" * 257])),
                f"{clause_path}/values/0"),
        invalid("regex that does not compile: (", changed(set_first_clause("matches", ["("])),
                f"{clause_path}/values/0"),
        invalid("regex that does not compile: [a-", changed(
            set_first_clause("matches", ["[a-"])), f"{clause_path}/values/0"),
        invalid("regex with a look-ahead (?=", changed(
            set_first_clause("matches", ["^(?=admin)"])), f"{clause_path}/values/0"),
        invalid("regex with a negative look-behind (?<!", changed(
            set_first_clause("matches", ["(?<!x)y"])), f"{clause_path}/values/0"),
        invalid("regex with a named group (?<name>", changed(
            set_first_clause("matches", ["(?<user>[a-z]+)"])), f"{clause_path}/values/0"),
        invalid("regex with a Python named group (?P<name>", changed(
            set_first_clause("matches", ["(?P<user>[a-z]+)"])), f"{clause_path}/values/0"),
        invalid("regex with an inline flag (?i)", changed(
            set_first_clause("matches", ["(?i)admin"])), f"{clause_path}/values/0"),
        invalid("regex with a back-reference \\1", changed(
            set_first_clause("matches", ["(a)\\1"])), f"{clause_path}/values/0"),
        invalid("regex with \\1 inside a character class (rejected anywhere)", changed(
            set_first_clause("matches", ["[\\1]"])), f"{clause_path}/values/0"),
        invalid("regex with a named back-reference \\k", changed(
            set_first_clause("matches", ["(?:a)\\k<x>"])), f"{clause_path}/values/0"),
        invalid("the second regex of a clause is the one named", changed(
            set_first_clause("matches", ["^ok$", "(?=x)"])), f"{clause_path}/values/1"),
        invalid("semverEq with a leading v", changed(set_first_clause("semverEq", ["v1.0.0"])),
                f"{clause_path}/values/0"),
        invalid("semverGt with a leading zero", changed(
            set_first_clause("semverGt", ["01.0.0"])), f"{clause_path}/values/0"),
        invalid("semverLt with a number", changed(set_first_clause("semverLt", [1])),
                f"{clause_path}/values/0"),
        invalid("before with a date-time without zone", changed(
            set_first_clause("before", ["2024-01-01T00:00:00"])), f"{clause_path}/values/0"),
        invalid("after with free text", changed(set_first_clause("after", ["tomorrow"])),
                f"{clause_path}/values/0"),
        invalid("after with a boolean", changed(set_first_clause("after", [True])),
                f"{clause_path}/values/0"),
        invalid("inSegment on an unknown segment", changed(
            set_first_clause("inSegment", ["beta", "no-such-segment"])),
            f"{clause_path}/values/1"),
        invalid("inSegment with a number", changed(set_first_clause("inSegment", [5])),
                f"{clause_path}/values/0"),
    ]


def _invalid_reference_cases() -> list[dict]:
    def prerequisite(flag_key: str, variation: str) -> callable:
        def mutation(doc: dict) -> None:
            checkout(doc)["prerequisites"] = [{"flag": flag_key, "variation": variation}]
        return mutation

    def two_flag_cycle(doc: dict) -> None:
        doc["flags"]["gate"]["prerequisites"] = [{"flag": "checkout", "variation": "on"}]

    def segment_rules(other: str) -> list[dict]:
        return [{"clauses": [clause("key", "inSegment", [other])]}]

    def segment_self_cycle(doc: dict) -> None:
        doc["segments"]["beta"]["rules"] = segment_rules("beta")

    def segment_two_cycle(doc: dict) -> None:
        doc["segments"]["beta"]["rules"] = segment_rules("gamma")
        doc["segments"]["gamma"] = segment("gamma", rules=segment_rules("beta"))

    def segment_bad_list(doc: dict) -> None:
        doc["segments"]["beta"]["included"] = ["alice", 42]

    def segment_bad_clause(doc: dict) -> None:
        doc["segments"]["beta"]["rules"][0]["clauses"][0]["op"] = "near"

    return [
        invalid("prerequisite on an unknown flag", changed(prerequisite("no-such-flag", "on")),
                f"{F}/prerequisites/0/flag"),
        invalid("prerequisite on a variation key the flag does not have",
                changed(prerequisite("gate", "maybe")), f"{F}/prerequisites/0/variation"),
        invalid("a flag that is its own prerequisite", changed(prerequisite("checkout", "on")),
                f"{F}/prerequisites"),
        invalid("a prerequisite cycle of two flags (which member is named is left open)",
                changed(two_flag_cycle)),
        invalid("a segment that contains itself through inSegment", changed(segment_self_cycle),
                "/segments/beta/rules"),
        invalid("a segment cycle of two segments (which member is named is left open)",
                changed(segment_two_cycle)),
        invalid("two independent prerequisite cycles: each is named", document([
            flag("loop-1", prerequisites=[{"flag": "loop-1", "variation": "on"}]),
            flag("loop-2", prerequisites=[{"flag": "loop-2", "variation": "on"}]),
        ]), "/flags/loop-1/prerequisites", "/flags/loop-2/prerequisites"),
        invalid("two independent segment cycles: each is named", document([], [
            segment("ring-1", rules=segment_rules("ring-1")),
            segment("ring-2", rules=segment_rules("ring-2")),
        ]), "/segments/ring-1/rules", "/segments/ring-2/rules"),
        invalid("segment included list holding a number", changed(segment_bad_list),
                "/segments/beta/included"),
        invalid("unknown operator in a segment rule", changed(segment_bad_clause),
                "/segments/beta/rules/0/clauses/0/op"),
    ]


def validation_file() -> dict:
    cases = (_valid_cases() + _invalid_document_cases() + _invalid_flag_cases()
             + _invalid_rollout_cases() + _invalid_rule_cases() + _invalid_reference_cases())
    return {
        "specVersion": SPEC_VERSION,
        "description": "validateDocument: valid documents are accepted; each invalid one is "
                       "rejected and its reported error paths include every listed JSON "
                       "Pointer.",
        "cases": cases,
    }
