package flagswitch

import (
	"math/rand"
	"testing"
	"unicode/utf8"
)

// Reference values computed by the TypeScript core (packages/core, xxh32) and, for "" and
// "abc", quoted in DESIGN.md.
func TestXXH32MatchesReferenceValues(t *testing.T) {
	cases := []struct {
		input            string
		seed0, seedPrime uint32
	}{
		{"", 0x02cc5d05, 0x36b78ae7},
		{"abc", 0x32d153ff, 0xa1ae7709},
		{"a", 0x550d7456, 0x9e1633e4},
		{"abcd", 0xa3643705, 0x0a7e979c},
		{"Nobody inspects the spammish repetition", 0xe2293b2f, 0xc9e89e68},
		{"0123456789abcdef", 0xc2c45b69, 0x72e8faf9},
		{"0123456789abcdefX", 0x658e4f53, 0xf67bd69f},
		{"héllo wörld 🚀 düsseldorf", 0xcfe8e9d8, 0x334a762a},
		{"new-checkout.user-42", 0x3fccd965, 0x3fa0cbbb},
	}
	for _, c := range cases {
		if got := XXH32([]byte(c.input)); got != c.seed0 {
			t.Errorf("XXH32(%q) = %#x, want %#x", c.input, got, c.seed0)
		}
		if got := XXH32Seed([]byte(c.input), 2654435761); got != c.seedPrime {
			t.Errorf("XXH32Seed(%q, 2654435761) = %#x, want %#x", c.input, got, c.seedPrime)
		}
	}
}

// Bucketing hashes "salt." and the value as one stream: every split point of every length
// (across the 16-byte stripes and the 4-byte tail) must hash like the concatenated bytes.
func TestXXH32ConcatEqualsHashOfConcatenation(t *testing.T) {
	random := rand.New(rand.NewSource(7))
	alphabet := []rune("ab01-.é€🚀")
	for length := 0; length <= 80; length++ {
		for trial := 0; trial < 5; trial++ {
			runes := make([]rune, length)
			for i := range runes {
				runes[i] = alphabet[random.Intn(len(alphabet))]
			}
			text := string(runes)
			for split := 0; split <= len(text); split++ {
				want := XXH32Seed([]byte(text), uint32(trial))
				if got := xxh32Concat(text[:split], text[split:], uint32(trial)); got != want {
					t.Fatalf("xxh32Concat(%q, %q) = %#x, want %#x", text[:split], text[split:], got, want)
				}
				if got := xxh32Concat(text[:split], []byte(text[split:]), uint32(trial)); got != want {
					t.Fatalf("xxh32Concat(%q, []byte(%q)) = %#x, want %#x", text[:split], text[split:], got, want)
				}
			}
		}
	}
}

// JSON turns a lone UTF-16 surrogate into U+FFFD, so the hash sees EF BF BD, as TextEncoder does.
func TestXXH32OfDecodedLoneSurrogateIsReplacementCharacter(t *testing.T) {
	decoded := rawJSON(t, `"a\udc00b"`).(string)
	if !utf8.ValidString(decoded) || decoded != "a\uFFFDb" {
		t.Fatalf("decoded %q", decoded)
	}
	if XXH32([]byte(decoded)) != XXH32([]byte{'a', 0xef, 0xbf, 0xbd, 'b'}) {
		t.Fatal("lone surrogate not hashed as U+FFFD")
	}
}

func TestXXH32DoesNotAllocate(t *testing.T) {
	data := []byte("new-checkout.user-42")
	if allocs := testing.AllocsPerRun(100, func() { XXH32(data) }); allocs != 0 {
		t.Fatalf("XXH32 allocates %v times", allocs)
	}
	if allocs := testing.AllocsPerRun(100, func() { Bucket("new-checkout", "user-42") }); allocs > 1 {
		t.Fatalf("Bucket allocates %v times (only the salt prefix may)", allocs)
	}
}
