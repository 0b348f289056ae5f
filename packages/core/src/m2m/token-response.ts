import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { loginAuditTrailHint, TokenEndpointError, type TokenEndpointErrorReason } from "../errors.ts"
import { type HeaderSource, headerValue } from "../http/header.ts"
import { parseRetryAfter } from "../http/retry-after.ts"

/** What an adapter received from the token endpoint. */
export interface TokenResponse {
  readonly status: number
  /** Header names in any case, or a header class with `get` (`Headers`, `AxiosHeaders`). */
  readonly headers: HeaderSource
  readonly body: string
}

/** A bearer access token with its expiry. `accessToken` is `Redacted`: reveal it only to send it. */
export interface AccessToken {
  readonly accessToken: Redacted.Redacted<string>
  readonly tokenType: "Bearer"
  readonly expiresInSeconds: number
  /** Local time (the `nowMillis` given to the decoder) plus `expires_in`. */
  readonly expiresAtMillis: number
  /** The `scope` field as sent, when the server sent one. */
  readonly scope?: string | undefined
  /** `scope` split on commas and spaces (empty when absent). */
  readonly scopes: ReadonlyArray<string>
}

/** NetSuite documents a 60-minute token; used when `expires_in` is missing. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600

/**
 * The shortest `expires_in` accepted. A token that lives under a second cannot be reused by a
 * second request, so accepting it means one token request per call: it is a `MALFORMED_RESPONSE`.
 */
export const MIN_EXPIRES_IN_SECONDS = 1

/**
 * The longest lifetime a token is kept for, whatever `expires_in` says: NetSuite issues 60-minute
 * tokens, so a larger value (`1e12`) is capped rather than cached "forever".
 */
export const MAX_EXPIRES_IN_SECONDS = 3600

const CHECKS = {
  client:
    "Check that iss is the client ID of the integration record (with Client Credentials (M2M) Grant checked), that kid is the certificate ID " +
    "shown on Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup, and that the certificate mapping exists " +
    "in THIS account (mappings are not copied to sandboxes, and a sandbox refresh deletes them), is not expired or revoked, and its entity and role are active.",
  grant:
    "Check that aud is exactly the token URL of this account (the sandbox host for a sandbox, e.g. https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token), " +
    "that the clock is right (iat/exp are checked; exp must be under 60 minutes after iat), and that alg fits the uploaded certificate (PS256 for RSA, ES256/384/512 for EC).",
  scope:
    "Check that every scope in the assertion (restlets, rest_webservices, suite_analytics) is enabled on the integration record; mcp cannot be combined with others."
} as const

const ERROR_CODES: Readonly<
  Record<string, { readonly reason: TokenEndpointErrorReason; readonly advice: string }>
> = {
  invalid_client: { reason: "InvalidClient", advice: CHECKS.client },
  invalid_grant: { reason: "InvalidGrant", advice: CHECKS.grant },
  invalid_request: {
    reason: "InvalidRequest",
    advice: `The request was malformed: it must be a form-encoded POST with grant_type=client_credentials, client_assertion_type and one client_assertion. ${CHECKS.grant}`
  },
  invalid_scope: { reason: "InvalidScope", advice: CHECKS.scope },
  unauthorized_client: {
    reason: "UnauthorizedClient",
    advice: `The integration record is not allowed to use this grant: check Client Credentials (Machine to Machine) Grant on it and that it is enabled. ${CHECKS.scope}`
  },
  unsupported_grant_type: {
    reason: "UnsupportedGrantType",
    advice:
      "The server does not accept grant_type=client_credentials here: check that the URL is the OAuth 2.0 token endpoint (…/services/rest/auth/oauth2/v1/token)."
  },
  server_error: { reason: "ServerError", advice: "NetSuite had an internal error; try again later." },
  temporarily_unavailable: {
    reason: "ServerError",
    advice: "NetSuite is temporarily unavailable; try again later."
  }
}

// Anything JWT-like (the assertion can be echoed back), PEM-like or long and opaque is cut out.
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}/g
const PEM_LIKE = /-----BEGIN[\s\S]*?(?:-----END[^-]*-----|$)/g
const OPAQUE = /[A-Za-z0-9+/_=-]{40,}/g
const MAX_SNIPPET = 200

/**
 * Makes a server-supplied text safe to show: JWTs, PEM blocks and long opaque runs are replaced,
 * control characters dropped, and the result is cut to 200 characters.
 *
 * @example
 * ```ts
 * import { sanitizeServerText } from "@netsuite-auth/core/internal"
 * sanitizeServerText("bad assertion eyJhbGciOi.eyJpc3Mi.sig") // "bad assertion <jwt>"
 * ```
 * @category m2m
 */
export const sanitizeServerText = (text: string): string => {
  const cleaned = text
    .replace(PEM_LIKE, "<pem>")
    .replace(JWT_LIKE, "<jwt>")
    .replace(OPAQUE, "<redacted>")
    .replace(/[\p{Cc}\s]+/gu, " ")
    .trim()
  return cleaned.length > MAX_SNIPPET ? `${cleaned.slice(0, MAX_SNIPPET)}…` : cleaned
}

/** The fields of a token endpoint body this decoder reads (RFC 6749 §5.1 and §5.2). */
interface TokenJson {
  readonly access_token?: unknown
  readonly token_type?: unknown
  readonly expires_in?: unknown
  readonly scope?: unknown
  readonly error?: unknown
  readonly error_description?: unknown
}

const parseJson = (body: string): TokenJson | undefined => {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as TokenJson)
      : undefined
  } catch {
    return undefined
  }
}

const failure = (
  reason: TokenEndpointErrorReason,
  message: string,
  status: number,
  retryAfterSeconds?: number
): Result.Result<never, TokenEndpointError> =>
  Result.fail(
    new TokenEndpointError({
      reason,
      message,
      status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
    })
  )

/**
 * The one place the lifetime policy lives: `expires_in` is a JSON number or a numeric string
 * (Q3), rounded DOWN to whole seconds (never up: a token is not used past what the server
 * granted), at least {@link MIN_EXPIRES_IN_SECONDS}, and capped at {@link MAX_EXPIRES_IN_SECONDS}.
 * Returns the lifetime or what is wrong with it.
 */
const parseExpiresIn = (value: unknown): number | string => {
  if (value === undefined || value === null) return DEFAULT_EXPIRES_IN_SECONDS
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+(?:\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN
  if (!Number.isFinite(n)) {
    // Not quoted: a 2xx body may hold the token anywhere.
    const what =
      typeof value === "number"
        ? "not finite"
        : typeof value === "string"
          ? "a non-numeric string"
          : `a ${typeof value}`
    return `expires_in is not a number of seconds (it is ${what})`
  }
  const seconds = Math.floor(n)
  if (seconds < MIN_EXPIRES_IN_SECONDS) {
    return `expires_in is ${n} s, under the ${MIN_EXPIRES_IN_SECONDS}-second minimum: such a token could not be reused by a second request (NetSuite issues ${DEFAULT_EXPIRES_IN_SECONDS}-second tokens)`
  }
  return Math.min(seconds, MAX_EXPIRES_IN_SECONDS)
}

const decodeError = (
  response: TokenResponse,
  nowMillis: number,
  json: TokenJson | undefined
): Result.Result<never, TokenEndpointError> => {
  const { status } = response
  const code = typeof json?.error === "string" ? json.error : undefined
  const description =
    typeof json?.error_description === "string" ? sanitizeServerText(json.error_description) : undefined
  const said = `${code === undefined ? "" : ` error=${JSON.stringify(sanitizeServerText(code))}`}${description ? ` (${JSON.stringify(description)})` : ""}`
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(headerValue(response.headers, "retry-after"), nowMillis)
    return failure(
      "RateLimited",
      `The token endpoint answered 429 Too Many Requests${said}: too many token requests. Cache the access token (it lasts about 60 minutes) and share it instead of minting one per request${retryAfterSeconds === undefined ? "" : `; retry after ${retryAfterSeconds} s`}.`,
      status,
      retryAfterSeconds
    )
  }
  const known = code === undefined ? undefined : ERROR_CODES[code]
  if (status >= 500 || known?.reason === "ServerError") {
    const retryAfterSeconds = parseRetryAfter(headerValue(response.headers, "retry-after"), nowMillis)
    return failure(
      "ServerError",
      `The token endpoint answered HTTP ${status}${said}: a NetSuite-side failure, usually temporary; it is retried. If it persists, check that alg is PS256/ES256/ES384/ES512 (RS256 has been answered with HTTP 500). ${loginAuditTrailHint}`,
      status,
      retryAfterSeconds
    )
  }
  if (known !== undefined) {
    return failure(
      known.reason,
      `The token endpoint refused the client assertion: HTTP ${status}${said}. ${known.advice} ${loginAuditTrailHint}`,
      status
    )
  }
  if (status === 401 && headerValue(response.headers, "www-authenticate") !== undefined) {
    return failure(
      "InvalidClient",
      `The token endpoint answered 401 (client authentication failed)${said}. ${CHECKS.client} ${loginAuditTrailHint}`,
      status
    )
  }
  const snippet = json === undefined ? sanitizeServerText(response.body) : undefined
  return failure(
    "UnexpectedStatus",
    `The token endpoint answered HTTP ${status}${said}${snippet ? `: ${JSON.stringify(snippet)}` : ""}. Check that the token URL is …/services/rest/auth/oauth2/v1/token on this account's host (or your baseUrl). ${loginAuditTrailHint}`,
    status
  )
}

/**
 * Decodes the token endpoint's answer into an {@link AccessToken} or a typed
 * `TokenEndpointError` (`invalid_client`, `invalid_grant`, `invalid_request`, `invalid_scope`,
 * `unauthorized_client`, `unsupported_grant_type`, 429 with `retryAfterSeconds`, 5xx, anything
 * else). `expires_in` may be a number or a numeric string; when missing, 3600 is assumed. It is
 * rounded down to whole seconds; under 1 s it is a `MalformedResponse` (such a token would mean a
 * token request per call), over 3600 s (NetSuite's lifetime) it is capped at 3600.
 * Error messages never echo the body verbatim (JWT-like text is stripped).
 *
 * @example
 * ```ts
 * import * as Result from "effect/Result"
 * import { decodeTokenResponse } from "@netsuite-auth/core/internal"
 * const r = decodeTokenResponse(
 *   { status: 200, headers: {}, body: '{"access_token":"eyJ…","token_type":"Bearer","expires_in":"3600"}' },
 *   Date.now()
 * )
 * if (Result.isSuccess(r)) r.success.expiresInSeconds // 3600
 * ```
 * @category m2m
 */
export const decodeTokenResponse = (
  response: TokenResponse,
  nowMillis: number
): Result.Result<AccessToken, TokenEndpointError> => {
  const { status } = response
  const json = parseJson(response.body)
  if (status < 200 || status >= 300 || (json !== undefined && typeof json.error === "string")) {
    return decodeError(response, nowMillis, json)
  }
  // The body of a 2xx answer holds the token: never quote it.
  const malformed = (what: string) =>
    failure(
      "MalformedResponse",
      `The token endpoint answered HTTP ${status} but ${what}. Check that the token URL points at NetSuite's …/services/rest/auth/oauth2/v1/token (or at your mock server) and not at a proxy or login page. ${loginAuditTrailHint}`,
      status
    )
  if (json === undefined) return malformed("the body is not a JSON object")
  const token = json.access_token
  if (typeof token !== "string" || token.length === 0) return malformed("access_token is missing")
  const tokenType = json.token_type
  if (tokenType !== undefined && (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer")) {
    return malformed(`token_type is ${JSON.stringify(String(tokenType).slice(0, 20))}, not Bearer`)
  }
  const expiresInSeconds = parseExpiresIn(json.expires_in)
  if (typeof expiresInSeconds === "string") return malformed(expiresInSeconds)
  const scope = typeof json.scope === "string" ? json.scope : undefined
  return Result.succeed({
    accessToken: Redacted.make(token, { label: "accessToken" }),
    tokenType: "Bearer",
    expiresInSeconds,
    expiresAtMillis: nowMillis + expiresInSeconds * 1000,
    scope,
    scopes: scope === undefined ? [] : scope.split(/[\s,]+/).filter(Boolean)
  })
}

/**
 * {@link decodeTokenResponse} as an Effect, with "now" from the Effect `Clock`.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { tokenResponse } from "@netsuite-auth/core/internal"
 * declare const res: Response // the token endpoint's answer (see tokenRequest)
 * const token = await Effect.runPromise(
 *   tokenResponse({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() })
 * )
 * ```
 * @category m2m
 */
export const tokenResponse = (response: TokenResponse): Effect.Effect<AccessToken, TokenEndpointError> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fromResult(decodeTokenResponse(response, now)))
