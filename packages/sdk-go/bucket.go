package flagswitch

import "strconv"

// bucketCount is the number of buckets: weights are in units of 0.001 %, so 100000 make 100 %.
const bucketCount = 100000

// maxSafeInteger is 2^53 − 1, the largest integer every SDK language holds exactly (a
// JavaScript number's limit); bucketBy numbers beyond it are refused everywhere.
const maxSafeInteger = 1<<53 - 1

// Bucket returns the bucket, 0 … 99999, of value for a flag salted with salt:
// floor(xxh32(salt + "." + value) × 100000 / 2^32). Integer scaling rather than a modulo, so no
// bucket is favoured.
func Bucket(salt, value string) int {
	return bucketWithPrefix(salt+".", value)
}

// bucketWithPrefix is Bucket for a flag whose salt + "." was built once, when it was compiled.
func bucketWithPrefix[T ~string | ~[]byte](saltPrefix string, value T) int {
	return int((uint64(xxh32Concat(saltPrefix, value, 0)) * bucketCount) >> 32)
}

// bucketOf returns the bucket of a context attribute value, or false when the value cannot be
// bucketed: only strings and integers of magnitude up to 2^53 − 1 (written in base 10) can.
func bucketOf(saltPrefix string, value any) (int, bool) {
	if text, ok := value.(string); ok {
		return bucketWithPrefix(saltPrefix, text), true
	}
	integer, ok := safeInteger(value)
	if !ok {
		// A named type (type UserID string…) counts as what it is underneath.
		switch converted := scalarOf(value); converted.kind {
		case scalarString:
			return bucketWithPrefix(saltPrefix, converted.text), true
		case scalarNumber:
			if integer, ok = safeInteger(converted.number); !ok {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	// A stack buffer: formatting must not allocate on the evaluation path.
	var digits [24]byte
	return bucketWithPrefix(saltPrefix, strconv.AppendInt(digits[:0], integer, 10)), true
}
