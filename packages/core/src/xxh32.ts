/**
 * xxHash32 (https://github.com/Cyan4973/xxHash, XXH32), the hash behind bucketing.
 *
 * Strings are hashed as their UTF-8 bytes, encoded inline while hashing: a TextEncoder buffer
 * per call costs about 2 µs, twenty times the rest of a rollout evaluation. Hand-written rather
 * than taken from a library because the libraries either hash UTF-16 code units, allocate, or
 * are WebAssembly that cannot be called synchronously without an async start-up (see
 * benchmarks/RESULTS.md for the comparison with xxhash-wasm).
 */

const PRIME1 = 0x9e3779b1;
const PRIME2 = 0x85ebca77;
const PRIME3 = 0xc2b2ae3d;
const PRIME4 = 0x27d4eb2f;
const PRIME5 = 0x165667b1;

/** The 32-bit hash of `input` (a string is hashed as UTF-8), as an unsigned integer. */
export function xxh32(input: string | Uint8Array, seed = 0): number {
  return typeof input === "string" ? xxh32Utf8("", input, seed) : xxh32Bytes(input, seed);
}

/** What asciiWord returns for a non-ASCII unit: no packed ASCII word has these bits set. */
const NOT_ASCII = 0x80808080 | 0;

/** Four ASCII code units packed little-endian, or NOT_ASCII. */
function asciiWord(text: string, p: number): number {
  const a = text.charCodeAt(p);
  const b = text.charCodeAt(p + 1);
  const c = text.charCodeAt(p + 2);
  const d = text.charCodeAt(p + 3);
  if ((a | b | c | d) > 0x7f) return NOT_ASCII;
  return a | (b << 8) | (c << 16) | (d << 24);
}

/**
 * The hash of the UTF-8 bytes of `prefix + text`, without building that string (bucketing
 * hashes a flag's precomputed `salt + "."` followed by the context's value).
 */
export function xxh32Utf8(prefix: string, text: string, seed = 0): number {
  const hash = xxh32Ascii(prefix, text, seed);
  return hash >= 0 ? hash : xxh32Unicode(prefix, text, seed);
}

/**
 * The common case: one byte per code unit, read a word of four at a time. Returns -1 when a
 * code unit turns out not to be ASCII — noticed while reading rather than in a pass of its own,
 * which would cost as much as the hash.
 */
function xxh32Ascii(prefix: string, text: string, seed: number): number {
  const split = prefix.length;
  const length = split + text.length;
  let seen = 0;
  let p = 0;
  let word: number;
  let hash: number;
  if (length >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) | 0;
    let v2 = (seed + PRIME2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME1) | 0;
    const stripeEnd = length - (length % 16);
    while (p < stripeEnd) {
      word = wordAt(prefix, text, split, p);
      seen |= word;
      v1 = round(v1, word);
      word = wordAt(prefix, text, split, p + 4);
      seen |= word;
      v2 = round(v2, word);
      word = wordAt(prefix, text, split, p + 8);
      seen |= word;
      v3 = round(v3, word);
      word = wordAt(prefix, text, split, p + 12);
      seen |= word;
      v4 = round(v4, word);
      p += 16;
    }
    hash = (mergeLanes(v1, v2, v3, v4) + length) | 0;
  } else {
    hash = (seed + PRIME5 + length) | 0;
  }
  for (; p + 4 <= length; p += 4) {
    word = wordAt(prefix, text, split, p);
    seen |= word;
    hash = mixWord(hash, word);
  }
  for (; p < length; p++) {
    word = p < split ? prefix.charCodeAt(p) : text.charCodeAt(p - split);
    if (word > 0x7f) return -1;
    hash = mixByte(hash, word);
  }
  return seen & NOT_ASCII ? -1 : avalanche(hash);
}

/** The word at byte `p` of `prefix + text`: four ASCII code units, or NOT_ASCII. */
function wordAt(prefix: string, text: string, split: number, p: number): number {
  if (p >= split) return asciiWord(text, p - split);
  return p + 4 <= split ? asciiWord(prefix, p) : straddlingWord(prefix, text, split, p);
}

/** The one word that starts in `prefix` and ends in `text`. */
function straddlingWord(prefix: string, text: string, split: number, p: number): number {
  let word = 0;
  for (let k = 0; k < 4; k++) {
    const unit = p + k < split ? prefix.charCodeAt(p + k) : text.charCodeAt(p + k - split);
    if (unit > 0x7f) return NOT_ASCII;
    word |= unit << (8 * k);
  }
  return word;
}

/**
 * Any text: UTF-8 encoded code point by code point into a running 32-bit word. Lone UTF-16
 * surrogates are encoded as U+FFFD, as TextEncoder does.
 */
function xxh32Unicode(prefix: string, text: string, seed: number): number {
  const length = utf8Length(prefix) + utf8Length(text);
  const stripeEnd = length >= 16 ? length - (length % 16) : 0;
  let v1 = (seed + PRIME1 + PRIME2) | 0;
  let v2 = (seed + PRIME2) | 0;
  let v3 = seed | 0;
  let v4 = (seed - PRIME1) | 0;
  let hash = length >= 16 ? 0 : (seed + PRIME5 + length) | 0;
  let word = 0;
  let wordBytes = 0;
  let offset = 0;

  for (let part = 0; part < 2; part++) {
    const source = part === 0 ? prefix : text;
    for (let i = 0; i < source.length; i++) {
      let code = source.charCodeAt(i);
      let packed: number;
      let count: number;
      if (code < 0x80) {
        packed = code;
        count = 1;
      } else if (code < 0x800) {
        packed = 0xc0 | (code >> 6) | ((0x80 | (code & 0x3f)) << 8);
        count = 2;
      } else {
        if (code >= 0xd800 && code <= 0xdfff) {
          const next = i + 1 < source.length ? source.charCodeAt(i + 1) : 0;
          if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            code = ((code - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
            i++;
          } else {
            code = 0xfffd;
          }
        }
        if (code < 0x10000) {
          packed =
            0xe0 |
            (code >> 12) |
            ((0x80 | ((code >> 6) & 0x3f)) << 8) |
            ((0x80 | (code & 0x3f)) << 16);
          count = 3;
        } else {
          packed =
            0xf0 |
            (code >> 18) |
            ((0x80 | ((code >> 12) & 0x3f)) << 8) |
            ((0x80 | ((code >> 6) & 0x3f)) << 16) |
            ((0x80 | (code & 0x3f)) << 24);
          count = 4;
        }
      }

      for (let k = 0; k < count; k++) {
        word |= ((packed >>> (8 * k)) & 0xff) << (8 * wordBytes);
        if (++wordBytes < 4) continue;
        if (offset < stripeEnd) {
          switch ((offset >> 2) & 3) {
            case 0:
              v1 = round(v1, word);
              break;
            case 1:
              v2 = round(v2, word);
              break;
            case 2:
              v3 = round(v3, word);
              break;
            default:
              v4 = round(v4, word);
          }
          offset += 4;
          if (offset === stripeEnd) hash = (mergeLanes(v1, v2, v3, v4) + length) | 0;
        } else {
          hash = mixWord(hash, word);
          offset += 4;
        }
        word = 0;
        wordBytes = 0;
      }
    }
  }

  for (let k = 0; k < wordBytes; k++) hash = mixByte(hash, (word >>> (8 * k)) & 0xff);
  return avalanche(hash);
}

function xxh32Bytes(bytes: Uint8Array, seed: number): number {
  const length = bytes.length;
  let p = 0;
  let hash: number;
  if (length >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) | 0;
    let v2 = (seed + PRIME2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME1) | 0;
    const stripeEnd = length - (length % 16);
    while (p < stripeEnd) {
      v1 = round(v1, readWord(bytes, p));
      v2 = round(v2, readWord(bytes, p + 4));
      v3 = round(v3, readWord(bytes, p + 8));
      v4 = round(v4, readWord(bytes, p + 12));
      p += 16;
    }
    hash = (mergeLanes(v1, v2, v3, v4) + length) | 0;
  } else {
    hash = (seed + PRIME5 + length) | 0;
  }
  for (; p + 4 <= length; p += 4) hash = mixWord(hash, readWord(bytes, p));
  for (; p < length; p++) hash = mixByte(hash, bytes[p] as number);
  return avalanche(hash);
}

function readWord(bytes: Uint8Array, p: number): number {
  return (
    (bytes[p] as number) |
    ((bytes[p + 1] as number) << 8) |
    ((bytes[p + 2] as number) << 16) |
    ((bytes[p + 3] as number) << 24)
  );
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function round(lane: number, word: number): number {
  return Math.imul(rotl((lane + Math.imul(word, PRIME2)) | 0, 13), PRIME1);
}

function mergeLanes(v1: number, v2: number, v3: number, v4: number): number {
  return (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
}

function mixWord(hash: number, word: number): number {
  return Math.imul(rotl((hash + Math.imul(word, PRIME3)) | 0, 17), PRIME4);
}

function mixByte(hash: number, byte: number): number {
  return Math.imul(rotl((hash + Math.imul(byte, PRIME5)) | 0, 11), PRIME1);
}

function avalanche(hash: number): number {
  let h = hash;
  h ^= h >>> 15;
  h = Math.imul(h, PRIME2);
  h ^= h >>> 13;
  h = Math.imul(h, PRIME3);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Number of UTF-8 bytes of `text`, counting a lone surrogate as the 3 bytes of U+FFFD. */
function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      length += 1;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++; // a pair: 4 bytes
    length += 2;
  }
  return length;
}
