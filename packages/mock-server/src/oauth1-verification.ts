import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto"
import { percentDecode } from "@netsuite-auth/core/internal"
import type { ResolvedAccount, TbaConfig } from "./config.ts"
import type { NonceStore } from "./nonce-store.ts"

// An OAuth 1.0a (RFC 5849) verifier written independently of @netsuite-auth/core's signer, so the
// two check each other: the tests sign with core and with oauthlib, and this code verifies both.
// One thing is shared on purpose: decoding a form-encoded component (core's strict
// `percentDecode`). It is a rule, not a computation to cross-check: where the two ends decode a
// malformed `%` escape differently they sign different bytes, so both refuse it the same way.

/** RFC 3986 unreserved characters stay, everything else is `%XX` (upper-case hex, UTF-8). */
export const rfc3986Encode = (value: string): string =>
  Array.from(Buffer.from(value, "utf8"))
    .map((byte) => {
      const c = String.fromCharCode(byte)
      return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
    })
    .join("")

/** `Authorization: OAuth …` parameters (RFC 5849 §3.5.1), or a reason it is malformed. */
export const parseOAuthHeader = (header: string): Map<string, string> | "MalformedHeader" => {
  const match = /^OAuth\s+(.*)$/is.exec(header.trim())
  if (match === null) return "MalformedHeader"
  const params = new Map<string, string>()
  const pair = /\s*([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y
  const rest = match[1]!
  let index = 0
  while (index < rest.length) {
    pair.lastIndex = index
    const m = pair.exec(rest)
    if (m === null) return "MalformedHeader"
    index = pair.lastIndex
    let name: string
    let value: string
    try {
      // RFC 5849 §3.5.1: names and values are percent-encoded; `+` is a literal plus here.
      name = decodeURIComponent(m[1]!)
      value = decodeURIComponent(m[2]!)
    } catch {
      return "MalformedHeader"
    }
    if (params.has(name)) return "MalformedHeader"
    params.set(name, value)
  }
  return params
}

/** A query or form body whose `%` escapes cannot be decoded unambiguously. */
export const MALFORMED_PARAMETERS = "MalformedParameters"

/**
 * Decoded `[name, value]` pairs of a form-encoded text (a query or an
 * `application/x-www-form-urlencoded` body), or {@link MALFORMED_PARAMETERS}.
 */
export const formEncodedParameters = (
  form: string
): Array<[string, string]> | typeof MALFORMED_PARAMETERS => {
  const pairs: Array<[string, string]> = []
  try {
    for (const p of form.split("&")) {
      if (p === "") continue
      const eq = p.indexOf("=")
      pairs.push(
        eq === -1 ? [percentDecode(p), ""] : [percentDecode(p.slice(0, eq)), percentDecode(p.slice(eq + 1))]
      )
    }
  } catch {
    return MALFORMED_PARAMETERS
  }
  return pairs
}

/** Query parameters of a raw request target, decoded as a form would be. */
export const rawQueryParameters = (target: string): Array<[string, string]> | typeof MALFORMED_PARAMETERS => {
  const q = target.indexOf("?")
  return q === -1 ? [] : formEncodedParameters(target.slice(q + 1).split("#")[0]!)
}

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i

/** RFC 5849 §3.4.1 base string from a method, a base URI and all parameters. */
export const baseString = (
  method: string,
  baseUri: string,
  params: ReadonlyArray<readonly [string, string]>
) => {
  const encoded = params
    .map(([n, v]) => [rfc3986Encode(n), rfc3986Encode(v)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join("&")
  return `${method.toUpperCase()}&${rfc3986Encode(baseUri)}&${rfc3986Encode(encoded)}`
}

const signingKeys = new WeakMap<TbaConfig, KeyObject>()

/** HMAC-SHA256 key `enc(cs)&enc(ts)`, made once per credential (Node 24 is slow with raw keys). */
export const signingKey = (tba: TbaConfig): KeyObject => {
  let key = signingKeys.get(tba)
  if (key === undefined) {
    key = createSecretKey(
      Buffer.from(`${rfc3986Encode(tba.consumerSecret)}&${rfc3986Encode(tba.tokenSecret)}`)
    )
    signingKeys.set(tba, key)
  }
  return key
}

/** Constant-time comparison of the expected and the presented base64 signature. */
export const signatureMatches = (tba: TbaConfig, base: string, presented: string): boolean => {
  const expected = Buffer.from(createHmac("sha256", signingKey(tba)).update(base).digest("base64"))
  const given = Buffer.from(presented)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** A TBA nonce: 6 to 64 letters and digits. */
export const NONCE = /^[A-Za-z0-9]{6,64}$/
/** NetSuite's timestamp window. */
export const TIMESTAMP_WINDOW_SECONDS = 300

/** Result of checking an `Authorization: OAuth` header. */
export type OAuth1Result =
  | { readonly ok: true; readonly account: ResolvedAccount; readonly tba: TbaConfig }
  | { readonly ok: false; readonly malformed: boolean; readonly reason: string }

/** The request facts the signature covers, plus the base URIs the request may have been signed for. */
export interface OAuth1RequestFacts {
  readonly method: string
  /** The raw request target (`/path?query`). */
  readonly target: string
  /** Origins the client may have signed for (`http://127.0.0.1:1234`, the `Host` it used). */
  readonly origins: ReadonlyArray<string>
  /** The `Content-Type` header: an `application/x-www-form-urlencoded` body is signed (RFC 5849 §3.4.1.3.1). */
  readonly contentType?: string | undefined
  readonly body?: string | undefined
}

/** The account a header claims (its realm), if it names a configured account exactly. */
export const realmOfHeader = (header: string, accounts: ReadonlyMap<string, ResolvedAccount>) => {
  const params = parseOAuthHeader(header)
  if (params === "MalformedHeader") return undefined
  const realm = params.get("realm")
  return realm !== undefined && accounts.has(realm) ? realm : undefined
}

/**
 * Verifies an OAuth 1.0a TBA header as NetSuite does: realm (exact upper case), HMAC-SHA256 only,
 * version 1.0 if present, the parameters, nonce shape, timestamp ±5 min, signature, nonce reuse.
 */
export const verifyOAuth1 = (
  header: string,
  request: OAuth1RequestFacts,
  context: {
    readonly accounts: ReadonlyMap<string, ResolvedAccount>
    readonly nonces: NonceStore
    /** The route's idea of now (with the clock offset), in seconds. */
    readonly nowSeconds: number
    /** The real clock, for nonce bookkeeping. */
    readonly realNowMillis: number
  }
): OAuth1Result => {
  const fail = (reason: string, malformed = false): OAuth1Result => ({ ok: false, malformed, reason })
  const params = parseOAuthHeader(header)
  if (params === "MalformedHeader") return fail("MalformedHeader", true)
  const method = params.get("oauth_signature_method")
  if (method !== "HMAC-SHA256") return fail("UnsupportedSignatureMethod", true)
  const version = params.get("oauth_version")
  if (version !== undefined && version !== "1.0") return fail("UnsupportedVersion", true)
  for (const required of [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_signature"
  ]) {
    if (!params.get(required)) return fail("MissingParameters", true)
  }
  const realm = params.get("realm")
  const account = realm === undefined ? undefined : context.accounts.get(realm)
  if (account === undefined) return fail("InvalidAccount")
  const consumerKey = params.get("oauth_consumer_key")!
  const withKey = account.tba.filter((t) => t.consumerKey === consumerKey)
  if (withKey.length === 0) return fail("consumer_key_unknown")
  const tba = withKey.find((t) => t.tokenId === params.get("oauth_token"))
  if (tba === undefined) return fail("InvalidToken")
  const nonce = params.get("oauth_nonce")!
  if (!NONCE.test(nonce)) return fail("nonce_rejected")
  const timestamp = params.get("oauth_timestamp")!
  if (
    !/^[0-9]{1,12}$/.test(timestamp) ||
    Math.abs(Number(timestamp) - context.nowSeconds) > TIMESTAMP_WINDOW_SECONDS
  ) {
    return fail("InvalidTimestamp")
  }
  const q = request.target.indexOf("?")
  const path = q === -1 ? request.target : request.target.slice(0, q)
  const query = rawQueryParameters(request.target)
  const form = FORM_TYPE.test(request.contentType ?? "") ? formEncodedParameters(request.body ?? "") : []
  if (query === MALFORMED_PARAMETERS || form === MALFORMED_PARAMETERS) return fail(MALFORMED_PARAMETERS, true)
  // §3.4.1.3: query and form body parameters, then the header's without realm; oauth_signature
  // is never signed, wherever it appears.
  const signed = [...query, ...form, ...[...params].filter(([name]) => name !== "realm")].filter(
    ([name]) => name !== "oauth_signature"
  )
  const presented = params.get("oauth_signature")!
  const valid = request.origins.some((origin) =>
    signatureMatches(tba, baseString(request.method, `${origin}${path}`, signed), presented)
  )
  if (!valid) return fail("InvalidSignature")
  if (!context.nonces.use(consumerKey, nonce, timestamp, context.realNowMillis)) return fail("NonceUsed")
  return { ok: true, account, tba }
}
