import { isNetSuiteAuthError, RequestError } from "@netsuite-auth/core"
import {
  classifySoapFault,
  headerValue,
  parseRetryAfter,
  type SoapFaultFacts
} from "@netsuite-auth/core/internal"

const text = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  if (typeof value === "number") return String(value)
  if (typeof value === "object" && value !== null && "$value" in value) return text(value.$value)
  return undefined
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined

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

const facts = (err: Record<string, unknown>, error: unknown): SoapFaultFacts => {
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
    errno: text(err.code),
    message: error instanceof Error ? error.message : undefined,
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
  return classifySoapFault(facts(record(error) ?? {}, error))
}
