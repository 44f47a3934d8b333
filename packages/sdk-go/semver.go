package flagswitch

import "strings"

// Semantic versions (SemVer 2.0.0 precedence) for the semver* operators. A missing minor or
// patch counts as 0 ("2.1" = "2.1.0"); build metadata is ignored; no leading "v". Numeric parts
// stay digit strings, compared by length and then digit by digit, so any size compares exactly
// (the TypeScript and Python SDKs do the same).

type semanticVersion struct {
	core [3]string
	// prerelease is the dot-separated identifiers after "-", or "" for a release.
	prerelease string
}

// parseSemver returns the version text spells, or false when it is not one.
func parseSemver(text string) (semanticVersion, bool) {
	var version semanticVersion
	version.core = [3]string{"", "0", "0"}
	rest := text
	for part := 0; part < 3; part++ {
		if part > 0 {
			if !strings.HasPrefix(rest, ".") {
				break
			}
			rest = rest[1:]
		}
		digits := leadingDigits(rest)
		if digits == 0 || (digits > 1 && rest[0] == '0') {
			return semanticVersion{}, false
		}
		version.core[part] = rest[:digits]
		rest = rest[digits:]
	}
	if strings.HasPrefix(rest, "-") {
		end := strings.IndexByte(rest, '+')
		if end < 0 {
			end = len(rest)
		}
		version.prerelease = rest[1:end]
		if !validIdentifiers(version.prerelease, true) {
			return semanticVersion{}, false
		}
		rest = rest[end:]
	}
	if strings.HasPrefix(rest, "+") {
		if !validIdentifiers(rest[1:], false) {
			return semanticVersion{}, false
		}
		rest = ""
	}
	return version, rest == ""
}

func leadingDigits(text string) int {
	n := 0
	for n < len(text) && text[n] >= '0' && text[n] <= '9' {
		n++
	}
	return n
}

// validIdentifiers checks dot-separated [0-9A-Za-z-]+ identifiers; in a prerelease a numeric
// identifier may not have a leading zero.
func validIdentifiers(text string, prerelease bool) bool {
	for {
		identifier, rest, more := strings.Cut(text, ".")
		if identifier == "" {
			return false
		}
		for i := 0; i < len(identifier); i++ {
			c := identifier[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
				return false
			}
		}
		if prerelease && len(identifier) > 1 && identifier[0] == '0' && leadingDigits(identifier) == len(identifier) {
			return false
		}
		if !more {
			return true
		}
		text = rest
	}
}

// compareSemver returns a negative number, zero or a positive number as a sorts before, equal
// to, or after b.
func compareSemver(a, b semanticVersion) int {
	for i := range a.core {
		if order := compareDigits(a.core[i], b.core[i]); order != 0 {
			return order
		}
	}
	switch {
	case a.prerelease == "" && b.prerelease == "":
		return 0
	case a.prerelease == "":
		return 1 // a release sorts after its prereleases
	case b.prerelease == "":
		return -1
	}
	left, right := a.prerelease, b.prerelease
	for {
		leftID, leftRest, leftMore := strings.Cut(left, ".")
		rightID, rightRest, rightMore := strings.Cut(right, ".")
		if order := compareIdentifier(leftID, rightID); order != 0 {
			return order
		}
		switch {
		case !leftMore && !rightMore:
			return 0
		case !leftMore:
			return -1 // a shorter list sorts first when every shared identifier is equal
		case !rightMore:
			return 1
		}
		left, right = leftRest, rightRest
	}
}

func compareIdentifier(a, b string) int {
	aNumeric := leadingDigits(a) == len(a)
	bNumeric := leadingDigits(b) == len(b)
	switch {
	case aNumeric && bNumeric:
		return compareDigits(a, b)
	case aNumeric:
		return -1 // numeric identifiers sort before alphanumeric ones
	case bNumeric:
		return 1
	}
	return strings.Compare(a, b)
}

// compareDigits compares two digit strings without leading zeros as numbers of any size.
func compareDigits(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
