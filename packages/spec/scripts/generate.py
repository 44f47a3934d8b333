#!/usr/bin/env python3
"""Regenerates packages/spec/vectors from the case tables in vectorgen/.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install xxhash
    /tmp/venv/bin/python packages/spec/scripts/generate.py          # write the files
    /tmp/venv/bin/python packages/spec/scripts/generate.py --check  # fail if they are stale

Hashes and buckets come from the reference xxHash C library (the `xxhash` package); every
evaluation and validation expectation is written by hand from docs/evaluation.md. No
FlagSwitch SDK is involved, so the vectors can judge all of them.
"""

import json
import sys
from pathlib import Path

from vectorgen import (basics, experiments, hashing, malformed, operators, prerequisites,
                       rollouts, segments, targets_and_rules, validation)

VECTORS = Path(__file__).resolve().parent.parent / "vectors"

# (file name, kind, builder): the order of the manifest.
FILES = [
    ("01-xxh32.json", "xxh32", hashing.xxh32_file),
    ("02-bucket.json", "bucket", hashing.bucket_file),
    ("03-basics.json", "evaluation", basics.basics_file),
    ("04-operators.json", "evaluation", operators.operators_file),
    ("05-segments.json", "evaluation", segments.segments_file),
    ("05-segment-cycles.json", "evaluation", segments.segment_cycles_file),
    ("06-prerequisites.json", "evaluation", prerequisites.prerequisites_file),
    ("06-prerequisite-failures.json", "evaluation", prerequisites.prerequisite_failures_file),
    ("07-targets-and-rule-order.json", "evaluation", targets_and_rules.targets_and_rules_file),
    ("08-rollouts.json", "evaluation", rollouts.rollouts_file),
    ("09-experiments.json", "evaluation", experiments.experiments_file),
    ("10-malformed.json", "evaluation", malformed.malformed_file),
    ("11-validation.json", "validation", validation.validation_file),
]


def to_json(value) -> str:
    """Pretty JSON, Unicode kept readable; lone surrogates (deliberate, in a few inputs)
    written as \\u escapes since they cannot be stored as UTF-8."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    escaped = "".join(f"\\u{ord(ch):04x}" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    return escaped + "\n"


def check_descriptions(name: str, content: dict) -> None:
    seen = set()
    for item in content.get("cases", []):
        description = item["description"]
        if description in seen:
            raise SystemExit(f"{name}: duplicate case description {description!r}")
        seen.add(description)


def render() -> dict[str, str]:
    outputs = {}
    manifest = []
    for name, kind, build in FILES:
        content = build()
        check_descriptions(name, content)
        outputs[name] = to_json(content)
        manifest.append({"file": name, "kind": kind})
    outputs["index.json"] = to_json({"specVersion": 1, "files": manifest})
    return outputs


def main() -> int:
    outputs = render()
    if "--check" in sys.argv[1:]:
        stale = [name for name, text in outputs.items()
                 if not (VECTORS / name).exists() or (VECTORS / name).read_text("utf-8") != text]
        extra = sorted({path.name for path in VECTORS.glob("*.json")} - set(outputs))
        for name in stale:
            print(f"stale: vectors/{name}", file=sys.stderr)
        for name in extra:
            print(f"not generated: vectors/{name}", file=sys.stderr)
        return 1 if stale or extra else 0
    VECTORS.mkdir(exist_ok=True)
    for name, text in outputs.items():
        (VECTORS / name).write_text(text, "utf-8")
        count = len(json.loads(text).get("cases", []))
        print(f"vectors/{name}: {count} cases" if name != "index.json" else "vectors/index.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
