"""Regular expressions for the ``matches`` operator, read as the TypeScript core reads them.

The core compiles patterns as ECMAScript with the ``u`` flag. Only the subset that ECMAScript,
RE2 and Python's ``re`` share is allowed, checked by the scan every SDK repeats (no ``(?``
group but ``(?:`` outside a character class, no back-reference). A pattern that passes is then
translated to Python ``re`` syntax with the same meaning: escapes that ECMAScript refuses in
``u`` mode are refused here too, and the constructs whose meaning differs between the two are
spelled out (``.``, ``\\s``, ``$``, empty classes). ``\\d``, ``\\w`` and ``\\b`` are ASCII in both
(``re.ASCII``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

__all__ = ["MAX_PATTERN_LENGTH", "compile_pattern", "find_unportable_construct"]

MAX_PATTERN_LENGTH = 256

_MAX_CODE_POINT = 0x10FFFF

# ECMAScript's \s: white space and line terminators, Unicode-wide (re.ASCII's \s is ASCII only).
_SPACE_RANGES = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)
# ECMAScript's "." in "u" mode: any code point but a line terminator (Python's excludes only \n).
_DOT = r"[^\n\r\u2028\u2029]"
# ECMAScript's $ without the "m" flag: the end of the input (Python's $ also matches before a
# final newline).
_END = r"\Z"
# ECMAScript's \B; Python's (before 3.14) never matches in an empty string.
_NOT_WORD_BOUNDARY = r"(?:(?<=\w)(?=\w)|(?<!\w)(?!\w))"
_NOTHING = r"[^\x00-\U0010ffff]"
_ANYTHING = r"[\x00-\U0010ffff]"
_QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}", re.ASCII)
# RE2 (the Go SDK) refuses repetition counts above 1000, and Python's engine runs a counted
# repeat of an empty group once per count ("(){4294967294}" exhausts memory): refused here too.
_MAX_REPEAT = 1000
_HEX = frozenset("0123456789abcdefABCDEF")
_SYNTAX_CHARACTERS = frozenset("^$\\.*+?()[]{}|/")
# Literal characters that Python reads specially inside a class ("[[", "&&", "~~", "||", "--").
_CLASS_LITERALS_TO_ESCAPE = frozenset("[&~|-^")


class _Refused(Exception):
    """The pattern is not valid ECMAScript ("u" flag); the message says why."""


def compile_pattern(pattern: str) -> re.Pattern[str] | str:
    """The compiled pattern, or a message saying why it is refused."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"regex is longer than {MAX_PATTERN_LENGTH} characters"
    unportable = find_unportable_construct(pattern)
    if unportable is not None:
        return unportable
    try:
        translated = _Translator(pattern).translate()
        return re.compile(translated, re.ASCII)
    except _Refused as refused:
        return f"regex does not compile: {refused}"
    except (re.error, OverflowError, RecursionError) as error:
        return f"regex does not compile: {error}"


def find_unportable_construct(pattern: str) -> str | None:
    """The scan every SDK repeats: outside a character class, a ``(?`` that is not ``(?:``
    (look-around, named group, inline flag); anywhere, a back-reference (``\\1``–``\\9``, ``\\k``)."""
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            following = pattern[index + 1 : index + 2]
            if following in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "k"):
                return (
                    f'regex uses a back-reference ("\\{following}"), '
                    "which not every SDK supports"
                )
            index += 1
        elif in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
        elif char == "(" and pattern[index + 1 : index + 2] == "?" and pattern[index + 2 : index + 3] != ":":
            return (
                'regex uses a "(?" group other than "(?:" (look-around, named group or inline '
                'flag), which not every SDK supports'
            )
        index += 1
    return None


class _Atom:
    """One translated escape or class member: a single code point, a set of them, or an
    assertion (which matches no character)."""

    __slots__ = ("is_assertion", "is_set", "text")

    def __init__(self, text: str, is_set: bool, is_assertion: bool = False) -> None:
        self.text = text
        self.is_set = is_set
        self.is_assertion = is_assertion


class _Translator:
    """ECMAScript ("u" flag) pattern → Python ``re`` pattern with the same meaning."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.index = 0
        self.out: list[str] = []

    def translate(self) -> str:
        pattern = self.pattern
        # Whether the last thing emitted cannot be repeated: a quantifier (ECMAScript refuses
        # "a**", and Python 3.11+ would read "a*+" as possessive) or an assertion ("^*", "\\b+",
        # refused in "u" mode; some are groups once translated, which Python would repeat).
        not_repeatable = False
        while self.index < len(pattern):
            char = pattern[self.index]
            if char == "\\":
                atom = self._escape(in_class=False)
                self.out.append(atom.text)
                not_repeatable = atom.is_assertion
            elif char == "[":
                self._character_class()
                not_repeatable = False
            elif char == ".":
                self.out.append(_DOT)
                self.index += 1
                not_repeatable = False
            elif char in "^$":
                self.out.append(_END if char == "$" else char)
                self.index += 1
                not_repeatable = True
            elif char in "*+?{":
                source, text = char, char
                if char == "{":
                    quantifier = _QUANTIFIER.match(pattern, self.index)
                    if quantifier is None:
                        raise _Refused('a "{" that does not start a quantifier')
                    source, text = quantifier.group(0), _bounded_quantifier(quantifier)
                if not_repeatable:
                    raise _Refused(f"nothing to repeat before {source!r}")
                self.out.append(text)
                self.index += len(source)
                if pattern[self.index : self.index + 1] == "?":
                    self.out.append("?")  # lazy
                    self.index += 1
                not_repeatable = True
            elif char in "}]":
                raise _Refused(f"a lone {char!r}")
            else:
                self.out.append(char)
                self.index += 1
                not_repeatable = False
        return "".join(self.out)

    def _character_class(self) -> None:
        pattern = self.pattern
        self.index += 1  # "["
        negated = pattern[self.index : self.index + 1] == "^"
        if negated:
            self.index += 1
        if pattern[self.index : self.index + 1] == "]":
            # ECMAScript's [] matches nothing and [^] anything; Python has no empty class.
            self.out.append(_ANYTHING if negated else _NOTHING)
            self.index += 1
            return
        parts = ["[^" if negated else "["]
        previous: _Atom | None = None  # an atom that a following "-" would make a range from
        while True:
            if self.index >= len(pattern):
                raise _Refused("missing closing ]")
            char = pattern[self.index]
            if char == "]":
                self.index += 1
                break
            if (
                char == "-"
                and previous is not None
                and pattern[self.index + 1 : self.index + 2] not in ("", "]")
            ):
                # "-" between two atoms: a range.
                self.index += 1
                end = self._class_atom()
                if previous.is_set or end.is_set:
                    raise _Refused("a character class escape cannot bound a range")
                parts.append("-")
                parts.append(end.text)
                previous = None
                continue
            previous = self._class_atom()
            parts.append(previous.text)
        parts.append("]")
        self.out.append("".join(parts))

    def _class_atom(self) -> _Atom:
        char = self.pattern[self.index]
        if char == "\\":
            return self._escape(in_class=True)
        self.index += 1
        if char in _CLASS_LITERALS_TO_ESCAPE:
            return _Atom("\\" + char, is_set=False)
        return _Atom(char, is_set=False)

    def _escape(self, *, in_class: bool) -> _Atom:
        """Translates the escape at ``self.index`` (a backslash) and moves past it."""
        pattern = self.pattern
        start = self.index + 1
        if start >= len(pattern):
            raise _Refused('a "\\" at the end of the pattern')
        char = pattern[start]
        width = 1
        atom: _Atom
        if char in "dDwW":
            atom = _Atom("\\" + char, is_set=True)
        elif char in "fnrtv":
            atom = _Atom("\\" + char, is_set=False)
        elif char == "b" and in_class:
            atom = _Atom(r"\x08", is_set=False)  # backspace
        elif char in "bB":
            if in_class:
                raise _Refused('"\\B" inside a character class')
            text = r"\b" if char == "b" else _NOT_WORD_BOUNDARY
            atom = _Atom(text, is_set=True, is_assertion=True)
        elif char in "sS":
            ranges = _SPACE_RANGES if char == "s" else _complement(_SPACE_RANGES)
            atom = _Atom(_ranges_text(ranges, in_class), is_set=True)
        elif char == "0":
            if pattern[start + 1 : start + 2].isdigit():
                raise _Refused('an octal escape ("\\0" followed by a digit)')
            atom = _Atom(r"\x00", is_set=False)
        elif char == "c":
            letter = pattern[start + 1 : start + 2]
            if not (letter.isascii() and letter.isalpha()):
                raise _Refused('"\\c" not followed by a letter')
            atom = _Atom(_code_point_text(ord(letter) % 32), is_set=False)
            width = 2
        elif char == "x":
            digits = pattern[start + 1 : start + 3]
            if len(digits) != 2 or not set(digits) <= _HEX:
                raise _Refused('"\\x" not followed by two hex digits')
            atom = _Atom(_code_point_text(int(digits, 16)), is_set=False)
            width = 3
        elif char == "u":
            code_point, width = self._unicode_escape(start)
            atom = _Atom(_code_point_text(code_point), is_set=False)
        elif char in "pP":
            ranges, width = self._property_escape(start)
            if char == "P":
                ranges = _complement(ranges)
            atom = _Atom(_ranges_text(ranges, in_class), is_set=True)
        elif char == "-" and in_class:
            atom = _Atom(r"\-", is_set=False)
        elif char in _SYNTAX_CHARACTERS:
            atom = _Atom(char if char == "/" else "\\" + char, is_set=False)
        else:
            raise _Refused(f"invalid escape {chr(92) + char!r}")
        self.index = start + width
        return atom

    def _unicode_escape(self, start: int) -> tuple[int, int]:
        """``\\uXXXX`` (a surrogate pair of two such escapes is one code point) or ``\\u{X…}``."""
        pattern = self.pattern
        if pattern[start + 1 : start + 2] == "{":
            end = pattern.find("}", start + 2)
            digits = pattern[start + 2 : end] if end >= 0 else ""
            if not digits or not set(digits) <= _HEX:
                raise _Refused('"\\u{" not followed by hex digits and "}"')
            code_point = int(digits, 16)
            if code_point > _MAX_CODE_POINT:
                raise _Refused('"\\u{…}" beyond U+10FFFF')
            return code_point, end + 1 - start
        digits = pattern[start + 1 : start + 5]
        if len(digits) != 4 or not set(digits) <= _HEX:
            raise _Refused('"\\u" not followed by four hex digits')
        code_point = int(digits, 16)
        if 0xD800 <= code_point <= 0xDBFF and pattern[start + 5 : start + 7] == "\\u":
            low_digits = pattern[start + 7 : start + 11]
            if len(low_digits) == 4 and set(low_digits) <= _HEX:
                low = int(low_digits, 16)
                if 0xDC00 <= low <= 0xDFFF:
                    return ((code_point - 0xD800) << 10) + (low - 0xDC00) + 0x10000, 11
        return code_point, 5

    def _property_escape(self, start: int) -> tuple[tuple[tuple[int, int], ...], int]:
        """``\\p{…}``: a general category (``L``, ``Lu``, ``Letter``, ``gc=Lu``…), ``Any``,
        ``ASCII`` or ``Assigned``."""
        pattern = self.pattern
        end = pattern.find("}", start)
        if pattern[start + 1 : start + 2] != "{" or end < 0:
            raise _Refused('"\\p" not followed by "{property}"')
        name = pattern[start + 2 : end]
        ranges = _property_ranges(name)
        if ranges is None:
            raise _Refused(f"unsupported Unicode property {name!r}")
        return ranges, end + 1 - start


def _bounded_quantifier(quantifier: re.Match[str]) -> str:
    low = int(quantifier.group(1))
    high_text = quantifier.group(3)
    high = int(high_text) if high_text else None
    if high is not None and high < low:
        raise _Refused(f"numbers out of order in {quantifier.group(0)!r}")
    if low > _MAX_REPEAT or (high is not None and high > _MAX_REPEAT):
        raise _Refused(f"repetition count above {_MAX_REPEAT} in {quantifier.group(0)!r}")
    return quantifier.group(0)


def _code_point_text(code_point: int) -> str:
    return f"\\U{code_point:08x}"


def _ranges_text(ranges: tuple[tuple[int, int], ...], in_class: bool) -> str:
    inner = "".join(
        _code_point_text(low) if low == high else f"{_code_point_text(low)}-{_code_point_text(high)}"
        for low, high in ranges
    )
    if in_class:
        return inner
    return f"[{inner}]" if inner else _NOTHING


def _complement(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    result: list[tuple[int, int]] = []
    following = 0
    for low, high in ranges:
        if low > following:
            result.append((following, low - 1))
        following = high + 1
    if following <= _MAX_CODE_POINT:
        result.append((following, _MAX_CODE_POINT))
    return tuple(result)


_CATEGORY_NAMES = {
    "Other": "C",
    "Control": "Cc",
    "cntrl": "Cc",
    "Format": "Cf",
    "Unassigned": "Cn",
    "Private_Use": "Co",
    "Surrogate": "Cs",
    "Letter": "L",
    "Cased_Letter": "LC",
    "Lowercase_Letter": "Ll",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Titlecase_Letter": "Lt",
    "Uppercase_Letter": "Lu",
    "Mark": "M",
    "Combining_Mark": "M",
    "Spacing_Mark": "Mc",
    "Enclosing_Mark": "Me",
    "Nonspacing_Mark": "Mn",
    "Number": "N",
    "Decimal_Number": "Nd",
    "digit": "Nd",
    "Letter_Number": "Nl",
    "Other_Number": "No",
    "Punctuation": "P",
    "punct": "P",
    "Connector_Punctuation": "Pc",
    "Dash_Punctuation": "Pd",
    "Close_Punctuation": "Pe",
    "Final_Punctuation": "Pf",
    "Initial_Punctuation": "Pi",
    "Other_Punctuation": "Po",
    "Open_Punctuation": "Ps",
    "Symbol": "S",
    "Currency_Symbol": "Sc",
    "Modifier_Symbol": "Sk",
    "Math_Symbol": "Sm",
    "Other_Symbol": "So",
    "Separator": "Z",
    "Line_Separator": "Zl",
    "Paragraph_Separator": "Zp",
    "Space_Separator": "Zs",
}
_CATEGORY_CODES = frozenset(_CATEGORY_NAMES.values())


def _property_ranges(name: str) -> tuple[tuple[int, int], ...] | None:
    """The code point ranges of a property ECMAScript and Python's ``unicodedata`` both know.

    Scripts (``Script=Greek``) and binary properties other than ``Any``, ``ASCII`` and
    ``Assigned`` are refused: the standard library has no data for them.
    """
    kind, separator, value = name.partition("=")
    if separator:
        if kind not in ("General_Category", "gc"):
            return None
        name = value
    elif name == "Any":
        return ((0, _MAX_CODE_POINT),)
    elif name == "ASCII":
        return ((0, 0x7F),)
    elif name == "Assigned":
        return _complement(_category_table()["Cn"])
    code = _CATEGORY_NAMES.get(name, name)
    if code not in _CATEGORY_CODES:
        return None
    table = _category_table()
    if len(code) == 2 and code != "LC":
        return table[code]
    members = ("Lu", "Ll", "Lt") if code == "LC" else [c for c in table if c[0] == code]
    return _merge(r for member in members for r in table[member])


@cache
def _category_table() -> dict[str, tuple[tuple[int, int], ...]]:
    """Every general category's code point ranges (built once, on first use: about 0.3 s)."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    category = unicodedata.category
    run_category = category(chr(0))
    run_start = 0
    for code_point in range(1, _MAX_CODE_POINT + 2):
        current = category(chr(code_point)) if code_point <= _MAX_CODE_POINT else ""
        if current != run_category:
            ranges.setdefault(run_category, []).append((run_start, code_point - 1))
            run_category, run_start = current, code_point
    return {code: tuple(spans) for code, spans in ranges.items()}


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return tuple(merged)
