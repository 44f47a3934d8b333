package flagswitch

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Clauses are compiled once per document: "in" lists become sets, regexes are compiled, semver
// and date values parsed, so that evaluation parses nothing from the document.

type clauseKind uint8

const (
	clauseValue   clauseKind = iota // an operator applied to the attribute's value
	clauseExists                    // the attribute is present and not null
	clauseSegment                   // the context is in one of segmentKeys
)

type compiledClause struct {
	kind        clauseKind
	attribute   string
	negate      bool
	segmentKeys []string
	matcher     valueMatcher
}

// valueMatcher tests one scalar attribute value (never a list, never null).
type valueMatcher interface {
	match(value scalar) bool
}

type operator string

const (
	opIn         operator = "in"
	opStartsWith operator = "startsWith"
	opEndsWith   operator = "endsWith"
	opContains   operator = "contains"
	opMatches    operator = "matches"
	opLt         operator = "lt"
	opLte        operator = "lte"
	opGt         operator = "gt"
	opGte        operator = "gte"
	opSemverEq   operator = "semverEq"
	opSemverLt   operator = "semverLt"
	opSemverGt   operator = "semverGt"
	opBefore     operator = "before"
	opAfter      operator = "after"
	opExists     operator = "exists"
	opInSegment  operator = "inSegment"
)

var knownOperators = map[operator]bool{
	opIn: true, opStartsWith: true, opEndsWith: true, opContains: true, opMatches: true,
	opLt: true, opLte: true, opGt: true, opGte: true, opSemverEq: true, opSemverLt: true,
	opSemverGt: true, opBefore: true, opAfter: true, opExists: true, opInSegment: true,
}

// compileClause returns the compiled clause, or false when raw is malformed (each reason added
// to found).
func compileClause(raw any, path string, found *problems) (compiledClause, bool) {
	fields, ok := raw.(map[string]any)
	if !ok {
		found.add(path, "clause must be an object")
		return compiledClause{}, false
	}
	before := found.count()
	attribute, isString := fields["attribute"].(string)
	if !isString {
		found.add(pointer(path, "attribute"), "attribute must be a string")
	}
	negate := false
	if rawNegate, present := fields["negate"]; present {
		if negate, ok = rawNegate.(bool); !ok {
			found.add(pointer(path, "negate"), "negate must be a boolean")
		}
	}
	values, isList := fields["values"].([]any)
	if !isList {
		found.add(pointer(path, "values"), "values must be an array")
	}
	rawOp, _ := fields["op"].(string)
	op := operator(rawOp)
	if !knownOperators[op] {
		found.add(pointer(path, "op"), "unknown operator "+jsonText(fields["op"]))
	}
	if found.count() > before {
		return compiledClause{}, false
	}

	switch op {
	case opExists:
		return compiledClause{kind: clauseExists, attribute: attribute, negate: negate}, true
	case opInSegment:
		keys, ok := stringValues(values, path, "a segment key string", found)
		return compiledClause{kind: clauseSegment, attribute: attribute, negate: negate, segmentKeys: keys}, ok
	}
	matcher, ok := compileMatcher(op, values, path, found)
	return compiledClause{kind: clauseValue, attribute: attribute, negate: negate, matcher: matcher}, ok
}

func compileMatcher(op operator, values []any, path string, found *problems) (valueMatcher, bool) {
	switch op {
	case opIn:
		return compileMembership(values, path, found)
	case opStartsWith, opEndsWith, opContains:
		parts, ok := stringValues(values, path, "a string", found)
		return textMatcher{op: op, parts: parts}, ok
	case opMatches:
		return compileRegexMatcher(values, path, found)
	case opLt, opLte, opGt, opGte:
		bounds := make([]float64, 0, len(values))
		for i, value := range values {
			if number, ok := numberValue(value); ok {
				bounds = append(bounds, number)
			} else {
				found.add(pointerIndex(pointer(path, "values"), i), "must be a number")
			}
		}
		return numberMatcher{op: op, bounds: bounds}, len(bounds) == len(values)
	case opSemverEq, opSemverLt, opSemverGt:
		versions := make([]semanticVersion, 0, len(values))
		for i, value := range values {
			text, isText := value.(string)
			if version, ok := parseSemver(text); ok && isText {
				versions = append(versions, version)
			} else {
				found.add(pointerIndex(pointer(path, "values"), i), jsonText(value)+" is not a semantic version")
			}
		}
		return semverMatcher{op: op, versions: versions}, len(versions) == len(values)
	case opBefore, opAfter:
		instants := make([]float64, 0, len(values))
		for i, value := range values {
			if instant, ok := parseInstant(value); ok {
				instants = append(instants, instant)
			} else {
				found.add(pointerIndex(pointer(path, "values"), i),
					jsonText(value)+" is neither epoch milliseconds nor an ISO-8601 date with a zone")
			}
		}
		return instantMatcher{op: op, bounds: instants}, len(instants) == len(values)
	}
	return nil, false
}

// stringValues returns values as strings, or false (naming each value that is not one).
func stringValues(values []any, path, expected string, found *problems) ([]string, bool) {
	texts := make([]string, 0, len(values))
	for i, value := range values {
		if text, ok := value.(string); ok {
			texts = append(texts, text)
		} else {
			found.add(pointerIndex(pointer(path, "values"), i), "must be "+expected)
		}
	}
	return texts, len(texts) == len(values)
}

// membershipMatcher is "in": equal to some value of the same JSON type.
type membershipMatcher struct {
	// fewStrings holds the strings of a short list: comparing a handful of strings is quicker
	// than hashing the attribute for a map lookup.
	fewStrings []string
	strings    map[string]struct{}
	numbers    map[float64]struct{}
	hasTrue    bool
	hasFalse   bool
}

// maxLinearStrings is the longest "in" list searched by comparison rather than by hashing.
const maxLinearStrings = 8

func compileMembership(values []any, path string, found *problems) (valueMatcher, bool) {
	m := membershipMatcher{strings: map[string]struct{}{}, numbers: map[float64]struct{}{}}
	ok := true
	for i, value := range values {
		switch typed := value.(type) {
		case string:
			m.strings[typed] = struct{}{}
			m.fewStrings = append(m.fewStrings, typed)
		case bool:
			m.hasTrue = m.hasTrue || typed
			m.hasFalse = m.hasFalse || !typed
		default:
			if number, isNumber := numberValue(value); isNumber {
				m.numbers[number] = struct{}{}
			} else {
				found.add(pointerIndex(pointer(path, "values"), i), "must be a string, number or boolean")
				ok = false
			}
		}
	}
	if len(m.fewStrings) > maxLinearStrings {
		m.fewStrings = nil
	} else {
		m.strings = nil
	}
	return m, ok
}

func (m membershipMatcher) match(value scalar) bool {
	switch value.kind {
	case scalarString:
		if m.strings == nil {
			for _, text := range m.fewStrings {
				if text == value.text {
					return true
				}
			}
			return false
		}
		_, ok := m.strings[value.text]
		return ok
	case scalarNumber:
		_, ok := m.numbers[value.number]
		return ok
	case scalarBool:
		if value.flag {
			return m.hasTrue
		}
		return m.hasFalse
	}
	return false
}

// textMatcher is startsWith / endsWith / contains: case-sensitive, on strings only.
type textMatcher struct {
	op    operator
	parts []string
}

func (m textMatcher) match(value scalar) bool {
	if value.kind != scalarString {
		return false
	}
	for _, part := range m.parts {
		var ok bool
		switch m.op {
		case opStartsWith:
			ok = strings.HasPrefix(value.text, part)
		case opEndsWith:
			ok = strings.HasSuffix(value.text, part)
		default:
			ok = strings.Contains(value.text, part)
		}
		if ok {
			return true
		}
	}
	return false
}

// regexMatcher is "matches": some regex finds a match anywhere in the string.
type regexMatcher struct {
	patterns []*regexp.Regexp
}

func compileRegexMatcher(values []any, path string, found *problems) (valueMatcher, bool) {
	sources, ok := stringValues(values, path, "a regex string", found)
	if !ok {
		return nil, false
	}
	m := regexMatcher{patterns: make([]*regexp.Regexp, 0, len(sources))}
	for i, source := range sources {
		compiled, problem := compilePattern(source)
		if problem != "" {
			found.add(pointerIndex(pointer(path, "values"), i), problem)
			continue
		}
		m.patterns = append(m.patterns, compiled)
	}
	return m, len(m.patterns) == len(sources)
}

func (m regexMatcher) match(value scalar) bool {
	if value.kind != scalarString {
		return false
	}
	for _, pattern := range m.patterns {
		if pattern.MatchString(value.text) {
			return true
		}
	}
	return false
}

// numberMatcher is lt / lte / gt / gte, on numbers only.
type numberMatcher struct {
	op     operator
	bounds []float64
}

func (m numberMatcher) match(value scalar) bool {
	if value.kind != scalarNumber {
		return false
	}
	for _, bound := range m.bounds {
		if compareWith(m.op, value.number, bound) {
			return true
		}
	}
	return false
}

func compareWith(op operator, value, bound float64) bool {
	switch op {
	case opLt, opBefore:
		return value < bound
	case opLte:
		return value <= bound
	case opGt, opAfter:
		return value > bound
	default: // opGte
		return value >= bound
	}
}

// semverMatcher is semverEq / semverLt / semverGt, on version strings only.
type semverMatcher struct {
	op       operator
	versions []semanticVersion
}

func (m semverMatcher) match(value scalar) bool {
	if value.kind != scalarString {
		return false
	}
	version, ok := parseSemver(value.text)
	if !ok {
		return false
	}
	for _, bound := range m.versions {
		order := compareSemver(version, bound)
		if (m.op == opSemverEq && order == 0) || (m.op == opSemverLt && order < 0) || (m.op == opSemverGt && order > 0) {
			return true
		}
	}
	return false
}

// instantMatcher is before / after: epoch milliseconds or ISO-8601 dates.
type instantMatcher struct {
	op     operator
	bounds []float64
}

func (m instantMatcher) match(value scalar) bool {
	var instant float64
	switch value.kind {
	case scalarNumber:
		instant = value.number
	case scalarString:
		parsed, ok := parseISOInstant(value.text)
		if !ok {
			return false
		}
		instant = parsed
	default:
		return false
	}
	for _, bound := range m.bounds {
		if compareWith(m.op, instant, bound) {
			return true
		}
	}
	return false
}

// jsonText renders a raw value for an error message, as JSON.stringify would.
func jsonText(v any) string {
	if v == nil {
		return "null"
	}
	encoded, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(encoded)
}
