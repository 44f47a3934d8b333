package flagswitch

import "math/bits"

// xxHash32 (https://github.com/Cyan4973/xxHash), the hash behind bucketing. Written here rather
// than imported to keep the module dependency-free, and so that bucketing can hash a flag's
// salt prefix followed by a context value as one stream without concatenating them.

const (
	prime32x1 uint32 = 0x9e3779b1
	prime32x2 uint32 = 0x85ebca77
	prime32x3 uint32 = 0xc2b2ae3d
	prime32x4 uint32 = 0x27d4eb2f
	prime32x5 uint32 = 0x165667b1
)

// XXH32 returns the 32-bit xxHash of b with seed 0.
//
// Strings are hashed as their UTF-8 bytes: XXH32([]byte("abc")) == 0x32D153FF.
func XXH32(b []byte) uint32 {
	return xxh32Concat("", b, 0)
}

// XXH32Seed returns the 32-bit xxHash of b with the given seed.
func XXH32Seed(b []byte, seed uint32) uint32 {
	return xxh32Concat("", b, seed)
}

// xxh32Concat hashes the bytes of prefix followed by the bytes of text, as if they were one
// buffer, without building it: bucketing hashes a flag's "salt." then the context's value.
func xxh32Concat[T ~string | ~[]byte](prefix string, text T, seed uint32) uint32 {
	split := len(prefix)
	length := split + len(text)
	// at reads byte i of prefix+text.
	at := func(i int) byte {
		if i < split {
			return prefix[i]
		}
		return text[i-split]
	}
	// word reads the little-endian 32-bit word at byte i of prefix+text.
	word := func(i int) uint32 {
		if i >= split {
			j := i - split
			return uint32(text[j]) | uint32(text[j+1])<<8 | uint32(text[j+2])<<16 | uint32(text[j+3])<<24
		}
		if i+4 <= split {
			return uint32(prefix[i]) | uint32(prefix[i+1])<<8 | uint32(prefix[i+2])<<16 | uint32(prefix[i+3])<<24
		}
		return uint32(at(i)) | uint32(at(i+1))<<8 | uint32(at(i+2))<<16 | uint32(at(i+3))<<24
	}

	p := 0
	var h uint32
	if length >= 16 {
		v1 := seed + prime32x1 + prime32x2
		v2 := seed + prime32x2
		v3 := seed
		v4 := seed - prime32x1
		for stripeEnd := length - length%16; p < stripeEnd; p += 16 {
			v1 = xxh32Round(v1, word(p))
			v2 = xxh32Round(v2, word(p+4))
			v3 = xxh32Round(v3, word(p+8))
			v4 = xxh32Round(v4, word(p+12))
		}
		h = bits.RotateLeft32(v1, 1) + bits.RotateLeft32(v2, 7) +
			bits.RotateLeft32(v3, 12) + bits.RotateLeft32(v4, 18)
	} else {
		h = seed + prime32x5
	}
	h += uint32(length)
	for ; p+4 <= length; p += 4 {
		h = bits.RotateLeft32(h+word(p)*prime32x3, 17) * prime32x4
	}
	for ; p < length; p++ {
		h = bits.RotateLeft32(h+uint32(at(p))*prime32x5, 11) * prime32x1
	}
	h ^= h >> 15
	h *= prime32x2
	h ^= h >> 13
	h *= prime32x3
	h ^= h >> 16
	return h
}

func xxh32Round(lane, input uint32) uint32 {
	return bits.RotateLeft32(lane+input*prime32x2, 13) * prime32x1
}
