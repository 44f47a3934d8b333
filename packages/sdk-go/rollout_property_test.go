package flagswitch

import (
	"math"
	"strconv"
	"testing"
	"testing/quick"
)

func rolloutDocument(t *testing.T, percentOn float64) *Document {
	on := int(math.Round(percentOn * 1000))
	return mustValidate(t, documentOf([]Flag{booleanFlag("rollout", func(f *Flag) {
		f.Fallthrough = ServeRollout(bucketCount-on, on)
	})}))
}

// Raising a rollout from 5 % to 25 % to 50 % to 100 % only adds contexts: nobody who had the
// feature loses it.
func TestRaisingARolloutOnlyAddsContexts(t *testing.T) {
	steps := []*Document{}
	for _, percent := range []float64{0, 5, 25, 50, 100} {
		steps = append(steps, rolloutDocument(t, percent))
	}
	property := func(key string) bool {
		seenOn := false
		for i, doc := range steps {
			on := Evaluate(doc, "rollout", Context{"key": key}, false).Value == true
			if (i == 0 && on) || (i == len(steps)-1 && !on) || (seenOn && !on) {
				return false
			}
			seenOn = seenOn || on
		}
		return true
	}
	if err := quick.Check(property, &quick.Config{MaxCount: 3000}); err != nil {
		t.Fatal(err)
	}
}

// The same context always gets the same variation, whichever document instance serves it.
func TestTheSameContextAlwaysGetsTheSameVariation(t *testing.T) {
	first, second := rolloutDocument(t, 37.5), rolloutDocument(t, 37.5)
	property := func(key string, org int32) bool {
		ctx := Context{"key": key, "org": org}
		a := Evaluate(first, "rollout", ctx, false)
		return a == Evaluate(first, "rollout", ctx, false) && a == Evaluate(second, "rollout", ctx, false)
	}
	if err := quick.Check(property, &quick.Config{MaxCount: 3000}); err != nil {
		t.Fatal(err)
	}
}

func TestARolloutServesItsPercentageWithinOnePoint(t *testing.T) {
	for _, percent := range []float64{5, 25, 50} {
		doc := rolloutDocument(t, percent)
		on := 0
		for i := 0; i < 100_000; i++ {
			if Evaluate(doc, "rollout", Context{"key": "u" + strconv.Itoa(i)}, false).Value == true {
				on++
			}
		}
		if share := float64(on) / 1000; math.Abs(share-percent) >= 1 {
			t.Errorf("a %v %% rollout served %.2f %%", percent, share)
		}
	}
}
