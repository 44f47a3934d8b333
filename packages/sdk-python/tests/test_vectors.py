"""Every shared vector in packages/spec/vectors, read straight from the repository, run with the
C xxh32 (the ``xxhash`` package) and with the pure-Python fallback."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flagswitch import bucket, evaluate, validate_document, xxh32
from helpers import json_equal

# The submodules, not the functions of the same name that the package exports.
XXH32_MODULE = importlib.import_module("flagswitch.xxh32")
BUCKETING_MODULE = importlib.import_module("flagswitch.bucketing")

VECTORS = Path(__file__).resolve().parents[2] / "spec" / "vectors"


def _load_cases(kind: str) -> list[Any]:
    index = json.loads((VECTORS / "index.json").read_text(encoding="utf-8"))
    assert index["specVersion"] == 1, "this SDK implements spec version 1"
    params: list[Any] = []
    for entry in index["files"]:
        if entry["kind"] != kind:
            continue
        content = json.loads((VECTORS / entry["file"]).read_text(encoding="utf-8"))
        for number, case in enumerate(content["cases"]):
            case_id = f"{entry['file']}#{number}: {case['description']}"
            params.append(pytest.param(content, case, id=case_id))
    assert params, f"no {kind} vectors found in {VECTORS}"
    return params


@pytest.fixture(params=["xxhash", "pure-python"])
def hash_implementation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Runs a test once with the C xxh32 and once as if ``xxhash`` were not installed."""
    if request.param == "pure-python":
        monkeypatch.setattr(XXH32_MODULE, "NATIVE_XXH32", None)
        monkeypatch.setattr(BUCKETING_MODULE, "NATIVE_XXH32", None)
    else:
        assert XXH32_MODULE.NATIVE_XXH32 is not None, "the dev extras install xxhash"
    yield request.param


@pytest.mark.parametrize(("content", "case"), _load_cases("xxh32"))
def test_xxh32_vector(content: Any, case: Any, hash_implementation: str) -> None:
    assert xxh32(case["input"], case["seed"]) == case["expected"], case["description"]


@pytest.mark.parametrize(("content", "case"), _load_cases("bucket"))
def test_bucket_vector(content: Any, case: Any, hash_implementation: str) -> None:
    assert bucket(case["salt"], case["value"]) == case["expected"], case["description"]


def _expected_matches(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    return json_equal(actual, expected)


@pytest.mark.parametrize(("content", "case"), _load_cases("evaluation"))
def test_evaluation_vector(content: Any, case: Any, hash_implementation: str) -> None:
    default = case.get("default")
    raw_result = evaluate(content["document"], case["flagKey"], case["context"], default).to_json()
    assert _expected_matches(raw_result, case["expected"]), (case["description"], raw_result)

    # A document that validates must give the same answer in its compiled form.
    checked = validate_document(content["document"])
    if checked.ok:
        assert checked.document is not None
        compiled_result = evaluate(checked.document, case["flagKey"], case["context"], default).to_json()
        assert _expected_matches(compiled_result, case["expected"]), (case["description"], compiled_result)


@pytest.mark.parametrize(("content", "case"), _load_cases("validation"))
def test_validation_vector(content: Any, case: Any) -> None:
    result = validate_document(case["document"])
    assert result.ok == case["valid"], (case["description"], [str(error) for error in result.errors])
    reported = {error.path for error in result.errors}
    missing = [path for path in case.get("errorPaths", []) if path not in reported]
    assert not missing, (case["description"], missing, sorted(reported))


def test_vectors_pass_in_a_process_without_xxhash() -> None:
    """The fallback chosen at import time, with ``xxhash`` truly unimportable, not patched."""
    script = """
import json, sys
sys.modules["xxhash"] = None  # makes `import xxhash` fail, as when it is not installed
from pathlib import Path
import flagswitch
from flagswitch.xxh32 import NATIVE_XXH32
assert NATIVE_XXH32 is None
vectors = Path(sys.argv[1])
failures = 0
for case in json.loads((vectors / "01-xxh32.json").read_text("utf-8"))["cases"]:
    failures += flagswitch.xxh32(case["input"], case["seed"]) != case["expected"]
for case in json.loads((vectors / "02-bucket.json").read_text("utf-8"))["cases"]:
    failures += flagswitch.bucket(case["salt"], case["value"]) != case["expected"]
print(failures)
"""
    completed = subprocess.run(
        [sys.executable, "-c", script, str(VECTORS)], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "0"
