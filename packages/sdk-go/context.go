package flagswitch

import (
	"math"
	"reflect"
)

// Context is who a flag is evaluated for: a "key" (a string) plus any attributes rules test.
// Attribute values are strings, numbers, booleans, or slices of those; nil counts as absent;
// any other value (a map, a nested slice) matches no clause but "exists".
//
//	flagswitch.Context{"key": "user-42", "plan": "enterprise", "age": 37, "groups": []string{"staff"}}
//
// The evaluator only reads a Context; it may be shared between goroutines as long as nobody
// writes to it meanwhile.
type Context map[string]any

// Key returns the context's "key" attribute when it is a string.
func (c Context) Key() (string, bool) {
	key, ok := c["key"].(string)
	return key, ok
}

// scalarKind is the JSON type of one attribute value, as clause operators see it.
type scalarKind uint8

const (
	scalarOther scalarKind = iota // an object, a nested array, anything that is not a scalar
	scalarString
	scalarNumber
	scalarBool
)

// scalar is one attribute value (or one element of an array attribute), typed once so that
// operators compare without reflection or allocation.
type scalar struct {
	kind   scalarKind
	text   string
	number float64
	flag   bool
}

func scalarOf(v any) scalar {
	switch value := v.(type) {
	case string:
		return scalar{kind: scalarString, text: value}
	case bool:
		return scalar{kind: scalarBool, flag: value}
	}
	if number, ok := numberValue(v); ok {
		return scalar{kind: scalarNumber, number: number}
	}
	if isNumber(v) || v == nil {
		return scalar{kind: scalarOther} // NaN or ±Inf: no clause can match them
	}
	// A named type (type Plan string…): reflection, off the common path.
	reflected := reflect.ValueOf(v)
	switch reflected.Kind() {
	case reflect.String:
		return scalar{kind: scalarString, text: reflected.String()}
	case reflect.Bool:
		return scalar{kind: scalarBool, flag: reflected.Bool()}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return scalar{kind: scalarNumber, number: float64(reflected.Int())}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return scalar{kind: scalarNumber, number: float64(reflected.Uint())}
	case reflect.Float32, reflect.Float64:
		if f := reflected.Float(); !math.IsInf(f, 0) && !math.IsNaN(f) {
			return scalar{kind: scalarNumber, number: f}
		}
	}
	return scalar{kind: scalarOther}
}

// anyElement applies m to each element of v when v is a slice or an array (an array attribute
// matches when any element matches) and reports whether one matched; isList is false when v is
// not a list at all.
func anyElement(v any, m valueMatcher) (matched, isList bool) {
	switch list := v.(type) {
	case []any:
		for _, element := range list {
			if m.match(scalarOf(element)) {
				return true, true
			}
		}
		return false, true
	case []string:
		for _, element := range list {
			if m.match(scalar{kind: scalarString, text: element}) {
				return true, true
			}
		}
		return false, true
	case []float64:
		for _, element := range list {
			if m.match(scalarOf(element)) {
				return true, true
			}
		}
		return false, true
	case []int:
		for _, element := range list {
			if m.match(scalar{kind: scalarNumber, number: float64(element)}) {
				return true, true
			}
		}
		return false, true
	case []bool:
		for _, element := range list {
			if m.match(scalar{kind: scalarBool, flag: element}) {
				return true, true
			}
		}
		return false, true
	case string, bool, float64, int, int64, nil:
		return false, false
	}
	// Any other slice type ([]int64, []MyString…): reflection, off the common path.
	reflected := reflect.ValueOf(v)
	if reflected.Kind() != reflect.Slice && reflected.Kind() != reflect.Array {
		return false, false
	}
	if reflected.Kind() == reflect.Slice && reflected.Type().Elem().Kind() == reflect.Uint8 {
		return false, false // []byte is binary data, not a list of numbers
	}
	for i := 0; i < reflected.Len(); i++ {
		element := reflected.Index(i)
		if element.Kind() == reflect.Interface && !element.IsNil() {
			element = element.Elem()
		}
		var converted any
		switch element.Kind() {
		case reflect.String:
			converted = element.String()
		case reflect.Bool:
			converted = element.Bool()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			converted = element.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			converted = element.Uint()
		case reflect.Float32, reflect.Float64:
			converted = element.Float()
		default:
			continue
		}
		if m.match(scalarOf(converted)) {
			return true, true
		}
	}
	return false, true
}
