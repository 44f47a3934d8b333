// Command flagswitch-conformance evaluates (flag, context) pairs with the Go SDK for the
// cross-language check: the TypeScript, Python and Go SDKs must answer the same pairs
// identically.
//
// It reads one JSON object from stdin,
//
//	{ "document": <a flag document, raw>, "cases": [ { "flagKey", "context", "default"? } ] }
//
// and writes to stdout, one result per case in order,
//
//	{ "results": [ { "value", "variationIndex", "variationKey", "reason": { "kind", … } } ] }
//
// The document is evaluated as it is, unvalidated, as the shared vectors are: a malformed flag
// answers ERROR / MALFORMED_FLAG instead of failing the whole run. variationIndex and
// variationKey are null when the default is served; reason fields that do not apply are
// absent, and inExperiment appears only when true.
//
//	go run ./cmd/flagswitch-conformance < pairs.json > go-results.json
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "flagswitch-conformance: %v\n", err)
		os.Exit(1)
	}
}

// request is the input. Context and Default stay raw so that an absent default and any
// context shape reach the SDK exactly as the vector runner passes them.
type request struct {
	Document json.RawMessage `json:"document"`
	Cases    []struct {
		FlagKey string          `json:"flagKey"`
		Context json.RawMessage `json:"context"`
		Default json.RawMessage `json:"default"`
	} `json:"cases"`
}

type response struct {
	Results []flagswitch.EvaluationResult `json:"results"`
}

func run(input io.Reader, output io.Writer) error {
	var req request
	decoder := json.NewDecoder(bufio.NewReader(input))
	if err := decoder.Decode(&req); err != nil {
		return fmt.Errorf("reading the request from stdin: %w", err)
	}
	if len(req.Document) == 0 {
		return errors.New(`the request has no "document"`)
	}
	doc := flagswitch.Unvalidated([]byte(req.Document))
	results := make([]flagswitch.EvaluationResult, len(req.Cases))
	for i, c := range req.Cases {
		ctx, err := decodeContext(c.Context)
		if err != nil {
			return fmt.Errorf("cases[%d].context: %w", i, err)
		}
		defaultValue, err := decodeValue(c.Default)
		if err != nil {
			return fmt.Errorf("cases[%d].default: %w", i, err)
		}
		results[i] = flagswitch.Evaluate(doc, c.FlagKey, ctx, defaultValue)
	}
	writer := bufio.NewWriter(output)
	if err := json.NewEncoder(writer).Encode(response{Results: results}); err != nil {
		return fmt.Errorf("writing the results: %w", err)
	}
	return writer.Flush()
}

// decodeContext decodes a context as plain JSON values (numbers as float64, as JSON.parse
// gives them); anything but an object is the empty context, as in the vector runner.
func decodeContext(text json.RawMessage) (flagswitch.Context, error) {
	value, err := decodeValue(text)
	if err != nil {
		return nil, err
	}
	fields, _ := value.(map[string]any)
	return flagswitch.Context(fields), nil
}

// decodeValue decodes a JSON value; absent is nil (no default given).
func decodeValue(text json.RawMessage) (any, error) {
	if len(text) == 0 {
		return nil, nil
	}
	var value any
	if err := json.Unmarshal(text, &value); err != nil {
		return nil, err
	}
	return value, nil
}
