import type { NetSuiteAuthError, NetSuiteAuthErrorCode } from "../errors.ts"
import { loginAuditTrailHint } from "../errors.ts"
import { redactDeep, redactText } from "./scrub.ts"

/** The part of NetSuite's answer kept on an error: status, headers without credentials, body. */
export interface NetSuiteErrorResponse {
  readonly status: number
  readonly statusText?: string | undefined
  /** Response headers (`authorization`, `proxy-authorization`, `cookie` and `set-cookie` removed). */
  readonly headers: Record<string, unknown>
  /** The body as the client read it (parsed JSON, text, or a SOAP fault's text). */
  readonly data: unknown
}

// What to check first, per code: the one table every adapter's errors take their hint from.
const HINTS: Partial<Record<NetSuiteAuthErrorCode, string>> = {
  NETSUITE_AUTH_TOKEN_REJECTED:
    "NetSuite rejected a freshly fetched access token too: check that the integration record has the scopes you request (rest_webservices, restlets) and that the M2M mapping's entity and role are active with REST permissions.",
  NETSUITE_AUTH_INVALID_LOGIN:
    "Check the realm case (1234567_SB1) and host (1234567-sb1), that the token belongs to this consumer key and account, the role's Web Services/REST permissions, and the clock.",
  NETSUITE_AUTH_CONCURRENCY_LIMIT:
    "The account's concurrency limit is used up: set NetSuiteAccount.make({ concurrency }) to the limit in Setup > Integration > Integration Governance, and pass the same account object to every client.",
  NETSUITE_AUTH_RATE_LIMITED: "NetSuite asked to slow down: retry later (Retry-After is honoured).",
  NETSUITE_AUTH_SERVER_ERROR: "NetSuite failed; idempotent requests were retried. Retry later.",
  NETSUITE_AUTH_TRANSPORT:
    "The connection failed before NetSuite answered: check the network, proxy and base URL.",
  NETSUITE_AUTH_TIMEOUT: "No answer in time: raise the timeout, or retry later.",
  NETSUITE_AUTH_UNKNOWN_HOST:
    "The host does not resolve: check the account ID (1234567_SB1) and the base URL.",
  NETSUITE_AUTH_CANCELED: "The caller canceled the request; nothing more was sent.",
  NETSUITE_AUTH_COORDINATION_UNAVAILABLE:
    "The fleet's coordination store (Redis) cannot be reached: check it; requests wait for it rather than exceed the account's limit.",
  NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION:
    "Send only the tokenPassport: remove applicationInfo, passport headers and JSESSIONID cookies.",
  NETSUITE_AUTH_TOKEN_INVALID_CLIENT:
    "Check the client ID (iss), the certificate ID (kid) and that the M2M certificate mapping exists in this very account (sandbox refreshes delete it).",
  NETSUITE_AUTH_TOKEN_INVALID_GRANT:
    "Check the token URL (aud) for this account, the clock, and that alg fits the uploaded certificate.",
  NETSUITE_AUTH_TOKEN_RATE_LIMITED:
    "The token endpoint asked to slow down: share one account object per account.",
  NETSUITE_AUTH_TOKEN_SERVER_ERROR: "The token endpoint failed; it was retried. Retry later.",
  NETSUITE_AUTH_TOKEN_TIMEOUT:
    "The token endpoint did not answer in time: raise tokenEndpoint.timeoutMillis or retry later.",
  NETSUITE_AUTH_TOKEN_TRANSPORT:
    "The token endpoint could not be reached: check the network and the account's base URL.",
  NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE:
    "The token URL answered something that is not a token: check the base URL (a proxy or login page answered)."
}

/**
 * What to check first for an error code (the Login Audit Trail when nothing more specific is known).
 *
 * @example
 * ```ts
 * import { hintFor } from "@netsuite-auth/core"
 * hintFor("NETSUITE_AUTH_UNKNOWN_HOST") // "The host does not resolve: …"
 * ```
 * @category errors
 */
export const hintFor = (code: NetSuiteAuthErrorCode): string => HINTS[code] ?? loginAuditTrailHint

/** `scheme://host/path`: the query string is left out of errors. */
export const safeUrl = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined
  const cut = url.search(/[?#]/)
  return cut === -1 ? url : url.slice(0, cut)
}

/** What an adapter knows about the request an error belongs to. */
export interface RequestFacts {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly response?: NetSuiteErrorResponse | undefined
  /** The credential values the request sent (`Outcome.sent`): taken out of the message and the body. */
  readonly sent?: ReadonlyArray<string> | undefined
}

/**
 * The one error every adapter's Promise API rejects with (axios, fetch, SOAP): switch on `code`
 * (a closed union, `NETSUITE_AUTH_*`); `retryable` says whether trying later may help; `hint`
 * says what to check; `cause` is the tagged core error Effect users get. It never holds a
 * secret: no Authorization header, token, assertion, passport or signature in its message or any
 * property, and no client config or request object.
 *
 * @example
 * ```ts
 * import { NetSuiteError } from "@netsuite-auth/core"
 * declare const request: Promise<unknown>
 * try {
 *   await request
 * } catch (e) {
 *   if (e instanceof NetSuiteError && e.code === "NETSUITE_AUTH_CONCURRENCY_LIMIT") console.log(e.hint)
 * }
 * ```
 * @category errors
 */
export class NetSuiteError extends Error {
  override readonly name: string = "NetSuiteError"
  readonly isNetSuiteError = true
  /** Stable `NETSUITE_AUTH_*` code. */
  readonly code: NetSuiteAuthErrorCode
  /** The core error's reason (`TokenRejected`, `ConcurrencyLimit`, `InvalidClient`, ...). */
  readonly reason: string
  readonly retryable: boolean
  /** HTTP status, when NetSuite (or the token endpoint) answered. */
  readonly status: number | undefined
  /** NetSuite's error code (`INVALID_LOGIN`, `SSS_REQUEST_LIMIT_EXCEEDED`, `WS_REQUEST_BLOCKED`, ...). */
  readonly netsuiteCode: string | undefined
  readonly retryAfterSeconds: number | undefined
  /** What to check first. */
  readonly hint: string
  readonly method: string | undefined
  /** The request URL without its query string. */
  readonly url: string | undefined
  /** NetSuite's answer, without credentials, when there was one. */
  response: NetSuiteErrorResponse | undefined
  override readonly cause: NetSuiteAuthError

  constructor(error: NetSuiteAuthError, facts: RequestFacts = {}) {
    const sent = facts.sent ?? []
    super(redactText(error.message, sent), { cause: error })
    this.cause = error
    this.code = error.code
    this.reason = error.reason
    this.retryable = error.retryable
    this.status = "status" in error ? error.status : undefined
    this.netsuiteCode = "netsuiteCode" in error ? error.netsuiteCode : undefined
    this.retryAfterSeconds = "retryAfterSeconds" in error ? error.retryAfterSeconds : undefined
    this.hint = hintFor(error.code)
    this.method = facts.method?.toUpperCase()
    this.url = safeUrl(facts.url)
    const response = facts.response
    this.response =
      response === undefined || sent.length === 0
        ? response
        : { ...response, data: redactDeep(response.data, sent) }
  }

  /** Plain view for logs (already free of secrets). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      reason: this.reason,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      netsuiteCode: this.netsuiteCode,
      retryAfterSeconds: this.retryAfterSeconds,
      hint: this.hint,
      method: this.method,
      url: this.url
    }
  }

  /** True for a {@link NetSuiteError} from any copy of this package. */
  static is(u: unknown): u is NetSuiteError {
    return (
      u instanceof NetSuiteError ||
      (u instanceof Error && (u as { isNetSuiteError?: unknown }).isNetSuiteError === true)
    )
  }
}
