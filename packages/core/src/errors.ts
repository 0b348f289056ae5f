/**
 * Every failure this toolkit reports is one of four tagged errors, one per boundary:
 *
 * - {@link ConfigError}: the configuration is wrong (account ID, credentials, environment, options).
 * - {@link KeyError}: the M2M private key or certificate cannot be used with NetSuite.
 * - {@link TokenEndpointError}: the OAuth 2.0 token endpoint refused or failed.
 * - {@link RequestError}: a REST, RESTlet or SOAP call was refused or failed.
 *
 * Each carries a closed `reason`, a stable `code` (`NETSUITE_AUTH_*`) for `switch (err.code)`,
 * a `retryable` flag and a message that says how to fix the problem. No secret ever reaches
 * a message, `toJSON` or `util.inspect`: errors are built from non-secret facts only.
 *
 * @module
 */
import * as Data from "effect/Data"

const LOGIN_AUDIT_TRAIL =
  "NetSuite shows the real reason in Setup > Users/Roles > View Login Audit Trail (Detail column)."

/** Reasons a {@link ConfigError} can have. */
export type ConfigErrorReason =
  | "InvalidAccountId"
  | "MissingEnvironment"
  | "InvalidCredentials"
  | "InvalidOption"
  | "InvalidUrl"

const configCodes = {
  InvalidAccountId: "NETSUITE_AUTH_INVALID_ACCOUNT_ID",
  MissingEnvironment: "NETSUITE_AUTH_MISSING_ENVIRONMENT",
  InvalidCredentials: "NETSUITE_AUTH_INVALID_CREDENTIALS",
  InvalidOption: "NETSUITE_AUTH_INVALID_OPTION",
  InvalidUrl: "NETSUITE_AUTH_INVALID_URL"
} as const satisfies Record<ConfigErrorReason, string>

/**
 * The configuration cannot work: fix it before any request is sent.
 *
 * @example
 * ```ts
 * import { AccountId, ConfigError } from "@netsuite-auth/core"
 * try {
 *   AccountId.parseOrThrow("1234567.evil.com")
 * } catch (e) {
 *   if (e instanceof ConfigError) console.log(e.code) // NETSUITE_AUTH_INVALID_ACCOUNT_ID
 * }
 * ```
 * @category errors
 */
export class ConfigError extends Data.TaggedError("ConfigError")<{
  readonly reason: ConfigErrorReason
  readonly message: string
}> {
  /** Stable code for `switch (err.code)`. */
  get code(): (typeof configCodes)[ConfigErrorReason] {
    return configCodes[this.reason]
  }
  /** Configuration errors never go away by retrying. */
  get retryable(): false {
    return false
  }
}

/** Reasons a {@link KeyError} can have. */
export type KeyErrorReason =
  | "Unparseable"
  | "Encrypted"
  | "NotPrivateKey"
  | "TooSmall"
  | "UnsupportedKeyType"
  | "UnsupportedAlgorithm"
  | "AlgorithmMismatch"
  | "InvalidCertificate"
  | "CertificateKeyMismatch"

const keyCodes = {
  Unparseable: "NETSUITE_AUTH_KEY_UNPARSEABLE",
  Encrypted: "NETSUITE_AUTH_KEY_ENCRYPTED",
  NotPrivateKey: "NETSUITE_AUTH_KEY_NOT_PRIVATE",
  TooSmall: "NETSUITE_AUTH_KEY_TOO_SMALL",
  UnsupportedKeyType: "NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED",
  UnsupportedAlgorithm: "NETSUITE_AUTH_ALG_UNSUPPORTED",
  AlgorithmMismatch: "NETSUITE_AUTH_ALG_MISMATCH",
  InvalidCertificate: "NETSUITE_AUTH_CERTIFICATE_INVALID",
  CertificateKeyMismatch: "NETSUITE_AUTH_CERTIFICATE_KEY_MISMATCH"
} as const satisfies Record<KeyErrorReason, string>

/**
 * The M2M private key, algorithm or certificate cannot be used with NetSuite
 * (RS256, RSA under 3072 bits, an encrypted PEM, a public key, ...).
 *
 * @category errors
 */
export class KeyError extends Data.TaggedError("KeyError")<{
  readonly reason: KeyErrorReason
  readonly message: string
}> {
  /** Stable code for `switch (err.code)`. */
  get code(): (typeof keyCodes)[KeyErrorReason] {
    return keyCodes[this.reason]
  }
  /** A key problem never goes away by retrying. */
  get retryable(): false {
    return false
  }
}

/** Reasons a {@link TokenEndpointError} can have. */
export type TokenEndpointErrorReason =
  | "InvalidClient"
  | "InvalidGrant"
  | "InvalidRequest"
  | "InvalidScope"
  | "UnauthorizedClient"
  | "UnsupportedGrantType"
  | "RateLimited"
  | "ServerError"
  | "UnexpectedStatus"
  | "MalformedResponse"
  | "Transport"
  | "Timeout"
  | "SigningFailed"
  | "ResponseTooLarge"

const tokenCodes = {
  InvalidClient: "NETSUITE_AUTH_TOKEN_INVALID_CLIENT",
  InvalidGrant: "NETSUITE_AUTH_TOKEN_INVALID_GRANT",
  InvalidRequest: "NETSUITE_AUTH_TOKEN_INVALID_REQUEST",
  InvalidScope: "NETSUITE_AUTH_TOKEN_INVALID_SCOPE",
  UnauthorizedClient: "NETSUITE_AUTH_TOKEN_UNAUTHORIZED_CLIENT",
  UnsupportedGrantType: "NETSUITE_AUTH_TOKEN_UNSUPPORTED_GRANT_TYPE",
  RateLimited: "NETSUITE_AUTH_TOKEN_RATE_LIMITED",
  ServerError: "NETSUITE_AUTH_TOKEN_SERVER_ERROR",
  UnexpectedStatus: "NETSUITE_AUTH_TOKEN_UNEXPECTED_STATUS",
  MalformedResponse: "NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE",
  Transport: "NETSUITE_AUTH_TOKEN_TRANSPORT",
  Timeout: "NETSUITE_AUTH_TOKEN_TIMEOUT",
  SigningFailed: "NETSUITE_AUTH_TOKEN_SIGNING_FAILED",
  ResponseTooLarge: "NETSUITE_AUTH_TOKEN_RESPONSE_TOO_LARGE"
} as const satisfies Record<TokenEndpointErrorReason, string>

const retryableTokenReasons: ReadonlySet<TokenEndpointErrorReason> = new Set([
  "RateLimited",
  "ServerError",
  "Transport",
  "Timeout"
])

/**
 * The OAuth 2.0 token endpoint refused the client assertion or could not be reached.
 * `invalid_client` and `invalid_grant` are configuration problems and are never retried.
 *
 * @category errors
 */
export class TokenEndpointError extends Data.TaggedError("TokenEndpointError")<{
  readonly reason: TokenEndpointErrorReason
  readonly message: string
  /** HTTP status, when the server answered. */
  readonly status?: number | undefined
  /** Seconds from a `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds?: number | undefined
}> {
  /** Stable code for `switch (err.code)`. */
  get code(): (typeof tokenCodes)[TokenEndpointErrorReason] {
    return tokenCodes[this.reason]
  }
  /** True for rate limits, 5xx, transport failures and timeouts. */
  get retryable(): boolean {
    return retryableTokenReasons.has(this.reason)
  }
}

/** Reasons a {@link RequestError} can have. */
export type RequestErrorReason =
  | "InvalidLogin"
  | "TokenRejected"
  | "ConcurrencyLimit"
  | "RateLimited"
  | "ServerError"
  | "Transport"
  | "Timeout"
  | "AmbiguousAuthentication"
  | "Fault"
  | "HttpError"
  | "Canceled"
  | "UnknownHost"
  | "CoordinationUnavailable"
  | "ResponseTooLarge"

const requestCodes = {
  InvalidLogin: "NETSUITE_AUTH_INVALID_LOGIN",
  TokenRejected: "NETSUITE_AUTH_TOKEN_REJECTED",
  ConcurrencyLimit: "NETSUITE_AUTH_CONCURRENCY_LIMIT",
  RateLimited: "NETSUITE_AUTH_RATE_LIMITED",
  ServerError: "NETSUITE_AUTH_SERVER_ERROR",
  Transport: "NETSUITE_AUTH_TRANSPORT",
  Timeout: "NETSUITE_AUTH_TIMEOUT",
  AmbiguousAuthentication: "NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION",
  Fault: "NETSUITE_AUTH_SOAP_FAULT",
  HttpError: "NETSUITE_AUTH_HTTP_ERROR",
  Canceled: "NETSUITE_AUTH_CANCELED",
  UnknownHost: "NETSUITE_AUTH_UNKNOWN_HOST",
  CoordinationUnavailable: "NETSUITE_AUTH_COORDINATION_UNAVAILABLE",
  ResponseTooLarge: "NETSUITE_AUTH_RESPONSE_TOO_LARGE"
} as const satisfies Record<RequestErrorReason, string>

const retryableRequestReasons: ReadonlySet<RequestErrorReason> = new Set([
  "ConcurrencyLimit",
  "RateLimited",
  "ServerError",
  "Transport",
  "Timeout",
  "CoordinationUnavailable"
])

/**
 * A REST, RESTlet or SOAP call failed after authentication was applied.
 *
 * @category errors
 */
export class RequestError extends Data.TaggedError("RequestError")<{
  readonly reason: RequestErrorReason
  readonly message: string
  /** HTTP status, when the server answered. */
  readonly status?: number | undefined
  /** NetSuite's own error code from the body or fault (`INVALID_LOGIN`, `WS_REQUEST_BLOCKED`, ...). */
  readonly netsuiteCode?: string | undefined
  /** Seconds from a `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds?: number | undefined
}> {
  /** Stable code for `switch (err.code)`. */
  get code(): (typeof requestCodes)[RequestErrorReason] {
    return requestCodes[this.reason]
  }
  /** True for concurrency limits, rate limits, 5xx, transport failures, timeouts and a coordination outage. */
  get retryable(): boolean {
    return retryableRequestReasons.has(this.reason)
  }
}

/** Any error this toolkit reports. */
export type NetSuiteAuthError = ConfigError | KeyError | TokenEndpointError | RequestError

/** Every stable error code, for exhaustive `switch` statements. */
export type NetSuiteAuthErrorCode = NetSuiteAuthError["code"]

/**
 * True for any error this toolkit reports (works across package copies: it checks the tag).
 *
 * @category guards
 */
export const isNetSuiteAuthError = (u: unknown): u is NetSuiteAuthError => {
  const tag: unknown = u instanceof Error ? (u as unknown as { _tag?: unknown })._tag : undefined
  return typeof tag === "string" && ERROR_TAGS.has(tag)
}

const ERROR_TAGS: ReadonlySet<string> = new Set([
  "ConfigError",
  "KeyError",
  "TokenEndpointError",
  "RequestError"
])

/** The sentence every authentication failure ends with. */
export const loginAuditTrailHint: string = LOGIN_AUDIT_TRAIL
