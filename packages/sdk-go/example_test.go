package flagswitch_test

import (
	"fmt"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
)

func ExampleEvaluate() {
	doc, err := flagswitch.ValidateDocument([]byte(`{
	  "schemaVersion": 1, "environment": "production", "version": 1,
	  "flags": { "new-checkout": {
	    "key": "new-checkout", "version": 3, "enabled": true, "offVariation": 0,
	    "variations": [ { "key": "off", "value": false }, { "key": "on", "value": true } ],
	    "rules": [ { "id": "staff", "serve": { "variation": 1 },
	                 "clauses": [ { "attribute": "email", "op": "endsWith", "values": ["@acme.com"] } ] } ],
	    "fallthrough": { "rollout": { "weights": [75000, 25000] } } } },
	  "segments": {} }`))
	if err != nil {
		fmt.Println(err)
		return
	}
	staff := flagswitch.Evaluate(doc, "new-checkout", flagswitch.Context{"key": "ann", "email": "ann@acme.com"}, false)
	fmt.Println(staff.Value, staff.VariationKey, staff.Reason.Kind, staff.Reason.RuleID)
	missing := flagswitch.Evaluate(doc, "old-checkout", flagswitch.Context{"key": "ann"}, false)
	fmt.Println(missing.Value, missing.Reason.Kind, missing.Reason.ErrorKind)
	// Output:
	// true on RULE_MATCH staff
	// false ERROR FLAG_NOT_FOUND
}

func ExampleValidateDocument() {
	_, err := flagswitch.ValidateDocument([]byte(`{"schemaVersion": 1, "environment": "e", "version": 1,
	  "flags": { "f": { "key": "f", "version": 1, "enabled": true, "offVariation": 2,
	    "variations": [ { "key": "on", "value": true } ], "fallthrough": { "variation": 0 } } },
	  "segments": {} }`))
	fmt.Println(err)
	// Output:
	// invalid flag document: /flags/f/offVariation: flag "f": offVariation must be a variation index from 0 to 0
}

func ExampleBucket() {
	fmt.Println(flagswitch.Bucket("new-checkout", "user-42"))
	// Output: 24921
}
