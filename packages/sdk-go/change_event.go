package flagswitch

import "sort"

// ChangeEvent tells a subscriber that the served document changed. FlagKeys are the flags
// whose evaluation may now differ: changed, added or removed flags, and flags that depend on a
// changed flag (as a prerequisite) or a changed segment.
type ChangeEvent struct {
	FlagKeys []string
	Version  int64
}

// subscriberBuffer is how many change events wait for a slow subscriber; beyond it the oldest
// waiting event is merged into the newest, so no changed key is ever lost.
const subscriberBuffer = 16

type subscriber struct {
	events chan ChangeEvent
}

// deliver sends without blocking the writer. Only the store sends, under its lock.
func (s *subscriber) deliver(event ChangeEvent) {
	for {
		select {
		case s.events <- event:
			return
		default:
		}
		select {
		case oldest := <-s.events:
			event.FlagKeys = mergeKeys(oldest.FlagKeys, event.FlagKeys)
		default:
		}
	}
}

func mergeKeys(a, b []string) []string {
	set := make(map[string]struct{}, len(a)+len(b))
	for _, key := range a {
		set[key] = struct{}{}
	}
	for _, key := range b {
		set[key] = struct{}{}
	}
	merged := make([]string, 0, len(set))
	for key := range set {
		merged = append(merged, key)
	}
	sort.Strings(merged)
	return merged
}

// changedFlags lists, sorted, the flags whose evaluation may differ between two documents.
func changedFlags(previous, next *Document) []string {
	var before, after map[string]*compiledFlag
	var segmentsBefore, segmentsAfter map[string]*compiledSegment
	if previous != nil {
		before, segmentsBefore = previous.flags, previous.segments
	}
	if next != nil {
		after, segmentsAfter = next.flags, next.segments
	}
	changed := map[string]bool{}
	for key, flag := range after {
		if old, ok := before[key]; !ok || old == nil || flag == nil || old.version != flag.version {
			changed[key] = true
		}
	}
	for key := range before {
		if _, ok := after[key]; !ok {
			changed[key] = true
		}
	}
	changedSegments := map[string]bool{}
	for key, segment := range segmentsAfter {
		if old, ok := segmentsBefore[key]; !ok || old == nil || segment == nil || old.version != segment.version {
			changedSegments[key] = true
		}
	}
	for key := range segmentsBefore {
		if _, ok := segmentsAfter[key]; !ok {
			changedSegments[key] = true
		}
	}
	if len(changedSegments) > 0 {
		for key, flag := range after {
			if flag != nil && !changed[key] && usesSegments(flag, changedSegments, segmentsAfter) {
				changed[key] = true
			}
		}
	}
	// Flags whose prerequisites changed, transitively.
	for grew := len(changed) > 0; grew; {
		grew = false
		for key, flag := range after {
			if flag == nil || changed[key] {
				continue
			}
			for _, prerequisite := range flag.prereqs {
				if changed[prerequisite.flagKey] {
					changed[key], grew = true, true
					break
				}
			}
		}
	}
	keys := make([]string, 0, len(changed))
	for key := range changed {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

// usesSegments reports whether a flag's rules reach, directly or through segment rules, one of
// the segments in targets.
func usesSegments(flag *compiledFlag, targets map[string]bool, segments map[string]*compiledSegment) bool {
	visited := map[string]bool{}
	var reaches func(clauses []compiledClause) bool
	reaches = func(clauses []compiledClause) bool {
		for _, clause := range clauses {
			for _, key := range clause.segmentKeys {
				if targets[key] {
					return true
				}
				if visited[key] {
					continue
				}
				visited[key] = true
				if segment := segments[key]; segment != nil {
					for _, rule := range segment.rules {
						if reaches(rule) {
							return true
						}
					}
				}
			}
		}
		return false
	}
	for _, rule := range flag.rules {
		if reaches(rule.clauses) {
			return true
		}
	}
	return false
}
