"""The Python SDK beside UnleashClient, growthbook and launchdarkly-server-sdk on scenarios A–D
(benchmarks/fixtures.mjs): the same 1,000 flags given to every SDK offline, evaluated for 10,000
rotating contexts. Prints a Markdown table (ns per evaluation, median of several runs).

Run from the repository root with the benchmark virtualenv (see README.md):

    benchmarks/python/.venv/bin/python benchmarks/python/run.py [--runs 5] [--seconds 0.4]

Before timing anything it checks that every SDK serves the same flags: identical values wherever
FlagSwitch serves without a rollout, and the weighted split (within 2 points) where a rollout
decides — an SDK that served defaults because a flag was mistranslated would look fast for
nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCENARIOS = {"A": "a boolean flag", "B": "a 25 % rollout", "C": "10 rules, the last matches (50/50)", "D": "A/B/C experiment"}
CONTEXT_COUNT = 10_000

Evaluate = Callable[[str, int], Any]
"""(flag key, context index) → the served value."""


def load_fixtures() -> dict[str, Any]:
    exported = subprocess.run(
        ["node", str(ROOT / "benchmarks" / "go" / "export-fixtures.mjs")], capture_output=True, text=True, check=True
    )
    fixtures: dict[str, Any] = json.loads(exported.stdout)
    return fixtures


# FlagSwitch


def flagswitch_sdk(fixtures: dict[str, Any]) -> tuple[Evaluate, Evaluate]:
    """The client (events off, as for the other SDKs) and the pure evaluation layer."""
    import flagswitch
    from flagswitch.sources import BootstrapSource

    client = flagswitch.Client("benchmark", source=BootstrapSource(fixtures["document"]), events=False)
    assert client.wait_until_ready(5) == "ready"
    contexts = fixtures["contexts"]
    document = client.document
    assert document is not None
    evaluate = flagswitch.evaluate
    json_variation = client.json_variation

    def via_client(key: str, index: int) -> Any:
        return json_variation(key, contexts[index])

    def via_evaluate(key: str, index: int) -> Any:
        return evaluate(document, key, contexts[index]).value

    return via_client, via_evaluate


# LaunchDarkly


def launchdarkly_flag(flag: dict[str, Any]) -> dict[str, Any]:
    experiment = bool(flag.get("experiment", {}).get("running"))

    def serve(served: dict[str, Any]) -> dict[str, Any]:
        if "variation" in served:
            return {"variation": served["variation"]}
        rollout = served["rollout"]
        translated: dict[str, Any] = {
            "variations": [{"variation": i, "weight": weight} for i, weight in enumerate(rollout["weights"])]
        }
        if rollout.get("bucketBy", "key") != "key":
            translated["bucketBy"] = rollout["bucketBy"]
        if experiment:
            translated["kind"] = "experiment"
        return {"rollout": translated}

    rules = []
    for rule in flag.get("rules", []):
        clauses = []
        for clause in rule["clauses"]:
            if clause["op"] != "in":
                raise ValueError(f"flag {flag['key']}: only 'in' clauses are translated")
            clauses.append(
                {"attribute": clause["attribute"], "op": "in", "values": clause["values"],
                 "negate": bool(clause.get("negate")), "contextKind": "user"}
            )
        rules.append({"id": rule["id"], "clauses": clauses, **serve(rule["serve"])})
    return {
        "key": flag["key"],
        "version": flag["version"],
        "on": flag["enabled"],
        "variations": [variation["value"] for variation in flag["variations"]],
        "offVariation": flag["offVariation"],
        "fallthrough": serve(flag["fallthrough"]),
        "rules": rules,
        "targets": [],
        "prerequisites": [],
        "salt": flag.get("salt", flag["key"]),
        "trackEvents": False,
        "deleted": False,
    }


def launchdarkly_sdk(fixtures: dict[str, Any]) -> Evaluate:
    from ldclient import Context, LDClient
    from ldclient.config import Config
    from ldclient.feature_store import InMemoryFeatureStore
    from ldclient.versioned_data_kind import FEATURES, SEGMENTS

    store = InMemoryFeatureStore()
    store.init({FEATURES: {key: launchdarkly_flag(flag) for key, flag in fixtures["document"]["flags"].items()}, SEGMENTS: {}})
    # Daemon mode: flags come from the store, nothing is fetched; no events are sent.
    client = LDClient(config=Config("benchmark", feature_store=store, use_ldd=True, send_events=False))
    assert client.is_initialized()
    contexts = [
        Context.builder(c["key"]).set("country", c["country"]).set("plan", c["plan"]).build()
        for c in fixtures["contexts"]
    ]
    variation = client.variation

    def evaluate(key: str, index: int) -> Any:
        return variation(key, contexts[index], None)

    return evaluate


# GrowthBook


def growthbook_feature(flag: dict[str, Any]) -> dict[str, Any]:
    values = [variation["value"] for variation in flag["variations"]]
    if not flag["enabled"]:
        return {"defaultValue": values[flag["offVariation"]]}
    salt = flag.get("salt", flag["key"])
    experiment = flag.get("experiment") or {}
    running = bool(experiment.get("running"))
    rules: list[dict[str, Any]] = []

    def add(condition: dict[str, Any] | None, served: dict[str, Any], last_falls_to_first: bool) -> None:
        rule: dict[str, Any] = {} if condition is None else {"condition": condition}
        if "variation" in served:
            rules.append({**rule, "force": values[served["variation"]]})
            return
        rollout = served["rollout"]
        weights = rollout["weights"]
        hashing = {"hashAttribute": rollout.get("bucketBy", "key"), "seed": salt}
        if len(weights) == 2 and not running:
            # GrowthBook's own percentage rollout: variation 1 for the covered share.
            rules.append({**rule, **hashing, "force": values[1], "coverage": weights[1] / 100_000})
            if not last_falls_to_first:
                rules.append({**rule, "force": values[0]})
            return
        rules.append(
            {**rule, **hashing, "key": experiment.get("key", flag["key"]), "variations": values,
             "weights": [weight / 100_000 for weight in weights], "coverage": 1.0}
        )

    fallthrough = flag["fallthrough"]
    falls_to_first = fallthrough.get("variation") == 0
    for index, rule in enumerate(flag.get("rules", [])):
        condition: dict[str, Any] = {}
        for clause in rule["clauses"]:
            if clause["op"] != "in" or clause.get("negate"):
                raise ValueError(f"flag {flag['key']}: only 'in' clauses are translated")
            condition[clause["attribute"]] = {"$in": clause["values"]}
        add(condition, rule["serve"], falls_to_first and index == len(flag["rules"]) - 1)
    if "variation" in fallthrough:
        return {"defaultValue": values[fallthrough["variation"]], "rules": rules}
    add(None, fallthrough, True)
    return {"defaultValue": values[0], "rules": rules}


def growthbook_sdk(fixtures: dict[str, Any]) -> Evaluate:
    from growthbook import GrowthBook

    features = {key: growthbook_feature(flag) for key, flag in fixtures["document"]["flags"].items()}
    attributes = [{"key": c["key"], "country": c["country"], "plan": c["plan"]} for c in fixtures["contexts"]]
    # One instance per context, built up front (as the Go benchmark does): what is timed is the
    # evaluation, not building the instance a request would use.
    instances = [GrowthBook(attributes=attrs, features=features) for attrs in attributes]

    def evaluate(key: str, index: int) -> Any:
        return instances[index].eval_feature(key).value

    return evaluate


# Unleash


def unleash_feature(flag: dict[str, Any]) -> dict[str, Any]:
    """Unleash turns a feature on when any strategy matches. FlagSwitch rules that serve "off"
    become strategies whose rollout is 0 %: their constraints are still evaluated (the work
    being measured), and they never turn the feature on. Only scenario D has non-boolean
    values; they become variants, read with get_variant."""
    key = flag["key"]
    values = [variation["value"] for variation in flag["variations"]]
    strategies: list[dict[str, Any]] = []
    variants: list[dict[str, Any]] = []

    def rollout_strategy(percentage: float, constraints: list[dict[str, Any]], stickiness: str) -> dict[str, Any]:
        return {
            "name": "flexibleRollout",
            "parameters": {"rollout": f"{percentage:g}", "stickiness": stickiness, "groupId": flag.get("salt", key)},
            "constraints": constraints,
        }

    def add(constraints: list[dict[str, Any]], served: dict[str, Any]) -> None:
        if "variation" in served:
            on = values[served["variation"]] is True
            strategies.append(
                {"name": "default", "parameters": {}, "constraints": constraints}
                if on
                else rollout_strategy(0, constraints, "userId")
            )
            return
        weights = served["rollout"]["weights"]
        if all(isinstance(value, bool) for value in values):
            strategies.append(rollout_strategy(weights[1] / 1000, constraints, "userId"))
            return
        strategies.append({"name": "default", "parameters": {}, "constraints": constraints})
        shares = [round(weight / 100) for weight in weights]
        shares[0] += 1000 - sum(shares)
        variants.extend(
            {"name": str(value), "weight": share, "weightType": "variable", "stickiness": "userId"}
            for value, share in zip(values, shares)
        )

    for rule in flag.get("rules", []):
        constraints = []
        for clause in rule["clauses"]:
            if clause["op"] != "in":
                raise ValueError(f"flag {key}: only 'in' clauses are translated")
            name = "userId" if clause["attribute"] == "key" else clause["attribute"]
            constraints.append(
                {"contextName": name, "operator": "IN", "values": [str(v) for v in clause["values"]],
                 "inverted": bool(clause.get("negate"))}
            )
        add(constraints, rule["serve"])
    add([], flag["fallthrough"])
    return {"name": key, "type": "release", "enabled": flag["enabled"], "strategies": strategies, "variants": variants}


def unleash_sdk(fixtures: dict[str, Any], cache_dir: str) -> Evaluate:
    from UnleashClient import UnleashClient
    from UnleashClient.cache import FileCache

    flags = fixtures["document"]["flags"]
    cache = FileCache("flagswitch-benchmark", directory=cache_dir)
    cache.bootstrap_from_dict({"version": 1, "features": [unleash_feature(flag) for flag in flags.values()]})
    client = UnleashClient(
        url="http://127.0.0.1:9",
        app_name="flagswitch-benchmark",
        disable_metrics=True,
        disable_registration=True,
        cache=cache,
    )
    client.initialize_client(fetch_toggles=False)
    contexts = [
        {"userId": c["key"], "properties": {"country": c["country"], "plan": c["plan"]}} for c in fixtures["contexts"]
    ]
    non_boolean = {key for key, flag in flags.items() if not all(isinstance(v["value"], bool) for v in flag["variations"])}
    is_enabled, get_variant = client.is_enabled, client.get_variant

    def evaluate(key: str, index: int) -> Any:
        if key in non_boolean:
            return get_variant(key, contexts[index])["name"]
        return is_enabled(key, contexts[index])

    evaluate.client = client  # type: ignore[attr-defined]
    return evaluate


# Checks and timing


def check_same_flags(fixtures: dict[str, Any], reference: Evaluate, others: dict[str, Evaluate]) -> None:
    import flagswitch

    document = flagswitch.validate_document(fixtures["document"]).document
    assert document is not None
    contexts = fixtures["contexts"]
    compared = 0
    for key, flag in fixtures["document"]["flags"].items():
        for index in range(300):
            result = flagswitch.evaluate(document, key, contexts[index])
            if _served_by_rollout(flag, result.reason):
                continue
            expected = reference(key, index)
            for name, evaluate in others.items():
                got = evaluate(key, index)
                if got != expected or type(got) is not type(expected):
                    raise SystemExit(f"{name} serves {got!r} for {key}, context {index}; FlagSwitch {expected!r}")
            compared += 1
    shares = {
        "A": {True: 1.0},
        "B": {True: 0.25, False: 0.75},
        "C": {True: 0.5, False: 0.5},
        "D": {"control": 0.33334, "treatment-b": 0.33333, "treatment-c": 0.33333},
    }
    for name, evaluate in {"FlagSwitch": reference, **others}.items():
        for scenario, expected_shares in shares.items():
            counts = Counter(evaluate(scenario, index) for index in range(CONTEXT_COUNT))
            for value, share in expected_shares.items():
                if abs(counts[value] / CONTEXT_COUNT - share) > 0.02:
                    raise SystemExit(f"{name}, scenario {scenario}: {value!r} served {counts[value]} times of {CONTEXT_COUNT}")
    print(f"same flags: {compared} fixed evaluations identical in every SDK; rollout splits within 2 points", file=sys.stderr)


def _served_by_rollout(flag: dict[str, Any], reason: Any) -> bool:
    if reason.kind == "FALLTHROUGH":
        return "rollout" in flag["fallthrough"]
    if reason.kind == "RULE_MATCH":
        return any(rule["id"] == reason.rule_id and "rollout" in rule["serve"] for rule in flag.get("rules", []))
    return False


def time_per_op(evaluate: Evaluate, key: str, seconds: float) -> float:
    """ns per evaluation over batches of the 10,000 rotating contexts, for about ``seconds``.

    Measured in this thread's CPU time, not wall time: on a machine shared with other work,
    time spent waiting for a core is not the SDK's (and the SDKs' own background threads, such
    as Unleash's scheduler, are not counted against the evaluation either)."""
    indexes = range(CONTEXT_COUNT)
    for index in range(1000):  # warm up
        evaluate(key, index)
    rounds = 0
    clock = time.thread_time_ns
    started = clock()
    while True:
        for index in indexes:
            evaluate(key, index)
        rounds += 1
        elapsed = clock() - started
        if elapsed >= seconds * 1e9:
            return elapsed / (rounds * CONTEXT_COUNT)


def loop_overhead(seconds: float) -> float:
    def nothing(key: str, index: int) -> None:
        return None

    return time_per_op(nothing, "A", seconds)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per SDK and scenario (median kept)")
    parser.add_argument("--seconds", type=float, default=0.4, help="length of one timed run")
    parser.add_argument(
        "--flagswitch-only", action="store_true", help="time FlagSwitch alone (no other SDK, no comparison)"
    )
    parser.add_argument(
        "--without-xxhash", action="store_true", help="FlagSwitch hashes in pure Python, as without xxhash"
    )
    options = parser.parse_args()
    logging.disable(logging.WARNING)  # Unleash warns about its unreachable (unused) server URL

    import flagswitch.bucketing

    if options.without_xxhash:
        flagswitch.bucketing.NATIVE_XXH32 = None  # what the SDK uses when xxhash cannot be imported
    if flagswitch.bucketing.NATIVE_XXH32 is None:
        print("note: FlagSwitch uses its pure-Python xxh32", file=sys.stderr)
    fixtures = load_fixtures()
    with tempfile.TemporaryDirectory() as cache_dir:
        via_client, via_evaluate = flagswitch_sdk(fixtures)
        suffix = " (pure-Python xxh32)" if flagswitch.bucketing.NATIVE_XXH32 is None else ""
        sdks: dict[str, Evaluate] = {
            f"FlagSwitch (client){suffix}": via_client,
            f"FlagSwitch (evaluate){suffix}": via_evaluate,
        }
        if not options.flagswitch_only:
            sdks["UnleashClient"] = unleash_sdk(fixtures, cache_dir)
            sdks["growthbook"] = growthbook_sdk(fixtures)
            sdks["launchdarkly-server-sdk"] = launchdarkly_sdk(fixtures)
            check_same_flags(fixtures, via_client, {k: v for k, v in sdks.items() if not k.startswith("FlagSwitch")})

        overhead = statistics.median(loop_overhead(options.seconds) for _ in range(3))
        table: dict[str, dict[str, float]] = {}
        for scenario in SCENARIOS:
            for name, evaluate in sdks.items():
                runs = [time_per_op(evaluate, scenario, options.seconds) for _ in range(options.runs)]
                table.setdefault(name, {})[scenario] = statistics.median(runs) - overhead
                print(f"{scenario} {name}: {table[name][scenario]:.0f} ns", file=sys.stderr)
        if "UnleashClient" in sdks:
            sdks["UnleashClient"].client.destroy()  # type: ignore[attr-defined]

    versions = {name: _version(package) for name, package in
                [("UnleashClient", "UnleashClient"), ("growthbook", "growthbook"), ("launchdarkly-server-sdk", "launchdarkly-server-sdk")]}
    print(f"\nPython SDK evaluation, ns per evaluation (median of {options.runs} runs; 1,000-flag document, "
          f"10,000 rotating contexts; thread CPU time; loop overhead of {overhead:.0f} ns subtracted)")
    print(f"{machine()}, {datetime.date.today().isoformat()}\n")
    print("| SDK | " + " | ".join(f"{s}: {d}" for s, d in SCENARIOS.items()) + " |")
    print("|---|" + "---:|" * len(SCENARIOS))
    for name, row in table.items():
        label = f"{name} {versions[name]}" if name in versions else name
        print(f"| {label} | " + " | ".join(f"{row[s]:,.0f}" for s in SCENARIOS) + " |")


def _version(package: str) -> str:
    from importlib.metadata import version

    try:
        return version(package)
    except Exception:
        return ""


if __name__ == "__main__":
    main()
