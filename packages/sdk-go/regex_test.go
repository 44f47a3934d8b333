package flagswitch

import (
	"strings"
	"testing"
)

// What ECMAScript (new RegExp(pattern, "u"), Node 20) answers for each pattern and input: the
// Go translation must agree.
func TestPatternsMatchAsECMAScriptDoes(t *testing.T) {
	cases := []struct {
		pattern string
		matches map[string]bool
	}{
		{`^[a-z]+@(?:example|acme)\.com$`, map[string]bool{"ann@acme.com": true, "Ann@acme.com": false}},
		{`^.$`, map[string]bool{"😀": true, "\n": false, "\r": false, "\u2028": false, "é": true}},
		{`\s`, map[string]bool{" ": true, "\u00a0": true, "\ufeff": true, "\u2003": true, "a": false, "\v": true}},
		{`^\S+$`, map[string]bool{"abc": true, "a b": false, "a\u00a0b": false}},
		{`[\s]`, map[string]bool{"\u00a0": true, "x": false}},
		{`[^\S]`, map[string]bool{"\u00a0": true, "x": false}},
		{`\d`, map[string]bool{"٣": false, "3": true}},
		{`\w`, map[string]bool{"é": false, "_": true}},
		{`\bcat\b`, map[string]bool{"a cat!": true, "écatb": false, "concat": false}},
		{`[]`, map[string]bool{"": false, "a": false}},
		{`[^]`, map[string]bool{"": false, "a": true, "\n": true}},
		{`\u0041`, map[string]bool{"A": true}},
		{`\u{1F680}`, map[string]bool{"🚀": true}},
		{`\uD83D\uDE80`, map[string]bool{"🚀": true}},
		{`\x41`, map[string]bool{"A": true}},
		{`\cJ`, map[string]bool{"\n": true}},
		{`\0`, map[string]bool{"\x00": true}},
		{`[\b]`, map[string]bool{"\b": true}},
		{`\/`, map[string]bool{"/": true}},
		{`a{2}`, map[string]bool{"aa": true, "a": false}},
		{`a{2,}`, map[string]bool{"aaa": true}},
		{`\p{Lu}`, map[string]bool{"É": true, "e": false}},
		{`\p{Script=Greek}`, map[string]bool{"α": true, "a": false}},
		{`\p{L}+$`, map[string]bool{"abc": true}},
		{`a$`, map[string]bool{"a\n": false, "a": true}},
		{`^b`, map[string]bool{"a\nb": false}},
		{`[\-a]`, map[string]bool{"-": true}},
		{`(?:a|b)+c`, map[string]bool{"abac": true}},
		{`a|`, map[string]bool{"x": true}},
		{`()`, map[string]bool{"x": true}},
		{`x*?`, map[string]bool{"x": true}},
		{`[(?=]`, map[string]bool{"=": true}},
		{`\(?=`, map[string]bool{"=": true}},
		{strings.Repeat("a", maxPatternLength), map[string]bool{strings.Repeat("a", maxPatternLength): true}},
	}
	for _, c := range cases {
		compiled, problem := compilePattern(c.pattern)
		if problem != "" {
			t.Errorf("pattern %q refused: %s", c.pattern, problem)
			continue
		}
		for input, want := range c.matches {
			if got := compiled.MatchString(input); got != want {
				t.Errorf("pattern %q on %q: matched %v, ECMAScript says %v", c.pattern, input, got, want)
			}
		}
	}
}

func TestPatternsRefusedAsECMAScriptOrThePortabilityScanRefuses(t *testing.T) {
	refused := map[string]string{
		// the shared portability scan
		`a(?=b)`: "(?", `(?!x)`: "(?", `(?<=a)b`: "(?", `(?<name>x)`: "(?", `(?P<n>x)`: "(?",
		`(?i)abc`: "(?", `(a)\1`: "back-reference", `\k<a>`: "back-reference",
		// length
		strings.Repeat("a", maxPatternLength+1): "longer than 256",
		// ECMAScript "u" mode refuses these (RE2 alone would accept some)
		`[[:alpha:]]`: "compile", `[a-z&&[^b]]`: "compile", `\z`: "compile", `\A`: "compile",
		`\Q.\E`: "compile", `a{`: "compile", `a}`: "compile", `]`: "compile", `{1}`: "compile",
		`\-`: "compile", `\e`: "compile", `\a`: "compile", `\p{Greek}`: "compile", `\pL`: "compile",
		`\01`: "compile", `\x4`: "compile", `\u12`: "compile", `\c1`: "compile", `[\B]`: "compile",
		`(unclosed`: "compile", `a**`: "compile", `[z-a]`: "compile", `a{2,1}`: "compile",
		`\`: "compile", `[`: "compile", `\_`: "compile", `\i`: "compile",
	}
	for pattern, reason := range refused {
		_, problem := compilePattern(pattern)
		if !strings.Contains(problem, reason) {
			t.Errorf("pattern %q: got %q, want a refusal mentioning %q", pattern, problem, reason)
		}
	}
}
