package flagswitch

import "testing"

func mustSemver(t *testing.T, text string) semanticVersion {
	t.Helper()
	version, ok := parseSemver(text)
	if !ok {
		t.Fatalf("not a version: %q", text)
	}
	return version
}

func TestSemverOrdersAsSemVerPrecedence(t *testing.T) {
	// semver.org §11's example, in increasing order, then numbers of any size.
	ordered := []string{
		"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
		"1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0",
		"99999999999999999999.0.0",
	}
	for i := 0; i+1 < len(ordered); i++ {
		lower, higher := mustSemver(t, ordered[i]), mustSemver(t, ordered[i+1])
		if compareSemver(lower, higher) >= 0 || compareSemver(higher, lower) <= 0 {
			t.Errorf("%s should sort before %s", ordered[i], ordered[i+1])
		}
	}
}

func TestSemverPadsMissingPartsAndIgnoresBuild(t *testing.T) {
	for _, pair := range [][2]string{{"2", "2.0.0"}, {"2.1", "2.1.0"}, {"1.2.3+build.5", "1.2.3"}, {"1.0.0-rc.1+b", "1.0.0-rc.1"}} {
		if order := compareSemver(mustSemver(t, pair[0]), mustSemver(t, pair[1])); order != 0 {
			t.Errorf("%s vs %s: %d, want equal", pair[0], pair[1], order)
		}
	}
}

func TestSemverRefusesWhatIsNotAVersion(t *testing.T) {
	for _, text := range []string{"", "v1.2.3", "1.2.3.4", "01.2.3", "1.2.3-01", "1.2.3-", "1..2", "a.b.c", " 1.2.3", "1.", "1.2.3+", "1.2.3-a..b", "1.2.3-ä", "１.2.3"} {
		if _, ok := parseSemver(text); ok {
			t.Errorf("%q parsed as a version", text)
		}
	}
}
