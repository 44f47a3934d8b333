package flagswitch

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"testing/quick"
)

func TestBucketMatchesReferenceValues(t *testing.T) {
	// Computed by the TypeScript core's bucket().
	cases := []struct {
		salt, value string
		want        int
	}{
		{"new-checkout", "user-42", 24921},
		{"pricing", "üser-9", 14976},
		{"x", "", 80076},
		{"salt", "12345678901234567890abc", 22310},
	}
	for _, c := range cases {
		if got := Bucket(c.salt, c.value); got != c.want {
			t.Errorf("Bucket(%q, %q) = %d, want %d", c.salt, c.value, got, c.want)
		}
	}
}

func TestBucketIsStableAndInRange(t *testing.T) {
	property := func(salt, value string) bool {
		first := Bucket(salt, value)
		return first == Bucket(salt, value) && first >= 0 && first < bucketCount &&
			first == int(uint64(XXH32([]byte(salt+"."+value)))*bucketCount>>32)
	}
	if err := quick.Check(property, &quick.Config{MaxCount: 2000}); err != nil {
		t.Fatal(err)
	}
}

func TestBucketOfAcceptsStringsAndSafeIntegersOnly(t *testing.T) {
	prefix := "flag."
	accepted := []struct {
		value any
		as    string
	}{
		{"abc", "abc"}, {42.0, "42"}, {-7.0, "-7"}, {math.Copysign(0, -1), "0"}, {5.0, "5"},
		{42, "42"}, {int64(maxSafeInteger), "9007199254740991"}, {uint8(9), "9"},
		{json.Number("5.0"), "5"}, {json.Number("1e3"), "1000"}, {-float64(maxSafeInteger), "-9007199254740991"},
	}
	for _, c := range accepted {
		got, ok := bucketOf(prefix, c.value)
		if want := Bucket("flag", c.as); !ok || got != want {
			t.Errorf("bucketOf(%#v) = %d, %v; want %d (as %q)", c.value, got, ok, want, c.as)
		}
	}
	refused := []any{1.5, float64(1 << 53), int64(1 << 53), uint64(1 << 60), math.NaN(), math.Inf(1), true, nil, []any{"a"}, map[string]any{"a": 1.0}}
	for _, value := range refused {
		if _, ok := bucketOf(prefix, value); ok {
			t.Errorf("bucketOf(%#v) accepted, want refused", value)
		}
	}
}

// Critical values of the chi-square distribution at p = 0.001 (SciPy chi2.ppf(0.999, df)).
const (
	chi2Critical99 = 148.23035916510173
	chi2Critical81 = 126.08255833316952
)

func chiSquare(observed []int, expected float64) float64 {
	sum := 0.0
	for _, count := range observed {
		sum += (float64(count) - expected) * (float64(count) - expected) / expected
	}
	return sum
}

func TestBucketsAreUniform(t *testing.T) {
	for _, salt := range []string{"new-checkout", "pricing-page", "düsseldorf-🚀"} {
		counts := make([]int, 100)
		for i := 0; i < 100_000; i++ {
			counts[Bucket(salt, "user-"+strconv.Itoa(i))/1000]++
		}
		if statistic := chiSquare(counts, 1000); statistic >= chi2Critical99 {
			t.Errorf("salt %q: chi-square %.1f ≥ %.1f: buckets are not uniform", salt, statistic, chi2Critical99)
		}
	}
}

func TestDistinctSaltsAssignIndependently(t *testing.T) {
	table := make([]int, 100)
	for i := 0; i < 100_000; i++ {
		key := "user-" + strconv.Itoa(i)
		table[Bucket("flag-a", key)/10_000*10+Bucket("flag-b", key)/10_000]++
	}
	if statistic := chiSquare(table, 1000); statistic >= chi2Critical81 {
		t.Fatalf("chi-square %.1f ≥ %.1f: two salts' assignments are correlated", statistic, chi2Critical81)
	}
}
