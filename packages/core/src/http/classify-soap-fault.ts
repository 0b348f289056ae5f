import { hintFor } from "../error-hints.ts"
import { RequestError } from "../errors.ts"
import { classifyTransportFailure } from "../request/transport-failure.ts"

/** What a failed SOAP call reported, as read from the client's error and NetSuite's fault. */
export interface SoapFaultFacts {
  /** HTTP status, when NetSuite answered. */
  readonly status: number | undefined
  readonly faultcode: string | undefined
  readonly faultstring: string | undefined
  /** The `*Fault` element in the fault's detail (`invalidCredentialsFault`, `ExceededConcurrentRequestLimitFault`). */
  readonly faultType: string | undefined
  /** NetSuite's `code` in that element (`WS_REQUEST_BLOCKED`, `USER_ERROR`). */
  readonly netsuiteCode: string | undefined
  readonly retryAfterSeconds: number | undefined
  /** The client's error code when no answer came (`ECONNRESET`, `ETIMEDOUT`). */
  readonly errno: string | undefined
  /** The client's error message, for an answer that could not be read. */
  readonly message: string | undefined
}

// Server-sent text only, shortened: the response never contains our passport, but keep errors small.
const short = (value: string, max = 200): string => {
  const oneLine = value.replace(/\s+/g, " ").trim()
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine
}

/**
 * NetSuite's SOAP answers as coded errors, the rules in one place:
 * - `invalidCredentialsFault` / "Invalid login attempt" → `InvalidLogin` (with the checklist), not retried
 * - `ExceededConcurrentRequestLimitFault` / `WS_REQUEST_BLOCKED`, `ExceededRequestLimitFault` /
 *   `WS_CONCUR_SESSION_DISALLWD` → `ConcurrencyLimit` (retryable)
 * - HTTP 5xx without a fault → `ServerError`; no answer → core's transport classification
 * - any other fault → `Fault` with `netsuiteCode` from the detail
 *
 * @category http
 */
export const classifySoapFault = (f: SoapFaultFacts): RequestError => {
  const type = f.faultType?.toLowerCase()
  const code = f.netsuiteCode?.toUpperCase()
  const base = { status: f.status, netsuiteCode: f.netsuiteCode ?? f.faultType }
  const faultName = f.faultType ?? f.faultcode ?? "SOAP fault"

  if (type === "exceededconcurrentrequestlimitfault" || code === "WS_REQUEST_BLOCKED") {
    return new RequestError({
      reason: "ConcurrencyLimit",
      ...base,
      netsuiteCode: f.netsuiteCode ?? "WS_REQUEST_BLOCKED",
      retryAfterSeconds: f.retryAfterSeconds,
      message:
        `NetSuite refused the call: SuiteTalk concurrent request limit exceeded (${faultName}, ${f.netsuiteCode ?? "WS_REQUEST_BLOCKED"}). ` +
        "It is retried with a new passport; to avoid it, set the NetSuiteAccount concurrency to the limit in Setup > Integration > Integration Governance " +
        "and share that one account object between every client."
    })
  }
  if (type === "exceededrequestlimitfault" || code === "WS_CONCUR_SESSION_DISALLWD") {
    return new RequestError({
      reason: "ConcurrencyLimit",
      ...base,
      netsuiteCode: f.netsuiteCode ?? "WS_CONCUR_SESSION_DISALLWD",
      retryAfterSeconds: f.retryAfterSeconds,
      message:
        `NetSuite refused the call: request limit exceeded (${faultName}, ${f.netsuiteCode ?? "WS_CONCUR_SESSION_DISALLWD"}). ` +
        "It is retried with a new passport; lower the NetSuiteAccount concurrency if it keeps happening."
    })
  }
  // Checked before invalid login: NetSuite sends it inside an invalidCredentialsFault.
  if (/ambiguous authentication/i.test(f.faultstring ?? "")) {
    return new RequestError({
      reason: "AmbiguousAuthentication",
      ...base,
      message:
        `NetSuite answered ambiguous authentication (${short(f.faultstring ?? "")}): the request carried another login next to the tokenPassport ` +
        "(applicationInfo, passport or a JSESSIONID cookie). Remove it."
    })
  }
  if (
    type === "invalidcredentialsfault" ||
    code === "INVALID_LOGIN" ||
    code === "INVALID_LOGIN_ATTEMPT" ||
    code === "INVALID_LOGIN_CREDENTIALS" ||
    /invalid login attempt/i.test(f.faultstring ?? "")
  ) {
    return new RequestError({
      reason: "InvalidLogin",
      ...base,
      message: `NetSuite refused the tokenPassport: Invalid login attempt (${faultName}${f.netsuiteCode ? `, ${f.netsuiteCode}` : ""}). ${hintFor("NETSUITE_AUTH_INVALID_LOGIN")} Under heavy load NetSuite can also answer Invalid login attempt: lower the account concurrency.`
    })
  }
  if (f.faultcode !== undefined || f.faultstring !== undefined || f.faultType !== undefined) {
    return new RequestError({
      reason: "Fault",
      ...base,
      message:
        `NetSuite answered a SOAP fault ${faultName}${f.netsuiteCode ? ` (${f.netsuiteCode})` : ""}` +
        `${f.faultstring ? `: ${short(f.faultstring)}` : ""}. See the code in NetSuite's SOAP fault reference.`
    })
  }
  if (f.status !== undefined && f.status >= 500) {
    return new RequestError({
      reason: "ServerError",
      status: f.status,
      retryAfterSeconds: f.retryAfterSeconds,
      message: `NetSuite answered HTTP ${f.status} without a SOAP fault: a temporary server problem; the call is retried.`
    })
  }
  if (f.status === 429) {
    return new RequestError({
      reason: "RateLimited",
      status: 429,
      retryAfterSeconds: f.retryAfterSeconds,
      message: "NetSuite answered HTTP 429 Too Many Requests: the call is retried after a pause."
    })
  }
  // No answer at all: the one transport classification of core.
  const { errno } = f
  if (errno !== undefined && f.status === undefined) {
    return classifyTransportFailure({ code: errno, message: f.message })
  }
  if (f.status !== undefined && f.status >= 400) {
    return new RequestError({
      reason: "HttpError",
      status: f.status,
      message: `NetSuite answered HTTP ${f.status} without a SOAP fault: check the endpoint URL and WSDL version.`
    })
  }
  const what = f.message === undefined ? "no message" : short(f.message.split(":")[0] ?? "", 120)
  return new RequestError({
    reason: "HttpError",
    status: f.status,
    message: `The SOAP call failed with an unreadable answer (${what}): check that the endpoint is a NetSuite SOAP endpoint for this WSDL version.`
  })
}
