"""The conformance command the cross-language test drives (packages/spec/cross-language).

``python -m flagswitch.conformance`` reads ``{ "document": <raw document>, "cases": [{ "flagKey",
"context", "default"? }] }`` as JSON on stdin and writes ``{ "results": [{ "value",
"variationIndex", "variationKey", "reason" }] }`` on stdout, one result per case in order, in the
shape of the vectors' ``expected``. The document is raw, as in the vectors: it is evaluated
without validation (some documents are malformed on purpose), compiled once for all cases.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from .document import FlagDocument
from .evaluate import evaluate
from .json_values import JsonValue

__all__ = ["evaluate_cases", "main"]


def evaluate_cases(document: object, cases: Sequence[Mapping[str, Any]]) -> list[dict[str, JsonValue]]:
    """Each case evaluated against ``document`` (raw JSON), as camelCase JSON results."""
    compiled = FlagDocument(document)
    return [
        # A flag key that is not a string is looked up like any unknown one: FLAG_NOT_FOUND.
        evaluate(compiled, case.get("flagKey", ""), case.get("context"), case.get("default")).to_json()
        for case in cases
    ]


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Runs the command; returns the process exit code (2 when the input is not usable)."""
    try:
        request = json.load(stdin)
    except ValueError as error:
        print(f"flagswitch.conformance: stdin is not JSON: {error}", file=sys.stderr)
        return 2
    if not isinstance(request, dict) or not isinstance(request.get("cases"), list):
        print('flagswitch.conformance: stdin must be { "document": ..., "cases": [...] }', file=sys.stderr)
        return 2
    cases = [case if isinstance(case, dict) else {} for case in request["cases"]]
    json.dump({"results": evaluate_cases(request.get("document"), cases)}, stdout, separators=(",", ":"))
    stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
