import { createHmac } from "node:crypto"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { oauth1Header, percentEncode, signatureBaseString, signOAuth1, TbaCredentials } from "../src/index.ts"

// ---------------------------------------------------------------------------------------------
// An independent RFC 5849 oracle, written from the RFC text (§3.4.1, §3.4.2, §3.6), sharing no
// code with src/: byte-wise encoding from TextEncoder, form decoding by hand, sorting by octets.
// ---------------------------------------------------------------------------------------------
const UNRESERVED = /^[A-Za-z0-9\-._~]$/
const oracleEncode = (value: string): string => {
  let out = ""
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte)
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
  }
  return out
}
// application/x-www-form-urlencoded decoding (§3.4.1.3.1): "+" is a space, %XX are UTF-8 bytes.
const oracleFormDecode = (value: string): string => {
  const bytes: Array<number> = []
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    if (c === "+") bytes.push(0x20)
    else if (c === "%" && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...new TextEncoder().encode(c))
  }
  return new TextDecoder().decode(new Uint8Array(bytes))
}
const compareOctets = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0) // encoded strings are ASCII
const oracleBaseString = (
  method: string,
  baseUri: string,
  query: string,
  oauth: Readonly<Record<string, string>>
): string => {
  const pairs: Array<[string, string]> = []
  for (const part of query === "" ? [] : query.split("&")) {
    if (part === "") continue
    const eq = part.indexOf("=")
    const [name, value] = eq === -1 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)]
    pairs.push([oracleEncode(oracleFormDecode(name)), oracleEncode(oracleFormDecode(value))])
  }
  for (const [name, value] of Object.entries(oauth)) pairs.push([oracleEncode(name), oracleEncode(value)])
  pairs.sort(([an, av], [bn, bv]) => compareOctets(an, bn) || compareOctets(av, bv))
  const normalized = pairs.map(([n, v]) => `${n}=${v}`).join("&")
  return `${method.toUpperCase()}&${oracleEncode(baseUri)}&${oracleEncode(normalized)}`
}
const oracleSignature = (base: string, consumerSecret: string, tokenSecret: string): string =>
  createHmac("sha256", `${oracleEncode(consumerSecret)}&${oracleEncode(tokenSecret)}`)
    .update(base)
    .digest("base64")

const WELL_FORMED = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/

describe("percentEncode (RFC 3986 / RFC 5849 §3.6)", () => {
  it("encodes the spec example", () => {
    expect(percentEncode("a b!*'()~-._/é+=&%:@")).toBe("a%20b%21%2A%27%28%29~-._%2F%C3%A9%2B%3D%26%25%3A%40")
  })

  it("outputs only unreserved characters and upper-case %XX", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => WELL_FORMED.test(percentEncode(s))),
      { numRuns: 1000 }
    )
  })

  it("round-trips through decodeURIComponent", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        (s) => decodeURIComponent(percentEncode(s)) === s
      ),
      { numRuns: 1000 }
    )
  })

  it("equals the byte-wise oracle for any well-formed string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => percentEncode(s) === oracleEncode(s)),
      { numRuns: 1000 }
    )
  })

  it("never throws on lone surrogates (encoded as U+FFFD)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }),
        (s) => WELL_FORMED.test(percentEncode(s))
      ),
      { numRuns: 200 }
    )
  })
})

// Query building blocks: names and values of any Unicode, sent either strictly encoded or as
// encodeURIComponent leaves them (`!*'()` raw) or with spaces as "+": all must sign the same.
const text = fc.string({ unit: "binary", maxLength: 12 })
const sendAs = fc.constantFrom<(s: string) => string>(oracleEncode, encodeURIComponent, (s) =>
  encodeURIComponent(s).replace(/%20/g, "+")
)
const param = fc.tuple(text, text, sendAs).map(([name, value, enc]) => `${enc(name)}=${enc(value)}`)
const host = fc.constantFrom(
  "1234567-SB1.restlets.api.netsuite.com",
  "1234567.suitetalk.api.netsuite.com",
  "127.0.0.1:8080",
  "Example.COM:443"
)
const path = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 3 })
  .map((segments) => `/${segments.join("/")}`)
const method = fc.constantFrom("GET", "post", "Put", "DELETE")

const OAUTH = {
  oauth_consumer_key: "ck",
  oauth_token: "tok",
  oauth_signature_method: "HMAC-SHA256",
  oauth_timestamp: "1439829974",
  oauth_nonce: "6obMKq0tmY8ylVOdEkA1",
  oauth_version: "1.0"
}

const oracleBaseUri = (hostPort: string, p: string) => {
  const [h, port] = hostPort.split(":")
  return `https://${h!.toLowerCase()}${port === undefined || port === "443" ? "" : `:${port}`}${p}`
}

describe("signature base string (RFC 5849 §3.4.1)", () => {
  it("matches the oracle for any query", () => {
    fc.assert(
      fc.property(method, host, path, fc.array(param, { maxLength: 6 }), (m, h, p, params) => {
        const query = params.join("&")
        const url = `https://${h}${p}${query === "" ? "" : `?${query}`}`
        expect(signatureBaseString({ method: m, url }, OAUTH)).toBe(
          oracleBaseString(m, oracleBaseUri(h, p), query, OAUTH)
        )
      }),
      { numRuns: 400 }
    )
  })

  it("is invariant to the order of query parameters, and its parameters are sorted", () => {
    fc.assert(
      fc.property(
        host,
        path,
        fc
          .array(param, { minLength: 1, maxLength: 6 })
          .chain((params) =>
            fc.tuple(
              fc.constant(params),
              fc.shuffledSubarray(params, { minLength: params.length, maxLength: params.length })
            )
          ),
        (h, p, [params, shuffled]) => {
          const a = signatureBaseString({ method: "GET", url: `https://${h}${p}?${params.join("&")}` }, OAUTH)
          const b = signatureBaseString(
            { method: "GET", url: `https://${h}${p}?${shuffled.join("&")}` },
            OAUTH
          )
          expect(a).toBe(b)
          const pairs = decodeURIComponent(a.split("&")[2]!)
            .split("&")
            .map((pair) => pair.split("=") as [string, string])
          const sorted = [...pairs].sort(
            ([an, av], [bn, bv]) => compareOctets(an, bn) || compareOctets(av, bv)
          )
          expect(pairs).toEqual(sorted)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("HMAC-SHA256 signature against the oracle", () => {
  const secret = fc
    .string({ unit: "grapheme-ascii", minLength: 1, maxLength: 20 })
    .filter((s) => !/\s/.test(s))
  it("signOAuth1 equals the from-scratch RFC 5849 signature, and the header carries it percent-encoded", () => {
    fc.assert(
      fc.property(
        method,
        host,
        path,
        fc.array(param, { maxLength: 4 }),
        secret,
        secret,
        (m, h, p, params, cs, ts) => {
          const creds = TbaCredentials.make({
            accountId: "1234567_SB1",
            consumerKey: "ck",
            consumerSecret: cs,
            tokenId: "tok",
            tokenSecret: ts
          })
          const query = params.join("&")
          const url = `https://${h}${p}${query === "" ? "" : `?${query}`}`
          const signed = signOAuth1(
            creds,
            { method: m, url },
            { nonce: OAUTH.oauth_nonce, timestamp: 1439829974 }
          )
          const expected = oracleSignature(oracleBaseString(m, oracleBaseUri(h, p), query, OAUTH), cs, ts)
          expect(signed.signature).toBe(expected)
          expect(signed.authorization).toContain(`oauth_signature="${oracleEncode(expected)}"`)
          expect(signed.authorization.startsWith('OAuth realm="1234567_SB1", ')).toBe(true)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("oauth1Header signs with fresh nonce and timestamp that the oracle reproduces", async () => {
    const { Effect } = await import("effect")
    const creds = TbaCredentials.make({
      accountId: "1234567",
      consumerKey: "ck",
      consumerSecret: "cs",
      tokenId: "tok",
      tokenSecret: "ts"
    })
    const url =
      "https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1&q=a+b"
    const signed = Effect.runSync(oauth1Header(creds, { method: "GET", url }))
    const oauth = { ...OAUTH, oauth_nonce: signed.nonce, oauth_timestamp: String(signed.timestamp) }
    expect(signed.signature).toBe(
      oracleSignature(
        oracleBaseString(
          "GET",
          "https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl",
          "script=1&deploy=1&q=a+b",
          oauth
        ),
        "cs",
        "ts"
      )
    )
  })
})
