import { hintFor, isNetSuiteAuthError, RequestError } from "@netsuite-auth/core"
import { classifyTransportFailure, headerValue, parseRetryAfter } from "@netsuite-auth/core/internal"

interface FaultFacts {
  readonly status: number | undefined
  readonly faultcode: string | undefined
  readonly faultstring: string | undefined
  readonly faultType: string | undefined
  readonly netsuiteCode: string | undefined
  readonly retryAfterSeconds: number | undefined
}

const text = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  if (typeof value === "number") return String(value)
  if (typeof value === "object" && value !== null && "$value" in value) return text(value.$value)
  return undefined
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined

// Server-sent text only, shortened: the response never contains our passport, but keep errors small.
const short = (value: string, max = 200): string => {
  const oneLine = value.replace(/\s+/g, " ").trim()
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine
}

const localName = (name: string): string => name.slice(name.indexOf(":") + 1)

/** The first `*Fault` element of a parsed `detail` and its `code`, looked up a few levels deep. */
const faultInDetail = (detail: unknown, depth = 0): { type?: string; code?: string } => {
  const node = record(detail)
  if (node === undefined || depth > 3) return {}
  for (const [key, value] of Object.entries(node)) {
    if (/fault$/i.test(localName(key))) {
      const code = text(record(value)?.code)
      return code === undefined ? { type: localName(key) } : { type: localName(key), code }
    }
  }
  for (const value of Object.values(node)) {
    const found = faultInDetail(value, depth + 1)
    if (found.type !== undefined) return found
  }
  return {}
}

const facts = (err: Record<string, unknown>): FaultFacts => {
  const response = record(err.response)
  const status = typeof response?.status === "number" ? response.status : undefined
  const envelope = record(record(err.root)?.Envelope)
  const fault = record(record(envelope?.Body)?.Fault)
  const body =
    typeof err.body === "string" ? err.body : typeof response?.data === "string" ? response.data : ""
  let faultcode = text(fault?.faultcode)
  let faultstring = text(fault?.faultstring)
  let { type: faultType, code: netsuiteCode } = faultInDetail(fault?.detail)
  // Fall back to the raw response text when node-soap could not map the fault to objects.
  if (faultcode === undefined) faultcode = /<(?:[\w.-]+:)?faultcode[^>]*>([^<]{1,200})</.exec(body)?.[1]
  if (faultstring === undefined) faultstring = /<(?:[\w.-]+:)?faultstring[^>]*>([^<]{1,500})</.exec(body)?.[1]
  if (faultType === undefined) faultType = /<(?:[\w.-]+:)?(\w+Fault)[\s>]/.exec(body)?.[1]
  if (netsuiteCode === undefined) netsuiteCode = /<(?:[\w.-]+:)?code>\s*([\w.-]{1,100})\s*</.exec(body)?.[1]
  return {
    status,
    faultcode,
    faultstring,
    faultType,
    netsuiteCode,
    retryAfterSeconds: parseRetryAfter(
      headerValue(response?.headers as Record<string, unknown> | undefined, "retry-after"),
      Date.now()
    )
  }
}

/**
 * Maps what node-soap reports for a failed call (a SOAP fault, an HTTP error, a transport
 * error) to a {@link RequestError} with a stable code. The message names NetSuite's fault and
 * says what to do; it never echoes the request envelope (it holds the passport).
 *
 * - `invalidCredentialsFault` / "Invalid login attempt" → `InvalidLogin` (with a checklist), not retried
 * - `ExceededConcurrentRequestLimitFault` / `WS_REQUEST_BLOCKED`, `ExceededRequestLimitFault` /
 *   `WS_CONCUR_SESSION_DISALLWD` → `ConcurrencyLimit` (retryable)
 * - HTTP 5xx without a fault → `ServerError`; `ECONNRESET` and friends → `Transport`; timeouts → `Timeout`
 * - any other fault → `Fault` with `netsuiteCode` from the detail
 *
 * @example
 * ```ts
 * import { soapFaultToError } from "@netsuite-auth/soap"
 * declare const client: import("soap").Client
 * try {
 *   await client.getServerTimeAsync({})
 * } catch (e) {
 *   const err = soapFaultToError(e)
 *   console.log(err.code, err.retryable) // NETSUITE_AUTH_INVALID_LOGIN false
 * }
 * ```
 * @category errors
 */
export const soapFaultToError = (error: unknown): RequestError => {
  if (error instanceof RequestError) return error
  if (isNetSuiteAuthError(error) && (error as { _tag: string })._tag === "RequestError")
    return error as RequestError
  const err = record(error) ?? {}
  const f = facts(err)
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
  const errno = text(err.code)
  if (errno !== undefined && f.status === undefined) {
    return classifyTransportFailure({
      code: errno,
      message: error instanceof Error ? error.message : undefined
    })
  }
  if (f.status !== undefined && f.status >= 400) {
    return new RequestError({
      reason: "HttpError",
      status: f.status,
      message: `NetSuite answered HTTP ${f.status} without a SOAP fault: check the endpoint URL and WSDL version.`
    })
  }
  const what = error instanceof Error ? short(error.message.split(":")[0] ?? "", 120) : typeof error
  return new RequestError({
    reason: "HttpError",
    status: f.status,
    message: `The SOAP call failed with an unreadable answer (${what}): check that the endpoint is a NetSuite SOAP endpoint for this WSDL version.`
  })
}
