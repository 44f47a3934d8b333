package flagswitch

import (
	"fmt"
	"strconv"
)

// A flag is compiled once per document: every field checked, its clauses precompiled, and every
// result it can serve built up front, so that evaluating a compiled flag allocates nothing.

type compiledFlag struct {
	key              string
	version          int64
	enabled          bool
	clientSide       bool
	saltPrefix       string // the flag's salt followed by ".", ready for bucketing
	variations       []string
	experiment       string // the experiment's key, "" when the flag has none
	off              EvaluationResult
	prereqs          []compiledPrerequisite
	targets          map[string]EvaluationResult // context key → the first target listing it
	rules            []compiledRule
	fallthroughServe compiledServe
}

type compiledPrerequisite struct {
	flagKey      string
	variationKey string
	failed       EvaluationResult
}

type compiledRule struct {
	clauses []compiledClause
	serve   compiledServe
}

// flagCompiler carries what compiling one flag needs: where it is, and where problems go.
type flagCompiler struct {
	key   string
	path  string
	found *problems
}

func (c *flagCompiler) fail(path, message string) {
	c.found.add(path, fmt.Sprintf("flag %q: %s", c.key, message))
}

// compileFlag returns the compiled flag, or nil when raw is malformed (each reason added to
// found). References to other flags and segments are checked by validation, not here.
func compileFlag(raw any, key, path string, found *problems) *compiledFlag {
	fields, ok := raw.(map[string]any)
	if !ok {
		found.add(path, fmt.Sprintf("flag %q must be an object", key))
		return nil
	}
	c := &flagCompiler{key: key, path: path, found: found}
	start := found.count()
	at := func(field string) string { return pointer(path, field) }

	if rawKey, _ := fields["key"].(string); rawKey != key || !isString(fields["key"]) {
		c.fail(at("key"), fmt.Sprintf("key must equal the flag's key in flags (%q)", key))
	}
	version, ok := countValue(fields["version"])
	if !ok {
		c.fail(at("version"), "version must be an integer ≥ 0")
	}
	enabled, ok := fields["enabled"].(bool)
	if !ok {
		c.fail(at("enabled"), "enabled must be a boolean")
	}
	salt := key
	if rawSalt, present := fields["salt"]; present {
		if salt, ok = rawSalt.(string); !ok {
			c.fail(at("salt"), "salt must be a string")
		}
	}
	clientSide := false
	if rawClientSide, present := fields["clientSide"]; present {
		if clientSide, ok = rawClientSide.(bool); !ok {
			c.fail(at("clientSide"), "clientSide must be a boolean")
		}
	}
	experimentKey, experimentRunning := c.readExperiment(fields)

	variations, ok := c.readVariations(fields["variations"], at("variations"))
	if !ok {
		return nil
	}
	count := len(variations.keys)

	offIndex, ok := indexValue(fields["offVariation"], count)
	if !ok {
		c.fail(at("offVariation"), "offVariation must be a variation index "+describeRange(count))
	}
	// Everything below is still compiled when the flag already failed, so that validation
	// reports every problem at once; a flag with any problem is then refused whole.
	flag := &compiledFlag{
		key: key, version: version, enabled: enabled, clientSide: clientSide,
		saltPrefix: salt + ".", variations: variations.keys, experiment: experimentKey,
		off: variations.result(offIndex, Reason{Kind: ReasonOff}),
	}
	prereqsOK := false
	flag.prereqs, prereqsOK = c.readPrerequisites(fields, variations, offIndex)
	targetsOK := c.readTargets(fields, variations, flag)
	serves := serveCompiler{flag: c, variations: variations, offIndex: offIndex, experimentRunning: experimentRunning}
	rulesOK := false
	flag.rules, rulesOK = c.readRules(fields, serves)
	fallthroughOK := false
	flag.fallthroughServe, fallthroughOK = serves.compile(fields["fallthrough"], at("fallthrough"), Reason{Kind: ReasonFallthrough})
	if !prereqsOK || !targetsOK || !rulesOK || !fallthroughOK || found.count() > start {
		return nil
	}
	return flag
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// variationList is a flag's variations: keys and values by index.
type variationList struct {
	keys   []string
	values []any
}

func (v variationList) result(index int, reason Reason) EvaluationResult {
	return EvaluationResult{Value: v.values[index], VariationIndex: index, VariationKey: v.keys[index], Reason: reason}
}

func (c *flagCompiler) readVariations(raw any, path string) (variationList, bool) {
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		c.fail(path, "variations must be a non-empty array")
		return variationList{}, false
	}
	variations := variationList{keys: make([]string, 0, len(list)), values: make([]any, 0, len(list))}
	seen := make(map[string]bool, len(list))
	for i, item := range list {
		itemPath := pointerIndex(path, i)
		fields, isObject := item.(map[string]any)
		key, hasKey := fields["key"].(string)
		value, hasValue := fields["value"]
		switch {
		case !isObject || !hasKey || !hasValue:
			c.fail(itemPath, "a variation needs a string key and a value")
		case seen[key]:
			c.fail(pointer(itemPath, "key"), fmt.Sprintf("duplicate variation key %q", key))
		default:
			seen[key] = true
			variations.keys = append(variations.keys, key)
			variations.values = append(variations.values, value)
		}
	}
	return variations, len(variations.keys) == len(list)
}

// readExperiment returns the experiment's key and whether it is running ("" and false when the
// flag has none).
func (c *flagCompiler) readExperiment(fields map[string]any) (string, bool) {
	raw, present := fields["experiment"]
	if !present {
		return "", false
	}
	experiment, isObject := raw.(map[string]any)
	key, hasKey := experiment["key"].(string)
	running, hasRunning := experiment["running"].(bool)
	if !isObject || !hasKey || !hasRunning {
		c.fail(pointer(c.path, "experiment"), "experiment must be { key: string, running: boolean }")
		return "", false
	}
	return key, running
}

func (c *flagCompiler) readPrerequisites(fields map[string]any, variations variationList, offIndex int) ([]compiledPrerequisite, bool) {
	path := pointer(c.path, "prerequisites")
	list, ok := optionalList(fields, "prerequisites")
	if !ok {
		c.fail(path, "prerequisites must be an array")
		return nil, false
	}
	prereqs := make([]compiledPrerequisite, 0, len(list))
	for i, item := range list {
		prerequisite, _ := item.(map[string]any)
		flagKey, hasFlag := prerequisite["flag"].(string)
		variationKey, hasVariation := prerequisite["variation"].(string)
		if !hasFlag || !hasVariation {
			c.fail(pointerIndex(path, i), "a prerequisite needs a flag key and a variation key")
			continue
		}
		prereqs = append(prereqs, compiledPrerequisite{
			flagKey:      flagKey,
			variationKey: variationKey,
			failed:       variations.result(offIndex, Reason{Kind: ReasonPrerequisiteFailed, PrerequisiteKey: flagKey}),
		})
	}
	return prereqs, len(prereqs) == len(list)
}

func (c *flagCompiler) readTargets(fields map[string]any, variations variationList, flag *compiledFlag) bool {
	path := pointer(c.path, "targets")
	list, ok := optionalList(fields, "targets")
	if !ok {
		c.fail(path, "targets must be an array")
		return false
	}
	flag.targets = map[string]EvaluationResult{}
	valid := 0
	for i, item := range list {
		itemPath := pointerIndex(path, i)
		target, _ := item.(map[string]any)
		index, ok := indexValue(target["variation"], len(variations.keys))
		if !ok {
			c.fail(pointer(itemPath, "variation"), "target variation must be an index "+describeRange(len(variations.keys)))
			continue
		}
		values, isList := target["values"].([]any)
		keys := make([]string, 0, len(values))
		for _, value := range values {
			if key, ok := value.(string); ok {
				keys = append(keys, key)
			}
		}
		if !isList || len(keys) != len(values) {
			c.fail(pointer(itemPath, "values"), "target values must be context keys (strings)")
			continue
		}
		result := variations.result(index, Reason{Kind: ReasonTargetMatch})
		for _, key := range keys {
			if _, taken := flag.targets[key]; !taken {
				flag.targets[key] = result
			}
		}
		valid++
	}
	return valid == len(list)
}

func (c *flagCompiler) readRules(fields map[string]any, serves serveCompiler) ([]compiledRule, bool) {
	path := pointer(c.path, "rules")
	list, ok := optionalList(fields, "rules")
	if !ok {
		c.fail(path, "rules must be an array")
		return nil, false
	}
	rules := make([]compiledRule, 0, len(list))
	ids := make(map[string]bool, len(list))
	for i, item := range list {
		itemPath := pointerIndex(path, i)
		rule, isObject := item.(map[string]any)
		if !isObject {
			c.fail(itemPath, "a rule must be an object")
			continue
		}
		id, _ := rule["id"].(string)
		if id == "" {
			c.fail(pointer(itemPath, "id"), "a rule needs a non-empty string id")
			continue
		}
		if ids[id] {
			c.fail(pointer(itemPath, "id"), fmt.Sprintf("duplicate rule id %q", id))
			continue
		}
		ids[id] = true
		clauses, clausesOK := compileClauses(rule["clauses"], pointer(itemPath, "clauses"), c.found)
		serve, serveOK := serves.compile(rule["serve"], pointer(itemPath, "serve"), Reason{Kind: ReasonRuleMatch, RuleID: id})
		if clausesOK && serveOK {
			rules = append(rules, compiledRule{clauses: clauses, serve: serve})
		}
	}
	return rules, len(rules) == len(list)
}

// compileClauses compiles the clauses of a flag or segment rule; false when any is malformed.
func compileClauses(raw any, path string, found *problems) ([]compiledClause, bool) {
	list, ok := raw.([]any)
	if !ok {
		found.add(path, "clauses must be an array")
		return nil, false
	}
	clauses := make([]compiledClause, 0, len(list))
	for i, item := range list {
		if clause, ok := compileClause(item, pointerIndex(path, i), found); ok {
			clauses = append(clauses, clause)
		}
	}
	return clauses, len(clauses) == len(list)
}

// optionalList reads an optional array field: absent is empty; present but not an array
// (null included) is malformed.
func optionalList(fields map[string]any, name string) ([]any, bool) {
	raw, present := fields[name]
	if !present {
		return nil, true
	}
	list, ok := raw.([]any)
	return list, ok
}

// indexValue returns v as an index into a list of count items.
func indexValue(v any, count int) (int, bool) {
	n, ok := countValue(v)
	if !ok || n >= int64(count) {
		return 0, false
	}
	return int(n), true
}

// describeRange is "from 0 to n-1" for messages about indexes.
func describeRange(count int) string {
	return "from 0 to " + strconv.Itoa(count-1)
}
