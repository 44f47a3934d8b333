"""01-xxh32.json and 02-bucket.json: the hash and the bucket every SDK must reproduce."""

from .builders import SPEC_VERSION, show
from .reference import bucket, find_exact, xxh32

ASCII_40 = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"


def _xxh32_case(description: str, text: str, seed: int = 0) -> dict:
    return {"description": description, "input": text, "seed": seed, "expected": xxh32(text, seed)}


def xxh32_file() -> dict:
    cases = [_xxh32_case("empty string", "")]
    for length in range(1, len(ASCII_40) + 1):
        cases.append(_xxh32_case(f"ASCII, {length} byte{'s' if length > 1 else ''}",
                                 ASCII_40[:length]))
    cases += [
        _xxh32_case("ASCII 64 bytes: four full 16-byte stripes, no tail", "0123456789abcdef" * 4),
        _xxh32_case("ASCII 100 bytes", "The quick brown fox jumps over the lazy dog. " * 2
                    + "0123456789"),
        _xxh32_case("ASCII 1000 bytes", "flagswitch-" * 90 + "0123456789"),
        _xxh32_case("a typical bucketing input: salt.key", "new-checkout.user-42"),
        _xxh32_case("NUL character (one 0x00 byte)", "\u0000"),
        _xxh32_case("DEL and control characters", "\t\n\r\u007f"),
        _xxh32_case("2-byte UTF-8: é", "é"),
        _xxh32_case("2-byte UTF-8: Greek and Cyrillic", "Ωμέγα-Жук"),
        _xxh32_case("3-byte UTF-8: euro sign", "€"),
        _xxh32_case("3-byte UTF-8: CJK", "日本語のテキスト"),
        _xxh32_case("3-byte UTF-8: Chinese user id", "用户-12345"),
        _xxh32_case("4-byte UTF-8: musical symbol G clef (outside the BMP)", "𝄞"),
        _xxh32_case("4-byte UTF-8: emoji", "😀"),
        _xxh32_case("emoji ZWJ sequence (woman technologist)", "👩‍💻"),
        _xxh32_case("emoji flag (two regional indicators)", "🇩🇪"),
        _xxh32_case("ten emoji: 40 bytes, 4-byte characters across stripes", "😀" * 10),
        _xxh32_case("combining mark: e + U+0301 (not normalized)", "e\u0301"),
        _xxh32_case("precomposed é (NFC) hashes differently from e + U+0301", "caf\u00e9"),
        _xxh32_case("decomposed é (NFD)", "cafe\u0301"),
        _xxh32_case("U+FFFD replacement character", "\ufffd"),
        _xxh32_case("lone high surrogate is hashed as U+FFFD (EF BF BD)", "a\ud800b"),
        _xxh32_case("lone low surrogate is hashed as U+FFFD (EF BF BD)", "\udc00"),
        _xxh32_case("largest code point U+10FFFF", "\U0010ffff"),
    ]
    # A multi-byte character straddling the end of the first 16-byte stripe, for
    # implementations that encode UTF-8 while they hash.
    for prefix in range(13, 18):
        cases.append(_xxh32_case(f"{prefix} ASCII bytes then a 3-byte character (€)",
                                 "x" * prefix + "€"))
    for prefix in range(13, 17):
        cases.append(_xxh32_case(f"{prefix} ASCII bytes then a 4-byte character (😀)",
                                 "y" * prefix + "😀"))
    for text, name in (("", "empty string"), ("abc", "abc"), (ASCII_40[:16], "16 bytes"),
                       (ASCII_40, "40 bytes"), ("日本語", "CJK")):
        for seed in (1, 42, 0x9E3779B1, 0xFFFFFFFF):
            cases.append(_xxh32_case(f"seed {seed}: {name}", text, seed))
    return {
        "specVersion": SPEC_VERSION,
        "description": "xxHash32 of the UTF-8 bytes of `input` with `seed`; expected values "
                       "come from the reference xxHash C library.",
        "cases": cases,
    }


SALTS = [
    "new-checkout",
    "checkout-rollout",
    "a",
    "",
    "flag.with.dots",
    "UPPER-lower",
    "sél-🧂",
    "用户实验",
    "emoji-🚀-salt",
    "s" * 64,
]

VALUES = [
    "user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-42", "user-1000",
    "user-99999", "User-1",
    "0", "1", "42", "-7", "9007199254740991", "12345678901234567890",
    "", " ", "a", "alice@example.com",
    "😀", "用户-1", "naïve", "e\u0301", "\u0000", "org/acme#team=1",
    "Ω", "🇩🇪", "x" * 100, "\ud800",
]


def _bucket_case(description: str, salt: str, value: str) -> dict:
    return {"description": description, "salt": salt, "value": value,
            "expected": bucket(salt, value)}


def bucket_file() -> dict:
    cases = []
    for salt in SALTS:
        for value in VALUES:
            note = " (lone surrogate, hashed as U+FFFD)" if value == "\ud800" else ""
            cases.append(_bucket_case(f"salt {show(salt)}, value {show(value)}{note}", salt, value))
    # Scaling edges: the smallest and largest buckets, and both sides of 5 %, 25 %, 50 %.
    for target in (0, 1, 4999, 5000, 24999, 25000, 49999, 50000, 99998, 99999):
        value = find_exact("edge-salt", "k", target)
        cases.append(_bucket_case(f"salt \"edge-salt\", value {show(value)}: bucket {target}",
                                  "edge-salt", value))
    cases += [
        _bucket_case("salt containing the separator: \"a.b\" + \".\" + \"c\"", "a.b", "c"),
        _bucket_case("the same bytes split differently: \"a\" + \".\" + \"b.c\"", "a", "b.c"),
    ]
    return {
        "specVersion": SPEC_VERSION,
        "description": "bucket(salt, value) = floor(xxh32(UTF-8(salt + \".\" + value), 0) × 100000 "
                       "/ 2^32), computed with the reference xxHash C library.",
        "cases": cases,
    }
