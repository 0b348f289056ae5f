// HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256) in plain JavaScript, used by TbaCredentials.sign.
// WHY not node:crypto: `createHmac(...)` costs ~2.7 µs in a hot loop but ~19–23 µs when called once
// per HTTP request (cold caches, an OpenSSL EVP fetch and a stream object per call). This version,
// with the inner and outer pad states precomputed once per key, measured ~10 µs in that same
// in-request position, which is what keeps the SOAP plugin's per-request overhead under 5%.
// `withPrefix` also hashes a constant message prefix once (the passport's account&key&token&),
// halving a passport signature's compressions (4 to 2).
// Correctness: RFC 4231 vectors and property tests against node:crypto (test/hmac-sha256.test.ts).
import { createHash } from "node:crypto"

const BLOCK_BYTES = 64

// FIPS 180-4 §4.2.2 round constants. Int32Array so V8 keeps every value a small integer (a
// Uint32Array would box the values above 2^31 as doubles).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2
])

// FIPS 180-4 §5.3.3 initial hash value.
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
])

// Message schedule shared by every signer: signing is synchronous and never re-entered, so one
// array serves all of them without allocating per call.
const W = new Int32Array(64)

/** Loads one 64-byte block (big-endian words) into W[0..15]. */
const loadBlock = (bytes: Uint8Array, offset: number): void => {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4
    W[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!
  }
}

/** SHA-256 compression (FIPS 180-4 §6.2.2) of the block in W[0..15] into `state`. */
const compress = (state: Int32Array): void => {
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!
    const y = W[i - 2]!
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0
  }
  let a = state[0]!
  let b = state[1]!
  let c = state[2]!
  let d = state[3]!
  let e = state[4]!
  let f = state[5]!
  let g = state[6]!
  let h = state[7]!
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  state[0] = (state[0]! + a) | 0
  state[1] = (state[1]! + b) | 0
  state[2] = (state[2]! + c) | 0
  state[3] = (state[3]! + d) | 0
  state[4] = (state[4]! + e) | 0
  state[5] = (state[5]! + f) | 0
  state[6] = (state[6]! + g) | 0
  state[7] = (state[7]! + h) | 0
}

/** SHA-256 state after compressing the single block `key XOR pad` from the IV. */
const padState = (key: Uint8Array, pad: number): Int32Array => {
  const block = new Uint8Array(BLOCK_BYTES)
  for (let i = 0; i < BLOCK_BYTES; i++) block[i] = key[i]! ^ pad
  loadBlock(block, 0)
  block.fill(0)
  const state = new Int32Array(IV)
  compress(state)
  return state
}

// Room for 0x80, up to 63 zero bytes and the 8-byte length: enough whatever the message length.
const PADDING_ROOM = 72
const INITIAL_SCRATCH_BYTES = 512

/**
 * Scratch space for the bytes still to hash: `head` (bytes fixed at construction, kept at the
 * start across growth) followed by one message's UTF-8 and the SHA-256 padding.
 */
class MessageBuffer {
  bytes: Uint8Array
  readonly #head: number
  readonly #encoder = new TextEncoder()

  constructor(head: Uint8Array) {
    this.#head = head.length
    this.bytes = new Uint8Array(Math.max(INITIAL_SCRATCH_BYTES, head.length + PADDING_ROOM))
    this.bytes.set(head)
  }

  /** Makes room for `size` bytes, keeping the head. */
  #reserve(size: number): void {
    if (size <= this.bytes.length) return
    const grown = new Uint8Array(size)
    grown.set(this.bytes.subarray(0, this.#head))
    this.bytes = grown
  }

  /** Writes `data`'s bytes after the head and returns the head length plus their count. */
  write(data: string | Uint8Array): number {
    const head = this.#head
    if (typeof data !== "string") {
      this.#reserve(head + data.length + PADDING_ROOM)
      this.bytes.set(data, head)
      return head + data.length
    }
    const units = data.length
    // ASCII fast path: base strings are normally ASCII (percent-encoded values, hex keys). Measured
    // faster than encodeInto when called once per request, though ~15% slower in a hot loop.
    this.#reserve(head + units + PADDING_ROOM)
    const bytes = this.bytes
    let i = 0
    for (; i < units; i++) {
      const code = data.charCodeAt(i)
      if (code > 0x7f) break
      bytes[head + i] = code
    }
    if (i === units) return head + units
    // Otherwise UTF-8: at most 3 bytes per UTF-16 code unit (a surrogate pair is 4 bytes for 2 units).
    this.#reserve(head + units * 3 + PADDING_ROOM)
    return head + this.#encoder.encodeInto(data, this.bytes.subarray(head)).written
  }
}

/**
 * An HMAC-SHA256 signer for one key (see {@link hmacSha256Signer}), with `withPrefix` for
 * messages that all start with the same string.
 *
 * @internal
 */
export interface HmacSha256Signer {
  (data: string | Uint8Array): string
  /**
   * A signer of `prefix + suffix` that has hashed `prefix`'s complete 64-byte blocks once, so a
   * call costs only the blocks of the rest. The result equals `signer(prefix + suffix)` exactly.
   * It holds derived key state: keep it private.
   */
  readonly withPrefix: (prefix: string) => (suffix: string) => string
}

/**
 * Builds an HMAC-SHA256 signer for one key: returns the base64 MAC of `data` (a string is signed
 * as its UTF-8 bytes, lone surrogates as U+FFFD like node:crypto; a `Uint8Array` as-is).
 *
 * The key's inner and outer pad states are computed once here and live only in this closure;
 * each call then costs the message blocks plus one block, and allocates only the result string.
 * Keys longer than 64 bytes are hashed first (RFC 2104 §2).
 *
 * `withPrefix(prefix)` goes one step further for messages that share a constant start (the SOAP
 * passport's `account&consumerKey&token&`): the inner state is advanced over the prefix's
 * complete blocks once, and each call hashes only the leftover prefix bytes and the suffix.
 *
 * Internal to core (no `@example`: the checked examples import from the package, and this is not
 * exported): `hmacSha256Signer(Buffer.from("key"))("The quick brown fox jumps over the lazy dog")`
 * is `"97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="`, and so is
 * `hmacSha256Signer(Buffer.from("key")).withPrefix("The quick brown fox ")("jumps over the lazy dog")`.
 *
 * @internal
 */
export const hmacSha256Signer = (key: Uint8Array): HmacSha256Signer => {
  const blockKey = new Uint8Array(BLOCK_BYTES)
  blockKey.set(key.length > BLOCK_BYTES ? createHash("sha256").update(key).digest() : key)
  const inner = padState(blockKey, 0x36)
  const outer = padState(blockKey, 0x5c)
  // Don't leave key material in the shared schedule or the local copy.
  blockKey.fill(0)
  W.fill(0)

  // Working state and digest, shared with the prefix signers: signing is synchronous.
  const state = new Int32Array(8)
  const digest = Buffer.alloc(32)

  /**
   * Finishes the MAC: `buffer[0..length)` are the message bytes not yet hashed, `midstate` the
   * inner state after `hashed` bytes (the ipad block, plus any prefix blocks).
   */
  const finish = (midstate: Int32Array, hashed: number, buffer: Uint8Array, length: number): string => {
    // SHA-256 padding (FIPS 180-4 §5.1.1): 0x80, zeros to 56 mod 64, then the bit length of
    // everything hashed from the IV, which includes the ipad block and any prefix blocks.
    let end = length
    buffer[end++] = 0x80
    const lengthAt = end + ((BLOCK_BYTES + 56 - (end % BLOCK_BYTES)) % BLOCK_BYTES)
    buffer.fill(0, end, lengthAt)
    const bits = (hashed + length) * 8
    const high = Math.floor(bits / 0x1_0000_0000)
    buffer[lengthAt] = high >>> 24
    buffer[lengthAt + 1] = high >>> 16
    buffer[lengthAt + 2] = high >>> 8
    buffer[lengthAt + 3] = high
    buffer[lengthAt + 4] = bits >>> 24
    buffer[lengthAt + 5] = bits >>> 16
    buffer[lengthAt + 6] = bits >>> 8
    buffer[lengthAt + 7] = bits
    end = lengthAt + 8

    state.set(midstate)
    for (let offset = 0; offset < end; offset += BLOCK_BYTES) {
      loadBlock(buffer, offset)
      compress(state)
    }
    // Outer hash: one block, the 32-byte inner digest then fixed padding for (64 + 32) * 8 bits.
    for (let i = 0; i < 8; i++) W[i] = state[i]!
    W[8] = 0x80000000 | 0
    for (let i = 9; i < 15; i++) W[i] = 0
    W[15] = (BLOCK_BYTES + 32) * 8
    state.set(outer)
    compress(state)
    for (let i = 0; i < 8; i++) {
      const word = state[i]!
      const j = i * 4
      digest[j] = word >>> 24
      digest[j + 1] = word >>> 16
      digest[j + 2] = word >>> 8
      digest[j + 3] = word
    }
    return digest.toString("base64")
  }

  const message = new MessageBuffer(new Uint8Array(0))
  const sign = (data: string | Uint8Array): string => {
    const length = message.write(data) // may replace message.bytes: read it after
    return finish(inner, BLOCK_BYTES, message.bytes, length)
  }

  const withPrefix = (prefix: string): ((suffix: string) => string) => {
    // A prefix ending in a high surrogate may pair with the suffix's first unit (one 4-byte
    // character, not two U+FFFD), so that unit is encoded with each suffix instead.
    const last = prefix.charCodeAt(prefix.length - 1)
    const carry = last >= 0xd800 && last <= 0xdbff ? prefix.slice(-1) : ""
    const prefixBytes = Buffer.from(carry === "" ? prefix : prefix.slice(0, -1), "utf8")
    const blocksEnd = prefixBytes.length - (prefixBytes.length % BLOCK_BYTES)
    const midstate = new Int32Array(inner)
    for (let offset = 0; offset < blocksEnd; offset += BLOCK_BYTES) {
      loadBlock(prefixBytes, offset)
      compress(midstate)
    }
    const hashed = BLOCK_BYTES + blocksEnd
    // The leftover prefix bytes (< 64) stay at the start of this signer's own buffer.
    const rest = new MessageBuffer(prefixBytes.subarray(blocksEnd))
    const signSuffix = (suffix: string): string => {
      const length = rest.write(suffix) // may replace rest.bytes: read it after
      return finish(midstate, hashed, rest.bytes, length)
    }
    return carry === "" ? signSuffix : (suffix) => signSuffix(carry + suffix)
  }

  return Object.assign(sign, { withPrefix })
}
