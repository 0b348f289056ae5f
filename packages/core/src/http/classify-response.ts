import { hintFor } from "../error-hints.ts"
import { loginAuditTrailHint, RequestError } from "../errors.ts"
import { sanitizeServerText } from "../m2m/token-response.ts"
import { MAX_CLASSIFIED_BODY_BYTES } from "./body-limits.ts"
import { type HeaderSource, headerValue } from "./header.ts"
import { parseRetryAfter } from "./retry-after.ts"

/** An HTTP answer from NetSuite's REST web services or a RESTlet, as any client sees it. */
export interface RestResponse {
  readonly status: number
  /** Header names in any case, or a header class with `get` (`Headers`, `AxiosHeaders`). */
  readonly headers: HeaderSource
  /** The body as text, or already parsed JSON. */
  readonly body?: unknown
}

// NetSuite's error codes are identifiers (INVALID_LOGIN, SSS_REQUEST_LIMIT_EXCEEDED): anything else is not one.
const isCode = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Za-z0-9_.-]{1,100}$/.test(value)

/** NetSuite's own error code and text from a REST (`o:errorDetails`) or RESTlet (`error`) body. */
export const netSuiteErrorDetail = (body: unknown): { code?: string; detail?: string } => {
  let parsed = body
  // NetSuite's error bodies are small: a larger one is classified by its status alone.
  if (typeof body === "string" && body.length > MAX_CLASSIFIED_BODY_BYTES) return {}
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body)
    } catch {
      return {}
    }
  }
  if (typeof parsed !== "object" || parsed === null) return {}
  const rest = (parsed as { "o:errorDetails"?: Array<{ "o:errorCode"?: unknown; detail?: unknown }> })[
    "o:errorDetails"
  ]?.[0]
  if (rest !== undefined) {
    return {
      ...(isCode(rest["o:errorCode"]) ? { code: rest["o:errorCode"] } : {}),
      ...(typeof rest.detail === "string" ? { detail: sanitizeServerText(rest.detail) } : {})
    }
  }
  const restlet = (parsed as { error?: { code?: unknown; message?: unknown } }).error
  if (typeof restlet === "object" && restlet !== null) {
    return {
      ...(isCode(restlet.code) ? { code: restlet.code } : {}),
      ...(typeof restlet.message === "string" ? { detail: sanitizeServerText(restlet.message) } : {})
    }
  }
  return {}
}

/**
 * Turns a NetSuite REST/RESTlet answer into a {@link RequestError}, or `undefined` when it
 * succeeded. Knows NetSuite's shapes: a bearer `401` with `error="invalid_token"` (refresh the
 * token once), `401 INVALID_LOGIN`, REST `429` and RESTlet `400 SSS_REQUEST_LIMIT_EXCEEDED`
 * (the account's concurrency limit: retryable), and `5xx`.
 *
 * @example
 * ```ts
 * import { classifyRestResponse } from "@netsuite-auth/core"
 * const err = classifyRestResponse({ status: 429, headers: { "retry-after": "2" } }, Date.now())
 * err?.code // "NETSUITE_AUTH_CONCURRENCY_LIMIT"
 * err?.retryable // true
 * ```
 * @category http
 */
export const classifyRestResponse = (response: RestResponse, nowMillis: number): RequestError | undefined => {
  const { status } = response
  if (status < 400) return undefined
  const { code, detail } = netSuiteErrorDetail(response.body)
  const retryAfterSeconds = parseRetryAfter(headerValue(response.headers, "retry-after"), nowMillis)
  // NetSuite's own sentence ends with a period; ours follow it.
  const quoted = detail?.replace(/[.\s]+$/, "")
  const said = `NetSuite answered HTTP ${status}${code ? ` ${code}` : ""}${quoted ? `: ${quoted}` : ""}`
  const base = { status, netsuiteCode: code, retryAfterSeconds }
  const wwwAuthenticate = headerValue(response.headers, "www-authenticate") ?? ""
  if (status === 401 && /error="?invalid_token/i.test(wwwAuthenticate)) {
    return new RequestError({
      ...base,
      reason: "TokenRejected",
      message: `${said}. The access token was rejected (expired, revoked or for another account). Fetch a new token; if a fresh token is rejected too, check the integration record's scopes and the M2M mapping's role. ${loginAuditTrailHint}`
    })
  }
  if (status === 401 || code === "INVALID_LOGIN" || code === "INVALID_LOGIN_ATTEMPT") {
    return new RequestError({
      ...base,
      reason: "InvalidLogin",
      message: `${said}. ${hintFor("NETSUITE_AUTH_INVALID_LOGIN")}`
    })
  }
  if (status === 429 || code === "SSS_REQUEST_LIMIT_EXCEEDED" || code === "CONCURRENCY_LIMIT_EXCEEDED") {
    return new RequestError({
      ...base,
      reason: "ConcurrencyLimit",
      message: `${said}. The account's concurrency limit (one pool across SOAP, REST and RESTlets) is used up: retry later, and size the client-side limiter to the limit in Setup > Integration > Integration Governance.`
    })
  }
  if (status >= 500) {
    return new RequestError({
      ...base,
      reason: "ServerError",
      message: `${said}. NetSuite failed; the request may be retried.`
    })
  }
  return new RequestError({ ...base, reason: "HttpError", message: `${said}.` })
}
