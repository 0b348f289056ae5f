import { RequestError } from "../errors.ts"

/**
 * What an adapter knows about a request that got no answer, in its client's words: the error
 * code (`ECONNRESET`, `ERR_NETWORK`, `UND_ERR_SOCKET`, ...) and a short message.
 */
export interface TransportFailure {
  readonly code?: string | undefined
  readonly message?: string | undefined
}

// Timeouts of the client or the socket: NetSuite may have done the work.
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  "ETIMEDOUT",
  "ECONNABORTED",
  "ESOCKETTIMEDOUT",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "TimeoutError"
])
// The connection failed or broke: worth another attempt.
const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "ERR_NETWORK",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "ERR_STREAM_PREMATURE_CLOSE"
])
// The name does not exist: a wrong account ID or base URL, which no retry fixes.
const UNKNOWN_HOST_CODES: ReadonlySet<string> = new Set(["ENOTFOUND"])

const detail = (failure: TransportFailure): string => {
  const message = failure.message?.replace(/\s+/g, " ").slice(0, 120)
  return `${failure.code ?? "error"}${message ? `: ${message}` : ""}`
}

/**
 * The one classification of a request that got no answer, for every adapter: timeouts and
 * connection failures are retryable (`Timeout`, `Transport`), an unknown host is final
 * (`UnknownHost`), anything else is a final `HttpError`.
 *
 * @example
 * ```ts
 * import { classifyTransportFailure } from "@netsuite-auth/core/internal"
 * classifyTransportFailure({ code: "ECONNRESET" }).retryable // true
 * classifyTransportFailure({ code: "ENOTFOUND" }).code // "NETSUITE_AUTH_UNKNOWN_HOST"
 * ```
 * @category http
 */
export const classifyTransportFailure = (failure: TransportFailure): RequestError => {
  const code = failure.code
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new RequestError({
      reason: "Timeout",
      message: `NetSuite did not answer in time (${detail(failure)}): raise the timeout or retry later.`
    })
  }
  if (code !== undefined && UNKNOWN_HOST_CODES.has(code)) {
    return new RequestError({
      reason: "UnknownHost",
      message: `The host does not resolve (${detail(failure)}): check the account ID and the base URL.`
    })
  }
  return new RequestError({
    reason: code !== undefined && NETWORK_CODES.has(code) ? "Transport" : "HttpError",
    message: `The request failed before NetSuite answered (${detail(failure)}): check the network, proxy and base URL.`
  })
}

/** The error for a request whose deadline passed (connect, headers and body together). */
export const deadlineExceeded = (timeoutMillis: number): RequestError =>
  new RequestError({
    reason: "Timeout",
    message: `NetSuite did not answer within ${timeoutMillis} ms (the whole exchange: connect, headers and body): raise the timeout or retry later.`
  })

/** The error for a request its caller canceled. */
export const canceled = (): RequestError =>
  new RequestError({ reason: "Canceled", message: "The request was canceled by its caller." })
