package flagswitch

// Experiment events as POST {base}/sdk/v1/events takes them.

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf16"
)

// event is one exposure or conversion.
type event struct {
	Kind          string   `json:"kind"`
	FlagKey       string   `json:"flagKey,omitempty"`
	FlagVersion   *int64   `json:"flagVersion,omitempty"`
	Variation     string   `json:"variation,omitempty"`
	ExperimentKey string   `json:"experimentKey,omitempty"`
	EventKey      string   `json:"eventKey,omitempty"`
	ContextKey    string   `json:"contextKey"`
	Value         *float64 `json:"value,omitempty"`
	TS            int64    `json:"ts"`
}

// keyLimit is one of the server's limits on an event's strings.
type keyLimit struct {
	name  string
	value string
	max   int
}

// problem says why the server would refuse this event (its limits on keys and values), or "".
// A refused event would make the server refuse its whole batch, so such events are never sent.
func (e event) problem() string {
	limits := []keyLimit{{"context key", e.ContextKey, 1024}}
	if e.Kind == "exposure" {
		limits = append(limits, keyLimit{"flag key", e.FlagKey, 128}, keyLimit{"variation key", e.Variation, 128},
			keyLimit{"experiment key", e.ExperimentKey, 128})
	} else {
		limits = append(limits, keyLimit{"event key", e.EventKey, 256})
	}
	for _, limit := range limits {
		// The server counts JavaScript string length (UTF-16 code units), and cannot store NUL.
		length := len(utf16.Encode([]rune(limit.value)))
		if length == 0 || length > limit.max || strings.ContainsRune(limit.value, 0) {
			return fmt.Sprintf("the %s must have 1 to %d characters, without NUL", limit.name, limit.max)
		}
	}
	if e.FlagVersion != nil && *e.FlagVersion < 0 {
		return "the flag version must be a non-negative integer"
	}
	if e.Value != nil && (math.IsNaN(*e.Value) || math.IsInf(*e.Value, 0)) {
		return "the value must be a finite number"
	}
	return ""
}

func exposureEvent(flagKey string, flagVersion int64, variationKey, experimentKey, contextKey string, ts int64) event {
	return event{Kind: "exposure", FlagKey: flagKey, FlagVersion: &flagVersion, Variation: variationKey,
		ExperimentKey: experimentKey, ContextKey: contextKey, TS: ts}
}

func conversionEvent(eventKey, contextKey string, value *float64, ts int64) event {
	return event{Kind: "conversion", EventKey: eventKey, ContextKey: contextKey, Value: value, TS: ts}
}

// eventBatch is one request body. The batchId stays the same across retries, so that the
// server stores a batch once however often it is sent.
type eventBatch struct {
	BatchID string  `json:"batchId"`
	SDK     sdkInfo `json:"sdk"`
	Events  []event `json:"events"`
}

type sdkInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// EventStats counts what happened to experiment events, for monitoring.
type EventStats struct {
	// Sent events reached the server (202).
	Sent int64
	// Dropped events were discarded: the server would have refused them (an empty or too long
	// key, a non-finite value), the buffer was full, or the server refused their batch.
	Dropped int64
	// Pending events wait to be sent.
	Pending int
	// SendFailures counts attempts to send a batch that failed and will be retried.
	SendFailures int64
}
