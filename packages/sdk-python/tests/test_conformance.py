"""``python -m flagswitch.conformance``, the command the cross-language test drives: run as a
real subprocess on the evaluation vectors, whose ``expected`` is exactly its output shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import json_equal

VECTORS = Path(__file__).resolve().parents[2] / "spec" / "vectors"


def _run(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flagswitch.conformance"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _evaluation_files() -> list[str]:
    index = json.loads((VECTORS / "index.json").read_text(encoding="utf-8"))
    return [entry["file"] for entry in index["files"] if entry["kind"] == "evaluation"]


@pytest.mark.parametrize("file", _evaluation_files())
def test_the_command_reproduces_every_vector_of(file: str) -> None:
    content = json.loads((VECTORS / file).read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = []
    for case in content["cases"]:
        request = {"flagKey": case["flagKey"], "context": case["context"]}
        if "default" in case:
            request["default"] = case["default"]
        cases.append(request)
    completed = _run(json.dumps({"document": content["document"], "cases": cases}))
    assert completed.returncode == 0, completed.stderr
    results = json.loads(completed.stdout)["results"]
    assert len(results) == len(content["cases"])
    for case, result in zip(content["cases"], results):
        assert json_equal(result, case["expected"]), (case["description"], result)


def test_reason_fields_that_are_not_set_are_absent() -> None:
    document = {"schemaVersion": 1, "environment": "e", "version": 1, "flags": {}, "segments": {}}
    completed = _run(json.dumps({"document": document, "cases": [{"flagKey": "missing", "context": {}}]}))
    assert json.loads(completed.stdout) == {
        "results": [
            {
                "value": None,
                "variationIndex": None,
                "variationKey": None,
                "reason": {"kind": "ERROR", "errorKind": "FLAG_NOT_FOUND"},
            }
        ]
    }


def test_ten_thousand_cases_take_well_under_the_cross_language_budget() -> None:
    flag = {
        "key": "split",
        "version": 1,
        "enabled": True,
        "variations": [{"key": "a", "value": "a"}, {"key": "b", "value": "b"}],
        "offVariation": 0,
        "fallthrough": {"rollout": {"weights": [50000, 50000]}},
    }
    document = {"schemaVersion": 1, "environment": "e", "version": 1, "flags": {"split": flag}, "segments": {}}
    cases = [{"flagKey": "split", "context": {"key": f"user-{i}"}} for i in range(10_000)]
    completed = _run(json.dumps({"document": document, "cases": cases}))
    assert completed.returncode == 0, completed.stderr
    results = json.loads(completed.stdout)["results"]
    assert len(results) == 10_000
    share_of_b = sum(result["variationKey"] == "b" for result in results) / 10_000
    assert 0.47 < share_of_b < 0.53


def test_input_that_is_not_a_request_exits_2_with_a_message() -> None:
    completed = _run("[1, 2]")
    assert completed.returncode == 2
    assert "cases" in completed.stderr
    completed = _run("{ not json")
    assert completed.returncode == 2
    assert "not JSON" in completed.stderr
