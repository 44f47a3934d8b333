package flagswitch

import (
	"math"
	"testing"
	"time"
)

func TestParseInstantReadsDatesAsUTCMilliseconds(t *testing.T) {
	millis := func(year int, month time.Month, day, hour, minute, second, ms int) float64 {
		return float64(time.Date(year, month, day, hour, minute, second, ms*1e6, time.UTC).UnixMilli())
	}
	cases := map[any]float64{
		"2026-11-25":                    millis(2026, 11, 25, 0, 0, 0, 0),
		"2026-11-25T10:30Z":             millis(2026, 11, 25, 10, 30, 0, 0),
		"2026-11-25T10:30:15.123456Z":   millis(2026, 11, 25, 10, 30, 15, 123),
		"2026-11-25T10:30:15.5+02:00":   millis(2026, 11, 25, 8, 30, 15, 500),
		"2024-02-29T23:59:59-05:30":     millis(2024, 3, 1, 5, 29, 59, 0),
		"1969-12-31":                    -86_400_000,
		"0001-01-01":                    -62135596800000,
		"0000-03-01":                    millis(0, 3, 1, 0, 0, 0, 0),
		1_700_000_000_000.0:             1_700_000_000_000,
		int64(1_700_000_000_000):        1_700_000_000_000,
		"2000-01-01T00:00:00.000+23:59": millis(1999, 12, 31, 0, 1, 0, 0),
	}
	for input, want := range cases {
		got, ok := parseInstant(input)
		if !ok || got != want {
			t.Errorf("parseInstant(%#v) = %v, %v; want %v", input, got, ok, want)
		}
	}
}

func TestParseInstantRefusesZonelessTimesImpossibleDatesAndOtherValues(t *testing.T) {
	refused := []any{
		"2026-11-25T10:30", "2026-02-29", "2026-13-01", "2026-04-31", "2026-11-25T24:00Z",
		"2026-11-25t10:30z", "2026-11-25 10:30Z", "25/11/2026", "", "2026-11-25T10:30:15.Z",
		"2026-11-25Z", "2026-11-25T10:30+24:00", "2026-11-25T10:60Z", "+2026-11-25",
		math.Inf(1), math.NaN(), true, nil, []any{"2026-11-25"},
	}
	for _, value := range refused {
		if got, ok := parseInstant(value); ok {
			t.Errorf("parseInstant(%#v) = %v, want refused", value, got)
		}
	}
}
