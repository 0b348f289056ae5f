import { hintFor } from "../error-hints.ts"
import type { NetSuiteAuthError, NetSuiteAuthErrorCode } from "../errors.ts"
import { safeHeaders } from "../http/safe-headers.ts"
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
  /** NetSuiteError keeps a copy without credential headers (any header shape: plain, `Headers`, `AxiosHeaders`). */
  readonly response?: (Omit<NetSuiteErrorResponse, "headers"> & { readonly headers: unknown }) | undefined
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
    // What the caller keeps of the answer: no credential headers, no credential the request sent.
    const response = facts.response
    this.response =
      response === undefined
        ? undefined
        : { ...response, headers: safeHeaders(response.headers), data: redactDeep(response.data, sent) }
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
