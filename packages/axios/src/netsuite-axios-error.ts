import {
  type ConfigError,
  type KeyError,
  loginAuditTrailHint,
  type NetSuiteAuthError,
  type NetSuiteAuthErrorCode,
  RequestError,
  type TokenEndpointError
} from "@netsuite-auth/core"
import { headerEntries } from "./header-entries.ts"

/** The part of NetSuite's answer kept on an error: no request, no config, no Authorization. */
export interface NetSuiteAxiosErrorResponse {
  readonly status: number
  readonly statusText: string
  /** Response headers (`authorization`, `proxy-authorization` and `set-cookie` removed). */
  headers: Record<string, unknown>
  /** The body, transformed by axios like any response body (parsed JSON by default). */
  data: unknown
}

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
  NETSUITE_AUTH_TIMEOUT: "No answer in time: raise the axios `timeout`, or retry later.",
  NETSUITE_AUTH_TOKEN_INVALID_CLIENT:
    "Check the client ID (iss), the certificate ID (kid) and that the M2M certificate mapping exists in this very account (sandbox refreshes delete it).",
  NETSUITE_AUTH_TOKEN_INVALID_GRANT:
    "Check the token URL (aud) for this account, the clock, and that alg fits the uploaded certificate.",
  NETSUITE_AUTH_TOKEN_RATE_LIMITED:
    "The token endpoint asked to slow down: share one token provider per account.",
  NETSUITE_AUTH_TOKEN_SERVER_ERROR: "The token endpoint failed; it was retried. Retry later.",
  NETSUITE_AUTH_TOKEN_TIMEOUT:
    "The token endpoint did not answer in time: raise tokenEndpoint.timeoutMillis or retry later.",
  NETSUITE_AUTH_TOKEN_TRANSPORT:
    "The token endpoint could not be reached: check the network and the account's base URL.",
  NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE:
    "The token URL answered something that is not a token: check the base URL (a proxy or login page answered)."
}

const hintFor = (code: NetSuiteAuthErrorCode): string => HINTS[code] ?? loginAuditTrailHint

// Kept off every error: they carry credentials or session state.
const SENSITIVE_HEADERS = new Set(["authorization", "proxy-authorization", "set-cookie", "cookie"])

/** Copies response headers without credentials; works for plain objects and AxiosHeaders. */
export const safeHeaders = (headers: unknown): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [name, value] of headerEntries(headers)) {
    if (!SENSITIVE_HEADERS.has(name.toLowerCase())) out[name] = value
  }
  return out
}

/** `scheme://host/path`: the query string is left out of errors. */
export const safeUrl = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined
  const cut = url.search(/[?#]/)
  return cut === -1 ? url : url.slice(0, cut)
}

/** What the adapter knows about the request an error belongs to. */
export interface RequestFacts {
  readonly method?: string | undefined
  readonly url?: string | undefined
}

/**
 * The one error type `@netsuite-auth/axios` rejects with (besides axios' own `CanceledError` when
 * you cancel). Switch on `code`; `retryable` says whether trying later may help; `hint` says what
 * to check. It never holds a secret: no Authorization header, token, assertion or signature in
 * its message or any property, and no axios config or request object.
 *
 * @example
 * ```ts
 * import type { AxiosInstance } from "axios"
 * import { NetSuiteAxiosError } from "@netsuite-auth/axios"
 * declare const client: AxiosInstance // with installNetSuiteAuth applied
 * try {
 *   await client.get("/services/rest/record/v1/customer/1")
 * } catch (e) {
 *   if (e instanceof NetSuiteAxiosError && e.code === "NETSUITE_AUTH_CONCURRENCY_LIMIT") console.log(e.hint)
 * }
 * ```
 * @category errors
 */
export class NetSuiteAxiosError extends Error {
  override readonly name = "NetSuiteAxiosError"
  readonly isNetSuiteAxiosError = true
  /** Stable `NETSUITE_AUTH_*` code. */
  readonly code: NetSuiteAuthErrorCode
  /** The core error's reason (`TokenRejected`, `ConcurrencyLimit`, `InvalidClient`, ...). */
  readonly reason: string
  readonly retryable: boolean
  /** HTTP status, when NetSuite (or the token endpoint) answered. */
  readonly status: number | undefined
  /** NetSuite's error code from the body (`INVALID_LOGIN`, `SSS_REQUEST_LIMIT_EXCEEDED`, ...). */
  readonly netsuiteCode: string | undefined
  readonly retryAfterSeconds: number | undefined
  /** What to check first. */
  readonly hint: string
  readonly method: string | undefined
  /** The request URL without its query string. */
  readonly url: string | undefined
  /** NetSuite's answer, without credentials, when there was one. */
  response: NetSuiteAxiosErrorResponse | undefined

  constructor(
    error: NetSuiteAuthError,
    facts: RequestFacts = {},
    options: { readonly retryable?: boolean; readonly response?: NetSuiteAxiosErrorResponse } = {}
  ) {
    super(error.message, { cause: error })
    this.code = error.code
    this.reason = error.reason
    this.retryable = options.retryable ?? error.retryable
    this.status = "status" in error ? error.status : undefined
    this.netsuiteCode = error instanceof RequestError ? error.netsuiteCode : undefined
    this.retryAfterSeconds = "retryAfterSeconds" in error ? error.retryAfterSeconds : undefined
    this.hint = hintFor(error.code)
    this.method = facts.method?.toUpperCase()
    this.url = safeUrl(facts.url)
    this.response = options.response
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
}

/** Narrows `unknown` (a caught error) to {@link NetSuiteAxiosError}, across package copies. */
export const isNetSuiteAxiosError = (u: unknown): u is NetSuiteAxiosError =>
  u instanceof NetSuiteAxiosError ||
  (u instanceof Error && (u as { isNetSuiteAxiosError?: unknown }).isNetSuiteAxiosError === true)

/** Core errors the adapter can meet. */
export type AdapterCoreError = ConfigError | KeyError | TokenEndpointError | RequestError
