"""08-rollouts.json: percentage rollouts, splits, bucketBy values that can or cannot be hashed.

Which variation a bucketed context gets is computed from the reference xxHash bucket (see
reference.py); which contexts to probe, and what must happen when a value cannot be bucketed,
is decided here by hand from docs/evaluation.md.
"""

from .builders import (case, clause, document, evaluation_file, fallthrough, fixed, flag, rolled,
                       rollout, rule, rule_match, show, variations)
from .reference import bucket, find_exact, find_value

ON_FIRST = variations(("on", True), ("off", False))
SHARED_SALT = "checkout-rollout"


def percent_flag(key: str, percent_weight: int) -> dict:
    return flag(key, variations=ON_FIRST, off=1, salt=SHARED_SALT,
                fallthrough=rollout([percent_weight, 100000 - percent_weight]))


ROLLOUT_0 = percent_flag("rollout-0", 0)
ROLLOUT_5 = percent_flag("rollout-5", 5000)
ROLLOUT_25 = percent_flag("rollout-25", 25000)
ROLLOUT_100 = percent_flag("rollout-100", 100000)
ABC_WEIGHTS = [33334, 33333, 33333]
ABC = flag("abc-split", variations=variations(("a", "A"), ("b", "B"), ("c", "C")),
           fallthrough=rollout(ABC_WEIGHTS))
ZERO_MIDDLE_WEIGHTS = [50000, 0, 50000]
ZERO_MIDDLE = flag("zero-middle", variations=variations(("left", 1), ("middle", 2), ("right", 3)),
                   fallthrough=rollout(ZERO_MIDDLE_WEIGHTS))
HALVES = [50000, 50000, 0]
SPLIT = variations(("control", "control"), ("treatment", "treatment"),
                   ("not-bucketed", "not-bucketed"))
BY_ORG = flag("bucket-by-org", variations=SPLIT, off=2, fallthrough=rollout(HALVES, "orgId"))
BY_KEY = flag("bucket-by-key", variations=SPLIT, off=2, fallthrough=rollout(HALVES, "key"))
DEFAULT_KEY = flag("bucket-by-default", variations=SPLIT, off=2, fallthrough=rollout(HALVES))
RULE_SPLIT = flag("rule-rollout", variations=SPLIT, off=2, fallthrough=fixed(1),
                  rules=[rule("beta-split", [clause("beta", "in", [True])], rollout(HALVES))])
SALTED = flag("salted", variations=SPLIT, off=2, salt="custom-salt", fallthrough=rollout(HALVES))
SALTED_TWIN = flag("salted-twin", variations=SPLIT, off=2, salt="other-salt",
                   fallthrough=rollout(HALVES))
UNICODE_SALT = flag("unicode-salt", variations=SPLIT, off=2, salt="sél-🧂",
                    fallthrough=rollout(HALVES))
TEN_WEIGHTS = [10000] * 10
TEN_WAY = flag("ten-way", variations=variations(*[(f"v{n}", n) for n in range(10)]),
               fallthrough=rollout(TEN_WEIGHTS))

FLAGS = [ROLLOUT_0, ROLLOUT_5, ROLLOUT_25, ROLLOUT_100, ABC, ZERO_MIDDLE, BY_ORG, BY_KEY,
         DEFAULT_KEY, RULE_SPLIT, SALTED, SALTED_TWIN, UNICODE_SALT, TEN_WAY]


def find_many(salt: str, prefix: str, wanted, count: int) -> list[str]:
    found, n = [], 0
    while len(found) < count:
        value = find_value(salt, f"{prefix}{n}-", wanted)
        found.append(value)
        n += 1
    return found


def bucketed(description: str, flag_doc: dict, weights: list[int], context: dict, value: str,
             index: int) -> dict:
    """A fallthrough rollout case; `index` is the variation the author expects, checked here
    against the reference bucket so a wrong hand-picked key cannot slip through."""
    actual = rolled(flag_doc, weights, value)
    if actual != index:
        raise AssertionError(f"{description}: reference bucket gives {actual}, not {index}")
    point = bucket(flag_doc.get("salt", flag_doc["key"]), value)
    return case(f"{description} (bucket {point})", flag_doc["key"], context,
                fallthrough(flag_doc, index))


def _percentages() -> list[dict]:
    cases = []
    salt = SHARED_SALT
    last_in = find_exact(salt, "user-", 4999)
    first_out = find_exact(salt, "user-", 5000)
    inside = find_many(salt, "in5-", lambda p: p < 5000, 3)
    outside = find_many(salt, "out5-", lambda p: p >= 25000, 3)
    between = find_many(salt, "mid-", lambda p: 5000 <= p < 25000, 2)
    last_in_25 = find_exact(salt, "user-", 24999)
    first_out_25 = find_exact(salt, "user-", 25000)
    lowest = find_exact(salt, "user-", 0)
    highest = find_exact(salt, "user-", 99999)

    w5, w25 = [5000, 95000], [25000, 75000]
    cases.append(bucketed(f"5 %: {last_in} is the last bucket inside", ROLLOUT_5, w5,
                          {"key": last_in}, last_in, 0))
    cases.append(bucketed(f"5 %: {first_out} is the first bucket outside", ROLLOUT_5, w5,
                          {"key": first_out}, first_out, 1))
    for key in inside:
        cases.append(bucketed(f"5 %: {key} is inside", ROLLOUT_5, w5, {"key": key}, key, 0))
    for key in outside + between:
        cases.append(bucketed(f"5 %: {key} is outside", ROLLOUT_5, w5, {"key": key}, key, 1))
    for key in inside + [last_in]:
        cases.append(bucketed(f"25 %: {key}, inside at 5 %, stays inside", ROLLOUT_25, w25,
                              {"key": key}, key, 0))
    for key in between + [first_out]:
        cases.append(bucketed(f"25 %: {key}, outside at 5 %, is added", ROLLOUT_25, w25,
                              {"key": key}, key, 0))
    cases.append(bucketed(f"25 %: {last_in_25} is the last bucket inside", ROLLOUT_25, w25,
                          {"key": last_in_25}, last_in_25, 0))
    cases.append(bucketed(f"25 %: {first_out_25} is the first bucket outside", ROLLOUT_25, w25,
                          {"key": first_out_25}, first_out_25, 1))
    for key in outside:
        cases.append(bucketed(f"25 %: {key} is outside", ROLLOUT_25, w25, {"key": key}, key, 1))
    for key in [lowest] + inside[:1] + outside[:1]:
        cases.append(bucketed(f"0 %: {key} gets off", ROLLOUT_0, [0, 100000], {"key": key},
                              key, 1))
    for key in [highest] + outside[:1] + inside[:1]:
        cases.append(bucketed(f"100 %: {key} gets on", ROLLOUT_100, [100000, 0], {"key": key},
                              key, 0))
    return cases


def _splits() -> list[dict]:
    cases = []
    for target, index in ((0, 0), (33333, 0), (33334, 1), (66666, 1), (66667, 2), (99999, 2)):
        key = find_exact("abc-split", "abc-", target)
        cases.append(bucketed(f"A/B/C 33.334/33.333/33.333: boundary {key}", ABC, ABC_WEIGHTS,
                              {"key": key}, key, index))
    for index, (low, high) in enumerate(((0, 33334), (33334, 66667), (66667, 100000))):
        for key in find_many("abc-split", f"abc{index}-", lambda p, lo=low, hi=high: lo <= p < hi,
                             2):
            cases.append(bucketed(f"A/B/C: {key} gets {'abc'[index]}", ABC, ABC_WEIGHTS,
                                  {"key": key}, key, index))
    below = find_exact("zero-middle", "zm-", 49999)
    at = find_exact("zero-middle", "zm-", 50000)
    cases.append(bucketed(f"a zero weight is skipped: {below} gets left", ZERO_MIDDLE,
                          ZERO_MIDDLE_WEIGHTS, {"key": below}, below, 0))
    cases.append(bucketed(f"a zero weight is skipped: {at} gets right, never middle",
                          ZERO_MIDDLE, ZERO_MIDDLE_WEIGHTS, {"key": at}, at, 2))
    for index in range(10):
        key = find_value("ten-way", "tw-",
                         lambda p, i=index: i * 10000 <= p < (i + 1) * 10000)
        cases.append(bucketed(f"ten-way split: {key} gets v{index}", TEN_WAY, TEN_WEIGHTS,
                              {"key": key}, key, index))
    return cases


def _bucket_by() -> list[dict]:
    cases = []
    acme = rolled(BY_ORG, HALVES, "acme")
    cases.append(bucketed("bucketBy orgId: \"acme\"", BY_ORG, HALVES,
                          {"key": "k1", "orgId": "acme"}, "acme", acme))
    cases.append(bucketed("bucketBy orgId: another key in the same org gets the same variation",
                          BY_ORG, HALVES, {"key": "k2", "orgId": "acme"}, "acme", acme))
    # An org whose variation differs from acme's, so the context key visibly plays no part.
    other_org = find_value("bucket-by-org", "org-", lambda p: (p >= 50000) != (acme == 1))
    cases.append(bucketed(f"bucketBy orgId: {other_org} with the key k1 (key is not used)",
                          BY_ORG, HALVES, {"key": "k1", "orgId": other_org}, other_org,
                          1 - acme))
    numbers = [
        ("integer 12345 is hashed as \"12345\"", 12345, "12345"),
        ("the string \"12345\" gets the same variation", "12345", "12345"),
        ("integer 0", 0, "0"),
        ("negative integer -7 is hashed as \"-7\"", -7, "-7"),
        ("5.0 is the integer 5", 5.0, "5"),
        ("-0.0 is hashed as \"0\" (no sign of zero)", -0.0, "0"),
        ("2^53 - 1 is hashed in full", 9007199254740991, "9007199254740991"),
        ("-(2^53 - 1) is hashed in full", -9007199254740991, "-9007199254740991"),
        ("1e15 is hashed without exponent", 1e15, "1000000000000000"),
        ("the empty string is a value like any other", "", ""),
        ("a Unicode value", "Zürich-東京-😀", "Zürich-東京-😀"),
    ]
    for description, value, text in numbers:
        cases.append(bucketed(f"bucketBy orgId: {description}", BY_ORG, HALVES,
                              {"key": "k1", "orgId": value}, text,
                              rolled(BY_ORG, HALVES, text)))
    not_bucketed = [
        ("missing (the context key is not a fallback)", {"key": "k1"}),
        ("null", {"key": "k1", "orgId": None}),
        ("fractional number 1.5", {"key": "k1", "orgId": 1.5}),
        ("2^53 is too large", {"key": "k1", "orgId": 9007199254740992}),
        ("1e20 is too large", {"key": "k1", "orgId": 1e20}),
        ("boolean true", {"key": "k1", "orgId": True}),
        ("boolean false", {"key": "k1", "orgId": False}),
        ("array", {"key": "k1", "orgId": ["acme"]}),
        ("object", {"key": "k1", "orgId": {"id": "acme"}}),
    ]
    for description, context in not_bucketed:
        cases.append(case(f"bucketBy orgId {description}: not bucketed, offVariation with "
                          "FALLTHROUGH", "bucket-by-org", context, fallthrough(BY_ORG, 2)))
    return cases


def _keys_rules_and_salts() -> list[dict]:
    cases = []
    for description, key, text in (
        ("string key", "user-42", "user-42"),
        ("integer key 42 is hashed as \"42\"", 42, "42"),
        ("string key \"42\"", "42", "42"),
        ("Unicode key", "用户-😀", "用户-😀"),
        ("lone surrogate in the key is hashed as U+FFFD", "ab\ud800", "ab\ufffd"),
        ("U+FFFD in the key, same bucket as the lone surrogate", "ab\ufffd", "ab\ufffd"),
    ):
        for flag_doc in (DEFAULT_KEY, BY_KEY):
            label = "bucketBy absent" if flag_doc is DEFAULT_KEY else "bucketBy \"key\""
            cases.append(bucketed(f"{label}: {description} {show(key)}", flag_doc, HALVES,
                                  {"key": key}, text, rolled(flag_doc, HALVES, text)))
    for description, context in (("no key", {"plan": "pro"}), ("null key", {"key": None}),
                                 ("boolean key", {"key": True}),
                                 ("fractional key", {"key": 4.2})):
        cases.append(case(f"bucketBy absent: {description} is not bucketed",
                          "bucket-by-default", context, fallthrough(DEFAULT_KEY, 2)))
    for index in (0, 1):
        key = find_value("rule-rollout", f"rr{index}-",
                         lambda p, i=index: (p >= 50000) == (i == 1))
        assert rolled(RULE_SPLIT, HALVES, key) == index
        cases.append(case(f"rollout in a rule: {key} (bucket {bucket('rule-rollout', key)})",
                          "rule-rollout", {"key": key, "beta": True},
                          rule_match(RULE_SPLIT, index, "beta-split")))
    cases.append(case("rollout in a rule without a key: offVariation, RULE_MATCH keeps its id",
                      "rule-rollout", {"beta": True}, rule_match(RULE_SPLIT, 2, "beta-split")))
    cases.append(case("rule not matched: fixed fallthrough", "rule-rollout", {"key": "x"},
                      fallthrough(RULE_SPLIT, 1)))
    # Distinct salts split independently: keys that the two salts place differently.
    for wanted in (0, 1):
        key = next(f"salt-{n}" for n in range(10_000)
                   if rolled(SALTED, HALVES, f"salt-{n}") == wanted
                   and rolled(SALTED_TWIN, HALVES, f"salt-{n}") == 1 - wanted)
        cases.append(bucketed(f"salt \"custom-salt\" is used instead of the flag key: {key}",
                              SALTED, HALVES, {"key": key}, key, wanted))
        cases.append(bucketed(f"salt \"other-salt\" places {key} independently", SALTED_TWIN,
                              HALVES, {"key": key}, key, 1 - wanted))
    for key in ("user-1", "user-2", "用户-1"):
        cases.append(bucketed(f"Unicode salt: {key}", UNICODE_SALT, HALVES, {"key": key}, key,
                              rolled(UNICODE_SALT, HALVES, key)))
    return cases


def rollouts_file() -> dict:
    cases = _percentages() + _splits() + _bucket_by() + _keys_rules_and_salts()
    return evaluation_file(
        "Rollouts: bucket = floor(xxh32(salt + \".\" + value) × 100000 / 2^32); the variation "
        "is the first whose cumulative weight exceeds the bucket. Salts default to the flag key, "
        "bucketBy to \"key\"; values that cannot be bucketed serve offVariation and keep the "
        "reason kind. Bucket numbers in descriptions come from the reference xxHash.",
        document(FLAGS), cases)
