import { createHmac } from "node:crypto"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { passportBaseString, percentEncode, signPassport, TbaCredentials } from "../src/index.ts"
import { hmacSha256Signer } from "../src/tba/hmac-signer.ts"

const hex = (base64: string): string => Buffer.from(base64, "base64").toString("hex")
const bytes = (value: number, count: number): Uint8Array => new Uint8Array(count).fill(value)
// The oracle takes the key as a Buffer on every call; the signer under test makes one KeyObject.
const oracle = (key: Uint8Array, data: string | Uint8Array): string =>
  createHmac("sha256", key)
    .update(typeof data === "string" ? Buffer.from(data, "utf8") : data)
    .digest("base64")

// RFC 4231 §4.2–4.8, HMAC-SHA-256 outputs written out from the RFC.
const RFC4231: ReadonlyArray<{
  readonly name: string
  readonly key: Uint8Array
  readonly data: string | Uint8Array
  readonly mac: string
}> = [
  {
    name: "case 1: 20-byte key, 'Hi There'",
    key: bytes(0x0b, 20),
    data: "Hi There",
    mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
  },
  {
    name: "case 2: key shorter than the output ('Jefe')",
    key: Buffer.from("Jefe", "ascii"),
    data: "what do ya want for nothing?",
    mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
  },
  {
    name: "case 3: 0xaa*20 key, 0xdd*50 data (bytes)",
    key: bytes(0xaa, 20),
    data: bytes(0xdd, 50),
    mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
  },
  {
    name: "case 4: 0x01..0x19 key, 0xcd*50 data (bytes)",
    key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    data: bytes(0xcd, 50),
    mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
  },
  {
    name: "case 5: truncated output (first 128 bits)",
    key: bytes(0x0c, 20),
    data: "Test With Truncation",
    mac: "a3b6167473100ee06e0c796c2955552b"
  },
  {
    name: "case 6: 131-byte key (hashed first)",
    key: bytes(0xaa, 131),
    data: "Test Using Larger Than Block-Size Key - Hash Key First",
    mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
  },
  {
    name: "case 7: 131-byte key and data longer than a block",
    key: bytes(0xaa, 131),
    data: "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
    mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
  }
]

describe("hmacSha256Signer (node:crypto, one KeyObject): RFC 4231 test cases", () => {
  for (const c of RFC4231) {
    it(c.name, () => {
      const mac = hex(hmacSha256Signer(c.key)(c.data))
      // Case 5 publishes only the truncated MAC; the others the full 256 bits.
      expect(c.mac.length === 64 ? mac : mac.slice(0, c.mac.length)).toBe(c.mac)
    })
  }
})

// fast-check keeps arrays and strings short by default (~10-20 items), so lengths are picked explicitly.
const bytesOfLength = (min: number, max: number) =>
  fc.integer({ min, max }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
// Keys around the block size: 64 bytes is used as-is, 65 is hashed first.
const key = fc.oneof(
  bytesOfLength(0, 200),
  fc.constantFrom(63, 64, 65).chain((n) => bytesOfLength(n, n))
)
const charCode = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c))
const asciiChar = charCode(0, 0x7f)
const anyUnit = fc.oneof(
  asciiChar,
  charCode(0x80, 0xff), // 2 UTF-8 bytes, and one byte in a Latin-1 string: must not take the ASCII path
  charCode(0x100, 0xd7ff), // 2-3 UTF-8 bytes
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), // any code point: 4 bytes beyond the BMP
  charCode(0xd800, 0xdfff) // lone surrogates: both sides must encode them as U+FFFD
)
const textOfLength = (min: number, max: number) =>
  fc.integer({ min, max }).chain((n) => fc.string({ unit: anyUnit, minLength: n, maxLength: n }))
const text = textOfLength(0, 300)
// Message lengths where SHA-256 padding changes shape: 55 fits the length in the last block,
// 56 needs one more block; 63/64 and 119/120 are the same edges one block later.
const BOUNDARIES = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128]

describe("hmacSha256Signer agrees with createHmac over a Buffer key (fuzzed keys and messages)", () => {
  it("random keys (0..200 bytes) and unicode strings (0..300 units)", () => {
    fc.assert(
      fc.property(key, text, (k, data) => {
        expect(hmacSha256Signer(k)(data)).toBe(oracle(k, data))
      }),
      { numRuns: 500 }
    )
  })

  it("fresh signers on 150..300-unit strings (several blocks of UTF-8)", () => {
    fc.assert(
      fc.property(key, textOfLength(150, 300), (k, data) => {
        expect(hmacSha256Signer(k)(data)).toBe(oracle(k, data))
      }),
      { numRuns: 200 }
    )
  })

  it("ASCII strings of exactly the block-boundary lengths", () => {
    fc.assert(
      fc.property(
        key,
        fc
          .constantFrom(...BOUNDARIES)
          .chain((n) => fc.string({ unit: asciiChar, minLength: n, maxLength: n })),
        (k, data) => {
          expect(hmacSha256Signer(k)(data)).toBe(oracle(k, data))
        }
      ),
      { numRuns: 300 }
    )
  })

  it("non-ASCII strings padded to UTF-8 byte lengths at the block boundaries", () => {
    fc.assert(
      fc.property(key, text, fc.constantFrom(...BOUNDARIES), (k, prefix, boundary) => {
        const byteLength = Buffer.byteLength(prefix, "utf8")
        const data = prefix + "a".repeat((boundary - (byteLength % 64) + 64) % 64)
        expect(Buffer.byteLength(data, "utf8") % 64).toBe(boundary % 64)
        expect(hmacSha256Signer(k)(data)).toBe(oracle(k, data))
      }),
      { numRuns: 300 }
    )
  })

  it("raw bytes, including the block-boundary lengths", () => {
    const data = fc.oneof(
      bytesOfLength(0, 300),
      fc.constantFrom(...BOUNDARIES).chain((n) => bytesOfLength(n, n))
    )
    fc.assert(
      fc.property(key, data, (k, d) => {
        expect(hmacSha256Signer(k)(d)).toBe(oracle(k, d))
      }),
      { numRuns: 300 }
    )
  })

  it("one signer over a sequence of messages (a reused key leaves nothing behind)", () => {
    fc.assert(
      fc.property(key, fc.array(fc.oneof(text, bytesOfLength(0, 300)), { maxLength: 8 }), (k, messages) => {
        const sign = hmacSha256Signer(k)
        for (const message of messages) expect(sign(message)).toBe(oracle(k, message))
      }),
      { numRuns: 200 }
    )
  })

  it("a long message then short ones", () => {
    const k = Buffer.from("consumer%20secret&token-secret", "utf8")
    const sign = hmacSha256Signer(k)
    const messages = [
      "x".repeat(5000), // ASCII growth
      "short",
      "€".repeat(3000), // UTF-8 growth: 9000 bytes
      "",
      `${"a".repeat(300)}€`, // ASCII at first, grows only when the non-ASCII char shows up
      "POST&https%3A%2F%2Fexample.com&a%3Db",
      bytes(0x42, 20_000), // raw bytes growth
      "é".repeat(28) // 56 bytes
    ]
    for (const message of messages) expect(sign(message)).toBe(oracle(k, message))
    // Fresh signers whose first message has many more UTF-8 bytes than UTF-16 units.
    for (const message of ["€".repeat(200), "😀".repeat(150), `${"a".repeat(400)}é`, "é".repeat(300)]) {
      expect(hmacSha256Signer(k)(message)).toBe(oracle(k, message))
    }
  })

  it("keeps its own copy of the key (the caller may wipe its buffer after construction)", () => {
    const k = Buffer.from("7278da58caf07f5c&060cd9ab3ffbbe1e", "utf8")
    const expected = oracle(k, "base string")
    const sign = hmacSha256Signer(k)
    k.fill(0)
    expect(sign("base string")).toBe(expected)
  })

  it("signers with different keys do not interfere", () => {
    const a = Buffer.from("key-a", "utf8")
    const b = bytes(0xaa, 131)
    const signA = hmacSha256Signer(a)
    const signB = hmacSha256Signer(b)
    for (const message of ["one", "x".repeat(200), "two"]) {
      expect(signA(message)).toBe(oracle(a, message))
      expect(signB(message)).toBe(oracle(b, message))
    }
  })
})

// Prefix signers sign prefix + suffix. Prefixes whose UTF-8 byte length sits on SHA-256's block
// edges (no full block, the padding edge 55/56, one byte short of/at/past one and two blocks).
const PREFIX_BYTE_LENGTHS = [0, 55, 56, 63, 64, 65, 127, 128, 129]
/** `text` cut or extended with ASCII to exactly `byteLength` UTF-8 bytes. */
const toByteLength = (start: string, byteLength: number): string => {
  let out = ""
  for (const char of start) {
    const next = out + char
    if (Buffer.byteLength(next, "utf8") > byteLength) break
    out = next
  }
  return out + "a".repeat(byteLength - Buffer.byteLength(out, "utf8"))
}
const prefix = fc.oneof(
  text,
  fc.tuple(text, fc.constantFrom(...PREFIX_BYTE_LENGTHS)).map(([start, n]) => toByteLength(start, n))
)
// Leftover + suffix bytes where the padding changes shape: 55 fits the length, 56 needs another
// block, 64 fills one, 119/120 are the same edge one block later.
const PADDING_EDGES = [55, 56, 64, 119, 120]
const suffixFor = (prefixText: string) =>
  fc.oneof(
    textOfLength(0, 200),
    fc.tuple(text, fc.constantFrom(...PADDING_EDGES)).map(([start, edge]) => {
      const leftover = Buffer.byteLength(prefixText, "utf8") % 64
      return toByteLength(start, (edge - leftover + 128) % 128)
    })
  )
const prefixAndSuffix = prefix.chain((p) => suffixFor(p).map((s) => [p, s] as const))

describe("hmacSha256Signer(key).withPrefix(prefix) signs prefix + suffix", () => {
  it("the edge lengths are generated (prefix bytes 0..129, leftover + suffix on the padding edges)", () => {
    expect(PREFIX_BYTE_LENGTHS.map((n) => Buffer.byteLength(toByteLength("é😀€", n), "utf8"))).toEqual(
      PREFIX_BYTE_LENGTHS
    )
    const p = toByteLength("€".repeat(30), 70) // leftover 6
    const s = toByteLength("😀".repeat(40), (120 - 6 + 128) % 128)
    expect((Buffer.byteLength(p, "utf8") % 64) + Buffer.byteLength(s, "utf8")).toBe(120)
  })

  it("random keys, unicode prefixes (0..300 units and edge byte lengths) and suffixes", () => {
    fc.assert(
      fc.property(key, prefixAndSuffix, (k, [p, s]) => {
        expect(hmacSha256Signer(k).withPrefix(p)(s)).toBe(oracle(k, p + s))
      }),
      { numRuns: 600 }
    )
  })

  it("ASCII prefixes of each edge byte length with ASCII suffixes crossing each padding edge", () => {
    const k = Buffer.from("consumer%20secret&token-secret", "utf8")
    const sign = hmacSha256Signer(k)
    for (const n of PREFIX_BYTE_LENGTHS) {
      const p = n === 0 ? "" : `${"p".repeat(n - 1)}&`
      const signSuffix = sign.withPrefix(p)
      for (let total = 0; total <= 130; total++) {
        const s = "s".repeat(Math.max(0, total - (n % 64)))
        expect(signSuffix(s), `prefix ${n} bytes, suffix ${s.length}`).toBe(oracle(k, p + s))
      }
    }
  })

  it("one prefix signer over a sequence of suffixes (short, long, short)", () => {
    const suffixes = fc.tuple(textOfLength(0, 20), textOfLength(150, 300), textOfLength(0, 20))
    fc.assert(
      fc.property(key, prefix, suffixes, fc.array(text, { maxLength: 5 }), (k, p, [a, b, c], more) => {
        const sign = hmacSha256Signer(k).withPrefix(p)
        for (const s of [a, b, c, ...more]) expect(sign(s)).toBe(oracle(k, p + s))
      }),
      { numRuns: 200 }
    )
  })

  it("long and short suffixes after one prefix", () => {
    const k = bytes(0x61, 40)
    for (const p of [`1234567_SB1&${"c".repeat(64)}&${"t".repeat(64)}&`, "é".repeat(40), "x"]) {
      const sign = hmacSha256Signer(k).withPrefix(p)
      // Long ASCII, long UTF-8 (few units, many bytes), then short suffixes.
      for (const s of ["n0nce&1439829974", "y".repeat(5000), "😀".repeat(2000), "€".repeat(300), "", "z"]) {
        expect(sign(s)).toBe(oracle(k, p + s))
      }
    }
  })

  it("a prefix ending in half a surrogate pair joins the suffix's other half (one 4-byte character)", () => {
    const k = Buffer.from("key", "utf8")
    const emoji = "😀" // \ud83d\ude00
    const sign = hmacSha256Signer(k)
    for (const p of [`${"a".repeat(63)}\ud83d`, "\ud83d", `${"b".repeat(64)}\ud83d`]) {
      for (const s of ["\ude00", "\ude00tail", "", "x", emoji]) {
        expect(sign.withPrefix(p)(s)).toBe(oracle(k, p + s))
        expect(sign.withPrefix(p)(s)).toBe(sign(p + s))
      }
    }
  })

  it("prefix signers of one key do not disturb each other or the plain signer", () => {
    const k = bytes(0xaa, 131)
    const sign = hmacSha256Signer(k)
    const short = sign.withPrefix("acct&")
    const long = sign.withPrefix("L".repeat(150))
    for (const s of ["a", "b".repeat(300), "c"]) {
      expect(short(s)).toBe(oracle(k, `acct&${s}`))
      expect(sign(s)).toBe(oracle(k, s))
      expect(long(s)).toBe(oracle(k, "L".repeat(150) + s))
    }
  })
})

describe("TbaCredentials.sign, signerFor and signPassport sign with the credentials' key", () => {
  const hexText = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`))
  const credentials = fc
    .record({
      account: fc.constantFrom("1234567", "1234567_SB1", "TSTDRV7654321"),
      consumerKey: hexText(64),
      consumerSecret: hexText(64),
      tokenId: hexText(64),
      tokenSecret: hexText(64)
    })
    .map((c) => ({ ...c, creds: TbaCredentials.make({ ...c, accountId: c.account }) }))
  const nonce = fc.stringMatching(/^[0-9A-Za-z]{6,64}$/)
  const timestamp = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })

  it("signPassport signs exactly passportBaseString (random credentials, nonces, timestamps)", () => {
    fc.assert(
      fc.property(credentials, nonce, timestamp, (c, n, t) => {
        const key = Buffer.from(`${percentEncode(c.consumerSecret)}&${percentEncode(c.tokenSecret)}`)
        const base = passportBaseString(c.creds, n, t)
        expect(base).toBe(`${c.creds.account.realm}&${c.consumerKey}&${c.tokenId}&${n}&${t}`)
        expect(signPassport(c.creds, { nonce: n, timestamp: t }).signature).toBe(oracle(key, base))
        expect(c.creds.sign(base)).toBe(oracle(key, base))
      }),
      { numRuns: 200 }
    )
  })

  it("fuzzed secrets (any text without whitespace) sign under percentEncode(cs)&percentEncode(ts)", () => {
    const secret = fc
      .string({ unit: anyUnit, minLength: 1, maxLength: 80 })
      .filter((s) => !/[\s\p{Cc}]/u.test(s))
    fc.assert(
      fc.property(secret, secret, text, (consumerSecret, tokenSecret, data) => {
        const creds = TbaCredentials.make({
          accountId: "1234567",
          consumerKey: "ck",
          consumerSecret,
          tokenId: "tok",
          tokenSecret
        })
        const key = Buffer.from(`${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`)
        expect(creds.sign(data)).toBe(oracle(key, data))
      }),
      { numRuns: 300 }
    )
  })

  it("signerFor(prefix)(suffix) equals sign(prefix + suffix) and adds nothing to the instance", () => {
    fc.assert(
      fc.property(credentials, prefixAndSuffix, (c, [p, s]) => {
        const keys = Reflect.ownKeys(c.creds)
        const json = JSON.stringify(c.creds)
        expect(c.creds.signerFor(p)(s)).toBe(c.creds.sign(p + s))
        expect(Reflect.ownKeys(c.creds)).toEqual(keys)
        expect(JSON.stringify(c.creds)).toBe(json)
      }),
      { numRuns: 100 }
    )
  })
})
