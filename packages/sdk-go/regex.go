package flagswitch

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Regular expressions for the "matches" operator. The TypeScript core compiles them as
// ECMAScript with the "u" flag; Go's RE2 differs in details, so a pattern is first checked with
// the scan every SDK shares (no "(?" group but "(?:", no back-reference) and then translated
// from ECMAScript to RE2: escapes ECMAScript rejects in "u" mode are rejected here too, and the
// constructs whose meaning differs ("." and "\s", empty classes) are spelled out.

const maxPatternLength = 256

// compilePattern returns the compiled pattern, or a message saying why it is refused.
func compilePattern(pattern string) (*regexp.Regexp, string) {
	if utf8.RuneCountInString(pattern) > maxPatternLength {
		return nil, fmt.Sprintf("regex is longer than %d characters", maxPatternLength)
	}
	if problem := findUnportableConstruct(pattern); problem != "" {
		return nil, problem
	}
	translated, problem := translateECMAScriptPattern(pattern)
	if problem != "" {
		return nil, "regex does not compile: " + problem
	}
	compiled, err := regexp.Compile(translated)
	if err != nil {
		return nil, "regex does not compile: " + err.Error()
	}
	return compiled, ""
}

// findUnportableConstruct is the scan every SDK repeats: outside a character class, a "(?"
// that is not "(?:" (look-around, named group, inline flag); anywhere, a back-reference.
func findUnportableConstruct(pattern string) string {
	inClass := false
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\':
			if i+1 < len(pattern) {
				if next := pattern[i+1]; (next >= '1' && next <= '9') || next == 'k' {
					return fmt.Sprintf("regex uses a back-reference (\"\\%c\"), which not every SDK supports", next)
				}
			}
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
		case c == '(' && strings.HasPrefix(pattern[i+1:], "?") && !strings.HasPrefix(pattern[i+1:], "?:"):
			return `regex uses a "(?" group other than "(?:" (look-around, named group or inline flag), which not every SDK supports`
		}
	}
	return ""
}

// ECMAScript's \s: white space and line terminators, Unicode-wide (RE2's \s is ASCII only).
const ecmaSpaceSet = `\t\n\x{b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

// ecmaNonSpaceSet is the complement of ecmaSpaceSet as ranges, for \S inside a class.
var ecmaNonSpaceSet = complementRanges([][2]rune{
	{0x9, 0xd}, {0x20, 0x20}, {0xa0, 0xa0}, {0x1680, 0x1680}, {0x2000, 0x200a},
	{0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}, {0xfeff, 0xfeff},
})

// ECMAScript's "." in "u" mode: any code point but a line terminator (RE2's excludes only \n).
const ecmaDot = `[^\n\r\x{2028}\x{2029}]`

func complementRanges(sorted [][2]rune) string {
	var out strings.Builder
	next := rune(0)
	for _, r := range sorted {
		if r[0] > next {
			fmt.Fprintf(&out, `\x{%x}-\x{%x}`, next, r[0]-1)
		}
		next = r[1] + 1
	}
	fmt.Fprintf(&out, `\x{%x}-\x{%x}`, next, unicode.MaxRune)
	return out.String()
}

// translateECMAScriptPattern rewrites an ECMAScript ("u" flag) pattern as RE2 syntax with the
// same meaning, or says why ECMAScript would refuse it.
func translateECMAScriptPattern(pattern string) (string, string) {
	var out strings.Builder
	inClass := false
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c == '\\':
			translated, width, problem := translateEscape(pattern[i+1:], inClass)
			if problem != "" {
				return "", problem
			}
			out.WriteString(translated)
			i += 1 + width
			continue
		case inClass:
			switch c {
			case ']':
				inClass = false
			case '[':
				out.WriteString(`\[`) // literal in an ECMAScript class; RE2 would read "[:" as a POSIX class
				i++
				continue
			}
		case c == '[':
			negated := strings.HasPrefix(pattern[i+1:], "^")
			start := i + 1
			if negated {
				start++
			}
			if strings.HasPrefix(pattern[start:], "]") {
				// ECMAScript's [] matches nothing and [^] anything; RE2 has no empty class.
				if negated {
					out.WriteString(`[\x{0}-\x{10ffff}]`)
				} else {
					out.WriteString(`[^\x{0}-\x{10ffff}]`)
				}
				i = start + 1
				continue
			}
			inClass = true
			out.WriteString(pattern[i:start])
			i = start
			continue
		case c == '.':
			out.WriteString(ecmaDot)
			i++
			continue
		case c == '{':
			width := quantifierWidth(pattern[i:])
			if width == 0 {
				return "", `a "{" that does not start a quantifier`
			}
			out.WriteString(pattern[i : i+width])
			i += width
			continue
		case c == '}' || c == ']':
			return "", fmt.Sprintf("a lone %q", c)
		}
		out.WriteByte(c)
		i++
	}
	if inClass {
		return "", "missing closing ]"
	}
	return out.String(), ""
}

// quantifierWidth returns the length of a {n}, {n,} or {n,m} quantifier at the start of text,
// or 0.
func quantifierWidth(text string) int {
	i := 1
	digits := leadingDigits(text[i:])
	if digits == 0 {
		return 0
	}
	i += digits
	if i < len(text) && text[i] == ',' {
		i++
		i += leadingDigits(text[i:])
	}
	if i < len(text) && text[i] == '}' {
		return i + 1
	}
	return 0
}

// translateEscape translates the escape whose backslash precedes rest; width is how many bytes
// of rest it used.
func translateEscape(rest string, inClass bool) (translated string, width int, problem string) {
	if rest == "" {
		return "", 0, `a "\" at the end of the pattern`
	}
	c := rest[0]
	switch c {
	case 'd', 'D', 'w', 'W', 'f', 'n', 'r', 't', 'v':
		return `\` + string(c), 1, ""
	case 'b', 'B':
		if !inClass {
			return `\` + string(c), 1, ""
		}
		if c == 'b' {
			return `\x{8}`, 1, "" // backspace, inside a class
		}
		return "", 0, `"\B" inside a character class`
	case 's':
		if inClass {
			return ecmaSpaceSet, 1, ""
		}
		return "[" + ecmaSpaceSet + "]", 1, ""
	case 'S':
		if inClass {
			return ecmaNonSpaceSet, 1, ""
		}
		return "[^" + ecmaSpaceSet + "]", 1, ""
	case '0':
		if len(rest) > 1 && isDigit(rest[1]) {
			return "", 0, `an octal escape ("\0" followed by a digit)`
		}
		return `\x{0}`, 1, ""
	case 'c':
		if len(rest) > 1 && (rest[1] >= 'a' && rest[1] <= 'z' || rest[1] >= 'A' && rest[1] <= 'Z') {
			return fmt.Sprintf(`\x{%x}`, rest[1]%32), 2, ""
		}
		return "", 0, `"\c" not followed by a letter`
	case 'x':
		if len(rest) >= 3 && isHex(rest[1:3]) {
			return `\x{` + rest[1:3] + `}`, 3, ""
		}
		return "", 0, `"\x" not followed by two hex digits`
	case 'u':
		return translateUnicodeEscape(rest)
	case 'p', 'P':
		return translatePropertyEscape(rest)
	case '-':
		if inClass {
			return `\-`, 1, ""
		}
	case '^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/':
		return `\` + string(c), 1, ""
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return "", 0, fmt.Sprintf("invalid escape %q", `\`+string(r))
}

// translateUnicodeEscape reads \uXXXX (a surrogate pair of two such escapes is one code point)
// or \u{X…}.
func translateUnicodeEscape(rest string) (string, int, string) {
	if strings.HasPrefix(rest, "u{") {
		end := strings.IndexByte(rest, '}')
		if end < 3 || !isHex(rest[2:end]) {
			return "", 0, `"\u{" not followed by hex digits and "}"`
		}
		code, err := strconv.ParseUint(rest[2:end], 16, 32)
		if err != nil || code > unicode.MaxRune {
			return "", 0, `"\u{…}" beyond U+10FFFF`
		}
		return fmt.Sprintf(`\x{%x}`, code), end + 1, ""
	}
	if len(rest) < 5 || !isHex(rest[1:5]) {
		return "", 0, `"\u" not followed by four hex digits`
	}
	code, _ := strconv.ParseUint(rest[1:5], 16, 32)
	if code >= 0xd800 && code <= 0xdbff && len(rest) >= 11 && rest[5:7] == `\u` && isHex(rest[7:11]) {
		low, _ := strconv.ParseUint(rest[7:11], 16, 32)
		if low >= 0xdc00 && low <= 0xdfff {
			return fmt.Sprintf(`\x{%x}`, (code-0xd800)<<10+(low-0xdc00)+0x10000), 11, ""
		}
	}
	return fmt.Sprintf(`\x{%x}`, code), 5, ""
}

// translatePropertyEscape reads \p{…} or \P{…}: a general category ("L", "Lu",
// "General_Category=Lu", "gc=Lu") or a script ("Script=Greek", "sc=Greek"), as RE2 knows them.
func translatePropertyEscape(rest string) (string, int, string) {
	end := strings.IndexByte(rest, '}')
	if len(rest) < 3 || rest[1] != '{' || end < 0 {
		return "", 0, `"\p" not followed by "{property}"`
	}
	name := rest[2:end]
	kind, value, qualified := strings.Cut(name, "=")
	switch {
	case !qualified && unicode.Categories[name] != nil:
	case qualified && (kind == "General_Category" || kind == "gc") && unicode.Categories[value] != nil:
		name = value
	case qualified && (kind == "Script" || kind == "sc") && unicode.Scripts[value] != nil:
		name = value
	default:
		return "", 0, fmt.Sprintf("unsupported Unicode property %q", name)
	}
	return `\` + string(rest[0]) + "{" + name + "}", end + 1, ""
}

func isHex(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !(isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return text != ""
}
