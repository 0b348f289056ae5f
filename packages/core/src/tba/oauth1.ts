import { ConfigError } from "../errors.ts"
import { checkNonceAndTimestamp } from "./passport.ts"
import {
  describeMalformed,
  formParameters,
  malformedPercentEncoding,
  percentEncode
} from "./percent-encoding.ts"
import type { TbaCredentials } from "./tba-credentials.ts"

/**
 * The part of an HTTP request that an OAuth 1.0a signature covers: the method, the URL with its
 * query and, for an `application/x-www-form-urlencoded` body, the body's parameters
 * (RFC 5849 §3.4.1.3.1). Any other body is never signed.
 */
export interface OAuth1Request {
  /** HTTP method, any case. */
  readonly method: string
  /** The absolute URL as it will be sent, query included. */
  readonly url: string
  /**
   * The request's `Content-Type` header value as sent. Only when its media type is
   * `application/x-www-form-urlencoded` (any case, parameters such as `charset` allowed) is
   * `body` signed.
   */
  readonly contentType?: string | undefined
  /**
   * The body as it will be sent, for a form-encoded request: the encoded text itself (sent byte
   * for byte), a `URLSearchParams`, or a record of string values (sent as its form encoding).
   * Ignored unless `contentType` is form-encoded; then any other type, or a malformed `%` escape,
   * is a `ConfigError` (`NETSUITE_AUTH_INVALID_OPTION`): serialize the body first.
   */
  readonly body?: string | URLSearchParams | Readonly<Record<string, string>> | undefined
}

/** A signed request: the header to send, and the base string and signature for debugging. */
export interface OAuth1Signature {
  readonly authorization: string
  readonly baseString: string
  readonly signature: string
  readonly nonce: string
  readonly timestamp: number
}

const METHOD = /^[A-Za-z]{1,20}$/
const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" }

const parseUrl = (url: string): URL => {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed
  } catch {}
  throw new ConfigError({
    reason: "InvalidUrl",
    message: `Cannot sign ${JSON.stringify(url.slice(0, 200))}: expected an absolute http(s) URL (resolve it against the base URL first).`
  })
}

/**
 * RFC 5849 §3.4.1.2 base string URI: lower-case scheme and host, default port dropped,
 * path kept as sent, no query or fragment.
 *
 * @category signing
 */
export const baseStringUri = (url: string): string => uriOf(parseUrl(url))

const uriOf = (parsed: URL): string => {
  const port = parsed.port && parsed.port !== DEFAULT_PORTS[parsed.protocol] ? `:${parsed.port}` : ""
  return `${parsed.protocol}//${parsed.hostname.toLowerCase()}${port}${parsed.pathname || "/"}`
}

/**
 * The query parameters of a URL as decoded `[name, value]` pairs, repeats and empty values kept.
 * A malformed `%` escape (`%ZZ`, a trailing `%`, bytes that are not UTF-8) is a `ConfigError`
 * (`NETSUITE_AUTH_INVALID_URL`): NetSuite could decode it differently from the signer.
 *
 * @example
 * ```ts
 * import { queryParameters } from "@netsuite-auth/core/internal"
 * queryParameters("https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1&q=a+b")
 * // [["script", "1"], ["deploy", "1"], ["q", "a b"]]
 * ```
 * @category signing
 */
export const queryParameters = (url: string): Array<readonly [string, string]> => parametersOf(parseUrl(url))

const parametersOf = (parsed: URL): Array<readonly [string, string]> => {
  const query = parsed.search.slice(1)
  try {
    return formParameters(query)
  } catch (error) {
    const found = malformedPercentEncoding(query)
    if (found === undefined) throw error
    throw new ConfigError({
      reason: "InvalidUrl",
      message: `Cannot sign a request to ${uriOf(parsed)}: in its query, ${describeMalformed(found)}`
    })
  }
}

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i

const isForm = (contentType: unknown): boolean => {
  if (contentType === undefined) return false
  if (typeof contentType !== "string") {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid contentType (a ${typeof contentType}): pass the Content-Type header value as a string, or leave it out.`
    })
  }
  return FORM_TYPE.test(contentType)
}

/** The parameters of a form-encoded body (RFC 5849 §3.4.1.3.1), or none for any other request. */
const bodyParametersOf = (request: OAuth1Request, parsed: URL): ReadonlyArray<readonly [string, string]> => {
  if (!isForm(request.contentType)) return []
  const body: unknown = request.body
  const refuse = (why: string) =>
    new ConfigError({
      reason: "InvalidOption",
      message: `Cannot sign the application/x-www-form-urlencoded body of a request to ${uriOf(parsed)}: ${why}`
    })
  if (body === undefined || body === null) return []
  if (typeof body === "string") {
    try {
      return formParameters(body)
    } catch {
      const found = malformedPercentEncoding(body)
      throw refuse(found === undefined ? "it cannot be decoded." : describeMalformed(found))
    }
  }
  if (body instanceof URLSearchParams) return [...body]
  if (typeof body === "object" && Object.getPrototypeOf(body) === Object.prototype) {
    const pairs: Array<readonly [string, string]> = []
    for (const [name, value] of Object.entries(body)) {
      if (typeof value !== "string") {
        throw refuse(
          `the value of ${JSON.stringify(name.slice(0, 40))} is a ${value === null ? "null" : typeof value}; how it is serialized depends on the HTTP client, so serialize the body yourself (new URLSearchParams(...).toString()) and pass the string.`
        )
      }
      pairs.push([name, value])
    }
    return pairs
  }
  throw refuse(
    `the body is a ${Object.prototype.toString.call(body).slice(8, -1)}; pass the encoded string, a URLSearchParams or a record of strings.`
  )
}

/**
 * RFC 5849 §3.4.1 signature base string: `METHOD&enc(baseUri)&enc(sorted params)`, where the
 * parameters are every query parameter, the parameters of a form-encoded body
 * (`contentType: "application/x-www-form-urlencoded"`), and the `oauth_*` ones (not `realm`),
 * never `oauth_signature`, each encoded, then sorted by name and value in byte order.
 *
 * @example
 * ```ts
 * import { signatureBaseString } from "@netsuite-auth/core"
 * signatureBaseString({ method: "get", url: "https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1&deploy=1" }, {
 *   oauth_consumer_key: "ck", oauth_nonce: "abcdef", oauth_signature_method: "HMAC-SHA256",
 *   oauth_timestamp: "1439829974", oauth_token: "tok", oauth_version: "1.0"
 * })
 * // "GET&https%3A%2F%2F1234567.restlets…&deploy%3D1%26oauth_consumer_key%3Dck…"
 * ```
 * @category signing
 */
export const signatureBaseString = (
  request: OAuth1Request,
  oauthParameters: Readonly<Record<string, string>>
): string => {
  if (!METHOD.test(request.method)) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid HTTP method ${JSON.stringify(request.method.slice(0, 20))}: expected a word such as GET or POST.`
    })
  }
  const url = parseUrl(request.url)
  // Plain loops and one string: this runs on every TBA request.
  const pairs: Array<readonly [string, string]> = []
  // §3.4.1.3.2: oauth_signature is left out wherever it appears; realm only from the header's
  // parameters (a query or body parameter named realm is the application's, and is signed).
  const add = (name: string, value: string) => {
    if (name !== "oauth_signature") pairs.push([percentEncode(name), percentEncode(value)])
  }
  for (const [name, value] of parametersOf(url)) add(name, value)
  for (const [name, value] of bodyParametersOf(request, url)) add(name, value)
  for (const name in oauthParameters) if (name !== "realm") add(name, oauthParameters[name] as string)
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  // The parameter string is percent-encoded a second time. Encoded names and values hold only
  // unreserved characters and `%`, so that second pass is: `%` → `%25`, `=` → `%3D`, `&` → `%26`.
  let parameters = ""
  for (const [name, value] of pairs)
    parameters += `${parameters === "" ? "" : "%26"}${encodedAgain(name)}%3D${encodedAgain(value)}`
  return `${request.method.toUpperCase()}&${percentEncode(uriOf(url))}&${parameters}`
}

const encodedAgain = (encoded: string): string =>
  encoded.includes("%") ? encoded.replaceAll("%", "%25") : encoded

/**
 * Signs a request for a given nonce and timestamp: deterministic, for tests and debugging.
 * Use {@link oauth1Header} for real requests.
 *
 * @category signing
 */
export const signOAuth1 = (
  credentials: TbaCredentials,
  request: OAuth1Request,
  at: { readonly nonce: string; readonly timestamp: number }
): OAuth1Signature => {
  checkNonceAndTimestamp(at.nonce, at.timestamp)
  const oauth = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_token: credentials.tokenId,
    oauth_signature_method: "HMAC-SHA256",
    oauth_timestamp: String(at.timestamp),
    oauth_nonce: at.nonce,
    oauth_version: "1.0"
  }
  const baseString = signatureBaseString(request, oauth)
  const signature = credentials.sign(baseString)
  let authorization = `OAuth realm="${percentEncode(credentials.account.realm)}"`
  for (const name in oauth) authorization += `, ${name}="${percentEncode(oauth[name as keyof typeof oauth])}"`
  authorization += `, oauth_signature="${percentEncode(signature)}"`
  return {
    authorization,
    baseString,
    signature,
    nonce: at.nonce,
    timestamp: at.timestamp
  }
}
