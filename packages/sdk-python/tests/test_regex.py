"""Patterns are read as ECMAScript ("u" flag) reads them; see flagswitch/regex.py."""

from __future__ import annotations

import re

import pytest

from flagswitch.regex import compile_pattern


def matches(pattern: str, text: str) -> bool:
    compiled = compile_pattern(pattern)
    assert isinstance(compiled, re.Pattern), compiled
    return compiled.search(text) is not None


def refusal(pattern: str) -> str:
    compiled = compile_pattern(pattern)
    assert isinstance(compiled, str), f"{pattern!r} compiled"
    return compiled


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("pro", "enterprise-pro-plan", True),  # a search, not a full match
        ("^pro", "enterprise-pro", False),
        ("a$", "a\n", False),  # ECMAScript's $ is the end of input; Python's also matches before \n
        ("a$", "a", True),
        (".", "\n", False),
        (".", "\r", False),
        (".", "\u2028", False),
        (".", "😀", True),
        ("^.$", "😀", True),  # one code point, as with the "u" flag
        ("\\s", "\u00a0", True),  # ECMAScript's \s is Unicode-wide
        ("\\s", "\ufeff", True),
        ("\\S", "\u00a0", False),
        ("[\\S]", "\u3000", False),
        ("\\d", "٣", False),  # \d, \w, \b are ASCII
        ("\\w", "é", False),
        ("\\bpro\\b", "a pro plan", True),
        ("\\B", "", True),  # Python's \B never matches an empty string; ECMAScript's does
        ("[]", "anything", False),
        ("[^]", "\n", True),
        ("\\u{1F600}", "😀", True),
        ("\\ud83d\\ude00", "😀", True),
        ("\\x41\\u0042\\cC", "AB\x03", True),
        ("[\\b]", "\x08", True),
        ("\\0", "\x00", True),
        ("a{2,3}?", "aaa", True),
        ("[a\\-z]", "-", True),
        ("[a-]", "-", True),
        ("[&~|]", "~", True),
        ("\\p{Lu}", "É", True),
        ("\\p{Lu}", "é", False),
        ("\\P{L}", "1", True),
        ("[\\p{Nd}x]", "٣", True),
        ("\\p{Letter}+", "日本", True),
        ("\\p{gc=Ll}", "a", True),
        ("\\p{ASCII}", "é", False),
        ("\\/", "/", True),
    ],
)
def test_matching(pattern: str, text: str, expected: bool) -> None:
    assert matches(pattern, text) is expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(?=a)", '"(?" group'),
        ("(?<name>a)", '"(?" group'),
        ("(?i)a", '"(?" group'),
        ("(?P<n>a)", '"(?" group'),
        ("(a)\\1", "back-reference"),
        ("\\k<a>", "back-reference"),
        ("a" * 257, "longer than 256"),
        ("(", "does not compile"),
        ("a{", '"{" that does not start a quantifier'),
        ("a{,3}", '"{" that does not start a quantifier'),
        ("a}", "lone"),
        ("]", "lone"),
        ("a**", "nothing to repeat"),
        ("a*+", "nothing to repeat"),  # possessive in Python 3.11+, an error in ECMAScript
        ("^*", "nothing to repeat"),
        ("\\b+", "nothing to repeat"),
        ("a{3,2}", "out of order"),
        ("a{1001}", "above 1000"),
        ("\\e", "invalid escape"),
        ("\\A", "invalid escape"),
        ("\\Z", "invalid escape"),
        ("\\-", "invalid escape"),
        ("\\00", "octal"),
        ("\\c1", '"\\c"'),
        ("\\x4", '"\\x"'),
        ("\\u12", '"\\u"'),
        ("\\u{110000}", "beyond U+10FFFF"),
        ("[\\B]", '"\\B" inside a character class'),
        ("[\\w-z]", "cannot bound a range"),
        ("[z-a]", "does not compile"),
        ("[abc", "missing closing ]"),
        ("\\p{Script=Greek}", "unsupported Unicode property"),
        ("\\p{NotAProperty}", "unsupported Unicode property"),
        ("\\", "end of the pattern"),
    ],
)
def test_refusals(pattern: str, reason: str) -> None:
    assert reason in refusal(pattern)


def test_the_scan_ignores_groups_inside_a_class() -> None:
    assert matches("[(?=]", "=")


def test_length_counts_code_points() -> None:
    assert not isinstance(compile_pattern("😀" * 256), str)
    assert "longer" in refusal("😀" * 257)
